/** Likes of items the caller can see: `PUT` likes (201, then 200), `DELETE` unlikes (200). */
import type { Kysely } from 'kysely';
import type { Database, ItemRow, LikeRow } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import { findItem } from '../repos/items.ts';
import { findLike, insertLike, removeLike, toLike } from '../repos/likes.ts';
import { type HandlerContext, isUniqueViolation, now, type Outcome } from './context.ts';
import { visibleTo } from './items.ts';
import { inOrder } from './order.ts';

async function visibleTarget(
  q: Kysely<Database>,
  targetId: string,
  me: string,
): Promise<{ target: ItemRow; parent: ItemRow | undefined }> {
  const target = await findItem(q, targetId);
  const parent = target?.target_id ? await findItem(q, target.target_id) : undefined;
  if (!target || !(await visibleTo(q, target, parent, me))) throw notFound(`no item ${targetId}`);
  return { target, parent };
}

/** `PUT /v1/likes/{targetId}`: 201 with the like, 200 when already liked, 404 unseen item. */
export async function putLike(ctx: HandlerContext, targetId: string): Promise<Outcome> {
  const me = ctx.user.handle;
  const attempt = () =>
    ctx.db.kysely.transaction().execute(async (trx): Promise<Outcome> => {
      const { target, parent } = await visibleTarget(trx, targetId, me);
      // Checked before the like is read: the check waits for a concurrent push of this outbox.
      const ordered = await inOrder(trx, ctx, 'like', targetId);
      const existing = await findLike(trx, me, targetId);
      if (!ordered) return likeNow(existing, targetId);
      if (existing) return { status: 200, body: toLike(existing) };
      const row = { owner: me, target_id: targetId, created_at: now() };
      await insertLike(trx, row, target, parent);
      return { status: 201, body: toLike(row) };
    });
  try {
    return await attempt();
  } catch (error) {
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}

/**
 * `DELETE /v1/likes/{targetId}`: 200 `{ id: targetId, deleted: true }` whether or not it was
 * liked (a retried unlike succeeds), 404 when the item is not one the caller can see. One's own
 * like is always removable, even after its item turned private or was deleted, as one's own
 * comment is: the owner still sees the like, so they can withdraw it.
 */
export async function deleteLike(ctx: HandlerContext, targetId: string): Promise<Outcome> {
  const me = ctx.user.handle;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    // First (a refusal below rolls it back): it waits for a concurrent push of this outbox. An
    // unlike in order is recorded even when there was no like, so an older like arriving later
    // stays unapplied.
    const ordered = await inOrder(trx, ctx, 'like', targetId);
    const existing = await findLike(trx, me, targetId);
    if (!ordered) return likeNow(existing, targetId);
    if (existing) {
      const target = await findItem(trx, targetId);
      if (target) {
        const parent = target.target_id ? await findItem(trx, target.target_id) : undefined;
        await removeLike(trx, me, target, parent);
        return { status: 200, body: { id: targetId, deleted: true } };
      }
    }
    await visibleTarget(trx, targetId, me);
    return { status: 200, body: { id: targetId, deleted: true } };
  });
}

/** A like as it is now, for a mutation older than what its device already wrote (`order.ts`). */
function likeNow(existing: LikeRow | undefined, targetId: string): Outcome {
  return existing
    ? { status: 200, body: toLike(existing) }
    : { status: 200, body: { id: targetId, deleted: true } };
}
