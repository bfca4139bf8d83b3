/**
 * The meta rows' repository: the sync state (cursor, last outcome, backoff), the notifications
 * read marker and whose data the mirror holds. Writes join the caller's transaction when there
 * is one (`transaction(db, ['meta', …], fn)`).
 */
import {
  type GroupsMeta,
  INITIAL_SYNC_META,
  type OutloudDb,
  type ReadMarker,
  type SyncMeta,
  transaction,
} from './db.ts';

/** Reads the sync state row (the defaults before the first sync). */
export async function readSyncMeta(db: OutloudDb): Promise<SyncMeta> {
  const row = await db.meta.get('sync');
  return row?.key === 'sync' ? row : INITIAL_SYNC_META;
}

/** Stores the sync state row. */
export async function writeSyncMeta(db: OutloudDb, meta: SyncMeta): Promise<void> {
  await db.meta.put(meta);
}

/** The notifications read marker, if the person ever read them. */
export async function readMarker(db: OutloudDb): Promise<ReadMarker | undefined> {
  return (await db.meta.get('notifications')) as ReadMarker | undefined;
}

export async function writeReadMarker(db: OutloudDb, marker: ReadMarker): Promise<void> {
  await db.meta.put(marker);
}

/** The handle whose data the mirror holds, or null before anyone signed in. */
export async function mirrorOwner(db: OutloudDb): Promise<string | null> {
  const row = await db.meta.get('owner');
  return row?.key === 'owner' ? row.handle : null;
}

export async function setMirrorOwner(db: OutloudDb, handle: string): Promise<void> {
  await db.meta.put({ key: 'owner', handle });
}

/** Targets named by mirrored comments and likes that the mirror does not hold. */
export async function readOrphans(db: OutloudDb): Promise<string[]> {
  const row = await db.meta.get('orphans');
  return row?.key === 'orphans' ? row.ids : [];
}

export async function writeOrphans(db: OutloudDb, ids: string[]): Promise<void> {
  await db.meta.put({ key: 'orphans', ids });
}

/** The outbox's id (`OutboxIdMeta`), made once: two callers at once get the same one. */
export function outboxId(db: OutloudDb): Promise<string> {
  return transaction(db, ['meta'], async () => {
    const row = await db.meta.get('outbox');
    if (row?.key === 'outbox') return row.id;
    const id = crypto.randomUUID();
    await db.meta.put({ key: 'outbox', id });
    return id;
  });
}

/** The groups as last read from the server, or undefined before the first read. */
export async function readGroups(db: OutloudDb): Promise<GroupsMeta | undefined> {
  const row = await db.meta.get('groups');
  return row?.key === 'groups' ? row : undefined;
}

export async function writeGroups(db: OutloudDb, row: GroupsMeta): Promise<void> {
  await db.meta.put(row);
}
