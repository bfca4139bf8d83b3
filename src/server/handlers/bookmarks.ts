/** Bookmarks: `{ url, title?, description?, tags?, visibility? }`, one live one per page. */
import { uniqueTags } from '../../core/tags.ts';
import type { BookmarkInput } from '../../core/wire.ts';
import type { HandlerContext, Outcome } from './context.ts';
import { audienceGroups, deleteItemById, getItem, putItem } from './items.ts';
import { urlColumns } from './url-fields.ts';

/** Tags trimmed, empty ones dropped, duplicates regardless of case removed (`uniqueTags`), as JSON. */
export function tagsJson(tags: readonly string[] | undefined): string {
  return JSON.stringify(uniqueTags(tags ?? []));
}

/** `PUT /v1/bookmarks/{id}`. */
export async function putBookmark(
  ctx: HandlerContext,
  id: string,
  input: BookmarkInput,
): Promise<Outcome> {
  return putItem(ctx, {
    type: 'bookmark',
    id,
    fields: {
      ...(await urlColumns(input.url, 'body/url')),
      title: input.title ?? '',
      description: input.description ?? '',
      tags: tagsJson(input.tags),
      visibility: input.visibility ?? 'public',
    },
    groups: audienceGroups(input),
    mentionCandidates: [],
  });
}

/** `GET /v1/bookmarks/{id}`. */
export function getBookmark(ctx: HandlerContext, id: string): Promise<Outcome> {
  return getItem(ctx, 'bookmark', id);
}

/** `DELETE /v1/bookmarks/{id}`. */
export function deleteBookmark(ctx: HandlerContext, id: string): Promise<Outcome> {
  return deleteItemById(ctx, 'bookmark', id);
}
