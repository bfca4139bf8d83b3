/**
 * `POST /v1/sync`: each mutation answered exactly as its single route answers, each on its own
 * (a failing one undoes nothing else), and a replayed batch changes nothing and logs nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../src/core/wire.ts';
import { call, databases, newId, type TestApp, useServer } from './helpers.ts';

async function changeCounter(t: TestApp): Promise<number> {
  const row = await t.db.kysely
    .selectFrom('counters')
    .select('value')
    .where('name', '=', 'changes')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

describe.each(databases())('sync on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob'] });

  const sync = async (token: string, mutations: Mutation[]) => {
    const res = await call(t, 'POST', '/v1/sync', { token, body: { mutations } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().results as MutationResult[];
  };

  it('answers every mutation as its single route, and a replay changes nothing', async () => {
    const status = newId();
    const bookmark = newId();
    const mutations: Mutation[] = [
      {
        id: bookmark,
        op: 'put',
        type: 'bookmark',
        data: { url: 'https://example.org/a', tags: ['t'] },
      },
      { id: status, op: 'put', type: 'status', data: { text: 'hello @bob' } },
      { id: newId(), op: 'put', type: 'comment', data: { targetId: status, text: 'self reply' } },
      { id: status, op: 'put', type: 'like' },
      { id: 'bob', op: 'put', type: 'follow' },
      {
        id: newId(),
        op: 'put',
        type: 'snippet',
        data: { url: 'https://example.org/a', quote: { exact: 'q' } },
      },
    ];
    const first = await sync(tokens.ada, mutations);
    expect(first.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(first[1]).toMatchObject({ id: status, type: 'status', op: 'put' });
    // The same bodies as the single routes give.
    const single = await call(t, 'GET', `/v1/statuses/${status}`, { token: tokens.ada });
    expect(first[1]!.body).toEqual(single.json());
    const seq = await changeCounter(t);
    const replay = await sync(tokens.ada, mutations);
    expect(replay.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(replay.map((r) => r.body)).toEqual(first.map((r) => r.body));
    expect(await changeCounter(t)).toBe(seq);
    // Deletes, replayed, stay 200.
    const deletes: Mutation[] = [
      { id: bookmark, op: 'delete', type: 'bookmark' },
      { id: status, op: 'delete', type: 'like' },
      { id: 'bob', op: 'delete', type: 'follow' },
    ];
    expect((await sync(tokens.ada, deletes)).map((r) => r.status)).toEqual([200, 200, 200]);
    const afterDeletes = await changeCounter(t);
    expect((await sync(tokens.ada, deletes)).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await changeCounter(t)).toBe(afterDeletes);
  });

  it('keeps going past failures, each answered as the route would', async () => {
    const theirs = newId();
    await call(t, 'PUT', `/v1/statuses/${theirs}`, {
      token: tokens.bob,
      body: { text: 'bob says' },
    });
    const good = newId();
    const results = await sync(tokens.ada, [
      { id: newId(), op: 'put', type: 'bookmark', data: { url: 'ftp://nope' } },
      { id: theirs, op: 'put', type: 'status', data: { text: 'taken' } },
      { id: 'not-a-uuid', op: 'put', type: 'status', data: { text: 'x' } },
      { id: newId(), op: 'put', type: 'status', data: { text: '', extra: 1 } },
      { id: newId(), op: 'delete', type: 'snippet' },
      { id: good, op: 'put', type: 'status', data: { text: 'fine' } },
      { id: 'nobody', op: 'put', type: 'follow' },
    ]);
    expect(results.map((r) => r.status)).toEqual([400, 403, 400, 400, 404, 201, 404]);
    expect((results[0]!.body as { error: { message: string } }).error.message).toMatch(
      /^body\/url/,
    );
    expect((results[2]!.body as { error: { message: string } }).error.message).toMatch(
      /^params\/id/,
    );
    expect((await call(t, 'GET', `/v1/statuses/${good}`, { token: tokens.ada })).statusCode).toBe(
      200,
    );
    const single = await call(t, 'PUT', `/v1/statuses/${theirs}`, {
      token: tokens.ada,
      body: { text: 'taken' },
    });
    expect(results[1]!.body).toEqual(single.json());
  });

  it('answers the duplicate bookmark with 409 and the existing id, in a batch too', async () => {
    const first = newId();
    const results = await sync(tokens.ada, [
      { id: first, op: 'put', type: 'bookmark', data: { url: 'https://example.org/dup' } },
      { id: newId(), op: 'put', type: 'bookmark', data: { url: 'https://example.org/dup#x' } },
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 409]);
    expect(results[1]!.body).toMatchObject({ error: { code: 'duplicate', existingId: first } });
  });

  it('refuses a malformed batch as a whole with 400', async () => {
    for (const body of [
      {},
      { mutations: [] },
      { mutations: [{ id: 'x', op: 'zap', type: 'bookmark' }] },
    ]) {
      const res = await call(t, 'POST', '/v1/sync', { token: tokens.ada, body });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid');
    }
  });
});
