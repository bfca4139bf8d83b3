/**
 * The signature of generic JSON hooks. Every delivery carries `X-Outloud-Timestamp` (Unix
 * seconds) and `X-Outloud-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`.
 * A receiver recomputes it over the raw body with the hook's secret, compares in constant time,
 * and refuses a timestamp further than `toleranceSeconds` from its clock (a replayed request),
 * then drops an `X-Outloud-Event-Id` it has already handled (README "Webhooks").
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Five minutes either way, as Stripe and Slack allow. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new hook secret: 32 random bytes, base64url, with a recognisable prefix. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** `v1=<hex>` for `body` sent at `timestamp` (Unix seconds). */
export function sign(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `v1=${mac}`;
}

export type VerifyInput = {
  secret: string;
  /** The raw request body, exactly as received. */
  body: string;
  /** `X-Outloud-Timestamp`. */
  timestamp: string | undefined;
  /** `X-Outloud-Signature`. */
  signature: string | undefined;
  /** Unix seconds now (default: the clock). */
  now?: number;
  toleranceSeconds?: number;
};

/**
 * True when `signature` is the hook's signature of `body` at `timestamp` and `timestamp` is
 * within the tolerance of `now`: a forged body or signature, a signature moved to another
 * timestamp and an old (replayed) request all give false.
 */
export function verifySignature(input: VerifyInput): boolean {
  const { secret, body, timestamp, signature } = input;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(now - Number(timestamp)) > tolerance) return false;
  const expected = Buffer.from(sign(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
