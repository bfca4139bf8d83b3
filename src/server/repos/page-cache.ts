/**
 * A per-process cache of serialised page answers (`GET /v1/pages/{urlKey}`), keyed by caller and
 * page and valid only while the change log's counter is unchanged. The counter moves in the
 * same transaction as every write that can change a page summary (items, comments, likes,
 * follows, people: see `db/changes.ts`), and it is read from the database on every request (by
 * the authentication hook, in the token lookup's statement: `repos/users.ts`), so a write made
 * by any process (another server, the CLI) makes the next request compute afresh:
 * an item turned private or deleted, a like withdrawn or a follow ended never lingers. The key
 * holds the caller's handle, so one person's view (their private items, whom they follow) is
 * never served to another; the caller is still authenticated on every request.
 *
 * The counter is read BEFORE the summary: a write committing in between leaves a newer answer
 * under the older number, which the next request replaces; the reverse order could keep an
 * old answer under the new number.
 */
import type { PageSummary } from '../../core/wire.ts';
import type { Db } from '../db/open.ts';
import { preparedStatement } from '../db/statement-cache.ts';
import { pageSummary } from './pages.ts';

/** Bounds on what one process keeps: answers, and their total size in bytes. */
export const PAGE_CACHE_LIMITS = { entries: 20_000, bytes: 64_000_000 } as const;

/** An answer (UTF-8 JSON, sent as it is; null: nothing visible) and whether it was asked for
 * since eviction last passed it. */
type Entry = { answer: Buffer | null; used: boolean };
/** The answers kept under one value of the change counter. */
export type AnswerCache = { version: number; bytes: number; answers: Map<string, Entry> };
type Cache = AnswerCache;
const caches = new WeakMap<Db, Cache>();

const VERSION_SQL = "SELECT value FROM counters WHERE name = 'changes'";

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

function cacheFor(db: Db, version: number): Cache {
  let cache = caches.get(db);
  if (!cache || cache.version !== version) {
    cache = { version, bytes: 0, answers: new Map() };
    caches.set(db, cache);
  }
  return cache;
}

/**
 * Keeps `answer` and evicts down to the bounds, oldest first but giving an entry asked for since
 * it was last passed a second chance (moved to the back, flag cleared): an approximation of
 * least-recently-used that costs a hit no reordering of the map.
 */
export function keepAnswer(
  cache: AnswerCache,
  key: string,
  answer: Buffer | null,
  limits: { entries: number; bytes: number } = PAGE_CACHE_LIMITS,
): void {
  cache.answers.set(key, { answer, used: false });
  cache.bytes += answer?.length ?? 0;
  const { answers } = cache;
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

/**
 * The cached answer for page `urlKey` as `me` sees it, null when nothing of the page is visible
 * to them, or undefined when it is not cached under `version` (the change log's counter, read
 * from the database BEFORE this call: `changeCounter`, or the request's `changes`). Synchronous,
 * so a hit costs the request no extra turn of the event loop.
 */
export function cachedPageAnswer(
  db: Db,
  version: number,
  me: string,
  urlKey: string,
): Buffer | null | undefined {
  const entry = cacheFor(db, version).answers.get(`${me}\n${urlKey}`);
  if (entry === undefined) return undefined;
  entry.used = true;
  return entry.answer;
}

/**
 * The answer for page `urlKey` as `me` sees it (`serialize` turns a summary into the route's
 * JSON), or null when nothing of the page is visible to them: from the cache while nothing was
 * written since it was computed, else computed and kept. `version` as for `cachedPageAnswer`.
 */
export async function pageAnswer(
  db: Db,
  version: number,
  me: string,
  urlKey: string,
  serialize: (summary: PageSummary) => string,
): Promise<Buffer | null> {
  const hit = cachedPageAnswer(db, version, me, urlKey);
  if (hit !== undefined) return hit;
  const cache = cacheFor(db, version);
  const summary = await pageSummary(db, me, urlKey);
  const answer = summary ? Buffer.from(serialize(summary), 'utf8') : null;
  // Another request may have moved the cache on to a newer version meanwhile: keep the answer
  // only in the cache of the version it was computed under, if that is still the current one.
  if (caches.get(db) === cache) keepAnswer(cache, `${me}\n${urlKey}`, answer);
  return answer;
}
