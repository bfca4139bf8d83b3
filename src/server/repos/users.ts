/** People and their tokens. */
import { randomUUID } from 'node:crypto';
import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Person } from '../../core/wire.ts';
import { recordChanges } from '../db/changes.ts';
import type { Db } from '../db/open.ts';
import type { Database, Role, UserRow } from '../db/schema.ts';
import { preparedStatement } from '../db/statement-cache.ts';
import { hashToken, newToken, sameHash } from '../tokens.ts';

/** A person as the wire shows them; `former` when an admin deactivated them. */
export function toPerson(
  row: Pick<UserRow, 'handle' | 'name' | 'created_at'> & { deactivated_at?: string | null },
): Person {
  const person: Person = { handle: row.handle, name: row.name, createdAt: row.created_at };
  if (row.deactivated_at) person.former = true;
  return person;
}

/** The person with `handle`, or undefined. */
export async function findUser(q: Kysely<Database>, handle: string): Promise<UserRow | undefined> {
  return q.selectFrom('users').selectAll().where('handle', '=', handle).executeTakeFirst();
}

/**
 * Creates a person and their first token; returns the token (shown once). Throws when the
 * handle is taken.
 */
export async function addUser(
  db: Db,
  handle: string,
  name: string,
  now = new Date().toISOString(),
  role: Role = 'member',
): Promise<string> {
  const token = newToken();
  await db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('users').values({ handle, name, created_at: now, role }).execute();
    await trx
      .insertInto('tokens')
      .values({
        hash: hashToken(token),
        id: randomUUID(),
        handle,
        created_at: now,
        revoked_at: null,
      })
      .execute();
    await recordChanges(trx, [{ kind: 'person', key: handle, owner: handle, public: true }]);
  });
  return token;
}

/** A new token for an existing person; undefined when there is no such person. */
export async function createToken(db: Db, handle: string): Promise<string | undefined> {
  if (!(await findUser(db.kysely, handle))) return undefined;
  const token = newToken();
  await db.kysely
    .insertInto('tokens')
    .values({
      hash: hashToken(token),
      id: randomUUID(),
      handle,
      created_at: new Date().toISOString(),
      revoked_at: null,
    })
    .execute();
  return token;
}

/** A device (token row) as the wire shows it. */
export type DeviceRecord = {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
};

/**
 * A new token for `handle` as the device named `device` (organisation sign-in); answers the
 * token (shown once) and its device.
 */
export async function createDeviceToken(
  db: Db,
  handle: string,
  device: string,
  now = new Date().toISOString(),
): Promise<{ token: string; device: DeviceRecord }> {
  const token = newToken();
  const id = randomUUID();
  await db.kysely
    .insertInto('tokens')
    .values({ hash: hashToken(token), id, handle, device, created_at: now, revoked_at: null })
    .execute();
  return { token, device: { id, name: device, createdAt: now, lastUsedAt: null } };
}

/** Revokes every live token of a person; returns how many were revoked. */
export async function revokeTokens(db: Db, handle: string): Promise<number> {
  const result = await db.kysely
    .updateTable('tokens')
    .set({ revoked_at: new Date().toISOString() })
    .where('handle', '=', handle)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * The token lookup's text: it runs on every authenticated request, and reads the caller's view
 * version in the same statement (one read transaction, one snapshot), so a request that needs
 * it (the page answer cache) does not pay a second statement for it. A deactivated person's
 * tokens find nobody.
 */
const TOKEN_SQL = `SELECT t.hash, u.handle, u.name, u.created_at, u.email, u.role,
  (SELECT version FROM view_versions v WHERE v.handle = u.handle) AS view
  FROM tokens t JOIN users u ON u.handle = t.handle
  WHERE t.hash = ? AND t.revoked_at IS NULL AND u.deactivated_at IS NULL`;

type SqliteHandle = SqliteDatabase.Database;

/** The lookup's columns in order: hash, handle, name, created_at, email, role, view. */
type TokenRow = [string, string, string, string, string | null, Role, number | null];

/** A live token's owner and their view version (`db/page-versions.ts`), read together. */
export type Authenticated = { user: UserRow; view: number };

/**
 * The person a live token belongs to and their view version, or undefined for an unknown or
 * revoked token. Read from the database on every call (no cache), so a revocation by any
 * process takes effect on the next request; on PostgreSQL in one round trip, on SQLite through
 * `authenticateSqlite`.
 */
export async function authenticate(db: Db, token: string): Promise<Authenticated | undefined> {
  if (db.sqlite) return authenticateSqlite(db.sqlite, token);
  const hash = hashToken(token);
  const found = await db.kysely
    .selectFrom('tokens')
    .innerJoin('users', 'users.handle', 'tokens.handle')
    .select((eb) => [
      'tokens.hash',
      'users.handle',
      'users.name',
      'users.created_at',
      'users.email',
      'users.role',
      eb
        .selectFrom('view_versions')
        .select('version')
        .whereRef('view_versions.handle', '=', 'users.handle')
        .as('view'),
    ])
    .where('tokens.hash', '=', hash)
    .where('tokens.revoked_at', 'is', null)
    .where('users.deactivated_at', 'is', null)
    .executeTakeFirst();
  return (
    found &&
    accepted(hash, [
      found.hash,
      found.handle,
      found.name,
      found.created_at,
      found.email,
      found.role,
      found.view,
    ])
  );
}

/**
 * `authenticate` on SQLite, synchronously (better-sqlite3 is), so the authentication hook needs
 * no promise: one statement prepared once per connection, its row read as an array (cheaper to
 * build than an object).
 */
export function authenticateSqlite(sqlite: SqliteHandle, token: string): Authenticated | undefined {
  const hash = hashToken(token);
  const row = preparedStatement(sqlite, TOKEN_SQL).raw(true).get(hash) as TokenRow | undefined;
  return row && accepted(hash, row);
}

/** The caller a found row names, once its hash is confirmed in constant time. */
function accepted(hash: string, row: TokenRow): Authenticated | undefined {
  if (!sameHash(row[0], hash)) return undefined;
  return {
    user: {
      handle: row[1],
      name: row[2],
      created_at: row[3],
      email: row[4],
      role: row[5],
      deactivated_at: null,
    },
    view: Number(row[6] ?? 0),
  };
}

/** True when the database has no people yet. */
export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.kysely.selectFrom('users').select('handle').limit(1).executeTakeFirst();
  return row === undefined;
}
