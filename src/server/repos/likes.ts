/** Likes: one per person and item, logged under the key `owner/targetId`. */
import type { Kysely } from 'kysely';
import type { Like } from '../../core/wire.ts';
import { type ChangeEntry, recordChanges } from '../db/changes.ts';
import { discussionOfRow, touchDiscussions } from '../db/discussion-versions.ts';
import { touchPages } from '../db/page-versions.ts';
import type { Database, ItemRow, LikeRow } from '../db/schema.ts';
import { audiencesOf, openlyShared } from './items.ts';
import { isPublic } from './visibility.ts';

type Q = Kysely<Database>;

/** The wire form of a like. */
export function toLike(row: LikeRow): Like {
  return { type: 'like', owner: row.owner, targetId: row.target_id, createdAt: row.created_at };
}

/** The change-log key of a like. */
export function likeKey(owner: string, targetId: string): string {
  return `${owner}/${targetId}`;
}

/** `owner`'s like of `targetId`, or undefined. */
export async function findLike(
  q: Q,
  owner: string,
  targetId: string,
): Promise<LikeRow | undefined> {
  return q
    .selectFrom('likes')
    .selectAll()
    .where('owner', '=', owner)
    .where('target_id', '=', targetId)
    .executeTakeFirst();
}

/** The change-log entry of a like: its readers are those of the item it is on. */
async function likeChange(
  q: Q,
  owner: string,
  target: ItemRow,
  parent: ItemRow | undefined,
): Promise<ChangeEntry> {
  const audiences = await audiencesOf(q, target, parent);
  const root = parent ?? target;
  return {
    kind: 'like',
    key: likeKey(owner, target.id),
    owner,
    targetOwner: target.owner,
    public: isPublic(target, parent, openlyShared(audiences)),
    groups: audiences.get(root.id)?.groups ?? [],
    admins: root.visibility === 'public',
  };
}

/** Records a like and logs it. */
export async function insertLike(
  q: Q,
  row: LikeRow,
  target: ItemRow,
  parent: ItemRow | undefined,
): Promise<void> {
  await q.insertInto('likes').values(row).execute();
  await touchPages(q, [target.url_key, parent?.url_key]);
  await touchDiscussions(q, [discussionOfRow(target)]);
  await recordChanges(q, [await likeChange(q, row.owner, target, parent)]);
}

/** Removes a like and logs its tombstone. */
export async function removeLike(
  q: Q,
  owner: string,
  target: ItemRow,
  parent: ItemRow | undefined,
): Promise<void> {
  await q
    .deleteFrom('likes')
    .where('owner', '=', owner)
    .where('target_id', '=', target.id)
    .execute();
  await touchPages(q, [target.url_key, parent?.url_key]);
  await touchDiscussions(q, [discussionOfRow(target)]);
  await recordChanges(q, [{ ...(await likeChange(q, owner, target, parent)), public: false }]);
}
