/** `PUT /v1/flags/{itemId}` and `GET /v1/flags`: moderation flags (`handlers/flags.ts`). */
import { Type } from 'typebox';
import { Flag, FlagInput, FlagsList, Id } from '../../core/wire.ts';
import { listFlags, putFlag } from '../handlers/flags.ts';
import type { RouteApp } from './index.ts';
import { AUTH_ERRORS, contextOf, OBJECT_ERRORS, send } from './reply.ts';

const ItemParams = Type.Object({ itemId: Id });

/** Registers the flag routes. */
export async function flagRoutes(app: RouteApp): Promise<void> {
  app.put(
    '/v1/flags/:itemId',
    {
      schema: {
        summary: 'Flag an item you may see for its moderators (idempotent; the reason updates)',
        tags: ['moderation'],
        params: ItemParams,
        body: FlagInput,
        response: { 200: Flag, 201: Flag, ...OBJECT_ERRORS },
      },
    },
    async (request, reply) =>
      send(reply, await putFlag(contextOf(request), request.params.itemId, request.body.reason)),
  );
  app.get(
    '/v1/flags',
    {
      schema: {
        summary:
          "Flags on what the caller moderates (their groups' items; public items for admins)",
        tags: ['moderation'],
        response: { 200: FlagsList, ...AUTH_ERRORS },
      },
    },
    async (request, reply) => send(reply, await listFlags(contextOf(request))),
  );
}
