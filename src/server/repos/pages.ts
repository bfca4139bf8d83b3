/**
 * Page engagement as the caller may see it: one page by urlKey, or every page under a urlKey
 * prefix (the k-anonymous lookup), keyset-paginated by urlKey. Only live items the caller may
 * see count (public, theirs, or shared with a group that is open or theirs: `visibility.ts`);
 * comments only on those items; likes only on those items and comments. A group item shows the
 * groups the caller may see.
 */
import type { PageItem } from '../../core/engagement.ts';
import type { Comment, PageSummary } from '../../core/wire.ts';
import type { Db } from '../db/open.ts';
import { toWireItem } from './items.ts';
import { loadBucketRows, loadPage, type PageRows } from './page-query.ts';
import { assembleSummary, type PageEngagement } from './page-summary.ts';

/**
 * Turns what `loadPageRows` found into one summary per page, in urlKey order. Mentions come
 * sorted by handle, as every other route gives them.
 */
export function summariesFromRows(rows: PageRows, me: string): PageSummary[] {
  const mentions = new Map<string, string[]>();
  for (const m of rows.mentions)
    mentions.set(m.item_id, [...(mentions.get(m.item_id) ?? []), m.handle]);
  for (const list of mentions.values()) list.sort();
  const groups = new Map<string, string[]>();
  for (const g of rows.groups)
    groups.set(g.item_id, [...(groups.get(g.item_id) ?? []), g.group_id]);
  const names = new Map(rows.people.map((p) => [p.handle, p.name]));
  const former = new Set(rows.people.filter((p) => Number(p.former) === 1).map((p) => p.handle));
  const network = new Set(rows.people.filter((p) => Number(p.followed) === 1).map((p) => p.handle));
  const pages = new Map<string, PageEngagement>();
  const pageOf = new Map<string, PageEngagement>();
  for (const r of rows.items) {
    const key = r.url_key ?? '';
    let page = pages.get(key);
    if (!page) {
      page = { urlKey: key, items: [], comments: [], likes: [] };
      pages.set(key, page);
    }
    page.items.push(toWireItem(r, mentions.get(r.id), groups.get(r.id), me) as PageItem);
    pageOf.set(r.id, page);
  }
  for (const r of rows.comments) {
    const page = pageOf.get(r.target_id ?? '');
    if (!page) continue;
    page.comments.push(toWireItem(r, mentions.get(r.id), undefined, me) as Comment);
    pageOf.set(r.id, page);
  }
  for (const l of rows.likes) {
    pageOf.get(l.target_id)?.likes.push({
      type: 'like',
      owner: l.owner,
      targetId: l.target_id,
      createdAt: l.created_at,
    });
  }
  const out: PageSummary[] = [];
  for (const key of [...pages.keys()].sort()) {
    const summary = assembleSummary(pages.get(key)!, names, network, me, former);
    if (summary) out.push(summary);
  }
  return out;
}

/** The summary of page `urlKey` for `me`, or undefined when nothing of it is visible. */
export async function pageSummary(
  db: Db,
  me: string,
  urlKey: string,
): Promise<PageSummary | undefined> {
  return summariesFromRows(await loadPage(db, me, urlKey), me)[0];
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
  const { rows, hasMore, last } = await loadBucketRows(db, me, prefix, after, limit);
  return { items: summariesFromRows(rows, me), hasMore, last };
}
