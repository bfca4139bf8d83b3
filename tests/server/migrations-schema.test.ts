/**
 * The migrator on PostgreSQL looks for its bookkeeping tables in its own schema only: another
 * schema's `kysely_migration` (another application in the same database, or a test suite's schema
 * being dropped at that moment) neither stops it from creating its own nor fails its check.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/server/db/migrations.ts';
import { openDatabase } from '../../src/server/db/open.ts';
import { databases } from './helpers.ts';

const name = () => `t_${randomBytes(6).toString('hex')}`;

describe.each(databases().filter((d) => d === 'postgres'))(
  'migrations on %s with other schemas around',
  () => {
    const url = process.env.OUTLOUD_TEST_PG;
    it("creates its own tables when another schema already has Kysely's", async () => {
      const admin = openDatabase(url!, { poolSize: 1 });
      const other = name();
      const mine = name();
      try {
        await sql.raw(`CREATE SCHEMA ${other}`).execute(admin.kysely);
        await sql
          .raw(
            `CREATE TABLE ${other}.kysely_migration (name varchar(255) PRIMARY KEY, timestamp varchar(255) NOT NULL)`,
          )
          .execute(admin.kysely);
        await sql.raw(`CREATE SCHEMA ${mine}`).execute(admin.kysely);
        // No schema named to the migrator: the production path, on the session's search_path.
        const db = openDatabase(url!, { poolSize: 1, schema: mine });
        try {
          await migrate(db.kysely, 'postgres');
          const tables = await sql<{ table_name: string }>`
          SELECT table_name FROM information_schema.tables WHERE table_schema = ${mine}`.execute(
            admin.kysely,
          );
          const names = tables.rows.map((r) => r.table_name);
          expect(names).toEqual(expect.arrayContaining(['kysely_migration', 'users', 'items']));
          // Run again: everything is recorded as done in its own table.
          await migrate(db.kysely, 'postgres');
        } finally {
          await db.close();
        }
        const others = await sql<{ n: number }>`
        SELECT COUNT(*)::int AS n FROM information_schema.tables WHERE table_schema = ${other}`.execute(
          admin.kysely,
        );
        expect(others.rows[0]!.n).toBe(1);
      } finally {
        await sql.raw(`DROP SCHEMA IF EXISTS ${other} CASCADE`).execute(admin.kysely);
        await sql.raw(`DROP SCHEMA IF EXISTS ${mine} CASCADE`).execute(admin.kysely);
        await admin.close();
      }
    });

    it('migrates while other schemas are created and dropped around it', async () => {
      const admin = openDatabase(url!, { poolSize: 2 });
      const schemas = [name(), name(), name()];
      let churning = true;
      const churn = (async () => {
        while (churning) {
          const s = name();
          await sql.raw(`CREATE SCHEMA ${s}`).execute(admin.kysely);
          await sql.raw(`CREATE TABLE ${s}.kysely_migration (name text)`).execute(admin.kysely);
          await sql.raw(`DROP SCHEMA ${s} CASCADE`).execute(admin.kysely);
        }
      })();
      try {
        for (const s of schemas) {
          await sql.raw(`CREATE SCHEMA ${s}`).execute(admin.kysely);
          const db = openDatabase(url!, { poolSize: 1, schema: s });
          try {
            await migrate(db.kysely, 'postgres', s);
          } finally {
            await db.close();
          }
        }
      } finally {
        churning = false;
        await churn;
        for (const s of schemas)
          await sql.raw(`DROP SCHEMA IF EXISTS ${s} CASCADE`).execute(admin.kysely);
        await admin.close();
      }
    });
  },
);
