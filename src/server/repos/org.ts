/**
 * The organisation's size as clients need it to choose a privacy mode (`GET /v1/org`): how many
 * engaged pages, items and people there are, and the urlKey prefix length the `range` mode must
 * use so that every bucket it can name holds at least k pages (`core/bucket-prefix.ts`).
 *
 * What is counted is what everyone may see: pages = distinct urlKeys of live public bookmarks,
 * snippets and statuses; items = live public items of every type (comments included). A
 * person's private pages add to their own buckets, never to anyone else's, so they are left out
 * of the guarantee and the counts.
 *
 * Both are cached per process: the counts for `COUNTS_MAX_AGE_MS`, and the prefix length
 * (a scan of every public page key, in urlKey order) is recomputed only when it is older than
 * `LENGTH_MAX_AGE_MS`, when the page count moved by more than `LENGTH_PAGE_DRIFT` of the count
 * it was computed from, or when k changed. Between two computations a page added joins a
 * bucket, which grows: the length is chosen only when all 16^L prefixes already have ≥ k pages
 * (`core/bucket-prefix.ts`), so no new page can start a bucket of its own. Pages removed shrink
 * buckets; a 10 % drop is the most that goes unseen, and for at most five minutes
 * (`tests/server/org.test.ts`).
 */

import { BucketSizes } from '../../core/bucket-prefix.ts';
import type { Db } from '../db/open.ts';

/** How long the counts are reused (ms). */
export const COUNTS_MAX_AGE_MS = 60_000;
/** How long a prefix length is reused at most (ms). */
export const LENGTH_MAX_AGE_MS = 5 * 60_000;
/** The fraction by which the page count may move before the prefix length is recomputed. */
export const LENGTH_PAGE_DRIFT = 0.1;
/** How many page keys one statement of the scan reads. */
const SCAN_BATCH = 10_000;

/** What `GET /v1/org` answers. */
export type OrgSize = {
  pages: number;
  items: number;
  people: number;
  bucketMinPages: number;
  prefixLength: number;
};

type Counts = { pages: number; items: number; people: number };
type Cached = {
  counts: Counts;
  countedAt: number;
  length: number;
  lengthAt: number;
  lengthPages: number;
  lengthK: number;
};

const cached = new WeakMap<Db, Cached>();
const pending = new WeakMap<Db, Promise<Cached>>();

/** Counts the public pages and items and the people, afresh. */
export async function countOrg(db: Db): Promise<Counts> {
  const [pages, items, people] = await Promise.all([
    db.kysely
      .selectFrom('items')
      .select((eb) => eb.fn.count<number>('url_key').distinct().as('n'))
      .where('target_id', 'is', null)
      .where('url_key', 'is not', null)
      .where('deleted_at', 'is', null)
      .where('visibility', '=', 'public')
      .where('hidden_at', 'is', null)
      .executeTakeFirstOrThrow(),
    db.kysely
      .selectFrom('items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('deleted_at', 'is', null)
      .where('visibility', '=', 'public')
      .where('hidden_at', 'is', null)
      .executeTakeFirstOrThrow(),
    db.kysely
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { pages: Number(pages.n), items: Number(items.n), people: Number(people.n) };
}

/**
 * The prefix length for buckets of ≥ `k` public pages, from a scan of every public page key in
 * urlKey order (the `items_url_key` index), `SCAN_BATCH` keys a statement.
 */
export async function computePrefixLength(db: Db, k: number): Promise<number> {
  const sizes = new BucketSizes();
  let after = '';
  for (;;) {
    const rows = await db.kysely
      .selectFrom('items')
      .select('url_key')
      .distinct()
      .where('url_key', '>', after)
      .where('target_id', 'is', null)
      .where('deleted_at', 'is', null)
      .where('visibility', '=', 'public')
      .where('hidden_at', 'is', null)
      .orderBy('url_key')
      .limit(SCAN_BATCH)
      .execute();
    for (const row of rows) sizes.add(row.url_key!);
    if (rows.length < SCAN_BATCH) break;
    after = rows.at(-1)!.url_key!;
  }
  return sizes.prefixLength(k);
}

async function refresh(db: Db, k: number, old: Cached | undefined, now: number): Promise<Cached> {
  const counts = await countOrg(db);
  const stale =
    !old ||
    old.lengthK !== k ||
    now - old.lengthAt >= LENGTH_MAX_AGE_MS ||
    Math.abs(counts.pages - old.lengthPages) > LENGTH_PAGE_DRIFT * Math.max(1, old.lengthPages);
  if (!stale) return { ...old, counts, countedAt: now };
  const length = await computePrefixLength(db, k);
  return { counts, countedAt: now, length, lengthAt: now, lengthPages: counts.pages, lengthK: k };
}

/**
 * The organisation's size for buckets of at least `k` pages, from the cache while it is fresh
 * (see the module comment); concurrent callers share one refresh. `now` for tests.
 */
export async function orgSize(db: Db, k: number, now = Date.now()): Promise<OrgSize> {
  let entry = cached.get(db);
  if (!entry || entry.lengthK !== k || now - entry.countedAt >= COUNTS_MAX_AGE_MS) {
    let refreshing = pending.get(db);
    if (!refreshing) {
      refreshing = refresh(db, k, entry, now).finally(() => pending.delete(db));
      pending.set(db, refreshing);
    }
    entry = await refreshing;
    cached.set(db, entry);
  }
  return { ...entry.counts, bucketMinPages: k, prefixLength: entry.length };
}

/** Forgets what `orgSize` cached for `db` (tests). */
export function forgetOrgSize(db: Db): void {
  cached.delete(db);
}
