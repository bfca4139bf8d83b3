/**
 * The page answer cache (`repos/page-cache.ts`): two app instances share one database, one
 * reads pages and the other writes, as two server processes (or a server and the CLI) would.
 * Every write made through the other instance shows in the reader's very next answer; a
 * cached answer equals a freshly computed one; each person gets their own view.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { urlKey } from '../../src/core/url.ts';
import type { PageSummary } from '../../src/core/wire.ts';
import { buildApp } from '../../src/server/app.ts';
import { connect } from '../../src/server/db/index.ts';
import { changeCounter } from '../../src/server/repos/page-cache.ts';
import { pageSummary } from '../../src/server/repos/pages.ts';
import { addUser } from '../../src/server/repos/users.ts';
import { call, databases, makeDbUrl, type TestApp } from './helpers.ts';
import { bookmark, comment, follow, like, setVisibility } from './read-helpers.ts';

const PAGE = 'https://example.org/cached';

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

  it('keys the cache on the change counter both instances see', async () => {
    const before = await changeCounter(reader.db);
    await bookmark(writer, ada, PAGE);
    expect(await changeCounter(reader.db)).toBeGreaterThan(before);
    expect(await changeCounter(writer.db)).toBe(await changeCounter(reader.db));
  });
});
