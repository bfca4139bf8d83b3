/**
 * `GET /v1/feed`: the network's activity newest first, never another person's private item,
 * comments with their item, likes, and cursor pagination that neither skips nor repeats while
 * others write, on every database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Activity } from '../../src/core/wire-read.ts';
import { addUser, call, databases, makeApp, type TestApp } from './helpers.ts';
import { bookmark, collectPages, comment, follow, like, status } from './read-helpers.ts';

describe.each(databases())('feed on %s', (dialect) => {
  let t: TestApp;
  let ada: string;
  let bob: string;
  let carol: string;
  beforeEach(async () => {
    t = await makeApp(dialect);
    ada = await addUser(t, 'ada');
    bob = await addUser(t, 'bob');
    carol = await addUser(t, 'carol');
    await follow(t, ada, 'bob');
  });
  afterEach(async () => {
    await t.close();
  });

  const feed = async (token: string) => {
    const res = await call(t, 'GET', '/v1/feed', { token });
    expect(res.statusCode).toBe(200);
    return res.json() as { items: Activity[]; cursor: string; hasMore: boolean };
  };

  it('shows the caller’s and followed people’s activity, newest first, nothing private of others', async () => {
    // A pause between writes gives each a distinct time, so the order is by time alone.
    const tick = () => new Promise((resolve) => setTimeout(resolve, 3));
    const bobPublic = await bookmark(t, bob, 'https://example.org/1', { title: 'one' });
    await tick();
    const bobPrivate = await bookmark(t, bob, 'https://example.org/2', { visibility: 'private' });
    const carolPublic = await bookmark(t, carol, 'https://example.org/3');
    const adaPrivate = await status(t, ada, 'my own note', { visibility: 'private' });
    await tick();
    const bobComment = await comment(t, bob, carolPublic, 'nice');
    await tick();
    await like(t, bob, carolPublic);
    await like(t, carol, bobPublic);

    const page = await feed(ada);
    expect(page.hasMore).toBe(false);
    expect(page.items.map((a) => [a.kind, a.actor, a.item.id])).toEqual([
      ['like', 'bob', carolPublic],
      ['comment', 'bob', bobComment],
      ['status', 'ada', adaPrivate],
      ['bookmark', 'bob', bobPublic],
    ]);
    expect(page.items[1]!.target?.id).toBe(carolPublic);
    expect(page.items[0]!.key).toBe(`like:bob/${carolPublic}`);
    const at = page.items.map((a) => a.at);
    expect([...at].sort().reverse()).toEqual(at);
    expect(JSON.stringify(page)).not.toContain(bobPrivate);

    const bobFeed = await feed(bob);
    expect(bobFeed.items.map((a) => a.item.id)).toContain(bobPrivate);
    expect(JSON.stringify(bobFeed)).not.toContain(adaPrivate);
  });

  it('drops items that turn private or are deleted, and comments on them', async () => {
    const id = await bookmark(t, bob, 'https://example.org/x', { title: 'x' });
    await comment(t, bob, id, 'first');
    expect((await feed(ada)).items).toHaveLength(2);
    const res = await call(t, 'PUT', `/v1/bookmarks/${id}`, {
      token: bob,
      body: { url: 'https://example.org/x', title: 'x', visibility: 'private' },
    });
    expect(res.statusCode).toBe(200);
    expect((await feed(ada)).items).toEqual([]);
    expect((await feed(bob)).items).toHaveLength(2);
    await call(t, 'DELETE', `/v1/bookmarks/${id}`, { token: bob });
    expect((await feed(bob)).items).toEqual([]);
  });

  it('paginates completely, in order, while others keep writing', async () => {
    const expected: string[] = [];
    for (let i = 0; i < 12; i++) {
      expected.push(await bookmark(t, bob, `https://example.org/b${i}`));
      expected.push(await status(t, ada, `note ${i}`));
    }
    const seen: Activity[] = [];
    let cursor = '';
    for (;;) {
      const res = await call(
        t,
        'GET',
        `/v1/feed?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: ada },
      );
      const page = res.json() as { items: Activity[]; cursor: string; hasMore: boolean };
      seen.push(...page.items);
      // Writes between pages are newer than every cursor: they never appear later in this walk.
      await bookmark(t, bob, `https://example.org/later-${seen.length}`);
      if (!page.hasMore) break;
      cursor = page.cursor;
    }
    // Newest first by (at, key): creation order, ties broken by key.
    const ordered = [...seen].sort((a, b) =>
      a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.key < b.key ? 1 : -1,
    );
    expect(seen).toEqual(ordered);
    expect(seen.map((a) => a.item.id).sort()).toEqual([...expected].sort());
    expect(new Set(seen.map((a) => a.key)).size).toBe(seen.length);
    const again = await collectPages<Activity>(t, ada, '/v1/feed', 7);
    expect(again).toHaveLength(expected.length + Math.ceil(expected.length / 5));
  });

  it('refuses bad cursors and limits, and callers without a token', async () => {
    for (const query of ['cursor=%%%', 'cursor=bm90LWEtY3Vyc29y', 'limit=0', 'limit=101', 'x=1']) {
      const res = await call(t, 'GET', `/v1/feed?${query}`, { token: ada });
      expect(res.statusCode, query).toBe(400);
    }
    expect((await call(t, 'GET', '/v1/feed')).statusCode).toBe(401);
    expect((await call(t, 'GET', '/v1/feed', { token: 'x'.repeat(43) })).statusCode).toBe(401);
  });
});
