/**
 * How many bookmarks each person may import an hour (`OUTLOUD_IMPORT_LIMIT`, default 20,000):
 * a sliding window over what each accepted import held. Kept in memory per server instance,
 * like the request rate limit; several instances behind a load balancer each allow it.
 */
import { HttpError } from './errors.ts';

const HOUR_MS = 3_600_000;

type Grant = { at: number; count: number };

export class ImportQuota {
  private readonly grants = new Map<string, Grant[]>();

  constructor(
    /** Bookmarks a person may import an hour. */
    readonly perHour: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** What `handle` imported in the last hour (and forgets older grants). */
  used(handle: string): number {
    const since = this.now() - HOUR_MS;
    const live = (this.grants.get(handle) ?? []).filter((g) => g.at > since);
    if (live.length === 0) this.grants.delete(handle);
    else this.grants.set(handle, live);
    return live.reduce((sum, g) => sum + g.count, 0);
  }

  /**
   * Counts `count` bookmarks against `handle`'s hour, or throws: `413` when one import alone is
   * more than the hour allows, `429` with `retryAfter` (seconds) when it fits only later.
   */
  take(handle: string, count: number): void {
    if (count > this.perHour) {
      throw new HttpError(
        413,
        'too_large',
        `this file holds ${count} bookmarks; at most ${this.perHour} can be imported an hour`,
      );
    }
    let used = this.used(handle);
    if (used + count > this.perHour) {
      // The earliest time enough of the hour's imports have aged out for this one to fit.
      let wait = HOUR_MS;
      for (const grant of this.grants.get(handle) ?? []) {
        used -= grant.count;
        if (used + count <= this.perHour) {
          wait = grant.at + HOUR_MS - this.now();
          break;
        }
      }
      const retryAfter = Math.max(1, Math.ceil(wait / 1000));
      throw new HttpError(
        429,
        'rate_limited',
        `at most ${this.perHour} bookmarks can be imported an hour; ` +
          `this file's ${count} fit in ${retryAfter} s`,
        { retryAfter },
      );
    }
    const list = this.grants.get(handle) ?? [];
    list.push({ at: this.now(), count });
    this.grants.set(handle, list);
  }
}
