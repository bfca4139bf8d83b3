/** Status updates: text with `@handle` mentions, optionally about a page, optionally a question. */
import { parseMentions } from '../../core/mentions.ts';
import type { StatusInput } from '../../core/wire.ts';
import type { HandlerContext, Outcome } from './context.ts';
import { audienceGroups, deleteItemById, getItem, putItem } from './items.ts';
import { urlColumns } from './url-fields.ts';

/** `PUT /v1/statuses/{id}`. */
export async function putStatus(
  ctx: HandlerContext,
  id: string,
  input: StatusInput,
): Promise<Outcome> {
  const page = input.url ? await urlColumns(input.url, 'body/url') : { url: null, url_key: null };
  return putItem(ctx, {
    type: 'status',
    id,
    fields: {
      ...page,
      title: input.title ?? '',
      text: input.text,
      question: input.question ? 1 : 0,
      visibility: input.visibility ?? 'public',
    },
    groups: audienceGroups(input),
    mentionCandidates: parseMentions(input.text).map((m) => m.handle),
  });
}

/** `GET /v1/statuses/{id}`. */
export function getStatus(ctx: HandlerContext, id: string): Promise<Outcome> {
  return getItem(ctx, 'status', id);
}

/** `DELETE /v1/statuses/{id}`. */
export function deleteStatus(ctx: HandlerContext, id: string): Promise<Outcome> {
  return deleteItemById(ctx, 'status', id);
}
