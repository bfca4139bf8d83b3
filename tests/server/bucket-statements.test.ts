/**
 * The k-anonymous bucket answer (`GET /v1/pages?prefix=`, issue 18) costs one statement on a
 * miss on PostgreSQL, whatever the bucket holds (items, comments, likes, mentions, group items,
 * people), and a page lookup too; on SQLite, in process, the key selection and one statement
 * per table (cheaper there, see repos/page-query.ts). A request reads
 * the token and the bucket's version besides, and a hit nothing more. Statements are counted where they reach the database: better-sqlite3's
 * statement executions, `pg`'s `Client.query`.
 */
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { urlKey } from '../../src/core/url.ts';
import { bucketVersion } from '../../src/server/repos/page-cache.ts';
import { bucketRowsByTable, bucketRowsInOneStatement } from '../../src/server/repos/page-query.ts';
import { pageSummary, pagesByPrefix, summariesFromRows } from '../../src/server/repos/pages.ts';
import { call, databases, newId, useServer } from './helpers.ts';
import { bookmark, comment, follow, like, snippet, status } from './read-helpers.ts';

type Counted = Record<string, (...args: unknown[]) => unknown>;

/** Counts the statements run on either database while `fn` runs. */
async function statementsDuring(fn: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const restore: Array<() => void> = [];
  const wrap = (proto: Counted, name: string) => {
    const original = proto[name]!;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      count++;
      return original.apply(this, args);
    };
    restore.push(() => {
      proto[name] = original;
    });
  };
  // Statements are prepared once and cached (db/statement-cache.ts): count executions.
  const probe = new SqliteDatabase(':memory:');
  const sqliteStatement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Counted;
  probe.close();
  for (const name of ['all', 'get', 'run', 'iterate']) wrap(sqliteStatement, name);
  wrap(pg.Client.prototype as unknown as Counted, 'query');
  try {
    await fn();
  } finally {
    for (const undo of restore) undo();
  }
  return count;
}

/** URLs whose keys share their first hex character, and that character. */
async function samePrefixUrls(count: number): Promise<{ prefix: string; urls: string[] }> {
  const groups = new Map<string, string[]>();
  for (let i = 0; ; i++) {
    const url = `https://example.org/b/${i}`;
    const prefix = (await urlKey(url)).slice(0, 1);
    const group = [...(groups.get(prefix) ?? []), url];
    if (group.length === count) return { prefix, urls: group };
    groups.set(prefix, group);
  }
}

describe.each(databases())('bucket answer statements on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob', 'cy'] });

  /** A bucket with every kind of row: public, private and group items, comments, likes, mentions. */
  async function bucket() {
    const { prefix, urls } = await samePrefixUrls(6);
    const design = newId();
    const made = await call(t, 'PUT', `/v1/groups/${design}`, {
      token: tokens.bob,
      body: { name: 'Design', kind: 'closed' },
    });
    expect(made.statusCode).toBe(201);
    await call(t, 'PUT', `/v1/groups/${design}/members/ada`, {
      token: tokens.bob,
      body: { role: 'member' },
    });
    await follow(t, tokens.ada, 'bob');
    for (const [i, url] of urls.entries()) {
      const b = await bookmark(t, tokens.bob, url, { title: `Page ${i}` });
      await snippet(t, tokens.cy, url, 'a quote', { visibility: i % 2 ? 'private' : 'public' });
      await status(t, tokens.bob, `read this @ada ${i}`, {
        url,
        visibility: 'group',
        groups: [design],
      });
      const c = await comment(t, tokens.cy, b, `agreed @bob ${i}`);
      await like(t, tokens.ada, b);
      await like(t, tokens.bob, c);
    }
    return { prefix, urls };
  }

  /** The answer's statements: one on PostgreSQL; on SQLite the keys and the six tables. */
  const bucketStatements = dialect === 'postgres' ? 1 : 7;

  it('answers a bucket miss, and a page, in one statement on PostgreSQL and by table on SQLite', async () => {
    const { prefix, urls } = await bucket();
    let page: Awaited<ReturnType<typeof pagesByPrefix>> | undefined;
    expect(
      await statementsDuring(async () => {
        page = await pagesByPrefix(t.db, 'ada', prefix, '', 100);
      }),
    ).toBe(bucketStatements);
    expect(page!.items).toHaveLength(urls.length);
    const seen = page!.items.flatMap((s) => [...s.statuses, ...s.bookmarks, ...s.comments]);
    expect(seen.some((i) => 'groups' in i && i.groups?.length === 1)).toBe(true);
    expect(page!.items.every((s) => s.likes.length === 2 && s.comments.length === 1)).toBe(true);
    const key = await urlKey(urls[0]!);
    let one: Awaited<ReturnType<typeof pageSummary>>;
    expect(
      await statementsDuring(async () => {
        one = await pageSummary(t.db, 'ada', key);
      }),
    ).toBe(dialect === 'postgres' ? 1 : 6);
    expect(one!).toEqual(page!.items.find((s) => s.urlKey === key));
    expect(await statementsDuring(() => bucketVersion(t.db, prefix))).toBe(1);
  });

  it('reads the token and the bucket version on a hit, and the answer besides on a miss', async () => {
    const { prefix } = await bucket();
    const ask = () => call(t, 'GET', `/v1/pages?prefix=${prefix}&limit=100`, { token: tokens.ada });
    // Warm: the token's statements prepared and a PostgreSQL connection open.
    await call(t, 'GET', '/v1/pages?prefix=f&limit=1', { token: tokens.cy });
    let first: Awaited<ReturnType<typeof ask>> | undefined;
    const miss = await statementsDuring(async () => {
      first = await ask();
    });
    let second: Awaited<ReturnType<typeof ask>> | undefined;
    const hit = await statementsDuring(async () => {
      second = await ask();
    });
    expect(first!.statusCode).toBe(200);
    expect(second!.body).toBe(first!.body);
    // A hit reads the bearer token (what a request refused after authentication reads) and
    // the bucket's version; a miss the answer too.
    const other = prefix === '0' ? '1' : '0';
    const authOnly = await statementsDuring(async () => {
      const refused = await call(
        t,
        'GET',
        `/v1/pages?prefix=${prefix}&cursor=${other.repeat(64)}`,
        {
          token: tokens.ada,
        },
      );
      expect(refused.statusCode).toBe(400);
    });
    expect(hit).toBe(authOnly + 1);
    expect(miss).toBe(authOnly + 1 + bucketStatements);
  });

  it('answers the same in one statement as by table, for everyone, page by page', async () => {
    const { prefix } = await bucket();
    for (const me of ['ada', 'bob', 'cy', 'nobody']) {
      for (const [after, limit] of [
        ['', 100],
        ['', 2],
      ] as const) {
        const one = await bucketRowsInOneStatement(t.db, me, prefix, after, limit);
        const byTable = await bucketRowsByTable(t.db, me, prefix, after, limit);
        expect(one.hasMore).toBe(byTable.hasMore);
        expect(one.last).toBe(byTable.last);
        expect(summariesFromRows(one.rows, me)).toEqual(summariesFromRows(byTable.rows, me));
      }
      const first = await bucketRowsByTable(t.db, me, prefix, '', 2);
      if (first.last) {
        const next = await bucketRowsInOneStatement(t.db, me, prefix, first.last, 2);
        const nextByTable = await bucketRowsByTable(t.db, me, prefix, first.last, 2);
        expect(summariesFromRows(next.rows, me)).toEqual(summariesFromRows(nextByTable.rows, me));
        expect(next.rows.items.every((i) => i.url_key! > first.last!)).toBe(true);
      }
    }
  });
});
