/**
 * The change log's read side: `GET /v1/changes`. Rows the caller may read (public ones, their
 * own, those on their items) after the cursor, in sequence order, each resolved to the
 * object's current state: its value when the caller can see it now, else a tombstone.
 */
import { type Kysely, sql } from 'kysely';
import type { Change } from '../../core/wire.ts';
import type { ChangeRow, Database, FollowRow, ItemRow, LikeRow } from '../db/schema.ts';
import { followKey, toFollow } from './follows.ts';
import { findItems, mentionsOf, toWireItem } from './items.ts';
import { likeKey, toLike } from './likes.ts';
import { toPerson } from './users.ts';
import { isVisible, moderatedRoots, readableGroupsOf, seenThroughGroups } from './visibility.ts';

type Q = Kysely<Database>;

/**
 * Log rows after `after` that `me` may read, at most `limit`, in order: the shared log's rows
 * that are public, theirs, on their items or shared with a group they are in, and the rows
 * logged for them alone (`db/changes.ts`).
 */
export async function readableChanges(
  q: Q,
  me: string,
  after: number,
  limit: number,
): Promise<ChangeRow[]> {
  // Each branch is ordered and limited on its own, then the union again: the first `limit` of
  // the union are among the first `limit` of each branch, and a branch with its own LIMIT is an
  // index scan on `seq` that stops after `limit` readable rows. With the ORDER BY and LIMIT on
  // the union alone, PostgreSQL appended both branches whole and sorted them: every page read
  // every row after the cursor (a pull of n changes cost n²/limit rows, and its cost estimate
  // switched JIT compilation on).
  const shared = q
    .selectFrom('changes')
    .select(['kind', 'key', 'seq', 'owner', 'target_owner', 'public', 'admins'])
    .where('seq', '>', after)
    .where(
      sql<boolean>`(public = 1 OR owner = ${me} OR target_owner = ${me} OR EXISTS (
        SELECT 1 FROM change_groups cg JOIN group_members gm ON gm.group_id = cg.group_id
        WHERE cg.kind = changes.kind AND cg.key = changes.key AND gm.handle = ${me})
        OR (admins = 1 AND EXISTS (
          SELECT 1 FROM users au WHERE au.handle = ${me} AND au.role = 'admin')))`,
    )
    .orderBy('seq')
    .limit(limit);
  const personal = q
    .selectFrom('personal_changes')
    .select([
      'kind',
      'key',
      'seq',
      'handle as owner',
      sql<string | null>`NULL`.as('target_owner'),
      sql<number>`0`.as('public'),
      sql<number>`0`.as('admins'),
    ])
    .where('handle', '=', me)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit);
  const rows = await q
    .selectFrom(shared.as('s'))
    .selectAll()
    .unionAll(q.selectFrom(personal.as('p')).selectAll())
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

function split(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

/** The follows named by `follow` rows, by change key. */
async function followsByKey(q: Q, rows: readonly ChangeRow[]): Promise<Map<string, FollowRow>> {
  const keys = new Set(rows.filter((r) => r.kind === 'follow').map((r) => r.key));
  const followers = [...new Set([...keys].map((k) => split(k)[0]))];
  const map = new Map<string, FollowRow>();
  if (followers.length === 0) return map;
  const found = await q
    .selectFrom('follows')
    .selectAll()
    .where('follower', 'in', followers)
    .execute();
  for (const f of found) {
    const key = followKey(f.follower, f.followee);
    if (keys.has(key)) map.set(key, f);
  }
  return map;
}

/** The likes named by `like` rows, by change key. */
async function likesByKey(q: Q, rows: readonly ChangeRow[]): Promise<Map<string, LikeRow>> {
  const keys = new Set(rows.filter((r) => r.kind === 'like').map((r) => r.key));
  const targets = [...new Set([...keys].map((k) => split(k)[1]))];
  const map = new Map<string, LikeRow>();
  for (let i = 0; i < targets.length; i += 500) {
    const found = await q
      .selectFrom('likes')
      .selectAll()
      .where('target_id', 'in', targets.slice(i, i + 500))
      .execute();
    for (const l of found) {
      const key = likeKey(l.owner, l.target_id);
      if (keys.has(key)) map.set(key, l);
    }
  }
  return map;
}

/** Resolves log rows to wire changes for `me`. */
export async function resolveChanges(
  q: Q,
  me: string,
  rows: readonly ChangeRow[],
): Promise<Change[]> {
  const itemIds = new Set<string>();
  const handles = new Set<string>();
  for (const row of rows) {
    if (row.kind === 'person') handles.add(row.key);
    else if (row.kind === 'like') itemIds.add(split(row.key)[1]);
    else if (row.kind !== 'follow') itemIds.add(row.key);
  }
  const items = await findItems(q, [...itemIds]);
  const parentIds = [...items.values()].flatMap((i) => (i.target_id ? [i.target_id] : []));
  for (const [id, row] of await findItems(
    q,
    parentIds.filter((id) => !items.has(id)),
  )) {
    items.set(id, row);
  }
  const grouped = [...items.values()].filter((i) => i.visibility === 'group').map((i) => i.id);
  const via = await seenThroughGroups(q, me, grouped);
  const moderated = await moderatedRoots(q, me, [...items.values()]);
  const visible = (id: string): ItemRow | undefined => {
    const row = items.get(id);
    if (!row) return undefined;
    const parent = row.target_id ? items.get(row.target_id) : undefined;
    return isVisible(row, parent, me, via, moderated) ? row : undefined;
  };
  const visibleIds = rows.flatMap((r) => (itemIds.has(r.key) && visible(r.key) ? [r.key] : []));
  const mentions = await mentionsOf(q, visibleIds);
  const groupsOf = await readableGroupsOf(
    q,
    me,
    visibleIds.filter((id) => items.get(id)?.visibility === 'group'),
  );
  const people =
    handles.size === 0
      ? []
      : await q
          .selectFrom('users')
          .selectAll()
          .where('handle', 'in', [...handles])
          .execute();
  const personBy = new Map(people.map((p) => [p.handle, p]));
  const follows = await followsByKey(q, rows);
  const likes = await likesByKey(q, rows);

  const out: Change[] = [];
  for (const row of rows) {
    const base = { type: row.kind, key: row.key };
    const tomb = (): Change => ({ ...base, deleted: true });
    switch (row.kind) {
      case 'person': {
        const person = personBy.get(row.key);
        out.push(person ? { ...base, deleted: false, value: toPerson(person) } : tomb());
        break;
      }
      case 'follow': {
        const follow = follows.get(row.key);
        out.push(follow ? { ...base, deleted: false, value: toFollow(follow) } : tomb());
        break;
      }
      case 'like': {
        const like = likes.get(row.key);
        out.push(
          like && visible(like.target_id)
            ? { ...base, deleted: false, value: toLike(like) }
            : tomb(),
        );
        break;
      }
      default: {
        const item = visible(row.key);
        out.push(
          item && item.type === row.kind
            ? {
                ...base,
                deleted: false,
                value: toWireItem(item, mentions.get(item.id) ?? [], groupsOf.get(item.id), me),
              }
            : tomb(),
        );
      }
    }
  }
  return out;
}
