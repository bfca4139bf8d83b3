/**
 * 007: groups (issue 15). A group is an audience between everyone and one person:
 *
 * - `groups`: id (client UUID), name, description, kind (`open`: anyone may see it and join;
 *   `closed`: only members see it, people join when a moderator adds them or approves their
 *   request), times, and `deleted_at` (a deleted group keeps its row as a tombstone, so its id
 *   answers 410 to a later PUT, and keeps its memberships so that the change feed can still
 *   reach its former members with the tombstones of its items; nothing else reads them).
 * - `group_members`: who is in which group with which role (`owner`, `moderator`, `member`).
 * - `group_requests`: people asking to join a closed group.
 * - `item_groups`: which groups a `visibility = 'group'` item is shared with (1–5).
 * - `change_groups`: the groups whose members may read a change-log row (`db/changes.ts`).
 * - `personal_changes`: change-log entries for one reader alone (`db/changes.ts`): what a person
 *   must receive again when they join or leave a group.
 */
import type { Kysely, Migration } from 'kysely';

export function groupsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.handle'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .execute();
      await db.schema
        .createTable('group_members')
        .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id'))
        .addColumn('handle', 'text', (c) => c.notNull().references('users.handle'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'handle'])
        .execute();
      await db.schema
        .createIndex('group_members_handle')
        .on('group_members')
        .columns(['handle', 'group_id'])
        .execute();
      await db.schema
        .createTable('group_requests')
        .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id'))
        .addColumn('handle', 'text', (c) => c.notNull().references('users.handle'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('group_requests_pk', ['group_id', 'handle'])
        .execute();
      await db.schema
        .createIndex('group_requests_handle')
        .on('group_requests')
        .column('handle')
        .execute();
      await db.schema
        .createTable('item_groups')
        .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
        .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id'))
        .addPrimaryKeyConstraint('item_groups_pk', ['item_id', 'group_id'])
        .execute();
      await db.schema
        .createIndex('item_groups_group')
        .on('item_groups')
        .columns(['group_id', 'item_id'])
        .execute();
      await db.schema
        .createTable('change_groups')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('group_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('change_groups_pk', ['kind', 'key', 'group_id'])
        .execute();
      await db.schema
        .createTable('personal_changes')
        .addColumn('handle', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('personal_changes_pk', ['handle', 'kind', 'key'])
        .execute();
      await db.schema
        .createIndex('personal_changes_seq')
        .on('personal_changes')
        .columns(['handle', 'seq'])
        .execute();
    },
  };
}

/** 010: moderation flags: who flagged which item, why and when (one flag per person and item). */
export function flagsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('flags')
        .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
        .addColumn('handle', 'text', (c) => c.notNull().references('users.handle'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('flags_pk', ['item_id', 'handle'])
        .execute();
      await db.schema.createIndex('flags_created').on('flags').column('created_at').execute();
    },
  };
}

/**
 * 016: moderators hide items (issue 15). The hide lives on the item row (`hidden_at`,
 * `hidden_by`, `hidden_reason`), so every visibility check reads it with the row it already has.
 * `changes.admins` (1: organisation admins may read the row, as moderators of public items) lets
 * a change under a hidden public item, which is not public, still reach them.
 */
export function hidesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const column of ['hidden_at', 'hidden_by', 'hidden_reason']) {
        await db.schema.alterTable('items').addColumn(column, 'text').execute();
      }
      await db.schema
        .alterTable('changes')
        .addColumn('admins', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
