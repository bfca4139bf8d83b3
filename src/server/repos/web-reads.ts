/**
 * What the web pages (`src/web`) read beyond the API's own lookups: one item with its
 * discussion (the permalink), a person's items, everyone's newest items and the open questions.
 * Every read goes through `visibility.ts` (`isVisible`, `visibleItemSql`), so what a page shows
 * is what the API would show the same person, and any new audience rule there applies here.
 */
import { sql } from 'kysely';
import type { Comment, Item, Like } from '../../core/wire.ts';
import type { Db } from '../db/open.ts';
import { filteredItems } from './feed-reads.ts';
import { findItem, ITEM_COLUMNS, toWireItems } from './items.ts';
import { newestFirstSql, type Position } from './keyset.ts';
import { toLike } from './likes.ts';
import { isVisible, moderatedRoots, seenThroughGroups, visibleItemSql } from './visibility.ts';

/** An item as a permalink shows it: the item, its visible comments (oldest first), the likes. */
export type Discussion = {
  item: Exclude<Item, Comment>;
  comments: Comment[];
  /** Likes by the id of the item or comment they are on. */
  likes: Map<string, Like[]>;
};

/**
 * The discussion of item `id` as `me` may see it, or undefined when there is no such item or
 * `me` may not see it. A comment's permalink is its item's discussion (`focus` names it).
 */
export async function discussionOf(
  db: Db,
  me: string,
  id: string,
): Promise<{ discussion: Discussion; focus?: string } | undefined> {
  const q = db.kysely;
  const row = await findItem(q, id);
  if (!row) return undefined;
  const target = row.target_id ? await findItem(q, row.target_id) : undefined;
  const rows = target ? [row, target] : [row];
  const via = await seenThroughGroups(
    q,
    me,
    rows.map((r) => r.id),
  );
  if (!isVisible(row, target, me, via, await moderatedRoots(q, me, rows))) return undefined;
  const main = target ?? row;
  const commentRows = await q
    .selectFrom('items')
    .select(ITEM_COLUMNS)
    .where('target_id', '=', main.id)
    .where('type', '=', 'comment')
    .where(visibleItemSql(me))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const [item, ...comments] = await toWireItems(q, me, [main, ...commentRows]);
  const likeRows = await q
    .selectFrom('likes')
    .selectAll()
    .where('target_id', 'in', [main.id, ...commentRows.map((c) => c.id)])
    .orderBy('created_at')
    .execute();
  const likes = new Map<string, Like[]>();
  for (const l of likeRows) likes.set(l.target_id, [...(likes.get(l.target_id) ?? []), toLike(l)]);
  return {
    discussion: {
      item: item as Discussion['item'],
      comments: comments as Comment[],
      likes,
    },
    ...(target ? { focus: row.id } : {}),
  };
}

/** Display names by handle (unknown handles are left out). */
export async function namesOf(db: Db, handles: Iterable<string>): Promise<Map<string, string>> {
  const list = [...new Set(handles)];
  if (list.length === 0) return new Map();
  const rows = await db.kysely
    .selectFrom('users')
    .select(['handle', 'name'])
    .where('handle', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.handle, r.name]));
}

/** Comment counts of items, by id, counting only comments `me` may see. */
export async function commentCounts(
  db: Db,
  me: string,
  ids: readonly string[],
): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.kysely
    .selectFrom('items')
    .select(['target_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('target_id', 'in', [...ids])
    .where(visibleItemSql(me))
    .groupBy('target_id')
    .execute();
  return new Map(rows.map((r) => [r.target_id ?? '', Number(r.n)]));
}

/** A page of items newest first and the cursor of the next, if any. */
export type ItemPage = { items: Item[]; next: string | undefined };

/**
 * Bookmarks, snippets and statuses `me` may see, newest first after `position`: everyone's, or
 * only `owner`'s (a person's page).
 */
export function newestItems(
  db: Db,
  me: string,
  position: Position | null,
  limit: number,
  owner?: string,
): Promise<ItemPage> {
  return filteredItems(
    db,
    me,
    owner === undefined ? { everyone: true } : { owner },
    position,
    limit,
  );
}

/** The newest questions `me` may see (statuses asked as questions), with `limit` at most. */
export async function newestQuestions(db: Db, me: string, limit: number): Promise<Item[]> {
  const rows = await db.kysely
    .selectFrom('items')
    .select(ITEM_COLUMNS)
    .where('type', '=', 'status')
    .where('question', '=', 1)
    .where(visibleItemSql(me))
    .orderBy(newestFirstSql(db.dialect, sql.ref('created_at'), sql.ref('id')))
    .limit(limit)
    .execute();
  return toWireItems(db.kysely, me, rows);
}
