/**
 * One simulated extension for the load run: with its own token, until the deadline, it pulls
 * `/v1/changes` from its cursor, pushes small `POST /v1/sync` batches (statuses, bookmarks of
 * new pages, likes, deletes of what it pushed) and looks pages up by key and by prefix, pacing
 * itself under the per-token rate limit. Records each request's latency by kind, and every
 * unexpected answer as an error.
 */
import { prng } from '../lib/prng.ts';
import type { Seeded } from './seed.ts';

export type Kind = 'pull' | 'push' | 'page' | 'prefix';

export type Stats = {
  latencies: Record<Kind, number[]>;
  errors: Array<{ kind: Kind; what: string }>;
  /** Requests slower than `SLOW_MS`: when they started (`performance.now()`) and how long. */
  slow: Array<{ kind: Kind; at: number; ms: number }>;
};

export const SLOW_MS = 5_000;

/** Empty statistics. */
export function newStats(): Stats {
  return { latencies: { pull: [], push: [], page: [], prefix: [] }, errors: [], slow: [] };
}

/** At most one request per this many ms per client: 500 a minute, under the default 600. */
const MIN_INTERVAL_MS = 120;

/**
 * Runs client `n` against `base` until `deadline` (a `performance.now()` time), thinking
 * `thinkMs` on average between requests.
 */
export async function runClient(
  base: string,
  seeded: Seeded,
  n: number,
  deadline: number,
  stats: Stats,
  thinkMs: number,
): Promise<void> {
  const random = prng(1000 + n);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const token = seeded.tokens[n % seeded.tokens.length] ?? '';
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  // One client in ten installs afresh (initial sync from scratch); the others are up to date.
  let cursor = n % 10 === 0 ? '' : seeded.endCursor;
  const pushed: string[] = [];
  let counter = 0;

  /** Sends one request; true when its status is one of `ok`. */
  async function timed(kind: Kind, path: string, init: RequestInit, ok: number[]) {
    const started = performance.now();
    try {
      const res = await fetch(`${base}${path}`, {
        ...init,
        headers,
        signal: AbortSignal.timeout(30_000),
      });
      const body = await res.text();
      const ms = performance.now() - started;
      stats.latencies[kind].push(ms);
      if (ms > SLOW_MS) stats.slow.push({ kind, at: started, ms });
      if (!ok.includes(res.status)) {
        stats.errors.push({ kind, what: `${res.status} ${path}: ${body.slice(0, 200)}` });
        return null;
      }
      return JSON.parse(body) as Record<string, unknown>;
    } catch (error) {
      stats.errors.push({ kind, what: `${path}: ${(error as Error).message}` });
      return null;
    }
  }

  while (performance.now() < deadline) {
    const started = performance.now();
    const roll = random();
    if (roll < 0.4) {
      const query = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await timed('pull', `/v1/changes?${query}`, {}, [200]);
      if (page && typeof page.cursor === 'string' && page.cursor) cursor = page.cursor;
    } else if (roll < 0.6) {
      const mutations: unknown[] = [];
      const size = 1 + Math.floor(random() * 5);
      for (let m = 0; m < size; m++) {
        const id = crypto.randomUUID();
        const what = random();
        if (what < 0.35) {
          mutations.push({
            id,
            op: 'put',
            type: 'status',
            data: { text: `load ${n}.${counter++}` },
          });
          pushed.push(id);
        } else if (what < 0.6) {
          const url = `https://load.example/new/${n}/${counter++}`;
          mutations.push({ id, op: 'put', type: 'bookmark', data: { url, title: 'new page' } });
        } else if (what < 0.9) {
          mutations.push({
            id: pick(seeded.itemIds),
            op: random() < 0.8 ? 'put' : 'delete',
            type: 'like',
          });
        } else if (pushed.length > 0) {
          mutations.push({ id: pushed.pop(), op: 'delete', type: 'status' });
        }
      }
      if (mutations.length === 0) continue;
      const answer = await timed(
        'push',
        '/v1/sync',
        { method: 'POST', body: JSON.stringify({ mutations }) },
        [200],
      );
      for (const r of (answer?.results ?? []) as Array<{
        status: number;
        type: string;
        op: string;
      }>) {
        // A like deleted that was not there is answered 404: what the client expects.
        const fine = r.status < 300 || (r.type === 'like' && r.op === 'delete' && r.status === 404);
        if (!fine)
          stats.errors.push({ kind: 'push', what: `mutation ${JSON.stringify(r).slice(0, 200)}` });
      }
    } else if (roll < 0.8) {
      await timed('page', `/v1/pages/${pick(seeded.pageKeys)}`, {}, [200, 404]);
    } else {
      await timed('prefix', `/v1/pages?prefix=${pick(seeded.pageKeys).slice(0, 4)}`, {}, [200]);
    }
    const think = thinkMs * (0.5 + random());
    const rest = Math.max(think, MIN_INTERVAL_MS - (performance.now() - started));
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
}
