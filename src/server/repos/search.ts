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
 *
 * Group items (issue 15): their author finds them as their own. Others find the ones they may
 * see (`visibility.ts`) through a third branch that walks only those items, newest first, and
 * asks the index whether each matches (SQLite: the item's private-index row, terms prefixed with
 * its author's token; PostgreSQL: the tsvector), so its cost depends on the group items the
 * caller may see, never on others. Comments on them come with them (the SQLite index files a
 * comment on another person's non-public item under that person's token; PostgreSQL finds them
 * through the public branch, as comments are `public` and `visibleItemSql` checks their item).
 */
import { sql } from 'kysely';
import type { Item, ItemType } from '../../core/wire.ts';
import type { Db } from '../db/open.ts';
import { ownerToken, PRIVATE_WORDS_FUNCTION, privateWords } from '../db/private-tokens.ts';
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
 * SQL for a FROM clause: `seen(item_id)`, the items shared with a group `me` sees (open, or one
 * they are in), read from the groups side, so a search walks only those items.
 */
function seenGroupItemsSql(me: string) {
  return sql`(SELECT DISTINCT ig.item_id AS item_id FROM groups sg
    JOIN item_groups ig ON ig.group_id = sg.id
    WHERE sg.deleted_at IS NULL AND (sg.kind = 'open' OR EXISTS (SELECT 1 FROM group_members sm
      WHERE sm.group_id = sg.id AND sm.handle = ${me}))) seen`;
}

/**
 * The MATCH expression, in SQL, for the private index's row of a group item `g` (or of a
 * comment on one; `g.owner` is then the item's author): its words are filed under the item's
 * author's token (migration 004), so the terms are prefixed with it per row
 * (`outloud_private_words`, the function the index triggers call). Terms without a word left
 * are dropped, as `sqliteMatches` drops them; none left: an expression no row matches.
 */
function groupMatchSql(terms: string[], type: ItemType | undefined) {
  const token = sql`('o' || hex(g.owner))`;
  const kept = terms.filter((t) => privateWords('o', t) !== '');
  if (kept.length === 0) return sql`${'{content} : "oz"'}`;
  const phrases = kept.map(
    (t, i) =>
      sql`'"' || ${sql.raw(PRIVATE_WORDS_FUNCTION)}(${token}, ${t}) || '"' || ${i === kept.length - 1 ? '*' : ''}`,
  );
  const words = sql.join(phrases, sql` || ' ' || `);
  const kind = type ? sql` || ' AND {kind} : "' || ${token} || 'y' || ${type} || '"'` : sql``;
  return sql`('{content} : (' || ${words} || ')'${kind})`;
}

/**
 * The SQLite search statement: the newest `limit` index hits the caller may see, from the
 * public index and from the caller's own words in the private one (`004` in
 * `migrations.ts`), each branch stopping at `limit` hits the caller may see (`visibleItemSql` in
 * the branch: the indexes also hold rows a moderator hid, and a branch that stopped at `limit`
 * hits before filtering them gave a short page that said no more followed); then the items by
 * primary key, checked again as a guard.
 */
export function sqliteSearchSql(
  me: string,
  terms: string[],
  type: ItemType | undefined,
  before: number | null,
  limit: number,
) {
  const match = sqliteMatches(me, terms, type);
  const below = (table: string) =>
    before === null ? sql`` : sql`AND ${sql.ref(`${table}.rowid`)} < ${before}`;
  const mapBelow = before === null ? sql`` : sql`AND m.fts_rowid < ${before}`;
  const columns = sql.join(ITEM_COLUMNS.map((c) => sql.ref(`items.${c}`)));
  return sql<ItemRow & { fts_rowid: number }>`
    WITH hits AS (
      SELECT * FROM (SELECT items_fts_public.rowid AS fts_rowid, items_fts_public.id AS id
        FROM items_fts_public CROSS JOIN items pv ON pv.id = items_fts_public.id
        WHERE items_fts_public MATCH ${match.public} ${below('items_fts_public')}
          AND ${visibleItemSql(me, 'pv')}
        ORDER BY items_fts_public.rowid DESC LIMIT ${limit})
      UNION ALL
      SELECT * FROM (SELECT items_fts_private.rowid AS fts_rowid, items_fts_private.id AS id
        FROM items_fts_private CROSS JOIN items ov ON ov.id = items_fts_private.id
        WHERE items_fts_private MATCH ${match.private} ${below('items_fts_private')}
          AND ${visibleItemSql(me, 'ov')}
        ORDER BY items_fts_private.rowid DESC LIMIT ${limit})
      UNION ALL
      SELECT * FROM (SELECT m.fts_rowid AS fts_rowid, g.id AS id FROM (
          SELECT gi.id AS id, gi.owner AS owner FROM ${seenGroupItemsSql(me)}
            CROSS JOIN items gi ON gi.id = seen.item_id
            WHERE gi.visibility = 'group' AND gi.owner <> ${me} AND gi.deleted_at IS NULL
          UNION ALL
          SELECT gc.id AS id, gi.owner AS owner FROM ${seenGroupItemsSql(me)}
            CROSS JOIN items gi ON gi.id = seen.item_id
            CROSS JOIN items gc ON gc.target_id = gi.id
            WHERE gi.visibility = 'group' AND gi.owner <> ${me} AND gi.deleted_at IS NULL
              AND gc.type = 'comment' AND gc.deleted_at IS NULL
        ) g CROSS JOIN items_fts_map m ON m.id = g.id
        CROSS JOIN items gv ON gv.id = g.id
        WHERE ${visibleItemSql(me, 'gv')} ${mapBelow}
          AND EXISTS (SELECT 1 FROM items_fts_private WHERE items_fts_private.rowid = m.fts_rowid
            AND items_fts_private MATCH ${groupMatchSql(terms, type)})
        ORDER BY m.fts_rowid DESC LIMIT ${limit})
    )
    SELECT ${columns}, hits.fts_rowid AS fts_rowid
    FROM hits CROSS JOIN items ON items.id = hits.id
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
 * `items_search_public`, the caller's own other items through `items_owner_created`, and
 * others' group items the caller sees (`visibleItemSql`), each newest first and stopping at
 * `limit`, merged. Another person's private item is in no branch.
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
  const branch = (whose: 'public' | 'mine' | 'groups') => {
    let query = k
      .selectFrom('items')
      .select(ITEM_COLUMNS)
      .where(sql<boolean>`items.search @@ to_tsquery('simple', ${tsQuery(terms)})`)
      .where('items.deleted_at', 'is', null)
      .where(visibleItemSql(me))
      .where(afterSql(db.dialect, sql.ref('items.created_at'), sql.ref('items.id'), after));
    if (whose === 'public') query = query.where('items.visibility', '=', 'public');
    if (whose === 'mine') {
      query = query.where('items.owner', '=', me).where('items.visibility', '<>', 'public');
    }
    if (whose === 'groups') {
      query = query
        .where('items.visibility', '=', 'group')
        .where('items.owner', '<>', me)
        .where(sql<boolean>`items.id = seen.item_id`);
    }
    if (type) query = query.where('items.type', '=', type);
    return query
      .orderBy(newestFirstSql(db.dialect, sql.ref('items.created_at'), sql.ref('items.id')))
      .limit(limit);
  };
  return k
    .selectFrom(
      sql<ItemRow>`((${branch('public')}) UNION ALL (${branch('mine')})
        UNION ALL (SELECT hit.* FROM ${seenGroupItemsSql(me)}
          CROSS JOIN LATERAL (${branch('groups')}) hit
          ORDER BY hit.created_at DESC, hit.id COLLATE "C" DESC LIMIT ${limit}))`.as('hits'),
    )
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
