/**
 * One simulated extension as an organisation runs it, for `npm run load -- --instances N`:
 * time is compressed so that a "minute" lasts `minuteMs` (10 s by default). Each minute, with
 * ±20 % jitter, it pulls `/v1/changes` from its cursor until nothing more is left; about one
 * minute in three it pushes 1–3 mutations (a status, a bookmark of a new page, a like); and one
 * minute in two it opens a page, looked up by urlKey prefix (`range` mode, at the length `GET /v1/org`
 * names), reading the bucket 100 summaries at a time until the page's key is reached. Clients
 * start spread over the first minute. No request starts after the deadline, so a run ends at
 * most one request timeout (30 s) after it. Latencies are recorded per route; any unexpected
 * answer is an error.
 */
import { prng } from '../lib/prng.ts';
import type { Seeded } from './seed.ts';

export type Route = 'GET /v1/changes' | 'POST /v1/sync' | 'GET /v1/pages?prefix=' | 'GET /v1/org';
export const ROUTES: Route[] = [
  'GET /v1/changes',
  'POST /v1/sync',
  'GET /v1/pages?prefix=',
  'GET /v1/org',
];

export type RouteStats = {
  latencies: Record<Route, number[]>;
  errors: Array<{ route: Route; what: string }>;
  /** What the answers carried: change rows from `/v1/changes`, page summaries from prefix lookups. */
  carried: { changes: number; summaries: number };
};

/** Empty statistics. */
export function newRouteStats(): RouteStats {
  return {
    latencies: Object.fromEntries(ROUTES.map((r) => [r, []])) as unknown as Record<Route, number[]>,
    errors: [],
    carried: { changes: 0, summaries: 0 },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs extension `n` (the person `seeded.tokens[n]`) against `base` until `deadline`
 * (`performance.now()`), starting with `cursor` (the end of the seeded history).
 */
export async function runExtension(
  base: string,
  seeded: Seeded,
  n: number,
  deadline: number,
  stats: RouteStats,
  minuteMs: number,
): Promise<void> {
  const random = prng(7000 + n);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const token = seeded.tokens[n % seeded.tokens.length] ?? '';
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let cursor = seeded.endCursor;
  let counter = 0;

  async function timed(route: Route, path: string, init: RequestInit = {}) {
    const started = performance.now();
    try {
      const res = await fetch(`${base}${path}`, {
        ...init,
        headers,
        signal: AbortSignal.timeout(30_000),
      });
      const body = await res.text();
      stats.latencies[route].push(performance.now() - started);
      if (res.status !== 200) {
        stats.errors.push({ route, what: `${res.status} ${path}: ${body.slice(0, 200)}` });
        return null;
      }
      return JSON.parse(body) as Record<string, unknown>;
    } catch (error) {
      stats.errors.push({ route, what: `${path}: ${(error as Error).message}` });
      return null;
    }
  }

  // Start somewhere in the first minute (or not at all, if the deadline comes first).
  await sleep(Math.min(random() * minuteMs, deadline - performance.now()));
  if (performance.now() >= deadline) return;
  const org = await timed('GET /v1/org', '/v1/org');
  const prefixLength = typeof org?.prefixLength === 'number' ? org.prefixLength : 4;
  while (performance.now() < deadline) {
    const minuteStarted = performance.now();
    for (let more = true; more && performance.now() < deadline; ) {
      const query = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await timed('GET /v1/changes', `/v1/changes?${query}`);
      stats.carried.changes += Array.isArray(page?.items) ? page.items.length : 0;
      if (typeof page?.cursor === 'string' && page.cursor) cursor = page.cursor;
      more = page?.hasMore === true;
    }
    if (random() < 1 / 3 && performance.now() < deadline) {
      const mutations: unknown[] = [];
      for (let m = 1 + Math.floor(random() * 3); m > 0; m--) {
        const what = random();
        if (what < 0.4) {
          const text = `fleet ${n}.${counter++}`;
          mutations.push({ id: crypto.randomUUID(), op: 'put', type: 'status', data: { text } });
        } else if (what < 0.7) {
          const url = `https://fleet.example/${n}/${counter++}`;
          const data = { url, title: 'a new page' };
          mutations.push({ id: crypto.randomUUID(), op: 'put', type: 'bookmark', data });
        } else {
          mutations.push({ id: pick(seeded.itemIds), op: 'put', type: 'like' });
        }
      }
      const answer = await timed('POST /v1/sync', '/v1/sync', {
        method: 'POST',
        body: JSON.stringify({ mutations }),
      });
      for (const r of (answer?.results ?? []) as Array<{ status: number }>) {
        if (r.status >= 300) {
          stats.errors.push({ route: 'POST /v1/sync', what: JSON.stringify(r).slice(0, 200) });
        }
      }
    }
    for (let visits = random() < 0.5 ? 1 : 0; visits > 0; visits--) {
      // The bucket's answers, 100 at a time, until the open page is among them (matched here).
      const key = pick(seeded.pageKeys);
      let after = '';
      // No request starts after the deadline, so the phase ends within a request timeout of it.
      while (performance.now() < deadline) {
        const query = `prefix=${key.slice(0, prefixLength)}&limit=100${after ? `&cursor=${after}` : ''}`;
        const page = await timed('GET /v1/pages?prefix=', `/v1/pages?${query}`);
        const items = (page?.items ?? []) as Array<{ urlKey: string }>;
        stats.carried.summaries += items.length;
        if (page?.hasMore !== true || items.some((i) => i.urlKey >= key)) break;
        after = String(page.cursor);
      }
    }
    const minute = minuteMs * (0.8 + 0.4 * random());
    // Until the next minute, or the deadline if that comes first (not a minute past it).
    const now = performance.now();
    await sleep(Math.max(0, Math.min(minute - (now - minuteStarted), deadline - now)));
  }
}
