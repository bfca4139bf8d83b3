/**
 * The local mirror's repository: storing items, comments, likes, follows and people as they
 * arrive (from `/v1/changes`, from push answers, from the user's own actions) and keeping the
 * engagement index (`pages`) equal to what the mirror holds. Call these inside
 * `transaction(db, ['mirror', …], fn)` (plus whatever else the caller writes atomically).
 * Reads are in `mirror-queries.ts`.
 */

import type { Table } from 'dexie';
import {
  addToEntry,
  type PageAdditions,
  type PageIndexEntry,
  type PageItem,
  summarizePage,
} from '../core/engagement.ts';
import type { Change, Comment, Follow, Like, Person } from '../core/wire.ts';
import type { OutloudDb } from './db.ts';
import { readOrphans, writeOrphans } from './meta.ts';

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
 *
 * Objects new to the mirror are counted into their page's index row as they are
 * (`addToEntry`), without reading the page's other objects again: that is what keeps a first
 * sync of a million changes near the speed of storing them. Edits, deletes and anything the row
 * alone cannot tell are recomputed from the mirror (`refreshPages`). A comment or like whose
 * target is not mirrored yet (it arrives later, e.g. after an edit moved it down the log) is
 * remembered as an orphan, so its target's page is recomputed when the target arrives.
 */
export async function applyChanges(
  db: OutloudDb,
  changes: Change[],
  skip: ReadonlySet<string> = new Set(),
): Promise<void> {
  const live = lastPerKey(changes).filter((c) => !skip.has(`${c.type}:${c.key}`));
  const dirty: string[] = [];
  const targets: string[] = [];
  const added = new Map<string, PageAdditions>();
  const addition = (key: string) => {
    let a = added.get(key);
    if (!a) {
      a = { items: [], comments: [], likes: [] };
      added.set(key, a);
    }
    return a;
  };
  const newIds: string[] = [];

  const items = live.filter(
    (c) => c.type === 'bookmark' || c.type === 'snippet' || c.type === 'status',
  );
  if (items.length > 0) {
    const olds = await db.items.bulkGet(items.map((c) => c.key));
    items.forEach((c, i) => {
      const old = olds[i];
      if (old?.urlKey) dirty.push(old.urlKey);
      const value = c.deleted ? undefined : (c.value as PageItem | undefined);
      if (value && !old) newIds.push(value.id);
      if (!value?.urlKey) return;
      if (old) dirty.push(value.urlKey);
      else addition(value.urlKey).items.push(value);
    });
    await db.items.bulkPut(
      items.filter((c) => !c.deleted && c.value).map((c) => c.value as PageItem),
    );
    await db.items.bulkDelete(items.filter((c) => c.deleted).map((c) => c.key));
  }

  const comments = live.filter((c) => c.type === 'comment');
  const freshComments: Comment[] = [];
  if (comments.length > 0) {
    const olds = await db.comments.bulkGet(comments.map((c) => c.key));
    comments.forEach((c, i) => {
      const old = olds[i];
      const value = c.deleted ? undefined : (c.value as Comment | undefined);
      if (old) targets.push(old.targetId, ...(value ? [value.targetId] : []));
      else if (value) freshComments.push(value);
    });
    await db.comments.bulkPut(
      comments.filter((c) => !c.deleted && c.value).map((c) => c.value as Comment),
    );
    await db.comments.bulkDelete(comments.filter((c) => c.deleted).map((c) => c.key));
  }

  const likes = live.filter((c) => c.type === 'like');
  const freshLikes: Like[] = [];
  if (likes.length > 0) {
    const olds = await db.likes.bulkGet(likes.map((c) => splitPairKey(c.key)));
    likes.forEach((c, i) => {
      const value = c.deleted ? undefined : (c.value as Like | undefined);
      if (olds[i] || !value) targets.push(splitPairKey(c.key)[1]);
      else freshLikes.push(value);
    });
    await db.likes.bulkPut(likes.filter((c) => !c.deleted && c.value).map((c) => c.value as Like));
    await db.likes.bulkDelete(likes.filter((c) => c.deleted).map((c) => splitPairKey(c.key)));
  }

  // New comments and likes count on their target's page; unknown targets become orphans.
  const orphans = new Set(await readOrphans(db));
  const orphansBefore = orphans.size;
  // So do deleted items and comments that others still name (should they come back).
  const gone = [
    ...items.filter((c) => c.deleted).map((c) => c.key),
    ...comments.filter((c) => c.deleted).map((c) => c.key),
  ];
  for (const id of gone) {
    const named =
      (await db.comments.where('targetId').equals(id).count()) +
      (await db.likes.where('targetId').equals(id).count());
    if (named > 0) orphans.add(id);
  }
  const named = [
    ...comments.flatMap((c) => (c.deleted || !c.value ? [] : [(c.value as Comment).targetId])),
    ...likes.flatMap((c) => (c.deleted || !c.value ? [] : [splitPairKey(c.key)[1]])),
  ];
  const pageOf = await pagesOfTargets(db, named);
  for (const id of named) if (!pageOf.has(id)) orphans.add(id);
  for (const c of freshComments) {
    newIds.push(c.id);
    const key = pageOf.get(c.targetId);
    if (key) addition(key).comments.push(c);
  }
  for (const l of freshLikes) {
    const key = pageOf.get(l.targetId);
    if (key) addition(key).likes.push(l);
  }
  // New objects that orphans were waiting for: their pages are recomputed with the orphans.
  const adopted = newIds.filter((id) => orphans.has(id));
  if (adopted.length > 0) {
    targets.push(...adopted);
    for (const id of adopted) orphans.delete(id);
  }
  if (orphans.size !== orphansBefore || adopted.length > 0) await writeOrphans(db, [...orphans]);

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
  const recompute = new Set(dirty);
  const merge = [...added.keys()].filter((k) => !recompute.has(k));
  const rows = await db.pages.bulkGet(merge);
  const merged: PageIndexEntry[] = [];
  merge.forEach((key, i) => {
    const row = rows[i];
    const a = added.get(key)!;
    const next = row ? addToEntry(row, a) : summarizePage(key, a.items, a.comments, a.likes);
    if (next) merged.push(next);
    else recompute.add(key);
  });
  if (merged.length > 0) await db.pages.bulkPut(merged);
  await refreshPages(db, recompute);
}

/**
 * The page (urlKey) of each of `targetIds` the mirror holds: an item's own, or for a comment,
 * its item's; null for a target on no page (a status without a link, a comment on one).
 * Targets the mirror does not hold are absent.
 */
async function pagesOfTargets(
  db: OutloudDb,
  targetIds: string[],
): Promise<Map<string, string | null>> {
  const ids = [...new Set(targetIds)];
  const out = new Map<string, string | null>();
  if (ids.length === 0) return out;
  const items = await db.items.bulkGet(ids);
  const missing: string[] = [];
  items.forEach((item, i) => {
    if (item) out.set(ids[i]!, item.urlKey ?? null);
    else missing.push(ids[i]!);
  });
  if (missing.length === 0) return out;
  const comments = await db.comments.bulkGet(missing);
  const parentIds = [...new Set(comments.flatMap((c) => (c ? [c.targetId] : [])))];
  const parents = new Map(parentIds.map((id, i) => [id, i]));
  const parentRows = await db.items.bulkGet(parentIds);
  missing.forEach((id, i) => {
    const comment = comments[i];
    if (!comment) return;
    const parent = parentRows[parents.get(comment.targetId)!];
    // A comment whose item is gone counts nowhere, like `refreshPages` has it.
    out.set(id, parent?.urlKey ?? null);
  });
  return out;
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
