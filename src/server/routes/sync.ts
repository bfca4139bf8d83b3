/** `POST /v1/sync`: a batch of mutations, each answered as its single route would. */
import { SyncRequest, SyncResponse } from '../../core/wire.ts';
import { runSync } from '../handlers/sync.ts';
import type { RouteApp } from './index.ts';
import { AUTH_ERRORS, contextOf } from './reply.ts';

/** Registers the sync route. */
export async function syncRoutes(app: RouteApp): Promise<void> {
  app.post(
    '/v1/sync',
    {
      schema: {
        summary: 'Apply queued mutations; one result per mutation',
        tags: ['sync'],
        body: SyncRequest,
        response: { 200: SyncResponse, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      results: await runSync(contextOf(request), request.body, request.device.id, request.log),
    }),
  );
}
