/**
 * `GET /v1/trending`: pages ranked by weighted public engagement in the window, tags of public
 * bookmarks, contributors; private items never count, not even the caller's own; old
 * engagement falls out of the window.
 */
import { describe, expect, it } from 'vitest';
import { urlKey } from '../../src/core/url.ts';
import type { Trending } from '../../src/core/wire-read.ts';
import { cachedTrending, TRENDING_TTL_MS } from '../../src/server/repos/trending.ts';
import { call, databases, newId, useServer } from './helpers.ts';
import { bookmark, comment, like, snippet, status } from './read-helpers.ts';

describe.each(databases())('trending on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob', 'carol'] });

  const trending = async (token: string, query = '') => {
    const res = await call(t, 'GET', `/v1/trending${query}`, { token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Trending;
  };

  it('ranks pages by weighted public engagement, with tags and contributors', async () => {
    const hot = 'https://example.org/hot';
    const warm = 'https://example.org/warm';
    const a = await bookmark(t, tokens.ada, hot, { title: 'Hot page', tags: ['design', 'api'] });
    await bookmark(t, tokens.bob, hot, { tags: ['design'] });
    await snippet(t, tokens.carol, hot, 'a quote');
    await comment(t, tokens.bob, a, 'yes');
    await like(t, tokens.carol, a);
    await bookmark(t, tokens.carol, warm, { title: 'Warm page', tags: ['api'] });
    await status(t, tokens.bob, 'reading', { url: warm });

    const result = await trending(tokens.ada);
    expect(result.days).toBe(7);
    expect(result.pages.map((p) => p.urlKey)).toEqual([await urlKey(hot), await urlKey(warm)]);
    expect(result.pages[0]).toMatchObject({
      url: hot,
      title: 'Hot page',
      score: 3 + 3 + 3 + 2 + 1,
      people: 3,
      counts: { bookmarks: 2, snippets: 1, statuses: 0, comments: 1, likes: 1 },
    });
    expect(result.pages[1]).toMatchObject({ title: 'Warm page', score: 3 + 2, people: 2 });
    expect(result.tags).toEqual([
      { tag: 'api', count: 2 },
      { tag: 'design', count: 2 },
    ]);
    expect(result.people.map((p) => [p.handle, p.score])).toEqual([
      ['bob', 3 + 2 + 2],
      ['carol', 3 + 3],
      ['ada', 3 + 1],
    ]);
    expect(result.people[0]!.name).toBe('Bob');
    const { since: _, ...sameForEveryone } = result;
    expect(await trending(tokens.bob)).toMatchObject(sameForEveryone);
  });

  it('never counts private items, comments or likes on them — not even for their owner', async () => {
    const url = 'https://example.org/secret';
    const id = await bookmark(t, tokens.ada, url, {
      title: 'Secret',
      tags: ['hidden'],
      visibility: 'private',
    });
    await comment(t, tokens.ada, id, 'private remark');
    await like(t, tokens.ada, id);
    await status(t, tokens.bob, 'shh', { url: 'https://example.org/other', visibility: 'private' });
    for (const token of [tokens.ada, tokens.bob]) {
      const result = await trending(token);
      expect(result).toMatchObject({ pages: [], tags: [], people: [] });
    }
  });

  it('never counts group items, open or closed, or what is added under them (issue 15)', async () => {
    const closed = newId();
    const open = newId();
    for (const [id, kind] of [
      [closed, 'closed'],
      [open, 'open'],
    ] as const) {
      const res = await call(t, 'PUT', `/v1/groups/${id}`, {
        token: tokens.ada,
        body: { name: `Group ${kind}`, kind },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    for (const group of [closed, open]) {
      const joined = await call(t, 'PUT', `/v1/groups/${group}/members/bob`, {
        token: tokens.ada,
        body: { role: 'member' },
      });
      expect(joined.statusCode, joined.body).toBe(201);
    }
    const shared = 'https://example.org/shared';
    // One public bookmark on the page: the only thing that may count.
    await bookmark(t, tokens.carol, shared, { title: 'Shared page', tags: ['public-tag'] });
    // Ada shares with the closed group, Bo with the open one (one bookmark of a page each).
    for (const [group, token] of [
      [closed, tokens.ada],
      [open, tokens.bob],
    ] as const) {
      const id = await bookmark(t, token, shared, {
        tags: ['group-tag'],
        visibility: 'group',
        groups: [group],
      });
      await comment(t, tokens.ada, id, 'in the group');
      await like(t, token === tokens.ada ? tokens.bob : tokens.ada, id);
      await snippet(t, token, shared, 'group quote', { visibility: 'group', groups: [group] });
      await status(t, token, 'group news', {
        url: 'https://example.org/group-only',
        visibility: 'group',
        groups: [group],
      });
    }
    // The same answer for the owner, a member of the closed group and someone in neither.
    for (const token of [tokens.ada, tokens.bob, tokens.carol]) {
      const result = await trending(token);
      expect(result.pages.map((p) => p.url)).toEqual([shared]);
      expect(result.pages[0]).toMatchObject({
        score: 3,
        people: 1,
        counts: { bookmarks: 1, snippets: 0, statuses: 0, comments: 0, likes: 0 },
      });
      expect(result.tags).toEqual([{ tag: 'public-tag', count: 1 }]);
      expect(result.people.map((p) => p.handle)).toEqual(['carol']);
    }
  });

  it('leaves out engagement older than the window', async () => {
    await bookmark(t, tokens.ada, 'https://example.org/old', { tags: ['old'] });
    const longAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
    await t.db.kysely.updateTable('items').set({ created_at: longAgo }).execute();
    await bookmark(t, tokens.bob, 'https://example.org/new', { tags: ['new'] });
    const week = await trending(tokens.ada, '?days=7');
    expect(week.pages.map((p) => p.url)).toEqual(['https://example.org/new']);
    expect(week.tags.map((x) => x.tag)).toEqual(['new']);
    const month = await trending(tokens.ada, '?days=30');
    expect(month.pages).toHaveLength(2);
    expect(month.days).toBe(30);
  });

  it('reuses a computation until something is written or a minute passes', async () => {
    const id = await bookmark(t, tokens.ada, 'https://example.org/first', { title: 'First' });
    const start = Date.now();
    const first = await cachedTrending(t.db, 7, start);
    expect(await cachedTrending(t.db, 7, start + 1_000)).toBe(first);
    expect(await cachedTrending(t.db, 7, start + TRENDING_TTL_MS + 1)).not.toBe(first);
    const again = await cachedTrending(t.db, 7, start + 2_000);
    // A write (here: the only bookmark turning private) is seen by the very next request.
    const res = await call(t, 'PUT', `/v1/bookmarks/${id}`, {
      token: tokens.ada,
      body: { url: 'https://example.org/first', title: 'First', visibility: 'private' },
    });
    expect(res.statusCode).toBe(200);
    const after = await cachedTrending(t.db, 7, start + 3_000);
    expect(after).not.toBe(again);
    expect(after.pages).toEqual([]);
    expect(first.pages).toHaveLength(1);
  });

  it('refuses windows outside 1–90 days and callers without a token', async () => {
    for (const query of ['?days=0', '?days=91', '?days=x', '?other=1']) {
      const res = await call(t, 'GET', `/v1/trending${query}`, { token: tokens.ada });
      expect(res.statusCode, query).toBe(400);
    }
    expect((await call(t, 'GET', '/v1/trending')).statusCode).toBe(401);
  });
});
