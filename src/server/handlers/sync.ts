/**
 * `POST /v1/sync`: a batch of queued mutations, each validated and run by the same handler its
 * single route uses, each in its own transaction, each answered as that route would answer.
 * One failing mutation does not undo or stop the others.
 *
 * Order. Mutations are applied in arrival order, and a request can arrive late: the extension's
 * service worker is stopped while its push is still in the network, the next worker pushes the
 * same outbox again and all of it is applied, then the first request arrives and would write
 * the creation state and early edits over the latest ones (this lost bookmark edits in the
 * chaos e2e test). So each mutation carries its outbox `seq`, and the server keeps, per object,
 * token (device) and outbox (`SyncRequest.outbox`, since one token may be pasted into two
 * browsers, each with its own counter), the `seq` it last applied (`sync_order`, migration 014).
 * The writing handlers check it in their own transaction before writing (`order.ts`, `inOrder`):
 * - a `seq` greater than the stored one (or none stored) applies, and is stored with the write;
 * - a `seq` lower than or equal to it is not applied: the mutation is answered 200 with the
 *   object as it is now (the item; 410 for a deleted item's PUT, as the route answers; the like
 *   or follow, or `{ id, deleted: true }` when there is none), so the client's entry completes
 *   and its copy gets the server's;
 * - a mutation refused (4xx) records nothing, since the write transaction rolls back.
 * Another device's mutations (another token, or another outbox) apply whatever their `seq`:
 * across devices the last write to arrive wins, as before; client clocks are never compared.
 * The record lives apart from the object, so it outlives a delete: an old like or follow
 * arriving after its unlike or unfollow is not applied either (items are never brought back
 * anyway: a deleted id answers 410). The record is the token's own, so a `seq` sent with
 * someone else's token only touches that token's records, and the ownership and visibility
 * checks run before the order is looked at. Mutations without `seq` (old clients, the single
 * routes) apply in arrival order, as before, and record nothing.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { TSchema } from 'typebox';
import { Type } from 'typebox';
import {
  BookmarkInput,
  CommentInput,
  Handle,
  Id,
  type Mutation,
  type MutationResult,
  type MutationType,
  SnippetInput,
  StatusInput,
  type SyncRequest,
} from '../../core/wire.ts';
import { errorResponse } from '../errors.ts';
import { deleteBookmark, putBookmark } from './bookmarks.ts';
import { deleteComment, putComment } from './comments.ts';
import { type HandlerContext, type Outcome, validate } from './context.ts';
import { deleteFollow, putFollow } from './follows.ts';
import { deleteLike, putLike } from './likes.ts';
import { deleteSnippet, putSnippet } from './snippets.ts';
import { deleteStatus, putStatus } from './statuses.ts';

type Resource = {
  /** The route's path parameter: its name and schema. */
  param: { name: string; schema: TSchema };
  /** The PUT body's schema, when PUT takes one. */
  body?: TSchema;
  put(ctx: HandlerContext, id: string, data: never): Promise<Outcome>;
  delete(ctx: HandlerContext, id: string): Promise<Outcome>;
};

const id = { name: 'id', schema: Type.Object({ id: Id }) };

const RESOURCES: Record<MutationType, Resource> = {
  bookmark: { param: id, body: BookmarkInput, put: putBookmark, delete: deleteBookmark },
  snippet: { param: id, body: SnippetInput, put: putSnippet, delete: deleteSnippet },
  status: { param: id, body: StatusInput, put: putStatus, delete: deleteStatus },
  comment: { param: id, body: CommentInput, put: putComment, delete: deleteComment },
  like: {
    param: { name: 'targetId', schema: Type.Object({ targetId: Id }) },
    put: (ctx, targetId) => putLike(ctx, targetId),
    delete: deleteLike,
  },
  follow: {
    param: { name: 'handle', schema: Type.Object({ handle: Handle }) },
    put: (ctx, handle) => putFollow(ctx, handle),
    delete: deleteFollow,
  },
};

/** Runs one mutation as its single route would. */
export async function runMutation(ctx: HandlerContext, mutation: Mutation): Promise<Outcome> {
  const resource = RESOURCES[mutation.type];
  validate(resource.param.schema, { [resource.param.name]: mutation.id }, 'params');
  if (mutation.op === 'delete') return resource.delete(ctx, mutation.id);
  const data = resource.body ? validate(resource.body, mutation.data, 'body') : undefined;
  return resource.put(ctx, mutation.id, data as never);
}

/**
 * Runs every mutation of `batch` in order and answers each; errors become that mutation's
 * answer. `tokenId` is the device the request came with, which orders its `seq`s.
 */
export async function runSync(
  ctx: HandlerContext,
  batch: SyncRequest,
  tokenId: string,
  log: FastifyBaseLogger,
): Promise<MutationResult[]> {
  const results: MutationResult[] = [];
  for (const mutation of batch.mutations) {
    const { seq } = mutation;
    const order = seq === undefined ? undefined : { tokenId, outbox: batch.outbox ?? '', seq };
    let outcome: Outcome;
    try {
      outcome = await runMutation(order ? { ...ctx, order } : ctx, mutation);
    } catch (error) {
      const { status, body } = errorResponse(error);
      if (status >= 500) log.error({ err: error }, 'sync mutation failed');
      outcome = { status, body };
    }
    results.push({ id: mutation.id, type: mutation.type, op: mutation.op, ...outcome });
  }
  return results;
}
