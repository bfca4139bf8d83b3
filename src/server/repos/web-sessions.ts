/**
 * Web sign-in sessions (`web_sessions`): the browser keeps a random session id in an HTTP-only
 * cookie; the database keeps only its SHA-256, the person, the token (device) it was opened with
 * and the session's CSRF token. A session is live while it is neither signed out nor expired,
 * its person is active and, when it was opened with a token, that token is not revoked: so
 * revoking a device (or every token of a person) ends the web sessions opened with it on their
 * next request, on every instance, with no cache to clear.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/open.ts';
import type { UserRow } from '../db/schema.ts';
import { hashToken, sameHash } from '../tokens.ts';

/** How long a web session lasts from sign-in (it does not slide). */
export const SESSION_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

/** A live session: its person and the CSRF token its forms carry. */
export type WebSession = { user: UserRow; csrf: string };

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

/** The live session whose cookie value is `id`, or undefined (unknown, ended, expired, revoked). */
export async function findSession(
  db: Db,
  id: string,
  now = new Date(),
): Promise<WebSession | undefined> {
  const hash = hashToken(id);
  const row = await db.kysely
    .selectFrom('web_sessions as s')
    .innerJoin('users as u', 'u.handle', 's.handle')
    .leftJoin('tokens as t', 't.id', 's.token_id')
    .select([
      's.id as session',
      's.csrf',
      's.token_id',
      't.revoked_at as token_revoked_at',
      't.id as token_found',
      'u.handle',
      'u.name',
      'u.created_at',
      'u.email',
      'u.role',
    ])
    .where('s.id', '=', hash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now.toISOString())
    .where('u.deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!row || !sameHash(row.session, hash)) return undefined;
  // Opened with a token: that token must still exist and be live.
  if (row.token_id !== null && (row.token_found === null || row.token_revoked_at !== null)) {
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
