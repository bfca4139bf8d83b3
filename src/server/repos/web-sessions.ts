/**
 * Web sign-in sessions (`web_sessions`): the browser keeps a random session id in an HTTP-only
 * cookie; the database keeps only its SHA-256, the person, the token (device) it was opened with
 * and the session's CSRF token. A session is live while it is neither signed out nor expired,
 * its person is active and, when it was opened with a token, that token is not revoked: so
 * revoking a device (or every token of a person) ends the web sessions opened with it on their
 * next request, on every instance, with no cache to clear.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/open.ts';
import type { UserRow } from '../db/schema.ts';
import { preparedStatement } from '../db/statement-cache.ts';
import { hashToken, sameHash } from '../tokens.ts';

/** How long a web session lasts from sign-in (it does not slide). */
export const SESSION_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * A live session: its person, the CSRF token its forms carry, and the person's view version
 * (`db/page-versions.ts`), read in the same statement for the permalink cache.
 */
export type WebSession = { user: UserRow; csrf: string; view: number };

/** A random 32-byte secret, base64url (the session id, CSRF tokens). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The active person and device a live API token names, or undefined for an unknown, revoked or
 * deactivated one (the token form's check; constant-time on the hash like the API's lookup).
 */
export async function tokenSignIn(
  db: Db,
  token: string,
): Promise<{ handle: string; tokenId: string } | undefined> {
  const hash = hashToken(token);
  const row = await db.kysely
    .selectFrom('tokens')
    .innerJoin('users', 'users.handle', 'tokens.handle')
    .select(['tokens.hash', 'tokens.id', 'users.handle'])
    .where('tokens.hash', '=', hash)
    .where('tokens.revoked_at', 'is', null)
    .where('users.deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!row || !sameHash(row.hash, hash)) return undefined;
  return { handle: row.handle, tokenId: row.id };
}

/**
 * Opens a session for `handle` (signed in with device `tokenId`, or null for another way of
 * signing in) and returns the cookie's value, shown to nobody else, and the session's CSRF token.
 */
export async function openSession(
  db: Db,
  handle: string,
  tokenId: string | null,
  now = new Date(),
): Promise<{ id: string; csrf: string }> {
  const id = newSecret();
  const csrf = newSecret();
  await db.kysely
    .insertInto('web_sessions')
    .values({
      id: hashToken(id),
      handle,
      token_id: tokenId,
      csrf,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_MAX_AGE_MS).toISOString(),
      revoked_at: null,
    })
    .execute();
  return { id, csrf };
}

/**
 * The session lookup every web request makes (the id's hash, live at `at`), with the person's
 * view version in the same statement (one snapshot).
 */
const sessionQuery = (hash: string, at: string) =>
  sql<SessionRow>`SELECT s.id, s.csrf, s.token_id, t.id AS token_found, t.revoked_at,
    u.handle, u.name, u.created_at, u.email, u.role,
    (SELECT version FROM view_versions v WHERE v.handle = u.handle) AS view
    FROM web_sessions s JOIN users u ON u.handle = s.handle
    LEFT JOIN tokens t ON t.id = s.token_id
    WHERE s.id = ${hash} AND s.revoked_at IS NULL AND s.expires_at > ${at}
      AND u.deactivated_at IS NULL`;

type SessionRow = {
  id: string;
  csrf: string;
  token_id: string | null;
  token_found: string | null;
  revoked_at: string | null;
  handle: string;
  name: string;
  created_at: string;
  email: string | null;
  role: UserRow['role'];
  view: number | string | null;
};

/**
 * The live session whose cookie value is `id`, or undefined (unknown, ended, expired, revoked).
 * On SQLite synchronously through a prepared statement (it runs on every web request).
 */
export async function findSession(
  db: Db,
  id: string,
  now = new Date(),
): Promise<WebSession | undefined> {
  const hash = hashToken(id);
  const query = sessionQuery(hash, now.toISOString()).compile(db.kysely);
  const row = db.sqlite
    ? (preparedStatement(db.sqlite, query.sql).get(...query.parameters) as SessionRow | undefined)
    : (await db.kysely.executeQuery(query)).rows[0];
  if (!row || !sameHash(row.id, hash)) return undefined;
  // Opened with a token: that token must still exist and be live.
  if (row.token_id !== null && (row.token_found === null || row.revoked_at !== null)) {
    return undefined;
  }
  return {
    user: {
      handle: row.handle,
      name: row.name,
      created_at: row.created_at,
      email: row.email,
      role: row.role,
      deactivated_at: null,
    },
    csrf: row.csrf,
    view: Number(row.view ?? 0),
  };
}

/** Ends the session whose cookie value is `id` (sign-out); ending an ended one does nothing. */
export async function endSession(db: Db, id: string, now = new Date()): Promise<void> {
  await db.kysely
    .updateTable('web_sessions')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', hashToken(id))
    .where('revoked_at', 'is', null)
    .execute();
}
