/**
 * The sync state machine's pure policy: how an HTTP answer is classified, how long to wait
 * after a failure (exponential backoff with jitter, `Retry-After` honoured) and whether a
 * trigger may start a sync now. No I/O: the background stores `BackoffState` in Dexie and asks
 * these functions what to do, so a worker killed mid-way resumes with the same decisions.
 */

/** What happens to one outbox mutation (or a whole request) given the server's status. */
export type Outcome =
  /** Done: the server accepted it (or it was already the case, e.g. deleting a gone item). */
  | 'done'
  /** A refusal that retrying cannot fix (400, 403, 404, 409, 413…): keep it, show the reason. */
  | 'refused'
  /** The token is missing, wrong or revoked: stop syncing until the user signs in again. */
  | 'auth'
  /** Transient (network, 408, 429, 5xx): keep it pending and back off. */
  | 'retry';

/**
 * Classifies an HTTP status for a mutation. `0` stands for "no answer" (network error,
 * timeout). A `404` answering a delete means the object is already gone: done.
 */
export function classifyStatus(status: number, op: 'put' | 'delete' = 'put'): Outcome {
  if (status >= 200 && status < 300) return 'done';
  if (status === 404 && op === 'delete') return 'done';
  if (status === 401) return 'auth';
  if (status === 0 || status === 408 || status === 425 || status === 429 || status >= 500) {
    return 'retry';
  }
  return 'refused';
}

/** Backoff parameters; the defaults suit a sync every minute. */
export type BackoffOptions = {
  /** First delay in milliseconds. */
  baseMs: number;
  /** Longest delay in milliseconds. */
  maxMs: number;
};

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 10 * 60_000 };

/**
 * The delay before attempt number `failures + 1` after `failures` consecutive failures (≥ 1):
 * `min(max, base·2^(failures−1))`, of which the upper half is randomised ("equal jitter"), so
 * clients that failed together do not retry together and the wait never drops below half.
 * `random` returns a number in [0, 1).
 */
export function backoffDelay(
  failures: number,
  random: () => number = Math.random,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  if (failures <= 0) return 0;
  const exponent = Math.min(failures - 1, 30);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  const half = ceiling / 2;
  return Math.round(half + half * Math.min(Math.max(random(), 0), 1));
}

/** Longest `Retry-After` honoured (a broken header must not stop sync for a day). */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * Milliseconds to wait from a `Retry-After` header: delta-seconds (`"120"`) or an HTTP date,
 * clamped to [0, MAX_RETRY_AFTER_MS]. `null` when absent or unparseable.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | null {
  if (header == null) return null;
  const text = header.trim();
  if (text === '') return null;
  let ms: number;
  if (/^\d+$/.test(text)) {
    ms = Number.parseInt(text, 10) * 1000;
  } else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return null;
    ms = at - now;
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/** Persisted backoff state (in Dexie), rebuilt on every wake. */
export type BackoffState = {
  /** Consecutive failed sync runs. */
  failures: number;
  /** Epoch ms before which scheduled syncs do not run (0: any time). */
  notBefore: number;
  /** True when the wait comes from the server (`Retry-After`): even user actions wait. */
  serverAsked: boolean;
};

export const INITIAL_BACKOFF: BackoffState = { failures: 0, notBefore: 0, serverAsked: false };

/** What started a sync run. */
export type Trigger = 'manual' | 'action' | 'startup' | 'alarm';

/**
 * Whether a sync started by `trigger` should run at `now`. The user's "Sync now" always runs;
 * a fresh action runs unless the server asked us to wait; start-up and alarms respect backoff.
 */
export function shouldRun(state: BackoffState, trigger: Trigger, now: number): boolean {
  if (trigger === 'manual') return true;
  if (now >= state.notBefore) return true;
  return trigger === 'action' && !state.serverAsked;
}

/** The state after a run that ended well. */
export function afterSuccess(): BackoffState {
  return INITIAL_BACKOFF;
}

/**
 * The state after a failed run: one more failure, and a wait of `backoffDelay` or, when the
 * server sent `Retry-After`, the longer of the two.
 */
export function afterFailure(
  state: BackoffState,
  now: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
  options: BackoffOptions = DEFAULT_BACKOFF,
): BackoffState {
  const failures = state.failures + 1;
  const delay = backoffDelay(failures, random, options);
  const wait = retryAfterMs === null ? delay : Math.max(delay, retryAfterMs);
  return { failures, notBefore: now + wait, serverAsked: retryAfterMs !== null };
}
