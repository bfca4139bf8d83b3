/**
 * The PostgreSQL connection pool, set up so that nothing waits forever and nothing crashes the
 * process:
 * - a request that finds every connection busy waits at most `poolTimeoutMs` (default 10 s) and
 *   then fails as `503 unavailable`, instead of queueing without end behind a stuck one;
 * - every session runs without JIT compilation (see `openPostgresPool`);
 * - every session runs with `statement_timeout` 30 s, `lock_timeout` 10 s and
 *   `idle_in_transaction_session_timeout` 60 s, so a statement stuck on a lock or a transaction
 *   left open by a stalled process is ended by the server and its locks freed (a timed-out
 *   statement or lock wait is answered `503` too); `?statement_timeout=…` etc. in the URL
 *   (milliseconds, `0` off) override them, as node-postgres reads those parameters itself;
 * - a connection the server drops (restart, failover, an administrator, the idle-in-transaction
 *   limit) is reported through `onError` and replaced, never an unhandled `'error'` event, which
 *   would end the process.
 */
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { HttpError } from '../errors.ts';

/** Session limits (milliseconds) every connection starts with unless the URL says otherwise. */
export const SESSION_LIMITS = {
  statement_timeout: 30_000,
  lock_timeout: 10_000,
  idle_in_transaction_session_timeout: 60_000,
} as const;

/** How long a query waits for a free connection by default (milliseconds). */
export const POOL_TIMEOUT_MS = 10_000;

export type PostgresPoolOptions = {
  /** The connection URL without Outloud's own parameters (`schema`, `pool_timeout`). */
  url: string;
  /** The schema to put first on `search_path`. */
  schema?: string;
  /** Connections at most (default 10). */
  size?: number;
  /** How long a query waits for a free connection (default `POOL_TIMEOUT_MS`). */
  timeoutMs?: number;
  /** Told of a connection error outside any query (the connection is then replaced). */
  onError?: (error: Error) => void;
};

/** How busy the pool is: connections open, idle, and queries waiting for one. */
export type PoolStats = { total: number; idle: number; waiting: number };

const INT8_OID = 20;
const STATEMENT_TIMEOUT = /statement timeout/;
/** pg-pool's words when no connection came free within `connectionTimeoutMillis`. */
const POOL_TIMEOUT_MESSAGE = 'timeout exceeded when trying to connect';
/** node-postgres's words when a new connection could not be made in time. */
const CONNECT_FAILED = /^Connection terminated due to connection timeout/;

/**
 * A thrown database error as the HTTP answer it deserves: a statement or lock wait the server
 * cancelled on a limit, no free connection in time, or a database that cannot be reached is
 * `503` (try again); anything else is left as it is (a unique violation keeps its code).
 */
export function unavailableError(error: unknown): unknown {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  let reason: string | undefined;
  if (code === '55P03') reason = 'a row it needs stayed locked too long';
  else if (code === '57014' && STATEMENT_TIMEOUT.test(text)) reason = 'a query took too long';
  else if (text === POOL_TIMEOUT_MESSAGE) reason = 'no connection was free in time';
  else if (CONNECT_FAILED.test(text) || code === 'ECONNREFUSED') reason = 'it cannot be reached';
  if (reason === undefined) return error;
  const busy = new HttpError(
    503,
    'unavailable',
    `the database is unavailable: ${reason}; try again`,
  );
  busy.cause = error;
  return busy;
}

function translated(error: unknown): never {
  throw unavailableError(error);
}

/** Opens the pool, wrapped for Kysely's `PostgresDialect`, with its stats. */
export function openPostgresPool(options: PostgresPoolOptions): {
  pool: PostgresPool;
  stats(): PoolStats;
} {
  const onError =
    options.onError ??
    ((error: Error) => console.error(`outloud: PostgreSQL connection lost: ${error.message}`));
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.size ?? 10,
    connectionTimeoutMillis: options.timeoutMs ?? POOL_TIMEOUT_MS,
    keepAlive: true,
    application_name: options.schema ? `outloud:${options.schema}` : 'outloud',
    ...SESSION_LIMITS,
    // JIT compilation off: it pays for long analytical queries, not these short ones, and a
    // cost estimate made without statistics (a new server's tables) switched it on for page
    // lookups, 10–20 ms of compiling a statement (`npm run bench -- bucket`, BENCHMARKS.md).
    options: [options.schema ? `-c search_path=${options.schema}` : '', '-c jit=off']
      .join(' ')
      .trim(),
    // bigint counts and sequence numbers fit a double for any realistic deployment.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection's error is emitted by the pool, a checked-out one's by the client; an
  // 'error' event nobody listens to would end the process.
  pool.on('error', (error) => onError(error));
  pool.on('connect', (client) => {
    client.on('error', (error) => onError(error));
  });
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const guard = (client: pg.PoolClient): PostgresPoolClient => {
    let guarded = wrapped.get(client);
    if (!guarded) {
      guarded = {
        // Kysely calls the cursor form only for `stream()` with a cursor class configured,
        // which this dialect has not, so every query arrives as text and parameters.
        query: ((sql: string, parameters: readonly unknown[]) =>
          client
            .query(sql, [...parameters])
            .catch(translated)) as unknown as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy),
      };
      wrapped.set(client, guarded);
    }
    return guarded;
  };
  return {
    pool: {
      connect: () => pool.connect().then(guard, translated),
      end: () => pool.end(),
    },
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}
