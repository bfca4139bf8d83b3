/**
 * Feed tokens (`feed_tokens`): per-person, read-only, revocable tokens that feed readers, which
 * cannot send headers, carry in a feed's address (`GET /feeds/…?token=`). They live apart from
 * API tokens (`tokens`), so neither the API's bearer lookup nor the web sign-in can ever accept
 * one; only their SHA-256 is stored, looked up by hash and confirmed in constant time.
 */
import { uuidv7 } from '../../core/ids.ts';
import type { Db } from '../db/open.ts';
import type { UserRow } from '../db/schema.ts';
import { hashToken, newToken, sameHash } from '../tokens.ts';

/** What distinguishes a feed token at a glance (in a feed reader's list, a log). */
export const FEED_TOKEN_PREFIX = 'olf_';

/** A feed token's shape: the prefix and 32 random bytes in base64url. */
export const FEED_TOKEN_PATTERN = /^olf_[A-Za-z0-9_-]{43}$/;

/** The longest name a feed token may have. */
export const FEED_TOKEN_NAME_MAX = 80;

/** How many live feed tokens one person may have. */
export const FEED_TOKENS_MAX = 20;

/** A feed token as its owner sees it in settings (never the token itself). */
export type FeedTokenRecord = {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
};

/** Last use is written when it is older than this, so most feed reads stay reads. */
const TOUCH_EVERY_MS = 60 * 60 * 1000;

/**
 * Creates a feed token named `name` for `handle`; returns it (shown once) and its record, or
 * undefined when they already have `FEED_TOKENS_MAX` live ones.
 */
export async function createFeedToken(
  db: Db,
  handle: string,
  name: string,
  now = new Date(),
): Promise<{ token: string; record: FeedTokenRecord } | undefined> {
  const live = await db.kysely
    .selectFrom('feed_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('handle', '=', handle)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(live.n) >= FEED_TOKENS_MAX) return undefined;
  const token = `${FEED_TOKEN_PREFIX}${newToken()}`;
  const record = { id: uuidv7(), name, createdAt: now.toISOString(), lastUsedAt: null };
  await db.kysely
    .insertInto('feed_tokens')
    .values({
      id: record.id,
      handle,
      name,
      hash: hashToken(token),
      created_at: record.createdAt,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return { token, record };
}

/** `handle`'s live feed tokens, newest first. */
export async function listFeedTokens(db: Db, handle: string): Promise<FeedTokenRecord[]> {
  const rows = await db.kysely
    .selectFrom('feed_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('handle', '=', handle)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  }));
}

/** Revokes `handle`'s live feed token `id`; false when they have no such live token. */
export async function revokeFeedToken(
  db: Db,
  handle: string,
  id: string,
  now = new Date(),
): Promise<boolean> {
  const result = await db.kysely
    .updateTable('feed_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('handle', '=', handle)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The active person a live feed token belongs to, or undefined (malformed, unknown, revoked, or
 * its person deactivated). Records the token's last use at most once an hour.
 */
export async function feedTokenUser(
  db: Db,
  token: string,
  now = new Date(),
): Promise<UserRow | undefined> {
  if (!FEED_TOKEN_PATTERN.test(token)) return undefined;
  const hash = hashToken(token);
  const row = await db.kysely
    .selectFrom('feed_tokens as f')
    .innerJoin('users as u', 'u.handle', 'f.handle')
    .select(['f.id', 'f.hash', 'f.last_used_at'])
    .selectAll('u')
    .where('f.hash', '=', hash)
    .where('f.revoked_at', 'is', null)
    .where('u.deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!row || !sameHash(row.hash, hash)) return undefined;
  const last = row.last_used_at ? Date.parse(row.last_used_at) : 0;
  if (now.getTime() - last > TOUCH_EVERY_MS) {
    await db.kysely
      .updateTable('feed_tokens')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
  }
  return {
    handle: row.handle,
    name: row.name,
    created_at: row.created_at,
    email: row.email,
    role: row.role,
    deactivated_at: row.deactivated_at,
  };
}
