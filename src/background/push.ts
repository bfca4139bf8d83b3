/**
 * Push: the outbox goes to `POST /v1/sync` in batches, oldest first. Each result is applied in
 * one transaction: accepted entries leave the outbox (and the server's copy of the item replaces
 * the local one), refusals stay as `failed` with their reason, a duplicate bookmark adopts the
 * server's id, transient failures stay pending. A run killed at any point leaves entries that
 * are simply sent again; the server's idempotent PUTs make the retry harmless. Each mutation
 * goes with its `seq` and the outbox's id, so a push delayed in the network (its worker stopped
 * meanwhile) that arrives after a newer push of the same entries is not applied over them.
 */
import type { PageItem } from '../core/engagement.ts';
import { classifyStatus } from '../core/sync-policy.ts';
import type { Bookmark, Comment, MutationResult } from '../core/wire.ts';
import type { Api } from '../platform/api.ts';
import { ApiError, errorOf } from '../platform/api.ts';
import { type OutboxEntry, type OutloudDb, transaction } from '../platform/db.ts';
import { outboxId } from '../platform/meta.ts';
import { putMirrored } from '../platform/mirror.ts';
import {
  countAttempt,
  countFor,
  hasLaterDelete,
  hasLaterEntry,
  markFailed,
  nextBatch,
  outboxEntry,
  removeEntry,
  toPush,
} from '../platform/outbox.ts';
import { adoptBookmarkId } from './adopt.ts';

const ITEM_TYPES = new Set(['bookmark', 'snippet', 'status', 'comment']);

/** What a push achieved. */
export type PushReport = { sent: number; done: number; failed: number; adopted: string[] };

function isItemBody(body: unknown, type: string, id: string): body is PageItem | Comment {
  const b = body as { type?: unknown; id?: unknown } | null;
  return !!b && typeof b === 'object' && b.type === type && b.id === id;
}

/**
 * Applies one batch's results. Throws an `ApiError` after applying when some mutation got a
 * transient answer (5xx, 429) or the token was refused, so the caller backs off.
 */
async function applyResults(
  db: OutloudDb,
  batch: OutboxEntry[],
  results: MutationResult[],
): Promise<{ done: number; failed: number; adopted: Array<{ from: string; to: string }> }> {
  let done = 0;
  let failed = 0;
  const adopted: Array<{ from: string; to: string }> = [];
  let transient: ApiError | null = null;
  const unanswered: number[] = [];

  await transaction(db, ['outbox', 'mirror'], async () => {
    for (const [i, sent] of batch.entries()) {
      const seq = sent.seq!;
      const result = results[i];
      const current = await outboxEntry(db, seq);
      // Gone (signed out meanwhile) or rewritten by an adoption earlier in this batch: the
      // rewritten entry goes out again under its new id.
      if (!current || current.mutation.id !== sent.mutation.id) continue;
      if (
        !result ||
        result.id !== sent.mutation.id ||
        result.type !== sent.mutation.type ||
        result.op !== sent.mutation.op
      ) {
        unanswered.push(seq);
        continue;
      }
      const m = current.mutation;
      const outcome = classifyStatus(result.status, m.op);
      const error = errorOf(result.body);
      if (outcome === 'done') {
        await removeEntry(db, seq);
        done++;
        if (
          m.op === 'put' &&
          ITEM_TYPES.has(m.type) &&
          isItemBody(result.body, m.type, m.id) &&
          !(await hasLaterEntry(db, current.key, seq))
        ) {
          await putMirrored(db, result.body);
        }
      } else if (
        outcome === 'refused' &&
        result.status === 409 &&
        m.type === 'bookmark' &&
        m.op === 'put' &&
        error.existingId &&
        error.existingId !== m.id
      ) {
        await removeEntry(db, seq);
        await adoptBookmarkId(db, m.id, error.existingId);
        adopted.push({ from: m.id, to: error.existingId });
        done++;
      } else if (
        outcome === 'refused' &&
        result.status === 410 &&
        m.op === 'put' &&
        (await hasLaterDelete(db, current.key, seq))
      ) {
        // A retried put (its first answer was lost) of an object the user went on to delete,
        // and whose delete the server has already applied: nothing is left to do.
        await removeEntry(db, seq);
        done++;
      } else if (outcome === 'refused') {
        await markFailed(db, seq, {
          status: result.status,
          code: error.code === 'error' ? `http-${result.status}` : error.code,
          message: error.message || `The server refused this change (${result.status}).`,
        });
        failed++;
      } else {
        unanswered.push(seq);
        transient ??= new ApiError(
          result.status,
          outcome === 'auth' && error.code !== 'token_expired' ? 'unauthorized' : error.code,
          error.message || `The server could not take this change now (${result.status}).`,
        );
      }
    }
    if (unanswered.length > 0) await countAttempt(db, unanswered);
  });

  if (transient) throw transient;
  if (unanswered.length > 0) {
    throw new ApiError(200, 'bad-response', 'The server did not answer for every change.');
  }
  return { done, failed, adopted };
}

/**
 * Pushes the whole outbox. A whole-request refusal (400, 413) of a batch is narrowed down by
 * halving until the one refused entry is marked failed; transient failures throw an `ApiError`.
 */
export async function pushOutbox(db: OutloudDb, api: Api): Promise<PushReport> {
  const report: PushReport = { sent: 0, done: 0, failed: 0, adopted: [] };
  let limit: number | undefined;
  for (;;) {
    const batch = await nextBatch(db, limit);
    if (batch.length === 0) return report;
    let results: MutationResult[];
    try {
      results = (await api.sync(batch.map(toPush), await outboxId(db))).results;
    } catch (err) {
      if (!(err instanceof ApiError) || classifyStatus(err.status) !== 'refused') {
        if (err instanceof ApiError)
          await countAttempt(
            db,
            batch.map((e) => e.seq!),
          );
        throw err;
      }
      if (batch.length > 1) {
        limit = Math.max(1, batch.length >> 1);
        continue;
      }
      await markFailed(db, batch[0]!.seq!, {
        status: err.status,
        code: err.code,
        message: err.message,
      });
      report.sent++;
      report.failed++;
      limit = undefined;
      continue;
    }
    report.sent += batch.length;
    const applied = await applyResults(db, batch, results);
    report.done += applied.done;
    report.failed += applied.failed;
    for (const a of applied.adopted) {
      report.adopted.push(a.to);
      await refreshAdopted(db, api, a.to);
    }
    limit = undefined;
  }
}

/** Fetches the adopted bookmark so the mirror shows the server's copy (best effort). */
async function refreshAdopted(db: OutloudDb, api: Api, id: string): Promise<void> {
  try {
    const bookmark = await api.item<Bookmark>('bookmark', id);
    await transaction(db, ['outbox', 'mirror'], async () => {
      const waiting = await countFor(db, `bookmark:${id}`);
      if (waiting === 0 && isItemBody(bookmark, 'bookmark', id)) await putMirrored(db, bookmark);
    });
  } catch {
    // The next pull or push answer brings it; the local copy stands until then.
  }
}
