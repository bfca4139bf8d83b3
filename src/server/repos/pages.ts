/**
 * Page engagement as the caller may see it: one page by urlKey, or every page under a urlKey
 * prefix (the k-anonymous lookup), keyset-paginated by urlKey. Only live items that are public
 * or the caller's count; comments only on those items (and public or the caller's); likes only
 * on those items and comments.
 */
import { sql } from 'kysely';
import type { PageItem } from '../../core/engagement.ts';
import type { Comment, Like, PageSummary } from '../../core/wire.ts';
import type { Db } from '../db/open.ts';
import type { ItemRow } from '../db/schema.ts';
import { ITEM_COLUMNS, toWireItems } from './items.ts';
import { assembleSummary, handlesOf, type PageEngagement } from './page-summary.ts';

const CHUNK = 500;

async function chunked<T, R>(list: readonly T[], run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(...(await run(list.slice(i, i + CHUNK))));
  return out;
}

/** Live rows of `me`'s view: public or theirs. */
const visibleTo = (me: string) =>
  sql<boolean>`deleted_at IS NULL AND (visibility = 'public' OR owner = ${me})`;

/** Summaries of the pages with `keys` visible to `me`, in the order of `keys`; absent ones left out. */
export async function pageSummaries(
  db: Db,
  me: string,
  keys: readonly string[],
): Promise<PageSummary[]> {
  if (keys.length === 0) return [];
  const q = db.kysely;
  const itemRows = await chunked(keys, (chunk) =>
    q
      .selectFrom('items')
      .select(ITEM_COLUMNS)
      .where('url_key', 'in', chunk)
      .where('target_id', 'is', null)
      .where(visibleTo(me))
      .execute(),
  );
  if (itemRows.length === 0) return [];
  const commentRows = await chunked(
    itemRows.map((r) => r.id),
    (chunk) =>
      q
        .selectFrom('items')
        .select(ITEM_COLUMNS)
        .where('target_id', 'in', chunk)
        .where('type', '=', 'comment')
        .where(visibleTo(me))
        .execute(),
  );
  const likeRows = await chunked([...itemRows, ...commentRows], (chunk) =>
    q
      .selectFrom('likes')
      .selectAll()
      .where(
        'target_id',
        'in',
        chunk.map((r) => r.id),
      )
      .execute(),
  );
  const items = (await toWireItems(q, itemRows)) as PageItem[];
  const comments = (await toWireItems(q, commentRows)) as Comment[];
  const likes: Like[] = likeRows.map((l) => ({
    type: 'like',
    owner: l.owner,
    targetId: l.target_id,
    createdAt: l.created_at,
  }));

  const pages = groupByPage(keys, itemRows, items, comments, likes);
  const handles = new Set<string>();
  for (const page of pages) for (const h of handlesOf(page)) handles.add(h);
  const [names, network] = await Promise.all([
    namesOf(db, [...handles]),
    networkOf(db, me, [...handles]),
  ]);
  const out: PageSummary[] = [];
  for (const page of pages) {
    const summary = assembleSummary(page, names, network, me);
    if (summary) out.push(summary);
  }
  return out;
}

/** Splits the loaded engagement by page, in the order of `keys`. */
function groupByPage(
  keys: readonly string[],
  rows: readonly ItemRow[],
  items: readonly PageItem[],
  comments: readonly Comment[],
  likes: readonly Like[],
): PageEngagement[] {
  const byKey = new Map<string, PageEngagement>(
    keys.map((urlKey) => [urlKey, { urlKey, items: [], comments: [], likes: [] }]),
  );
  const pageOf = new Map<string, PageEngagement>();
  items.forEach((item, i) => {
    const page = byKey.get(rows[i]!.url_key ?? '');
    if (!page) return;
    page.items.push(item);
    pageOf.set(item.id, page);
  });
  for (const c of comments) {
    const page = pageOf.get(c.targetId);
    if (!page) continue;
    page.comments.push(c);
    pageOf.set(c.id, page);
  }
  for (const l of likes) pageOf.get(l.targetId)?.likes.push(l);
  return [...byKey.values()];
}

/** Display names of `handles`. */
async function namesOf(db: Db, handles: readonly string[]): Promise<Map<string, string>> {
  const rows = await chunked(handles, (chunk) =>
    db.kysely.selectFrom('users').select(['handle', 'name']).where('handle', 'in', chunk).execute(),
  );
  return new Map(rows.map((r) => [r.handle, r.name]));
}

/** Which of `handles` `me` follows. */
async function networkOf(db: Db, me: string, handles: readonly string[]): Promise<Set<string>> {
  const rows = await chunked(handles, (chunk) =>
    db.kysely
      .selectFrom('follows')
      .select('followee')
      .where('follower', '=', me)
      .where('followee', 'in', chunk)
      .execute(),
  );
  return new Set(rows.map((r) => r.followee));
}

/** The summary of page `urlKey` for `me`, or undefined when nothing of it is visible. */
export async function pageSummary(
  db: Db,
  me: string,
  urlKey: string,
): Promise<PageSummary | undefined> {
  return (await pageSummaries(db, me, [urlKey]))[0];
}

/**
 * Summaries of the pages whose urlKey starts with `prefix`, in urlKey order, from just after
 * `after` (a urlKey; '' for the start): at most `limit`, whether more follow, and the last key.
 */
export async function pagesByPrefix(
  db: Db,
  me: string,
  prefix: string,
  after: string,
  limit: number,
): Promise<{ items: PageSummary[]; hasMore: boolean; last: string | undefined }> {
  // Keys are lowercase hex, which sorts the same in every collation and below 'g', so
  // [prefix, prefix + 'g') holds exactly the keys with the prefix (an index range scan).
  const rows = await db.kysely
    .selectFrom('items')
    .select('url_key')
    .distinct()
    .where('url_key', after >= prefix ? '>' : '>=', after >= prefix ? after : prefix)
    .where('url_key', '<', `${prefix}g`)
    .where('target_id', 'is', null)
    .where(visibleTo(me))
    .orderBy('url_key')
    .limit(limit + 1)
    .execute();
  const keys = rows.map((r) => r.url_key!).filter((k) => k.startsWith(prefix));
  const page = keys.slice(0, limit);
  return {
    items: await pageSummaries(db, me, page),
    hasMore: keys.length > limit,
    last: page.at(-1),
  };
}
