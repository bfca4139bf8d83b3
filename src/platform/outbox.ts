/**
 * The outbox repository: actions waiting for the server, in the order the user made them. An
 * entry leaves only when the server has answered for it; a refusal stays as `failed` with its
 * reason until the user retries it.
 */
import { LIMITS, type Mutation } from '../core/wire.ts';
import type { OutboxEntry, OutloudDb } from './db.ts';
import { splitPairKey } from './mirror.ts';

/** `type:key` of a mutation in `/v1/changes` terms; likes and follows are keyed `me/target`. */
export function changeKey(mutation: Mutation, me: string): string {
  const key =
    mutation.type === 'like' || mutation.type === 'follow' ? `${me}/${mutation.id}` : mutation.id;
  return `${mutation.type}:${key}`;
}

/** A new pending outbox entry for `mutation` (for `enqueue`, or a bulk add of many). */
export function pendingEntry(mutation: Mutation, me: string, now: string): OutboxEntry {
  return {
    mutation,
    key: changeKey(mutation, me),
    createdAt: now,
    attempts: 0,
    state: 'pending',
    error: null,
  };
}

/** Appends a mutation. Call inside the transaction that writes the local change. */
export async function enqueue(
  db: OutloudDb,
  mutation: Mutation,
  me: string,
  now: string,
): Promise<number> {
  const seq = await db.outbox.add(pendingEntry(mutation, me, now));
  return seq!;
}

/**
 * The mutation of `entry` as pushed: with its `seq`, which tells the server its place in this
 * outbox, so a request delayed in the network cannot be applied over a later one.
 */
export function toPush(entry: OutboxEntry): Mutation {
  return entry.seq === undefined ? entry.mutation : { ...entry.mutation, seq: entry.seq };
}

/** Largest request body a batch may produce (the server refuses over 256 KiB). */
const MAX_BATCH_BYTES = LIMITS.body - 16 * 1024;

/**
 * The oldest pending entries, in order, up to `limit` entries and a request body that stays
 * under the server's size limit (one oversize entry is still returned alone, so the server's
 * 413 marks it failed instead of blocking the queue).
 */
export async function nextBatch(
  db: OutloudDb,
  limit: number = LIMITS.syncBatch,
): Promise<OutboxEntry[]> {
  const batch: OutboxEntry[] = [];
  let bytes = 0;
  await db.outbox
    .orderBy('seq')
    .until(() => batch.length >= limit || bytes >= MAX_BATCH_BYTES)
    .each((entry) => {
      if (entry.state !== 'pending') return;
      const size = JSON.stringify(toPush(entry)).length + 1;
      if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) {
        bytes = MAX_BATCH_BYTES;
        return;
      }
      batch.push(entry);
      bytes += size;
    });
  return batch;
}

/** Keys (`type:key`) that have entries in the outbox, pending or failed. */
export async function outboxKeys(db: OutloudDb): Promise<Set<string>> {
  const keys = new Set<string>();
  await db.outbox.each((e) => {
    keys.add(e.key);
  });
  return keys;
}

/** True when another entry after `seq` concerns the same object. */
export async function hasLaterEntry(db: OutloudDb, key: string, seq: number): Promise<boolean> {
  return (
    (await db.outbox
      .where('key')
      .equals(key)
      .filter((e) => (e.seq ?? 0) > seq)
      .count()) > 0
  );
}

/** Marks an entry refused, keeping the server's reason. */
export async function markFailed(
  db: OutloudDb,
  seq: number,
  error: { status: number; code: string; message: string },
): Promise<void> {
  await db.outbox.update(seq, { state: 'failed', error });
}

/** Counts one more unanswered attempt on each entry. */
export async function countAttempt(db: OutloudDb, seqs: number[]): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const entries = await db.outbox.bulkGet(seqs);
    await db.outbox.bulkPut(
      entries.filter((e) => e !== undefined).map((e) => ({ ...e, attempts: e.attempts + 1 })),
    );
  });
}

/** Puts every failed entry back in the queue (the user asked to retry). */
export async function retryFailed(db: OutloudDb): Promise<number> {
  return db.outbox
    .where('state')
    .equals('failed')
    .modify((e) => {
      e.state = 'pending';
      e.error = null;
    });
}

/** How many entries wait, and the failed ones with their reasons. */
export async function outboxStatus(db: OutloudDb): Promise<{
  pending: number;
  failed: Array<{ id: string; type: string; op: string; code: string; message: string }>;
}> {
  const pending = await db.outbox.where('state').equals('pending').count();
  const failed = (await db.outbox.where('state').equals('failed').sortBy('seq')).map((e) => ({
    id: e.mutation.id,
    type: e.mutation.type,
    op: e.mutation.op,
    code: e.error?.code ?? 'refused',
    message: e.error?.message ?? '',
  }));
  return { pending, failed };
}

/**
 * Removes the failed entries of object `id` (the `id` `outboxStatus` lists; normally one, and
 * several only when more than one refused action concerned that same object, which the status
 * cannot tell apart). Pending entries are never touched. Answers the removed entries, oldest
 * first. Call inside the transaction that reverts their local effect.
 */
export async function removeFailed(db: OutloudDb, id: string): Promise<OutboxEntry[]> {
  const removed = (await db.outbox.where('state').equals('failed').sortBy('seq')).filter(
    (e) => e.mutation.id === id,
  );
  await db.outbox.bulkDelete(removed.map((e) => e.seq as number));
  return removed;
}

/** Appends many pending entries at once (an import batch). Call inside the writing transaction. */
export async function enqueueAll(db: OutloudDb, entries: OutboxEntry[]): Promise<void> {
  await db.outbox.bulkAdd(entries);
}

/** The entry `seq`, if it is still queued. */
export function outboxEntry(db: OutloudDb, seq: number): Promise<OutboxEntry | undefined> {
  return db.outbox.get(seq);
}

/** Removes entry `seq` (the server has answered for it). */
export async function removeEntry(db: OutloudDb, seq: number): Promise<void> {
  await db.outbox.delete(seq);
}

/** True when the outbox holds a delete of the same object after entry `seq`. */
export async function hasLaterDelete(db: OutloudDb, key: string, seq: number): Promise<boolean> {
  const later = await db.outbox
    .where('key')
    .equals(key)
    .filter((e) => (e.seq ?? 0) > seq && e.mutation.op === 'delete')
    .count();
  return later > 0;
}

/** How many entries concern the object `key` (`type:key`). */
export function countFor(db: OutloudDb, key: string): Promise<number> {
  return db.outbox.where('key').equals(key).count();
}

/** How many entries wait, pending or failed. */
export function countOutbox(db: OutloudDb): Promise<number> {
  return db.outbox.count();
}

/** How many entries the server refused. */
export function countFailed(db: OutloudDb): Promise<number> {
  return db.outbox.where('state').equals('failed').count();
}

/**
 * Rewrites every queued action that names bookmark `from` to name `to` instead (the bookmark
 * itself, likes of it, comments on it). Call inside the adoption's transaction.
 */
export async function renameBookmark(db: OutloudDb, from: string, to: string): Promise<void> {
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
}
