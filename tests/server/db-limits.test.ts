/**
 * Nothing waits forever on the database and nothing it does ends the process: limits and an
 * unreachable PostgreSQL are answered 503, other errors kept as they are; a transaction that
 * throws gives its connection back (both databases); on PostgreSQL a request that finds every
 * connection busy, a write stuck behind a row lock and a statement over its time limit are
 * answered `503 unavailable` within their limits, a transaction left idle is ended by the server,
 * a connection the server drops is replaced without an unhandled error, and migrations wait for
 * another instance's migration lock whatever the statement limit.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/index.ts';
import { unavailableError } from '../../src/server/db/postgres.ts';
import { HttpError } from '../../src/server/errors.ts';
import {
  addUser,
  call,
  databases,
  makeApp,
  makeDb,
  newId,
  type PoolOptions,
  type TestApp,
} from './helpers.ts';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function app(dialect: 'sqlite' | 'postgres', options: PoolOptions = {}): Promise<TestApp> {
  const t = await makeApp(dialect, options);
  cleanup.push(() => t.close());
  return t;
}

const bookmark = (n: number) => ({ url: `https://limits.example/${n}`, title: `page ${n}` });

describe('database errors as answers', () => {
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('makes limits and an unreachable database 503 and leaves other errors alone', () => {
    const answers = [
      pgError('55P03', 'canceling statement due to lock timeout'),
      pgError('57014', 'canceling statement due to statement timeout'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated due to connection timeout'),
      pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
    ].map((e) => unavailableError(e));
    for (const answer of answers) {
      expect(answer).toBeInstanceOf(HttpError);
      expect(answer).toMatchObject({ status: 503, code: 'unavailable' });
    }
    for (const kept of [
      pgError('23505', 'duplicate key value violates unique constraint'),
      pgError('57014', 'canceling statement due to user request'),
      new Error('boom'),
    ]) {
      expect(unavailableError(kept)).toBe(kept);
    }
  });

  it('answers 503 when PostgreSQL cannot be reached', async () => {
    // Port 9 (discard) on the loopback: nothing listens, so the connection is refused at once.
    const db = openDatabase('postgres://outloud@127.0.0.1:9/outloud', { poolTimeoutMs: 2_000 });
    try {
      await expect(sql`SELECT 1`.execute(db.kysely)).rejects.toMatchObject({
        status: 503,
        message: 'the database is unavailable: it cannot be reached; try again',
      });
    } finally {
      await db.close();
    }
  });
});

describe.each(databases())('connections on %s', (dialect) => {
  it('a transaction that throws gives its connection back', async () => {
    const { db, drop } = await makeDb(dialect, { poolSize: 1, poolTimeoutMs: 2_000 });
    cleanup.push(drop);
    for (let i = 0; i < 5; i++) {
      const failed = db.kysely.transaction().execute(async (trx) => {
        await trx.selectFrom('users').select('handle').execute();
        throw new Error(`refused ${i}`);
      });
      await expect(failed).rejects.toThrow(`refused ${i}`);
    }
    const rows = await db.kysely
      .selectFrom('counters')
      .select('value')
      .where('name', '=', 'changes')
      .execute();
    expect(rows).toEqual([{ value: 0 }]);
    if (dialect === 'postgres') expect(db.poolStats?.()).toEqual({ total: 1, idle: 1, waiting: 0 });
  });

  it('a request refused inside its transaction gives its connection back', async () => {
    const t = await app(dialect, { poolSize: 1, poolTimeoutMs: 2_000 });
    const ada = await addUser(t, 'ada');
    const bob = await addUser(t, 'bob');
    const id = newId();
    expect(
      (await call(t, 'PUT', `/v1/bookmarks/${id}`, { token: ada, body: bookmark(1) })).statusCode,
    ).toBe(201);
    for (let i = 0; i < 5; i++) {
      const res = await call(t, 'PUT', `/v1/bookmarks/${id}`, { token: bob, body: bookmark(1) });
      expect(res.statusCode, res.body).toBe(403);
    }
    const res = await call(t, 'GET', `/v1/bookmarks/${id}`, { token: bob });
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe.each(databases().filter((d) => d === 'postgres'))('limits on %s', (dialect) => {
  it('answers 503 when no connection comes free in time, and recovers', async () => {
    const t = await app(dialect, { poolSize: 1, poolTimeoutMs: 300 });
    const ada = await addUser(t, 'ada');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = false;
    const holder = t.db.kysely.transaction().execute(async () => {
      held = true;
      await gate;
    });
    while (!held) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    const res = await call(t, 'GET', '/v1/feed', { token: ada });
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json().error).toEqual({
      code: 'unavailable',
      message: 'the database is unavailable: no connection was free in time; try again',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    release();
    await holder;
    expect((await call(t, 'GET', '/v1/feed', { token: ada })).statusCode).toBe(200);
  });

  it('answers 503 when a write waits on a row lock past lock_timeout', async () => {
    const t = await app(dialect, { poolSize: 2, params: { lock_timeout: '300' } });
    const ada = await addUser(t, 'ada');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = false;
    // Holds the change counter's row, which every write takes last.
    const holder = t.db.kysely.transaction().execute(async (trx) => {
      await sql`UPDATE counters SET value = value WHERE name = 'changes'`.execute(trx);
      locked = true;
      await gate;
    });
    while (!locked) await new Promise((r) => setTimeout(r, 5));
    const res = await call(t, 'PUT', `/v1/bookmarks/${newId()}`, { token: ada, body: bookmark(2) });
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json().error.message).toBe(
      'the database is unavailable: a row it needs stayed locked too long; try again',
    );
    release();
    await holder;
    const again = await call(t, 'PUT', `/v1/bookmarks/${newId()}`, {
      token: ada,
      body: bookmark(2),
    });
    expect(again.statusCode, again.body).toBe(201);
  });

  it('fails a statement over statement_timeout with 503', async () => {
    const { db, drop } = await makeDb(dialect, { params: { statement_timeout: '100' } });
    cleanup.push(drop);
    await expect(sql`SELECT pg_sleep(2)`.execute(db.kysely)).rejects.toMatchObject({
      status: 503,
      code: 'unavailable',
      message: 'the database is unavailable: a query took too long; try again',
    });
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(db.kysely);
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('starts every session with the default limits, which URL parameters override', async () => {
    const show = async (params: Record<string, string>) => {
      const { db, drop } = await makeDb(dialect, { params });
      cleanup.push(drop);
      const read = async (name: string) =>
        (await sql<{ v: string }>`SELECT current_setting(${name}) AS v`.execute(db.kysely)).rows[0]
          ?.v;
      return [
        await read('statement_timeout'),
        await read('lock_timeout'),
        await read('idle_in_transaction_session_timeout'),
        await read('application_name'),
        await read('jit'),
        await read('search_path'),
      ];
    };
    const [statement, lock, idle, name, jit, path] = await show({});
    expect([statement, lock, idle]).toEqual(['30s', '10s', '1min']);
    // No JIT compiling of short statements; the schema still first on the search path.
    expect(jit).toBe('off');
    expect(path).toMatch(/^"?t_[0-9a-f]{12}"?$/);
    expect(name).toMatch(/^outloud:t_[0-9a-f]{12}$/);
    expect((await show({ statement_timeout: '0', lock_timeout: '2500' })).slice(0, 2)).toEqual([
      '0',
      '2500ms',
    ]);
  });

  it('ends a transaction left idle, frees its locks and keeps the process alive', async () => {
    const lost: Error[] = [];
    const t = await app(dialect, {
      poolSize: 2,
      params: { idle_in_transaction_session_timeout: '300' },
      onConnectionError: (error) => lost.push(error),
    });
    const ada = await addUser(t, 'ada');
    // A transaction that takes the counter's row lock and then stalls (as a request awaiting
    // something that never comes would): the server ends its session after 300 ms.
    const stalled = t.db.kysely.transaction().execute(async (trx) => {
      await sql`UPDATE counters SET value = value WHERE name = 'changes'`.execute(trx);
      await new Promise((r) => setTimeout(r, 800));
      await sql`SELECT 1`.execute(trx);
    });
    await expect(stalled).rejects.toThrow();
    const res = await call(t, 'PUT', `/v1/bookmarks/${newId()}`, { token: ada, body: bookmark(3) });
    expect(res.statusCode, res.body).toBe(201);
    expect(lost.map((e) => e.message).join()).toMatch(/idle-in-transaction timeout/);
  });

  it('replaces connections the server drops, idle or in a transaction, without crashing', async () => {
    const lost: Error[] = [];
    const { db, drop } = await makeDb(dialect, { onConnectionError: (e) => lost.push(e) });
    cleanup.push(drop);
    const admin = openDatabase(process.env.OUTLOUD_TEST_PG ?? '', { poolSize: 1 });
    cleanup.push(() => admin.close());
    const terminate = () =>
      sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = ${`outloud:${db.schema}`}`.execute(admin.kysely);
    await sql`SELECT 1`.execute(db.kysely); // one idle connection in the pool
    await terminate();
    const inTransaction = db.kysely.transaction().execute(async (trx) => {
      await terminate();
      await new Promise((r) => setTimeout(r, 200));
      await sql`SELECT 1`.execute(trx);
    });
    await expect(inTransaction).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 100));
    expect(lost.length).toBeGreaterThanOrEqual(2);
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(db.kysely);
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('migrates while another instance holds the migration lock past statement_timeout', async () => {
    const admin = openDatabase(process.env.OUTLOUD_TEST_PG ?? '', { poolSize: 1 });
    cleanup.push(() => admin.close());
    // Kysely's migration lock (PostgresAdapter's LOCK_ID), held as a starting instance would.
    const lockId = sql.raw('3853314791062309107');
    await sql`SELECT pg_advisory_lock(${lockId})`.execute(admin.kysely);
    const unlock = new Promise((r) => setTimeout(r, 600)).then(() =>
      sql`SELECT pg_advisory_unlock(${lockId})`.execute(admin.kysely),
    );
    const opened = makeDb(dialect, { params: { statement_timeout: '200' } });
    opened.catch(() => undefined); // awaited below, after the lock is given back
    await unlock;
    const { db, drop } = await opened;
    cleanup.push(drop);
    const read = await sql<{ v: string }>`SELECT current_setting('statement_timeout') AS v`.execute(
      db.kysely,
    );
    expect(read.rows).toEqual([{ v: '200ms' }]);
  });
});
