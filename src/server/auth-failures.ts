/**
 * The limit on requests that do not authenticate: per client address (`client-address.ts`), a
 * fixed window counts requests to authenticated routes that came without a token, with a
 * malformed one or with one that is unknown or revoked. Once an address reaches the limit, such
 * requests are answered `429` with `Retry-After` until the window ends: without a well-formed
 * token before any token work, with a wrong one after its lookup (a valid token from the same
 * address, a colleague behind the same NAT, is still admitted). A random token therefore never buys a fresh count, as it did when the only
 * limit was keyed by the presented token. Counts live in memory, per server instance, for at
 * most `maxAddresses` addresses (the oldest are forgotten first when an attack brings more).
 */

export type AuthRateLimit = { max: number; timeWindowMs: number };

export const DEFAULT_AUTH_RATE_LIMIT: AuthRateLimit = { max: 30, timeWindowMs: 60_000 };

type Window = { count: number; resetAt: number };

export class AuthFailures {
  private readonly windows = new Map<string, Window>();
  private sweptAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly limit: AuthRateLimit,
    private readonly maxAddresses = 100_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Milliseconds until `address` may try again; 0 when it may now. */
  blockedFor(address: string): number {
    const window = this.windows.get(address);
    if (!window) return 0;
    const left = window.resetAt - this.clock();
    if (left <= 0) {
      this.windows.delete(address);
      return 0;
    }
    return window.count >= this.limit.max ? left : 0;
  }

  /** Counts one failed authentication from `address`. */
  fail(address: string): void {
    const now = this.clock();
    const window = this.windows.get(address);
    if (window && window.resetAt > now) {
      window.count += 1;
      return;
    }
    this.windows.delete(address);
    if (this.windows.size >= this.maxAddresses) this.makeRoom(now);
    this.windows.set(address, { count: 1, resetAt: now + this.limit.timeWindowMs });
  }

  /** Drops ended windows (at most once a window), else the oldest address. */
  private makeRoom(now: number): void {
    if (now - this.sweptAt >= this.limit.timeWindowMs) {
      this.sweptAt = now;
      for (const [key, window] of this.windows) {
        if (window.resetAt <= now) this.windows.delete(key);
      }
    }
    if (this.windows.size >= this.maxAddresses) {
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
  }
}
