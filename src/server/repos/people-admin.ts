/**
 * People administration (issue 14): the people list with last activity, roles, deactivation
 * and handle changes. Every action runs in one transaction with its `audit_log` row
 * (`audit.ts`), so the log holds exactly what happened.
 *
 * Choices (README "People administration"):
 * - The last active admin can be neither demoted nor deactivated (409 `last_admin`), by anyone,
 *   themself included: the organisation always keeps someone who can administer it. Admin rows
 *   are locked first (PostgreSQL), so two admins demoting each other at once cannot both win.
 * - Deactivating revokes every device (token) in the same transaction and refuses sign-in (the
 *   token lookup ignores deactivated people). Their items stay, shown with their name and
 *   `former: true`. Follows in both directions and their notifications stay as they were, so
 *   reactivation gives back the same account; nobody is notified of anything. Reactivation
 *   clears the mark only: old tokens stay revoked (a new sign-in or `tokens create` is needed).
 * - A handle change moves every reference in one transaction (the users row is a primary key
 *   the schema refers to), records `handle_aliases(old → new)` (older aliases re-pointed), and
 *   writes the change log so mirrors learn it: the old person, likes and follows keyed by the
 *   old handle as tombstones, and the person, their items, items mentioning them, their likes
 *   and follows again under the new handle. The audit log keeps the handles it was written
 *   with (it is history).
 */

import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { type ChangeEntry, recordChanges, recordPersonalChanges } from '../db/changes.ts';
import { touchDiscussions } from '../db/discussion-versions.ts';
import type { Db } from '../db/open.ts';
import { touchPages, touchView } from '../db/page-versions.ts';
import type { Database, ItemRow, Role, UserRow } from '../db/schema.ts';
import { HttpError, notFound } from '../errors.ts';
import { audit } from './audit.ts';
import { withDependents } from './groups.ts';
import { findItems, ITEM_COLUMNS, itemChange } from './items.ts';
import { groupsOfItems } from './visibility.ts';

type Q = Kysely<Database>;

/** A person as the admin list shows them. */
export type AdminPersonRow = UserRow & {
  last_active_at: string | null;
  devices: number;
};

/** Which people to list. */
export type PeopleStatus = 'active' | 'deactivated' | 'all';

/**
 * Up to `limit` people by handle after `after` (exclusive; '' from the start), with their last
 * activity (the latest of their devices' last use and their items' last write) and how many
 * live devices they have.
 */
export async function listPeople(
  db: Db,
  status: PeopleStatus,
  after: string,
  limit: number,
): Promise<{ people: AdminPersonRow[]; hasMore: boolean }> {
  let query = db.kysely
    .selectFrom('users as u')
    .selectAll('u')
    .select((eb) => [
      eb
        .selectFrom('tokens')
        .select((t) => t.fn.max('last_used_at').as('m'))
        .whereRef('tokens.handle', '=', 'u.handle')
        .as('token_used'),
      eb
        .selectFrom('items')
        .select((t) => t.fn.max('updated_at').as('m'))
        .whereRef('items.owner', '=', 'u.handle')
        .as('item_written'),
      eb
        .selectFrom('tokens')
        .select((t) => t.fn.countAll().as('n'))
        .whereRef('tokens.handle', '=', 'u.handle')
        .where('tokens.revoked_at', 'is', null)
        .as('devices'),
    ])
    .orderBy(db.dialect === 'postgres' ? sql`u.handle COLLATE "C"` : sql`u.handle`)
    .limit(limit + 1);
  if (status === 'active') query = query.where('u.deactivated_at', 'is', null);
  if (status === 'deactivated') query = query.where('u.deactivated_at', 'is not', null);
  // Byte order on both databases, so the keyset and the order agree whatever the locale.
  query = query.where(
    db.dialect === 'postgres'
      ? sql<boolean>`u.handle COLLATE "C" > ${after}`
      : sql<boolean>`u.handle > ${after}`,
  );
  const rows = await query.execute();
  const people = rows.slice(0, limit).map((r) => {
    const { token_used, item_written, devices, ...user } = r;
    const times = [token_used, item_written].filter((x): x is string => typeof x === 'string');
    return {
      ...(user as UserRow),
      last_active_at: times.length ? times.sort().at(-1)! : null,
      devices: Number(devices ?? 0),
    };
  });
  return { people, hasMore: rows.length > limit };
}

/** Locks the active admins' rows (PostgreSQL) and returns their handles. */
async function lockAdmins(db: Db, q: Q): Promise<string[]> {
  const rows = await q
    .selectFrom('users')
    .select('handle')
    .where('role', '=', 'admin')
    .where('deactivated_at', 'is', null)
    .$if(db.dialect === 'postgres', (qb) => qb.forUpdate())
    .execute();
  return rows.map((r) => r.handle);
}

/** The person `handle`, locked for update (PostgreSQL), or a 404. */
async function lockPerson(db: Db, q: Q, handle: string): Promise<UserRow> {
  const row = await q
    .selectFrom('users')
    .selectAll()
    .where('handle', '=', handle)
    .$if(db.dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!row) throw notFound(`no person with the handle ${handle}`);
  return row;
}

/** Refuses to leave the organisation without an active admin. */
function keepAnAdmin(admins: readonly string[], leaving: UserRow): void {
  if (leaving.role === 'admin' && leaving.deactivated_at === null && admins.length <= 1) {
    throw new HttpError(
      409,
      'conflict',
      `${leaving.handle} is the last admin; promote someone else first`,
      { reason: 'last_admin' },
    );
  }
}

/** Sets `handle`'s role; the updated row. Unchanged roles write nothing. */
export async function setRole(db: Db, actor: string, handle: string, role: Role): Promise<UserRow> {
  return db.kysely.transaction().execute(async (trx) => {
    const admins = await lockAdmins(db, trx);
    const person = await lockPerson(db, trx, handle);
    if (person.role === role) return person;
    if (role !== 'admin') keepAnAdmin(admins, person);
    await trx.updateTable('users').set({ role }).where('handle', '=', handle).execute();
    await audit(trx, {
      actor,
      action: role === 'admin' ? 'person.promote' : 'person.demote',
      target: handle,
      detail: { from: person.role, to: role },
    });
    // Admins moderate public items: what they see of hidden ones changes with the role.
    await touchView(trx, handle);
    await recordPersonalChanges(trx, handle, await hiddenPublicChanges(trx));
    return { ...person, role };
  });
}

/**
 * Change entries for the public items whose reader set an admin role changes: live public
 * items a moderator hid or with a hidden comment, with their comments and likes.
 */
async function hiddenPublicChanges(q: Kysely<Database>) {
  const items = await q
    .selectFrom('items as i')
    .select(['i.id', 'i.type'])
    .where('i.target_id', 'is', null)
    .where('i.deleted_at', 'is', null)
    .where('i.visibility', '=', 'public')
    .where((eb) =>
      eb.or([
        eb('i.hidden_at', 'is not', null),
        eb.exists(
          eb
            .selectFrom('items as c')
            .select('c.id')
            .whereRef('c.target_id', '=', 'i.id')
            .where('c.hidden_at', 'is not', null),
        ),
      ]),
    )
    .orderBy('i.id')
    .execute();
  return withDependents(q, items);
}

/**
 * Deactivates `handle`: every live device revoked and the mark set, in one transaction; the
 * change log tells mirrors the person is now `former`. Already deactivated: nothing changes.
 */
export async function deactivate(db: Db, actor: string, handle: string): Promise<UserRow> {
  return db.kysely.transaction().execute(async (trx) => {
    const admins = await lockAdmins(db, trx);
    const person = await lockPerson(db, trx, handle);
    if (person.deactivated_at !== null) return person;
    keepAnAdmin(admins, person);
    const now = new Date().toISOString();
    await trx
      .updateTable('users')
      .set({ deactivated_at: now })
      .where('handle', '=', handle)
      .execute();
    const revoked = await trx
      .updateTable('tokens')
      .set({ revoked_at: now })
      .where('handle', '=', handle)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    await audit(
      trx,
      {
        actor,
        action: 'person.deactivate',
        target: handle,
        detail: { devicesRevoked: Number(revoked.numUpdatedRows) },
      },
      now,
    );
    await touchPagesOf(trx, handle);
    await recordChanges(trx, [{ kind: 'person', key: handle, owner: handle, public: true }]);
    return { ...person, deactivated_at: now };
  });
}

/** Reactivates `handle` (their old devices stay revoked). Already active: nothing changes. */
export async function reactivate(db: Db, actor: string, handle: string): Promise<UserRow> {
  return db.kysely.transaction().execute(async (trx) => {
    const person = await lockPerson(db, trx, handle);
    if (person.deactivated_at === null) return person;
    await trx
      .updateTable('users')
      .set({ deactivated_at: null })
      .where('handle', '=', handle)
      .execute();
    await audit(trx, {
      actor,
      action: 'person.reactivate',
      target: handle,
      detail: { deactivatedAt: person.deactivated_at },
    });
    await touchPagesOf(trx, handle);
    await recordChanges(trx, [{ kind: 'person', key: handle, owner: handle, public: true }]);
    return { ...person, deactivated_at: null };
  });
}

/**
 * Moves the version of every page and discussion that shows `handle` (their items, what they
 * commented on and liked), so cached page answers and permalinks change with their handle or
 * their `former` mark.
 */
export async function touchPagesOf(trx: Q, handle: string): Promise<void> {
  const pages = await sql<{ url_key: string | null }>`
    SELECT url_key FROM items WHERE owner = ${handle}
    UNION SELECT t.url_key FROM items c JOIN items t ON t.id = c.target_id WHERE c.owner = ${handle}
    UNION SELECT coalesce(i.url_key, t.url_key) FROM likes l JOIN items i ON i.id = l.target_id
      LEFT JOIN items t ON t.id = i.target_id WHERE l.owner = ${handle}`.execute(trx);
  await touchPages(
    trx,
    pages.rows.map((r) => r.url_key),
  );
  // Their items and comments (a comment's discussion is its item's), and what they liked.
  const discussions = await sql<{ id: string | null }>`
    SELECT coalesce(target_id, id) AS id FROM items WHERE owner = ${handle}
    UNION SELECT coalesce(i.target_id, i.id) FROM likes l JOIN items i ON i.id = l.target_id
      WHERE l.owner = ${handle}`.execute(trx);
  await touchDiscussions(
    trx,
    discussions.rows.map((r) => r.id),
  );
}

/** The current handle of `handle`: itself for a person, the new one for a former handle. */
export async function resolveHandle(q: Q, handle: string): Promise<string | undefined> {
  const user = await q
    .selectFrom('users')
    .select('handle')
    .where('handle', '=', handle)
    .executeTakeFirst();
  if (user) return user.handle;
  const alias = await q
    .selectFrom('handle_aliases')
    .select('handle')
    .where('old_handle', '=', handle)
    .executeTakeFirst();
  return alias?.handle;
}

/**
 * Renames `from` to `to` in one transaction (see the module comment); the renamed row. 409
 * when `to` is another person's handle or former handle; 404 when `from` is nobody.
 */
export async function rename(db: Db, actor: string, from: string, to: string): Promise<UserRow> {
  return db.kysely.transaction().execute(async (trx) => {
    const person = await lockPerson(db, trx, from);
    if (from === to) return person;
    const taken = await trx
      .selectFrom('users')
      .select('handle')
      .where('handle', '=', to)
      .executeTakeFirst();
    if (taken) throw new HttpError(409, 'conflict', `the handle ${to} is taken`);
    const alias = await trx
      .selectFrom('handle_aliases')
      .select('handle')
      .where('old_handle', '=', to)
      .executeTakeFirst();
    if (alias && alias.handle !== from) {
      throw new HttpError(
        409,
        'conflict',
        `the handle ${to} was ${alias.handle}'s; old mentions name them`,
      );
    }
    if (alias) await trx.deleteFrom('handle_aliases').where('old_handle', '=', to).execute();

    // The changes rows that name the old handle in their key, re-sent below as tombstones.
    const oldKeyed = await trx
      .selectFrom('changes')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('kind', '=', 'person'), eb('key', '=', from)]),
          eb.and([eb('kind', '=', 'like'), eb('owner', '=', from)]),
          eb.and([
            eb('kind', '=', 'follow'),
            eb.or([
              eb('key', 'like', `${escapeLike(from)}/%`),
              eb('key', 'like', `%/${escapeLike(from)}`),
            ]),
          ]),
        ]),
      )
      .execute();

    await trx
      .insertInto('users')
      .values({
        handle: to,
        name: person.name,
        created_at: person.created_at,
        email: person.email,
        role: person.role,
        deactivated_at: person.deactivated_at,
      })
      .execute();
    const move = async (table: keyof Database, column: string) => {
      await sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${to} WHERE ${sql.ref(column)} = ${from}`.execute(
        trx,
      );
    };
    await move('tokens', 'handle');
    await move('identities', 'handle');
    await move('follows', 'follower');
    await move('follows', 'followee');
    await move('items', 'owner');
    await move('likes', 'owner');
    await move('mentions', 'handle');
    await move('notification_reads', 'handle');
    await move('view_versions', 'handle');
    await move('handle_aliases', 'handle');
    await move('changes', 'owner');
    await move('changes', 'target_owner');
    await move('personal_changes', 'handle');
    await move('groups', 'created_by');
    await move('group_members', 'handle');
    await move('group_requests', 'handle');
    await move('web_sessions', 'handle');
    await move('webhooks', 'owner');
    await move('feed_tokens', 'handle');
    await trx.insertInto('handle_aliases').values({ old_handle: from, handle: to }).execute();
    await trx.deleteFrom('users').where('handle', '=', from).execute();

    if (db.dialect === 'sqlite') {
      // SQLite's private search index files a public comment on a private item under the item
      // owner's handle: re-file the comments on the renamed person's items (the update trigger
      // re-indexes a row on any update). Their own items were re-filed by the owner update.
      await sql`UPDATE items SET owner = owner
        WHERE target_id IN (SELECT id FROM items WHERE owner = ${to})`.execute(trx);
    }

    await touchPagesOf(trx, to);
    await touchView(trx, to);

    await audit(trx, { actor, action: 'person.rename', target: to, detail: { from, to } });
    await recordChanges(trx, await renameChanges(trx, oldKeyed, from, to));
    return { ...person, handle: to };
  });
}

/** `text` with LIKE's wildcards escaped for a default-escape-free LIKE (`_` and `%` literal). */
function escapeLike(text: string): string {
  // Handles hold a-z 0-9 _ . -; `_` is LIKE's one-character wildcard, which at worst matches
  // more keys here, and every key matched is only re-sent (a tombstone or a value), never lost.
  return text.replace(/%/g, '');
}

/** Change entries telling mirrors about a rename to `to`. */
async function renameChanges(
  q: Q,
  oldKeyed: readonly {
    kind: string;
    key: string;
    owner: string;
    target_owner: string | null;
    public: number;
  }[],
  from: string,
  to: string,
): Promise<ChangeEntry[]> {
  const entries: ChangeEntry[] = [{ kind: 'person', key: from, owner: to, public: true }];
  // Old keys first: their objects are gone, so readers get tombstones.
  for (const r of oldKeyed) {
    if (r.kind === 'person') continue;
    const rename = (h: string | null) => (h !== null && h === from ? to : h);
    entries.push({
      kind: r.kind as ChangeEntry['kind'],
      key: r.key,
      owner: rename(r.owner) ?? to,
      targetOwner: rename(r.target_owner),
      public: r.public === 1,
    });
  }
  entries.push({ kind: 'person', key: to, owner: to, public: true });
  const follows = await q
    .selectFrom('follows')
    .selectAll()
    .where((eb) => eb.or([eb('follower', '=', to), eb('followee', '=', to)]))
    .execute();
  for (const f of follows) {
    entries.push({
      kind: 'follow',
      key: `${f.follower}/${f.followee}`,
      owner: f.follower,
      public: true,
    });
  }
  // Their items and items mentioning them (their wire values name the handle).
  const items: ItemRow[] = await q
    .selectFrom('items')
    .select(ITEM_COLUMNS)
    .where((eb) =>
      eb.or([
        eb('owner', '=', to),
        eb('id', 'in', eb.selectFrom('mentions').select('item_id').where('handle', '=', to)),
      ]),
    )
    .execute();
  const targets = await findItems(q, [
    ...new Set(items.flatMap((i) => (i.target_id ? [i.target_id] : []))),
  ]);
  const audiences = await groupsOfItems(q, [
    ...new Set([...items.map((i) => i.id), ...targets.keys()]),
  ]);
  for (const item of items) {
    entries.push(
      itemChange(item, item.target_id ? targets.get(item.target_id) : undefined, audiences),
    );
  }
  const likes = await q
    .selectFrom('likes')
    .innerJoin('items', 'items.id', 'likes.target_id')
    .select(ITEM_COLUMNS.map((c) => `items.${c}` as const))
    .select(['likes.owner as liker'])
    .where('likes.owner', '=', to)
    .execute();
  const likeTargets = await findItems(q, [
    ...new Set(likes.flatMap((l) => (l.target_id ? [l.target_id] : []))),
  ]);
  const likeAudiences = await groupsOfItems(q, [
    ...new Set([...likes.map((l) => l.id), ...likeTargets.keys()]),
  ]);
  for (const like of likes) {
    const { liker, ...item } = like;
    const row = item as ItemRow;
    const change = itemChange(
      row,
      row.target_id ? likeTargets.get(row.target_id) : undefined,
      likeAudiences,
    );
    // A like reaches whoever may read the item it is on.
    entries.push({
      kind: 'like',
      key: `${liker}/${row.id}`,
      owner: liker,
      targetOwner: row.owner,
      public: change.public,
      groups: change.groups,
    });
  }
  return entries;
}
