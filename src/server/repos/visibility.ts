/**
 * Who may see what, in one place. An item is visible to a person when it is live and public,
 * theirs, or shared with a group (`visibility = 'group'`, groups in `item_groups`) that is open
 * or that they are in; a comment also needs the item it is on to be visible (comments are on
 * bookmarks, snippets and statuses, never on comments, so one level suffices); a like needs its
 * item to be visible. `visibleItemSql` says the same in SQL for queries over `items`; the
 * functions over rows take `viaGroup`, the ids of the rows `me` sees through a group
 * (`seenThroughGroups`), since a row does not carry its groups.
 *
 * Moderation (issue 15): an item (or comment) a moderator hid (`hidden_at`) stays visible only
 * to its author and to the people who moderate it (`moderatesSql`): the owners and moderators
 * of a live group its root (the item itself, or a comment's item) is shared with, and, for a
 * public root, organisation admins. The row functions take `moderated`, the root ids `me`
 * moderates among the hidden rows at hand (`moderatedRoots`).
 *
 * Everyone may see an item that is public, or shared with at least one open group, and not
 * hidden (`everyoneSees`): the change log sends such a row to everyone.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database, ItemRow } from '../db/schema.ts';

type Q = Kysely<Database>;

/** Ids of rows `me` may see through a group; empty when none is shared with one. */
export type ViaGroup = ReadonlySet<string>;
const NONE: ViaGroup = new Set();

type Shown = Pick<ItemRow, 'id' | 'deleted_at' | 'visibility' | 'owner' | 'hidden_at'>;

/**
 * True when `row` alone (ignoring any target) is visible to `me`; `root` is the row whose
 * moderators may see it when hidden (a comment's item; the row itself otherwise).
 */
export function ownVisible(
  row: Shown,
  me: string,
  viaGroup: ViaGroup = NONE,
  moderated: ReadonlySet<string> = NONE,
  root: Pick<ItemRow, 'id'> = row,
) {
  if (row.deleted_at !== null) return false;
  if (row.hidden_at !== null && row.owner !== me && !moderated.has(root.id)) return false;
  if (row.visibility === 'public' || row.owner === me) return true;
  return row.visibility === 'group' && viaGroup.has(row.id);
}

/** True when `row` is visible to `me`, given its target (for comments) when it has one. */
export function isVisible(
  row: ItemRow,
  target: ItemRow | undefined,
  me: string,
  viaGroup: ViaGroup = NONE,
  moderated: ReadonlySet<string> = NONE,
): boolean {
  if (!ownVisible(row, me, viaGroup, moderated, target ?? row)) return false;
  if (row.target_id === null) return true;
  return target !== undefined && ownVisible(target, me, viaGroup, moderated);
}

/**
 * True when `row` is visible to everyone: live, not hidden, and public or shared with an open
 * group (`open`: the ids of such rows, `openlyShared`), on such a live item.
 */
export function isPublic(row: ItemRow, target?: ItemRow, open: ViaGroup = NONE): boolean {
  const everyone = (r: ItemRow) =>
    r.deleted_at === null &&
    r.hidden_at === null &&
    (r.visibility === 'public' || (r.visibility === 'group' && open.has(r.id)));
  if (!everyone(row)) return false;
  if (row.target_id === null) return true;
  return target !== undefined && everyone(target);
}

/**
 * SQL: `me` moderates the root item under `root` (an alias): they own or moderate a live group
 * it is shared with, or it is public and they are an organisation admin.
 */
export function moderatesSql(me: string, root: string, p: string) {
  const col = (name: string) => sql.ref(`${root}.${name}`);
  const t = (name: string) => sql.raw(`${p}_${name}`);
  return sql<boolean>`(EXISTS (SELECT 1 FROM item_groups ${t('ig')}
      JOIN groups ${t('g')} ON ${t('g')}.id = ${t('ig')}.group_id AND ${t('g')}.deleted_at IS NULL
      JOIN group_members ${t('m')} ON ${t('m')}.group_id = ${t('ig')}.group_id
        AND ${t('m')}.handle = ${me} AND ${t('m')}.role IN ('owner', 'moderator')
      WHERE ${t('ig')}.item_id = ${col('id')})
    OR (${col('visibility')} = 'public' AND EXISTS (SELECT 1 FROM users ${t('u')}
      WHERE ${t('u')}.handle = ${me} AND ${t('u')}.role = 'admin')))`;
}

/** SQL: the row under `alias` is not hidden from `me` (its root, for moderators, is `root`). */
function shownSql(me: string, alias: string, root: string, p: string) {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<boolean>`(${col('hidden_at')} IS NULL OR ${col('owner')} = ${me}
    OR ${moderatesSql(me, root, p)})`;
}

/**
 * Of the roots of the hidden rows in `rows` (a hidden comment's item, a hidden item itself),
 * the ids `me` moderates: what `isVisible` needs to show them to their moderators. No query
 * when nothing is hidden.
 */
export async function moderatedRoots(
  q: Q,
  me: string,
  rows: ReadonlyArray<Pick<ItemRow, 'id' | 'hidden_at' | 'target_id' | 'owner'>>,
): Promise<Set<string>> {
  const roots = [
    ...new Set(
      rows.filter((r) => r.hidden_at !== null && r.owner !== me).map((r) => r.target_id ?? r.id),
    ),
  ];
  const out = new Set<string>();
  for (let i = 0; i < roots.length; i += 500) {
    const found = await q
      .selectFrom('items as mr')
      .select('mr.id')
      .where('mr.id', 'in', roots.slice(i, i + 500))
      .where(moderatesSql(me, 'mr', 'mrm'))
      .execute();
    for (const r of found) out.add(r.id);
  }
  return out;
}

/** True when `me` moderates item `row` (a comment: its item `target`). */
export async function moderates(
  q: Q,
  me: string,
  row: ItemRow,
  target: ItemRow | undefined,
): Promise<boolean> {
  const root = target ?? row;
  const found = await q
    .selectFrom('items as mr')
    .select('mr.id')
    .where('mr.id', '=', root.id)
    .where(moderatesSql(me, 'mr', 'mrm'))
    .executeTakeFirst();
  return found !== undefined;
}

/** SQL: the item `item` (an id expression) is shared with a group `me` sees (open or theirs). */
function seenThroughGroupSql(item: RawBuilder<unknown>, me: string, p: string) {
  const t = (name: string) => sql.raw(`${p}_${name}`);
  return sql<boolean>`EXISTS (SELECT 1 FROM item_groups ${t('ig')}
    JOIN groups ${t('g')} ON ${t('g')}.id = ${t('ig')}.group_id
    WHERE ${t('ig')}.item_id = ${item} AND (${t('g')}.kind = 'open' OR EXISTS (
      SELECT 1 FROM group_members ${t('m')}
      WHERE ${t('m')}.group_id = ${t('ig')}.group_id AND ${t('m')}.handle = ${me})))`;
}

/** SQL: the row under `alias` alone is visible to `me`. */
function ownVisibleSql(me: string, alias: string, p: string) {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<boolean>`(${col('deleted_at')} IS NULL AND (${col('visibility')} = 'public'
    OR ${col('owner')} = ${me}
    OR (${col('visibility')} = 'group' AND ${seenThroughGroupSql(col('id'), me, p)})))`;
}

/**
 * SQL condition: the item row under `alias` is visible to `me`. For example
 * `db.selectFrom('items').where(visibleItemSql(me))` or, joined as `i`, `visibleItemSql(me, 'i')`.
 */
export function visibleItemSql(me: string, alias = 'items'): RawBuilder<boolean> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<boolean>`(${ownVisibleSql(me, alias, 'vis')}
    AND ((${col('target_id')} IS NULL AND ${shownSql(me, alias, alias, 'vish')})
      OR EXISTS (
      SELECT 1 FROM items vis_target WHERE vis_target.id = ${col('target_id')}
        AND ${ownVisibleSql(me, 'vis_target', 'vist')}
        AND ${shownSql(me, 'vis_target', 'vis_target', 'vtsh')}
        AND ${shownSql(me, alias, 'vis_target', 'vcsh')})))`;
}

/**
 * Per item id, the groups it is shared with that `me` may see (open ones and theirs), sorted:
 * what `toWireItem` shows a reader, so a closed group's id never reaches a non-member.
 */
export async function readableGroupsOf(
  q: Q,
  me: string,
  ids: readonly string[],
): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await q
      .selectFrom('item_groups as ig')
      .innerJoin('groups as g', 'g.id', 'ig.group_id')
      .leftJoin('group_members as m', (j) =>
        j.onRef('m.group_id', '=', 'ig.group_id').on('m.handle', '=', me),
      )
      .select(['ig.item_id', 'ig.group_id'])
      .where('ig.item_id', 'in', unique.slice(i, i + 500))
      .where(sql<boolean>`(g.kind = 'open' OR m.handle IS NOT NULL)`)
      .orderBy('ig.group_id')
      .execute();
    for (const r of rows) map.set(r.item_id, [...(map.get(r.item_id) ?? []), r.group_id]);
  }
  return map;
}

/** Of the item ids `ids`, those shared with a group `me` sees (open, or one they are in). */
export async function seenThroughGroups(
  q: Q,
  me: string,
  ids: readonly string[],
): Promise<Set<string>> {
  return new Set((await readableGroupsOf(q, me, ids)).keys());
}

/** Each item's groups (ids, sorted) and whether one of them is open, for the ids given. */
export async function groupsOfItems(
  q: Q,
  ids: readonly string[],
): Promise<Map<string, { groups: string[]; open: boolean }>> {
  const out = new Map<string, { groups: string[]; open: boolean }>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await q
      .selectFrom('item_groups as ig')
      .innerJoin('groups as g', 'g.id', 'ig.group_id')
      .select(['ig.item_id', 'ig.group_id', 'g.kind'])
      .where('ig.item_id', 'in', unique.slice(i, i + 500))
      .orderBy('ig.group_id')
      .execute();
    for (const r of rows) {
      const entry = out.get(r.item_id) ?? { groups: [], open: false };
      entry.groups.push(r.group_id);
      entry.open ||= r.kind === 'open';
      out.set(r.item_id, entry);
    }
  }
  return out;
}
