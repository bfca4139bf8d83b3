/** The sync lock: a Dexie lease where Web Locks are missing. */
import { describe, expect, it } from 'vitest';
import { leaseLock, webLock } from '../../../src/platform/lock.ts';
import { freshDb } from '../background/helpers.ts';

describe('leaseLock', () => {
  it('lets one holder in at a time and frees the lease afterwards', async () => {
    const db = await freshDb();
    const lock = leaseLock(db);
    let release!: () => void;
    const first = lock(() => new Promise<string>((r) => (release = () => r('first'))));
    await new Promise((r) => setTimeout(r, 20));
    expect(await lock(async () => 'second')).toBeNull();
    release();
    expect(await first).toBe('first');
    expect(await lock(async () => 'third')).toBe('third');
  });

  it('lets a new holder in once a dead holder’s lease expired', async () => {
    const db = await freshDb();
    let now = 1_000;
    await db.meta.put({ key: 'sync-lease', holder: 'dead-worker', expiresAt: 5_000 });
    const lock = leaseLock(db, { now: () => now });
    expect(await lock(async () => 'x')).toBeNull();
    now = 5_001;
    expect(await lock(async () => 'x')).toBe('x');
  });

  it('frees the lease when the work throws', async () => {
    const db = await freshDb();
    const lock = leaseLock(db);
    await expect(lock(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lock(async () => 'ok')).toBe('ok');
  });
});

describe('webLock', () => {
  it('answers null when the lock is taken', async () => {
    const held = new Set<string>();
    const locks = {
      async request<T>(name: string, _o: { ifAvailable: boolean }, cb: (l: unknown) => Promise<T>) {
        if (held.has(name)) return cb(null);
        held.add(name);
        try {
          return await cb({ name });
        } finally {
          held.delete(name);
        }
      },
    };
    const lock = webLock(locks, 'sync');
    const inner = await lock(async () => lock(async () => 'nested'));
    expect(inner).toBeNull();
    expect(await lock(async () => 'free')).toBe('free');
  });
});
