/**
 * Adopting the server's id for a duplicate bookmark: the server keeps one live bookmark per
 * user and page and answers a second id with 409 and the existing one. Locally the bookmark,
 * the comments and likes on it and every queued action that names it move to the existing id,
 * so later edits, likes and undo reach the right object. Call inside a `rw` transaction over
 * the outbox and the mirror tables.
 */
import type { Mutation } from '../core/wire.ts';
import type { OutloudDb } from '../platform/db.ts';
import { refreshPages, splitPairKey } from '../platform/mirror.ts';

/** Moves local bookmark `from` to id `to`, with everything that refers to it. */
export async function adoptBookmarkId(db: OutloudDb, from: string, to: string): Promise<void> {
  const local = await db.items.get(from);
  if (local) {
    await db.items.delete(from);
    if (!(await db.items.get(to))) await db.items.put({ ...local, id: to });
  }
  await db.comments
    .where('targetId')
    .equals(from)
    .modify((c) => {
      c.targetId = to;
    });
  const likes = await db.likes.where('targetId').equals(from).toArray();
  if (likes.length > 0) {
    await db.likes.bulkDelete(likes.map((l) => [l.owner, l.targetId] as [string, string]));
    await db.likes.bulkPut(likes.map((l) => ({ ...l, targetId: to })));
  }
  await db.outbox.toCollection().modify((entry) => {
    const m: Mutation = entry.mutation;
    const data = m.data as { targetId?: unknown } | undefined;
    if (m.type === 'bookmark' && m.id === from) {
      entry.mutation = { ...m, id: to };
      entry.key = `bookmark:${to}`;
    } else if (m.type === 'like' && m.id === from) {
      entry.mutation = { ...m, id: to };
      entry.key = `like:${splitPairKey(entry.key.slice('like:'.length))[0]}/${to}`;
    } else if (m.type === 'comment' && data?.targetId === from) {
      entry.mutation = { ...m, data: { ...data, targetId: to } };
    }
  });
  if (local?.urlKey) await refreshPages(db, [local.urlKey]);
}
