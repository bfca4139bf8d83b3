/**
 * Comments on a bookmark, snippet or status the caller can see; `@handle`s are mentions. A
 * comment is visible exactly to those who can see its item.
 */
import { parseMentions } from '../../core/mentions.ts';
import type { CommentInput } from '../../core/wire.ts';
import type { HandlerContext, Outcome } from './context.ts';
import { deleteItemById, getItem, putItem } from './items.ts';

/** `PUT /v1/comments/{id}`. */
export function putComment(ctx: HandlerContext, id: string, input: CommentInput): Promise<Outcome> {
  return putItem(ctx, {
    type: 'comment',
    id,
    fields: { text: input.text, target_id: input.targetId, visibility: 'public' },
    mentionCandidates: parseMentions(input.text).map((m) => m.handle),
  });
}

/** `GET /v1/comments/{id}`. */
export function getComment(ctx: HandlerContext, id: string): Promise<Outcome> {
  return getItem(ctx, 'comment', id);
}

/** `DELETE /v1/comments/{id}`. */
export function deleteComment(ctx: HandlerContext, id: string): Promise<Outcome> {
  return deleteItemById(ctx, 'comment', id);
}
