/**
 * A per-process cache of serialised page answers (`GET /v1/pages/{urlKey}`) and prefix-bucket
 * answers (`GET /v1/pages?prefix=`), keyed by caller and page (or bucket and paging), each kept
 * with the versions it was computed under and valid only while they are unchanged:
 *
 * - the page's version (`page_versions`), moved in the same transaction as every write that can
 *   change the page's summary (its items, the comments on them, the likes on either); a bucket's
 *   version is the sum of its pages' versions, which grows with any of them
 *   (`db/page-versions.ts`);
 * - the caller's view version (`view_versions`), moved when they follow or unfollow someone
 *   (people network first), read with the token on every request (`repos/users.ts`).
 *
 * Both are read from the database on every request, so a write made by any process (another
 * server, the CLI) makes the next request for that page compute afresh: an item turned private
 * or deleted, a like withdrawn or a follow ended never lingers. Writes to other pages leave the
 * answer cached. The key holds the caller's handle, so one person's view (their private items,
 * whom they follow) is never served to another; the caller is still authenticated every time.
 *
 * The versions are read BEFORE the answer is computed: a write committing in between leaves a
 * newer answer under older versions, which the next request replaces; the reverse order could
 * keep an old answer under the new versions.
 */
import { sql } from 'kysely';
import type { PageSummary } from '../../core/wire.ts';
import type { Db } from '../db/open.ts';
import { preparedStatement } from '../db/statement-cache.ts';
import { pageSummary } from './pages.ts';

/** Bounds on what one process keeps: answers, and their total size in bytes. */
export const PAGE_CACHE_LIMITS = { entries: 20_000, bytes: 64_000_000 } as const;

/**
 * An answer (UTF-8 JSON, sent as it is; null: nothing visible), the versions it was computed
 * under, and whether it was asked for since eviction last passed it.
 */
type Entry = { answer: Buffer | null; stamp: string; used: boolean };
/** The answers one process keeps, by caller and page or bucket. */
export type AnswerCache = { bytes: number; answers: Map<string, Entry> };
const caches = new WeakMap<Db, AnswerCache>();

const VERSION_SQL = "SELECT value FROM counters WHERE name = 'changes'";
const PAGE_VERSION_SQL = 'SELECT version FROM page_versions WHERE url_key = ?';
/** Keys are lowercase hex: [prefix, prefix + 'g') holds exactly the keys with the prefix. */
const BUCKET_VERSION_SQL =
  'SELECT COALESCE(SUM(version), 0) AS v FROM page_versions WHERE url_key >= ? AND url_key < ?';

/** The change log's counter, read afresh. */
export async function changeCounter(db: Db): Promise<number> {
  if (db.sqlite) {
    const row = preparedStatement(db.sqlite, VERSION_SQL).get() as { value: number } | undefined;
    return Number(row?.value ?? 0);
  }
  const row = await db.kysely
    .selectFrom('counters')
    .select('value')
    .where('name', '=', 'changes')
    .executeTakeFirst();
  return Number(row?.value ?? 0);
}

/** The stamp an answer is valid under: the page's (bucket's) version and the caller's view. */
export const stampOf = (version: number, view: number): string => `${version}/${view}`;

/** Page `urlKey`'s version on SQLite, synchronously (0: never written since migration 005). */
export function pageVersionSqlite(db: Db, urlKey: string): number {
  const row = preparedStatement(db.sqlite!, PAGE_VERSION_SQL).raw(true).get(urlKey) as
    | [number]
    | undefined;
  return Number(row?.[0] ?? 0);
}

/** Page `urlKey`'s version, read afresh. */
export async function pageVersion(db: Db, urlKey: string): Promise<number> {
  if (db.sqlite) return pageVersionSqlite(db, urlKey);
  const row = await db.kysely
    .selectFrom('page_versions')
    .select('version')
    .where('url_key', '=', urlKey)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** The version of the bucket of pages whose urlKey starts with `prefix`: its pages' sum. */
export async function bucketVersion(db: Db, prefix: string): Promise<number> {
  if (db.sqlite) {
    const row = preparedStatement(db.sqlite, BUCKET_VERSION_SQL)
      .raw(true)
      .get(prefix, `${prefix}g`);
    return Number((row as [number] | undefined)?.[0] ?? 0);
  }
  const row = await db.kysely
    .selectFrom('page_versions')
    .select(sql<number>`COALESCE(SUM(version), 0)`.as('v'))
    .where('url_key', '>=', prefix)
    .where('url_key', '<', `${prefix}g`)
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

function cacheFor(db: Db): AnswerCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { bytes: 0, answers: new Map() };
    caches.set(db, cache);
  }
  return cache;
}

/**
 * Keeps `answer` under `key` (replacing what was there) and evicts down to the bounds, oldest
 * first but giving an entry asked for since it was last passed a second chance (moved to the
 * back, flag cleared): an approximation of least-recently-used that costs a hit no reordering.
 */
export function keepAnswer(
  cache: AnswerCache,
  key: string,
  answer: Buffer | null,
  limits: { entries: number; bytes: number } = PAGE_CACHE_LIMITS,
  stamp = '',
): void {
  const { answers } = cache;
  const old = answers.get(key);
  if (old) {
    answers.delete(key);
    cache.bytes -= old.answer?.length ?? 0;
  }
  answers.set(key, { answer, stamp, used: false });
  cache.bytes += answer?.length ?? 0;
  while (answers.size > limits.entries || cache.bytes > limits.bytes) {
    const [oldest, entry] = answers.entries().next().value!;
    answers.delete(oldest);
    if (entry.used) {
      entry.used = false;
      answers.set(oldest, entry);
    } else {
      cache.bytes -= entry.answer?.length ?? 0;
    }
  }
}

/** The kept answer under `key` when it was computed under `stamp`, else undefined. */
function cached(db: Db, key: string, stamp: string): Buffer | null | undefined {
  const entry = caches.get(db)?.answers.get(key);
  if (entry === undefined || entry.stamp !== stamp) return undefined;
  entry.used = true;
  return entry.answer;
}

/** Computes an answer and keeps it under `key` and `stamp` (read before computing it). */
async function computeAndKeep(
  db: Db,
  key: string,
  stamp: string,
  compute: () => Promise<Buffer | null>,
): Promise<Buffer | null> {
  const answer = await compute();
  const cache = cacheFor(db);
  // An answer already kept under the same stamp (a concurrent request's) stays; any other is
  // replaced. Stamps are not ordered, so a slow request may replace a newer answer with its
  // older one: the next request then misses and recomputes; no answer is ever served under a
  // stamp it was not computed under.
  const kept = cache.answers.get(key);
  if (!kept || kept.stamp !== stamp) keepAnswer(cache, key, answer, PAGE_CACHE_LIMITS, stamp);
  return answer;
}

const pageKey = (me: string, urlKey: string) => `${me}\n${urlKey}`;

/**
 * The cached answer for page `urlKey` as `me` sees it, null when nothing of the page is visible
 * to them, or undefined when it is not cached under `stamp` (`stampOf` the page's version and
 * the caller's view, read BEFORE this call). Synchronous, so a hit costs no extra turn of the
 * event loop.
 */
export function cachedPageAnswer(
  db: Db,
  stamp: string,
  me: string,
  urlKey: string,
): Buffer | null | undefined {
  return cached(db, pageKey(me, urlKey), stamp);
}

/**
 * The answer for page `urlKey` as `me` sees it (`serialize` turns a summary into the route's
 * JSON), or null when nothing of the page is visible to them: from the cache while nothing that
 * changes it was written since it was computed, else computed and kept. `stamp` as for
 * `cachedPageAnswer`.
 */
export async function pageAnswer(
  db: Db,
  stamp: string,
  me: string,
  urlKey: string,
  serialize: (summary: PageSummary) => string,
): Promise<Buffer | null> {
  const key = pageKey(me, urlKey);
  const hit = cached(db, key, stamp);
  if (hit !== undefined) return hit;
  return computeAndKeep(db, key, stamp, async () => {
    const summary = await pageSummary(db, me, urlKey);
    return summary ? Buffer.from(serialize(summary), 'utf8') : null;
  });
}

const bucketKey = (me: string, prefix: string, position: string) =>
  `${me}\n?${prefix}\n${position}`;

/** The kept bucket answer (as `bucketAnswer`) when it was computed under `stamp`, else undefined. */
export function cachedBucketAnswer(
  db: Db,
  stamp: string,
  me: string,
  prefix: string,
  position: string,
): Buffer | undefined {
  return cached(db, bucketKey(me, prefix, position), stamp) ?? undefined;
}

/**
 * One page of the answer to `GET /v1/pages?prefix=` for `me` (JSON bytes, `compute` makes them),
 * cached per caller, bucket and paging position under `stamp` (`stampOf` the bucket's version,
 * `bucketVersion`, and the caller's view, read BEFORE this call): a write to one page moves
 * only its bucket's version, so every other bucket stays cached.
 */
export async function bucketAnswer(
  db: Db,
  stamp: string,
  me: string,
  prefix: string,
  position: string,
  compute: () => Promise<Buffer>,
): Promise<Buffer> {
  const key = bucketKey(me, prefix, position);
  const hit = cached(db, key, stamp);
  if (hit) return hit;
  return (await computeAndKeep(db, key, stamp, compute))!;
}
