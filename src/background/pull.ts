/**
 * Pull: `GET /v1/changes` from the stored cursor until `hasMore` is false. Each page and the
 * cursor after it are written in one transaction, so a worker killed mid-pull resumes at the
 * first page it had not applied, and applying a page twice changes nothing. The first pull
 * (from no cursor) also counts what it applied in the same transaction, for its progress.
 */
import type { Change } from '../core/wire.ts';
import type { Api } from '../platform/api.ts';
import { type OutloudDb, transaction } from '../platform/db.ts';
import { readSyncMeta, writeSyncMeta } from '../platform/meta.ts';
import { applyChanges } from '../platform/mirror.ts';
import { outboxKeys } from '../platform/outbox.ts';

export const PULL_PAGE_SIZE = 500;

/** What the first sync's progress counts: people and items, as `GET /v1/org` counts them. */
function counted(changes: Change[]): number {
  let n = 0;
  for (const c of changes) if (c.type !== 'like' && c.type !== 'follow') n++;
  return n;
}

/**
 * Pulls every change since the stored cursor. Answers how many changes were applied. The next
 * page is fetched while the current one is applied (the server's time and the browser's
 * overlap); it is used only when the page before it was applied.
 */
export async function pullChanges(
  db: OutloudDb,
  api: Api,
  pageSize: number = PULL_PAGE_SIZE,
): Promise<number> {
  let applied = 0;
  let cursor = (await readSyncMeta(db)).cursor;
  let next = api.changes(cursor, pageSize);
  for (;;) {
    const page = await next;
    const more = page.hasMore && page.cursor !== cursor;
    if (more) {
      next = api.changes(page.cursor, pageSize);
      // Awaited on the next round; a run that stops first must not leave it unhandled.
      next.catch(() => undefined);
    }
    const fresh = await transaction(db, ['meta', 'outbox', 'mirror'], async () => {
      const meta = await readSyncMeta(db);
      // Another run (or a sign-out) moved the cursor meanwhile: this page is stale.
      if (meta.cursor !== cursor) return false;
      await applyChanges(db, page.items, await outboxKeys(db));
      const initial =
        meta.cursor === null || meta.initial
          ? { applied: (meta.initial?.applied ?? 0) + counted(page.items) }
          : null;
      await writeSyncMeta(db, { ...meta, cursor: page.cursor, initial: more ? initial : null });
      return true;
    });
    if (!fresh) return applied;
    applied += page.items.length;
    if (!more) return applied;
    cursor = page.cursor;
  }
}
