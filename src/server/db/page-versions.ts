/**
 * Versions the page answer cache (`repos/page-cache.ts`) checks its answers by, moved in the
 * same transaction as the write that changes what they version, on both databases:
 *
 * - `page_versions`: one row per urlKey, incremented by every write that can change that page's
 *   summary for anyone (an item on it created, edited, moved to another page, made private or
 *   public, deleted; a comment on one of its items; a like on one of its items or comments).
 * - `view_versions`: one row per person, incremented when they follow or unfollow someone, the
 *   one write that changes every page as one person sees it (people network first).
 *
 * Rows are only ever inserted (at 1) or incremented, never deleted, so a version, and the sum
 * of the versions in a urlKey range (a prefix bucket), grows with every write that touches them.
 * A person's name changes only through organisation sign-in (`repos/sign-in.ts`), which touches
 * every page they engaged with (`touchPagesOf`) and their view; removing a person would have to
 * do the same.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Database } from './schema.ts';

/** 005: the two version tables. */
export function pageVersionsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('page_versions')
        .addColumn('url_key', 'text', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('view_versions')
        .addColumn('handle', 'text', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}

/**
 * Moves the version of every page in `urlKeys` (nulls and repeats ignored) in the caller's
 * transaction. Keys are touched in sorted order, so two transactions touching the same pages on
 * PostgreSQL lock their rows in the same order and cannot deadlock on them.
 */
export async function touchPages(
  trx: Kysely<Database>,
  urlKeys: ReadonlyArray<string | null | undefined>,
): Promise<void> {
  const keys = [...new Set(urlKeys.filter((k): k is string => !!k))].sort();
  for (const url_key of keys) {
    await trx
      .insertInto('page_versions')
      .values({ url_key, version: 1 })
      .onConflict((oc) =>
        oc.column('url_key').doUpdateSet({ version: sql<number>`page_versions.version + 1` }),
      )
      .execute();
  }
}

/** Moves the version of every page as `handle` sees it (they followed or unfollowed someone). */
export async function touchView(trx: Kysely<Database>, handle: string): Promise<void> {
  await trx
    .insertInto('view_versions')
    .values({ handle, version: 1 })
    .onConflict((oc) =>
      oc.column('handle').doUpdateSet({ version: sql<number>`view_versions.version + 1` }),
    )
    .execute();
}
