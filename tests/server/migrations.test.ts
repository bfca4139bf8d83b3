/**
 * Migrations that change existing rows, run on a database that already holds data from before
 * them (SQLite; the statements are the same on PostgreSQL).
 */
import { type Kysely, Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/server/db/migrations.ts';
import { openDatabase } from '../../src/server/db/open.ts';

function provider() {
  return { getMigrations: async () => migrations('sqlite') };
}

describe('006-people', () => {
  it('gives every existing token a unique device id and keeps it usable', async () => {
    const opened = openDatabase(':memory:');
    // biome-ignore lint/suspicious/noExplicitAny: the schema before 006 has no type of its own.
    const db = opened.kysely as unknown as Kysely<any>;
    const migrator = new Migrator({ db, provider: provider() });
    expect((await migrator.migrateTo('005-page-versions')).error).toBeUndefined();
    const now = new Date().toISOString();
    await db.insertInto('users').values({ handle: 'ada', name: 'Ada', created_at: now }).execute();
    const hashes = ['a'.repeat(64), 'b'.repeat(64), `${'c'.repeat(32)}${'d'.repeat(32)}`];
    for (const hash of hashes) {
      await db
        .insertInto('tokens')
        .values({ hash, handle: 'ada', created_at: now, revoked_at: null })
        .execute();
    }
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const rows = await db.selectFrom('tokens').select(['hash', 'id', 'device']).execute();
    expect(rows.map((r) => r.id).sort()).toEqual(hashes.map((h) => h.slice(0, 32)).sort());
    expect(rows.every((r) => r.device === '')).toBe(true);
    const user = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'member', email: null, deactivated_at: null });
    await opened.close();
  });
});
