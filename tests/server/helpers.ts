/**
 * Shared helpers for the server suite. Every suite runs once per database from `databases()`:
 * SQLite always, PostgreSQL too when `OUTLOUD_TEST_PG` names one
 * (`export OUTLOUD_TEST_PG=$(bash scripts/test-postgres.sh)`). `makeApp` gives each test its own
 * empty database: SQLite in memory, or a fresh PostgreSQL schema dropped on close.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { type App, type AppOptions, buildApp } from '../../src/server/app.ts';
import { connect, type Db, type Dialect, openDatabase } from '../../src/server/db/index.ts';
import { addUser as addUserRow } from '../../src/server/repos/users.ts';

export type { Dialect };

let warned = false;

/** The databases to run on: `sqlite`, plus `postgres` when `OUTLOUD_TEST_PG` is set. */
export function databases(): Dialect[] {
  if (process.env.OUTLOUD_TEST_PG) return ['sqlite', 'postgres'];
  if (!warned) {
    warned = true;
    console.warn(
      'OUTLOUD_TEST_PG is not set: the server suite runs on SQLite only. ' +
        'export OUTLOUD_TEST_PG=$(bash scripts/test-postgres.sh) to run it on PostgreSQL too.',
    );
  }
  return ['sqlite'];
}

export type TestApp = {
  app: App;
  db: Db;
  dialect: Dialect;
  /** Closes the app and the database (and drops the PostgreSQL schema). */
  close(): Promise<void>;
};

/**
 * A fresh database of `dialect`, migrated, with no people. `file` uses a SQLite file instead of
 * `:memory:` (for tests that need several connections or the CLI).
 */
export async function makeDb(
  dialect: Dialect,
  options: { file?: string; poolSize?: number } = {},
): Promise<{ db: Db; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const db = await connect(options.file ?? ':memory:');
    return { db, drop: () => db.close() };
  }
  const url = process.env.OUTLOUD_TEST_PG;
  if (!url) throw new Error('OUTLOUD_TEST_PG is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = openDatabase(url, { poolSize: 1 });
  await sql.raw(`CREATE SCHEMA ${schema}`).execute(admin.kysely);
  const db = await connect(url, { schema, poolSize: options.poolSize ?? 4 });
  return {
    db,
    async drop() {
      await db.close();
      await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(admin.kysely);
      await admin.close();
    },
  };
}

/**
 * A database URL for commands that open their own connections (the CLI): a temp SQLite file,
 * or the test PostgreSQL with a fresh `?schema=`. `drop` removes it.
 */
export async function makeDbUrl(dialect: Dialect): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(path.join(tmpdir(), 'outloud-test-'));
    return {
      url: path.join(dir, 'outloud.db'),
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const base = process.env.OUTLOUD_TEST_PG;
  if (!base) throw new Error('OUTLOUD_TEST_PG is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = openDatabase(base, { poolSize: 1 });
  await sql.raw(`CREATE SCHEMA ${schema}`).execute(admin.kysely);
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    async drop() {
      await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(admin.kysely);
      await admin.close();
    },
  };
}

/** A new app on a fresh database; rate limiting is off unless `options.rateLimit` says. */
export async function makeApp(
  dialect: Dialect,
  options: Partial<AppOptions> & { poolSize?: number } = {},
): Promise<TestApp> {
  const { db, drop } = await makeDb(dialect, { poolSize: options.poolSize });
  const app = await buildApp({ rateLimit: false, ...options, db });
  return {
    app,
    db,
    dialect,
    async close() {
      await app.close();
      await drop();
    },
  };
}

/** Adds a person (name defaults to the handle capitalised) and returns their token. */
export async function addUser(t: TestApp, handle: string, name?: string): Promise<string> {
  return addUserRow(t.db, handle, name ?? handle.charAt(0).toUpperCase() + handle.slice(1));
}

/** `app.inject` with an optional bearer token and JSON body. */
export function call(
  t: TestApp,
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const request: InjectOptions = {
    method,
    url,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
  };
  if (options.body !== undefined) request.payload = options.body as InjectOptions['payload'];
  return t.app.inject(request);
}

/** A random UUIDv4 for ids in tests. */
export function newId(): string {
  return crypto.randomUUID();
}
