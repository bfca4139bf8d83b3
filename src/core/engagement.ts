/**
 * The engagement index: for one page (`urlKey`), who engaged with it and how, computed from the
 * items the local mirror holds. The background recomputes a page's entry whenever an item,
 * comment or like touching it arrives or leaves; the overlay and the badge read the entry.
 */
import type { Bookmark, Comment, Like, Snippet, Status } from './wire.ts';

export type PageItem = Bookmark | Snippet | Status;
export type EngagementKind = 'bookmark' | 'snippet' | 'status' | 'comment' | 'like';

/** One row of the engagement index. */
export type PageIndexEntry = {
  urlKey: string;
  /** The page's URL and title as the most recent bookmark (else snippet, else status) has them. */
  url: string;
  title: string;
  /** Everyone who engaged, with the kinds of engagement in a fixed order. */
  people: Array<{ handle: string; kinds: EngagementKind[] }>;
  counts: {
    bookmarks: number;
    snippets: number;
    statuses: number;
    comments: number;
    likes: number;
  };
  /** Ids of the page's items (bookmarks, snippets, statuses), to find comments and likes. */
  itemIds: string[];
  /** Latest `updatedAt`/`createdAt` among everything counted. */
  updatedAt: string;
  /**
   * `updatedAt` of the item `url` and `title` come from, so objects arriving later can be
   * merged in (`addToEntry`) without reading the page's items again. Rows written before it
   * existed lack it, and are recomputed instead.
   */
  titledAt?: string;
};

const KIND_ORDER: EngagementKind[] = ['bookmark', 'snippet', 'status', 'comment', 'like'];
const TITLE_ORDER: PageItem['type'][] = ['bookmark', 'snippet', 'status'];

function latest(a: string, b: string): string {
  return a > b ? a : b;
}

/**
 * The index entry of page `urlKey` from the mirror's `items` (those with another urlKey are
 * ignored), `comments` and `likes` (those not targeting one of the page's items, or a comment
 * on one, are ignored). `null` when nothing engages with the page: the entry is removed.
 */
export function summarizePage(
  urlKey: string,
  items: readonly PageItem[],
  comments: readonly Comment[],
  likes: readonly Like[],
): PageIndexEntry | null {
  const own = items.filter((i) => i.urlKey === urlKey);
  if (own.length === 0) return null;
  const itemIds = new Set(own.map((i) => i.id));
  const pageComments = comments.filter((c) => itemIds.has(c.targetId));
  const targets = new Set([...itemIds, ...pageComments.map((c) => c.id)]);
  const pageLikes = likes.filter((l) => targets.has(l.targetId));

  const kinds = new Map<string, Set<EngagementKind>>();
  const add = (handle: string, kind: EngagementKind) => {
    const set = kinds.get(handle) ?? new Set<EngagementKind>();
    set.add(kind);
    kinds.set(handle, set);
  };
  let updatedAt = '';
  for (const i of own) {
    add(i.owner, i.type);
    updatedAt = latest(updatedAt, i.updatedAt);
  }
  for (const c of pageComments) {
    add(c.owner, 'comment');
    updatedAt = latest(updatedAt, c.updatedAt);
  }
  for (const l of pageLikes) {
    add(l.owner, 'like');
    updatedAt = latest(updatedAt, l.createdAt);
  }

  const byRecency = [...own].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
  const titled =
    TITLE_ORDER.map((t) => byRecency.find((i) => i.type === t)).find((i) => i !== undefined) ??
    byRecency[0]!;
  const url = titled.url ?? '';
  const count = (t: PageItem['type']) => own.filter((i) => i.type === t).length;

  return {
    urlKey,
    url,
    title: titled.title,
    people: [...kinds.entries()]
      .map(([handle, set]) => ({ handle, kinds: KIND_ORDER.filter((k) => set.has(k)) }))
      .sort((a, b) => (a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0)),
    counts: {
      bookmarks: count('bookmark'),
      snippets: count('snippet'),
      statuses: count('status'),
      comments: pageComments.length,
      likes: pageLikes.length,
    },
    itemIds: [...itemIds].sort(),
    updatedAt,
    titledAt: titled.updatedAt,
  };
}

/** Objects new to the mirror (none of them counted in the entry yet) on one page. */
export type PageAdditions = { items: PageItem[]; comments: Comment[]; likes: Like[] };

/**
 * `entry` with `added` counted in: what `summarizePage` answers over the entry's objects plus
 * `added`, without reading the entry's objects again (the first sync applies a million changes
 * this way). `added.items` must be on `entry.urlKey`, and the comments and likes on one of its
 * items (or a comment on one). `null` when the entry alone cannot tell which item names the
 * page (no `titledAt`, or a new item as recent as the naming one): recompute it instead.
 */
export function addToEntry(entry: PageIndexEntry, added: PageAdditions): PageIndexEntry | null {
  if (entry.titledAt === undefined) return null;
  const rank = (t: PageItem['type']) => TITLE_ORDER.indexOf(t);
  const c = entry.counts;
  let titledType: PageItem['type'] =
    c.bookmarks > 0 ? 'bookmark' : c.snippets > 0 ? 'snippet' : 'status';
  let titled: { url: string; title: string; at: string } = {
    url: entry.url,
    title: entry.title,
    at: entry.titledAt,
  };
  for (const item of added.items) {
    const better = rank(item.type) - rank(titledType);
    if (better === 0 && item.updatedAt === titled.at) return null;
    if (better < 0 || (better === 0 && item.updatedAt > titled.at)) {
      titledType = item.type;
      titled = { url: item.url ?? '', title: item.title, at: item.updatedAt };
    }
  }

  const kinds = new Map<string, Set<EngagementKind>>(
    entry.people.map((p) => [p.handle, new Set(p.kinds)]),
  );
  const add = (handle: string, kind: EngagementKind) => {
    const set = kinds.get(handle) ?? new Set<EngagementKind>();
    set.add(kind);
    kinds.set(handle, set);
  };
  let updatedAt = entry.updatedAt;
  const counts = { ...entry.counts };
  const countKey = { bookmark: 'bookmarks', snippet: 'snippets', status: 'statuses' } as const;
  for (const i of added.items) {
    add(i.owner, i.type);
    counts[countKey[i.type]]++;
    updatedAt = latest(updatedAt, i.updatedAt);
  }
  for (const cm of added.comments) {
    add(cm.owner, 'comment');
    updatedAt = latest(updatedAt, cm.updatedAt);
  }
  for (const l of added.likes) {
    add(l.owner, 'like');
    updatedAt = latest(updatedAt, l.createdAt);
  }
  counts.comments += added.comments.length;
  counts.likes += added.likes.length;
  return {
    urlKey: entry.urlKey,
    url: titled.url,
    title: titled.title,
    people: [...kinds.entries()]
      .map(([handle, set]) => ({ handle, kinds: KIND_ORDER.filter((k) => set.has(k)) }))
      .sort((a, b) => (a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0)),
    counts,
    itemIds: [...new Set([...entry.itemIds, ...added.items.map((i) => i.id)])].sort(),
    updatedAt,
    titledAt: titled.at,
  };
}

/**
 * How many people in `network` (the handles the user follows) engaged with the page, not
 * counting the user (`me`): the badge's number.
 */
export function networkCount(
  entry: Pick<PageIndexEntry, 'people'> | null | undefined,
  network: ReadonlySet<string>,
  me: string | null,
): number {
  if (!entry) return 0;
  let n = 0;
  for (const p of entry.people) if (p.handle !== me && network.has(p.handle)) n++;
  return n;
}

/**
 * The entry's people with `inNetwork` set (the user counts as in their own network), network
 * first, then by handle.
 */
export function orderPeople(
  people: PageIndexEntry['people'],
  network: ReadonlySet<string>,
  me: string | null,
): Array<{ handle: string; kinds: EngagementKind[]; inNetwork: boolean }> {
  return people
    .map((p) => ({ ...p, inNetwork: p.handle === me || network.has(p.handle) }))
    .sort((a, b) =>
      a.inNetwork !== b.inNetwork
        ? a.inNetwork
          ? -1
          : 1
        : a.handle < b.handle
          ? -1
          : a.handle > b.handle
            ? 1
            : 0,
    );
}
