/**
 * Moderation actions on items (issue 15): hide and unhide (`PUT` / `DELETE /v1/items/{id}/hidden`)
 * by the people who moderate an item (the owners and moderators of a live group it, or a
 * comment's item, is shared with; organisation admins for a public one: `moderatesSql`), and
 * delete by an organisation admin (`DELETE /v1/items/{id}`). Each is one transaction that also
 * writes the audit log (`item.hide`, `item.unhide`, `item.delete`: moderator, item, reason,
 * time), moves the pages' and the discussion's versions (the answer caches) and logs the item and what depends on it
 * again, so the change feed sends tombstones to everyone who no longer sees it and values to
 * those who see it again. Replays change nothing and log nothing.
 *
 * Refusals: 404 when the caller may not see the item (as for any read), 403 when they see it
 * but do not moderate it (delete: are not an admin).
 */
import type { Kysely } from 'kysely';
import type { Moderation } from '../../core/wire.ts';
import { recordChanges } from '../db/changes.ts';
import { discussionOfRow, touchDiscussions } from '../db/discussion-versions.ts';
import { touchPages } from '../db/page-versions.ts';
import type { Database, ItemRow } from '../db/schema.ts';
import { forbidden, notFound } from '../errors.ts';
import { audit } from '../repos/audit.ts';
import {
  audiencesOf,
  deleteItem,
  dependentChanges,
  findItem,
  hiddenMarker,
  itemChange,
  UNHIDDEN,
} from '../repos/items.ts';
import { findUser } from '../repos/users.ts';
import { moderates } from '../repos/visibility.ts';
import { type HandlerContext, now, type Outcome } from './context.ts';
import { lockItem, visibleTo } from './items.ts';

type Q = Kysely<Database>;

/** Item `id` locked (or `row`, already locked), with its target, when `me` may see it; else 404. */
async function visibleItem(ctx: HandlerContext, trx: Q, id: string, locked?: ItemRow) {
  const row = locked ?? (await lockItem(ctx.db, trx, id));
  const target = row?.target_id ? await findItem(trx, row.target_id) : undefined;
  if (!row || !(await visibleTo(trx, row, target, ctx.user.handle))) {
    throw notFound(`no item ${id}`);
  }
  return { row, target };
}

/** 403 unless `me` moderates `row`. */
async function mustModerate(trx: Q, me: string, row: ItemRow, target: ItemRow | undefined) {
  if (!(await moderates(trx, me, row, target))) {
    throw forbidden(
      `only the moderators of item ${row.id} (its groups' owners and moderators; organisation ` +
        'admins for a public item) hide it',
    );
  }
}

/** Writes `after`'s hide columns and logs what its readers must be sent again. */
async function writeHide(trx: Q, after: ItemRow, target: ItemRow | undefined): Promise<void> {
  await trx
    .updateTable('items')
    .set({
      hidden_at: after.hidden_at,
      hidden_by: after.hidden_by,
      hidden_reason: after.hidden_reason,
    })
    .where('id', '=', after.id)
    .execute();
  const audiences = await audiencesOf(trx, after, target);
  await touchPages(trx, [after.url_key, target?.url_key]);
  await touchDiscussions(trx, [discussionOfRow(after)]);
  await recordChanges(trx, [
    itemChange(after, target, audiences),
    ...(await dependentChanges(trx, after, audiences, target)),
  ]);
}

const state = (row: ItemRow, reader: string): Moderation => ({
  itemId: row.id,
  hidden: hiddenMarker(row, reader).hidden ?? null,
});

/**
 * `PUT /v1/items/{id}/hidden` `{ reason }`: 201 hidden now, 200 already hidden (a new reason
 * replaces the old one and is audited; the same one again changes nothing).
 */
export async function hideItem(ctx: HandlerContext, id: string, reason: string): Promise<Outcome> {
  const me = ctx.user.handle;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const { row, target } = await visibleItem(ctx, trx, id);
    await mustModerate(trx, me, row, target);
    if (row.hidden_at !== null && row.hidden_reason === reason) {
      return { status: 200, body: state(row, me) };
    }
    const after: ItemRow = {
      ...row,
      hidden_at: row.hidden_at ?? now(),
      hidden_by: me,
      hidden_reason: reason,
    };
    await audit(trx, { actor: me, action: 'item.hide', target: id, detail: { reason } });
    if (row.hidden_at === null) await writeHide(trx, after, target);
    else {
      await trx
        .updateTable('items')
        .set({ hidden_by: me, hidden_reason: reason })
        .where('id', '=', id)
        .execute();
    }
    return { status: row.hidden_at === null ? 201 : 200, body: state(after, me) };
  });
}

/** `DELETE /v1/items/{id}/hidden`: 200 shown again (also when it was not hidden). */
export async function unhideItem(ctx: HandlerContext, id: string): Promise<Outcome> {
  const me = ctx.user.handle;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const { row, target } = await visibleItem(ctx, trx, id);
    await mustModerate(trx, me, row, target);
    if (row.hidden_at === null) return { status: 200, body: state(row, me) };
    const after: ItemRow = { ...row, ...UNHIDDEN };
    await audit(trx, {
      actor: me,
      action: 'item.unhide',
      target: id,
      detail: { hiddenAt: row.hidden_at, hiddenBy: row.hidden_by, reason: row.hidden_reason },
    });
    await writeHide(trx, after, target);
    return { status: 200, body: state(after, me) };
  });
}

/**
 * `DELETE /v1/items/{id}?reason=`: an organisation admin deletes an item they may see (public,
 * or shared with a group they see; a hidden one when they moderate it), with its tombstones: 200
 * `{ id, deleted: true }`, again 200 for an item already deleted (a replay; nothing logged).
 */
export async function removeItem(
  ctx: HandlerContext,
  id: string,
  reason: string | undefined,
): Promise<Outcome> {
  const me = ctx.user.handle;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const admin = (await findUser(trx, me))?.role === 'admin';
    const row = await lockItem(ctx.db, trx, id);
    if (admin && row?.deleted_at) return { status: 200, body: { id, deleted: true } };
    const { row: live } = await visibleItem(ctx, trx, id, row);
    if (!admin) throw forbidden('only organisation admins delete other people’s items here');
    await audit(trx, {
      actor: me,
      action: 'item.delete',
      target: id,
      detail: { type: live.type, owner: live.owner, ...(reason ? { reason } : {}) },
    });
    await deleteItem(trx, live, now());
    return { status: 200, body: { id, deleted: true } };
  });
}
