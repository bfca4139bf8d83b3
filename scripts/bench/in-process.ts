/**
 * The databases an in-process server bench runs on: a SQLite file in a temporary directory, and
 * PostgreSQL (a schema of its own, dropped afterwards) when `OUTLOUD_TEST_PG` is set. Each gets
 * the real app (`buildApp`) for `app.inject()`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { type App, type AppOptions, buildApp } from '../../src/server/app.ts';
import { connect, type Db, openDatabase } from '../../src/server/db/index.ts';
import type { BenchRow } from './types.ts';

export type InProcessTarget = { label: string; db: Db; app: App; close(): Promise<void> };

type AppSettings = Omit<AppOptions, 'db'>;

async function sqliteTarget(settings: AppSettings): Promise<InProcessTarget> {
  const dir = await mkdtemp(path.join(tmpdir(), 'outloud-bench-'));
  const db = await connect(path.join(dir, 'bench.db'));
  const app = await buildApp({ ...settings, db });
  return {
    label: 'SQLite',
    db,
    app,
    async close() {
      await app.close();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function postgresTarget(url: string, settings: AppSettings): Promise<InProcessTarget> {
  const schema = `bench_${Date.now()}`;
  const admin = openDatabase(url, { poolSize: 1 });
  await sql.raw(`CREATE SCHEMA ${schema}`).execute(admin.kysely);
  const db = await connect(url, { schema });
  const app = await buildApp({ ...settings, db });
  return {
    label: 'PostgreSQL',
    db,
    app,
    async close() {
      await app.close();
      await db.close();
      await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(admin.kysely);
      await admin.close();
    },
  };
}

/** `measure` on SQLite, then on PostgreSQL when `OUTLOUD_TEST_PG` is set; their rows in order. */
export async function onEachDatabase(
  settings: AppSettings,
  measure: (t: InProcessTarget) => Promise<BenchRow[]>,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const pg = process.env.OUTLOUD_TEST_PG;
  const makers = [() => sqliteTarget(settings)];
  if (pg) makers.push(() => postgresTarget(pg, settings));
  for (const make of makers) {
    const t = await make();
    try {
      rows.push(...(await measure(t)));
    } finally {
      await t.close();
    }
  }
  return rows;
}

/** Per-call times in microseconds of `fn` over `inputs` (each once, after one warm-up pass). */
export async function perCall<T>(
  inputs: readonly T[],
  fn: (input: T) => unknown,
): Promise<number[]> {
  for (const input of inputs) await fn(input);
  const times: number[] = [];
  for (const input of inputs) {
    const start = performance.now();
    await fn(input);
    times.push((performance.now() - start) * 1000);
  }
  return times;
}

/** A bearer-token request through `app.inject()`; throws unless it answered 2xx. */
export async function ok(
  app: App,
  method: 'GET' | 'PUT',
  url: string,
  token: string,
  payload?: object,
) {
  const res = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}`);
  return res;
}
