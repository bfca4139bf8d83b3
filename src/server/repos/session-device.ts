/**
 * The device (API token) a web session was opened with, for the settings page's device list:
 * "this browser" is the device whose revocation ends the session.
 */
import type { Db } from '../db/open.ts';
import { hashToken } from '../tokens.ts';

/** The token id the session with cookie value `id` was opened with, or null (none, or unknown). */
export async function sessionDevice(db: Db, id: string): Promise<string | null> {
  const row = await db.kysely
    .selectFrom('web_sessions')
    .select('token_id')
    .where('id', '=', hashToken(id))
    .executeTakeFirst();
  return row?.token_id ?? null;
}
