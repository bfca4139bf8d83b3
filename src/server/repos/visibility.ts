/**
 * Who may see what, in one place. An item is visible to a person when it is live and public or
 * theirs; a comment also needs the item it is on to be visible (comments are on bookmarks,
 * snippets and statuses, never on comments, so one level suffices); a like needs its item to be
 * visible. `visibleItemSql` says the same in SQL for queries over `items`.
 */
import { type RawBuilder, sql } from 'kysely';
import type { ItemRow } from '../db/schema.ts';

/** True when `row` alone (ignoring any target) is visible to `me`. */
export function ownVisible(row: Pick<ItemRow, 'deleted_at' | 'visibility' | 'owner'>, me: string) {
  return row.deleted_at === null && (row.visibility === 'public' || row.owner === me);
}

/** True when `row` is visible to `me`, given its target (for comments) when it has one. */
export function isVisible(row: ItemRow, target: ItemRow | undefined, me: string): boolean {
  if (!ownVisible(row, me)) return false;
  if (row.target_id === null) return true;
  return target !== undefined && ownVisible(target, me);
}

/** True when `row` is visible to everyone (public, live, on a public live item). */
export function isPublic(row: ItemRow, target?: ItemRow): boolean {
  if (row.deleted_at !== null || row.visibility !== 'public') return false;
  if (row.target_id === null) return true;
  return target !== undefined && target.deleted_at === null && target.visibility === 'public';
}

/**
 * SQL condition: the item row under `alias` is visible to `me`. For example
 * `db.selectFrom('items').where(visibleItemSql(me))` or, joined as `i`, `visibleItemSql(me, 'i')`.
 */
export function visibleItemSql(me: string, alias = 'items'): RawBuilder<boolean> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<boolean>`(${col('deleted_at')} IS NULL
    AND (${col('visibility')} = 'public' OR ${col('owner')} = ${me})
    AND (${col('target_id')} IS NULL OR EXISTS (
      SELECT 1 FROM items vis_target WHERE vis_target.id = ${col('target_id')}
        AND vis_target.deleted_at IS NULL
        AND (vis_target.visibility = 'public' OR vis_target.owner = ${me}))))`;
}
