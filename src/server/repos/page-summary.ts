/**
 * Assembles a page's engagement summary from what the caller may see of it. The counting and
 * the page's URL and title come from the same `summarizePage` the extension's local index uses,
 * so both tell the same story; lists are newest first and capped, counts are totals, and people
 * come network first (the caller and the people they follow), then by handle.
 */
import { orderPeople, type PageItem, summarizePage } from '../../core/engagement.ts';
import type { Bookmark, Comment, Like, PageSummary, Snippet, Status } from '../../core/wire.ts';

/** Longest list of each kind (and of people) in a summary; `counts` always say the totals. */
export const SUMMARY_LIST_LIMIT = 100;

/** What the caller may see of one page: its items, the comments on them, the likes on either. */
export type PageEngagement = {
  urlKey: string;
  items: PageItem[];
  comments: Comment[];
  likes: Like[];
};

type Dated = { createdAt: string } & ({ id: string } | { owner: string; targetId: string });

/** What orders rows made at the same instant: the id, or a like's owner and target. */
const tieKey = (row: Dated) => ('id' in row ? row.id : `${row.owner}\n${row.targetId}`);

/**
 * Newest first; rows made at the same instant in a fixed order (`tieKey`), so the answer does
 * not depend on the order the database returned them in (it differs between query plans).
 */
const newest = <T extends Dated>(list: readonly T[]) =>
  [...list].sort((a, b) => {
    if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
    const [x, y] = [tieKey(a), tieKey(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });

const capped = <T extends Dated>(list: readonly T[]) => newest(list).slice(0, SUMMARY_LIST_LIMIT);

/**
 * The summary of one page for `me`, or null when nothing of it is visible. `names` maps handles
 * to display names; `network` holds the handles `me` follows; `former` those an admin
 * deactivated (marked `former: true`).
 */
export function assembleSummary(
  page: PageEngagement,
  names: ReadonlyMap<string, string>,
  network: ReadonlySet<string>,
  me: string,
  former: ReadonlySet<string> = new Set(),
): PageSummary | null {
  const entry = summarizePage(page.urlKey, page.items, page.comments, page.likes);
  if (!entry) return null;
  const people = orderPeople(entry.people, network, me)
    .slice(0, SUMMARY_LIST_LIMIT)
    .map((p) => ({
      handle: p.handle,
      name: names.get(p.handle) ?? p.handle,
      inNetwork: p.inNetwork,
      kinds: p.kinds,
      ...(former.has(p.handle) ? { former: true as const } : {}),
    }));
  const ofType = <T extends PageItem>(type: T['type']) =>
    page.items.filter((i): i is T => i.type === type);
  return {
    urlKey: page.urlKey,
    url: entry.url,
    title: entry.title,
    people,
    counts: {
      bookmarks: entry.counts.bookmarks,
      snippets: entry.counts.snippets,
      comments: entry.counts.comments,
      likes: entry.counts.likes,
    },
    bookmarks: capped(ofType<Bookmark>('bookmark')),
    snippets: capped(ofType<Snippet>('snippet')),
    statuses: capped(ofType<Status>('status')),
    comments: capped(page.comments),
    likes: capped(page.likes),
  };
}
