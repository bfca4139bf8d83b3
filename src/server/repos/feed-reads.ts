/**
 * The lists the Atom feeds and the tag page read beyond the API's own (`feed.ts` for the network,
 * `web-reads.ts` for a person): the items with a tag, the items a group shares and the items on
 * one page, newest first and keyset-paginated. Every read goes through `visibility.ts`
 * (`visibleItemSql`), so a feed or a page lists exactly what the API would show the same person.
 */
import { type RawBuilder, sql } from 'kysely';
import { tagKey } from '../../core/tags.ts';
import type { Db } from '../db/open.ts';
import { ITEM_COLUMNS, toWireItems } from './items.ts';
import { afterSql, encodePosition, newestFirstSql, type Position } from './keyset.ts';
import { visibleItemSql } from './visibility.ts';
import type { ItemPage } from './web-reads.ts';

/** SQL: the item's tags hold `tag`, regardless of case (`tagKey`; SQLite folds ASCII only). */
function hasTagSql(db: Db, tag: string): RawBuilder<boolean> {
  const key = tagKey(tag);
  return db.dialect === 'postgres'
    ? sql<boolean>`EXISTS (SELECT 1 FROM jsonb_array_elements_text(items.tags::jsonb) AS t(value)
        WHERE lower(t.value) = ${key})`
    : sql<boolean>`EXISTS (SELECT 1 FROM json_each(items.tags) AS t WHERE lower(t.value) = ${key})`;
}

/**
 * Which items a list holds: those with a tag, those a group shares, those on a page, one
 * person's, or all of them (the web stream's "everyone").
 */
export type ItemFilter =
  | { tag: string }
  | { group: string }
  | { urlKey: string }
  | { owner: string }
  | { everyone: true };

function filterSql(db: Db, filter: ItemFilter): RawBuilder<boolean> {
  if ('everyone' in filter) return sql<boolean>`1 = 1`;
  if ('tag' in filter) return hasTagSql(db, filter.tag);
  if ('group' in filter) {
    return sql<boolean>`EXISTS (SELECT 1 FROM item_groups ig
      WHERE ig.item_id = items.id AND ig.group_id = ${filter.group})`;
  }
  if ('urlKey' in filter) return sql<boolean>`items.url_key = ${filter.urlKey}`;
  return sql<boolean>`items.owner = ${filter.owner}`;
}

/**
 * Bookmarks, snippets and statuses `me` may see that `filter` selects, newest first after
 * `position`, `limit` at most.
 */
export async function filteredItems(
  db: Db,
  me: string,
  filter: ItemFilter,
  position: Position | null,
  limit: number,
): Promise<ItemPage> {
  const rows = await db.kysely
    .selectFrom('items')
    .select(ITEM_COLUMNS)
    .where('target_id', 'is', null)
    .where(filterSql(db, filter))
    .where(visibleItemSql(me))
    .where(afterSql(db.dialect, sql.ref('created_at'), sql.ref('id'), position))
    .orderBy(newestFirstSql(db.dialect, sql.ref('created_at'), sql.ref('id')))
    .limit(limit + 1)
    .execute();
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    items: await toWireItems(db.kysely, me, shown),
    next:
      rows.length > limit && last
        ? encodePosition({ at: last.created_at, key: last.id })
        : undefined,
  };
}

/** The live group `id` when `me` may read what it shares (open, or they are a member). */
export async function readableGroup(
  db: Db,
  me: string,
  id: string,
): Promise<{ id: string; name: string; kind: string } | undefined> {
  return db.kysely
    .selectFrom('groups as g')
    .select(['g.id', 'g.name', 'g.kind'])
    .where('g.id', '=', id)
    .where('g.deleted_at', 'is', null)
    .where(
      sql<boolean>`(g.kind = 'open' OR EXISTS (SELECT 1 FROM group_members m
        WHERE m.group_id = g.id AND m.handle = ${me}))`,
    )
    .executeTakeFirst();
}
