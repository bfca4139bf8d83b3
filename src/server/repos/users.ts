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

/** The longest device name ("Chrome on Linux"). */
export const DEVICE_NAME_MAX = 100;

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

/**
 * `handle`'s live devices (not revoked, not older than `maxAgeDays`), newest first.
 */
export async function listDevices(
  db: Db,
  handle: string,
  maxAgeDays: number | null,
  now = Date.now(),
): Promise<DeviceRecord[]> {
  let query = db.kysely
    .selectFrom('tokens')
    .select(['id', 'device', 'created_at', 'last_used_at'])
    .where('handle', '=', handle)
    .where('revoked_at', 'is', null);
  if (maxAgeDays !== null) {
    query = query.where('created_at', '>', new Date(now - maxAgeDays * 86_400_000).toISOString());
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.device,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  }));
}

/** Revokes `handle`'s live device `id`; false when they have no such live device. */
export async function revokeDevice(db: Db, handle: string, id: string): Promise<boolean> {
  const result = await db.kysely
    .updateTable('tokens')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('handle', '=', handle)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
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
  (SELECT version FROM view_versions v WHERE v.handle = u.handle) AS view,
  t.id, t.created_at AS token_created_at, t.last_used_at
  FROM tokens t JOIN users u ON u.handle = t.handle
  WHERE t.hash = ? AND t.revoked_at IS NULL AND u.deactivated_at IS NULL`;

type SqliteHandle = SqliteDatabase.Database;

/**
 * The lookup's columns in order: hash, handle, name, created_at, email, role, view, and the
 * token's id, created_at and last_used_at.
 */
type TokenRow = [
  string,
  string,
  string,
  string,
  string | null,
  Role,
  number | null,
  string,
  string,
  string | null,
];

/** The device (token row) a request came with. */
export type CurrentDevice = { id: string; createdAt: string; lastUsedAt: string | null };

/**
 * A live token's owner, their view version (`db/page-versions.ts`) and the token's device, read
 * together.
 */
export type Authenticated = { user: UserRow; view: number; device: CurrentDevice };

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
      'tokens.id',
      'tokens.created_at as token_created_at',
      'tokens.last_used_at',
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
      found.id,
      found.token_created_at,
      found.last_used_at,
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
    device: { id: row[7], createdAt: row[8], lastUsedAt: row[9] },
  };
}

/** How stale `last_used_at` may get before a request writes it: an hour. */
export const LAST_USED_GRANULARITY_MS = 60 * 60_000;

/**
 * True when `device`'s last use should be written now: never recorded, or older than
 * `LAST_USED_GRANULARITY_MS`. So the per-request lookup stays a read, and writes at most once
 * an hour per token.
 */
export function lastUseIsStale(device: CurrentDevice, now: number): boolean {
  return (
    device.lastUsedAt === null || Date.parse(device.lastUsedAt) <= now - LAST_USED_GRANULARITY_MS
  );
}

const TOUCH_SQL = `UPDATE tokens SET last_used_at = ?
  WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)`;

/**
 * Records a use of the token `id` at `now`, unless another request (or instance) already did
 * within the hour. Synchronous on SQLite.
 */
export function touchToken(db: Db, id: string, now: number): Promise<void> | void {
  const at = new Date(now).toISOString();
  const cutoff = new Date(now - LAST_USED_GRANULARITY_MS + 1).toISOString();
  if (db.sqlite) {
    preparedStatement(db.sqlite, TOUCH_SQL).run(at, id, cutoff);
    return;
  }
  return db.kysely
    .updateTable('tokens')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', cutoff)]))
    .execute()
    .then(() => undefined);
}

/** True when a token created at `createdAt` is older than `maxAgeDays` (null: no limit). */
export function tokenExpired(createdAt: string, maxAgeDays: number | null, now: number): boolean {
  return maxAgeDays !== null && Date.parse(createdAt) <= now - maxAgeDays * 86_400_000;
}

/** True when the database has no people yet. */
export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.kysely.selectFrom('users').select('handle').limit(1).executeTakeFirst();
  return row === undefined;
}
