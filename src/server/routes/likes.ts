/** `PUT`/`DELETE /v1/likes/{targetId}`: like and unlike an item the caller can see. */
import { Deleted, Like } from '../../core/wire.ts';
import { deleteLike, putLike } from '../handlers/likes.ts';
import type { RouteApp } from './index.ts';
import { contextOf, OBJECT_ERRORS, send, TargetParams } from './reply.ts';

/** Registers the like routes. */
export async function likeRoutes(app: RouteApp): Promise<void> {
  app.put(
    '/v1/likes/:targetId',
    {
      schema: {
        summary: 'Like an item (idempotent)',
        tags: ['likes'],
        params: TargetParams,
        response: { 200: Like, 201: Like, ...OBJECT_ERRORS },
      },
    },
    async (request, reply) =>
      send(reply, await putLike(contextOf(request), request.params.targetId)),
  );
  app.delete(
    '/v1/likes/:targetId',
    {
      schema: {
        summary: 'Unlike an item (idempotent)',
        tags: ['likes'],
        params: TargetParams,
        response: { 200: Deleted, ...OBJECT_ERRORS },
      },
    },
    async (request, reply) =>
      send(reply, await deleteLike(contextOf(request), request.params.targetId)),
  );
}
