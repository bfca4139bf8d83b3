/** Opening a database ready for use: open, then migrate to the latest schema. */
import { migrate } from './migrations.ts';
import { type Db, type OpenOptions, openDatabase } from './open.ts';

export { migrate } from './migrations.ts';
export { type Db, type Dialect, isPostgresUrl, type OpenOptions, openDatabase } from './open.ts';

/** Opens the database at `url` and runs pending migrations. */
export async function connect(url: string, options: OpenOptions = {}): Promise<Db> {
  const db = openDatabase(url, options);
  try {
    await migrate(
      db.kysely,
      db.dialect,
      db.dialect === 'postgres' ? (db.schema ?? 'public') : undefined,
    );
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
