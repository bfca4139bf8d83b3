/**
 * The SQLite prepared-statement cache: one statement per text and connection, a busy statement
 * (open iterator) never handed out twice, the oldest text dropped past the bound, and Kysely
 * through `openDatabase` still reading its own writes and surviving a schema change.
 */
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/open.ts';
import {
  cachingDatabase,
  preparedStatement,
  STATEMENT_CACHE_SIZE,
} from '../../src/server/db/statement-cache.ts';

describe('preparedStatement', () => {
  it('prepares a text once per connection', () => {
    const a = new SqliteDatabase(':memory:');
    const b = new SqliteDatabase(':memory:');
    const first = preparedStatement(a, 'SELECT 1 AS one');
    expect(preparedStatement(a, 'SELECT 1 AS one')).toBe(first);
    expect(preparedStatement(b, 'SELECT 1 AS one')).not.toBe(first);
    expect(first.get()).toEqual({ one: 1 });
    a.close();
    b.close();
  });

  it('gives a fresh statement while the cached one is iterating', () => {
    const db = new SqliteDatabase(':memory:');
    db.exec('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3)');
    const text = 'SELECT n FROM t ORDER BY n';
    const outer = preparedStatement(db, text);
    const seen: number[][] = [];
    for (const row of outer.iterate() as Iterable<{ n: number }>) {
      const inner = preparedStatement(db, text);
      expect(inner).not.toBe(outer);
      seen.push([row.n, (inner.all() as Array<{ n: number }>).length]);
    }
    expect(seen).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(preparedStatement(db, text)).toBe(outer);
    db.close();
  });

  it('drops the least recently used text past the bound', () => {
    const db = new SqliteDatabase(':memory:');
    const first = preparedStatement(db, 'SELECT 0');
    for (let i = 1; i <= STATEMENT_CACHE_SIZE; i++) {
      preparedStatement(db, `SELECT ${i}`);
      if (i === STATEMENT_CACHE_SIZE - 1) expect(preparedStatement(db, 'SELECT 0')).toBe(first);
    }
    // 'SELECT 0' was used again late, so 'SELECT 1' was the oldest and went.
    expect(preparedStatement(db, 'SELECT 0')).toBe(first);
    const one = preparedStatement(db, 'SELECT 1');
    expect(preparedStatement(db, 'SELECT 1')).toBe(one);
    db.close();
  });

  it('closes the connection through the handle Kysely gets', () => {
    const db = new SqliteDatabase(':memory:');
    cachingDatabase(db).close();
    expect(db.open).toBe(false);
  });
});

describe('openDatabase with cached statements', () => {
  it('runs repeated queries, writes and a schema change correctly', async () => {
    const db = openDatabase(':memory:');
    await sql`CREATE TABLE t (n INTEGER)`.execute(db.kysely);
    const read = () => sql<{ n: number }>`SELECT * FROM t ORDER BY n`.execute(db.kysely);
    for (const n of [1, 2, 3]) {
      await sql`INSERT INTO t (n) VALUES (${n})`.execute(db.kysely);
      expect((await read()).rows.map((r) => r.n)).toEqual([1, 2, 3].slice(0, n));
    }
    await sql`ALTER TABLE t ADD COLUMN label TEXT DEFAULT 'x'`.execute(db.kysely);
    expect((await read()).rows[0]).toEqual({ n: 1, label: 'x' });
    await db.close();
  });
});
