/**
 * The event a delivery sends, built when it is sent from the item as it is then, and only if
 * the hook's audience may still see it (an item deleted or made private since is skipped, not
 * sent). It holds what that audience may see and nothing else: the item's shared fields, never
 * its mentions, group ids other than the hook's own group, or anything private.
 */
import type { Kysely } from 'kysely';
import type { Database, DeliveryRow, ItemRow, WebhookRow } from '../db/schema.ts';
import { findItem, itemGroups } from '../repos/items.ts';
import { isVisible, seenThroughGroups } from '../repos/visibility.ts';

type Q = Kysely<Database>;

/** An item as a hook's audience sees it. */
export type ItemView = {
  id: string;
  type: ItemRow['type'];
  url: string | null;
  title: string;
  description: string;
  tags: string[];
  quote: string | null;
  comment: string;
  text: string;
  question: boolean;
  visibility: 'public' | 'group';
  createdAt: string;
  /** The item's web page, when the server knows its public address. */
  permalink: string | null;
};

/** The generic JSON body (and what the chat formats are drawn from). */
export type EventBody = {
  id: string;
  type: string;
  createdAt: string;
  hook: { id: string; scope: WebhookRow['scope'] };
  actor: { handle: string; name: string } | null;
  item: ItemView | null;
  /** A comment's item. */
  on: ItemView | null;
  group: { id: string; name: string } | null;
  test: boolean;
};

function view(row: ItemRow, publicUrl: string): ItemView {
  let quote: string | null = null;
  if (row.quote) quote = (JSON.parse(row.quote) as { exact: string }).exact;
  return {
    id: row.id,
    type: row.type,
    url: row.url,
    title: row.title,
    description: row.description,
    tags: JSON.parse(row.tags) as string[],
    quote,
    comment: row.comment,
    text: row.text,
    question: row.question === 1,
    visibility: row.visibility === 'public' ? 'public' : 'group',
    createdAt: row.created_at,
    permalink: publicUrl ? `${publicUrl}/items/${row.id}` : null,
  };
}

/**
 * True when `hook`'s audience may be told of `row` (on `target`) as `event`: the rules of
 * `events.ts`, checked again at delivery time against the item's current state.
 */
export async function hookMaySee(
  q: Q,
  hook: WebhookRow,
  event: string,
  row: ItemRow,
  target: ItemRow | undefined,
): Promise<boolean> {
  const root = target ?? row;
  if (row.deleted_at !== null || root.deleted_at !== null) return false;
  if (row.target_id !== null && !target) return false;
  if (row.visibility === 'private' || root.visibility === 'private') return false;
  // A moderator hid it (issue 15): no channel hears of it, whoever reads that channel.
  if (row.hidden_at !== null || root.hidden_at !== null) return false;
  if (hook.scope === 'org') return root.visibility === 'public';
  if (hook.scope === 'group') {
    if (root.visibility !== 'group' || !hook.group_id) return false;
    return (await itemGroups(q, root.id)).includes(hook.group_id);
  }
  if (event === 'mention' || event === 'comment') {
    const via = await seenThroughGroups(q, hook.owner, [root.id]);
    return isVisible(row, target, hook.owner, via);
  }
  return root.visibility === 'public';
}

/** The body of `delivery` for `hook`, or undefined when its item may no longer be told. */
export async function eventBody(
  q: Q,
  hook: WebhookRow,
  delivery: DeliveryRow,
  publicUrl: string,
): Promise<EventBody | undefined> {
  const row = delivery.item_id ? await findItem(q, delivery.item_id) : undefined;
  // The item's owner under their current handle (a rename since the event is followed).
  const actorHandle = row?.owner ?? delivery.actor;
  const actorRow = actorHandle
    ? await q
        .selectFrom('users')
        .select(['handle', 'name'])
        .where('handle', '=', actorHandle)
        .executeTakeFirst()
    : undefined;
  const group =
    hook.scope === 'group' && hook.group_id
      ? ((await q
          .selectFrom('groups')
          .select(['id', 'name'])
          .where('id', '=', hook.group_id)
          .executeTakeFirst()) ?? null)
      : null;
  const base = {
    id: delivery.event_id,
    type: delivery.event,
    createdAt: delivery.created_at,
    hook: { id: hook.id, scope: hook.scope },
    actor: actorRow ?? null,
    group,
  };
  if (delivery.event === 'test') return { ...base, item: null, on: null, test: true };
  if (!row) return undefined;
  const target = row.target_id ? await findItem(q, row.target_id) : undefined;
  if (!(await hookMaySee(q, hook, delivery.event, row, target))) return undefined;
  return {
    ...base,
    item: view(row, publicUrl),
    on: target ? view(target, publicUrl) : null,
    test: false,
  };
}
