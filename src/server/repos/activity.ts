/**
 * The one way the feed and notifications turn their merged entries into wire activities: the
 * entries' items (and the items comments are on) are loaded in one lookup, and each entry gets
 * its item and, for a comment, the item it is on as `target`.
 */
import type { Item } from '../../core/wire.ts';
import type { Db } from '../db/open.ts';
import { findItems, toWireItems } from './items.ts';
import type { Position } from './keyset.ts';

/** An entry of a page before its items are loaded. */
export type ActivityEntry<Kind extends string> = Position & {
  kind: Kind;
  actor: string;
  itemId: string;
  /** The item a comment entry's item is on, to be loaded with it (null: none to load). */
  targetId: string | null;
};

/** An entry with its items: the common part of a feed activity and a notification. */
export type BuiltActivity<Kind extends string> = {
  key: string;
  kind: Kind;
  actor: string;
  at: string;
  item: Item;
  target?: Item;
};

/**
 * Each entry with its item and, when the item is a comment whose target was loaded, the target;
 * entries whose item is gone are left out. Order is kept.
 */
export async function buildActivities<Kind extends string>(
  db: Db,
  me: string,
  entries: readonly ActivityEntry<Kind>[],
): Promise<BuiltActivity<Kind>[]> {
  const items = await loadItems(
    db,
    me,
    entries.flatMap((e) => (e.targetId ? [e.itemId, e.targetId] : [e.itemId])),
  );
  const out: BuiltActivity<Kind>[] = [];
  for (const entry of entries) {
    const item = items.get(entry.itemId);
    if (!item) continue;
    const target = item.type === 'comment' ? items.get(item.targetId) : undefined;
    out.push({
      key: entry.key,
      kind: entry.kind,
      actor: entry.actor,
      at: entry.at,
      item,
      ...(target ? { target } : {}),
    });
  }
  return out;
}

/** Wire items by id as `me` reads them (with mentions and the groups `me` may see). */
export async function loadItems(
  db: Db,
  me: string,
  ids: readonly string[],
): Promise<Map<string, Item>> {
  const rows = await findItems(db.kysely, [...new Set(ids)]);
  const items = await toWireItems(db.kysely, me, [...rows.values()]);
  return new Map(items.map((i) => [i.id, i]));
}
