/**
 * The delivery worker, one per server process. It claims due deliveries with a lease (on
 * PostgreSQL `FOR UPDATE SKIP LOCKED`, so instances sharing the database never claim the same
 * row; a lease left by a killed instance expires after `leaseMs`), only ever the oldest pending
 * one of each hook (so a hook's events go out in queue order, one at a time), posts each, and
 * records the outcome: delivered, or retried later with exponential backoff and jitter
 * (`Retry-After` honoured), or given up a day after it was queued. Failed attempts in a row
 * mark the hook failing; a success clears it. Finished deliveries are kept `keepMs` (the log).
 *
 * Exactly once is not promised, and no sender can promise it: a process killed after the
 * receiver answered 2xx and before the worker recorded it will send that event again. The
 * worker keeps that window small (it records the outcome as soon as the status line arrives,
 * without reading the answer's body) and every request carries a stable `X-Outloud-Event-Id`
 * (and `id` in the JSON body) for receivers to drop the repeat.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/open.ts';
import type { DeliveryRow, WebhookRow } from '../db/schema.ts';
import { VERSION } from '../version.ts';
import { guardedLookup, urlProblem } from './address.ts';
import { render } from './formats.ts';
import { eventBody } from './payload.ts';
import { leaseMs, type WebhookSettings } from './settings.ts';
import { sign } from './signature.ts';

/** What one attempt gave: an HTTP status (with `Retry-After`), or an error. */
export type Attempt = { status?: number; retryAfter?: string; error?: string };

/** Milliseconds `Retry-After` asks for (seconds or an HTTP date), or undefined. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The delay before attempt `attempts + 1`: base × 2^(attempts − 1), capped, with jitter. */
export function backoffMs(attempts: number, settings: WebhookSettings, random = Math.random()) {
  const exp = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (0.5 + random / 2));
}

/** Posts `body` to `hook.url` and resolves with the status line (the body is not read). */
export function post(
  hook: Pick<WebhookRow, 'url' | 'scope'>,
  body: string,
  headers: Record<string, string>,
  settings: WebhookSettings,
): Promise<Attempt> {
  const problem = urlProblem(hook.url, hook.scope, settings.policy);
  if (problem) return Promise.resolve({ error: `the URL ${problem}` });
  const url = new URL(hook.url);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(hook.scope, settings.policy),
        agent: false,
      },
      (response) => {
        clearTimeout(deadline);
        resolve({ status: response.statusCode, retryAfter: response.headers['retry-after'] });
        response.resume();
        response.on('error', () => undefined);
      },
    );
    const deadline = setTimeout(() => {
      request.destroy(new Error(`no answer within ${settings.timeoutMs} ms`));
    }, settings.timeoutMs);
    request.on('error', (error) => {
      clearTimeout(deadline);
      resolve({ error: error.message });
    });
    request.end(body);
  });
}

/** How often a worker deletes old finished deliveries. */
const PRUNE_EVERY_MS = 3_600_000;

export class WebhookWorker {
  /** This process's lease mark. */
  readonly owner = randomUUID();
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private prunedAt = 0;

  constructor(
    private readonly db: Db,
    private readonly settings: WebhookSettings,
    private readonly publicUrl: string,
    private readonly log?: FastifyBaseLogger,
  ) {}

  /** Starts delivering. On SQLite (one process) leases left by a killed run are released. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.db.dialect === 'sqlite') {
      await this.db.kysely
        .updateTable('webhook_deliveries')
        .set({ lease_until: null, lease_owner: null })
        .where('status', '=', 'pending')
        .where('lease_until', 'is not', null)
        .execute();
    }
    this.loop = this.run();
  }

  /** Stops after the attempts in flight have been recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let claimed = 0;
      try {
        if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) {
          this.prunedAt = Date.now();
          await this.prune(this.prunedAt);
        }
        claimed = await this.runOnce();
      } catch (error) {
        this.log?.error({ err: error }, 'webhook delivery failed');
      }
      if (claimed === 0 && !this.stopped) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, this.settings.pollMs);
        });
      }
    }
  }

  /** Deletes finished deliveries older than `keepMs` at `now`; returns how many. */
  async prune(now: number): Promise<number> {
    const before = new Date(now - this.settings.keepMs).toISOString();
    const result = await this.db.kysely
      .deleteFrom('webhook_deliveries')
      .where('status', '!=', 'pending')
      .where('created_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Claims and sends one batch; returns how many were claimed. */
  async runOnce(): Promise<number> {
    const batch = await this.claim();
    await Promise.all(batch.map((d) => this.deliver(d)));
    return batch.length;
  }

  /** Leases up to `concurrency` due deliveries, each the oldest pending one of its hook. */
  private async claim(): Promise<DeliveryRow[]> {
    const now = new Date();
    const at = now.toISOString();
    const until = new Date(now.getTime() + leaseMs(this.settings)).toISOString();
    const lock = this.db.dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
    const result = await sql<DeliveryRow>`UPDATE webhook_deliveries
      SET lease_until = ${until}, lease_owner = ${this.owner}
      WHERE id IN (
        SELECT d.id FROM webhook_deliveries d
        WHERE d.status = 'pending' AND d.next_attempt_at <= ${at}
          AND (d.lease_until IS NULL OR d.lease_until < ${at})
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
            WHERE e.hook_id = d.hook_id AND e.status = 'pending' AND e.seq < d.seq)
        ORDER BY d.seq
        LIMIT ${this.settings.concurrency}
        ${lock})
      RETURNING *`.execute(this.db.kysely);
    return result.rows;
  }

  private async deliver(d: DeliveryRow): Promise<void> {
    const q = this.db.kysely;
    const hook = await q
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', d.hook_id)
      .executeTakeFirst();
    if (!hook) return;
    const event = await eventBody(q, hook, d, this.publicUrl);
    if (!event) {
      await this.finish(d, { status: 'skipped', error: 'no longer visible to this hook' });
      return;
    }
    const body = render(hook.format, event, hook.lang);
    const timestamp = Math.floor(Date.now() / 1000);
    const attempt = await post(
      hook,
      body,
      {
        'content-type': 'application/json',
        'user-agent': `Outloud-Webhooks/${VERSION}`,
        'x-outloud-event': d.event,
        'x-outloud-event-id': d.event_id,
        'x-outloud-timestamp': String(timestamp),
        'x-outloud-signature': sign(hook.secret, timestamp, body),
      },
      this.settings,
    );
    const ok = attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300;
    if (ok) {
      await this.finish(d, { status: 'delivered', code: attempt.status });
      await q
        .updateTable('webhooks')
        .set({ failures: 0, failing_since: null })
        .where('id', '=', hook.id)
        .execute();
      return;
    }
    await this.retry(d, hook, attempt);
  }

  /** Records a final outcome and releases the lease. */
  private async finish(
    d: DeliveryRow,
    outcome: { status: 'delivered' | 'skipped'; code?: number; error?: string },
  ): Promise<void> {
    const now = new Date().toISOString();
    await this.db.kysely
      .updateTable('webhook_deliveries')
      .set({
        status: outcome.status,
        attempts: d.attempts + (outcome.status === 'delivered' ? 1 : 0),
        response_status: outcome.code ?? null,
        error: outcome.error ?? null,
        attempted_at: now,
        delivered_at: outcome.status === 'delivered' ? now : null,
        lease_until: null,
        lease_owner: null,
      })
      .where('id', '=', d.id)
      .execute();
  }

  /** Schedules the next attempt (or gives up) and counts the failure against the hook. */
  private async retry(d: DeliveryRow, hook: WebhookRow, attempt: Attempt): Promise<void> {
    const now = Date.now();
    const attempts = d.attempts + 1;
    const asked = retryAfterMs(attempt.retryAfter, now);
    const delay =
      asked === undefined
        ? backoffMs(attempts, this.settings)
        : Math.min(asked, this.settings.retryMaxMs);
    const next = now + delay;
    const giveUp = next - Date.parse(d.created_at) > this.settings.giveUpAfterMs;
    const error = attempt.error ?? `HTTP ${attempt.status}`;
    this.log?.warn({ hook: hook.id, event: d.event_id, error }, 'webhook attempt failed');
    const at = new Date(now).toISOString();
    await this.db.kysely
      .updateTable('webhook_deliveries')
      .set({
        status: giveUp ? 'failed' : 'pending',
        attempts,
        next_attempt_at: new Date(next).toISOString(),
        response_status: attempt.status ?? null,
        error,
        attempted_at: at,
        lease_until: null,
        lease_owner: null,
      })
      .where('id', '=', d.id)
      .execute();
    const failures = hook.failures + 1;
    await this.db.kysely
      .updateTable('webhooks')
      .set({
        failures: sql`failures + 1`,
        failing_since:
          failures >= this.settings.failingAfter ? (hook.failing_since ?? at) : hook.failing_since,
      })
      .where('id', '=', hook.id)
      .execute();
  }
}
