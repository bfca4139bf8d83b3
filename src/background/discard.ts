/**
 * Discarding a refused action: the person drops an outbox entry the server refused instead of
 * retrying it. The entry leaves the outbox, and its optimistic local effect is reverted by
 * handing the object back to the server: the local copy of the object is removed (unless a
 * later action on it still waits in the outbox, whose local state then stays) and the sync
 * cursor is reset, so the next pull starts from scratch and brings back the server's version of
 * everything. A refused edit or delete thus returns to what the server holds; a refused
 * creation, which the server never had, disappears. Until that pull succeeds (offline, say),
 * the object is simply absent locally. A full pull is costly, but discarding is a rare,
 * deliberate act, and the mirror cannot otherwise know what the server holds for one object.
 */

import { type OutloudDb, transaction } from '../platform/db.ts';
import { readSyncMeta, writeSyncMeta } from '../platform/meta.ts';
import { deleteFollow, deleteLike, deleteMirrored, splitPairKey } from '../platform/mirror.ts';
import { outboxKeys, removeFailed } from '../platform/outbox.ts';

/**
 * Drops the refused outbox entries of object `id` and reverts their local effect as described
 * above, in one transaction. Answers how many entries were removed (0: nothing failed for
 * `id`, and nothing else changes).
 */
export async function discardFailed(db: OutloudDb, id: string): Promise<number> {
  return transaction(db, ['outbox', 'meta', 'mirror'], async () => {
    const removed = await removeFailed(db, id);
    if (removed.length === 0) return 0;
    const remaining = await outboxKeys(db);
    for (const key of new Set(removed.map((e) => e.key))) {
      if (remaining.has(key)) continue;
      const entry = removed.find((e) => e.key === key) as (typeof removed)[number];
      await forgetLocal(db, entry.mutation.type, key.slice(key.indexOf(':') + 1));
    }
    const meta = await readSyncMeta(db);
    await writeSyncMeta(db, { ...meta, cursor: null });
    return removed.length;
  });
}

/** Removes the local copy of object `key` (`id`, or `owner/target` for likes and follows). */
async function forgetLocal(db: OutloudDb, type: string, key: string): Promise<void> {
  if (type === 'like') {
    await deleteLike(db, ...splitPairKey(key));
  } else if (type === 'follow') {
    await deleteFollow(db, ...splitPairKey(key));
  } else {
    await deleteMirrored(db, type, key);
  }
}
