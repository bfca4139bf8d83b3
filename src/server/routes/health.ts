/** `GET /v1/health`: liveness and the server's version. */
import { Type } from 'typebox';
import { VERSION } from '../version.ts';
import type { RouteApp } from './index.ts';

const Health = Type.Object({ status: Type.Literal('ok'), version: Type.String() });

/** Registers the health route. */
export async function healthRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/health',
    {
      schema: {
        summary: 'Liveness and version',
        tags: ['meta'],
        security: [],
        response: { 200: Health },
      },
    },
    async () => ({ status: 'ok' as const, version: VERSION }),
  );
}
