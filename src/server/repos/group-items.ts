/**
 * What happens to the items a group shares when the group changes as a whole: its kind changes
 * (who sees them changes), or it is deleted (they leave it; those shared with it alone become
 * private to their authors). Either way every such item, its comments and the likes on them are
 * logged again with their new audience, so readers who gained them get them and readers who lost
 * them get tombstones (`db/changes.ts`), and their pages' versions move (the page cache).
 */
import type { Kysely } from 'kysely';
import { recordChanges } from '../db/changes.ts';
import { discussionOfRow, touchDiscussions } from '../db/discussion-versions.ts';
import { touchPages } from '../db/page-versions.ts';
import type { Database, ItemRow } from '../db/schema.ts';
import { dependentChanges, findItems, ITEM_COLUMNS, itemChange } from './items.ts';
import { groupsOfItems } from './visibility.ts';

type Q = Kysely<Database>;

/** The live items shared with group `groupId`. */
async function sharedItems(q: Q, groupId: string): Promise<ItemRow[]> {
  return q
    .selectFrom('item_groups as ig')
    .innerJoin('items', 'items.id', 'ig.item_id')
    .select(ITEM_COLUMNS.map((c) => `items.${c}` as const))
    .where('ig.group_id', '=', groupId)
    .where('items.deleted_at', 'is', null)
    .orderBy('items.id')
    .execute();
}

/** Logs `rows` (and what depends on them) again with their current audiences. */
async function relog(q: Q, rows: readonly ItemRow[]): Promise<void> {
  const audiences = await groupsOfItems(
    q,
    rows.map((r) => r.id),
  );
  const entries = [];
  for (const row of rows) {
    entries.push(itemChange(row, undefined, audiences));
    entries.push(...(await dependentChanges(q, row, audiences)));
  }
  await touchPages(
    q,
    rows.map((r) => r.url_key),
  );
  await touchDiscussions(q, rows.map(discussionOfRow));
  await recordChanges(q, entries);
}

/** Group `groupId` changed kind: its items' readers changed. */
export async function groupKindChanged(q: Q, groupId: string): Promise<void> {
  await relog(q, await sharedItems(q, groupId));
}

/**
 * Deletes group `groupId` at `now`: its items leave it (those shared with it alone become
 * private), its requests go, its row stays as a tombstone with its memberships (so the change
 * feed still reaches its former members). Returns how many items became private.
 */
export async function deleteGroupRow(q: Q, groupId: string, now: string): Promise<number> {
  const rows = await sharedItems(q, groupId);
  const ids = rows.map((r) => r.id);
  await q.deleteFrom('item_groups').where('group_id', '=', groupId).execute();
  const still = await groupsOfItems(q, ids);
  const alone = ids.filter((id) => !still.has(id));
  for (let i = 0; i < alone.length; i += 500) {
    await q
      .updateTable('items')
      .set({ visibility: 'private', updated_at: now })
      .where('id', 'in', alone.slice(i, i + 500))
      .execute();
  }
  await q.deleteFrom('group_requests').where('group_id', '=', groupId).execute();
  await q
    .updateTable('groups')
    .set({ deleted_at: now, updated_at: now })
    .where('id', '=', groupId)
    .execute();
  await relog(q, [...(await findItems(q, ids)).values()]);
  return alone.length;
}
