/**
 * `npm run bench -- search-visibility`: does a search take longer when the word is in other
 * people's private items? One person (`bob`) has `BENCH_HIDDEN` (default 30,000) private items
 * holding a word; another (`ada`, with 200 items of her own and 2,000 public ones around) searches
 * for it and finds nothing. Her search is timed beside her search for a word that is nowhere,
 * the baseline; a ratio near 1× means the time tells nothing about bob's private items. A search
 * for a word in every public item shows the cost of a full page. In process through
 * `app.inject()` on a SQLite file, and on PostgreSQL too when `OUTLOUD_TEST_PG` is set. Medians
 * of `BENCH_ROUNDS` (default 45) requests each.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { type App, buildApp } from '../../src/server/app.ts';
import { connect, type Db, openDatabase } from '../../src/server/db/index.ts';
import type { Database } from '../../src/server/db/schema.ts';
import { addUser } from '../../src/server/repos/users.ts';
import { type BenchRow, type BenchSuite, median } from './types.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 45);
const HIDDEN = Number(process.env.BENCH_HIDDEN ?? 30_000);

type Target = { label: string; db: Db; app: App; token: string; close(): Promise<void> };

async function insertItems(
  db: Kysely<Database>,
  owner: string,
  n: number,
  text: string,
  visibility: 'public' | 'private',
): Promise<void> {
  const at = new Date().toISOString();
  for (let i = 0; i < n; i += 500) {
    const rows = Array.from({ length: Math.min(500, n - i) }, (_, j) => ({
      id: crypto.randomUUID(),
      type: 'status' as const,
      owner,
      url: null,
      url_key: null,
      title: '',
      description: '',
      tags: '[]',
      quote: null,
      comment: '',
      text: `${text} ${i + j}`,
      question: 0,
      target_id: null,
      visibility,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    }));
    await db.transaction().execute((trx) => trx.insertInto('items').values(rows).execute());
  }
}

async function seed(db: Db): Promise<string> {
  const token = await addUser(db, 'ada', 'Ada');
  await addUser(db, 'bob', 'Bob');
  await insertItems(db.kysely, 'bob', 1_000, 'everywhere public note', 'public');
  await insertItems(db.kysely, 'bob', HIDDEN, 'hiddenword private note', 'private');
  await insertItems(db.kysely, 'ada', 200, 'everywhere own note', 'private');
  await insertItems(db.kysely, 'bob', 1_000, 'everywhere later public note', 'public');
  if (db.dialect === 'postgres') await sql`ANALYZE items`.execute(db.kysely);
  return token;
}

async function sqliteTarget(): Promise<Target> {
  const dir = await mkdtemp(path.join(tmpdir(), 'outloud-bench-'));
  const db = await connect(path.join(dir, 'bench.db'));
  const app = await buildApp({ db, rateLimit: false, logger: false });
  const token = await seed(db);
  return {
    label: 'SQLite',
    db,
    app,
    token,
    async close() {
      await app.close();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function postgresTarget(url: string): Promise<Target> {
  const schema = `bench_${Date.now()}`;
  const admin = openDatabase(url, { poolSize: 1 });
  await sql.raw(`CREATE SCHEMA ${schema}`).execute(admin.kysely);
  const db = await connect(url, { schema });
  const app = await buildApp({ db, rateLimit: false, logger: false });
  const token = await seed(db);
  return {
    label: 'PostgreSQL',
    db,
    app,
    token,
    async close() {
      await app.close();
      await db.close();
      await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(admin.kysely);
      await admin.close();
    },
  };
}

/**
 * Median milliseconds of ada's search for each query, interleaved so drift hits all alike, and
 * in an order rotated every round so none always follows the one that leaves garbage behind.
 */
async function timeSearches(t: Target, queries: string[]): Promise<number[]> {
  const times: number[][] = queries.map(() => []);
  for (let round = 0; round < ROUNDS + 2; round++) {
    for (let k = 0; k < queries.length; k++) {
      const i = (k + round) % queries.length;
      const q = queries[i]!;
      const start = performance.now();
      const res = await t.app.inject({
        url: `/v1/search?q=${q}`,
        headers: { authorization: `Bearer ${t.token}` },
      });
      const ms = performance.now() - start;
      if (res.statusCode !== 200) throw new Error(`search answered ${res.statusCode}`);
      if (round >= 2) times[i]!.push(ms); // two warm-up rounds
    }
  }
  return times.map(median);
}

const suite: BenchSuite = {
  name: 'search-visibility',
  title: `Search time with ${HIDDEN.toLocaleString('en')} matches in another person's private items`,
  async run() {
    const rows: BenchRow[] = [];
    const targets: Array<() => Promise<Target>> = [sqliteTarget];
    const pg = process.env.OUTLOUD_TEST_PG;
    if (pg) targets.push(() => postgresTarget(pg));
    for (const make of targets) {
      const t = await make();
      try {
        const [hidden, absent, everywhere] = await timeSearches(t, [
          'hiddenword',
          'absentword',
          'everywhere',
        ]);
        const baseline = { name: `${t.label}: a word found nowhere`, value: absent! };
        rows.push({
          name: `${t.label}: a word only in ${HIDDEN.toLocaleString('en')} of bob's private items (ada finds none)`,
          value: hidden!,
          unit: 'ms',
          baseline,
          note: 'near 1× is the goal: the time says nothing about private items',
        });
        rows.push({
          name: `${t.label}: a word in every visible item (a full page of 50)`,
          value: everywhere!,
          unit: 'ms',
          baseline,
        });
      } finally {
        await t.close();
      }
    }
    return rows;
  },
};

export default suite;
