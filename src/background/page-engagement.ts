/**
 * What is known about a page, for the overlay, the side panel and the popup. In `local` mode
 * (the default) it comes from the mirror and nothing leaves the browser; `range` asks the server
 * for every page whose key starts with the same few hex digits (as many as the server's
 * `GET /v1/org` says, so each bucket holds at least k pages) and matches locally (k-anonymity);
 * `exact` asks for the one key. Link marks always come from the local index.
 */
import { orderPeople, summarizePage } from '../core/engagement.ts';
import type { LookupMode, PageEngagement, PagePerson } from '../core/messages.ts';
import { sharedUrl, urlKey } from '../core/url.ts';
import type { Bookmark, Like, PageSummary, Snippet, Status } from '../core/wire.ts';
import { type Api, ApiError, listOf } from '../platform/api.ts';
import type { OutloudDb } from '../platform/db.ts';
import {
  commentsOn,
  followedAmong as followedBy,
  followsOf,
  itemsOfPage,
  likesOf,
  pageEntries,
  peopleOf,
} from '../platform/mirror-queries.ts';
import { HandlerError } from './errors.ts';

/**
 * Hex characters of the urlKey sent in range mode when the server did not say how many
 * (`GET /v1/org`'s `prefixLength`, chosen so every bucket holds at least k pages; a server
 * from before it answers 404 there).
 */
export const RANGE_PREFIX = 5;
const MAX_PREFIX_PAGES = 20;

/** Handles the user follows. */
export async function networkOf(db: OutloudDb, me: string | null): Promise<Set<string>> {
  if (!me) return new Set();
  const follows = await followsOf(db, me);
  return new Set(follows.map((f) => f.followee));
}

/** Which of `handles` the user follows (a lookup per handle: the page's few people). */
export async function followedAmong(
  db: OutloudDb,
  me: string | null,
  handles: readonly string[],
): Promise<Set<string>> {
  if (!me || handles.length === 0) return new Set();
  return followedBy(db, me, handles);
}

/** Which of `handles` an admin deactivated (their mirrored person says `former`). */
export async function formerAmong(db: OutloudDb, handles: string[]): Promise<Set<string>> {
  const people = await peopleOf(db, handles);
  return new Set(handles.filter((_, i) => people[i]?.former === true));
}

/** Display names by handle (the handle itself for people not mirrored yet). */
export async function namesOf(db: OutloudDb, handles: string[]): Promise<Map<string, string>> {
  const people = await peopleOf(db, handles);
  return new Map(handles.map((h, i) => [h, people[i]?.name ?? h]));
}

/** `url`'s identity, or a `HandlerError` for something that is not an http(s) page. */
export async function pageKey(url: string): Promise<{ url: string; urlKey: string }> {
  try {
    return { url: sharedUrl(url), urlKey: await urlKey(url) };
  } catch {
    throw new HandlerError('not-http', 'Only web pages (http and https) have engagement.');
  }
}

type Parts = {
  url: string;
  urlKey: string;
  title: string;
  bookmarks: Bookmark[];
  snippets: Snippet[];
  statuses: Status[];
  comments: PageEngagement['comments'];
  likes: Like[];
  people: Array<{ handle: string; kinds: string[]; name?: string; former?: boolean }>;
};

async function assemble(db: OutloudDb, me: string | null, p: Parts): Promise<PageEngagement> {
  const network = await followedAmong(
    db,
    me,
    p.people.map((x) => x.handle),
  );
  const names = await namesOf(
    db,
    p.people.map((x) => x.handle),
  );
  const former = await formerAmong(
    db,
    p.people.map((x) => x.handle),
  );
  const ordered = orderPeople(p.people as Parameters<typeof orderPeople>[0], network, me);
  const people: PagePerson[] = ordered.map((x) => ({
    handle: x.handle,
    name: p.people.find((y) => y.handle === x.handle)?.name ?? names.get(x.handle) ?? x.handle,
    inNetwork: x.inNetwork,
    kinds: x.kinds,
    ...(former.has(x.handle) || p.people.find((y) => y.handle === x.handle)?.former
      ? { former: true }
      : {}),
  }));
  const likeCounts: Record<string, number> = {};
  for (const l of p.likes) likeCounts[l.targetId] = (likeCounts[l.targetId] ?? 0) + 1;
  return {
    url: p.url,
    urlKey: p.urlKey,
    people,
    counts: {
      bookmarks: p.bookmarks.length,
      snippets: p.snippets.length,
      comments: p.comments.length,
      likes: p.likes.length,
    },
    bookmarks: p.bookmarks,
    snippets: p.snippets,
    statuses: p.statuses,
    comments: p.comments,
    likedByMe: p.likes.filter((l) => l.owner === me).map((l) => l.targetId),
    likeCounts,
    myBookmark: p.bookmarks.find((b) => b.owner === me) ?? null,
  };
}

/** The page from the local mirror only. */
export async function localEngagement(
  db: OutloudDb,
  me: string | null,
  page: { url: string; urlKey: string },
): Promise<PageEngagement> {
  const items = await itemsOfPage(db, page.urlKey);
  const ids = items.map((i) => i.id);
  const comments = await commentsOn(db, ids);
  const likes = await likesOf(db, [...ids, ...comments.map((c) => c.id)]);
  const entry = summarizePage(page.urlKey, items, comments, likes);
  const byDate = <T extends { createdAt: string }>(a: T, b: T) =>
    a.createdAt < b.createdAt ? 1 : -1;
  return assemble(db, me, {
    url: entry?.url ?? page.url,
    urlKey: page.urlKey,
    title: entry?.title ?? '',
    bookmarks: items.filter((i): i is Bookmark => i.type === 'bookmark').sort(byDate),
    snippets: items.filter((i): i is Snippet => i.type === 'snippet').sort(byDate),
    statuses: items.filter((i): i is Status => i.type === 'status').sort(byDate),
    comments: comments.sort(byDate),
    likes,
    people: entry?.people ?? [],
  });
}

function fromSummary(s: PageSummary): Parts {
  return {
    url: s.url,
    urlKey: s.urlKey,
    title: s.title,
    bookmarks: s.bookmarks,
    snippets: s.snippets,
    statuses: s.statuses,
    comments: s.comments,
    likes: s.likes,
    people: s.people,
  };
}

/**
 * Engagement with `url` by `mode`. When the server cannot be reached in range or exact mode,
 * the local mirror answers (offline first); other server errors are reported.
 */
export async function pageEngagement(
  db: OutloudDb,
  api: Api | null,
  me: string | null,
  url: string,
  mode: LookupMode,
  prefixLength: number = RANGE_PREFIX,
): Promise<PageEngagement> {
  const page = await pageKey(url);
  if (mode === 'local' || !api) return localEngagement(db, me, page);
  try {
    let summary: PageSummary | undefined;
    if (mode === 'range') {
      // Every page under the prefix, matched here: the server never learns which one we want.
      let cursor = '';
      for (let i = 0; i < MAX_PREFIX_PAGES && !summary; i++) {
        const answer = await api.pagesByPrefix(page.urlKey.slice(0, prefixLength), cursor);
        summary = listOf(answer.items).find((s) => s.urlKey === page.urlKey);
        if (!answer.hasMore || !answer.cursor) break;
        cursor = answer.cursor;
      }
    } else {
      summary = await api.page(page.urlKey).catch((err) => {
        if (err instanceof ApiError && err.status === 404) return undefined;
        throw err;
      });
    }
    if (!summary) return assemble(db, me, { ...emptyParts(), ...page });
    return assemble(db, me, fromSummary(summary));
  } catch (err) {
    if (err instanceof ApiError && err.status === 0) return localEngagement(db, me, page);
    const detail = err instanceof Error ? err.message : 'The server could not answer.';
    throw new HandlerError('server', detail, { detail });
  }
}

function emptyParts(): Omit<Parts, 'url' | 'urlKey'> {
  return {
    title: '',
    bookmarks: [],
    snippets: [],
    statuses: [],
    comments: [],
    likes: [],
    people: [],
  };
}

/** Engagement counts for links on a page, from the local index (nothing is sent). */
export async function linkEngagement(
  db: OutloudDb,
  urls: string[],
): Promise<Record<string, { count: number; people: Array<{ handle: string; name: string }> }>> {
  const keyed: Array<{ url: string; key: string }> = [];
  for (const url of new Set(urls)) {
    try {
      keyed.push({ url, key: await urlKey(url) });
    } catch {
      // Not an http(s) link: nothing to mark.
    }
  }
  const entries = await pageEntries(
    db,
    keyed.map((k) => k.key),
  );
  const handles = [...new Set(entries.flatMap((e) => e?.people.map((p) => p.handle) ?? []))];
  const names = await namesOf(db, handles);
  const out: Record<string, { count: number; people: Array<{ handle: string; name: string }> }> =
    {};
  keyed.forEach(({ url }, i) => {
    const entry = entries[i];
    if (!entry || entry.people.length === 0) return;
    out[url] = {
      count: entry.people.length,
      people: entry.people.map((p) => ({
        handle: p.handle,
        name: names.get(p.handle) ?? p.handle,
      })),
    };
  });
  return out;
}
