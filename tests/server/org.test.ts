/**
 * `GET /v1/org` and the `range` mode's buckets, on every database: the counts (public pages and
 * items, people), k from the app's setting, the prefix length computed from the real page keys
 * and reused only within its documented bounds (five minutes, a 10 % move of the page count, the
 * same k), and, for random page sets, that every bucket of that length holds ≥ k public pages and that a
 * bucket's answer filtered to one page equals the exact lookup of that page.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { bucketPrefixLength } from '../../src/core/bucket-prefix.ts';
import { urlKey } from '../../src/core/url.ts';
import type { PageSummary } from '../../src/core/wire.ts';
import {
  COUNTS_MAX_AGE_MS,
  forgetOrgSize,
  LENGTH_MAX_AGE_MS,
  orgSize,
} from '../../src/server/repos/org.ts';
import { addUser, call, databases, makeApp, type TestApp } from './helpers.ts';
import { bookmark, collectPages, comment, snippet } from './read-helpers.ts';

/** The first hex character with the fewest of `keys`. */
function smallestBucket(keys: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key[0]!, (counts.get(key[0]!) ?? 0) + 1);
  return [...counts].sort((a, b) => a[1] - b[1])[0]![0];
}

describe.each(databases())('GET /v1/org on %s', (dialect) => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  it('needs a token', async () => {
    t = await makeApp(dialect);
    expect((await call(t, 'GET', '/v1/org')).statusCode).toBe(401);
  });

  it('counts public pages and items and people, with k = 50 by default', async () => {
    t = await makeApp(dialect);
    const ada = await addUser(t, 'ada');
    const bob = await addUser(t, 'bob');
    const empty = await call(t, 'GET', '/v1/org', { token: ada });
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({
      pages: 0,
      items: 0,
      people: 2,
      bucketMinPages: 50,
      prefixLength: 0,
    });
    forgetOrgSize(t.db);
    const a = await bookmark(t, ada, 'https://example.org/a');
    await snippet(t, bob, 'https://example.org/a', 'quoted');
    await bookmark(t, bob, 'https://example.org/b');
    await bookmark(t, bob, 'https://example.org/secret', { visibility: 'private' });
    const gone = await bookmark(t, ada, 'https://example.org/gone');
    expect((await call(t, 'DELETE', `/v1/bookmarks/${gone}`, { token: ada })).statusCode).toBe(200);
    await comment(t, bob, a, 'nice');
    const res = await call(t, 'GET', '/v1/org', { token: bob });
    // Pages a and b (not the private one, not the deleted one); items: 3 public + 1 comment.
    expect(res.json()).toEqual({
      pages: 2,
      items: 4,
      people: 2,
      bucketMinPages: 50,
      prefixLength: 0,
    });
  });

  it('names the public URL when the server has one, so the extension can build permalinks', async () => {
    t = await makeApp(dialect, { publicUrl: 'https://outloud.example.org/' });
    const ada = await addUser(t, 'ada');
    const res = await call(t, 'GET', '/v1/org', { token: ada });
    expect(res.statusCode).toBe(200);
    expect(res.json().publicUrl).toBe('https://outloud.example.org');
  });

  it('answers from its cache for a minute, then counts again', async () => {
    t = await makeApp(dialect);
    const ada = await addUser(t, 'ada');
    expect((await call(t, 'GET', '/v1/org', { token: ada })).json().pages).toBe(0);
    await bookmark(t, ada, 'https://example.org/a');
    expect((await call(t, 'GET', '/v1/org', { token: ada })).json().pages).toBe(0);
    forgetOrgSize(t.db);
    expect((await call(t, 'GET', '/v1/org', { token: ada })).json().pages).toBe(1);
  });

  it('chooses the prefix length from the page keys and accepts the empty prefix', async () => {
    t = await makeApp(dialect, { bucketMinPages: 3 });
    const ada = await addUser(t, 'ada');
    const urls = Array.from({ length: 100 }, (_, i) => `https://example.org/page/${i}`);
    for (const url of urls) await bookmark(t, ada, url);
    const keys = (await Promise.all(urls.map((u) => urlKey(u)))).sort();
    const org = (await call(t, 'GET', '/v1/org', { token: ada })).json();
    expect(org.bucketMinPages).toBe(3);
    expect(org.prefixLength).toBe(bucketPrefixLength(keys, 3));
    expect(org.prefixLength).toBeGreaterThan(0);
    const all = await collectPages<PageSummary>(t, ada, '/v1/pages?prefix=', 7);
    expect(all.map((p) => p.urlKey)).toEqual(keys);
  });

  it('reuses the prefix length within its bounds and computes it again past them', async () => {
    t = await makeApp(dialect);
    const ada = await addUser(t, 'ada');
    // 100 fixed pages: with k = 2 the length is 1 (16 buckets, the smallest holding 3).
    const pages = new Map<string, string>();
    for (let i = 0; i < 100; i++) {
      const url = `https://example.org/drift/${i}`;
      pages.set(await urlKey(url), await bookmark(t, ada, url));
    }
    const keys = () => [...pages.keys()].sort();
    const t0 = Date.now();
    forgetOrgSize(t.db);
    expect(await orgSize(t.db, 2, t0)).toMatchObject({ pages: 100, prefixLength: 1 });
    expect(bucketPrefixLength(keys(), 2)).toBe(1);

    // All but one page of the smallest bucket deleted: the right length is 0 now.
    const lonely = smallestBucket(keys());
    for (const key of keys()
      .filter((k) => k[0] === lonely)
      .slice(1)) {
      const res = await call(t, 'DELETE', `/v1/bookmarks/${pages.get(key)}`, { token: ada });
      expect(res.statusCode).toBe(200);
      pages.delete(key);
    }
    expect(bucketPrefixLength(keys(), 2)).toBe(0);
    // A 2 % drop, counted again after a minute: the length is reused, as documented...
    const counted = await orgSize(t.db, 2, t0 + COUNTS_MAX_AGE_MS);
    expect(counted).toMatchObject({ pages: 98, prefixLength: 1 });
    // ...for at most LENGTH_MAX_AGE_MS, then computed again.
    const t1 = t0 + LENGTH_MAX_AGE_MS;
    expect(await orgSize(t.db, 2, t1)).toMatchObject({ pages: 98, prefixLength: 0 });

    // 11 new pages (more than 10 % of 98), one of them in the lonely bucket, so the length is 1
    // again: counted a minute later, well before five minutes, it is computed again.
    let joined = 0;
    let others = 0;
    for (let i = 0; joined < 1 || others < 10; i++) {
      const url = `https://example.org/drift/more/${i}`;
      const key = await urlKey(url);
      const joins = key[0] === lonely;
      if (joins ? joined < 1 : others < 10) {
        pages.set(key, await bookmark(t, ada, url));
        if (joins) joined++;
        else others++;
      }
    }
    expect(bucketPrefixLength(keys(), 2)).toBe(1);
    const t2 = t1 + COUNTS_MAX_AGE_MS;
    expect(await orgSize(t.db, 2, t2)).toMatchObject({ pages: 109, prefixLength: 1 });

    // Another k is computed at once.
    expect((await orgSize(t.db, 3, t2)).prefixLength).toBe(bucketPrefixLength(keys(), 3));
  });

  it('keeps ≥ k pages in every bucket and answers each page as the exact lookup does', async () => {
    t = await makeApp(dialect);
    const people = ['ada', 'bob', 'carol'];
    const tokens = await Promise.all(people.map((p) => addUser(t, p)));
    let next = 0;
    const seen = new Set<string>();
    const publicKeys = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            owner: fc.integer({ min: 0, max: 2 }),
            private: fc.boolean(),
            again: fc.boolean(),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 2 }),
        async (writes, k, viewer) => {
          for (const w of writes) {
            // Sometimes a page already written, so pages gather several people's items.
            const url =
              w.again && seen.size > 0
                ? [...seen][next % seen.size]!
                : `https://example.org/org/${next}`;
            next++;
            seen.add(url);
            // A snippet: one person may quote a page more than once (a bookmark would clash).
            await snippet(t, tokens[w.owner]!, url, `quote ${next}`, {
              visibility: w.private ? 'private' : 'public',
            });
            if (!w.private) publicKeys.add(await urlKey(url));
          }
          t.app.bucketMinPages = k;
          forgetOrgSize(t.db);
          const org = (await call(t, 'GET', '/v1/org', { token: tokens[viewer]! })).json();
          expect(org.pages).toBe(publicKeys.size);
          const length: number = org.prefixLength;
          const buckets = new Map<string, number>();
          for (const key of publicKeys) {
            const prefix = key.slice(0, length);
            buckets.set(prefix, (buckets.get(prefix) ?? 0) + 1);
          }
          if (length > 0) for (const n of buckets.values()) expect(n).toBeGreaterThanOrEqual(k);
          const answers = new Map<string, PageSummary[]>();
          for (const url of seen) {
            const key = await urlKey(url);
            const prefix = key.slice(0, length);
            if (!answers.has(prefix)) {
              const path = `/v1/pages?prefix=${prefix}`;
              answers.set(prefix, await collectPages(t, tokens[viewer]!, path, 4));
            }
            const fromBucket = answers.get(prefix)!.filter((p) => p.urlKey === key);
            const exact = await call(t, 'GET', `/v1/pages/${key}`, { token: tokens[viewer]! });
            if (exact.statusCode === 404) expect(fromBucket).toEqual([]);
            else expect(fromBucket).toEqual([exact.json()]);
          }
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});
