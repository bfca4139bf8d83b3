/**
 * The order of one device's mutations (`/v1/sync`; the design is in `sync.ts`). A handler asks
 * `inOrder` inside its write transaction, before writing: true means "apply it" and records the
 * mutation's `seq` as this outbox's latest on the object; false means a mutation of this outbox
 * with the same or a later `seq` was already applied to the object, so this one is older than
 * what the server holds and must not be applied (the handler answers the object as it is).
 * Requests without a `seq` (the single routes, old clients) are always in order.
 */
import type { Kysely } from 'kysely';
import type { MutationType } from '../../core/wire.ts';
import type { Database } from '../db/schema.ts';
import type { HandlerContext } from './context.ts';

/**
 * True when the mutation of `type` on `key` may be applied, recording its `seq`; false when this
 * outbox already had one with the same or a later `seq` applied to the object. One statement
 * (an upsert whose update only moves `seq` forward), so two requests of one outbox on one object
 * are serialised by its row: on PostgreSQL the second waits for the first to commit and then
 * sees its `seq`. A write that fails afterwards rolls the record back with it.
 */
export async function inOrder(
  q: Kysely<Database>,
  ctx: HandlerContext,
  type: MutationType,
  key: string,
): Promise<boolean> {
  const order = ctx.order;
  if (!order) return true;
  const row = await q
    .insertInto('sync_order')
    .values({ type, key, token_id: order.tokenId, outbox: order.outbox, seq: order.seq })
    .onConflict((oc) =>
      oc
        .columns(['type', 'key', 'token_id', 'outbox'])
        .doUpdateSet({ seq: (eb) => eb.ref('excluded.seq') })
        .where('sync_order.seq', '<', (eb) => eb.ref('excluded.seq')),
    )
    .returning('seq')
    .executeTakeFirst();
  return row !== undefined;
}
