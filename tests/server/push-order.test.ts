/**
 * The extension's push (`src/background/push.ts`) against the real server, on each database:
 * the chaos e2e loss replayed step by step. A push leaves while its service worker is stopped
 * (the request is held in the network; the worker never sees an answer), the next worker pushes
 * the same outbox with later edits and empties it, then the held request reaches the server.
 * The server keeps the edits, because each pushed mutation carries its outbox `seq` and the
 * outbox's id.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { pushOutbox } from '../../src/background/push.ts';
import type { Mutation } from '../../src/core/wire.ts';
import { Api, type Fetch } from '../../src/platform/api.ts';
import { clearAll, type OutloudDb, openDb, transaction } from '../../src/platform/db.ts';
import { enqueue } from '../../src/platform/outbox.ts';
import { call, databases, newId, type TestApp, useServer } from './helpers.ts';

type Sent = { mutations: Mutation[]; outbox?: string };

let dbCount = 0;

/** The extension's database in a fresh fake IndexedDB. */
function clientDb(): Promise<OutloudDb> {
  return openDb(`push-order-${++dbCount}`, { indexedDB: new IDBFactory(), IDBKeyRange });
}

/** `fetch` into the app (no network), recording each `/v1/sync` body it carries. */
function appFetch(t: TestApp, sent: Sent[]): Fetch {
  return async (input, init = {}) => {
    const url = new URL(input);
    const body = typeof init.body === 'string' ? init.body : undefined;
    if (url.pathname === '/v1/sync' && body) sent.push(JSON.parse(body) as Sent);
    const res = await t.app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      ...(body === undefined ? {} : { payload: body }),
    });
    return new Response(res.body === '' ? null : res.body, {
      status: res.statusCode,
      headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') },
    });
  };
}

describe.each(databases())('push order on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ann'] });

  const api = (fetch: Fetch) =>
    new Api({ serverUrl: 'http://outloud.test', token: tokens.ann, fetch });
  const queue = (db: OutloudDb, mutations: Mutation[]) =>
    transaction(db, ['outbox'], async () => {
      for (const m of mutations) await enqueue(db, m, 'ann', new Date().toISOString());
    });

  it('keeps the edits when a push held in the network arrives after the next one', async () => {
    const db = await clientDb();
    const id = newId();
    const url = 'https://example.org/held';
    await queue(db, [
      { type: 'bookmark', op: 'put', id, data: { url, title: 'Held' } },
      { type: 'bookmark', op: 'put', id, data: { url, title: 'Held, edited' } },
    ]);
    // The first worker's push is held on its way; the worker is stopped and never hears back.
    const held: Sent[] = [];
    const stalled: Fetch = async (_input, init = {}) => {
      held.push(JSON.parse(String(init.body)) as Sent);
      throw new TypeError('the service worker was stopped');
    };
    await expect(pushOutbox(db, api(stalled))).rejects.toMatchObject({ code: 'network' });
    expect(held).toHaveLength(1);

    // The person goes on editing; the next worker pushes the whole outbox.
    await queue(db, [
      {
        type: 'bookmark',
        op: 'put',
        id,
        data: { url, title: 'Final', description: 'the last word', tags: ['kept'] },
      },
    ]);
    const sent: Sent[] = [];
    expect(await pushOutbox(db, api(appFetch(t, sent)))).toMatchObject({ sent: 3, done: 3 });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.items.get(id)).toMatchObject({ title: 'Final', tags: ['kept'] });

    // What went out: each mutation with its outbox seq, both pushes naming the same outbox.
    const seqs = sent[0]!.mutations.map((m) => m.seq);
    expect(seqs).toEqual([1, 2, 3]);
    expect(held[0]!.mutations.map((m) => m.seq)).toEqual([1, 2]);
    expect(sent[0]!.outbox).toMatch(/^[0-9a-f-]{36}$/);
    expect(held[0]!.outbox).toBe(sent[0]!.outbox);

    // Now the held request reaches the server.
    const late = await call(t, 'POST', '/v1/sync', { token: tokens.ann, body: held[0] });
    expect(late.json().results.map((r: { status: number }) => r.status)).toEqual([200, 200]);
    const onServer = await call(t, 'GET', `/v1/bookmarks/${id}`, { token: tokens.ann });
    expect(onServer.json()).toMatchObject({
      title: 'Final',
      description: 'the last word',
      tags: ['kept'],
    });
  });

  it('names a new outbox after the local data is cleared', async () => {
    const db = await clientDb();
    const sent: Sent[] = [];
    const push = async (title: string) => {
      await queue(db, [{ type: 'status', op: 'put', id: newId(), data: { text: title } }]);
      await pushOutbox(db, api(appFetch(t, sent)));
    };
    await push('one');
    await push('two');
    expect(sent[1]!.outbox).toBe(sent[0]!.outbox);
    await clearAll(db);
    await push('three');
    expect(sent[2]!.outbox).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[2]!.outbox).not.toBe(sent[0]!.outbox);
    // Seqs never go back within a database (IndexedDB's key generator survives a clear).
    expect(sent.map((s) => s.mutations[0]!.seq)).toEqual([1, 2, 3]);
  });
});
