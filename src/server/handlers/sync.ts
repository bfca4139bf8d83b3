/**
 * `POST /v1/sync`: a batch of queued mutations, each validated and run by the same handler its
 * single route uses, each in its own transaction, each answered as that route would answer.
 * One failing mutation does not undo or stop the others.
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

/** Runs every mutation in order and answers each; errors become that mutation's answer. */
export async function runSync(
  ctx: HandlerContext,
  mutations: readonly Mutation[],
  log: FastifyBaseLogger,
): Promise<MutationResult[]> {
  const results: MutationResult[] = [];
  for (const mutation of mutations) {
    let outcome: Outcome;
    try {
      outcome = await runMutation(ctx, mutation);
    } catch (error) {
      const { status, body } = errorResponse(error);
      if (status >= 500) log.error({ err: error }, 'sync mutation failed');
      outcome = { status, body };
    }
    results.push({ id: mutation.id, type: mutation.type, op: mutation.op, ...outcome });
  }
  return results;
}
