/**
 * 013: feed tokens (`feed_tokens`), the read-only tokens feed readers put in a feed's address
 * (`GET /feeds/…?token=`). A table of their own, apart from `tokens`, so the API's bearer lookup
 * and the web sign-in (both read `tokens`) can never accept one: only their SHA-256 is stored,
 * unique, with the person, a name they chose, when it was made, last used and revoked.
 */
import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
type AnyDb = Kysely<any>;

/** The migration. */
export function feedTokensMigration(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('feed_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('handle', 'text', (c) =>
          c.notNull().references('users.handle').onDelete('cascade'),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createIndex('feed_tokens_handle')
        .on('feed_tokens')
        .columns(['handle', 'created_at'])
        .execute();
    },
  };
}
