/** Follows: who reads whom. Follows are public, logged under the key `follower/followee`. */
import type { Kysely } from 'kysely';
import type { Follow, Person } from '../../core/wire.ts';
import { recordChanges } from '../db/changes.ts';
import { touchView } from '../db/page-versions.ts';
import type { Database, FollowRow } from '../db/schema.ts';
import { toPerson } from './users.ts';

type Q = Kysely<Database>;

/** The wire form of a follow. */
export function toFollow(row: FollowRow): Follow {
  return {
    type: 'follow',
    follower: row.follower,
    followee: row.followee,
    createdAt: row.created_at,
  };
}

/** The change-log key of a follow. */
export function followKey(follower: string, followee: string): string {
  return `${follower}/${followee}`;
}

/** `follower` following `followee`, or undefined. */
export async function findFollow(
  q: Q,
  follower: string,
  followee: string,
): Promise<FollowRow | undefined> {
  return q
    .selectFrom('follows')
    .selectAll()
    .where('follower', '=', follower)
    .where('followee', '=', followee)
    .executeTakeFirst();
}

/** Records a follow and logs it. */
export async function insertFollow(q: Q, row: FollowRow): Promise<void> {
  await q.insertInto('follows').values(row).execute();
  await touchView(q, row.follower);
  await recordChanges(q, [
    {
      kind: 'follow',
      key: followKey(row.follower, row.followee),
      owner: row.follower,
      public: true,
    },
  ]);
}

/** Removes a follow and logs its tombstone. */
export async function removeFollow(q: Q, follower: string, followee: string): Promise<boolean> {
  const result = await q
    .deleteFrom('follows')
    .where('follower', '=', follower)
    .where('followee', '=', followee)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) return false;
  await touchView(q, follower);
  await recordChanges(q, [
    { kind: 'follow', key: followKey(follower, followee), owner: follower, public: true },
  ]);
  return true;
}

/** Whom `handle` follows and who follows them, by name. */
export async function network(
  q: Q,
  handle: string,
): Promise<{ following: Person[]; followers: Person[] }> {
  /** The people across the follows in which `handle` is `side`, by handle. */
  const across = async (side: 'follower' | 'followee') => {
    const other = side === 'follower' ? 'followee' : 'follower';
    const rows = await q
      .selectFrom('follows')
      .innerJoin('users', 'users.handle', `follows.${other}`)
      .select(['users.handle', 'users.name', 'users.created_at', 'users.deactivated_at'])
      .where(`follows.${side}`, '=', handle)
      .orderBy('users.handle')
      .execute();
    return rows.map(toPerson);
  };
  return {
    following: await across('follower'),
    followers: await across('followee'),
  };
}
