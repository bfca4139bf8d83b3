/**
 * Shared helpers for the server suite. Every suite runs once per database from `databases()`:
 * SQLite always, PostgreSQL too when `OUTLOUD_TEST_PG` names one
 * (`export OUTLOUD_TEST_PG=$(bash scripts/test-postgres.sh)`). `makeApp` gives each test its own
 * empty database: SQLite in memory, or a fresh PostgreSQL schema dropped on close; `useServer`
 * registers the usual hooks around it (a fresh app per test, people seeded, closed after).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { Migrator, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type App, type AppOptions, buildApp } from '../../src/server/app.ts';
import {
  connect,
  type Db,
  type Dialect,
  type OpenOptions,
  openDatabase,
} from '../../src/server/db/index.ts';
import { migrations } from '../../src/server/db/migrations.ts';
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

/** What a test may set on its PostgreSQL pool (`OpenOptions`). */
export type PoolOptions = Pick<OpenOptions, 'poolSize' | 'poolTimeoutMs' | 'onConnectionError'> & {
  /** PostgreSQL: URL parameters, e.g. `{ lock_timeout: '300' }`. */
  params?: Record<string, string>;
};

/**
 * A fresh database of `dialect`, migrated, with no people. `file` uses a SQLite file instead of
 * `:memory:` (for tests that need several connections or the CLI).
 */
export async function makeDb(
  dialect: Dialect,
  options: { file?: string } & PoolOptions = {},
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
  const withParams = new URL(url);
  for (const [key, value] of Object.entries(options.params ?? {})) {
    withParams.searchParams.set(key, value);
  }
  const dropSchema = async () => {
    await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(admin.kysely);
    await admin.close();
  };
  const db = await connect(withParams.toString(), {
    schema,
    poolSize: options.poolSize ?? 4,
    poolTimeoutMs: options.poolTimeoutMs,
    onConnectionError: options.onConnectionError,
  }).catch(async (error: unknown) => {
    await dropSchema();
    throw error;
  });
  return {
    db,
    async drop() {
      await db.close();
      await dropSchema();
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

/**
 * A new app on a fresh database; rate limiting (and the failed-authentication limit) is off
 * unless `options.rateLimit` (`options.authRateLimit`) says.
 */
export async function makeApp(
  dialect: Dialect,
  options: Partial<AppOptions> & PoolOptions = {},
): Promise<TestApp> {
  const { db, drop } = await makeDb(dialect, options);
  const app = await buildApp({ rateLimit: false, authRateLimit: false, ...options, db });
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

/** What `useServer` sets up: the app's options and the people to seed. */
export type ServerOptions<P extends string> = Partial<AppOptions> &
  PoolOptions & {
    /**
     * People added in this order, their tokens in `tokens`: handles (each named after the
     * handle, capitalised) or handle → name.
     */
    people?: readonly P[] | { readonly [K in P]: string };
    /** One app for the whole `describe` (beforeAll/afterAll) instead of a fresh one per test. */
    once?: boolean;
  };

/**
 * The usual set-up of a server test, registered in the enclosing `describe` (one per database,
 * from `describe.each(databases())`): a fresh app on `dialect` before each test (or once, with
 * `once`), the people of `options.people` added, everything closed after. `t` is the app as
 * `makeApp` returns it and `tokens` each person's token; both are filled in by the hooks, so read
 * them inside tests and hooks, not while the suite is collected.
 *
 *     describe.each(databases())('feed on %s', (dialect) => {
 *       const { t, tokens } = useServer(dialect, { people: ['ada', 'bob'] });
 *       it('…', async () => { await call(t, 'GET', '/v1/feed', { token: tokens.ada }); });
 *     });
 */
export function useServer<const P extends string = never>(
  dialect: Dialect,
  options: ServerOptions<P> = {},
): { t: TestApp; tokens: Record<P, string> } {
  const { people = [], once = false, ...appOptions } = options;
  const seeded: Array<[P, string | undefined]> = Array.isArray(people)
    ? (people as readonly P[]).map((handle) => [handle, undefined])
    : (Object.entries(people) as Array<[P, string]>);
  const tokens = {} as Record<P, string>;
  let current: TestApp | undefined;
  const opened = (): TestApp => {
    if (!current) throw new Error('useServer: no app yet; read it inside a test or hook');
    return current;
  };
  const t: TestApp = {
    get app() {
      return opened().app;
    },
    get db() {
      return opened().db;
    },
    dialect,
    async close() {
      const closing = current;
      current = undefined;
      await closing?.close();
    },
  };
  const open = async () => {
    current = await makeApp(dialect, appOptions);
    for (const [handle, name] of seeded) tokens[handle] = await addUser(current, handle, name);
  };
  if (once) {
    beforeAll(open);
    afterAll(() => t.close());
  } else {
    beforeEach(open);
    afterEach(() => t.close());
  }
  return { t, tokens };
}

/** Adds a person (name defaults to the handle capitalised) and returns their token. */
export async function addUser(t: TestApp, handle: string, name?: string): Promise<string> {
  return addUserRow(t.db, handle, name ?? handle.charAt(0).toUpperCase() + handle.slice(1));
}

/**
 * How long one request may take before `call` fails it: below the suite's 30 s test timeout, so
 * a request that hangs fails with what it waited on instead of a bare timeout.
 */
export const CALL_DEADLINE_MS = 20_000;

/**
 * `app.inject` with an optional bearer token and JSON body. A request unanswered after
 * `CALL_DEADLINE_MS` throws with the request, the pool's state and (PostgreSQL) what the
 * database's sessions for this app are doing, so a stall reports itself.
 */
export async function call(
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
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      describeWaits(t.db).then(
        (waits) =>
          reject(new Error(`${method} ${url} unanswered after ${CALL_DEADLINE_MS} ms\n${waits}`)),
        reject,
      );
    }, CALL_DEADLINE_MS);
  });
  try {
    return await Promise.race([t.app.inject(request), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What `db` is waiting on, for a failure message: the pool's counts and, on PostgreSQL, each of
 * its sessions (state, wait event, transaction age, query) and any lock they wait for.
 */
export async function describeWaits(db: Db): Promise<string> {
  const url = process.env.OUTLOUD_TEST_PG;
  if (db.dialect !== 'postgres' || !url) return 'sqlite: one connection, nothing to wait for';
  const stats = db.poolStats?.();
  const lines = [`pool: ${JSON.stringify(stats)}`];
  const admin = openDatabase(url, { poolSize: 1, poolTimeoutMs: 5_000 });
  try {
    const { rows } = await sql<Record<string, unknown>>`
      SELECT a.pid, a.state, a.wait_event_type, a.wait_event,
        round(extract(epoch FROM now() - a.xact_start)::numeric, 1) AS xact_seconds,
        left(a.query, 160) AS query,
        (SELECT string_agg(l.locktype || ' ' || l.mode, ', ') FROM pg_locks l
          WHERE l.pid = a.pid AND NOT l.granted) AS waiting_for,
        pg_blocking_pids(a.pid) AS blocked_by
      FROM pg_stat_activity a WHERE a.application_name = ${`outloud:${db.schema}`}`.execute(
      admin.kysely,
    );
    for (const row of rows) lines.push(JSON.stringify(row));
  } catch (error) {
    lines.push(`pg_stat_activity unreadable: ${String(error)}`);
  } finally {
    await admin.close();
  }
  return lines.join('\n');
}

/** A random UUIDv4 for ids in tests. */
export function newId(): string {
  return crypto.randomUUID();
}

/**
 * A fresh database of `url` migrated only up to `last` (a migration's name), for tests of what
 * a later migration does to the rows an older version left.
 */
/**
 * Adds a person to a database opened by `openMigratedTo` before migration 006: the columns
 * every schema has, and no token (tokens gained columns since).
 */
export async function addPersonBefore006(db: Db, handle: string): Promise<void> {
  const name = handle.charAt(0).toUpperCase() + handle.slice(1);
  await db.kysely
    .insertInto('users')
    .values({ handle, name, created_at: new Date().toISOString() })
    .execute();
}

export async function openMigratedTo(url: string, last: string): Promise<Db> {
  const db = openDatabase(url);
  const schema = db.dialect === 'postgres' ? db.schema : undefined;
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations(db.dialect) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateTo(last);
  if (error) throw new Error(`migrating to ${last} failed: ${String(error)}`, { cause: error });
  return db;
}
