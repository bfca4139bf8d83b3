/**
 * Full-text search over the items the caller may see (titles, descriptions, tags, quotes,
 * snippet comments, status and comment texts), recent first, keyset-paginated so a page never
 * shifts under a reader. The query is built from quoted terms (`search-query.ts`), so no input
 * can break it.
 *
 * SQLite walks the FTS5 indexes themselves newest entry first (`ORDER BY rowid DESC`; an item
 * is re-indexed on every write, so this is "most recently created or edited first") and stops
 * as soon as a page is full: a word in 200,000 items costs what a rare one does. PostgreSQL
 * matches the `items.search` tsvector and orders by creation time.
 *
 * Who may see what is part of the index lookup on both (migration 004): public items and the
 * caller's own private ones are read, other people's private items never are, so how long a
 * search takes says nothing about what they contain.
 */
import { sql } from 'kysely';
import type { Item, ItemType } from '../../core/wire.ts';
import type { Db } from '../db/open.ts';
import { ownerToken, privateWords } from '../db/private-tokens.ts';
import type { ItemRow } from '../db/schema.ts';
import { invalid } from '../errors.ts';
import { ITEM_COLUMNS, toWireItems } from './items.ts';
import {
  afterSql,
  decodePosition,
  encodePosition,
  newestFirstSql,
  type Position,
} from './keyset.ts';
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

/** A phrase of `words` for an FTS5 query (quotes doubled), `*` making its last word a prefix. */
const phrase = (words: string, prefix: boolean) =>
  `"${words.replace(/"/g, '""')}"${prefix ? '*' : ''}`;

/**
 * The two MATCH expressions of the caller's SQLite search: the public index's, and the private
 * index's over the caller's own prefixed words (`private-tokens.ts`). Both are in the index:
 * the words, the item type, and in the private one who may find the row.
 */
export function sqliteMatches(
  me: string,
  terms: string[],
  type: ItemType | undefined,
): { public: string; private: string } {
  const own = ownerToken(me);
  const last = terms.length - 1;
  const mine = terms
    .map((t) => privateWords(own, t))
    .map((words, i) => (words ? phrase(words, i === last) : ''))
    .filter(Boolean)
    .join(' ');
  // No word left (a term of marks alone): a token no row has, so the branch finds nothing.
  const words = mine || phrase(`${own}z`, false);
  return {
    public: `{content} : (${fts5Query(terms)})${type ? ` AND {kind} : "${type}"` : ''}`,
    private: `{content} : (${words})${type ? ` AND {kind} : "${own}y${type}"` : ''}`,
  };
}

/**
 * The SQLite search statement: the newest `limit` index hits the caller may see, from the
 * public index and from the caller's own words in the private one (`004` in
 * `migrations.ts`), each branch stopping at `limit`; then the items by primary key.
 * `visibleItemSql` is checked again on those few rows, as a guard.
 */
export function sqliteSearchSql(
  me: string,
  terms: string[],
  type: ItemType | undefined,
  before: number | null,
  limit: number,
) {
  const match = sqliteMatches(me, terms, type);
  const below = before === null ? sql`` : sql`AND rowid < ${before}`;
  const columns = sql.join(ITEM_COLUMNS.map((c) => sql.ref(`items.${c}`)));
  return sql<ItemRow & { fts_rowid: number }>`
    WITH hits AS (
      SELECT * FROM (SELECT rowid AS fts_rowid, id FROM items_fts_public
        WHERE items_fts_public MATCH ${match.public} ${below} ORDER BY rowid DESC LIMIT ${limit})
      UNION ALL
      SELECT * FROM (SELECT rowid AS fts_rowid, id FROM items_fts_private
        WHERE items_fts_private MATCH ${match.private} ${below}
        ORDER BY rowid DESC LIMIT ${limit})
    )
    SELECT ${columns}, hits.fts_rowid AS fts_rowid
    FROM hits JOIN items ON items.id = hits.id
    WHERE ${visibleItemSql(me)}
    ORDER BY hits.fts_rowid DESC LIMIT ${limit}`;
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
  const rows = await sqliteSearchSql(me, terms, type, before, limit + 1).execute(db.kysely);
  const page = rows.rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await toWireItems(db.kysely, me, page),
    cursor: last ? Buffer.from(`f${last.fts_rowid}`).toString('base64url') : (cursor ?? ''),
    hasMore: rows.rows.length > limit,
  };
}

/**
 * The PostgreSQL search query: live public matches through the partial GIN index
 * `items_search_public`, and the caller's own private items through `items_owner_created`,
 * each newest first and stopping at `limit`, merged. Another person's private item is in
 * neither index path.
 */
export function postgresSearchQuery(
  db: Db,
  me: string,
  terms: string[],
  type: ItemType | undefined,
  after: Position | null,
  limit: number,
) {
  const k = db.kysely;
  const branch = (mine: boolean) => {
    let query = k
      .selectFrom('items')
      .select(ITEM_COLUMNS)
      .where(sql<boolean>`items.search @@ to_tsquery('simple', ${tsQuery(terms)})`)
      .where('items.deleted_at', 'is', null)
      .where('items.visibility', '=', mine ? 'private' : 'public')
      .where(visibleItemSql(me))
      .where(afterSql(db.dialect, sql.ref('items.created_at'), sql.ref('items.id'), after));
    if (mine) query = query.where('items.owner', '=', me);
    if (type) query = query.where('items.type', '=', type);
    return query
      .orderBy(newestFirstSql(db.dialect, sql.ref('items.created_at'), sql.ref('items.id')))
      .limit(limit);
  };
  return k
    .selectFrom(sql<ItemRow>`((${branch(false)}) UNION ALL (${branch(true)}))`.as('hits'))
    .selectAll()
    .orderBy(newestFirstSql(db.dialect, sql.ref('hits.created_at'), sql.ref('hits.id')))
    .limit(limit);
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
  const rows = (await postgresSearchQuery(
    db,
    me,
    terms,
    type,
    after,
    limit + 1,
  ).execute()) as ItemRow[];
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await toWireItems(db.kysely, me, page),
    cursor: last ? encodePosition({ at: last.created_at, key: last.id }) : (cursor ?? ''),
    hasMore: rows.length > limit,
  };
}
