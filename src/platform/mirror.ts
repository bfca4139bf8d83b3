/**
 * The local mirror's repository: storing items, comments, likes, follows and people as they
 * arrive (from `/v1/changes`, from push answers, from the user's own actions) and keeping the
 * engagement index (`pages`) equal to what the mirror holds. Call these inside
 * `transaction(db, ['mirror', …], fn)` (plus whatever else the caller writes atomically).
 * Reads are in `mirror-queries.ts`.
 */

import type { Table } from 'dexie';
import { type PageItem, summarizePage } from '../core/engagement.ts';
import type { Change, Comment, Follow, Like, Person } from '../core/wire.ts';
import type { OutloudDb } from './db.ts';

/**
 * Rows of `table` whose `index` equals one of `keys`: one `equals` query per key, in parallel.
 * (Dexie's `anyOf` walks a cursor with `continue(key)`, which fake-indexeddb answers by a
 * linear scan: 15 s for 350 keys over 20,000 rows. Per-key queries are fast everywhere.)
 */
export async function whereAnyOf<T, K, I>(
  table: Table<T, K, I>,
  index: string,
  keys: readonly string[],
): Promise<T[]> {
  if (keys.length === 0) return [];
  const unique = [...new Set(keys)];
  return (await Promise.all(unique.map((k) => table.where(index).equals(k).toArray()))).flat();
}

/** Recomputes the engagement index rows of `urlKeys` from the mirror. */
export async function refreshPages(db: OutloudDb, urlKeys: Iterable<string>): Promise<void> {
  const keys = [...new Set(urlKeys)];
  if (keys.length === 0) return;
  const items = await whereAnyOf(db.items, 'urlKey', keys);
  const ids = items.map((i) => i.id);
  const comments = await whereAnyOf(db.comments, 'targetId', ids);
  const likes = await whereAnyOf(db.likes, 'targetId', [...ids, ...comments.map((c) => c.id)]);

  const itemsByKey = groupBy(items, (i) => i.urlKey ?? '');
  const keyOfItem = new Map(items.map((i) => [i.id, i.urlKey ?? '']));
  const commentsByKey = groupBy(comments, (c) => keyOfItem.get(c.targetId) ?? '');
  const keyOfComment = new Map(comments.map((c) => [c.id, keyOfItem.get(c.targetId) ?? '']));
  const likesByKey = groupBy(
    likes,
    (l) => keyOfItem.get(l.targetId) ?? keyOfComment.get(l.targetId) ?? '',
  );

  const put = [];
  const gone = [];
  for (const key of keys) {
    const entry = summarizePage(
      key,
      itemsByKey.get(key) ?? [],
      commentsByKey.get(key) ?? [],
      likesByKey.get(key) ?? [],
    );
    if (entry) put.push(entry);
    else gone.push(key);
  }
  if (put.length > 0) await db.pages.bulkPut(put);
  if (gone.length > 0) await db.pages.bulkDelete(gone);
}

function groupBy<T>(values: T[], key: (v: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const v of values) {
    const k = key(v);
    const list = map.get(k);
    if (list) list.push(v);
    else map.set(k, [v]);
  }
  return map;
}

/**
 * The pages that items `targetIds` belong to: an item's own urlKey, or for a comment, its
 * target's. Unknown targets (not mirrored yet) contribute nothing.
 */
export async function pageKeysOfTargets(db: OutloudDb, targetIds: string[]): Promise<string[]> {
  const ids = [...new Set(targetIds)];
  if (ids.length === 0) return [];
  const keys: string[] = [];
  const items = await db.items.bulkGet(ids);
  const missing: string[] = [];
  items.forEach((item, i) => {
    if (item?.urlKey) keys.push(item.urlKey);
    else if (!item) missing.push(ids[i]!);
  });
  if (missing.length > 0) {
    const comments = await db.comments.bulkGet(missing);
    const parents = comments.filter((c) => c !== undefined).map((c) => c.targetId);
    if (parents.length > 0) {
      for (const parent of await db.items.bulkGet(parents)) {
        if (parent?.urlKey) keys.push(parent.urlKey);
      }
    }
  }
  return keys;
}

/** The last change per key (a page may name one object twice). */
function lastPerKey(changes: Change[]): Change[] {
  const map = new Map<string, Change>();
  for (const c of changes) {
    map.delete(`${c.type}:${c.key}`);
    map.set(`${c.type}:${c.key}`, c);
  }
  return [...map.values()];
}

/** Splits an `owner/target` key of a like or follow. */
export function splitPairKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return slash === -1 ? [key, ''] : [key.slice(0, slash), key.slice(slash + 1)];
}

/**
 * Applies a page of `/v1/changes` to the mirror and the engagement index. Changes whose
 * `type:key` is in `skip` (objects with actions still in the outbox: local state wins until
 * pushed, then the push answer brings the server's version) are ignored.
 */
export async function applyChanges(
  db: OutloudDb,
  changes: Change[],
  skip: ReadonlySet<string> = new Set(),
): Promise<void> {
  const live = lastPerKey(changes).filter((c) => !skip.has(`${c.type}:${c.key}`));
  const dirty: string[] = [];
  const targets: string[] = [];

  const items = live.filter(
    (c) => c.type === 'bookmark' || c.type === 'snippet' || c.type === 'status',
  );
  if (items.length > 0) {
    for (const old of await db.items.bulkGet(items.map((c) => c.key))) {
      if (old?.urlKey) dirty.push(old.urlKey);
    }
    const puts = items.filter((c) => !c.deleted && c.value).map((c) => c.value as PageItem);
    for (const p of puts) if (p.urlKey) dirty.push(p.urlKey);
    await db.items.bulkPut(puts);
    await db.items.bulkDelete(items.filter((c) => c.deleted).map((c) => c.key));
  }

  const comments = live.filter((c) => c.type === 'comment');
  if (comments.length > 0) {
    for (const old of await db.comments.bulkGet(comments.map((c) => c.key))) {
      if (old) targets.push(old.targetId);
    }
    const puts = comments.filter((c) => !c.deleted && c.value).map((c) => c.value as Comment);
    for (const p of puts) targets.push(p.targetId);
    await db.comments.bulkPut(puts);
    await db.comments.bulkDelete(comments.filter((c) => c.deleted).map((c) => c.key));
  }

  const likes = live.filter((c) => c.type === 'like');
  if (likes.length > 0) {
    for (const c of likes) targets.push(splitPairKey(c.key)[1]);
    await db.likes.bulkPut(likes.filter((c) => !c.deleted && c.value).map((c) => c.value as Like));
    await db.likes.bulkDelete(likes.filter((c) => c.deleted).map((c) => splitPairKey(c.key)));
  }

  const follows = live.filter((c) => c.type === 'follow');
  if (follows.length > 0) {
    await db.follows.bulkPut(
      follows.filter((c) => !c.deleted && c.value).map((c) => c.value as Follow),
    );
    await db.follows.bulkDelete(follows.filter((c) => c.deleted).map((c) => splitPairKey(c.key)));
  }

  const people = live.filter((c) => c.type === 'person');
  if (people.length > 0) {
    await db.people.bulkPut(
      people.filter((c) => !c.deleted && c.value).map((c) => c.value as Person),
    );
    await db.people.bulkDelete(people.filter((c) => c.deleted).map((c) => c.key));
  }

  dirty.push(...(await pageKeysOfTargets(db, targets)));
  await refreshPages(db, dirty);
}

/** Stores one item (or comment) the user made or the server answered with, updating the index. */
export async function putMirrored(db: OutloudDb, value: PageItem | Comment): Promise<void> {
  if (value.type === 'comment') {
    const old = await db.comments.get(value.id);
    await db.comments.put(value);
    const keys = await pageKeysOfTargets(db, [value.targetId, ...(old ? [old.targetId] : [])]);
    await refreshPages(db, keys);
    return;
  }
  const old = await db.items.get(value.id);
  await db.items.put(value);
  await refreshPages(
    db,
    [value.urlKey, old?.urlKey].filter((k): k is string => !!k),
  );
}

/** Removes one item or comment from the mirror, updating the index. */
export async function deleteMirrored(db: OutloudDb, type: string, id: string): Promise<void> {
  if (type === 'comment') {
    const old = await db.comments.get(id);
    if (!old) return;
    await db.comments.delete(id);
    await refreshPages(db, await pageKeysOfTargets(db, [old.targetId]));
    return;
  }
  const old = await db.items.get(id);
  if (!old) return;
  await db.items.delete(id);
  if (old.urlKey) await refreshPages(db, [old.urlKey]);
}

/** Stores new items (an import batch), updating the index. */
export async function putItems(db: OutloudDb, items: PageItem[]): Promise<void> {
  await db.items.bulkPut(items);
  await refreshPages(
    db,
    items.map((i) => i.urlKey).filter((k): k is string => !!k),
  );
}

/** Stores a like, updating the index of the liked item's page. */
export async function putLike(db: OutloudDb, like: Like): Promise<void> {
  await db.likes.put(like);
  await refreshPages(db, await pageKeysOfTargets(db, [like.targetId]));
}

/** Removes `owner`'s like of `targetId`, updating the index. */
export async function deleteLike(db: OutloudDb, owner: string, targetId: string): Promise<void> {
  await db.likes.delete([owner, targetId]);
  await refreshPages(db, await pageKeysOfTargets(db, [targetId]));
}

export async function putFollow(db: OutloudDb, follow: Follow): Promise<void> {
  await db.follows.put(follow);
}

export async function deleteFollow(
  db: OutloudDb,
  follower: string,
  followee: string,
): Promise<void> {
  await db.follows.delete([follower, followee]);
}

/**
 * Moves local bookmark `from` to id `to` with the comments and likes on it (`to` wins when both
 * exist), updating the index. The outbox side is `renameBookmark` in `outbox.ts`.
 */
export async function moveBookmark(db: OutloudDb, from: string, to: string): Promise<void> {
  const local = await db.items.get(from);
  if (local) {
    await db.items.delete(from);
    if (!(await db.items.get(to))) await db.items.put({ ...local, id: to });
  }
  await db.comments
    .where('targetId')
    .equals(from)
    .modify((c) => {
      c.targetId = to;
    });
  const likes = await db.likes.where('targetId').equals(from).toArray();
  if (likes.length > 0) {
    await db.likes.bulkDelete(likes.map((l) => [l.owner, l.targetId] as [string, string]));
    await db.likes.bulkPut(likes.map((l) => ({ ...l, targetId: to })));
  }
  if (local?.urlKey) await refreshPages(db, [local.urlKey]);
}
