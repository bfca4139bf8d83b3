/**
 * The server's webhook settings: whether this process delivers, which private ranges hooks may
 * reach (`address.ts`), and the delivery timings. `serve` reads them from the environment
 * (`OUTLOUD_WEBHOOK_*`, README "Webhooks"); tests pass short timings.
 */
import { type AddressPolicy, NO_PRIVATE, parseRanges } from './address.ts';

export type WebhookSettings = {
  /** Run the delivery worker in this process (`serve` does; `buildApp` alone does not). */
  deliver: boolean;
  policy: AddressPolicy;
  /** How long one attempt may take, connection to answer (default 10 s). */
  timeoutMs: number;
  /** How often an idle worker looks for due deliveries (default 1 s). */
  pollMs: number;
  /** The first retry's delay; each further one doubles it, with jitter (default 10 s). */
  retryBaseMs: number;
  /** The longest delay between attempts, `Retry-After` included (default 1 h). */
  retryMaxMs: number;
  /** An event not delivered this long after it was queued is given up (default a day). */
  giveUpAfterMs: number;
  /** Failed attempts in a row after which a hook is shown as failing (default 5). */
  failingAfter: number;
  /** Deliveries one worker sends at once, to different hooks (default 8). */
  concurrency: number;
  /** How long finished deliveries stay in the log (default 30 days; the log shows 50). */
  keepMs: number;
};

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  deliver: false,
  policy: NO_PRIVATE,
  timeoutMs: 10_000,
  pollMs: 1_000,
  retryBaseMs: 10_000,
  retryMaxMs: 3_600_000,
  giveUpAfterMs: 86_400_000,
  failingAfter: 5,
  concurrency: 8,
  keepMs: 30 * 86_400_000,
};

/** How long a claimed delivery stays with its worker: an attempt plus a margin. */
export function leaseMs(settings: WebhookSettings): number {
  return settings.timeoutMs + 5_000;
}

function positive(env: Record<string, string | undefined>, name: string, fallback: number) {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a whole number ≥ 1`);
  }
  return value;
}

/**
 * Settings from the environment for a delivering server: `OUTLOUD_WEBHOOK_ALLOW_PRIVATE`,
 * `OUTLOUD_WEBHOOK_ALLOW_PRIVATE_ALL` (ranges), `OUTLOUD_WEBHOOK_TIMEOUT_MS`,
 * `OUTLOUD_WEBHOOK_POLL_MS`, `OUTLOUD_WEBHOOK_RETRY_MS`. Throws on a bad value.
 */
export function parseWebhookSettings(env: Record<string, string | undefined>): WebhookSettings {
  return {
    ...DEFAULT_WEBHOOK_SETTINGS,
    deliver: true,
    policy: {
      org: parseRanges(env.OUTLOUD_WEBHOOK_ALLOW_PRIVATE, 'OUTLOUD_WEBHOOK_ALLOW_PRIVATE'),
      all: parseRanges(env.OUTLOUD_WEBHOOK_ALLOW_PRIVATE_ALL, 'OUTLOUD_WEBHOOK_ALLOW_PRIVATE_ALL'),
    },
    timeoutMs: positive(env, 'OUTLOUD_WEBHOOK_TIMEOUT_MS', DEFAULT_WEBHOOK_SETTINGS.timeoutMs),
    pollMs: positive(env, 'OUTLOUD_WEBHOOK_POLL_MS', DEFAULT_WEBHOOK_SETTINGS.pollMs),
    retryBaseMs: positive(env, 'OUTLOUD_WEBHOOK_RETRY_MS', DEFAULT_WEBHOOK_SETTINGS.retryBaseMs),
  };
}
