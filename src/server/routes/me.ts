/** `GET /v1/me`: the caller. */

import { ErrorBody, Person } from '../../core/wire.ts';
import { toPerson } from '../repos/users.ts';
import type { RouteApp } from './index.ts';

/** Registers `/v1/me`. */
export async function meRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/me',
    {
      schema: {
        summary: 'The caller',
        tags: ['people'],
        response: { 200: Person, 401: ErrorBody },
      },
    },
    async (request) => toPerson(request.user),
  );
}
