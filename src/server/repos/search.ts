/**
 * Full-text search over the items the caller may see (titles, descriptions, tags, quotes,
 * snippet comments, status and comment texts), recent first, keyset-paginated so a page never
 * shifts under a reader. The query is built from quoted terms (`search-query.ts`), so no input
 * can break it.
 *
 * SQLite walks the FTS5 index itself newest entry first (`ORDER BY rowid DESC`; an item is
 * re-indexed on every write, so this is "most recently created or edited first") and stops as
 * soon as a page is full: a word in 200,000 items costs what a rare one does. PostgreSQL matches
 * the `items.search` tsvector and orders by creation time.
 */
import { sql } from 'kysely';
import type { Item, ItemType } from '../../core/wire.ts';
import type { Db } from '../db/open.ts';
import type { ItemRow } from '../db/schema.ts';
import { invalid } from '../errors.ts';
import { ITEM_COLUMNS, toWireItems } from './items.ts';
import { afterSql, decodePosition, encodePosition, newestFirstSql } from './keyset.ts';
import { fts5Query, searchTerms, tsQuery } from './search-query.ts';
import { visibleItemSql } from './visibility.ts';

export type SearchResult = { items: Item[]; cursor: string; hasMore: boolean };

/** One page of items matching `q` for `me`, optionally of one `type`, after `cursor`. */
export async function searchPage(
  db: Db,
  me: string,
  q: string,
  type: ItemType | undefined,
  cursor: string | undefined,
  limit: number,
): Promise<SearchResult> {
  const terms = searchTerms(q);
  if (terms.length === 0) {
    // Nothing to search for (only operators or punctuation); a malformed cursor is still a 400.
    if (db.dialect === 'postgres') position(cursor);
    else ftsCursor(cursor);
    return { items: [], cursor: cursor ?? '', hasMore: false };
  }
  const search = db.dialect === 'postgres' ? searchPostgres : searchSqlite;
  return search(db, me, terms, type, cursor, limit);
}

/** The FTS rowid in a SQLite search cursor (`f<rowid>`); null for none; 400 when malformed. */
function ftsCursor(cursor: string | undefined): number | null {
  if (cursor === undefined || cursor === '') return null;
  const match = /^f(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalid('querystring/cursor is not a search cursor');
  return Number(match[1]);
}

function position(cursor: string | undefined) {
  const decoded = decodePosition(cursor);
  if (decoded === undefined) throw invalid('querystring/cursor is not a search cursor');
  return decoded;
}

async function searchSqlite(
  db: Db,
  me: string,
  terms: string[],
  type: ItemType | undefined,
  cursor: string | undefined,
  limit: number,
): Promise<SearchResult> {
  const before = ftsCursor(cursor);
  const columns = sql.join(ITEM_COLUMNS.map((c) => sql.ref(`items.${c}`)));
  const rows = await sql<ItemRow & { fts_rowid: number }>`
    SELECT ${columns}, items_fts.rowid AS fts_rowid
    FROM items_fts JOIN items ON items.id = items_fts.id
    WHERE items_fts MATCH ${fts5Query(terms)}
      AND ${before === null ? sql`1 = 1` : sql`items_fts.rowid < ${before}`}
      AND ${visibleItemSql(me)}
      AND ${type ? sql`items.type = ${type}` : sql`1 = 1`}
    ORDER BY items_fts.rowid DESC LIMIT ${limit + 1}`.execute(db.kysely);
  const page = rows.rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await toWireItems(db.kysely, page),
    cursor: last ? Buffer.from(`f${last.fts_rowid}`).toString('base64url') : (cursor ?? ''),
    hasMore: rows.rows.length > limit,
  };
}

async function searchPostgres(
  db: Db,
  me: string,
  terms: string[],
  type: ItemType | undefined,
  cursor: string | undefined,
  limit: number,
): Promise<SearchResult> {
  const after = position(cursor);
  let query = db.kysely
    .selectFrom('items')
    .select(ITEM_COLUMNS)
    .where(sql<boolean>`items.search @@ to_tsquery('simple', ${tsQuery(terms)})`)
    .where(visibleItemSql(me))
    .where(afterSql(db.dialect, sql.ref('items.created_at'), sql.ref('items.id'), after));
  if (type) query = query.where('items.type', '=', type);
  const rows = await query
    .orderBy(newestFirstSql(db.dialect, sql.ref('items.created_at'), sql.ref('items.id')))
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await toWireItems(db.kysely, page),
    cursor: last ? encodePosition({ at: last.created_at, key: last.id }) : (cursor ?? ''),
    hasMore: rows.length > limit,
  };
}
