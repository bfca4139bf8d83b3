/**
 * Read models computed from the local mirror: the feed (the user's network and the user, newest
 * first), notifications (mentions of the user, comments and likes on the user's items by
 * others, unread by a read marker), the user's own tags and the people directory.
 */
import type { PageItem } from '../core/engagement.ts';
import type { FeedEntry, Notification } from '../core/messages.ts';
import { rankTags } from '../core/tags.ts';
import type { Comment, Person } from '../core/wire.ts';
import type { OutloudDb, ReadMarker } from '../platform/db.ts';
import { readMarker, writeReadMarker } from '../platform/meta.ts';
import {
  commentsOn,
  findPeople,
  itemsBy,
  likesOf,
  madeBy,
  mentioning,
  newest,
} from '../platform/mirror-queries.ts';
import { formerAmong, namesOf, networkOf } from './page-engagement.ts';

type Any = PageItem | Comment;

/** Whether `x` is an item shared with group `group`. */
export function inGroup(x: Any, group: string): boolean {
  return x.type !== 'comment' && x.visibility === 'group' && (x.groups ?? []).includes(group);
}

/**
 * The newest `limit` items and comments by the people the user follows and the user; with
 * `group`, the newest items shared with that group (by anyone in it) and the comments on them.
 */
export async function feed(
  db: OutloudDb,
  me: string,
  limit: number,
  group?: string,
): Promise<FeedEntry[]> {
  let items: PageItem[];
  let comments: Comment[];
  if (group === undefined) {
    const network = await networkOf(db, me);
    network.add(me);
    const mine = (x: { owner: string }) => network.has(x.owner);
    ({ items, comments } = await newest(db, mine, limit));
  } else {
    items = (await newest(db, (x) => inGroup(x, group), limit)).items;
    comments = await commentsOn(
      db,
      items.map((i) => i.id),
    );
  }
  const all: Any[] = [...items, ...comments]
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
    .slice(0, limit);
  const owners = [...new Set(all.map((i) => i.owner))];
  const names = await namesOf(db, owners);
  const former = await formerAmong(db, owners);
  return all.map((item) => ({
    item,
    person: {
      handle: item.owner,
      name: names.get(item.owner) ?? item.owner,
      ...(former.has(item.owner) ? { former: true } : {}),
    },
  }));
}

export const NOTIFICATION_LIMIT = 100;

/**
 * Whether a notification counts as read under `marker`. Not by its time alone: an item's time is
 * when its author made it, on their device, and a mention written offline arrives hours later
 * with an old time. Read is what was listed when the person last read them, and whatever was
 * already older than all of that (it was past the end of the list).
 */
export function isRead(marker: ReadMarker | undefined, n: { id: string; at: string }): boolean {
  if (!marker) return false;
  if (!marker.seen) return n.at <= marker.readAt;
  return marker.seen.includes(n.id) || n.at < marker.readAt;
}

/** The user's notifications, newest first, with the unread count. */
export async function notifications(
  db: OutloudDb,
  me: string,
): Promise<{ items: Notification[]; unread: number }> {
  const marker = await readMarker(db);
  const byOthers = (x: { owner: string }) => x.owner !== me;

  const [mentions, mine] = await Promise.all([mentioning(db, me, byOthers), madeBy(db, me)]);
  const mineById = new Map<string, Any>([...mine.items, ...mine.comments].map((i) => [i.id, i]));
  const ids = [...mineById.keys()];
  const [replies, likes] = ids.length
    ? await Promise.all([
        commentsOn(db, ids).then((all) => all.filter(byOthers)),
        likesOf(db, ids).then((all) => all.filter(byOthers)),
      ])
    : [[], []];

  type Raw = Omit<Notification, 'actor' | 'read'> & { owner: string };
  const raw = new Map<string, Raw>();
  for (const item of [...mentions.items, ...mentions.comments]) {
    raw.set(item.id, {
      id: `mention:${item.id}`,
      kind: 'mention',
      at: item.createdAt,
      item,
      owner: item.owner,
    });
  }
  for (const c of replies) {
    if (!raw.has(c.id))
      raw.set(c.id, {
        id: `comment:${c.id}`,
        kind: 'comment',
        at: c.createdAt,
        item: c,
        owner: c.owner,
      });
  }
  for (const l of likes) {
    const item = mineById.get(l.targetId);
    if (!item) continue;
    const id = `like:${l.owner}/${l.targetId}`;
    raw.set(id, { id, kind: 'like', at: l.createdAt, item, owner: l.owner });
  }
  const sorted = [...raw.values()]
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, NOTIFICATION_LIMIT);
  const actors = [...new Set(sorted.map((n) => n.owner))];
  const names = await namesOf(db, actors);
  const former = await formerAmong(db, actors);
  const items: Notification[] = sorted.map(({ owner, ...n }) => ({
    ...n,
    actor: {
      handle: owner,
      name: names.get(owner) ?? owner,
      ...(former.has(owner) ? { former: true } : {}),
    },
    read: isRead(marker, n),
  }));
  return { items, unread: items.filter((n) => !n.read).length };
}

/** Marks the notifications listed now read (see `isRead`); later arrivals stay unread. */
export async function markNotificationsRead(db: OutloudDb, me: string): Promise<void> {
  const { items } = await notifications(db, me);
  const oldest = items.length === NOTIFICATION_LIMIT ? items[items.length - 1]!.at : '';
  const marker: ReadMarker = { key: 'notifications', readAt: oldest, seen: items.map((n) => n.id) };
  await writeReadMarker(db, marker);
}

/** The user's own bookmark tags for autocomplete, most used first (`rankTags`: spellings of one
 * tag count together). */
export async function myTags(db: OutloudDb, me: string): Promise<string[]> {
  const bookmarks = (await itemsBy(db, me)).filter((i) => i.type === 'bookmark');
  return rankTags(bookmarks.map((b) => b.tags));
}

/**
 * People whose handle or a word of whose name starts with `q` (case-insensitive), from the
 * mirrored directory, the people the user follows first.
 */
export async function searchPeople(
  db: OutloudDb,
  me: string | null,
  q: string,
  limit: number,
): Promise<Person[]> {
  const needle = q.trim().replace(/^@/, '').toLowerCase();
  const network = await networkOf(db, me);
  const matches = (p: Person) =>
    p.handle !== me &&
    (needle === '' ||
      p.handle.startsWith(needle) ||
      p.name
        .toLowerCase()
        .split(/\s+/)
        .some((w) => w.startsWith(needle)) ||
      p.name.toLowerCase().startsWith(needle));
  const found = await findPeople(db, matches);
  return found
    .sort(
      (a, b) =>
        Number(network.has(b.handle)) - Number(network.has(a.handle)) ||
        (a.handle < b.handle ? -1 : 1),
    )
    .slice(0, limit);
}
