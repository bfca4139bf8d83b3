/**
 * 011: outgoing webhooks (issue 16). `webhooks` holds the hooks (a person's, the organisation's
 * or a group's), `webhook_deliveries` one row per (event, hook), written in the transaction of
 * the write that caused the event, delivered by `worker.ts`, and kept as the hook's delivery log.
 * `seq` numbers deliveries from the `webhooks` counter (the counter row is locked until commit,
 * so numbers follow commit order, as for the change log: `db/changes.ts`).
 */
import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: Kysely's migration convention.
type AnyDb = Kysely<any>;

/** 015: the language a webhook's chat messages are written in (`en` or `sv`). */
export function webhookLanguageMigration(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .alterTable('webhooks')
        .addColumn('lang', 'text', (c) => c.notNull().defaultTo('en'))
        .execute();
    },
  };
}

export function webhooksMigration(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) =>
          c.notNull().references('users.handle').onDelete('cascade'),
        )
        .addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failing_since', 'text')
        .execute();
      await db.schema.createIndex('webhooks_owner').on('webhooks').column('owner').execute();
      await db.schema.createIndex('webhooks_group').on('webhooks').column('group_id').execute();
      await db.schema.createIndex('webhooks_scope').on('webhooks').column('scope').execute();
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('hook_id', 'text', (c) =>
          c.notNull().references('webhooks.id').onDelete('cascade'),
        )
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text')
        .addColumn('actor', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('lease_until', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('response_status', 'integer')
        .addColumn('error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('attempted_at', 'text')
        .addColumn('delivered_at', 'text')
        .addUniqueConstraint('webhook_deliveries_event_hook', ['event_id', 'hook_id'])
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_hook_seq')
        .on('webhook_deliveries')
        .columns(['hook_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_due')
        .on('webhook_deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.insertInto('counters').values({ name: 'webhooks', value: 0 }).execute();
    },
  };
}
