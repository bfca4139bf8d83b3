/**
 * `GET /v1/changes`: what each person receives (own private items, others' public ones,
 * people, follows, comments and likes on visible items), tombstones on delete and on
 * public→private, paging, and cursor completeness while others write concurrently.
 */
import { describe, expect, it } from 'vitest';
import type { Change, ChangesPage } from '../../src/core/wire.ts';
import { addUser, call, databases, newId, type TestApp, useServer } from './helpers.ts';

async function pull(t: TestApp, token: string, cursor = '', limit = 500): Promise<ChangesPage> {
  const res = await call(t, 'GET', `/v1/changes?cursor=${cursor}&limit=${limit}`, { token });
  expect(res.statusCode).toBe(200);
  return res.json() as ChangesPage;
}

/** Pulls until `hasMore` is false; returns every change and the last cursor. */
async function pullAll(t: TestApp, token: string, cursor = '', limit = 500) {
  const changes: Change[] = [];
  for (;;) {
    const page = await pull(t, token, cursor, limit);
    changes.push(...page.items);
    cursor = page.cursor;
    if (!page.hasMore) return { changes, cursor };
  }
}

const keyed = (changes: Change[], type: string) =>
  new Map(changes.filter((c) => c.type === type).map((c) => [c.key, c]));

describe.each(databases())('changes on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob'], poolSize: 8 });

  it("gives each person their own items, others' public ones, people and follows", async () => {
    const pub = newId();
    const priv = newId();
    await call(t, 'PUT', `/v1/bookmarks/${pub}`, {
      token: tokens.ada,
      body: { url: 'https://a.example/' },
    });
    await call(t, 'PUT', `/v1/bookmarks/${priv}`, {
      token: tokens.ada,
      body: { url: 'https://b.example/', visibility: 'private' },
    });
    await call(t, 'PUT', '/v1/follows/ada', { token: tokens.bob });
    const forBob = (await pullAll(t, tokens.bob)).changes;
    expect([...keyed(forBob, 'person').keys()].sort()).toEqual(['ada', 'bob']);
    expect([...keyed(forBob, 'bookmark').keys()]).toEqual([pub]);
    expect(keyed(forBob, 'follow').get('bob/ada')?.value).toMatchObject({ follower: 'bob' });
    const forAda = (await pullAll(t, tokens.ada)).changes;
    expect([...keyed(forAda, 'bookmark').keys()].sort()).toEqual([pub, priv].sort());
    expect(JSON.stringify(forBob)).not.toContain('b.example');
  });

  it('sends tombstones when an item is deleted or becomes private, with its comments and likes', async () => {
    const status = newId();
    const comment = newId();
    const gone = newId();
    await call(t, 'PUT', `/v1/statuses/${status}`, { token: tokens.ada, body: { text: 'hello' } });
    await call(t, 'PUT', `/v1/bookmarks/${gone}`, {
      token: tokens.ada,
      body: { url: 'https://c.example/' },
    });
    await call(t, 'PUT', `/v1/comments/${comment}`, {
      token: tokens.bob,
      body: { targetId: status, text: 'hi' },
    });
    await call(t, 'PUT', `/v1/likes/${status}`, { token: tokens.bob });
    const first = await pullAll(t, tokens.bob);
    expect(keyed(first.changes, 'comment').get(comment)?.deleted).toBe(false);
    expect(keyed(first.changes, 'like').get(`bob/${status}`)?.deleted).toBe(false);

    await call(t, 'PUT', `/v1/statuses/${status}`, {
      token: tokens.ada,
      body: { text: 'hello', visibility: 'private' },
    });
    await call(t, 'DELETE', `/v1/bookmarks/${gone}`, { token: tokens.ada });
    const second = await pullAll(t, tokens.bob, first.cursor);
    expect(keyed(second.changes, 'status').get(status)).toEqual({
      type: 'status',
      key: status,
      deleted: true,
    });
    expect(keyed(second.changes, 'bookmark').get(gone)?.deleted).toBe(true);
    expect(keyed(second.changes, 'comment').get(comment)?.deleted).toBe(true);
    expect(keyed(second.changes, 'like').get(`bob/${status}`)?.deleted).toBe(true);
    // The owner still sees the private status, with bob's comment on it.
    const forAda = (await pullAll(t, tokens.ada)).changes;
    expect(keyed(forAda, 'status').get(status)?.deleted).toBe(false);
    expect(keyed(forAda, 'comment').get(comment)?.deleted).toBe(false);
  });

  it('never tells others about an item that was always private', async () => {
    const priv = newId();
    const body = { url: 'https://secret.example/', visibility: 'private' };
    await call(t, 'PUT', `/v1/bookmarks/${priv}`, { token: tokens.ada, body });
    await call(t, 'DELETE', `/v1/bookmarks/${priv}`, { token: tokens.ada });
    const forBob = (await pullAll(t, tokens.bob)).changes;
    expect(forBob.some((c) => c.key === priv)).toBe(false);
  });

  it('pages with limit and an opaque cursor, and refuses a malformed cursor', async () => {
    for (let i = 0; i < 5; i++) {
      await call(t, 'PUT', `/v1/statuses/${newId()}`, {
        token: tokens.ada,
        body: { text: `s${i}` },
      });
    }
    const page = await pull(t, tokens.bob, '', 3);
    expect(page.items).toHaveLength(3);
    expect(page.hasMore).toBe(true);
    const rest = await pullAll(t, tokens.bob, page.cursor, 3);
    expect(page.items.length + rest.changes.length).toBe(7); // 2 people + 5 statuses
    const again = await pull(t, tokens.bob, rest.cursor);
    expect(again).toEqual({ items: [], cursor: rest.cursor, hasMore: false });
    const bad = await call(t, 'GET', '/v1/changes?cursor=nonsense', { token: tokens.bob });
    expect(bad.statusCode).toBe(400);
  });

  it('never skips a change while others write concurrently (cursor completeness)', async () => {
    const writers = await Promise.all(['w1', 'w2', 'w3', 'w4'].map((h) => addUser(t, h)));
    const created = new Set<string>();
    let writing = true;
    const write = async (token: string) => {
      for (let i = 0; i < 30; i++) {
        const id = newId();
        const res = await call(t, 'PUT', `/v1/bookmarks/${id}`, {
          token,
          body: { url: `https://example.org/${id}` },
        });
        expect(res.statusCode, res.body).toBe(201);
        created.add(id);
      }
    };
    const seen = new Set<string>();
    const read = async () => {
      let cursor = '';
      let lastPass = false;
      for (;;) {
        const done = !writing;
        const page = await pull(t, tokens.bob, cursor, 7);
        for (const c of page.items) if (c.type === 'bookmark') seen.add(c.key);
        cursor = page.cursor;
        if (!page.hasMore && lastPass) return;
        if (!page.hasMore && done) lastPass = true;
        // Let the event loop run (a real client polls over the network, never in a hot loop).
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const reader = read();
    try {
      await Promise.all(writers.map(write));
    } finally {
      writing = false;
    }
    await reader;
    expect(created.size).toBe(120);
    expect([...created].filter((id) => !seen.has(id))).toEqual([]);
  });
});
