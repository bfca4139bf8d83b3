/**
 * Bookmarks, snippets, statuses and comments: reading rows, turning them into wire objects, and
 * the writes every item type shares (insert, update, soft delete, mentions, change log).
 */
import type { Kysely } from 'kysely';
import type { HiddenMarker, Item, ItemType, Quote } from '../../core/wire.ts';
import { type ChangeEntry, recordChanges } from '../db/changes.ts';
import { discussionOfRow, touchDiscussions } from '../db/discussion-versions.ts';
import { touchPages } from '../db/page-versions.ts';
import type { Database, ItemRow, NewItemRow } from '../db/schema.ts';
import { groupsOfItems, isPublic, readableGroupsOf } from './visibility.ts';

type Q = Kysely<Database>;

/** The content columns a PUT sets; the rest (owner, times) the repository manages. */
export type ItemFields = Partial<
  Pick<
    NewItemRow,
    | 'url'
    | 'url_key'
    | 'title'
    | 'description'
    | 'tags'
    | 'quote'
    | 'comment'
    | 'text'
    | 'question'
    | 'target_id'
    | 'visibility'
  >
>;

const CONTENT_COLUMNS = [
  'url',
  'url_key',
  'title',
  'description',
  'tags',
  'quote',
  'comment',
  'text',
  'question',
  'target_id',
  'visibility',
] as const;

/**
 * Every column of `ItemRow`, for `select(ITEM_COLUMNS)`. Use it instead of `selectAll()`: on
 * PostgreSQL `items` also has the generated `search` column, which must not be written back.
 */
export const ITEM_COLUMNS = [
  'id',
  'type',
  'owner',
  ...CONTENT_COLUMNS,
  'created_at',
  'updated_at',
  'deleted_at',
  'hidden_at',
  'hidden_by',
  'hidden_reason',
] as const;

/** A quote as canonical JSON (fixed key order), so equal quotes compare equal as text. */
export function quoteJson(quote: Quote): string {
  const { exact, prefix, suffix, start, end } = quote;
  return JSON.stringify({ exact, prefix, suffix, start, end });
}

/** One item by id, whatever its state, or undefined. */
export async function findItem(q: Q, id: string): Promise<ItemRow | undefined> {
  return q.selectFrom('items').select(ITEM_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Items by id, as a map. */
export async function findItems(q: Q, ids: readonly string[]): Promise<Map<string, ItemRow>> {
  const map = new Map<string, ItemRow>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await q
      .selectFrom('items')
      .select(ITEM_COLUMNS)
      .where('id', 'in', chunk)
      .execute();
    for (const row of rows) map.set(row.id, row);
  }
  return map;
}

/** Mentioned handles per item id. */
export async function mentionsOf(q: Q, ids: readonly string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await q
      .selectFrom('mentions')
      .select(['item_id', 'handle'])
      .where('item_id', 'in', ids.slice(i, i + 500))
      .orderBy('handle')
      .execute();
    for (const row of rows) map.set(row.item_id, [...(map.get(row.item_id) ?? []), row.handle]);
  }
  return map;
}

/**
 * The moderation marker of a hidden row as `reader` sees it (`HiddenMarker`): its author reads
 * when and why, its moderators also who hid it; nothing when it is not hidden.
 */
export function hiddenMarker(row: ItemRow, reader?: string): { hidden?: HiddenMarker } {
  if (row.hidden_at === null) return {};
  const by =
    reader !== undefined && reader !== row.owner && row.hidden_by ? { by: row.hidden_by } : {};
  return { hidden: { at: row.hidden_at, reason: row.hidden_reason ?? '', ...by } };
}

/**
 * The wire form of a live item row with its mentions and, for a group item, the groups it is
 * shared with that the reader may see (`readableGroupsOf`); `reader` decides what a hidden
 * row's marker says (`hiddenMarker`).
 */
export function toWireItem(
  row: ItemRow,
  mentions: readonly string[] = [],
  groups?: readonly string[],
  reader?: string,
): Item {
  const owned = {
    id: row.id,
    owner: row.owner,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...hiddenMarker(row, reader),
  };
  const shared = row.visibility === 'group' ? { groups: [...(groups ?? [])] } : {};
  switch (row.type) {
    case 'bookmark':
      return {
        type: 'bookmark',
        ...owned,
        url: row.url ?? '',
        urlKey: row.url_key ?? '',
        title: row.title,
        description: row.description,
        tags: JSON.parse(row.tags) as string[],
        visibility: row.visibility,
        ...shared,
      };
    case 'snippet':
      return {
        type: 'snippet',
        ...owned,
        url: row.url ?? '',
        urlKey: row.url_key ?? '',
        title: row.title,
        quote: JSON.parse(row.quote ?? '{"exact":""}') as Quote,
        comment: row.comment,
        mentions: [...mentions],
        visibility: row.visibility,
        ...shared,
      };
    case 'status':
      return {
        type: 'status',
        ...owned,
        text: row.text,
        url: row.url,
        urlKey: row.url_key,
        title: row.title,
        question: row.question === 1,
        mentions: [...mentions],
        visibility: row.visibility,
        ...shared,
      };
    case 'comment':
      return {
        type: 'comment',
        ...owned,
        targetId: row.target_id ?? '',
        text: row.text,
        mentions: [...mentions],
      };
  }
}

/** Wire items for rows as `me` reads them, loading their mentions and groups in two queries. */
export async function toWireItems(q: Q, me: string, rows: readonly ItemRow[]): Promise<Item[]> {
  const ids = rows.map((r) => r.id);
  const mentions = await mentionsOf(q, ids);
  const groups = await readableGroupsOf(
    q,
    me,
    rows.filter((r) => r.visibility === 'group').map((r) => r.id),
  );
  return rows.map((row) => toWireItem(row, mentions.get(row.id) ?? [], groups.get(row.id), me));
}

/** True when a stored row already holds exactly `fields` and `mentions`. */
export function sameContent(
  row: ItemRow,
  fields: ItemFields,
  rowMentions: readonly string[],
  mentions: readonly string[],
): boolean {
  const same = CONTENT_COLUMNS.every((c) => (row[c] ?? null) === (fields[c] ?? null));
  return same && [...rowMentions].sort().join() === [...mentions].sort().join();
}

/** Each item's groups and whether one is open (`groupsOfItems`), for change-log audiences. */
export type Audiences = ReadonlyMap<string, { groups: string[]; open: boolean }>;

/** The ids in `audiences` shared with an open group. */
export const openlyShared = (audiences: Audiences): Set<string> =>
  new Set([...audiences].filter(([, a]) => a.open).map(([id]) => id));

/**
 * The change-log entry for an item in its current state (`target`: a comment's item). Its
 * readers: everyone when everyone sees it, and the members of the groups of the item (or of the
 * comment's item) as `audiences` gives them.
 */
export function itemChange(row: ItemRow, target?: ItemRow, audiences: Audiences = new Map()) {
  const root = target ?? row;
  return {
    kind: row.type as ItemType,
    key: row.id,
    owner: row.owner,
    targetOwner: target?.owner ?? null,
    public: isPublic(row, target, openlyShared(audiences)),
    groups: root.deleted_at === null ? (audiences.get(root.id)?.groups ?? []) : [],
    admins: root.visibility === 'public',
  } satisfies ChangeEntry;
}

/** Replaces an item's mentions. */
export async function setMentions(q: Q, id: string, handles: readonly string[]): Promise<void> {
  await q.deleteFrom('mentions').where('item_id', '=', id).execute();
  if (handles.length > 0) {
    await q
      .insertInto('mentions')
      .values(handles.map((handle) => ({ item_id: id, handle })))
      .execute();
  }
}

/** Of `handles`, those that belong to people (deduplicated, sorted). */
export async function existingHandles(q: Q, handles: readonly string[]): Promise<string[]> {
  const unique = [...new Set(handles)];
  if (unique.length === 0) return [];
  const rows = await q.selectFrom('users').select('handle').where('handle', 'in', unique).execute();
  // A former handle (renamed by an admin) mentions the person under their current one.
  const aliases = await q
    .selectFrom('handle_aliases')
    .select('handle')
    .where('old_handle', 'in', unique)
    .execute();
  return [...new Set([...rows, ...aliases].map((r) => r.handle))].sort();
}

/**
 * Change entries for what depends on item `row` (its comments, the likes on it and on its
 * comments), after its visibility changed or it was deleted: readers who could see them get
 * them again, as values or tombstones. `target`: when `row` is a comment (a moderator hid or
 * showed it), the item it is on, whose audience its likes share.
 */
export async function dependentChanges(
  q: Q,
  row: ItemRow,
  audiences: Audiences = new Map(),
  target?: ItemRow,
): Promise<ChangeEntry[]> {
  const root = target ?? row;
  const comments = await q
    .selectFrom('items')
    .select(ITEM_COLUMNS)
    .where('target_id', '=', row.id)
    .where('type', '=', 'comment')
    .execute();
  const entries: ChangeEntry[] = comments.map((c) => itemChange(c, row, audiences));
  const open = openlyShared(audiences);
  const groups =
    row.deleted_at === null && root.deleted_at === null
      ? (audiences.get(root.id)?.groups ?? [])
      : [];
  const visible = new Map<string, boolean>([[row.id, isPublic(row, target, open)]]);
  for (const c of comments) visible.set(c.id, isPublic(c, row, open));
  const targetIds = [row.id, ...comments.map((c) => c.id)];
  for (let i = 0; i < targetIds.length; i += 500) {
    const likes = await q
      .selectFrom('likes')
      .innerJoin('items', 'items.id', 'likes.target_id')
      .select(['likes.owner', 'likes.target_id', 'items.owner as target_owner'])
      .where('likes.target_id', 'in', targetIds.slice(i, i + 500))
      .execute();
    for (const like of likes) {
      entries.push({
        kind: 'like',
        key: `${like.owner}/${like.target_id}`,
        owner: like.owner,
        targetOwner: like.target_owner,
        public: visible.get(like.target_id) ?? false,
        groups,
        admins: root.visibility === 'public',
      });
    }
  }
  return entries;
}

/** The groups item `id` is shared with (sorted). */
export async function itemGroups(q: Q, id: string): Promise<string[]> {
  const rows = await q
    .selectFrom('item_groups')
    .select('group_id')
    .where('item_id', '=', id)
    .orderBy('group_id')
    .execute();
  return rows.map((r) => r.group_id);
}

/** Replaces the groups item `id` is shared with. */
export async function setItemGroups(q: Q, id: string, groups: readonly string[]): Promise<void> {
  await q.deleteFrom('item_groups').where('item_id', '=', id).execute();
  if (groups.length > 0) {
    await q
      .insertInto('item_groups')
      .values(groups.map((group_id) => ({ item_id: id, group_id })))
      .execute();
  }
}

/** The audiences (`groupsOfItems`) of `row` and of its target. */
export async function audiencesOf(q: Q, row: ItemRow, target?: ItemRow): Promise<Audiences> {
  return groupsOfItems(q, target ? [row.id, target.id] : [row.id]);
}

/**
 * Inserts a new item with its mentions (and, `visibility = 'group'`, the groups it is shared
 * with) and logs it.
 */
export async function insertItem(
  q: Q,
  row: ItemRow,
  mentions: readonly string[],
  target?: ItemRow,
  groups: readonly string[] = [],
): Promise<void> {
  await q.insertInto('items').values(row).execute();
  await setMentions(q, row.id, mentions);
  await setItemGroups(q, row.id, groups);
  await touchPages(q, [row.url_key, target?.url_key]);
  await touchDiscussions(q, [discussionOfRow(row)]);
  await recordChanges(q, [itemChange(row, target, await audiencesOf(q, row, target))]);
}

/**
 * Updates an item's content, mentions and groups (`groups`: undefined for a comment, whose
 * audience is its item's) and logs it, and its dependents when its audience changed.
 */
export async function updateItem(
  q: Q,
  before: ItemRow,
  after: ItemRow,
  mentions: readonly string[],
  target?: ItemRow,
  groups?: readonly string[],
): Promise<void> {
  const { id, ...values } = after;
  await q.updateTable('items').set(values).where('id', '=', id).execute();
  await setMentions(q, id, mentions);
  let moved = before.visibility !== after.visibility;
  if (groups !== undefined) {
    const old = await itemGroups(q, id);
    if (old.join() !== [...groups].sort().join()) {
      moved = true;
      await setItemGroups(q, id, groups);
    }
  }
  const audiences = await audiencesOf(q, after, target);
  const dependents = moved ? await dependentChanges(q, after, audiences) : [];
  await touchPages(q, [before.url_key, after.url_key, target?.url_key]);
  await touchDiscussions(q, [discussionOfRow(before), discussionOfRow(after)]);
  await recordChanges(q, [itemChange(after, target, audiences), ...dependents]);
}

/**
 * What a deleted item keeps: its id, type, owner, visibility and times, all a tombstone needs
 * (`410` on reuse of the id, `403`/`404` answers, the change log). Everything it said, where
 * it was (`url`, `url_key`) and what it was on (`target_id`) is erased in the same statement;
 * migration 003 did the same to items deleted before.
 */
export const ERASED_CONTENT = {
  url: null,
  url_key: null,
  title: '',
  description: '',
  tags: '[]',
  quote: null,
  comment: '',
  text: '',
  question: 0,
  target_id: null,
} as const satisfies ItemFields;

/** The hide columns of a row no moderator hid (a deleted item keeps no hide either). */
export const UNHIDDEN = { hidden_at: null, hidden_by: null, hidden_reason: null } as const;

/** Soft-deletes an item (its content is erased, its id kept as a tombstone) and logs it. */
export async function deleteItem(q: Q, row: ItemRow, now: string): Promise<void> {
  const erased: ItemRow = {
    ...row,
    ...ERASED_CONTENT,
    ...UNHIDDEN,
    updated_at: now,
    deleted_at: now,
  };
  const { id, ...values } = erased;
  await q.updateTable('items').set(values).where('id', '=', id).execute();
  await setMentions(q, id, []);
  await setItemGroups(q, id, []);
  const target = row.target_id ? await findItem(q, row.target_id) : undefined;
  const audiences = await audiencesOf(q, erased, target);
  const dependents = await dependentChanges(q, erased, audiences);
  await touchPages(q, [row.url_key, target?.url_key]);
  await touchDiscussions(q, [discussionOfRow(row)]);
  await recordChanges(q, [itemChange(erased, target, audiences), ...dependents]);
}
