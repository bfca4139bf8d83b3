/**
 * Reads of the local mirror and its engagement index, by what the background asks: a page's
 * items, comments and likes on items, the people someone follows, the newest activity, mentions.
 * The writes are in `mirror.ts`; no other module touches the tables.
 */
import type { PageIndexEntry, PageItem } from '../core/engagement.ts';
import type { Comment, Follow, Like, Person } from '../core/wire.ts';
import type { OutloudDb } from './db.ts';
import { whereAnyOf } from './mirror.ts';

/** The item `id` (bookmark, snippet or status), if mirrored. */
export function itemById(db: OutloudDb, id: string): Promise<PageItem | undefined> {
  return db.items.get(id);
}

/** The comment `id`, if mirrored. */
export function commentById(db: OutloudDb, id: string): Promise<Comment | undefined> {
  return db.comments.get(id);
}

/** Every item of page `urlKey`. */
export function itemsOfPage(db: OutloudDb, urlKey: string): Promise<PageItem[]> {
  return db.items.where('urlKey').equals(urlKey).toArray();
}

/** Every item of the pages `urlKeys`. */
export function itemsOfPages(db: OutloudDb, urlKeys: readonly string[]): Promise<PageItem[]> {
  return whereAnyOf(db.items, 'urlKey', urlKeys);
}

/** Every item and every comment `handle` made. */
export async function madeBy(
  db: OutloudDb,
  handle: string,
): Promise<{ items: PageItem[]; comments: Comment[] }> {
  const [items, comments] = await Promise.all([
    db.items.where('owner').equals(handle).toArray(),
    db.comments.where('owner').equals(handle).toArray(),
  ]);
  return { items, comments };
}

/** Every item `handle` made. */
export function itemsBy(db: OutloudDb, handle: string): Promise<PageItem[]> {
  return db.items.where('owner').equals(handle).toArray();
}

/** Items and comments that mention `handle` and pass `keep`. */
export async function mentioning(
  db: OutloudDb,
  handle: string,
  keep: (x: PageItem | Comment) => boolean,
): Promise<{ items: PageItem[]; comments: Comment[] }> {
  const [items, comments] = await Promise.all([
    db.items.where('mentions').equals(handle).filter(keep).toArray(),
    db.comments.where('mentions').equals(handle).filter(keep).toArray(),
  ]);
  return { items, comments };
}

/** The newest `limit` items and the newest `limit` comments that pass `keep`, newest first. */
export async function newest(
  db: OutloudDb,
  keep: (x: PageItem | Comment) => boolean,
  limit: number,
): Promise<{ items: PageItem[]; comments: Comment[] }> {
  const [items, comments] = await Promise.all([
    db.items.orderBy('createdAt').reverse().filter(keep).limit(limit).toArray(),
    db.comments.orderBy('createdAt').reverse().filter(keep).limit(limit).toArray(),
  ]);
  return { items, comments };
}

/** Comments on any of `targetIds`. */
export function commentsOn(db: OutloudDb, targetIds: readonly string[]): Promise<Comment[]> {
  return whereAnyOf(db.comments, 'targetId', targetIds);
}

/** Likes of any of `targetIds`. */
export function likesOf(db: OutloudDb, targetIds: readonly string[]): Promise<Like[]> {
  return whereAnyOf(db.likes, 'targetId', targetIds);
}

/** The follows `handle` made. */
export function followsOf(db: OutloudDb, handle: string): Promise<Follow[]> {
  return db.follows.where('follower').equals(handle).toArray();
}

/**
 * Which of `handles` `follower` follows: one primary-key lookup per handle, so the cost follows
 * the few handles asked about, not the size of the follower's network.
 */
export async function followedAmong(
  db: OutloudDb,
  follower: string,
  handles: readonly string[],
): Promise<Set<string>> {
  const rows = await db.follows.bulkGet(handles.map((h) => [follower, h] as [string, string]));
  return new Set(rows.filter((r) => r !== undefined).map((r) => r.followee));
}

/** The mirrored people of `handles`, in order (undefined for one not mirrored yet). */
export function peopleOf(
  db: OutloudDb,
  handles: readonly string[],
): Promise<(Person | undefined)[]> {
  return db.people.bulkGet([...handles]);
}

/** Every mirrored person that passes `keep`. */
export function findPeople(db: OutloudDb, keep: (p: Person) => boolean): Promise<Person[]> {
  return db.people.filter(keep).toArray();
}

/** The engagement index rows of `urlKeys`, in order (undefined where nobody engaged). */
export function pageEntries(
  db: OutloudDb,
  urlKeys: readonly string[],
): Promise<(PageIndexEntry | undefined)[]> {
  return db.pages.bulkGet([...urlKeys]);
}

/** The engagement index row of `urlKey`, if anyone visible engaged with that page. */
export function pageEntry(db: OutloudDb, urlKey: string): Promise<PageIndexEntry | undefined> {
  return db.pages.get(urlKey);
}

/** True when the engagement index holds any page at all. */
export async function anyPageKnown(db: OutloudDb): Promise<boolean> {
  return (await db.pages.limit(1).primaryKeys()).length > 0;
}
