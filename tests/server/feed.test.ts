/**
 * `GET /v1/feed`: the network's activity newest first, never another person's private item,
 * comments with their item, likes, and cursor pagination that neither skips nor repeats while
 * others write, on every database.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Activity } from '../../src/core/wire-read.ts';
import { call, databases, useServer } from './helpers.ts';
import { bookmark, collectPages, comment, follow, like, status } from './read-helpers.ts';

describe.each(databases())('feed on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob', 'carol'] });
  beforeEach(async () => {
    await follow(t, tokens.ada, 'bob');
  });

  const feed = async (token: string) => {
    const res = await call(t, 'GET', '/v1/feed', { token });
    expect(res.statusCode).toBe(200);
    return res.json() as { items: Activity[]; cursor: string; hasMore: boolean };
  };

  it('shows the caller’s and followed people’s activity, newest first, nothing private of others', async () => {
    // A pause between writes gives each a distinct time, so the order is by time alone.
    const tick = () => new Promise((resolve) => setTimeout(resolve, 3));
    const bobPublic = await bookmark(t, tokens.bob, 'https://example.org/1', { title: 'one' });
    await tick();
    const bobPrivate = await bookmark(t, tokens.bob, 'https://example.org/2', {
      visibility: 'private',
    });
    const carolPublic = await bookmark(t, tokens.carol, 'https://example.org/3');
    const adaPrivate = await status(t, tokens.ada, 'my own note', { visibility: 'private' });
    await tick();
    const bobComment = await comment(t, tokens.bob, carolPublic, 'nice');
    await tick();
    await like(t, tokens.bob, carolPublic);
    await like(t, tokens.carol, bobPublic);

    const page = await feed(tokens.ada);
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

    const bobFeed = await feed(tokens.bob);
    expect(bobFeed.items.map((a) => a.item.id)).toContain(bobPrivate);
    expect(JSON.stringify(bobFeed)).not.toContain(adaPrivate);
  });

  it('drops items that turn private or are deleted, and comments on them', async () => {
    const id = await bookmark(t, tokens.bob, 'https://example.org/x', { title: 'x' });
    await comment(t, tokens.bob, id, 'first');
    expect((await feed(tokens.ada)).items).toHaveLength(2);
    const res = await call(t, 'PUT', `/v1/bookmarks/${id}`, {
      token: tokens.bob,
      body: { url: 'https://example.org/x', title: 'x', visibility: 'private' },
    });
    expect(res.statusCode).toBe(200);
    expect((await feed(tokens.ada)).items).toEqual([]);
    expect((await feed(tokens.bob)).items).toHaveLength(2);
    await call(t, 'DELETE', `/v1/bookmarks/${id}`, { token: tokens.bob });
    expect((await feed(tokens.bob)).items).toEqual([]);
  });

  it('paginates completely, in order, while others keep writing', async () => {
    const expected: string[] = [];
    for (let i = 0; i < 12; i++) {
      expected.push(await bookmark(t, tokens.bob, `https://example.org/b${i}`));
      expected.push(await status(t, tokens.ada, `note ${i}`));
    }
    const seen: Activity[] = [];
    let cursor = '';
    for (;;) {
      const res = await call(
        t,
        'GET',
        `/v1/feed?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: tokens.ada },
      );
      const page = res.json() as { items: Activity[]; cursor: string; hasMore: boolean };
      seen.push(...page.items);
      // Writes between pages are newer than every cursor: they never appear later in this walk.
      await bookmark(t, tokens.bob, `https://example.org/later-${seen.length}`);
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
    const again = await collectPages<Activity>(t, tokens.ada, '/v1/feed', 7);
    expect(again).toHaveLength(expected.length + Math.ceil(expected.length / 5));
  });

  it('refuses bad cursors and limits, and callers without a token', async () => {
    for (const query of ['cursor=%%%', 'cursor=bm90LWEtY3Vyc29y', 'limit=0', 'limit=101', 'x=1']) {
      const res = await call(t, 'GET', `/v1/feed?${query}`, { token: tokens.ada });
      expect(res.statusCode, query).toBe(400);
    }
    expect((await call(t, 'GET', '/v1/feed')).statusCode).toBe(401);
    expect((await call(t, 'GET', '/v1/feed', { token: 'x'.repeat(43) })).statusCode).toBe(401);
  });
});
