/**
 * The PUT / GET / DELETE logic every item type shares; the per-type modules turn a request body
 * into columns and call these. Each call is one transaction.
 */
import type { Kysely } from 'kysely';
import type { ItemType, Visibility } from '../../core/wire.ts';
import type { Db } from '../db/open.ts';
import type { Database, ItemRow } from '../db/schema.ts';
import { forbidden, HttpError, invalid, notFound } from '../errors.ts';
import {
  deleteItem,
  existingHandles,
  findItem,
  ITEM_COLUMNS,
  type ItemFields,
  insertItem,
  itemGroups,
  mentionsOf,
  sameContent,
  toWireItem,
  UNHIDDEN,
  updateItem,
} from '../repos/items.ts';
import {
  isVisible,
  moderatedRoots,
  readableGroupsOf,
  seenThroughGroups,
} from '../repos/visibility.ts';
import { queueItemEvents } from '../webhooks/events.ts';
import { type HandlerContext, isUniqueViolation, now, type Outcome } from './context.ts';
import { inOrder } from './order.ts';

export type PutSpec = {
  type: ItemType;
  id: string;
  fields: ItemFields;
  /** Handles written in the text; those that belong to people become mentions. */
  mentionCandidates: readonly string[];
  /** Bookmarks, snippets, statuses: the groups it is shared with (`audienceGroups`). */
  groups?: readonly string[];
};

/**
 * The groups a bookmark, snippet or status body shares it with: `groups` with
 * `visibility: "group"` (400 without), none otherwise (400 with).
 */
export function audienceGroups(input: {
  visibility?: Visibility;
  groups?: readonly string[];
}): string[] {
  if (input.visibility === 'group') {
    if (!input.groups) throw invalid('body/groups is needed with visibility "group"');
    return [...input.groups].sort();
  }
  if (input.groups) throw invalid('body/groups is only for visibility "group"');
  return [];
}

/** 403 unless `me` is in every group of `groups` (live ones). */
async function checkGroups(q: Kysely<Database>, me: string, groups: readonly string[]) {
  if (groups.length === 0) return;
  const rows = await q
    .selectFrom('group_members as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select('m.group_id')
    .where('m.handle', '=', me)
    .where('g.deleted_at', 'is', null)
    .where('m.group_id', 'in', [...groups])
    .execute();
  const mine = new Set(rows.map((r) => r.group_id));
  const other = groups.find((g) => !mine.has(g));
  if (other) throw forbidden(`you are not in group ${other}`);
}

/** The item row `id` locked for update (PostgreSQL) inside a write transaction. */
export async function lockItem(
  db: Db,
  q: Kysely<Database>,
  id: string,
): Promise<ItemRow | undefined> {
  return q
    .selectFrom('items')
    .select(ITEM_COLUMNS)
    .where('id', '=', id)
    .$if(db.dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** A comment's item, which must exist, be visible to the caller and not be a comment. */
async function commentTarget(q: Kysely<Database>, targetId: string, me: string): Promise<ItemRow> {
  const target = await findItem(q, targetId);
  const parent = target?.target_id ? await findItem(q, target.target_id) : undefined;
  if (!target || !(await visibleTo(q, target, parent, me))) throw notFound(`no item ${targetId}`);
  if (target.type === 'comment') {
    throw new HttpError(400, 'invalid', 'body/targetId must be a bookmark, snippet or status');
  }
  return target;
}

/** `isVisible` with the groups `me` sees the row or its target through, and what they moderate. */
export async function visibleTo(
  q: Kysely<Database>,
  row: ItemRow,
  target: ItemRow | undefined,
  me: string,
): Promise<boolean> {
  const rows = target ? [row, target] : [row];
  const via = await seenThroughGroups(
    q,
    me,
    rows.map((r) => r.id),
  );
  return isVisible(row, target, me, via, await moderatedRoots(q, me, rows));
}

async function duplicateBookmark(
  q: Kysely<Database>,
  owner: string,
  urlKey: string | null | undefined,
  id: string,
): Promise<string | undefined> {
  if (!urlKey) return undefined;
  const row = await q
    .selectFrom('items')
    .select('id')
    .where('type', '=', 'bookmark')
    .where('owner', '=', owner)
    .where('url_key', '=', urlKey)
    .where('deleted_at', 'is', null)
    .where('id', '!=', id)
    .executeTakeFirst();
  return row?.id;
}

function duplicate(existingId: string): HttpError {
  return new HttpError(409, 'duplicate', 'you already bookmarked this page', { existingId });
}

async function putOnce(ctx: HandlerContext, spec: PutSpec): Promise<Outcome> {
  const me = ctx.user.handle;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const existing = await lockItem(ctx.db, trx, spec.id);
    if (existing && existing.owner !== me)
      throw forbidden(`item ${spec.id} belongs to someone else`);
    // Older than what this device already wrote to it: answer the item as it is now.
    if (!(await inOrder(trx, ctx, spec.type, spec.id)) && existing?.type === spec.type) {
      return ownItemNow(trx, existing);
    }
    if (existing?.deleted_at) throw gone(spec.id);
    if (existing && existing.type !== spec.type) {
      throw new HttpError(409, 'conflict', `item ${spec.id} is a ${existing.type}`);
    }
    if (existing && (existing.target_id ?? null) !== (spec.fields.target_id ?? null)) {
      throw new HttpError(409, 'conflict', `comment ${spec.id} is on another item`);
    }
    const target = spec.fields.target_id
      ? await commentTarget(trx, spec.fields.target_id, me)
      : undefined;
    if (spec.type === 'bookmark') {
      const other = await duplicateBookmark(trx, me, spec.fields.url_key, spec.id);
      if (other) throw duplicate(other);
    }
    const mentions = await existingHandles(trx, spec.mentionCandidates);
    const content = normalise(spec.fields);
    const groups = spec.groups;
    if (groups) await checkGroups(trx, me, groups);
    const time = now();
    if (existing) {
      const before = (await mentionsOf(trx, [spec.id])).get(spec.id) ?? [];
      const beforeGroups = await itemGroups(trx, spec.id);
      if (
        sameContent(existing, content, before, mentions) &&
        beforeGroups.join() === (groups ?? []).join()
      ) {
        return { status: 200, body: toWireItem(existing, before, beforeGroups, me) };
      }
      const after: ItemRow = { ...existing, ...content, updated_at: time };
      await updateItem(trx, existing, after, mentions, target, groups ?? (target ? undefined : []));
      const write = { before: existing, after, target, mentions, beforeMentions: before };
      if (!ctx.quiet) await queueItemEvents(trx, write, time);
      return { status: 200, body: toWireItem(after, mentions, groups, me) };
    }
    const row: ItemRow = {
      id: spec.id,
      type: spec.type,
      owner: me,
      ...content,
      created_at: time,
      updated_at: time,
      deleted_at: null,
      ...UNHIDDEN,
    };
    await insertItem(trx, row, mentions, target, groups);
    if (!ctx.quiet) {
      await queueItemEvents(trx, { after: row, target, mentions, beforeMentions: [] }, time);
    }
    return { status: 201, body: toWireItem(row, mentions, groups) };
  });
}

function gone(id: string): HttpError {
  return new HttpError(410, 'gone', `item ${id} was deleted`);
}

/** The caller's own item as it is now: 200 with it, 410 when deleted (as a PUT answers). */
async function ownItemNow(q: Kysely<Database>, row: ItemRow): Promise<Outcome> {
  if (row.deleted_at) throw gone(row.id);
  const mentions = (await mentionsOf(q, [row.id])).get(row.id) ?? [];
  return { status: 200, body: toWireItem(row, mentions, await itemGroups(q, row.id)) };
}

type Content = Omit<
  ItemRow,
  | 'id'
  | 'type'
  | 'owner'
  | 'created_at'
  | 'updated_at'
  | 'deleted_at'
  | 'hidden_at'
  | 'hidden_by'
  | 'hidden_reason'
>;

/** Every content column, defaults filled in. */
function normalise(fields: ItemFields): Content {
  return {
    url: fields.url ?? null,
    url_key: fields.url_key ?? null,
    title: fields.title ?? '',
    description: fields.description ?? '',
    tags: fields.tags ?? '[]',
    quote: fields.quote ?? null,
    comment: fields.comment ?? '',
    text: fields.text ?? '',
    question: fields.question ?? 0,
    target_id: fields.target_id ?? null,
    visibility: fields.visibility ?? 'public',
  };
}

/**
 * Creates or updates item `spec.id` of the caller: 201 created, 200 updated or unchanged (the
 * same body again changes nothing and logs nothing), 403 someone else's id, 409 another type's
 * id or (bookmarks) a page already bookmarked under another id, 410 a deleted id.
 */
export async function putItem(ctx: HandlerContext, spec: PutSpec): Promise<Outcome> {
  try {
    return await putOnce(ctx, spec);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A concurrent PUT won the race for this id or this page: answer as if it came first.
    if (spec.type === 'bookmark') {
      const other = await duplicateBookmark(
        ctx.db.kysely,
        ctx.user.handle,
        spec.fields.url_key,
        spec.id,
      );
      if (other) throw duplicate(other);
    }
    return putOnce(ctx, spec);
  }
}

/** The caller's view of item `id` of `type`: 200 with it, or 404 when absent or not visible. */
export async function getItem(ctx: HandlerContext, type: ItemType, id: string): Promise<Outcome> {
  const q = ctx.db.kysely;
  const me = ctx.user.handle;
  const row = await findItem(q, id);
  const target = row?.target_id ? await findItem(q, row.target_id) : undefined;
  if (!row || row.type !== type || !(await visibleTo(q, row, target, me))) {
    throw notFound(`no ${type} ${id}`);
  }
  const mentions = (await mentionsOf(q, [id])).get(id) ?? [];
  const groups = (await readableGroupsOf(q, me, [id])).get(id);
  return { status: 200, body: toWireItem(row, mentions, groups, me) };
}

/**
 * Deletes the caller's item `id` of `type`: 200 `{ id, deleted: true }`, also when it was
 * already deleted (so a retried delete succeeds); 404 when there is no such item the caller
 * can see; 403 when it is someone else's visible item.
 */
export async function deleteItemById(
  ctx: HandlerContext,
  type: ItemType,
  id: string,
): Promise<Outcome> {
  const me = ctx.user.handle;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await lockItem(ctx.db, trx, id);
    if (!row || row.type !== type) throw notFound(`no ${type} ${id}`);
    if (row.owner !== me) {
      const target = row.target_id ? await findItem(trx, row.target_id) : undefined;
      if (!(await visibleTo(trx, row, target, me))) throw notFound(`no ${type} ${id}`);
      throw forbidden(`${type} ${id} belongs to someone else`);
    }
    // Older than what this device already wrote to it: a retried delete, or one overtaken.
    if (!(await inOrder(trx, ctx, type, id)) && row.deleted_at === null) {
      return ownItemNow(trx, row);
    }
    if (row.deleted_at === null) await deleteItem(trx, row, now());
    return { status: 200, body: { id, deleted: true } };
  });
}
