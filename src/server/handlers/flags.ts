/**
 * Moderation flags (issue 15): anyone flags an item they may see (`PUT /v1/flags/{itemId}`
 * `{ reason }`; 201, then 200 with the reason updated; 404 an item they may not see), and
 * moderators read the flags on what they moderate (`GET /v1/flags`): a group's owners and
 * moderators the flags on items shared with it, organisation admins those on public items.
 * Every flag is written to the audit log in the same transaction (`item.flag`).
 */
import { sql } from 'kysely';
import type { Flag } from '../../core/wire.ts';
import { notFound } from '../errors.ts';
import { audit } from '../repos/audit.ts';
import { findItem } from '../repos/items.ts';
import { moderatesSql } from '../repos/visibility.ts';
import { type HandlerContext, isUniqueViolation, now, type Outcome } from './context.ts';
import { visibleTo } from './items.ts';

/** At most this many flags are listed, newest first. */
export const FLAGS_LIMIT = 500;

/** `PUT /v1/flags/{itemId}` `{ reason }`. */
export async function putFlag(
  ctx: HandlerContext,
  itemId: string,
  reason: string,
): Promise<Outcome> {
  const me = ctx.user.handle;
  const attempt = () =>
    ctx.db.kysely.transaction().execute(async (trx): Promise<Outcome> => {
      const item = await findItem(trx, itemId);
      const target = item?.target_id ? await findItem(trx, item.target_id) : undefined;
      if (!item || !(await visibleTo(trx, item, target, me))) throw notFound(`no item ${itemId}`);
      const existing = await trx
        .selectFrom('flags')
        .selectAll()
        .where('item_id', '=', itemId)
        .where('handle', '=', me)
        .executeTakeFirst();
      const row = {
        item_id: itemId,
        handle: me,
        reason,
        created_at: existing?.created_at ?? now(),
      };
      if (existing) {
        if (existing.reason !== reason) {
          await trx
            .updateTable('flags')
            .set({ reason })
            .where('item_id', '=', itemId)
            .where('handle', '=', me)
            .execute();
          await audit(trx, { actor: me, action: 'item.flag', target: itemId, detail: { reason } });
        }
      } else {
        await trx.insertInto('flags').values(row).execute();
        await audit(trx, { actor: me, action: 'item.flag', target: itemId, detail: { reason } });
      }
      return { status: existing ? 200 : 201, body: toFlag(row) };
    });
  try {
    return await attempt();
  } catch (error) {
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}

const toFlag = (r: { item_id: string; handle: string; reason: string; created_at: string }) =>
  ({
    itemId: r.item_id,
    handle: r.handle,
    reason: r.reason,
    createdAt: r.created_at,
  }) satisfies Flag;

/**
 * `GET /v1/flags`: the flags on live items the caller moderates (`moderatesSql`: a comment is
 * moderated with its item), newest first.
 */
export async function listFlags(ctx: HandlerContext): Promise<Outcome> {
  const me = ctx.user.handle;
  const q = ctx.db.kysely;
  const rows = await q
    .selectFrom('flags as f')
    .innerJoin('items as i', 'i.id', 'f.item_id')
    .select(['f.item_id', 'f.handle', 'f.reason', 'f.created_at'])
    .where('i.deleted_at', 'is', null)
    .where(
      sql<boolean>`EXISTS (SELECT 1 FROM items fr WHERE fr.id = COALESCE(i.target_id, i.id)
        AND fr.deleted_at IS NULL AND ${moderatesSql(me, 'fr', 'frm')})`,
    )
    .orderBy('f.created_at', 'desc')
    .orderBy('f.item_id')
    .orderBy('f.handle')
    .limit(FLAGS_LIMIT)
    .execute();
  return { status: 200, body: { items: rows.map(toFlag) } };
}
