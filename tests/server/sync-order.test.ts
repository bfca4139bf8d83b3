/**
 * `POST /v1/sync` with outbox `seq`s: a batch that arrives after a newer one from the same
 * outbox (a push held in the network while the next service worker pushed the same entries) is
 * not applied over the newer state, for every kind of object, and is answered with the object as
 * it is now. Newer `seq`s of the same outbox apply; other devices (tokens, outboxes) and
 * mutations without `seq` apply in arrival order as before; a `seq` sent with someone else's
 * token touches nothing of theirs.
 */
import { describe, expect, it } from 'vitest';
import type { Mutation, MutationResult, MutationType } from '../../src/core/wire.ts';
import { createToken } from '../../src/server/repos/users.ts';
import { call, databases, newId, type TestApp, useServer } from './helpers.ts';

async function changeCounter(t: TestApp): Promise<number> {
  const row = await t.db.kysely
    .selectFrom('counters')
    .select('value')
    .where('name', '=', 'changes')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

type ItemKind = 'bookmark' | 'snippet' | 'status' | 'comment';
const PLURAL: Record<ItemKind, string> = {
  bookmark: 'bookmarks',
  snippet: 'snippets',
  status: 'statuses',
  comment: 'comments',
};

/** Item bodies of each kind: its creation (version 0) and later edits (1, 2, …). */
function itemBody(kind: ItemKind, version: number, target: string): Record<string, unknown> {
  const url = `https://example.org/${kind}`;
  if (kind === 'bookmark') {
    return version === 0
      ? { url, title: 'Created' }
      : { url, title: `Edit ${version}`, description: `d${version}`, tags: [`t${version}`] };
  }
  if (kind === 'snippet') return { url, quote: { exact: 'a quote' }, comment: `c${version}` };
  if (kind === 'status') return { text: `status ${version}` };
  return { targetId: target, text: `comment ${version}` };
}

describe.each(databases())('sync order on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob'] });

  const sync = async (token: string, mutations: Mutation[], outbox?: string) => {
    const body = outbox === undefined ? { mutations } : { mutations, outbox };
    const res = await call(t, 'POST', '/v1/sync', { token, body });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().results as MutationResult[];
  };
  const get = (token: string, kind: ItemKind, id: string) =>
    call(t, 'GET', `/v1/${PLURAL[kind]}/${id}`, { token });
  /** A status of ada's for comments to be on. */
  const aTarget = async () => {
    const id = newId();
    await call(t, 'PUT', `/v1/statuses/${id}`, { token: tokens.ada, body: { text: 'target' } });
    return id;
  };
  const put = (type: MutationType, id: string, seq: number, data?: unknown): Mutation =>
    data === undefined ? { type, op: 'put', id, seq } : { type, op: 'put', id, seq, data };
  const del = (type: MutationType, id: string, seq: number): Mutation => ({
    type,
    op: 'delete',
    id,
    seq,
  });

  for (const kind of ['bookmark', 'snippet', 'status', 'comment'] as const) {
    it(`keeps the newer ${kind} when an older batch arrives, answering with it`, async () => {
      const target = await aTarget();
      const id = newId();
      const versions = [0, 1, 2, 3].map((v) => put(kind, id, v + 1, itemBody(kind, v, target)));
      const held = versions.slice(0, 2);
      const newer = await sync(tokens.ada, versions, 'outbox-a');
      expect(newer.map((r) => r.status)).toEqual([201, 200, 200, 200]);
      const latest = (await get(tokens.ada, kind, id)).json();
      expect(latest).toMatchObject(kind === 'bookmark' ? { title: 'Edit 3' } : {});
      const logged = await changeCounter(t);

      const late = await sync(tokens.ada, held, 'outbox-a');
      expect(late.map((r) => r.status)).toEqual([200, 200]);
      for (const r of late) expect(r.body).toEqual(latest);
      expect((await get(tokens.ada, kind, id)).json()).toEqual(latest);
      expect(await changeCounter(t)).toBe(logged);

      // The same outbox's next seq applies.
      const next = await sync(
        tokens.ada,
        [put(kind, id, 5, itemBody(kind, 4, target))],
        'outbox-a',
      );
      expect(next[0]!.status).toBe(200);
      expect(next[0]!.body).toMatchObject(
        kind === 'bookmark' ? { title: 'Edit 4', tags: ['t4'] } : {},
      );
      expect((await get(tokens.ada, kind, id)).json()).toEqual(next[0]!.body);
    });
  }

  it('keeps the edit when the held create arrives after it (the chaos loss)', async () => {
    const id = newId();
    const url = 'https://example.org/chaos';
    const create = put('bookmark', id, 7, { url, title: 'Page' });
    const edit = put('bookmark', id, 8, {
      url,
      title: 'Page, edited',
      description: 'what I learnt',
      tags: ['chaos'],
    });
    await sync(tokens.ada, [create, edit], 'o1');
    const late = await sync(tokens.ada, [create], 'o1');
    expect(late[0]).toMatchObject({
      status: 200,
      body: { title: 'Page, edited', tags: ['chaos'] },
    });
    expect((await get(tokens.ada, 'bookmark', id)).json()).toMatchObject({
      title: 'Page, edited',
      description: 'what I learnt',
      tags: ['chaos'],
    });
  });

  it('does not bring back a deleted item when its create arrives late', async () => {
    const id = newId();
    const url = 'https://example.org/gone';
    await sync(tokens.ada, [put('bookmark', id, 1, { url }), del('bookmark', id, 2)], 'o1');
    const late = await sync(tokens.ada, [put('bookmark', id, 1, { url })], 'o1');
    expect(late[0]!.status).toBe(410);
    expect((await get(tokens.ada, 'bookmark', id)).statusCode).toBe(404);
    // A retried delete (its answer was lost) is answered as done.
    const again = await sync(tokens.ada, [del('bookmark', id, 2)], 'o1');
    expect(again[0]).toMatchObject({ status: 200, body: { id, deleted: true } });
  });

  it('does not apply an old like or unlike over a newer one', async () => {
    const target = await aTarget();
    const likeRow = () =>
      t.db.kysely
        .selectFrom('likes')
        .selectAll()
        .where('owner', '=', 'bob')
        .where('target_id', '=', target)
        .executeTakeFirst();
    await sync(tokens.bob, [put('like', target, 1), del('like', target, 2)], 'b1');
    const lateLike = await sync(tokens.bob, [put('like', target, 1)], 'b1');
    expect(lateLike[0]).toMatchObject({ status: 200, body: { id: target, deleted: true } });
    expect(await likeRow()).toBeUndefined();

    await sync(tokens.bob, [put('like', target, 3)], 'b1');
    const lateUnlike = await sync(tokens.bob, [del('like', target, 2)], 'b1');
    expect(lateUnlike[0]).toMatchObject({
      status: 200,
      body: { type: 'like', owner: 'bob', targetId: target },
    });
    expect(await likeRow()).toBeDefined();
  });

  it('does not apply an old follow or unfollow over a newer one', async () => {
    const following = async () =>
      (await call(t, 'GET', '/v1/follows', { token: tokens.ada })).json().following as Array<{
        handle: string;
      }>;
    await sync(tokens.ada, [put('follow', 'bob', 1), del('follow', 'bob', 2)], 'a1');
    const lateFollow = await sync(tokens.ada, [put('follow', 'bob', 1)], 'a1');
    expect(lateFollow[0]).toMatchObject({ status: 200, body: { id: 'bob', deleted: true } });
    expect(await following()).toEqual([]);

    await sync(tokens.ada, [put('follow', 'bob', 3)], 'a1');
    const lateUnfollow = await sync(tokens.ada, [del('follow', 'bob', 2)], 'a1');
    expect(lateUnfollow[0]).toMatchObject({
      status: 200,
      body: { type: 'follow', follower: 'ada', followee: 'bob' },
    });
    expect((await following()).map((p) => p.handle)).toEqual(['bob']);
  });

  it('applies another device whatever its seq: another token, or another outbox', async () => {
    const laptop = (await createToken(t.db, 'ada'))!;
    const id = newId();
    const url = 'https://example.org/two-devices';
    await sync(tokens.ada, [put('bookmark', id, 40, { url, title: 'phone 40' })], 'phone');
    const fromLaptop = await sync(
      laptop,
      [put('bookmark', id, 2, { url, title: 'laptop 2' })],
      'phone',
    );
    expect(fromLaptop[0]).toMatchObject({ status: 200, body: { title: 'laptop 2' } });
    // The same token pasted into a second browser: another outbox, its own counter.
    const second = await sync(
      tokens.ada,
      [put('bookmark', id, 1, { url, title: 'browser 2' })],
      'other',
    );
    expect(second[0]).toMatchObject({ status: 200, body: { title: 'browser 2' } });
    // The first outbox of the first token still refuses its own older seqs.
    const old = await sync(
      tokens.ada,
      [put('bookmark', id, 39, { url, title: 'phone 39' })],
      'phone',
    );
    expect(old[0]).toMatchObject({ status: 200, body: { title: 'browser 2' } });
    expect((await get(tokens.ada, 'bookmark', id)).json()).toMatchObject({ title: 'browser 2' });
  });

  it('answers a retried batch (same seqs) as things are, after another device wrote', async () => {
    const laptop = (await createToken(t.db, 'ada'))!;
    const id = newId();
    const url = 'https://example.org/retry';
    const batch = [put('bookmark', id, 1, { url, title: 'first' })];
    await sync(tokens.ada, batch, 'o');
    await sync(laptop, [put('bookmark', id, 1, { url, title: 'laptop' })], 'l');
    const logged = await changeCounter(t);
    const retried = await sync(tokens.ada, batch, 'o');
    expect(retried[0]).toMatchObject({ status: 200, body: { title: 'laptop' } });
    expect(await changeCounter(t)).toBe(logged);
  });

  it('applies mutations without seq in arrival order, as before, and records nothing', async () => {
    const id = newId();
    const url = 'https://example.org/no-seq';
    await sync(tokens.ada, [put('bookmark', id, 5, { url, title: 'seq 5' })], 'o');
    const plain = await sync(tokens.ada, [
      { type: 'bookmark', op: 'put', id, data: { url, title: 'no seq' } },
    ]);
    expect(plain[0]).toMatchObject({ status: 200, body: { title: 'no seq' } });
    // No outbox id: seqs count per token.
    await sync(tokens.ada, [put('bookmark', id, 3, { url, title: 'token 3' })]);
    const older = await sync(tokens.ada, [put('bookmark', id, 2, { url, title: 'token 2' })]);
    expect(older[0]).toMatchObject({ status: 200, body: { title: 'token 3' } });
    const rows = await t.db.kysely.selectFrom('sync_order').select(['outbox', 'seq']).execute();
    expect(rows.sort((a, b) => a.seq - b.seq)).toEqual([
      { outbox: '', seq: 3 },
      { outbox: 'o', seq: 5 },
    ]);
  });

  it("cannot use a seq sent with another person's token on someone else's object", async () => {
    const id = newId();
    const url = 'https://example.org/private';
    await sync(
      tokens.ada,
      [put('bookmark', id, 1, { url, title: 'mine', visibility: 'private' })],
      'o',
    );
    for (const seq of [1_000_000, 1]) {
      const forged = await sync(
        tokens.bob,
        [put('bookmark', id, seq, { url, title: 'taken' }), del('bookmark', id, seq)],
        'o',
      );
      // Refused as without seq (404: bob cannot see it), never answered with ada's content.
      expect(forged.map((r) => r.status)).toEqual([403, 404]);
      expect(JSON.stringify(forged)).not.toContain('mine');
    }
    const bobsRows = await t.db.kysely
      .selectFrom('sync_order')
      .innerJoin('tokens', 'tokens.id', 'sync_order.token_id')
      .where('tokens.handle', '=', 'bob')
      .selectAll('sync_order')
      .execute();
    expect(bobsRows).toEqual([]);
    const next = await sync(
      tokens.ada,
      [put('bookmark', id, 2, { url, title: 'still mine' })],
      'o',
    );
    expect(next[0]).toMatchObject({ status: 200, body: { title: 'still mine' } });
  });

  it('records nothing for a refused mutation, so its retry with the same seq applies', async () => {
    const id = newId();
    const bad = await sync(tokens.ada, [put('status', id, 1, { text: 'x'.repeat(100_000) })], 'o');
    expect(bad[0]!.status).toBe(400);
    const good = await sync(tokens.ada, [put('status', id, 1, { text: 'fits' })], 'o');
    expect(good[0]).toMatchObject({ status: 201, body: { text: 'fits' } });
  });

  it('keeps the newest state when an older and a newer batch arrive at once', async () => {
    for (let round = 0; round < 5; round++) {
      const id = newId();
      const url = `https://example.org/race-${round}`;
      const all = [1, 2, 3, 4, 5, 6].map((v) =>
        put('bookmark', id, v, { url, title: `v${v}`, tags: [`t${v}`] }),
      );
      await Promise.all([sync(tokens.ada, all.slice(0, 3), 'o'), sync(tokens.ada, all, 'o')]);
      expect((await get(tokens.ada, 'bookmark', id)).json()).toMatchObject({
        title: 'v6',
        tags: ['t6'],
      });
    }
  });

  it('refuses a malformed seq or outbox id with 400', async () => {
    const m = (seq: unknown) => ({
      type: 'status',
      op: 'put',
      id: newId(),
      data: { text: 'x' },
      seq,
    });
    for (const body of [
      { mutations: [m(0)] },
      { mutations: [m(-1)] },
      { mutations: [m(1.5)] },
      { mutations: [m(2 ** 31)] },
      { mutations: [m('1')] },
      { mutations: [m(1)], outbox: '' },
      { mutations: [m(1)], outbox: 'x'.repeat(65) },
      { mutations: [m(1)], outbox: 'no spaces' },
      { mutations: [m(1)], outbox: 7 },
    ]) {
      const res = await call(t, 'POST', '/v1/sync', { token: tokens.ada, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('invalid');
    }
  });
});
