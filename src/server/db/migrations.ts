/**
 * Numbered schema migrations, in code so the bundled server carries them. Each runs once, in
 * order, on SQLite and PostgreSQL alike (dialect-aware where the two differ: full-text search).
 * Append new migrations at the end with the next number; never edit one that has shipped.
 */
import {
  type DatabaseIntrospector,
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  sql,
  type TableMetadata,
} from 'kysely';
import { webhookLanguageMigration, webhooksMigration } from '../webhooks/migration.ts';
import { discussionVersionsMigration } from './discussion-versions.ts';
import { feedTokensMigration } from './feed-tokens-migration.ts';
import { flagsMigration, groupsMigration, hidesMigration } from './groups-migration.ts';
import type { Dialect } from './open.ts';
import { pageVersionsMigration } from './page-versions.ts';
import type { Database } from './schema.ts';

// Migrations work on an untyped database: the schema they create is the schema types' source.
// biome-ignore lint/suspicious/noExplicitAny: Kysely's migration convention.
type AnyDb = Kysely<any>;

/** 001: people, tokens, follows, items, mentions, likes, the change log and its counter. */
function core(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('users')
        .addColumn('handle', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('tokens')
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('handle', 'text', (c) =>
          c.notNull().references('users.handle').onDelete('cascade'),
        )
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('tokens_handle').on('tokens').column('handle').execute();
      await db.schema
        .createTable('follows')
        .addColumn('follower', 'text', (c) => c.notNull().references('users.handle'))
        .addColumn('followee', 'text', (c) => c.notNull().references('users.handle'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('follows_pk', ['follower', 'followee'])
        .execute();
      await db.schema.createIndex('follows_followee').on('follows').column('followee').execute();
      await db.schema
        .createTable('items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull().references('users.handle'))
        .addColumn('url', 'text')
        .addColumn('url_key', 'text')
        .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('quote', 'text')
        .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('question', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('target_id', 'text', (c) => c.references('items.id'))
        .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .execute();
      // Page lookups by key, and by key prefix as a range scan (`>= p AND < p + 1`).
      await db.schema.createIndex('items_url_key').on('items').column('url_key').execute();
      await db.schema
        .createIndex('items_owner_created')
        .on('items')
        .columns(['owner', 'created_at'])
        .execute();
      await db.schema.createIndex('items_created').on('items').column('created_at').execute();
      await db.schema.createIndex('items_target').on('items').column('target_id').execute();
      // One live bookmark per person and page.
      await db.schema
        .createIndex('items_live_bookmark')
        .on('items')
        .columns(['owner', 'url_key'])
        .unique()
        .where(sql.ref('type'), '=', 'bookmark')
        .where(sql.ref('deleted_at'), 'is', null)
        .execute();
      await db.schema
        .createTable('mentions')
        .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
        .addColumn('handle', 'text', (c) => c.notNull().references('users.handle'))
        .addPrimaryKeyConstraint('mentions_pk', ['item_id', 'handle'])
        .execute();
      await db.schema.createIndex('mentions_handle').on('mentions').column('handle').execute();
      await db.schema
        .createTable('likes')
        .addColumn('owner', 'text', (c) => c.notNull().references('users.handle'))
        .addColumn('target_id', 'text', (c) => c.notNull().references('items.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('likes_pk', ['owner', 'target_id'])
        .execute();
      await db.schema.createIndex('likes_target').on('likes').column('target_id').execute();
      await db.schema
        .createTable('changes')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('target_owner', 'text')
        .addColumn('public', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('changes_pk', ['kind', 'key'])
        .execute();
      await db.schema.createIndex('changes_seq').on('changes').column('seq').unique().execute();
      await db.schema
        .createTable('counters')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();
      await db.insertInto('counters').values({ name: 'changes', value: 0 }).execute();
      await db.schema
        .createTable('notification_reads')
        .addColumn('handle', 'text', (c) => c.primaryKey().references('users.handle'))
        .addColumn('read_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}

/** The text a live item is found by: title, description, tags, quote, comment and text. */
const SQLITE_FTS_TEXT = (row: 'new' | 'old') =>
  `${row}.title || ' ' || ${row}.description || ' ' || ${row}.tags || ' ' || ` +
  `coalesce(json_extract(${row}.quote, '$.exact'), '') || ' ' || ${row}.comment || ' ' || ${row}.text`;

/**
 * 002: full-text search. SQLite: an FTS5 table `items_fts(id, content)` over live items, kept in
 * sync by triggers. PostgreSQL: a generated `items.search` tsvector with a GIN index.
 */
function fullText(dialect: Dialect): Migration {
  return {
    async up(db: AnyDb) {
      if (dialect === 'postgres') {
        await sql`ALTER TABLE items ADD COLUMN search tsvector GENERATED ALWAYS AS (
          to_tsvector('simple', title || ' ' || description || ' ' || tags || ' ' ||
            coalesce(quote::jsonb ->> 'exact', '') || ' ' || comment || ' ' || text)
        ) STORED`.execute(db);
        await sql`CREATE INDEX items_search ON items USING GIN (search)`.execute(db);
        return;
      }
      // FTS5 finds rows fast only by rowid, so a map from item id to FTS rowid keeps updates
      // and deletes O(log n). Search joins `items_fts.id` to `items.id`.
      await sql`CREATE VIRTUAL TABLE items_fts USING fts5(
        id UNINDEXED, content, tokenize = 'unicode61 remove_diacritics 2'
      )`.execute(db);
      await sql`CREATE TABLE items_fts_map (
        id TEXT PRIMARY KEY, fts_rowid INTEGER NOT NULL UNIQUE
      )`.execute(db);
      const index = (row: 'new') => `
        INSERT INTO items_fts (id, content)
          SELECT ${row}.id, ${SQLITE_FTS_TEXT(row)} WHERE ${row}.deleted_at IS NULL;
        INSERT INTO items_fts_map (id, fts_rowid)
          SELECT ${row}.id, last_insert_rowid() WHERE ${row}.deleted_at IS NULL;`;
      const unindex = `
        DELETE FROM items_fts WHERE rowid = (SELECT fts_rowid FROM items_fts_map WHERE id = old.id);
        DELETE FROM items_fts_map WHERE id = old.id;`;
      await sql
        .raw(`CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN ${index('new')} END`)
        .execute(db);
      await sql
        .raw(`CREATE TRIGGER items_fts_update AFTER UPDATE ON items BEGIN
          ${unindex} ${index('new')} END`)
        .execute(db);
      await sql
        .raw(`CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN ${unindex} END`)
        .execute(db);
    },
  };
}

/**
 * 003: deleted items keep only what their tombstone needs (`ERASED_CONTENT` in
 * `repos/items.ts`, which deletes do since): items deleted before lose their url, url key,
 * target and text now. On SQLite the full-text index also forgets deleted entries at once
 * (FTS5 `secure-delete`) and is merged once, so entries of items deleted before leave it too.
 */
function eraseDeleted(dialect: Dialect): Migration {
  return {
    async up(db: AnyDb) {
      await db
        .updateTable('items')
        .set({
          url: null,
          url_key: null,
          title: '',
          description: '',
          tags: '[]',
          quote: null,
          comment: '',
          text: '',
          question: 0,
          target_id: null,
        })
        .where('deleted_at', 'is not', null)
        .execute();
      await db
        .deleteFrom('mentions')
        .where(
          'item_id',
          'in',
          db.selectFrom('items').select('id').where('deleted_at', 'is not', null),
        )
        .execute();
      if (dialect === 'sqlite') {
        await sql`INSERT INTO items_fts (items_fts, rank) VALUES ('secure-delete', 1)`.execute(db);
        await sql`INSERT INTO items_fts (items_fts) VALUES ('optimize')`.execute(db);
      }
    },
  };
}

/**
 * Who may find an item in search, as FTS5 stores it: `pub` for everyone, `o` + the hex of one
 * handle for that person alone, `none` for nobody. `r` is the item, `t` its target (a comment's
 * item, LEFT JOINed; NULL columns when there is none): a comment is found by those who may see
 * both it and its item, as `visibility.ts` says.
 */
const SQLITE_AUDIENCE = (r: string, t: string) => `(CASE
  WHEN ${r}.target_id IS NULL THEN
    CASE WHEN ${r}.visibility = 'public' THEN 'pub' ELSE 'o' || hex(${r}.owner) END
  WHEN ${t}.id IS NULL OR ${t}.deleted_at IS NOT NULL THEN 'none'
  WHEN ${r}.visibility = 'public' AND ${t}.visibility = 'public' THEN 'pub'
  WHEN ${r}.visibility = 'public' THEN 'o' || hex(${t}.owner)
  WHEN ${t}.visibility = 'public' OR ${t}.owner = ${r}.owner THEN 'o' || hex(${r}.owner)
  ELSE 'none' END)`;

/** The statements filing the live items `from` names (`r`, its target `t`, its map row `m`). */
const SQLITE_INDEX_ROWS = (from: string) => [
  `INSERT INTO items_fts_public (rowid, id, content, kind)
    SELECT m.fts_rowid, r.id, ${SQLITE_FTS_TEXT_OF('r')}, r.type ${from}
    AND ${SQLITE_AUDIENCE('r', 't')} = 'pub';`,
  `INSERT INTO items_fts_private (rowid, id, content, kind)
    SELECT m.fts_rowid, r.id,
      outloud_private_words(${SQLITE_AUDIENCE('r', 't')}, ${SQLITE_FTS_TEXT_OF('r')}),
      ${SQLITE_AUDIENCE('r', 't')} || 'y' || r.type
    ${from} AND ${SQLITE_AUDIENCE('r', 't')} NOT IN ('pub', 'none');`,
];

/** `SQLITE_FTS_TEXT` of any row alias. */
const SQLITE_FTS_TEXT_OF = (r: string) =>
  `${r}.title || ' ' || ${r}.description || ' ' || ${r}.tags || ' ' || ` +
  `coalesce(json_extract(${r}.quote, '$.exact'), '') || ' ' || ${r}.comment || ' ' || ${r}.text`;

/**
 * 004: search visibility inside the index, so a search costs what the caller may see, not what
 * matches in other people's private items.
 *
 * SQLite: two FTS5 tables sharing one rowid space (`items_fts_map`, in write order):
 * `items_fts_public` holds what everyone may find, `items_fts_private` what one person alone
 * may find, every word prefixed with that person's token (`private-tokens.ts`), so one
 * person's words are terms of their own. A search reads the public index and the caller's own
 * terms in the private one: another person's private match is never in a list it walks, not
 * even when FTS5 expands the last word as a prefix. Each row also carries its `kind` (item
 * type; in the private index with the person's token too), so a type filter is in the index.
 * Comments move between the two when their item's visibility changes.
 *
 * PostgreSQL: the tsvector's GIN index covers live public items only (a partial index); the
 * caller's own private items are read through `items_owner_created`.
 */
function searchAudience(dialect: Dialect): Migration {
  return {
    async up(db: AnyDb) {
      if (dialect === 'postgres') {
        await sql`DROP INDEX items_search`.execute(db);
        await sql`CREATE INDEX items_search_public ON items USING GIN (search)
          WHERE deleted_at IS NULL AND visibility = 'public'`.execute(db);
        return;
      }
      for (const name of ['items_fts_insert', 'items_fts_update', 'items_fts_delete']) {
        await sql.raw(`DROP TRIGGER ${name}`).execute(db);
      }
      await sql`DROP TABLE items_fts`.execute(db);
      // The map keeps every live item's place in write order (AUTOINCREMENT: never reused).
      await sql`ALTER TABLE items_fts_map RENAME TO items_fts_map_old`.execute(db);
      await sql`CREATE TABLE items_fts_map (
        fts_rowid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE
      )`.execute(db);
      await sql`INSERT INTO items_fts_map (fts_rowid, id)
        SELECT fts_rowid, id FROM items_fts_map_old ORDER BY fts_rowid`.execute(db);
      await sql`DROP TABLE items_fts_map_old`.execute(db);
      const tokenize = `tokenize = 'unicode61 remove_diacritics 2'`;
      await sql
        .raw(`CREATE VIRTUAL TABLE items_fts_public USING fts5(
          id UNINDEXED, content, kind, ${tokenize})`)
        .execute(db);
      await sql
        .raw(`CREATE VIRTUAL TABLE items_fts_private USING fts5(
          id UNINDEXED, content, kind, ${tokenize})`)
        .execute(db);
      for (const table of ['items_fts_public', 'items_fts_private']) {
        await sql
          .raw(`INSERT INTO ${table} (${table}, rank) VALUES ('secure-delete', 1)`)
          .execute(db);
      }
      const joined = `FROM items_fts_map m JOIN items r ON r.id = m.id
        LEFT JOIN items t ON t.id = r.target_id WHERE r.deleted_at IS NULL`;
      for (const statement of SQLITE_INDEX_ROWS(joined)) await sql.raw(statement).execute(db);
      const unindex = (id: string) => `
        DELETE FROM items_fts_public WHERE rowid = (SELECT fts_rowid FROM items_fts_map WHERE id = ${id});
        DELETE FROM items_fts_private WHERE rowid = (SELECT fts_rowid FROM items_fts_map WHERE id = ${id});
        DELETE FROM items_fts_map WHERE id = ${id};`;
      const index = `
        INSERT INTO items_fts_map (id) SELECT new.id WHERE new.deleted_at IS NULL;
        ${SQLITE_INDEX_ROWS(`FROM items_fts_map m JOIN items r ON r.id = m.id
          LEFT JOIN items t ON t.id = r.target_id WHERE m.id = new.id`).join('\n')}`;
      // A comment's audience follows its item: re-file its comments (same rowids, same order).
      const refileComments = `
        DELETE FROM items_fts_public WHERE rowid IN (SELECT m.fts_rowid FROM items_fts_map m
          JOIN items c ON c.id = m.id WHERE c.target_id = new.id);
        DELETE FROM items_fts_private WHERE rowid IN (SELECT m.fts_rowid FROM items_fts_map m
          JOIN items c ON c.id = m.id WHERE c.target_id = new.id);
        ${SQLITE_INDEX_ROWS(`FROM items_fts_map m JOIN items r ON r.id = m.id
          JOIN items t ON t.id = new.id WHERE r.target_id = new.id`).join('\n')}`;
      await sql
        .raw(`CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN ${index} END`)
        .execute(db);
      await sql
        .raw(`CREATE TRIGGER items_fts_update AFTER UPDATE ON items BEGIN
          ${unindex('old.id')} ${index} END`)
        .execute(db);
      await sql
        .raw(`CREATE TRIGGER items_fts_refile AFTER UPDATE OF visibility, deleted_at ON items
          WHEN old.visibility IS NOT new.visibility OR old.deleted_at IS NOT new.deleted_at
          BEGIN ${refileComments} END`)
        .execute(db);
      await sql
        .raw(`CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN ${unindex('old.id')} END`)
        .execute(db);
    },
  };
}

/**
 * 006: what organisation sign-in and people administration keep (issue 14).
 * - `users`: e-mail (from the identity provider), role (`member` or `admin`) and when the person
 *   was deactivated (null while active).
 * - `tokens`: every token is a device: a public id (the hash stays secret; existing tokens get
 *   the first 32 hex digits of theirs, which reveal nothing of the token), a device name and
 *   when it was last used.
 * - `identities`: which identity-provider subject (`issuer`, `subject`) is which person; a
 *   person is found by these, never by e-mail alone.
 * - `audit_log`: who did what to whom and when (admin and moderation actions).
 * - `handle_aliases`: a person's former handles after a rename, so old mentions and profile
 *   links still find them.
 */
function people(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema.alterTable('users').addColumn('email', 'text').execute();
      await db.schema
        .alterTable('users')
        .addColumn('role', 'text', (c) => c.notNull().defaultTo('member'))
        .execute();
      await db.schema.alterTable('users').addColumn('deactivated_at', 'text').execute();
      await db.schema.alterTable('tokens').addColumn('id', 'text').execute();
      await db.schema
        .alterTable('tokens')
        .addColumn('device', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.alterTable('tokens').addColumn('last_used_at', 'text').execute();
      await sql`UPDATE tokens SET id = substr(hash, 1, 32)`.execute(db);
      await db.schema.createIndex('tokens_id').on('tokens').column('id').unique().execute();
      await db.schema
        .createTable('identities')
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('handle', 'text', (c) =>
          c.notNull().references('users.handle').onDelete('cascade'),
        )
        .addColumn('email', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('identities_pk', ['issuer', 'subject'])
        .execute();
      await db.schema.createIndex('identities_handle').on('identities').column('handle').execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();
      await db.schema
        .createTable('handle_aliases')
        .addColumn('old_handle', 'text', (c) => c.primaryKey())
        .addColumn('handle', 'text', (c) =>
          c.notNull().references('users.handle').onDelete('cascade'),
        )
        .execute();
    },
  };
}

/**
 * 008: web sign-in sessions (`web_sessions`, see `schema.ts`): looked up by the hash of the
 * cookie's id, ended by sign-out, by expiry or by revoking the token they were opened with.
 */
function webSessions(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('web_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('handle', 'text', (c) =>
          c.notNull().references('users.handle').onDelete('cascade'),
        )
        .addColumn('token_id', 'text')
        .addColumn('csrf', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createIndex('web_sessions_token')
        .on('web_sessions')
        .column('token_id')
        .execute();
      await db.schema
        .createIndex('web_sessions_handle')
        .on('web_sessions')
        .column('handle')
        .execute();
    },
  };
}

/**
 * 009: organisation sign-in's short-lived state, kept in the database so any server instance
 * can finish a flow another one started.
 * - `auth_flows`: a sign-in waiting for the identity provider, keyed by the SHA-256 of its
 *   `state`: the PKCE verifier and nonce sent to the provider, the extension's redirect address
 *   and PKCE challenge, and when it expires.
 * - `auth_codes`: one-time codes handed to the extension (stored as their SHA-256), for whom,
 *   bound to the extension's challenge, valid 60 s; redeeming one deletes it.
 */
function authFlows(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('auth_flows')
        .addColumn('state_hash', 'text', (c) => c.primaryKey())
        .addColumn('verifier', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('code_challenge', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('auth_flows_expires')
        .on('auth_flows')
        .column('expires_at')
        .execute();
      await db.schema
        .createTable('auth_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('handle', 'text', (c) =>
          c.notNull().references('users.handle').onDelete('cascade'),
        )
        .addColumn('code_challenge', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('auth_codes_expires')
        .on('auth_codes')
        .column('expires_at')
        .execute();
    },
  };
}

/**
 * 014: `sync_order`, where each device's outbox stands on each object it wrote through
 * `/v1/sync` (`schema.ts`, `handlers/order.ts`), so a mutation that arrives after a newer one
 * from the same outbox is not applied over it. A token's rows go with the token.
 */
function syncOrder(): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('sync_order')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('token_id', 'text', (c) =>
          c.notNull().references('tokens.id').onDelete('cascade'),
        )
        .addColumn('outbox', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('sync_order_pk', ['type', 'key', 'token_id', 'outbox'])
        .execute();
      await db.schema.createIndex('sync_order_token').on('sync_order').column('token_id').execute();
    },
  };
}

/** Every migration by name, in order. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '001-core': core(),
    '002-full-text': fullText(dialect),
    '003-erase-deleted': eraseDeleted(dialect),
    '004-search-audience': searchAudience(dialect),
    '005-page-versions': pageVersionsMigration(),
    '006-people': people(),
    '007-groups': groupsMigration(),
    '008-web-sessions': webSessions(),
    '009-auth-flows': authFlows(),
    '010-flags': flagsMigration(),
    '011-webhooks': webhooksMigration(),
    '012-discussion-versions': discussionVersionsMigration(),
    '013-feed-tokens': feedTokensMigration(),
    '014-sync-order': syncOrder(),
    '015-webhook-language': webhookLanguageMigration(),
    '016-hides': hidesMigration(),
  };
}

class InCodeProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

/**
 * Brings the database up to date; throws with the failing migration's error. `schema` (PostgreSQL)
 * keeps Kysely's bookkeeping tables in that schema rather than wherever they are first found.
 * On PostgreSQL the migrations run on one connection without the pool's `statement_timeout`
 * (`postgres.ts`): rebuilding a large table may take minutes, and waiting for another instance's
 * migration lock is no failure; the lock timeout still stops a migration queued behind a busy
 * table, which would otherwise hold every query on that table back.
 */
export async function migrate(
  db: Kysely<Database>,
  dialect: Dialect,
  schema?: string,
): Promise<void> {
  if (dialect === 'sqlite') return migrateOn(db, dialect, schema);
  await db.connection().execute(async (conn) => {
    await sql`SET statement_timeout = 0`.execute(conn);
    const failure = await migrateOn(conn, dialect, schema).then(
      () => undefined,
      (error: unknown) => ({ error }),
    );
    // Back to the session's own limit before the connection returns to the pool; a failure to
    // do so does not hide the migration's own error.
    const reset = sql`RESET statement_timeout`.execute(conn);
    if (failure) {
      await reset.catch(() => undefined);
      throw failure.error;
    }
    await reset;
  });
}

/**
 * Kysely's migrator asks whether its bookkeeping tables exist by introspecting every table of
 * every schema; on PostgreSQL that query calls `pg_get_serial_sequence` on each table by name, so
 * a schema dropped by someone else while it runs (the test suites give each app a schema and drop
 * it afterwards) fails the migration with "relation t_….kysely_migration does not exist". This
 * introspector answers from `information_schema.tables` of the one schema the migration uses
 * (`schema`, else the session's `current_schema()`), which no other schema's life can disturb.
 * Only the migrator sees it; it needs no columns.
 */
function oneSchemaIntrospector(db: Kysely<Database>, schema?: string): DatabaseIntrospector {
  const getTables = async (): Promise<TableMetadata[]> => {
    const { rows } = await sql<{ name: string; schema: string; type: string }>`
      SELECT table_name AS name, table_schema AS schema, table_type AS type
      FROM information_schema.tables
      WHERE table_schema = ${schema ?? sql`current_schema()`}`.execute(db);
    return rows.map((r) => ({
      name: r.name,
      schema: r.schema,
      isView: r.type === 'VIEW',
      columns: [],
    }));
  };
  return {
    getSchemas: async () => [],
    getTables,
    getMetadata: async () => ({ tables: await getTables() }),
  };
}

/** `db` as the migrator should see it: on PostgreSQL, introspecting only its own schema. */
function forMigrator(db: Kysely<Database>, dialect: Dialect, schema?: string): Kysely<Database> {
  if (dialect === 'sqlite') return db;
  const introspection = oneSchemaIntrospector(db, schema);
  return new Proxy(db, {
    get(target, key) {
      if (key === 'introspection') return introspection;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function migrateOn(db: Kysely<Database>, dialect: Dialect, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db: forMigrator(db, dialect, schema),
    provider: new InCodeProvider(dialect),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${String(error)}`, { cause: error });
  }
}
