/**
 * Webhooks and their delivery logs: who may manage a hook, creating, listing, deleting, and the
 * wire forms. A person manages their own hooks, admins the organisation's, a group's owners and
 * moderators (and admins) the group's; to anyone else a hook does not exist (404).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  Database,
  DeliveryRow,
  UserRow,
  WebhookFormat,
  WebhookLanguage,
  WebhookRow,
  WebhookScope,
} from '../db/schema.ts';
import { forbidden, HttpError, invalid, notFound } from '../errors.ts';
import { findGroup, findMember } from '../repos/groups.ts';
import type { AddressPolicy } from './address.ts';
import { urlProblem } from './address.ts';
import { hookEvents, SCOPE_EVENTS, type WebhookEvent } from './events.ts';
import { newSecret } from './signature.ts';

type Q = Kysely<Database>;

/** The most hooks one person, one group or the organisation may have. */
export const MAX_HOOKS = 20;
/** Deliveries a log shows (newest first). */
export const LOG_LENGTH = 50;

export type HookInput = {
  url: string;
  format: WebhookFormat;
  events: WebhookEvent[];
  name?: string;
  /** The chat messages' language (default English). */
  lang?: WebhookLanguage;
};

/** A hook as its managers see it (never its secret). */
export function toWireHook(row: WebhookRow) {
  return {
    id: row.id,
    scope: row.scope,
    groupId: row.group_id,
    name: row.name,
    url: row.url,
    format: row.format,
    lang: row.lang,
    events: hookEvents(row),
    createdBy: row.owner,
    createdAt: row.created_at,
    failures: row.failures,
    failing: row.failing_since !== null,
    failingSince: row.failing_since,
  };
}

/** A delivery as the log shows it. */
export function toWireDelivery(row: DeliveryRow) {
  return {
    id: row.id,
    eventId: row.event_id,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at,
    attemptedAt: row.attempted_at,
    deliveredAt: row.delivered_at,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    responseStatus: row.response_status,
    error: row.error,
  };
}

/** True when `user` moderates group `groupId` (owner or moderator) or is an admin. */
async function managesGroup(q: Q, user: UserRow, groupId: string): Promise<boolean> {
  if (user.role === 'admin') return true;
  const role = (await findMember(q, groupId, user.handle))?.role;
  return role === 'owner' || role === 'moderator';
}

/** True when `user` may manage `hook`. */
export async function mayManage(q: Q, user: UserRow, hook: WebhookRow): Promise<boolean> {
  if (hook.scope === 'person') return hook.owner === user.handle;
  if (hook.scope === 'org') return user.role === 'admin';
  return hook.group_id !== null && managesGroup(q, user, hook.group_id);
}

/** Hook `id` when `user` may manage it; 404 otherwise. */
export async function managedHook(q: Q, user: UserRow, id: string): Promise<WebhookRow> {
  const hook = await q.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!hook || !(await mayManage(q, user, hook))) throw notFound(`no webhook ${id}`);
  return hook;
}

/**
 * Group `groupId` when `user` may add hooks to it: 404 when it is gone or closed to them, 403
 * when they may see it but do not moderate it.
 */
export async function hookableGroup(q: Q, user: UserRow, groupId: string): Promise<void> {
  const group = await findGroup(q, groupId);
  if (!group || group.deleted_at !== null) throw notFound(`no group ${groupId}`);
  if (await managesGroup(q, user, groupId)) return;
  const member = await findMember(q, groupId, user.handle);
  if (group.kind === 'closed' && !member) throw notFound(`no group ${groupId}`);
  throw forbidden("only the group's owners and moderators add its webhooks");
}

/** The hooks of one scope: a person's, the organisation's or a group's, oldest first. */
export async function listHooks(
  q: Q,
  where:
    | { scope: 'person'; owner: string }
    | { scope: 'org' }
    | { scope: 'group'; groupId: string },
): Promise<WebhookRow[]> {
  let query = q.selectFrom('webhooks').selectAll().where('scope', '=', where.scope);
  if (where.scope === 'person') query = query.where('owner', '=', where.owner);
  if (where.scope === 'group') query = query.where('group_id', '=', where.groupId);
  return query.orderBy('created_at').orderBy('id').execute();
}

/**
 * Creates a hook of `scope` made by `user`: 400 for a URL it may not have or an event its
 * scope has not, 409 when the scope already has `MAX_HOOKS`. Returns the row, secret included.
 */
export async function createHook(
  q: Q,
  user: UserRow,
  scope: WebhookScope,
  groupId: string | null,
  input: HookInput,
  policy: AddressPolicy,
): Promise<WebhookRow> {
  const problem = urlProblem(input.url, scope, policy);
  if (problem) throw invalid(`body/url ${problem}`);
  const allowed = SCOPE_EVENTS[scope];
  const other = input.events.find((e) => !allowed.includes(e));
  if (other) throw invalid(`body/events: ${other} is only for personal webhooks`);
  const existing =
    scope === 'person'
      ? await listHooks(q, { scope, owner: user.handle })
      : scope === 'org'
        ? await listHooks(q, { scope })
        : await listHooks(q, { scope, groupId: groupId ?? '' });
  if (existing.length >= MAX_HOOKS) {
    throw new HttpError(409, 'conflict', `at most ${MAX_HOOKS} webhooks here`);
  }
  const row: WebhookRow = {
    id: randomUUID(),
    scope,
    owner: user.handle,
    group_id: groupId,
    name: input.name ?? '',
    url: input.url,
    format: input.format,
    events: JSON.stringify([...input.events].sort()),
    secret: newSecret(),
    created_at: new Date().toISOString(),
    failures: 0,
    failing_since: null,
    lang: input.lang ?? 'en',
  };
  await q.insertInto('webhooks').values(row).execute();
  return row;
}

/** Deletes a hook and its log. */
export async function deleteHook(q: Q, id: string): Promise<void> {
  await q.deleteFrom('webhook_deliveries').where('hook_id', '=', id).execute();
  await q.deleteFrom('webhooks').where('id', '=', id).execute();
}

/** The newest `LOG_LENGTH` deliveries of a hook. */
export async function deliveryLog(q: Q, hookId: string): Promise<DeliveryRow[]> {
  return q
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('hook_id', '=', hookId)
    .orderBy('seq', 'desc')
    .limit(LOG_LENGTH)
    .execute();
}
