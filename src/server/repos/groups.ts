/**
 * Groups, their members and join requests: reading rows, the wire forms, and the writes. A
 * membership change also moves the person's view version (the page answer cache) and logs, for
 * them alone, every change of what the group shares (`membershipChanges`), so their change feed
 * brings the group's items when they join and tombstones when they leave.
 */
import { type Kysely, sql } from 'kysely';
import type { Group, JoinRequest, Member } from '../../core/wire.ts';
import { type PersonalEntry, recordPersonalChanges } from '../db/changes.ts';
import { touchView } from '../db/page-versions.ts';
import type { Database, GroupRole, GroupRow, MemberRow } from '../db/schema.ts';

type Q = Kysely<Database>;

/** A group row by id, deleted or not, or undefined; `forUpdate` locks it (PostgreSQL). */
export async function findGroup(
  q: Q,
  id: string,
  forUpdate = false,
): Promise<GroupRow | undefined> {
  return q
    .selectFrom('groups')
    .selectAll()
    .where('id', '=', id)
    .$if(forUpdate, (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** `handle`'s membership of group `groupId`, or undefined. */
export async function findMember(
  q: Q,
  groupId: string,
  handle: string,
): Promise<MemberRow | undefined> {
  return q
    .selectFrom('group_members')
    .selectAll()
    .where('group_id', '=', groupId)
    .where('handle', '=', handle)
    .executeTakeFirst();
}

/** True when `handle` has asked to join group `groupId` and waits. */
export async function hasRequested(q: Q, groupId: string, handle: string): Promise<boolean> {
  const row = await q
    .selectFrom('group_requests')
    .select('handle')
    .where('group_id', '=', groupId)
    .where('handle', '=', handle)
    .executeTakeFirst();
  return row !== undefined;
}

/** How many owners group `groupId` has. */
export async function ownerCount(q: Q, groupId: string): Promise<number> {
  const row = await q
    .selectFrom('group_members')
    .select(sql<number>`count(*)`.as('n'))
    .where('group_id', '=', groupId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

type GroupListRow = GroupRow & { members: number; role: GroupRole | null; requested: number };

/** The wire form of a group for a caller with `role` who has (not) asked to join. */
export function toGroup(
  row: GroupRow,
  members: number,
  role: GroupRole | null,
  requested: boolean,
) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    members,
    role,
    requested,
  } satisfies Group;
}

/** The live groups `me` may see (open ones, theirs, those they asked to join), by name. */
export async function visibleGroups(q: Q, me: string, only?: string): Promise<Group[]> {
  const rows = (await q
    .selectFrom('groups as g')
    .leftJoin('group_members as mine', (j) =>
      j.onRef('mine.group_id', '=', 'g.id').on('mine.handle', '=', me),
    )
    .leftJoin('group_requests as asked', (j) =>
      j.onRef('asked.group_id', '=', 'g.id').on('asked.handle', '=', me),
    )
    .selectAll('g')
    .select((eb) => [
      'mine.role as role',
      sql<number>`CASE WHEN asked.handle IS NULL THEN 0 ELSE 1 END`.as('requested'),
      eb
        .selectFrom('group_members as all_members')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('all_members.group_id', '=', 'g.id')
        .as('members'),
    ])
    .where('g.deleted_at', 'is', null)
    .where(sql<boolean>`(g.kind = 'open' OR mine.handle IS NOT NULL OR asked.handle IS NOT NULL)`)
    .$if(only !== undefined, (qb) => qb.where('g.id', '=', only!))
    .orderBy('g.name')
    .orderBy('g.id')
    .execute()) as GroupListRow[];
  return rows.map((r) => toGroup(r, Number(r.members), r.role ?? null, Number(r.requested) === 1));
}

/** The members of group `groupId` (owners, then moderators, then members; by handle). */
export async function membersOf(q: Q, groupId: string): Promise<Member[]> {
  const rows = await q
    .selectFrom('group_members as m')
    .innerJoin('users as u', 'u.handle', 'm.handle')
    .select(['m.handle', 'u.name', 'm.role', 'm.created_at'])
    .where('m.group_id', '=', groupId)
    .orderBy(sql`CASE m.role WHEN 'owner' THEN 0 WHEN 'moderator' THEN 1 ELSE 2 END`)
    .orderBy('m.handle')
    .execute();
  return rows.map((r) => ({ handle: r.handle, name: r.name, role: r.role, since: r.created_at }));
}

/** The pending requests to join group `groupId`, oldest first. */
export async function requestsOf(q: Q, groupId: string): Promise<JoinRequest[]> {
  const rows = await q
    .selectFrom('group_requests as r')
    .innerJoin('users as u', 'u.handle', 'r.handle')
    .select(['r.handle', 'u.name', 'r.created_at'])
    .where('r.group_id', '=', groupId)
    .orderBy('r.created_at')
    .orderBy('r.handle')
    .execute();
  return rows.map((r) => ({ handle: r.handle, name: r.name, createdAt: r.created_at }));
}

/**
 * Change-log entries, for one person alone, of everything group `groupId` shares: its live
 * items, the comments on them and the likes on both. Logged when the person joins or leaves, so
 * their change feed sends each again: its value when they may see it now, else a tombstone.
 */
export async function membershipChanges(q: Q, groupId: string): Promise<PersonalEntry[]> {
  const items = await q
    .selectFrom('item_groups as ig')
    .innerJoin('items as i', 'i.id', 'ig.item_id')
    .select(['i.id', 'i.type'])
    .where('ig.group_id', '=', groupId)
    .orderBy('i.id')
    .execute();
  return withDependents(q, items);
}

/** Entries for `items` (bookmarks, snippets, statuses), the comments on them and their likes. */
export async function withDependents(
  q: Q,
  items: ReadonlyArray<{ id: string; type: PersonalEntry['kind'] }>,
): Promise<PersonalEntry[]> {
  const entries: PersonalEntry[] = items.map((i) => ({ kind: i.type, key: i.id }));
  const ids = items.map((i) => i.id);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const comments = await q
      .selectFrom('items')
      .select('id')
      .where('target_id', 'in', chunk)
      .where('type', '=', 'comment')
      .execute();
    for (const c of comments) entries.push({ kind: 'comment', key: c.id });
    const targets = [...chunk, ...comments.map((c) => c.id)];
    for (let j = 0; j < targets.length; j += 500) {
      const likes = await q
        .selectFrom('likes')
        .select(['owner', 'target_id'])
        .where('target_id', 'in', targets.slice(j, j + 500))
        .execute();
      for (const l of likes) entries.push({ kind: 'like', key: `${l.owner}/${l.target_id}` });
    }
  }
  return entries;
}

/** What a membership change does beside the row: the person's view moves, their feed resends. */
async function membershipMoved(q: Q, groupId: string, handle: string): Promise<void> {
  await touchView(q, handle);
  await recordPersonalChanges(q, handle, await membershipChanges(q, groupId));
}

/** Adds `handle` to group `groupId` with `role` (clearing any request of theirs). */
export async function insertMember(q: Q, row: MemberRow): Promise<void> {
  await q
    .deleteFrom('group_requests')
    .where('group_id', '=', row.group_id)
    .where('handle', '=', row.handle)
    .execute();
  await q.insertInto('group_members').values(row).execute();
  await membershipMoved(q, row.group_id, row.handle);
}

/**
 * Changes a member's role. A role changes what a person sees only through moderation (hidden
 * items), so their view version moves too, and when they start or stop moderating, their
 * change feed sends the group's items again (values of hidden ones they may see now,
 * tombstones of those they no longer may).
 */
export async function updateRole(
  q: Q,
  groupId: string,
  handle: string,
  role: GroupRole,
): Promise<void> {
  const before = (await findMember(q, groupId, handle))?.role;
  await q
    .updateTable('group_members')
    .set({ role })
    .where('group_id', '=', groupId)
    .where('handle', '=', handle)
    .execute();
  await touchView(q, handle);
  const moderating = (r: GroupRole | undefined) => r === 'owner' || r === 'moderator';
  if (moderating(before) !== moderating(role)) {
    await recordPersonalChanges(q, handle, await membershipChanges(q, groupId));
  }
}

/** Removes `handle` from group `groupId`; false when they were not in it. */
export async function removeMember(q: Q, groupId: string, handle: string): Promise<boolean> {
  const result = await q
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where('handle', '=', handle)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) return false;
  await membershipMoved(q, groupId, handle);
  return true;
}

/** Records `handle`'s request to join group `groupId`. */
export async function insertRequest(
  q: Q,
  groupId: string,
  handle: string,
  at: string,
): Promise<void> {
  await q
    .insertInto('group_requests')
    .values({ group_id: groupId, handle, created_at: at })
    .execute();
}

/** Drops `handle`'s request to join group `groupId`; false when there was none. */
export async function removeRequest(q: Q, groupId: string, handle: string): Promise<boolean> {
  const result = await q
    .deleteFrom('group_requests')
    .where('group_id', '=', groupId)
    .where('handle', '=', handle)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The handles of group `groupId`'s members. */
export async function memberHandles(q: Q, groupId: string): Promise<string[]> {
  const rows = await q
    .selectFrom('group_members')
    .select('handle')
    .where('group_id', '=', groupId)
    .orderBy('handle')
    .execute();
  return rows.map((r) => r.handle);
}
