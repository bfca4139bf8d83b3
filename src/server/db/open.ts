/**
 * Opens the database named by a URL: a file path or `:memory:` gives embedded SQLite
 * (better-sqlite3, WAL, foreign keys on, busy timeout), `postgres://…` a `pg` pool. Either way
 * the caller gets one Kysely instance and the dialect name, for the few dialect-aware queries.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
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
  close(): Promise<void>;
};

export type OpenOptions = {
  /** PostgreSQL only: the schema to use (`search_path`); tests give each app its own. */
  schema?: string;
  /** PostgreSQL only: the pool size. */
  poolSize?: number;
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

const INT8_OID = 20;

/**
 * A PostgreSQL URL may name the schema to use as `?schema=name` (several instances or test
 * runs can then share one database); `options.schema` wins over it.
 */
function openPostgres(url: string, options: OpenOptions): Db {
  const parsed = new URL(url);
  const schema = options.schema ?? parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`invalid schema name: ${schema}`);
  }
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: options.poolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    // bigint counts and sequence numbers fit a double for any realistic deployment.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect: 'postgres', schema, close: () => kysely.destroy() };
}
