/**
 * The audit log: who did what to whom and when (admin and moderation actions). Write with
 * `audit(trx, …)` inside the transaction that makes the change, so the row exists exactly when
 * the change does; read newest first with keyset paging (`auditPage`).
 *
 * `actor` is the acting person's handle, or `cli` for the command line. `action` is a dotted
 * name (`person.deactivate`, `person.rename`, `group.create`…); `target` what it was done to (a
 * handle, an item id, a group id); `detail` a small JSON object (old and new values, reason).
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Db } from '../db/open.ts';
import type { Database } from '../db/schema.ts';
import { afterSql, encodePosition, newestFirstSql, type Position } from './keyset.ts';

/** The actor the command line writes. */
export const CLI_ACTOR = 'cli';

/** One action to record. */
export type AuditEntry = {
  actor: string;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
};

/** An audit row as read back. */
export type AuditRecord = {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
};

/**
 * Records `entry` through `q` (pass the transaction that makes the change); returns its id.
 * `at` defaults to now.
 */
export async function audit(
  q: Kysely<Database>,
  entry: AuditEntry,
  at = new Date().toISOString(),
): Promise<string> {
  const id = randomUUID();
  await q
    .insertInto('audit_log')
    .values({
      id,
      at,
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
  return id;
}

/** What to read: exact matches on each given field. */
export type AuditFilter = { actor?: string; target?: string; action?: string };

/**
 * Up to `limit` audit rows newest first (by `at`, then `id`), strictly after `position` (null:
 * from the newest), matching `filter`; `cursor` names the last row returned (the incoming cursor
 * when none), `hasMore` whether older rows exist.
 */
export async function auditPage(
  db: Db,
  filter: AuditFilter,
  position: Position | null,
  limit: number,
  incoming = '',
): Promise<{ entries: AuditRecord[]; cursor: string; hasMore: boolean }> {
  let query = db.kysely
    .selectFrom('audit_log')
    .selectAll()
    .where(afterSql(db.dialect, sql.ref('at'), sql.ref('id'), position))
    .orderBy(newestFirstSql(db.dialect, sql.ref('at'), sql.ref('id')))
    .limit(limit + 1);
  if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
  if (filter.target !== undefined) query = query.where('target', '=', filter.target);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  const rows = await query.execute();
  const entries = rows.slice(0, limit).map((row) => ({
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    detail: parseDetail(row.detail),
  }));
  const last = entries.at(-1);
  return {
    entries,
    cursor: last ? encodePosition({ at: last.at, key: last.id }) : incoming,
    hasMore: rows.length > limit,
  };
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
