/**
 * `GET /v1/pages/{urlKey}` and `GET /v1/pages?prefix=`: what each person sees of a page (never
 * another person's private items, nor comments and likes on them), network-first people,
 * counts, deletes, and the k-anonymous prefix lookup with its pagination, on every database.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { urlKey } from '../../src/core/url.ts';
import type { PageSummary } from '../../src/core/wire.ts';
import { call, databases, useServer } from './helpers.ts';
import { bookmark, collectPages, comment, follow, like, snippet, status } from './read-helpers.ts';

const PAGE = 'https://example.org/article';

/** URLs whose keys share one 4-hex prefix (found by hashing candidates), and that prefix. */
async function samePrefixUrls(count: number): Promise<{ prefix: string; urls: string[] }> {
  const groups = new Map<string, string[]>();
  for (let i = 0; ; i++) {
    const url = `https://example.org/p/${i}`;
    const prefix = (await urlKey(url)).slice(0, 4);
    const group = [...(groups.get(prefix) ?? []), url];
    if (group.length === count) return { prefix, urls: group };
    groups.set(prefix, group);
  }
}

describe.each(databases())('pages on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob', 'carol', 'dave'] });
  let key: string;
  const get = (token: string, k = key) => call(t, 'GET', `/v1/pages/${k}`, { token });

  beforeEach(async () => {
    key = await urlKey(PAGE);
  });

  /** The scenario most tests read: everyone engages with PAGE, some of it privately. */
  async function scenario() {
    await follow(t, tokens.ada, 'bob');
    const ids = {
      bobBookmark: await bookmark(t, tokens.bob, PAGE, { title: 'Article', tags: ['x'] }),
      carolBookmark: await bookmark(t, tokens.carol, `${PAGE}?utm_source=mail`),
      carolSecret: await snippet(t, tokens.carol, PAGE, 'secret quote', { visibility: 'private' }),
      adaStatus: await status(t, tokens.ada, 'reading this', { url: PAGE, visibility: 'private' }),
      daveBookmark: await bookmark(t, tokens.dave, PAGE, { visibility: 'private' }),
      carolComment: '',
      adaComment: '',
      daveComment: '',
    };
    ids.carolComment = await comment(t, tokens.carol, ids.bobBookmark, 'good one @ada');
    ids.adaComment = await comment(t, tokens.ada, ids.carolBookmark, 'thanks');
    ids.daveComment = await comment(t, tokens.dave, ids.daveBookmark, 'note to self');
    await like(t, tokens.dave, ids.bobBookmark);
    await like(t, tokens.ada, ids.carolComment);
    await like(t, tokens.carol, ids.carolSecret);
    await like(t, tokens.dave, ids.daveComment);
    return ids;
  }

  it('shows the caller what they may see, people network first, with counts', async () => {
    const ids = await scenario();
    const res = await get(tokens.ada);
    expect(res.statusCode).toBe(200);
    const page = res.json() as PageSummary;
    expect(page).toMatchObject({ urlKey: key, url: PAGE });
    expect(page.bookmarks.map((b) => b.id).sort()).toEqual(
      [ids.bobBookmark, ids.carolBookmark].sort(),
    );
    expect(page.snippets).toEqual([]);
    expect(page.statuses.map((s) => s.id)).toEqual([ids.adaStatus]);
    expect(page.comments.map((c) => c.id).sort()).toEqual(
      [ids.carolComment, ids.adaComment].sort(),
    );
    expect(page.comments.find((c) => c.id === ids.carolComment)?.mentions).toEqual(['ada']);
    expect(page.likes.map((l) => `${l.owner}/${l.targetId}`).sort()).toEqual(
      [`ada/${ids.carolComment}`, `dave/${ids.bobBookmark}`].sort(),
    );
    expect(page.counts).toEqual({ bookmarks: 2, snippets: 0, comments: 2, likes: 2 });
    expect(page.people).toEqual([
      { handle: 'ada', name: 'Ada', inNetwork: true, kinds: ['status', 'comment', 'like'] },
      { handle: 'bob', name: 'Bob', inNetwork: true, kinds: ['bookmark'] },
      { handle: 'carol', name: 'Carol', inNetwork: false, kinds: ['bookmark', 'comment'] },
      { handle: 'dave', name: 'Dave', inNetwork: false, kinds: ['like'] },
    ]);
    const text = res.body;
    for (const hidden of [ids.carolSecret, ids.daveBookmark, ids.daveComment, 'secret quote']) {
      expect(text).not.toContain(hidden);
    }
  });

  it('shows each owner their own private items and nobody else', async () => {
    const ids = await scenario();
    const carolView = (await get(tokens.carol)).json() as PageSummary;
    expect(carolView.snippets.map((s) => s.id)).toEqual([ids.carolSecret]);
    expect(carolView.likes.map((l) => l.targetId)).toContain(ids.carolSecret);
    expect(carolView.statuses).toEqual([]);
    expect(carolView.counts.snippets).toBe(1);
    const daveView = (await get(tokens.dave)).json() as PageSummary;
    expect(daveView.bookmarks.map((b) => b.id)).toContain(ids.daveBookmark);
    expect(daveView.comments.map((c) => c.id)).toContain(ids.daveComment);
    expect(JSON.stringify(daveView)).not.toContain(ids.carolSecret);
    expect(JSON.stringify(daveView)).not.toContain(ids.adaStatus);
  });

  it('answers 404 when nothing of the page is visible, 400 for a bad key, 401 without a token', async () => {
    await bookmark(t, tokens.dave, PAGE, { visibility: 'private' });
    expect((await get(tokens.ada)).statusCode).toBe(404);
    expect((await get(tokens.dave)).statusCode).toBe(200);
    expect((await get(tokens.ada, 'f'.repeat(64))).statusCode).toBe(404);
    expect((await get(tokens.ada, key.toUpperCase())).statusCode).toBe(400);
    expect((await get(tokens.ada, key.slice(1))).statusCode).toBe(400);
    const anonymous = await call(t, 'GET', `/v1/pages/${key}`);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('unauthorized');
  });

  it('forgets deleted items, their comments and their likes', async () => {
    const ids = await scenario();
    const res = await call(t, 'DELETE', `/v1/bookmarks/${ids.bobBookmark}`, { token: tokens.bob });
    expect(res.statusCode).toBe(200);
    const page = (await get(tokens.ada)).json() as PageSummary;
    expect(page.bookmarks.map((b) => b.id)).toEqual([ids.carolBookmark]);
    expect(page.comments.map((c) => c.id)).toEqual([ids.adaComment]);
    expect(page.likes).toEqual([]);
    expect(page.people.map((p) => p.handle)).toEqual(['ada', 'carol']);
  });

  it('hides a page again when its only public item turns private', async () => {
    const id = await bookmark(t, tokens.bob, PAGE, { title: 'T' });
    expect((await get(tokens.ada)).statusCode).toBe(200);
    const res = await call(t, 'PUT', `/v1/bookmarks/${id}`, {
      token: tokens.bob,
      body: { url: PAGE, title: 'T', visibility: 'private' },
    });
    expect(res.statusCode).toBe(200);
    expect((await get(tokens.ada)).statusCode).toBe(404);
  });

  describe('by prefix', () => {
    it('answers the summaries of visible pages under the prefix, the same as one by one', async () => {
      const { prefix, urls } = await samePrefixUrls(3);
      await follow(t, tokens.ada, 'bob');
      await bookmark(t, tokens.bob, urls[0]!, { title: 'zero' });
      await snippet(t, tokens.carol, urls[1]!, 'one');
      await bookmark(t, tokens.carol, urls[2]!, { visibility: 'private' });
      await bookmark(t, tokens.bob, PAGE);
      const res = await call(t, 'GET', `/v1/pages?prefix=${prefix}`, { token: tokens.ada });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: PageSummary[]; hasMore: boolean };
      const keys = await Promise.all([urls[0]!, urls[1]!].map((u) => urlKey(u)));
      expect(body.items.map((p) => p.urlKey)).toEqual([...keys].sort());
      expect(body.hasMore).toBe(false);
      for (const summary of body.items) {
        expect((await get(tokens.ada, summary.urlKey)).json()).toEqual(summary);
      }
      const carolView = await call(t, 'GET', `/v1/pages?prefix=${prefix}`, { token: tokens.carol });
      expect(carolView.json().items).toHaveLength(3);
    });

    it('paginates completely with the cursor, and narrows with a longer prefix', async () => {
      const { prefix, urls } = await samePrefixUrls(4);
      for (const url of urls) await bookmark(t, tokens.bob, url);
      const all = await collectPages<PageSummary>(t, tokens.ada, `/v1/pages?prefix=${prefix}`, 1);
      const keys = (await Promise.all(urls.map((u) => urlKey(u)))).sort();
      expect(all.map((p) => p.urlKey)).toEqual(keys);
      const longer = keys[2]!.slice(0, 16);
      const narrow = await call(t, 'GET', `/v1/pages?prefix=${longer}`, { token: tokens.ada });
      expect(narrow.json().items.map((p: PageSummary) => p.urlKey)).toEqual([keys[2]]);
    });

    it('refuses prefixes that are too long or not hex, and foreign cursors', async () => {
      for (const bad of ['a'.repeat(17), 'ABCD', 'ghij', 'abc-']) {
        const res = await call(t, 'GET', `/v1/pages?prefix=${bad}`, { token: tokens.ada });
        expect(res.statusCode, bad).toBe(400);
        expect(res.json().error.code).toBe('invalid');
      }
      const foreign = await call(t, 'GET', `/v1/pages?prefix=abcd&cursor=${'e'.repeat(64)}`, {
        token: tokens.ada,
      });
      expect(foreign.statusCode).toBe(400);
      expect((await call(t, 'GET', '/v1/pages?prefix=abcd')).statusCode).toBe(401);
    });
  });
});
