/**
 * Full-text search over the items the caller may see (titles, descriptions, tags, quotes,
 * snippet comments, status and comment texts): FTS5 on SQLite, the `items.search` tsvector on
 * PostgreSQL. Results come newest first, keyset-paginated, so a page never shifts under a reader.
 * The query is built from quoted terms (`search-query.ts`), so no input can break it.
 */
import { sql } from 'kysely';
import type { Item, ItemType } from '../../core/wire.ts';
import type { Db } from '../db/open.ts';
import { ITEM_COLUMNS, toWireItems } from './items.ts';
import { afterSql, encodePosition, newestFirstSql, type Position } from './keyset.ts';
import { fts5Query, searchTerms, tsQuery } from './search-query.ts';
import { visibleItemSql } from './visibility.ts';

/** One page of items matching `q` for `me`, optionally of one `type`. */
export async function searchPage(
  db: Db,
  me: string,
  q: string,
  type: ItemType | undefined,
  position: Position | null,
  limit: number,
  incoming: string | undefined,
): Promise<{ items: Item[]; cursor: string; hasMore: boolean }> {
  const terms = searchTerms(q);
  if (terms.length === 0) return { items: [], cursor: incoming ?? '', hasMore: false };
  const matches =
    db.dialect === 'postgres'
      ? sql<boolean>`items.search @@ to_tsquery('simple', ${tsQuery(terms)})`
      : sql<boolean>`items.id IN (SELECT id FROM items_fts WHERE items_fts MATCH ${fts5Query(terms)})`;
  let query = db.kysely
    .selectFrom('items')
    .select(ITEM_COLUMNS)
    .where(matches)
    .where(visibleItemSql(me))
    .where(afterSql(db.dialect, sql.ref('items.created_at'), sql.ref('items.id'), position));
  if (type) query = query.where('items.type', '=', type);
  const rows = await query
    .orderBy(newestFirstSql(db.dialect, sql.ref('items.created_at'), sql.ref('items.id')))
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await toWireItems(db.kysely, page),
    cursor: last ? encodePosition({ at: last.created_at, key: last.id }) : (incoming ?? ''),
    hasMore: rows.length > limit,
  };
}
