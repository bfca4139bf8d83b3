/**
 * A prepared-statement cache for better-sqlite3. Kysely's SQLite driver calls `prepare(sql)` for
 * every query it runs, and preparing (parsing and planning) costs several times what executing
 * a small indexed statement does. `cachingDatabase` hands Kysely a handle whose `prepare`
 * returns the statement prepared earlier for the same text on the same connection, so hot
 * queries (the token lookup every request makes, the page lookups) are prepared once.
 *
 * Safe because the cache is per connection and better-sqlite3 is synchronous: a statement runs
 * to completion inside `all`/`run`/`get` before the next one starts. The only exception is an
 * iterator still open (Kysely's `stream()`): a statement that is `busy` is never handed out
 * again; a fresh one is prepared instead. SQLite re-prepares a cached statement itself when the
 * schema changes under it (a migration), so a cached statement never runs a stale plan.
 */
import type Sqlite from 'better-sqlite3';

/** How many distinct statement texts a connection keeps prepared (least recently used go). */
export const STATEMENT_CACHE_SIZE = 500;

/** The part of a better-sqlite3 handle Kysely's `SqliteDialect` uses. */
export type KyselySqliteHandle = {
  prepare(sql: string): Sqlite.Statement;
  close(): void;
};

const caches = new WeakMap<Sqlite.Database, Map<string, Sqlite.Statement>>();

/**
 * The statement for `sql` on `sqlite`, prepared on first use and reused after, unless it is
 * busy (an open iterator), when a fresh uncached one is returned.
 */
export function preparedStatement(sqlite: Sqlite.Database, sql: string): Sqlite.Statement {
  let cache = caches.get(sqlite);
  if (!cache) {
    cache = new Map();
    caches.set(sqlite, cache);
  }
  const cached = cache.get(sql);
  if (cached) {
    if (cached.busy) return sqlite.prepare(sql);
    // Move to the back: Map iteration order is insertion order, so the front is the oldest.
    cache.delete(sql);
    cache.set(sql, cached);
    return cached;
  }
  const statement = sqlite.prepare(sql);
  cache.set(sql, statement);
  if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return statement;
}

/** A handle for Kysely's `SqliteDialect` that prepares each statement text once. */
export function cachingDatabase(sqlite: Sqlite.Database): KyselySqliteHandle {
  return {
    prepare: (sql) => preparedStatement(sqlite, sql),
    close: () => {
      caches.delete(sqlite);
      sqlite.close();
    },
  };
}
