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

/** Bounds on what one process keeps: answers, and their total length in characters. */
export const PAGE_CACHE_LIMITS = { entries: 20_000, chars: 64_000_000 } as const;

type Cache = { version: number; chars: number; answers: Map<string, string | null> };
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
    cache = { version, chars: 0, answers: new Map() };
    caches.set(db, cache);
  }
  return cache;
}

function store(cache: Cache, key: string, json: string | null): void {
  cache.answers.set(key, json);
  cache.chars += json?.length ?? 0;
  // Oldest first (Map order is insertion order; hits re-insert).
  while (cache.answers.size > PAGE_CACHE_LIMITS.entries || cache.chars > PAGE_CACHE_LIMITS.chars) {
    const [oldest, value] = cache.answers.entries().next().value!;
    cache.answers.delete(oldest);
    cache.chars -= value?.length ?? 0;
  }
}

/**
 * The JSON answer for page `urlKey` as `me` sees it (`serialize` turns a summary into the
 * route's JSON), or null when nothing of the page is visible to them. Served from the cache
 * while nothing was written since it was computed. `version` is the change log's counter read
 * from the database BEFORE this call (`changeCounter`, or the request's `changes`).
 */
export async function cachedPageJson(
  db: Db,
  version: number,
  me: string,
  urlKey: string,
  serialize: (summary: PageSummary) => string,
): Promise<string | null> {
  const cache = cacheFor(db, version);
  const key = `${me}\n${urlKey}`;
  const hit = cache.answers.get(key);
  if (hit !== undefined) {
    cache.answers.delete(key);
    cache.answers.set(key, hit);
    return hit;
  }
  const summary = await pageSummary(db, me, urlKey);
  const json = summary ? serialize(summary) : null;
  // Another request may have moved the cache on to a newer version meanwhile: keep the answer
  // only in the cache of the version it was computed under, if that is still the current one.
  if (caches.get(db) === cache) store(cache, key, json);
  return json;
}
