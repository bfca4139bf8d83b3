/**
 * The Chromium local-copy benchmark's page (bundled by `local-copy-chromium.ts` into a copy of
 * the built extension as `bench.html`, so it runs in the extension's origin, beside the real
 * service worker and its IndexedDB). It exposes `window.outloudBench`, which the driver calls:
 * signing in through the background's message protocol and reporting how its first sync stands, the
 * origin's storage estimate, the badge's engagement lookup over the database the service worker
 * filled beside a raw IndexedDB `get`, and the bare-`bulkPut` baseline of the same objects.
 */
import { followedAmong } from '../../src/background/page-engagement.ts';
import { networkCount, type PageItem } from '../../src/core/engagement.ts';
import type { Reply, SyncStatus } from '../../src/core/messages.ts';
import { backoffDelay, classifyStatus } from '../../src/core/sync-policy.ts';
import { urlKey } from '../../src/core/url.ts';
import type { ChangesPage, Comment, Follow, Like, Person } from '../../src/core/wire.ts';
import { DB_NAME, openDb } from '../../src/platform/db.ts';
import { readSyncMeta } from '../../src/platform/meta.ts';

async function ui<T>(method: string, params: unknown = {}): Promise<T> {
  const reply = (await chrome.runtime.sendMessage({
    outloud: 1,
    channel: 'ui',
    method,
    params,
  })) as Reply<T>;
  if (!reply.ok) throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
  return reply.value;
}

/** How many times the baseline tries a page of changes again after a transient failure. */
const RETRIES = 8;

/** p-th percentile, nearest rank. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

/** Row counts of the extension's database, by table. */
async function counts(): Promise<Record<string, number>> {
  const db = await openDb(DB_NAME);
  try {
    const tables = [db.items, db.comments, db.likes, db.follows, db.people, db.pages];
    const n = await Promise.all(tables.map((t) => t.count()));
    return Object.fromEntries(tables.map((t, i) => [t.name, n[i]!]));
  } finally {
    db.close();
  }
}

const bench = {
  /** `navigator.storage.estimate()` usage of this origin (the extension's), in bytes. */
  async usage(): Promise<number> {
    return (await navigator.storage.estimate()).usage ?? 0;
  },

  counts,

  /** Signs in; the background starts its first sync at once. */
  async signIn(serverUrl: string, token: string): Promise<void> {
    await ui('signIn', { serverUrl, token });
  },

  /**
   * Where the first sync stands, as the extension reports it (`getStatus`, what the popup
   * shows), with the failed runs in a row from the sync state row (`backoff.failures`, which the
   * status does not carry): each failed run adds one, a run that ends well resets it to 0.
   */
  async syncState() {
    const status = await ui<SyncStatus>('getStatus');
    const db = await openDb(DB_NAME);
    try {
      const meta = await readSyncMeta(db);
      return {
        signedIn: status.signedIn,
        synced: status.lastSyncAt !== null,
        error: status.error,
        applied: status.firstSync?.applied ?? null,
        failures: meta.backoff.failures,
      };
    } finally {
      db.close();
    }
  },

  /**
   * The badge's lookup (urlKey, index row, which of its people the reader follows, network
   * count) for `urls`, beside a raw IndexedDB `get` of the same keys, over the database the
   * service worker filled. Each timed one after another after a warm-up.
   */
  async lookups(urls: string[], me: string) {
    const db = await openDb(DB_NAME);
    try {
      const keys = await Promise.all(urls.map((u) => urlKey(u)));
      const badge = async (i: number) => {
        const entry = await db.pages.get(await urlKey(urls[i]!));
        const handles = entry?.people.map((p) => p.handle) ?? [];
        return networkCount(entry, await followedAmong(db, me, handles), me);
      };
      const raw = (i: number) =>
        new Promise<unknown>((resolve, reject) => {
          const req = db
            .backendDB()
            .transaction('pages', 'readonly')
            .objectStore('pages')
            .get(keys[i]!);
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      const measure = async (fn: (i: number) => Promise<unknown>) => {
        for (let i = 0; i < Math.min(100, urls.length); i++) await fn(i);
        const times: number[] = [];
        for (let i = 0; i < urls.length; i++) {
          const start = performance.now();
          await fn(i);
          times.push(performance.now() - start);
        }
        return { p50: percentile(times, 50), p95: percentile(times, 95) };
      };
      let hits = 0;
      for (const k of keys) if (await db.pages.get(k)) hits++;
      return { badge: await measure(badge), raw: await measure(raw), hits };
    } finally {
      db.close();
    }
  },

  /**
   * Baseline: the same objects `/v1/changes` gives the reader, fetched page by page (500) and
   * stored with bare Dexie `bulkPut`s (no engagement index, no cursor, no outbox check) into a
   * scratch database of the same schema. Only the `bulkPut` transactions are timed; the fetch
   * alone is timed apart (the server's and the network's share of a sync).
   */
  async bareBulkPut(serverUrl: string, token: string) {
    const name = 'outloud-bench-bare';
    const db = await openDb(name);
    let putMs = 0;
    let fetchMs = 0;
    let n = 0;
    let retries = 0;
    /**
     * One page of changes. A transient failure (no answer, 408, 429, 5xx) is tried again after
     * the extension's own backoff (`backoffDelay`: 2 s, 4 s, 8 s… with jitter), up to
     * `RETRIES` times; only the attempt that answered is timed.
     */
    const fetchPage = async (q: URLSearchParams): Promise<ChangesPage> => {
      for (let attempt = 0; ; attempt++) {
        const start = performance.now();
        let status = 0;
        let why = '';
        try {
          const res = await fetch(`${serverUrl}/v1/changes?${q}`, {
            headers: { authorization: `Bearer ${token}` },
            signal: AbortSignal.timeout(30_000),
          });
          status = res.status;
          if (res.ok) {
            const body = (await res.json()) as ChangesPage;
            fetchMs += performance.now() - start;
            return body;
          }
          why = `${res.status} ${(await res.text()).slice(0, 200)}`;
        } catch (error) {
          why = String(error);
        }
        if (classifyStatus(status) !== 'retry' || attempt >= RETRIES) {
          throw new Error(`GET /v1/changes: ${why}`);
        }
        retries++;
        console.warn(`bare bulkPut: GET /v1/changes failed (${why}); trying again`);
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt + 1)));
      }
    };
    try {
      let cursor = '';
      for (let more = true; more; ) {
        const q = new URLSearchParams({ limit: '500' });
        if (cursor) q.set('cursor', cursor);
        const page = await fetchPage(q);
        const of = <T>(type: string) =>
          page.items.filter((c) => c.type === type && !c.deleted).map((c) => c.value as T);
        const start = performance.now();
        await db.transaction(
          'rw',
          [db.items, db.comments, db.likes, db.follows, db.people],
          async () => {
            await db.people.bulkPut(of<Person>('person'));
            await db.follows.bulkPut(of<Follow>('follow'));
            await db.items.bulkPut([...of<PageItem>('bookmark'), ...of<PageItem>('snippet')]);
            await db.comments.bulkPut(of<Comment>('comment'));
            await db.likes.bulkPut(of<Like>('like'));
          },
        );
        putMs += performance.now() - start;
        n += page.items.length;
        cursor = page.cursor;
        more = page.hasMore;
      }
    } finally {
      db.close();
      await new Promise((resolve) => {
        const req = indexedDB.deleteDatabase(name);
        req.onsuccess = req.onerror = req.onblocked = resolve;
      });
    }
    return { putMs, fetchMs, n, retries };
  },
};

declare global {
  interface Window {
    outloudBench: typeof bench;
  }
}
window.outloudBench = bench;
