/**
 * The feed: what the caller and the people they follow created (bookmarks, snippets, statuses,
 * comments) and liked, newest first, keyset-paginated. Only what the caller may see: live items
 * that are public or theirs, comments on visible items, likes on visible items.
 */
import { sql } from 'kysely';
import type { Activity } from '../../core/wire-read.ts';
import type { Db } from '../db/open.ts';
import { type ActivityEntry, buildActivities } from './activity.ts';
import { afterSql, mergePage, newestFirstSql, type Position } from './keyset.ts';
import { visibleItemSql } from './visibility.ts';

type Entry = ActivityEntry<Activity['kind']>;

/** One page of `me`'s feed after `position` (null: from the newest). */
export async function feedPage(
  db: Db,
  me: string,
  position: Position | null,
  limit: number,
  incoming: string | undefined,
): Promise<{ items: Activity[]; cursor: string; hasMore: boolean }> {
  const q = db.kysely;
  const network = sql<boolean>`(${sql.ref('owner')} = ${me} OR ${sql.ref('owner')} IN
    (SELECT followee FROM follows WHERE follower = ${me}))`;
  const itemRows = await q
    .selectFrom('items')
    .select(['id', 'type', 'owner', 'created_at', 'target_id'])
    .where(network)
    .where(visibleItemSql(me))
    .where(afterSql(db.dialect, sql.ref('created_at'), sql.ref('id'), position))
    .orderBy(newestFirstSql(db.dialect, sql.ref('created_at'), sql.ref('id')))
    .limit(limit + 1)
    .execute();
  const likeKey = sql`'like:' || likes.owner || '/' || likes.target_id`;
  const likeRows = await q
    .selectFrom('likes')
    .innerJoin('items', 'items.id', 'likes.target_id')
    .select(['likes.owner', 'likes.target_id', 'likes.created_at', 'items.target_id as on_id'])
    .where(
      sql<boolean>`(likes.owner = ${me} OR likes.owner IN
        (SELECT followee FROM follows WHERE follower = ${me}))`,
    )
    .where(visibleItemSql(me))
    .where(afterSql(db.dialect, sql.ref('likes.created_at'), likeKey, position))
    .orderBy(newestFirstSql(db.dialect, sql.ref('likes.created_at'), likeKey))
    .limit(limit + 1)
    .execute();

  const page = mergePage<Entry>(
    [
      itemRows.map((r) => ({
        at: r.created_at,
        key: r.id,
        kind: r.type,
        actor: r.owner,
        itemId: r.id,
        targetId: r.target_id,
      })),
      likeRows.map((r) => ({
        at: r.created_at,
        key: `like:${r.owner}/${r.target_id}`,
        kind: 'like' as const,
        actor: r.owner,
        itemId: r.target_id,
        targetId: r.on_id,
      })),
    ],
    limit,
    incoming,
  );
  const activities = await buildActivities(db, me, page.entries);
  return { items: activities, cursor: page.cursor, hasMore: page.hasMore };
}
