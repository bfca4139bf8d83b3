/**
 * Keeping two sync runs apart. Web Locks (`navigator.locks`, in service workers and Firefox
 * background pages) release the lock when the worker dies; where they are missing (unit tests
 * under Node 20) a lease row in Dexie with an expiry does the same job: a holder killed
 * mid-run blocks others only until the lease expires.
 */
import type { LeaseMeta, OutloudDb } from './db.ts';

/** Runs `fn` if the lock is free and answers its result, or `null` when another run holds it. */
export type TryLock = <T>(fn: () => Promise<T>) => Promise<T | null>;

type LockManagerLike = {
  request<T>(
    name: string,
    options: { ifAvailable: boolean },
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T>;
};

/** A lock through the Web Locks API. */
export function webLock(locks: LockManagerLike, name: string): TryLock {
  return async <T>(fn: () => Promise<T>) => {
    let ran = false;
    const value = await locks.request(name, { ifAvailable: true }, async (lock) => {
      if (lock === null) return null;
      ran = true;
      return fn();
    });
    return ran ? (value as T) : null;
  };
}

/** A lock through a lease row in Dexie, valid `ttlMs` unless renewed by finishing. */
export function leaseLock(
  db: OutloudDb,
  options: { ttlMs?: number; now?: () => number } = {},
): TryLock {
  const ttl = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  return async <T>(fn: () => Promise<T>) => {
    const holder = globalThis.crypto.randomUUID();
    const acquired = await db.transaction('rw', db.meta, async () => {
      const lease = (await db.meta.get('sync-lease')) as LeaseMeta | undefined;
      if (lease && lease.expiresAt > now()) return false;
      await db.meta.put({ key: 'sync-lease', holder, expiresAt: now() + ttl });
      return true;
    });
    if (!acquired) return null;
    try {
      return await fn();
    } finally {
      await db.transaction('rw', db.meta, async () => {
        const lease = (await db.meta.get('sync-lease')) as LeaseMeta | undefined;
        if (lease?.holder === holder) await db.meta.delete('sync-lease');
      });
    }
  };
}

/** Web Locks where the runtime has them, else the Dexie lease. */
export function syncLock(db: OutloudDb): TryLock {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  return locks ? webLock(locks, 'outloud-sync') : leaseLock(db);
}
