/**
 * Notifications: what others did to the caller, newest first: items that mention them,
 * comments on their items, likes on their items and comments. Never the caller's own actions,
 * never an item the caller may not see (a private item that mentions them stays its owner's). A
 * comment on the caller's item that also mentions them counts once, as a comment. The read mark
 * is a time per person: everything at or before it is read.
 */
import { type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Notification } from '../../core/wire-read.ts';
import type { Db } from '../db/open.ts';
import type { Database } from '../db/schema.ts';
import { buildActivities } from './activity.ts';
import { afterSql, mergePage, newestFirstSql, type Position } from './keyset.ts';
import { visibleItemSql } from './visibility.ts';

type Kind = Notification['kind'];
type Row = { at: string; key: string; actor: string; item_id: string; target_id: string | null };
type Source = {
  kind: Kind;
  time: RawBuilder<unknown>;
  key: RawBuilder<unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: a select over joined tables, narrowed by `Row`.
  query(q: Kysely<Database>, me: string): SelectQueryBuilder<Database, any, Row>;
};

/** The three kinds of notification, each as a query yielding `Row`s. */
const SOURCES: Source[] = [
  {
    kind: 'mention',
    time: sql.ref('items.created_at'),
    key: sql`'mention:' || items.id`,
    query: (q, me) =>
      q
        .selectFrom('mentions')
        .innerJoin('items', 'items.id', 'mentions.item_id')
        .select([
          'items.created_at as at',
          sql<string>`'mention:' || items.id`.as('key'),
          'items.owner as actor',
          'items.id as item_id',
          'items.target_id as target_id',
        ])
        .where('mentions.handle', '=', me)
        .where('items.owner', '<>', me)
        .where(visibleItemSql(me))
        .where(
          sql<boolean>`NOT EXISTS (SELECT 1 FROM items mine WHERE mine.id = items.target_id
            AND mine.owner = ${me})`,
        ),
  },
  {
    kind: 'comment',
    time: sql.ref('items.created_at'),
    key: sql`'comment:' || items.id`,
    query: (q, me) =>
      q
        .selectFrom('items')
        .innerJoin('items as mine', 'mine.id', 'items.target_id')
        .select([
          'items.created_at as at',
          sql<string>`'comment:' || items.id`.as('key'),
          'items.owner as actor',
          'items.id as item_id',
          'items.target_id as target_id',
        ])
        .where('items.type', '=', 'comment')
        .where('mine.owner', '=', me)
        .where('items.owner', '<>', me)
        .where(visibleItemSql(me)),
  },
  {
    kind: 'like',
    time: sql.ref('likes.created_at'),
    key: sql`'like:' || likes.owner || '/' || likes.target_id`,
    query: (q, me) =>
      q
        .selectFrom('likes')
        .innerJoin('items', 'items.id', 'likes.target_id')
        .select([
          'likes.created_at as at',
          sql<string>`'like:' || likes.owner || '/' || likes.target_id`.as('key'),
          'likes.owner as actor',
          'likes.target_id as item_id',
          sql<null>`NULL`.as('target_id'),
        ])
        .where('items.owner', '=', me)
        .where('likes.owner', '<>', me)
        .where(visibleItemSql(me)),
  },
];

/** The time up to which `me` has read their notifications ('' when never). */
export async function readMark(db: Db, me: string): Promise<string> {
  const row = await db.kysely
    .selectFrom('notification_reads')
    .select('read_at')
    .where('handle', '=', me)
    .executeTakeFirst();
  return row?.read_at ?? '';
}

/** How many of `me`'s notifications are newer than their read mark. */
export async function unreadCount(db: Db, me: string, mark: string): Promise<number> {
  let total = 0;
  for (const source of SOURCES) {
    const row = await db.kysely
      .selectFrom(source.query(db.kysely, me).where(sql<boolean>`${source.time} > ${mark}`).as('n'))
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    total += Number(row.count);
  }
  return total;
}

/** One page of `me`'s notifications after `position`, with the unread count. */
export async function notificationsPage(
  db: Db,
  me: string,
  position: Position | null,
  limit: number,
  incoming: string | undefined,
): Promise<{ items: Notification[]; cursor: string; hasMore: boolean; unread: number }> {
  const lists = await Promise.all(
    SOURCES.map(async (source) => {
      const rows = await source
        .query(db.kysely, me)
        .where(afterSql(db.dialect, source.time, source.key, position))
        .orderBy(newestFirstSql(db.dialect, source.time, source.key))
        .limit(limit + 1)
        .execute();
      return rows.map((r) => ({
        at: r.at,
        key: r.key,
        kind: source.kind,
        actor: r.actor,
        itemId: r.item_id,
        targetId: r.target_id,
      }));
    }),
  );
  const page = mergePage(lists, limit, incoming);
  const mark = await readMark(db, me);
  const out: Notification[] = (await buildActivities(db, me, page.entries)).map((activity) => ({
    ...activity,
    unread: activity.at > mark,
  }));
  return {
    items: out,
    cursor: page.cursor,
    hasMore: page.hasMore,
    unread: await unreadCount(db, me, mark),
  };
}

/**
 * Moves `me`'s read mark forward to `upTo` (never back); returns the mark now in force.
 */
export async function markRead(db: Db, me: string, upTo: string): Promise<string> {
  return db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('notification_reads')
      .select('read_at')
      .where('handle', '=', me)
      .executeTakeFirst();
    if (row && row.read_at >= upTo) return row.read_at;
    await trx
      .insertInto('notification_reads')
      .values({ handle: me, read_at: upTo })
      .onConflict((oc) => oc.column('handle').doUpdateSet({ read_at: upTo }))
      .execute();
    return upTo;
  });
}
