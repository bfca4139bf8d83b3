/**
 * Versions the permalink answer cache (`src/web/permalink-cache.ts`) checks its pages by: one
 * row per discussion (a bookmark, snippet or status with its comments and likes), keyed by the
 * item's id, moved in the same transaction as every write that can change what its permalink
 * shows anyone: the item created, edited, shared with other groups, made private or public,
 * deleted; a comment on it written, edited or deleted; a like on it or on one of its comments;
 * a group it is shared with changing kind or deleted; a person in it renamed, deactivated or
 * reactivated. What changes it for one reader only (their group memberships, their handle)
 * moves their view version (`view_versions`, `db/page-versions.ts`) instead.
 *
 * This is `page_versions` for items that have no page (a status without an address) and for
 * reads that need one discussion rather than a whole page. Rows are only inserted (at 1) or
 * incremented, never deleted, so a version grows with every write that touches it.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Db } from './open.ts';
import type { Database } from './schema.ts';
import { preparedStatement } from './statement-cache.ts';

/** 012: the discussion versions. */
export function discussionVersionsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('discussion_versions')
        .addColumn('item_id', 'text', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}

/** The id of the discussion an item row belongs to: its item for a comment, else itself. */
export const discussionOfRow = (row: { id: string; target_id: string | null }): string =>
  row.target_id ?? row.id;

/**
 * Moves the version of every discussion in `ids` (nulls and repeats ignored) in the caller's
 * transaction, in sorted order (two transactions lock the same rows in the same order on
 * PostgreSQL and cannot deadlock on them).
 */
export async function touchDiscussions(
  trx: Kysely<Database>,
  ids: ReadonlyArray<string | null | undefined>,
): Promise<void> {
  const keys = [...new Set(ids.filter((k): k is string => !!k))].sort();
  for (const item_id of keys) {
    await trx
      .insertInto('discussion_versions')
      .values({ item_id, version: 1 })
      .onConflict((oc) =>
        oc.column('item_id').doUpdateSet({ version: sql<number>`discussion_versions.version + 1` }),
      )
      .execute();
  }
}

const VERSION_SQL = 'SELECT version FROM discussion_versions WHERE item_id = ?';

/**
 * Discussion `id`'s version, read afresh (0: never written since migration 012). On SQLite
 * synchronously through a prepared statement, so a cache hit costs no turn of the event loop.
 */
export function discussionVersion(db: Db, id: string): number | Promise<number> {
  if (db.sqlite) {
    const row = preparedStatement(db.sqlite, VERSION_SQL).raw(true).get(id) as [number] | undefined;
    return Number(row?.[0] ?? 0);
  }
  return db.kysely
    .selectFrom('discussion_versions')
    .select('version')
    .where('item_id', '=', id)
    .executeTakeFirst()
    .then((row) => Number(row?.version ?? 0));
}
