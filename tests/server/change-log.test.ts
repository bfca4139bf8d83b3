/**
 * The change log's sequence: numbers are handed out in commit order. A transaction that has
 * taken a number holds back every other writer until it commits, so no reader can see a higher
 * number before a lower one (the reason for the counter row instead of a sequence). Checked
 * with two concurrent writers on SQLite and two real connections on PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeCursor,
  encodeCursor,
  nextSeqs,
  recordChanges,
} from '../../src/server/db/changes.ts';
import type { Db } from '../../src/server/db/index.ts';
import { databases, makeDb } from './helpers.ts';

describe('cursors', () => {
  it('round-trip and refuse garbage', () => {
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    expect(decodeCursor('')).toBe(0);
    expect(decodeCursor(undefined)).toBe(0);
    expect(decodeCursor('bm9wZQ')).toBeNull();
    expect(decodeCursor('!!')).toBeNull();
  });
});

describe.each(databases())('change sequence on %s', (dialect) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /**
   * Two writers on one fresh database. SQLite: the app's one connection, whose transactions
   * Kysely serialises (better-sqlite3 is synchronous, so a second connection in the same
   * process could not wait for the first). PostgreSQL: a pool of two real connections.
   */
  async function twoWriters(): Promise<[Db, Db]> {
    const { db, drop } = await makeDb(dialect, { poolSize: 2 });
    cleanup.push(drop);
    return [db, db];
  }

  it('holds a second writer back until the first commits, so numbers follow commit order', async () => {
    const [a, b] = await twoWriters();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let firstSeq = 0;
    const first = a.kysely.transaction().execute(async (trx) => {
      firstSeq = (await nextSeqs(trx, 1))[0]!;
      await gate;
    });
    while (firstSeq === 0) await new Promise((r) => setTimeout(r, 5));
    let secondSeq = 0;
    const second = b.kysely.transaction().execute(async (trx) => {
      secondSeq = (await nextSeqs(trx, 1))[0]!;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(secondSeq).toBe(0); // still waiting for the first transaction
    release();
    await first;
    await second;
    expect(secondSeq).toBe(firstSeq + 1);
  });

  it('compacts the log to one row per object and keeps a once-public row public', async () => {
    const { db, drop } = await makeDb(dialect);
    cleanup.push(drop);
    const log = (isPublic: boolean) =>
      db.kysely
        .transaction()
        .execute((trx) =>
          recordChanges(trx, [{ kind: 'bookmark', key: 'k', owner: 'o', public: isPublic }]),
        );
    expect(await log(true)).toEqual([1]);
    expect(await log(false)).toEqual([2]);
    const rows = await db.kysely.selectFrom('changes').selectAll().execute();
    expect(rows).toEqual([
      { kind: 'bookmark', key: 'k', seq: 2, owner: 'o', target_owner: null, public: 1, admins: 0 },
    ]);
    // `admins` (organisation admins may read it) is kept once set, like `public`.
    const entry = { kind: 'comment' as const, key: 'c', owner: 'o', public: false };
    await db.kysely
      .transaction()
      .execute((trx) => recordChanges(trx, [{ ...entry, admins: true }]));
    await db.kysely.transaction().execute((trx) => recordChanges(trx, [entry]));
    const comment = await db.kysely
      .selectFrom('changes')
      .select(['seq', 'public', 'admins'])
      .where('key', '=', 'c')
      .executeTakeFirst();
    expect(comment).toEqual({ seq: 4, public: 0, admins: 1 });
  });
});
