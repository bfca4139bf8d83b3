/** Snippets: a quote from a page with an optional comment; `@handle`s in it are mentions. */
import { parseMentions } from '../../core/mentions.ts';
import type { SnippetInput } from '../../core/wire.ts';
import { quoteJson } from '../repos/items.ts';
import type { HandlerContext, Outcome } from './context.ts';
import { audienceGroups, deleteItemById, getItem, putItem } from './items.ts';
import { urlColumns } from './url-fields.ts';

/** `PUT /v1/snippets/{id}`. */
export async function putSnippet(
  ctx: HandlerContext,
  id: string,
  input: SnippetInput,
): Promise<Outcome> {
  const comment = input.comment ?? '';
  return putItem(ctx, {
    type: 'snippet',
    id,
    fields: {
      ...(await urlColumns(input.url, 'body/url')),
      title: input.title ?? '',
      quote: quoteJson(input.quote),
      comment,
      visibility: input.visibility ?? 'public',
    },
    groups: audienceGroups(input),
    mentionCandidates: parseMentions(comment).map((m) => m.handle),
  });
}

/** `GET /v1/snippets/{id}`. */
export function getSnippet(ctx: HandlerContext, id: string): Promise<Outcome> {
  return getItem(ctx, 'snippet', id);
}

/** `DELETE /v1/snippets/{id}`. */
export function deleteSnippet(ctx: HandlerContext, id: string): Promise<Outcome> {
  return deleteItemById(ctx, 'snippet', id);
}
