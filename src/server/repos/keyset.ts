/**
 * Opaque cursors for lists ordered newest first by `(at, key)`: the feed, notifications and
 * search. The cursor names the last entry a page ended with; the next page starts strictly
 * after it, so entries written meanwhile never shift a page and none is skipped or repeated.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Dialect } from '../db/open.ts';

/** A position in a newest-first list: the entry's time and its unique tiebreak key. */
export type Position = { at: string; key: string };

/** The cursor for `position`: base64url of `k<at>|<key>`. */
export function encodePosition(position: Position): string {
  return Buffer.from(`k${position.at}|${position.key}`).toString('base64url');
}

/**
 * The position in `cursor`: null for an empty cursor (start at the newest), undefined for a
 * malformed one (the route answers 400).
 */
export function decodePosition(cursor: string | undefined): Position | null | undefined {
  if (cursor === undefined || cursor === '') return null;
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return undefined;
  const match = /^k([0-9T:.Z+-]{1,40})\|(.{1,200})$/s.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  return match ? { at: match[1]!, key: match[2]! } : undefined;
}

/** True when `a` comes after `b` in a newest-first list (older, or same time and smaller key). */
export function isAfter(a: Position, b: Position): boolean {
  return a.at < b.at || (a.at === b.at && a.key < b.key);
}

/** Newest first by time, then by key descending: the order `isAfter` walks. */
export function newestFirst(a: Position, b: Position): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  return a.key < b.key ? 1 : a.key > b.key ? -1 : 0;
}

/**
 * Merges already sorted, already cursor-filtered lists (each holding up to `limit + 1`
 * entries) into one page: the `limit` newest entries, whether more exist, and the cursor after
 * the last entry (or the incoming cursor when the page is empty).
 */
export function mergePage<T extends Position>(
  lists: readonly (readonly T[])[],
  limit: number,
  incoming: string | undefined,
): { entries: T[]; cursor: string; hasMore: boolean } {
  const all = lists.flat().sort(newestFirst);
  const entries = all.slice(0, limit);
  const last = entries.at(-1);
  return {
    entries,
    cursor: last ? encodePosition(last) : (incoming ?? ''),
    hasMore: all.length > limit,
  };
}

/**
 * SQL: the row at (`time`, `key`) comes after `position` in newest-first order. Keys compare
 * byte-wise (`COLLATE "C"` on PostgreSQL) so SQL and `isAfter` agree whatever the locale.
 */
export function afterSql(
  dialect: Dialect,
  time: RawBuilder<unknown>,
  key: RawBuilder<unknown>,
  position: Position | null,
): RawBuilder<boolean> {
  if (!position) return sql<boolean>`1 = 1`;
  const k = byteOrder(dialect, key);
  return sql<boolean>`(${time} < ${position.at} OR (${time} = ${position.at} AND ${k} < ${position.key}))`;
}

/** `key` compared byte-wise: as is on SQLite (BINARY), `COLLATE "C"` on PostgreSQL. */
export function byteOrder(dialect: Dialect, key: RawBuilder<unknown>): RawBuilder<unknown> {
  return dialect === 'postgres' ? sql`(${key}) COLLATE "C"` : key;
}

/** SQL `ORDER BY` for newest first by (`time`, `key`), the order `newestFirst` sorts. */
export function newestFirstSql(
  dialect: Dialect,
  time: RawBuilder<unknown>,
  key: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql`${time} DESC, ${byteOrder(dialect, key)} DESC`;
}
