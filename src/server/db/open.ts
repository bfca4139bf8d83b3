/**
 * Opens the database named by a URL: a file path or `:memory:` gives embedded SQLite
 * (better-sqlite3, WAL, foreign keys on, busy timeout), `postgres://…` a `pg` pool with bounded
 * waits (`postgres.ts`). Either way the caller gets one Kysely instance and the dialect name, for
 * the few dialect-aware queries.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { openPostgresPool, type PoolStats } from './postgres.ts';
import { PRIVATE_WORDS_FUNCTION, privateWords } from './private-tokens.ts';
import type { Database } from './schema.ts';
import { cachingDatabase } from './statement-cache.ts';

export type Dialect = 'sqlite' | 'postgres';

export type Db = {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** PostgreSQL: the schema the tables live in. */
  schema?: string;
  /** The raw better-sqlite3 handle (SQLite only), for backups. */
  sqlite?: SqliteDatabase.Database;
  /** PostgreSQL: how busy the connection pool is (for diagnostics). */
  poolStats?: () => PoolStats;
  close(): Promise<void>;
};

export type OpenOptions = {
  /** PostgreSQL only: the schema to use (`search_path`); tests give each app its own. */
  schema?: string;
  /** PostgreSQL only: the pool size. */
  poolSize?: number;
  /** PostgreSQL only: how long a query waits for a free connection before `503` (ms). */
  poolTimeoutMs?: number;
  /** PostgreSQL only: told of a connection lost outside any query (default: logged). */
  onConnectionError?: (error: Error) => void;
};

/** True when `url` names a PostgreSQL database. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Opens (and for SQLite creates) the database at `url`. Run `migrate` before use. */
export function openDatabase(url: string, options: OpenOptions = {}): Db {
  return isPostgresUrl(url) ? openPostgres(url, options) : openSqlite(url);
}

function openSqlite(file: string): Db {
  if (file !== ':memory:' && !file.startsWith('file:')) {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // Deleted content is overwritten with zeros, not left in free pages and cells of the file.
  sqlite.pragma('secure_delete = ON');
  // The private search index's word function (`private-tokens.ts`), used by its triggers.
  sqlite.function(PRIVATE_WORDS_FUNCTION, { deterministic: true }, (audience, text) =>
    privateWords(String(audience), String(text ?? '')),
  );
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: cachingDatabase(sqlite) }),
  });
  return {
    kysely,
    dialect: 'sqlite',
    sqlite,
    // Kysely's destroy closes the better-sqlite3 handle.
    close: () => kysely.destroy(),
  };
}

/**
 * A PostgreSQL URL may name the schema to use as `?schema=name` (several instances or test
 * runs can then share one database) and how long a query may wait for a free connection as
 * `?pool_timeout=ms`; `options` win over both. The pool's limits: `postgres.ts`.
 */
function openPostgres(url: string, options: OpenOptions): Db {
  const parsed = new URL(url);
  const schema = options.schema ?? parsed.searchParams.get('schema') ?? undefined;
  const poolTimeout = parsed.searchParams.get('pool_timeout');
  parsed.searchParams.delete('schema');
  parsed.searchParams.delete('pool_timeout');
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`invalid schema name: ${schema}`);
  }
  const timeoutMs =
    options.poolTimeoutMs ?? (poolTimeout === null ? undefined : Number(poolTimeout));
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs >= 0)) {
    throw new Error(
      `invalid pool_timeout: ${timeoutMs} (milliseconds, 0: wait as long as it takes)`,
    );
  }
  const { pool, stats } = openPostgresPool({
    url: parsed.toString(),
    schema,
    size: options.poolSize,
    timeoutMs,
    onError: options.onConnectionError,
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect: 'postgres', schema, poolStats: stats, close: () => kysely.destroy() };
}
