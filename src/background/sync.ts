/**
 * The sync engine: one run pushes the outbox, then pulls changes, under a lock so two runs never
 * overlap. Whether a trigger may run now, and how long to wait after a failure, come from the
 * pure policy (`core/sync-policy.ts`); the resulting state is stored in Dexie, so a worker that
 * is killed and woken by the next alarm decides exactly as the old one would have. A run also
 * reads the organisation's size (`GET /v1/org`) when it is unknown or older than a few hours:
 * it decides the automatic lookup mode and the first sync's "n of about N".
 */
import { lookupChoice, orgIsStale } from '../core/lookup-choice.ts';
import type { SyncStatus } from '../core/messages.ts';
import { permalinkBaseOf } from '../core/permalink.ts';
import { afterFailure, afterSuccess, shouldRun, type Trigger } from '../core/sync-policy.ts';
import { Api, ApiError, type Fetch } from '../platform/api.ts';
import { type OutloudDb, transaction } from '../platform/db.ts';
import type { TryLock } from '../platform/lock.ts';
import { readSyncMeta, writeSyncMeta } from '../platform/meta.ts';
import { outboxStatus } from '../platform/outbox.ts';
import type { SettingsStore } from '../platform/settings.ts';
import { pullChanges } from './pull.ts';
import { pushOutbox } from './push.ts';

export type SyncDeps = {
  db: OutloudDb;
  settings: SettingsStore;
  fetch: Fetch;
  lock: TryLock;
  now?: () => number;
  random?: () => number;
  /** Called after every run that did something, with how it ended (the badge listens). */
  onChange?: (result: RunResult) => void;
  /**
   * Runs after each successful pull with the run's client (the groups list is read again
   * there); it should not throw for a failure of its own.
   */
  afterPull?: (api: Api) => Promise<void>;
};

/** How a run ended. */
export type RunResult =
  | { ran: true; ok: true; pushed: number; pulled: number }
  | { ran: true; ok: false; error: { code: string; message: string } }
  | { ran: false; reason: 'signed-out' | 'backoff' | 'busy' };

/**
 * A `401`'s code in the sync status: `token-expired` when the server says the token is too old
 * (`OUTLOUD_TOKEN_MAX_AGE_DAYS`), `unauthorized` for any other refusal (revoked, unknown); the
 * pages ask the person to sign in again either way, with the outbox kept.
 */
function authCode(err: ApiError): 'token-expired' | 'unauthorized' | null {
  if (err.status !== 401) return null;
  return err.code === 'token_expired' ? 'token-expired' : 'unauthorized';
}

export class SyncEngine {
  private again = false;
  private readonly inflight = new Set<Promise<RunResult>>();

  constructor(private readonly deps: SyncDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** An API client for the stored credentials, or null when signed out. */
  async api(): Promise<Api | null> {
    const credentials = await this.deps.settings.credentials();
    return credentials
      ? new Api({ ...credentials, fetch: this.deps.fetch, now: () => this.now() })
      : null;
  }

  /**
   * One sync run for `trigger`. When another run holds the lock, it is asked to go round once
   * more so this trigger's work is not lost.
   */
  run(trigger: Trigger): Promise<RunResult> {
    const running = this.runOnce(trigger);
    this.inflight.add(running);
    const forget = () => this.inflight.delete(running);
    running.then(forget, forget);
    return running;
  }

  /** Resolves when every run started so far (and any they caused) has finished. */
  async settled(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private async runOnce(trigger: Trigger): Promise<RunResult> {
    const { db } = this.deps;
    const api = await this.api();
    if (!api) return { ran: false, reason: 'signed-out' };
    const meta = await readSyncMeta(db);
    if (!shouldRun(meta.backoff, trigger, this.now())) return { ran: false, reason: 'backoff' };
    const result = await this.deps.lock(async () => {
      let last: RunResult;
      do {
        this.again = false;
        last = await this.once(api);
      } while (this.again && last.ran && last.ok);
      return last;
    });
    if (result === null) {
      this.again = true;
      return { ran: false, reason: 'busy' };
    }
    this.deps.onChange?.(result);
    return result;
  }

  private async once(api: Api): Promise<RunResult> {
    const { db } = this.deps;
    try {
      const push = await pushOutbox(db, api);
      await this.refreshOrg(api);
      const pulled = await pullChanges(db, api);
      await this.deps.afterPull?.(api);
      await this.saveOutcome(null, null);
      return { ran: true, ok: true, pushed: push.sent, pulled };
    } catch (err) {
      const error =
        err instanceof ApiError
          ? { code: authCode(err) ?? err.code, message: err.message }
          : { code: 'internal', message: err instanceof Error ? err.message : String(err) };
      await this.saveOutcome(error, err instanceof ApiError ? err.retryAfterMs : null);
      return { ran: true, ok: false, error };
    }
  }

  /**
   * Reads `GET /v1/org` when the stored answer is missing or stale. A server without the route
   * (404) is remembered as saying nothing, until the next refresh; other refusals are tried
   * again next run; no answer at all or a refused token fail the run like any other request.
   */
  private async refreshOrg(api: Api): Promise<void> {
    const { settings } = this.deps;
    const now = this.now();
    if (!orgIsStale((await settings.org())?.fetchedAt ?? null, now)) return;
    try {
      await settings.setOrg({ size: await api.org(), fetchedAt: now });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status === 0 || err.status === 401) throw err;
      if (err.status === 404) await settings.setOrg({ size: null, fetchedAt: now });
    }
  }

  private async saveOutcome(
    error: { code: string; message: string } | null,
    retryAfterMs: number | null,
  ): Promise<void> {
    const { db } = this.deps;
    const now = this.now();
    await transaction(db, ['meta'], async () => {
      const meta = await readSyncMeta(db);
      await writeSyncMeta(db, {
        ...meta,
        error,
        lastSyncAt: error ? meta.lastSyncAt : new Date(now).toISOString(),
        backoff: error
          ? afterFailure(meta.backoff, now, retryAfterMs, this.deps.random)
          : afterSuccess(),
      });
    });
  }

  /** What the popup and options page show about sync. */
  async status(): Promise<SyncStatus> {
    const { db, settings } = this.deps;
    const [credentials, me, meta, outbox, current, org] = await Promise.all([
      settings.credentials(),
      settings.me(),
      readSyncMeta(db),
      outboxStatus(db),
      settings.get(),
      settings.org(),
    ]);
    const size = org?.size ?? null;
    return {
      signedIn: credentials !== null && me !== null,
      me,
      lastSyncAt: meta.lastSyncAt,
      pending: outbox.pending,
      failed: outbox.failed,
      error: meta.error,
      lookup: lookupChoice(current, size?.items ?? null),
      firstSync: meta.initial
        ? { applied: meta.initial.applied, total: size ? size.items + size.people : null }
        : null,
      permalinkBase: credentials !== null ? permalinkBaseOf(size?.publicUrl) : null,
    };
  }
}
