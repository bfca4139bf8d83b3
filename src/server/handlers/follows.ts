/** Following people: `PUT` follows (201, then 200), `DELETE` unfollows (200), `GET` the network. */

import type { FollowRow } from '../db/schema.ts';
import { HttpError, notFound } from '../errors.ts';
import { findFollow, insertFollow, network, removeFollow, toFollow } from '../repos/follows.ts';
import { findUser } from '../repos/users.ts';
import { type HandlerContext, isUniqueViolation, now, type Outcome } from './context.ts';
import { inOrder } from './order.ts';

/** `PUT /v1/follows/{handle}`: 201, 200 when already following, 400 self, 404 unknown. */
export async function putFollow(ctx: HandlerContext, handle: string): Promise<Outcome> {
  const me = ctx.user.handle;
  if (handle === me) throw new HttpError(400, 'invalid', 'params/handle cannot be yourself');
  const attempt = () =>
    ctx.db.kysely.transaction().execute(async (trx): Promise<Outcome> => {
      if (!(await findUser(trx, handle))) throw notFound(`no person ${handle}`);
      // Checked before the follow is read: the check waits for a concurrent push of this outbox.
      const ordered = await inOrder(trx, ctx, 'follow', handle);
      const existing = await findFollow(trx, me, handle);
      if (!ordered) return followNow(existing, handle);
      if (existing) return { status: 200, body: toFollow(existing) };
      const row = { follower: me, followee: handle, created_at: now() };
      await insertFollow(trx, row);
      return { status: 201, body: toFollow(row) };
    });
  try {
    return await attempt();
  } catch (error) {
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}

/** `DELETE /v1/follows/{handle}`: 200 whether or not followed, 404 unknown person. */
export async function deleteFollow(ctx: HandlerContext, handle: string): Promise<Outcome> {
  const me = ctx.user.handle;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await findUser(trx, handle))) throw notFound(`no person ${handle}`);
    if (!(await inOrder(trx, ctx, 'follow', handle))) {
      return followNow(await findFollow(trx, me, handle), handle);
    }
    await removeFollow(trx, me, handle);
    return { status: 200, body: { id: handle, deleted: true } };
  });
}

/** A follow as it is now, for a mutation older than what its device already wrote (`order.ts`). */
function followNow(existing: FollowRow | undefined, handle: string): Outcome {
  return existing
    ? { status: 200, body: toFollow(existing) }
    : { status: 200, body: { id: handle, deleted: true } };
}

/** `GET /v1/follows`: whom the caller follows and who follows them. */
export async function getNetwork(ctx: HandlerContext): Promise<Outcome> {
  return { status: 200, body: await network(ctx.db.kysely, ctx.user.handle) };
}
