/**
 * The change log's write side. Every change takes the next number of the `changes` counter in
 * the same transaction as the change itself, and moves its object's single log row to that
 * number.
 *
 * Why a counter row and not a sequence: with a PostgreSQL sequence, a transaction can take
 * number 7, another take 8 and commit first; a reader then sees 8, advances its cursor past 7
 * and never sees 7. `UPDATE counters SET value = value + n RETURNING value` locks the counter
 * row until commit, so numbers are handed out in commit order and a reader that sees number n
 * has already been able to see every number below it. SQLite has a single writer, so the same
 * statement is trivially ordered there. Call `recordChanges` LAST in a write transaction, so the
 * lock is held only for the commit.
 *
 * Who may read a row (`repos/changes.ts`): everyone when `public`, its `owner` and
 * `target_owner`, organisation admins when `admins` (a row under a public item), and, for what a group shares (its items, their comments, the likes on them),
 * the members of every group in `change_groups` for the row. Like `public`, a row's groups only
 * ever grow while it stays in the log: an item moved out of a group (or made private) is logged
 * again with its old groups still listed, so their members read the change and get the
 * tombstone. Membership itself is read when the feed is read, so what a person joins reaches
 * them from then on; what was logged BEFORE they joined (and whose tombstones they need when
 * they leave) reaches them through `personal_changes`: rows for one reader alone, taking their
 * numbers from the same counter, written in the membership change's transaction for every
 * object the group shares (`repos/groups.ts`). A reader resolves every row to the object's
 * current state (value when visible to them now, else a tombstone), so a row read twice, or a
 * group member reading a tombstone of an item still visible to them otherwise, is harmless.
 */
import { type Kysely, sql } from 'kysely';
import type { ChangeKind, Database } from './schema.ts';

export type ChangeEntry = {
  kind: ChangeKind;
  /** The object's key: item id, handle, `owner/targetId` (like), `follower/followee` (follow). */
  key: string;
  /** Who may always read this change (the item's owner, the liker, the follower). */
  owner: string;
  /** For comments and likes: the owner of the item they are on, who may read them too. */
  targetOwner?: string | null;
  /** True when everyone may read it now (a tombstone for a once-public object stays public). */
  public: boolean;
  /** The groups whose members may read it now (added to those it had; never removed). */
  groups?: readonly string[];
  /**
   * True when organisation admins may read it: it is under a public item, which they moderate
   * (issue 15), so they read it even while that item is hidden. Sticky like `public`.
   */
  admins?: boolean;
};

/** A change for one reader alone (`personal_changes`): the object they must be sent again. */
export type PersonalEntry = { kind: ChangeKind; key: string };

/** Takes `count` new sequence numbers (ascending) inside the caller's transaction. */
export async function nextSeqs(trx: Kysely<Database>, count: number): Promise<number[]> {
  const row = await trx
    .updateTable('counters')
    .set({ value: sql`value + ${count}` })
    .where('name', '=', 'changes')
    .returning('value')
    .executeTakeFirstOrThrow();
  const last = Number(row.value);
  return Array.from({ length: count }, (_, i) => last - count + 1 + i);
}

/** Logs `entries` (in order) in the caller's transaction; returns their sequence numbers. */
export async function recordChanges(
  trx: Kysely<Database>,
  entries: readonly ChangeEntry[],
): Promise<number[]> {
  if (entries.length === 0) return [];
  const seqs = await nextSeqs(trx, entries.length);
  for (const [i, entry] of entries.entries()) {
    await trx
      .insertInto('changes')
      .values({
        kind: entry.kind,
        key: entry.key,
        seq: seqs[i]!,
        owner: entry.owner,
        target_owner: entry.targetOwner ?? null,
        public: entry.public ? 1 : 0,
        admins: entry.admins ? 1 : 0,
      })
      .onConflict((oc) =>
        oc.columns(['kind', 'key']).doUpdateSet({
          seq: (eb) => eb.ref('excluded.seq'),
          owner: (eb) => eb.ref('excluded.owner'),
          target_owner: (eb) => eb.ref('excluded.target_owner'),
          public: sql<number>`CASE WHEN changes.public = 1 OR excluded.public = 1 THEN 1 ELSE 0 END`,
          admins: sql<number>`CASE WHEN changes.admins = 1 OR excluded.admins = 1 THEN 1 ELSE 0 END`,
        }),
      )
      .execute();
    for (const group_id of entry.groups ?? []) {
      await trx
        .insertInto('change_groups')
        .values({ kind: entry.kind, key: entry.key, group_id })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }
  return seqs;
}

/**
 * Logs `entries` for `handle` alone (each moved to a new number, in order) in the caller's
 * transaction. Call it LAST, or just before `recordChanges`, as that one.
 */
export async function recordPersonalChanges(
  trx: Kysely<Database>,
  handle: string,
  entries: readonly PersonalEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const seqs = await nextSeqs(trx, entries.length);
  for (let i = 0; i < entries.length; i += 200) {
    const rows = entries.slice(i, i + 200).map((e, j) => ({
      handle,
      kind: e.kind,
      key: e.key,
      seq: seqs[i + j]!,
    }));
    await trx
      .insertInto('personal_changes')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['handle', 'kind', 'key']).doUpdateSet({ seq: (eb) => eb.ref('excluded.seq') }),
      )
      .execute();
  }
}

/** The opaque cursor for a sequence number: base64url of `s<seq>`. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`s${seq}`).toString('base64url');
}

/** The sequence number in a cursor; 0 for an empty cursor, null for a malformed one. */
export function decodeCursor(cursor: string | undefined): number | null {
  if (cursor === undefined || cursor === '') return 0;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^s(\d{1,15})$/.exec(text);
  return match ? Number(match[1]) : null;
}
