/** `GET /v1/follows`, `PUT`/`DELETE /v1/follows/{handle}`: the caller's network. */

import { Deleted, Follow, Network } from '../../core/wire.ts';
import { deleteFollow, getNetwork, putFollow } from '../handlers/follows.ts';
import type { RouteApp } from './index.ts';
import { AUTH_ERRORS, contextOf, HandleParams, OBJECT_ERRORS, send } from './reply.ts';

/** Registers the follow routes. */
export async function followRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/follows',
    {
      schema: {
        summary: 'Whom the caller follows, and who follows them',
        tags: ['follows'],
        response: { 200: Network, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => send(reply, await getNetwork(contextOf(request))),
  );
  app.put(
    '/v1/follows/:handle',
    {
      schema: {
        summary: 'Follow a person (idempotent)',
        tags: ['follows'],
        params: HandleParams,
        response: { 200: Follow, 201: Follow, ...OBJECT_ERRORS },
      },
    },
    async (request, reply) =>
      send(reply, await putFollow(contextOf(request), request.params.handle)),
  );
  app.delete(
    '/v1/follows/:handle',
    {
      schema: {
        summary: 'Stop following a person (idempotent)',
        tags: ['follows'],
        params: HandleParams,
        response: { 200: Deleted, ...OBJECT_ERRORS },
      },
    },
    async (request, reply) =>
      send(reply, await deleteFollow(contextOf(request), request.params.handle)),
  );
}
