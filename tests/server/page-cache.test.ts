/**
 * The page answer cache (`repos/page-cache.ts`): two app instances share one database, one
 * reads pages and the other writes, as two server processes (or a server and the CLI) would.
 * Every write made through the other instance shows in the reader's very next answer; a
 * cached answer equals a freshly computed one; each person gets their own view. Writes to other
 * pages (and other people's follows) keep the answer cached, and it is served from the cache
 * (a change made behind the versions' back stays unseen until the page's own next write); every
 * kind of write that changes the page for the caller drops it; a page's version moves in the
 * write's own transaction (a write rolled back moves nothing); prefix buckets are cached and
 * dropped one by one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { urlKey } from '../../src/core/url.ts';
import type { PageSummary } from '../../src/core/wire.ts';
import { buildApp } from '../../src/server/app.ts';
import { connect } from '../../src/server/db/index.ts';
import { findItem } from '../../src/server/repos/items.ts';
import { insertLike } from '../../src/server/repos/likes.ts';
import {
  bucketVersion,
  cachedBucketAnswer,
  cachedPageAnswer,
  pageVersion,
  stampOf,
} from '../../src/server/repos/page-cache.ts';
import { pageSummary } from '../../src/server/repos/pages.ts';
import { addUser, authenticate } from '../../src/server/repos/users.ts';
import { call, databases, makeDbUrl, newId, type TestApp } from './helpers.ts';
import { bookmark, comment, follow, like, setVisibility, snippet } from './read-helpers.ts';

const PAGE = 'https://example.org/cached';
const OTHER = 'https://example.org/elsewhere';

async function instance(url: string, dialect: TestApp['dialect']): Promise<TestApp> {
  const db = await connect(url);
  const app = await buildApp({ rateLimit: false, db });
  return {
    app,
    db,
    dialect,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

describe.each(databases())('page answer cache on %s', (dialect) => {
  let reader: TestApp;
  let writer: TestApp;
  let drop: () => Promise<void>;
  let ada: string;
  let bob: string;
  let key: string;

  beforeEach(async () => {
    const made = await makeDbUrl(dialect);
    drop = made.drop;
    reader = await instance(made.url, dialect);
    writer = await instance(made.url, dialect);
    ada = await addUser(writer.db, 'ada', 'Ada');
    bob = await addUser(writer.db, 'bob', 'Bob');
    key = await urlKey(PAGE);
  });

  afterEach(async () => {
    await reader.close();
    await writer.close();
    await drop();
  });

  const page = async (token: string) => {
    const res = await call(reader, 'GET', `/v1/pages/${key}`, { token });
    return { status: res.statusCode, body: res.body, type: res.headers['content-type'] };
  };

  it('answers from the cache what a fresh lookup answers, as JSON', async () => {
    await bookmark(writer, ada, PAGE, { title: 'Cached' });
    const first = await page(bob);
    const second = await page(bob);
    expect(first.status).toBe(200);
    expect(first.type).toMatch(/^application\/json/);
    expect(second).toEqual(first);
    const fresh = await pageSummary(writer.db, 'bob', key);
    expect(JSON.parse(second.body)).toEqual(JSON.parse(JSON.stringify(fresh)));
  });

  it("shows another instance's writes on the very next request", async () => {
    const id = await bookmark(writer, ada, PAGE, { title: 'Cached' });
    expect((await page(bob)).status).toBe(200);
    expect((await page(bob)).status).toBe(200);

    await comment(writer, bob, id, 'nice');
    await like(writer, bob, id);
    let summary = JSON.parse((await page(bob)).body) as PageSummary;
    expect(summary.counts).toMatchObject({ bookmarks: 1, comments: 1, likes: 1 });
    expect(summary.people.find((p) => p.handle === 'ada')?.inNetwork).toBe(false);

    await follow(writer, bob, 'ada');
    summary = JSON.parse((await page(bob)).body) as PageSummary;
    expect(summary.people.find((p) => p.handle === 'ada')?.inNetwork).toBe(true);

    await setVisibility(writer, ada, 'bookmarks', id, { url: PAGE, title: 'Cached' }, 'private');
    expect((await page(bob)).status).toBe(404);
    // The owner still sees their own private bookmark, and never shares a cached view with bob.
    const own = JSON.parse((await page(ada)).body) as PageSummary;
    expect(own.bookmarks.map((b) => b.id)).toEqual([id]);
    expect((await page(bob)).status).toBe(404);

    await setVisibility(writer, ada, 'bookmarks', id, { url: PAGE, title: 'Cached' }, 'public');
    expect((await page(bob)).status).toBe(200);
    const res = await call(writer, 'DELETE', `/v1/bookmarks/${id}`, { token: ada });
    expect(res.statusCode, res.body).toBeLessThan(300);
    expect((await page(bob)).status).toBe(404);
    expect((await page(ada)).status).toBe(404);
  });

  it("moves the page's version in the write's transaction, seen by both instances", async () => {
    const before = await pageVersion(reader.db, key);
    await bookmark(writer, ada, PAGE);
    expect(await pageVersion(reader.db, key)).toBeGreaterThan(before);
    expect(await pageVersion(writer.db, key)).toBe(await pageVersion(reader.db, key));
  });

  it("moves the page's version only with the write: a write rolled back moves nothing", async () => {
    const id = await bookmark(writer, ada, PAGE);
    const target = (await findItem(writer.db.kysely, id))!;
    const like = { owner: 'bob', target_id: id, created_at: new Date().toISOString() };
    const before = await pageVersion(reader.db, key);
    await expect(
      writer.db.kysely.transaction().execute(async (trx) => {
        await insertLike(trx, like, target, undefined);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await pageVersion(reader.db, key)).toBe(before);
    await writer.db.kysely.transaction().execute((trx) => insertLike(trx, like, target, undefined));
    expect(await pageVersion(reader.db, key)).toBeGreaterThan(before);
  });

  /** True when bob's answer for `k` is cached under the versions the database holds now. */
  const cachedForBob = async (k = key) => {
    const view = (await authenticate(reader.db, bob))!.view;
    const stamp = stampOf(await pageVersion(reader.db, k), view);
    return cachedPageAnswer(reader.db, stamp, 'bob', k) !== undefined;
  };
  /** Bob's answer through the reader equals a fresh computation; it is cached afterwards. */
  const freshForBob = async () => {
    const res = await page(bob);
    const fresh = await pageSummary(writer.db, 'bob', key);
    if (fresh === undefined) expect(res.status).toBe(404);
    else expect(JSON.parse(res.body)).toEqual(JSON.parse(JSON.stringify(fresh)));
    expect(await cachedForBob()).toBe(true);
  };

  it('keeps the answer cached through writes to other pages and by other people', async () => {
    const carol = await addUser(writer.db, 'carol', 'Carol');
    const id = await bookmark(writer, ada, PAGE, { title: 'Cached' });
    await freshForBob();
    const elsewhere = await bookmark(writer, carol, OTHER, { title: 'Elsewhere' });
    await comment(writer, ada, elsewhere, 'over there');
    await like(writer, bob, elsewhere);
    await setVisibility(writer, carol, 'bookmarks', elsewhere, { url: OTHER }, 'private');
    expect(
      (await call(writer, 'DELETE', `/v1/bookmarks/${elsewhere}`, { token: carol })).statusCode,
    ).toBe(200);
    // Someone else's follow changes only their own view.
    await follow(writer, ada, 'carol');
    expect(await cachedForBob()).toBe(true);
    // The other page's own answer is cached and invalidated on its own.
    await bookmark(writer, ada, OTHER);
    const otherKey = await urlKey(OTHER);
    await call(reader, 'GET', `/v1/pages/${otherKey}`, { token: bob });
    expect(await cachedForBob(otherKey)).toBe(true);
    await like(writer, carol, id);
    expect(await cachedForBob()).toBe(false);
    expect(await cachedForBob(otherKey)).toBe(true);
  });

  it("serves page B's cached answer after a write to page A, and A's afresh", async () => {
    const carol = await addUser(writer.db, 'carol', 'Carol');
    const a = await bookmark(writer, ada, PAGE, { title: 'A' });
    const b = await bookmark(writer, ada, OTHER, { title: 'B' });
    const otherKey = await urlKey(OTHER);
    const read = async (k: string) => {
      const res = await call(reader, 'GET', `/v1/pages/${k}`, { token: bob });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as PageSummary;
    };
    await read(key);
    await read(otherKey);
    // B's title changed behind the cache's back (no write path: its version stays), so what
    // the reader answers for B tells whether it was served from the cache or computed again.
    await writer.db.kysely
      .updateTable('items')
      .set({ title: 'B, changed behind the versions' })
      .where('id', '=', b)
      .execute();
    // A write to A through the other instance.
    await like(writer, carol, a);
    const pageA = await read(key);
    expect(pageA.counts.likes).toBe(1);
    expect(pageA).toEqual(JSON.parse(JSON.stringify(await pageSummary(writer.db, 'bob', key))));
    // B: the answer cached before A's write, not a computation.
    expect((await read(otherKey)).bookmarks.map((x) => x.title)).toEqual(['B']);
    // A write to B itself moves B's version: the next answer is computed, title and like.
    await like(writer, carol, b);
    const pageB = await read(otherKey);
    expect(pageB.bookmarks.map((x) => x.title)).toEqual(['B, changed behind the versions']);
    expect(pageB.counts.likes).toBe(1);
  });

  it('recomputes after every kind of write that changes the page for the caller', async () => {
    const carol = await addUser(writer.db, 'carol', 'Carol');
    /** Runs `write`, then checks bob's cached answer was dropped and the next one is fresh. */
    const invalidates = async (what: string, write: () => Promise<unknown>) => {
      await freshForBob();
      await write();
      expect(await cachedForBob(), what).toBe(false);
      await freshForBob();
    };
    let id = '';
    await invalidates('a bookmark created', async () => {
      id = await bookmark(writer, ada, PAGE, { title: 'First' });
    });
    await invalidates('an item edited', () =>
      setVisibility(writer, ada, 'bookmarks', id, { url: PAGE, title: 'Edited' }, 'public'),
    );
    let snip = '';
    await invalidates('a snippet created', async () => {
      snip = await snippet(writer, carol, PAGE, 'a quote');
    });
    let note = '';
    await invalidates('a comment created', async () => {
      note = await comment(writer, carol, id, 'first!');
    });
    await invalidates('a comment edited', async () => {
      const res = await call(writer, 'PUT', `/v1/comments/${note}`, {
        token: carol,
        body: { targetId: id, text: 'edited' },
      });
      expect(res.statusCode, res.body).toBe(200);
    });
    await invalidates('an item liked', () => like(writer, carol, id));
    await invalidates('a comment liked', () => like(writer, ada, note));
    await invalidates('a like withdrawn', async () => {
      expect((await call(writer, 'DELETE', `/v1/likes/${note}`, { token: ada })).statusCode).toBe(
        200,
      );
    });
    await invalidates('the caller follows someone', () => follow(writer, bob, 'ada'));
    await invalidates('the caller unfollows someone', async () => {
      expect((await call(writer, 'DELETE', '/v1/follows/ada', { token: bob })).statusCode).toBe(
        200,
      );
    });
    await invalidates('an item made private', () =>
      setVisibility(
        writer,
        carol,
        'snippets',
        snip,
        { url: PAGE, quote: { exact: 'a quote' } },
        'private',
      ),
    );
    await invalidates('an item moved to another page', () =>
      setVisibility(writer, ada, 'bookmarks', id, { url: OTHER, title: 'Moved' }, 'public'),
    );
    await invalidates('an item moved onto the page', () =>
      setVisibility(writer, ada, 'bookmarks', id, { url: PAGE, title: 'Back' }, 'public'),
    );
    await invalidates('a comment deleted', async () => {
      expect(
        (await call(writer, 'DELETE', `/v1/comments/${note}`, { token: carol })).statusCode,
      ).toBe(200);
    });
    await invalidates('an item deleted', async () => {
      expect((await call(writer, 'DELETE', `/v1/bookmarks/${id}`, { token: ada })).statusCode).toBe(
        200,
      );
    });
    await invalidates('an item created through POST /v1/sync', async () => {
      const res = await call(writer, 'POST', '/v1/sync', {
        token: ada,
        body: { mutations: [{ op: 'put', type: 'bookmark', id: newId(), data: { url: PAGE } }] },
      });
      expect(res.statusCode, res.body).toBe(200);
    });
  });

  it('caches each prefix bucket apart: a write elsewhere keeps it, a write in it renews it', async () => {
    const id = await bookmark(writer, ada, PAGE, { title: 'Bucketed' });
    const prefix = key.slice(0, 2);
    const bucket = async () => {
      const res = await call(reader, 'GET', `/v1/pages?prefix=${prefix}`, { token: bob });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: PageSummary[] };
    };
    const stamp = async () =>
      stampOf(await bucketVersion(reader.db, prefix), (await authenticate(reader.db, bob))!.view);
    const cachedBucket = async () =>
      (await cachedBucketAnswer(reader.db, await stamp(), 'bob', prefix, '\n50')) !== undefined;
    expect((await bucket()).items.map((p) => p.title)).toEqual(['Bucketed']);
    expect(await cachedBucket()).toBe(true);
    let outside = 0;
    for (; ; outside++) if (!(await urlKey(`${OTHER}/${outside}`)).startsWith(prefix)) break;
    await bookmark(writer, bob, `${OTHER}/${outside}`);
    expect(await cachedBucket()).toBe(true);
    await setVisibility(writer, ada, 'bookmarks', id, { url: PAGE, title: 'Renamed' }, 'public');
    expect(await cachedBucket()).toBe(false);
    expect((await bucket()).items.map((p) => p.title)).toEqual(['Renamed']);
  });
});
