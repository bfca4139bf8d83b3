/**
 * Which hooks hear of a write, decided in the write's own transaction and queued there (one
 * `webhook_deliveries` row per event and hook), so an event is queued exactly when its write
 * commits. The rules (README "Webhooks"):
 *
 * - Nothing private ever: a private item, or a comment on one, queues nothing.
 * - Organisation hooks hear of public items (`item.shared`, `status.question`) and comments on
 *   them (`comment`).
 * - A group's hooks hear of items shared with that group and comments on them; items of other
 *   groups, and public items, never.
 * - A person's hooks hear of public items and questions by people they follow, comments on
 *   their own items and (`mention`) items that mention them, the last two also when the item is
 *   shared with a group, but only when they may see it.
 * - A hook gets at most one event per write: the most specific one it subscribes to, in the
 *   order `mention`, `comment`, `status.question`, `item.shared` (a question is also a share:
 *   a hook that subscribes to `item.shared` only still hears of it).
 *
 * "Shared" is the moment an item becomes visible beyond its owner: created public or for a
 * group, or changed from private. A status edited into a question asks then. Mentions count
 * when they are new to the item (all of them when it is shared).
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database, ItemRow, WebhookRow, WebhookScope } from '../db/schema.ts';
import { itemGroups } from '../repos/items.ts';
import { seenThroughGroups } from '../repos/visibility.ts';

type Q = Kysely<Database>;

export const EVENTS = ['item.shared', 'status.question', 'mention', 'comment'] as const;
export type WebhookEvent = (typeof EVENTS)[number];

/** The events a hook of each scope may subscribe to (`mention` is personal). */
export const SCOPE_EVENTS: Record<WebhookScope, readonly WebhookEvent[]> = {
  person: EVENTS,
  org: ['item.shared', 'status.question', 'comment'],
  group: ['item.shared', 'status.question', 'comment'],
};

/** Most specific first: the one event a hook gets for a write. */
const PRIORITY: readonly WebhookEvent[] = ['mention', 'comment', 'status.question', 'item.shared'];

/** An item write as the handler made it. */
export type ItemWrite = {
  /** The row before an update; undefined for a new item. */
  before?: ItemRow;
  after: ItemRow;
  /** A comment's item. */
  target?: ItemRow;
  mentions: readonly string[];
  beforeMentions: readonly string[];
};

/** The events a write gives, before choosing hooks. */
function eventsOf(w: ItemWrite) {
  const { before, after } = w;
  const isComment = after.type === 'comment';
  const shared = !isComment && (!before || before.visibility === 'private');
  const asked =
    after.type === 'status' && after.question === 1 && (shared || before?.question === 0);
  const mentioned = w.mentions.filter(
    (h) => h !== after.owner && (shared || !before || !w.beforeMentions.includes(h)),
  );
  return { comment: isComment && !before, shared, asked, mentioned };
}

/** A hook's events (the JSON column). */
export function hookEvents(hook: Pick<WebhookRow, 'events'>): WebhookEvent[] {
  return JSON.parse(hook.events) as WebhookEvent[];
}

/** Takes `count` queue numbers (ascending) in the caller's transaction (see the migration). */
async function nextSeqs(q: Q, count: number): Promise<number[]> {
  const row = await q
    .updateTable('counters')
    .set({ value: sql`value + ${count}` })
    .where('name', '=', 'webhooks')
    .returning('value')
    .executeTakeFirstOrThrow();
  const last = Number(row.value);
  return Array.from({ length: count }, (_, i) => last - count + 1 + i);
}

/** Live person hooks of `handles` (active people only). */
async function personHooks(q: Q, handles: readonly string[]): Promise<WebhookRow[]> {
  if (handles.length === 0) return [];
  return q
    .selectFrom('webhooks as w')
    .innerJoin('users as u', 'u.handle', 'w.owner')
    .selectAll('w')
    .where('w.scope', '=', 'person')
    .where('w.owner', 'in', [...handles])
    .where('u.deactivated_at', 'is', null)
    .execute();
}

/** Queues the events of an item write (call inside its transaction, after the write). */
export async function queueItemEvents(q: Q, w: ItemWrite, now: string): Promise<void> {
  const root = w.target ?? w.after;
  if (w.after.deleted_at !== null || root.deleted_at !== null) return;
  if (w.after.visibility === 'private' || root.visibility === 'private') return;
  if (w.after.hidden_at !== null || root.hidden_at !== null) return;
  const e = eventsOf(w);
  if (!e.comment && !e.shared && !e.asked && e.mentioned.length === 0) return;
  // Most installations have few hooks or none: one cheap look before any audience query.
  if (!(await q.selectFrom('webhooks').select('id').limit(1).executeTakeFirst())) return;
  const author = w.after.owner;
  const isPublic = root.visibility === 'public';
  /** Per hook, the events that apply to it. */
  const applies = new Map<string, { hook: WebhookRow; events: Set<WebhookEvent> }>();
  const add = (hook: WebhookRow, events: WebhookEvent[]) => {
    const entry = applies.get(hook.id) ?? { hook, events: new Set<WebhookEvent>() };
    for (const event of events) entry.events.add(event);
    applies.set(hook.id, entry);
  };
  const broadcast: WebhookEvent[] = [
    ...(e.comment ? (['comment'] as const) : []),
    ...(e.asked ? (['status.question'] as const) : []),
    ...(e.shared ? (['item.shared'] as const) : []),
  ];
  if (broadcast.length > 0) {
    if (isPublic) {
      const org = await q.selectFrom('webhooks').selectAll().where('scope', '=', 'org').execute();
      for (const hook of org) add(hook, broadcast);
    } else {
      const groups = await itemGroups(q, root.id);
      if (groups.length > 0) {
        const hooks = await q
          .selectFrom('webhooks as w')
          .innerJoin('groups as g', 'g.id', 'w.group_id')
          .selectAll('w')
          .where('w.scope', '=', 'group')
          .where('w.group_id', 'in', groups)
          .where('g.deleted_at', 'is', null)
          .execute();
        for (const hook of hooks) add(hook, broadcast);
      }
    }
  }
  // A person's hooks: their network's public shares and questions…
  const network = broadcast.filter((b) => b !== 'comment');
  if (isPublic && network.length > 0) {
    const followers = await q
      .selectFrom('follows')
      .select('follower')
      .where('followee', '=', author)
      .where('follower', '!=', author)
      .execute();
    for (const hook of await personHooks(
      q,
      followers.map((f) => f.follower),
    )) {
      add(hook, network);
    }
  }
  // …comments on their items…
  if (e.comment && root.owner !== author) {
    for (const hook of await personHooks(q, [root.owner])) add(hook, ['comment']);
  }
  // …and mentions of them, when they may see the item.
  const mentioned: string[] = [];
  for (const handle of e.mentioned) {
    if (isPublic || handle === root.owner) mentioned.push(handle);
    else if ((await seenThroughGroups(q, handle, [root.id])).has(root.id)) mentioned.push(handle);
  }
  for (const hook of await personHooks(q, mentioned)) add(hook, ['mention']);

  const rows: Array<{ hook: WebhookRow; event: WebhookEvent }> = [];
  for (const { hook, events } of applies.values()) {
    const subscribed = new Set(hookEvents(hook));
    const event = PRIORITY.find((p) => events.has(p) && subscribed.has(p));
    if (event) rows.push({ hook, event });
  }
  if (rows.length === 0) return;
  const ids = new Map<WebhookEvent, string>();
  const seqs = await nextSeqs(q, rows.length);
  await q
    .insertInto('webhook_deliveries')
    .values(
      rows.map(({ hook, event }, i) => {
        const eventId = ids.get(event) ?? randomUUID();
        ids.set(event, eventId);
        return {
          id: randomUUID(),
          event_id: eventId,
          hook_id: hook.id,
          seq: seqs[i] as number,
          event,
          item_id: w.after.id,
          actor: author,
          status: 'pending' as const,
          next_attempt_at: now,
          created_at: now,
        };
      }),
    )
    .execute();
}

/** Queues a test event for `hook` (`POST /v1/webhooks/{id}/test`); returns its event id. */
export async function queueTestEvent(q: Q, hook: WebhookRow, actor: string, now: string) {
  return q.transaction().execute(async (trx) => {
    const [seq] = await nextSeqs(trx, 1);
    const eventId = randomUUID();
    await trx
      .insertInto('webhook_deliveries')
      .values({
        id: randomUUID(),
        event_id: eventId,
        hook_id: hook.id,
        seq: seq as number,
        event: 'test',
        item_id: null,
        actor,
        status: 'pending',
        next_attempt_at: now,
        created_at: now,
      })
      .execute();
    return eventId;
  });
}
