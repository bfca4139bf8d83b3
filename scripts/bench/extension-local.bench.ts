/**
 * The extension's local data path under fake-indexeddb (Node): the initial sync of 100,000
 * changes into Dexie (the real `pullChanges`, pages of 500 applied with the cursor in one
 * transaction each, engagement index included) beside a bare `bulkPut` of the same objects,
 * and the local engagement lookup the badge and link marks make (urlKey + index row + network
 * count) with 100,000 indexed pages, beside a plain IndexedDB `get` and a `Map` lookup.
 * `OUTLOUD_BENCH_CHANGES` scales the sync (default 100000).
 *
 * Then the same in headless Chromium with the built extension (`local-copy-chromium.ts`):
 * `OUTLOUD_BENCH_SIZES` lists the organisation sizes in changes (default `100000`; add
 * `1000000` for the 1 M run, which takes a while to seed once and to sync), each over
 * `OUTLOUD_BENCH_RUNS` fresh profiles (default 3; each figure's note lists every profile's value
 * beside the median). The first sync waits through transient sync errors as the extension
 * recovers from them, giving up after `OUTLOUD_BENCH_STALL_S` seconds (default 300) without
 * progress; `OUTLOUD_BENCH_FAIL_PULL=N` injects a 503 into the N-th pull to check that path.
 * `OUTLOUD_BENCH_WHERE=node` or `chromium` runs only one half.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { followedAmong } from '../../src/background/page-engagement.ts';
import { pullChanges } from '../../src/background/pull.ts';
import { networkCount, type PageIndexEntry } from '../../src/core/engagement.ts';
import { urlKey } from '../../src/core/url.ts';
import type { Bookmark, Change, ChangesPage, Comment, Like, Person } from '../../src/core/wire.ts';
import type { Api } from '../../src/platform/api.ts';
import { openDb } from '../../src/platform/db.ts';
import { chromiumLocalCopy } from './local-copy-chromium.ts';
import { type BenchRow, type BenchSuite, percentile } from './types.ts';

const SIZES = (process.env.OUTLOUD_BENCH_SIZES ?? '100000').split(',').map(Number);
const RUNS = Number(process.env.OUTLOUD_BENCH_RUNS ?? 3);
const WHERE = process.env.OUTLOUD_BENCH_WHERE ?? 'both';
const CHANGES = Number(process.env.OUTLOUD_BENCH_CHANGES ?? 100_000);
const PAGES = 100_000;
const LOOKUPS = 2_000;
const PEOPLE = 1_000;

let dbCounter = 0;
const fresh = () => openDb(`bench-${++dbCounter}`, { indexedDB: new IDBFactory(), IDBKeyRange });

const iso = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString();
const id = (n: number) => `0190a000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const handle = (n: number) => `user${n % PEOPLE}`;

/** A realistic mix: people, then bookmarks (70%), comments (15%) and likes (15%) on them. */
async function makeChanges(total: number): Promise<Change[]> {
  const changes: Change[] = [];
  for (let p = 0; p < PEOPLE && changes.length < total; p++) {
    const person: Person = { handle: handle(p), name: `User ${p}`, createdAt: iso(p) };
    changes.push({ type: 'person', key: person.handle, deleted: false, value: person });
  }
  let bookmarks = 0;
  for (let n = 0; changes.length < total; n++) {
    const roll = n % 20;
    if (roll < 14 || bookmarks === 0) {
      const url = `https://site${n % 5000}.example/page/${n}`;
      const b: Bookmark = {
        type: 'bookmark',
        id: id(n),
        owner: handle(n),
        createdAt: iso(n),
        updatedAt: iso(n),
        url,
        urlKey: await urlKey(url),
        title: `Page ${n}`,
        description: '',
        tags: ['bench'],
        visibility: 'public',
      };
      bookmarks = n;
      changes.push({ type: 'bookmark', key: b.id, deleted: false, value: b });
    } else if (roll < 17) {
      const c: Comment = {
        type: 'comment',
        id: id(n),
        owner: handle(n + 7),
        createdAt: iso(n),
        updatedAt: iso(n),
        targetId: id(bookmarks),
        text: 'agreed',
        mentions: [],
      };
      changes.push({ type: 'comment', key: c.id, deleted: false, value: c });
    } else {
      const l: Like = {
        type: 'like',
        owner: handle(n + 3),
        targetId: id(bookmarks),
        createdAt: iso(n),
      };
      changes.push({ type: 'like', key: `${l.owner}/${l.targetId}`, deleted: false, value: l });
    }
  }
  return changes;
}

/** An `Api` whose `/v1/changes` pages through `changes` in memory. */
function memoryApi(changes: Change[]): Api {
  return {
    async changes(cursor: string | null, limit: number): Promise<ChangesPage> {
      const from = cursor === null ? 0 : Number(cursor);
      const items = changes.slice(from, from + limit);
      return {
        items,
        cursor: String(from + items.length),
        hasMore: from + items.length < changes.length,
      };
    },
  } as unknown as Api;
}

async function initialSync(changes: Change[]): Promise<BenchRow[]> {
  const db = await fresh();
  let start = performance.now();
  await pullChanges(db, memoryApi(changes));
  const syncMs = performance.now() - start;
  const indexed = await db.pages.count();
  db.close();

  // Baseline: the same objects stored with bulkPut in pages of 500, no index, no cursor.
  const bare = await fresh();
  start = performance.now();
  for (let i = 0; i < changes.length; i += 500) {
    const page = changes.slice(i, i + 500);
    await bare.transaction('rw', bare.items, bare.comments, bare.likes, bare.people, async () => {
      await bare.people.bulkPut(
        page.filter((c) => c.type === 'person').map((c) => c.value as Person),
      );
      await bare.items.bulkPut(
        page.filter((c) => c.type === 'bookmark').map((c) => c.value as Bookmark),
      );
      await bare.comments.bulkPut(
        page.filter((c) => c.type === 'comment').map((c) => c.value as Comment),
      );
      await bare.likes.bulkPut(page.filter((c) => c.type === 'like').map((c) => c.value as Like));
    });
  }
  const bareMs = performance.now() - start;
  bare.close();
  const n = changes.length;
  return [
    {
      name: `initial sync of ${n.toLocaleString('en')} changes (pullChanges)`,
      value: syncMs / 1000,
      unit: 's',
      baseline: { name: 'bare bulkPut, same objects', value: bareMs / 1000 },
      note: `${Math.round(n / (syncMs / 1000)).toLocaleString('en')} changes/s; ${indexed.toLocaleString('en')} pages indexed`,
    },
    {
      name: 'initial sync throughput',
      value: n / (syncMs / 1000),
      unit: 'changes/s',
      baseline: { name: 'bare bulkPut', value: n / (bareMs / 1000) },
    },
  ];
}

function pageEntry(key: string, n: number): PageIndexEntry {
  return {
    urlKey: key,
    url: `https://site${n % 5000}.example/page/${n}`,
    title: `Page ${n}`,
    people: [
      { handle: handle(n), kinds: ['bookmark'] },
      { handle: handle(n + 1), kinds: ['like'] },
    ],
    counts: { bookmarks: 1, snippets: 0, statuses: 0, comments: 0, likes: 1 },
    itemIds: [id(n)],
    updatedAt: iso(n),
  };
}

async function lookups(): Promise<BenchRow[]> {
  const factory = new IDBFactory();
  const db = await openDb('bench-lookup', { indexedDB: factory, IDBKeyRange });
  const urls: string[] = [];
  const entries: PageIndexEntry[] = [];
  for (let n = 0; n < PAGES; n++) {
    const url = `https://site${n % 5000}.example/page/${n}`;
    urls.push(url);
    entries.push(pageEntry(await urlKey(url), n));
  }
  for (let i = 0; i < entries.length; i += 5000) await db.pages.bulkPut(entries.slice(i, i + 5000));
  await db.follows.bulkPut(
    Array.from({ length: 150 }, (_, i) => ({
      type: 'follow' as const,
      follower: 'me',
      followee: handle(i * 3),
      createdAt: iso(i),
    })),
  );
  const map = new Map(entries.map((e) => [e.urlKey, e]));
  const pick = (i: number) => (i * 7919) % PAGES;

  // Warm up, then measure each path over the same random pages.
  const measure = async (fn: (i: number) => Promise<unknown> | unknown) => {
    for (let i = 0; i < 100; i++) await fn(pick(i + LOOKUPS));
    const times: number[] = [];
    for (let i = 0; i < LOOKUPS; i++) {
      const start = performance.now();
      await fn(pick(i));
      times.push(performance.now() - start);
    }
    return { p50: percentile(times, 50), p95: percentile(times, 95) };
  };

  const badge = await measure(async (i) => {
    const key = await urlKey(urls[i]!);
    const entry = await db.pages.get(key);
    const handles = entry?.people.map((p) => p.handle) ?? [];
    return networkCount(entry, await followedAmong(db, 'me', handles), 'me');
  });
  // The same without hashing: the index row and the follows check for a known urlKey.
  const indexOnly = await measure(async (i) => {
    const entry = await db.pages.get(entries[i]!.urlKey);
    const handles = entry?.people.map((p) => p.handle) ?? [];
    return networkCount(entry, await followedAmong(db, 'me', handles), 'me');
  });
  const hashOnly = await measure((i) => urlKey(urls[i]!));
  const rawGet = (key: string) =>
    new Promise<unknown>((resolve, reject) => {
      const tx = db.backendDB().transaction('pages', 'readonly');
      const req = tx.objectStore('pages').get(key);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  const plain = await measure((i) => rawGet(entries[i]!.urlKey));
  const mapped = await measure((i) => map.get(entries[i]!.urlKey));
  db.close();
  return [
    {
      name: `engagement lookup p50 (${PAGES.toLocaleString('en')} pages: urlKey + index + network)`,
      value: badge.p50,
      unit: 'ms',
      baseline: { name: 'plain IndexedDB get p50', value: plain.p50 },
      note: `target < 2 ms; Map lookup p50 ${mapped.p50.toPrecision(2)} ms`,
    },
    {
      name: 'engagement lookup p95',
      value: badge.p95,
      unit: 'ms',
      baseline: { name: 'plain IndexedDB get p95', value: plain.p95 },
      note: `target < 2 ms; Map lookup p95 ${mapped.p95.toPrecision(2)} ms`,
    },
    {
      name: 'index lookup for a known urlKey p50 (index + network)',
      value: indexOnly.p50,
      unit: 'ms',
      baseline: { name: 'plain IndexedDB get p50', value: plain.p50 },
      note: `p95 ${indexOnly.p95.toPrecision(2)} ms; urlKey (WebCrypto SHA-256) alone p50 ${hashOnly.p50.toPrecision(2)} ms, p95 ${hashOnly.p95.toPrecision(2)} ms`,
    },
  ];
}

const suite: BenchSuite = {
  name: 'extension-local',
  title:
    'Extension local data: initial sync into Dexie and engagement lookups (fake-indexeddb in Node, then Chromium with the built extension)',
  async run() {
    const rows: BenchRow[] = [];
    if (WHERE !== 'chromium') {
      const changes = await makeChanges(CHANGES);
      rows.push(...(await lookups()), ...(await initialSync(changes)));
    }
    if (WHERE !== 'node') {
      const log = (line: string) => console.error(line);
      rows.push(...(await chromiumLocalCopy(SIZES, RUNS, log)));
    }
    return rows;
  },
};

export default suite;
