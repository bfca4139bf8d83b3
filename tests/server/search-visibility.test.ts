/**
 * Search cost follows what the caller may see, checked without a clock: another person's
 * private items that match the words are never walked by the caller's index lookups. SQLite:
 * the rows each FTS5 lookup of the search statement can reach stay the same when thousands of
 * invisible matches are added, and the statement reaches `items` only by primary key from the
 * hits. PostgreSQL: EXPLAIN (ANALYZE) of the search query reads the same number of rows either
 * way.
 */
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { connect } from '../../src/server/db/index.ts';
import { ownerToken } from '../../src/server/db/private-tokens.ts';
import type { Database } from '../../src/server/db/schema.ts';
import {
  postgresSearchQuery,
  sqliteMatches,
  sqliteSearchSql,
} from '../../src/server/repos/search.ts';
import { createToken } from '../../src/server/repos/users.ts';
import {
  addPersonBefore006,
  addUser,
  call,
  databases,
  makeApp,
  makeDbUrl,
  newId,
  openMigratedTo,
  type TestApp,
} from './helpers.ts';

const HIDDEN = 2_000;

/** Inserts `n` items of `owner` holding `words` in one statement per 500 (fast, like a restore). */
async function insertItems(
  db: Kysely<Database>,
  owner: string,
  n: number,
  words: string,
  visibility: 'public' | 'private',
): Promise<void> {
  const at = new Date().toISOString();
  for (let i = 0; i < n; i += 500) {
    const rows = Array.from({ length: Math.min(500, n - i) }, (_, j) => ({
      id: newId(),
      type: 'status' as const,
      owner,
      url: null,
      url_key: null,
      title: '',
      description: '',
      tags: '[]',
      quote: null,
      comment: '',
      text: `${words} number ${i + j}`,
      question: 0,
      target_id: null,
      visibility,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    }));
    await db.insertInto('items').values(rows).execute();
  }
}

/**
 * SQLite: what the caller's search walks in the indexes: the rows each lookup can reach, and
 * the index entries under the caller's own prefix of each word in the private index (what
 * FTS5 merges to expand a prefix), read through an `fts5vocab` table.
 */
async function sqliteReach(t: TestApp, me: string, terms: string[]): Promise<number> {
  const match = sqliteMatches(me, terms, undefined);
  const count = async (table: string, expression: string) =>
    (
      await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}
        WHERE ${sql.table(table)} MATCH ${expression}`.execute(t.db.kysely)
    ).rows[0]!.n;
  await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.private_vocab
    USING fts5vocab(main, items_fts_private, 'row')`.execute(t.db.kysely);
  let expanded = 0;
  for (const term of terms) {
    const prefix = `${ownerToken(me)}z${term}`.toLowerCase();
    const { rows } = await sql<{ n: number }>`SELECT coalesce(sum(doc), 0) AS n
      FROM temp.private_vocab WHERE term >= ${prefix} AND term < ${`${prefix}\u{10FFFF}`}`.execute(
      t.db.kysely,
    );
    expanded += rows[0]!.n;
  }
  return (
    (await count('items_fts_public', match.public)) +
    (await count('items_fts_private', match.private)) +
    expanded
  );
}

/** PostgreSQL: every row any node of the plan read (returned or removed), from EXPLAIN ANALYZE. */
async function postgresRowsRead(t: TestApp, me: string, terms: string[]): Promise<number> {
  const compiled = postgresSearchQuery(t.db, me, terms, undefined, null, 51).compile();
  const explained = await t.db.kysely.executeQuery<{ 'QUERY PLAN': unknown }>(
    CompiledQuery.raw(`EXPLAIN (ANALYZE, FORMAT JSON) ${compiled.sql}`, [...compiled.parameters]),
  );
  const plan = (explained.rows[0]!['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0]!.Plan;
  return rowsRead(plan);
}

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
};

function rowsRead(node: PlanNode): number {
  let n = 0;
  if (node['Relation Name'] === 'items') {
    n += (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1);
    n += node['Rows Removed by Filter'] ?? 0;
    n += node['Rows Removed by Index Recheck'] ?? 0;
  }
  for (const child of node.Plans ?? []) n += rowsRead(child);
  return n;
}

describe.each(databases())('search visibility inside the index on %s', (dialect) => {
  it('walks no more rows for a word found only in others’ private items', async () => {
    const t = await makeApp(dialect);
    try {
      const ada = await addUser(t, 'ada');
      await addUser(t, 'bob');
      await insertItems(t.db.kysely, 'ada', 20, 'shared words', 'private');
      await insertItems(t.db.kysely, 'bob', 20, 'shared words', 'public');
      const measure = async (terms: string[]) => {
        if (dialect === 'sqlite') return sqliteReach(t, 'ada', terms);
        await sql`ANALYZE items`.execute(t.db.kysely);
        return postgresRowsRead(t, 'ada', terms);
      };
      const before = { secret: await measure(['secretword']), shared: await measure(['shared']) };
      await insertItems(t.db.kysely, 'bob', HIDDEN, 'secretword shared', 'private');
      const after = { secret: await measure(['secretword']), shared: await measure(['shared']) };
      console.log(`${dialect}: rows reached before/after ${HIDDEN} hidden matches`, before, after);
      // SQLite: the same rows exactly. PostgreSQL: never more (the planner may choose a
      // cheaper plan once the table is bigger).
      if (dialect === 'sqlite') expect(after).toEqual(before);
      expect(after.secret).toBeLessThanOrEqual(before.secret);
      expect(after.shared).toBeLessThanOrEqual(before.shared);
      // And the answers are right: nothing of bob's private items, all of ada's and the public.
      const none = await call(t, 'GET', '/v1/search?q=secretword', { token: ada });
      expect(none.json().items).toEqual([]);
      const shared = await call(t, 'GET', '/v1/search?q=shared&limit=100', { token: ada });
      expect(shared.json().items).toHaveLength(40);
    } finally {
      await t.close();
    }
  });
});

describe.each(databases())('private items in search on %s', (dialect) => {
  it('are found by their owner alone, by prefix, phrase, any case and type', async () => {
    const t = await makeApp(dialect);
    try {
      const ada = await addUser(t, 'ada');
      const bob = await addUser(t, 'bob');
      const id = newId();
      const text = 'Résumé of ÉTUDE on example.com, naïve 42x';
      const res = await call(t, 'PUT', `/v1/statuses/${id}`, {
        token: ada,
        body: { text, visibility: 'private' },
      });
      expect(res.statusCode).toBe(201);
      const ids = async (token: string, q: string, type = '') =>
        (
          (await call(t, 'GET', `/v1/search?q=${encodeURIComponent(q)}${type}`, { token })).json()
            .items as Array<{ id: string }>
        ).map((i) => i.id);
      const queries = ['résumé', 'RÉSU', 'example.com', 'étude naïve', '42x', 'exam'];
      if (dialect === 'sqlite') queries.push('resume', 'etude naive'); // accents folded on SQLite
      for (const q of queries) {
        expect(await ids(ada, q), q).toEqual([id]);
        expect(await ids(bob, q), q).toEqual([]);
      }
      expect(await ids(ada, 'résumé', '&type=status'), 'type').toEqual([id]);
      expect(await ids(ada, 'résumé', '&type=bookmark'), 'other type').toEqual([]);
      expect(await ids(ada, 'absent'), 'absent').toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe.each(databases())('migration 004 on %s', (dialect) => {
  it('files the items of an existing database so each person finds what they may see', async () => {
    const target = await makeDbUrl(dialect);
    try {
      const db = await openMigratedTo(target.url, '003-erase-deleted');
      await addPersonBefore006(db, 'ada');
      await addPersonBefore006(db, 'bob');
      await insertItems(db.kysely, 'ada', 3, 'oldword mine', 'private');
      await insertItems(db.kysely, 'bob', 4, 'oldword theirs', 'private');
      await insertItems(db.kysely, 'bob', 5, 'oldword everyone', 'public');
      await db.close();
      const migrated = await connect(target.url);
      const ada = (await createToken(migrated, 'ada'))!;
      const bob = (await createToken(migrated, 'bob'))!;
      const t = {
        app: await buildApp({ db: migrated, rateLimit: false, authRateLimit: false }),
        db: migrated,
        dialect,
        close: async () => {},
      } as TestApp;
      try {
        const count = async (token: string) =>
          (await call(t, 'GET', '/v1/search?q=oldwo&limit=100', { token })).json().items.length;
        expect(await count(ada)).toBe(8);
        expect(await count(bob)).toBe(9);
      } finally {
        await t.app.close();
        await migrated.close();
      }
    } finally {
      await target.drop();
    }
  });
});

describe('the SQLite search statement', () => {
  it('reads items only by primary key, from the index hits', async () => {
    const t = await makeApp('sqlite');
    try {
      const statement = sqliteSearchSql('ada', ['word'], 'status', null, 51).compile(t.db.kysely);
      const plan = t.db
        .sqlite!.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`)
        .all(...statement.parameters) as Array<{ detail: string }>;
      const details = plan.map((p) => p.detail);
      expect(details.some((d) => /SCAN .*items_fts_public VIRTUAL TABLE/.test(d))).toBe(true);
      expect(details.some((d) => /SCAN .*items_fts_private VIRTUAL TABLE/.test(d))).toBe(true);
      // `items` itself and its aliases in the index branches (each branch checks visibility on
      // its hits before its limit: pv public, ov own words, gv group items).
      const onItems = details.filter((d) => /^(SCAN|SEARCH) (items|pv|ov|gv)\b/.test(d));
      expect(onItems.length).toBeGreaterThanOrEqual(4);
      for (const d of onItems) {
        expect(d).toMatch(
          /^SEARCH (items|pv|ov|gv) USING INDEX sqlite_autoindex_items_1 \(id=\?\)$/,
        );
      }
    } finally {
      await t.close();
    }
  });
});
