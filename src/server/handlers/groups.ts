/**
 * Groups (issue 15): create and edit, read, members and roles, join requests, delete. Who may
 * do what:
 *
 * - A closed group is `404` to everyone outside it, except that a person who asked to join sees
 *   the group itself (not its members). An open group anyone may see, list and join.
 * - Owners do everything; moderators edit the group, add people, approve requests, make members
 *   moderators and back, and remove members and moderators, but never touch an owner nor make
 *   one; members may leave. A group always keeps at least one owner (`409`).
 * - Only an owner deletes a group; items shared with it alone become private to their authors
 *   (items also shared with other groups stay there), and the answer says how many.
 *
 * Every write is one transaction that first locks the group's row (PostgreSQL), so two
 * concurrent role changes cannot both see a second owner and leave none.
 */
import type { Kysely } from 'kysely';
import type { GroupInput, GroupRole } from '../../core/wire.ts';
import type { Database, GroupRow, MemberRow } from '../db/schema.ts';
import { forbidden, HttpError, notFound } from '../errors.ts';
import { deleteGroupRow, groupKindChanged } from '../repos/group-items.ts';
import {
  findGroup,
  findMember,
  hasRequested,
  insertMember,
  insertRequest,
  membersOf,
  ownerCount,
  removeMember,
  removeRequest,
  requestsOf,
  updateRole,
  visibleGroups,
} from '../repos/groups.ts';
import { findUser } from '../repos/users.ts';
import { type HandlerContext, isUniqueViolation, now, type Outcome } from './context.ts';

type Q = Kysely<Database>;

/** What the caller is to a live group they may see. */
type Access = { group: GroupRow; role: GroupRole | null; requested: boolean };

const RANK: Record<GroupRole, number> = { owner: 3, moderator: 2, member: 1 };
const moderates = (role: GroupRole | null) => role === 'owner' || role === 'moderator';

/**
 * The caller's access to group `id`: 404 when it does not exist, was deleted, or is closed and
 * the caller neither is in it nor asked to join. `lock` locks its row for the transaction.
 */
async function access(q: Q, id: string, me: string, lock = false): Promise<Access> {
  const group = await findGroup(q, id, lock);
  if (!group || group.deleted_at !== null) throw notFound(`no group ${id}`);
  const role = (await findMember(q, id, me))?.role ?? null;
  const requested = role === null && (await hasRequested(q, id, me));
  if (group.kind === 'closed' && role === null && !requested) throw notFound(`no group ${id}`);
  return { group, role, requested };
}

function lockable(ctx: HandlerContext): boolean {
  return ctx.db.dialect === 'postgres';
}

async function groupBody(q: Q, id: string, me: string) {
  const [group] = await visibleGroups(q, me, id);
  if (!group) throw notFound(`no group ${id}`);
  return group;
}

/** Retries a write once when a concurrent one inserted the same row first. */
async function once<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}

/**
 * `PUT /v1/groups/{id}`: 201 created (the caller its owner), 200 edited or unchanged (owners and
 * moderators), 403 a member or an outsider of an open group, 404 a closed group not theirs, 410
 * a deleted group's id.
 */
export async function putGroup(
  ctx: HandlerContext,
  id: string,
  input: GroupInput,
): Promise<Outcome> {
  const me = ctx.user.handle;
  return once(() =>
    ctx.db.kysely.transaction().execute(async (trx): Promise<Outcome> => {
      const existing = await findGroup(trx, id, lockable(ctx));
      if (existing?.deleted_at) throw new HttpError(410, 'gone', `group ${id} was deleted`);
      const fields = { name: input.name, description: input.description ?? '', kind: input.kind };
      if (!existing) {
        const time = now();
        await trx
          .insertInto('groups')
          .values({ id, ...fields, created_by: me, created_at: time, updated_at: time })
          .execute();
        await insertMember(trx, { group_id: id, handle: me, role: 'owner', created_at: time });
        return { status: 201, body: await groupBody(trx, id, me) };
      }
      const { role } = await access(trx, id, me);
      if (!moderates(role)) throw forbidden(`only the group's owners and moderators edit it`);
      const same =
        existing.name === fields.name &&
        existing.description === fields.description &&
        existing.kind === fields.kind;
      if (!same) {
        await trx
          .updateTable('groups')
          .set({ ...fields, updated_at: now() })
          .where('id', '=', id)
          .execute();
        // Opening a closed group lets everyone see its pending requesters in; none are kept.
        if (fields.kind === 'open') {
          await trx.deleteFrom('group_requests').where('group_id', '=', id).execute();
        }
        if (existing.kind !== fields.kind) await groupKindChanged(trx, id);
      }
      return { status: 200, body: await groupBody(trx, id, me) };
    }),
  );
}

/** `GET /v1/groups`: the groups the caller may see, with their role in each. */
export async function listGroups(ctx: HandlerContext): Promise<Outcome> {
  return { status: 200, body: { items: await visibleGroups(ctx.db.kysely, ctx.user.handle) } };
}

/** `GET /v1/groups/{id}`: 200, or 404 when absent, deleted, or closed and not the caller's. */
export async function getGroup(ctx: HandlerContext, id: string): Promise<Outcome> {
  const q = ctx.db.kysely;
  await access(q, id, ctx.user.handle);
  return { status: 200, body: await groupBody(q, id, ctx.user.handle) };
}

/**
 * `GET /v1/groups/{id}/members`: the members (anyone for an open group, members for a closed
 * one; 403 to a person who only asked to join) and, to moderators, the pending requests.
 */
export async function listMembers(ctx: HandlerContext, id: string): Promise<Outcome> {
  const q = ctx.db.kysely;
  const { group, role } = await access(q, id, ctx.user.handle);
  if (group.kind === 'closed' && role === null) {
    throw forbidden(`only members see who is in group ${id}`);
  }
  const requests = moderates(role) ? await requestsOf(q, id) : [];
  return { status: 200, body: { items: await membersOf(q, id), requests } };
}

/** Refuses what `actor` (with `role`) may not do to `target` (now `current`) becoming `next`. */
function checkRoleChange(
  me: string,
  role: GroupRole | null,
  group: GroupRow,
  target: string,
  current: GroupRole | null,
  next: GroupRole,
): void {
  if (target === me && current === null) {
    // Joining: anyone joins an open group as a member; a closed one needs a moderator.
    if (group.kind === 'closed') throw forbidden('ask to join a closed group: POST its requests');
    if (next !== 'member') throw forbidden('you join a group as a member');
    return;
  }
  if (role === 'owner') return;
  if (role === 'moderator') {
    if (next === 'owner' || current === 'owner') {
      throw forbidden('only an owner makes or unmakes an owner');
    }
    return;
  }
  if (target === me && current !== null && RANK[next] <= RANK[current]) return;
  throw forbidden("only the group's owners and moderators add people or change roles");
}

/**
 * `PUT /v1/groups/{id}/members/{handle}` `{ role }`: 201 added, 200 role changed or unchanged;
 * 403 not allowed (see the module comment), 404 the group (or person) unknown to the caller,
 * 409 the last owner would be gone.
 */
export async function putMember(
  ctx: HandlerContext,
  id: string,
  handle: string,
  next: GroupRole,
): Promise<Outcome> {
  const me = ctx.user.handle;
  return once(() =>
    ctx.db.kysely.transaction().execute(async (trx): Promise<Outcome> => {
      const { group, role } = await access(trx, id, me, lockable(ctx));
      const person = await findUser(trx, handle);
      if (!person) throw notFound(`no person ${handle}`);
      const current = (await findMember(trx, id, handle)) ?? null;
      checkRoleChange(me, role, group, handle, current?.role ?? null, next);
      if (current) {
        if (current.role !== next) {
          if (current.role === 'owner' && (await ownerCount(trx, id)) === 1) {
            throw lastOwner();
          }
          await updateRole(trx, id, handle, next);
        }
        return { status: 200, body: member(person.name, { ...current, role: next }) };
      }
      const row: MemberRow = { group_id: id, handle, role: next, created_at: now() };
      await insertMember(trx, row);
      return { status: 201, body: member(person.name, row) };
    }),
  );
}

const member = (name: string, row: MemberRow) => ({
  handle: row.handle,
  name,
  role: row.role,
  since: row.created_at,
});

const lastOwner = () =>
  new HttpError(409, 'conflict', 'a group keeps at least one owner: make someone else owner first');

/**
 * `DELETE /v1/groups/{id}/members/{handle}`: leave (anyone; also withdraws a pending request),
 * or remove someone (moderators: members and moderators; owners: anyone). 200 also when they
 * were not in it; 403 not allowed, 404 the group unknown to the caller, 409 the last owner.
 */
export async function deleteMember(
  ctx: HandlerContext,
  id: string,
  handle: string,
): Promise<Outcome> {
  const me = ctx.user.handle;
  return ctx.db.kysely.transaction().execute(async (trx): Promise<Outcome> => {
    const { role } = await access(trx, id, me, lockable(ctx));
    const current = await findMember(trx, id, handle);
    if (handle !== me) {
      if (!moderates(role)) throw forbidden("only the group's owners and moderators remove people");
      if (current?.role === 'owner' && role !== 'owner') {
        throw forbidden('only an owner removes an owner');
      }
    } else {
      await removeRequest(trx, id, me);
    }
    if (current) {
      if (current.role === 'owner' && (await ownerCount(trx, id)) === 1) throw lastOwner();
      await removeMember(trx, id, handle);
    }
    return { status: 200, body: { id: handle, deleted: true } };
  });
}

/**
 * `POST /v1/groups/{id}/requests`: ask to join a closed group. 201 asked, 200 already asked;
 * 404 no such group; 409 an open group (join it) or already a member.
 */
export async function postRequest(ctx: HandlerContext, id: string): Promise<Outcome> {
  const me = ctx.user.handle;
  return once(() =>
    ctx.db.kysely.transaction().execute(async (trx): Promise<Outcome> => {
      const group = await findGroup(trx, id, lockable(ctx));
      if (!group || group.deleted_at !== null) throw notFound(`no group ${id}`);
      if (await findMember(trx, id, me)) {
        throw new HttpError(409, 'conflict', `you are in group ${id} already`);
      }
      if (group.kind === 'open') {
        throw new HttpError(409, 'conflict', `group ${id} is open: join it with PUT members`);
      }
      const status = (await hasRequested(trx, id, me)) ? 200 : 201;
      if (status === 201) await insertRequest(trx, id, me, now());
      return { status, body: await groupBody(trx, id, me) };
    }),
  );
}

/**
 * `PUT /v1/groups/{id}/requests/{handle}` `{ approve }`: a moderator approves (the person joins
 * as a member; 201 with the membership) or declines (200, the request dropped). 403 not a
 * moderator, 404 the group unknown to the caller or no such request.
 */
export async function decideRequest(
  ctx: HandlerContext,
  id: string,
  handle: string,
  approve: boolean,
): Promise<Outcome> {
  const me = ctx.user.handle;
  return ctx.db.kysely.transaction().execute(async (trx): Promise<Outcome> => {
    const { role } = await access(trx, id, me, lockable(ctx));
    if (!moderates(role)) throw forbidden("only the group's owners and moderators answer requests");
    if (!(await removeRequest(trx, id, handle))) throw notFound(`no request from ${handle}`);
    if (!approve) return { status: 200, body: { id: handle, deleted: true } };
    const person = await findUser(trx, handle);
    if (!person) throw notFound(`no person ${handle}`);
    const row: MemberRow = { group_id: id, handle, role: 'member', created_at: now() };
    await insertMember(trx, row);
    return { status: 201, body: member(person.name, row) };
  });
}

/**
 * `DELETE /v1/groups/{id}`: the owner deletes the group; 200 with how many items became
 * private, also for a group already deleted by the caller's earlier request (its row is kept);
 * 403 not an owner, 404 unknown to the caller.
 */
export async function deleteGroup(ctx: HandlerContext, id: string): Promise<Outcome> {
  const me = ctx.user.handle;
  return ctx.db.kysely.transaction().execute(async (trx): Promise<Outcome> => {
    const existing = await findGroup(trx, id, lockable(ctx));
    // A retried delete: its owner's membership stays with the tombstone.
    if (existing?.deleted_at && (await findMember(trx, id, me))?.role === 'owner') {
      return { status: 200, body: { id, deleted: true, itemsMadePrivate: 0 } };
    }
    const { role } = await access(trx, id, me);
    if (role !== 'owner') throw forbidden('only an owner deletes a group');
    const itemsMadePrivate = await deleteGroupRow(trx, id, now());
    return { status: 200, body: { id, deleted: true, itemsMadePrivate } };
  });
}
