/**
 * Adopting the server's id for a duplicate bookmark: the server keeps one live bookmark per
 * user and page and answers a second id with 409 and the existing one. Locally the bookmark,
 * the comments and likes on it and every queued action that names it move to the existing id,
 * so later edits, likes and undo reach the right object. Call inside a `rw` transaction over
 * the outbox and the mirror (`transaction(db, ['outbox', 'mirror'], fn)`).
 */
import type { OutloudDb } from '../platform/db.ts';
import { moveBookmark } from '../platform/mirror.ts';
import { renameBookmark } from '../platform/outbox.ts';

/** Moves local bookmark `from` to id `to`, with everything that refers to it. */
export async function adoptBookmarkId(db: OutloudDb, from: string, to: string): Promise<void> {
  await moveBookmark(db, from, to);
  await renameBookmark(db, from, to);
}
