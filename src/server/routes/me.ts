/** `GET /v1/me`: the caller. */

import { Type } from 'typebox';
import { ErrorBody, Person } from '../../core/wire.ts';
import { Role } from '../../core/wire-admin.ts';
import { toPerson } from '../repos/users.ts';
import type { RouteApp } from './index.ts';

/** The caller: their person and their role. */
const Me = Type.Object({ ...Person.properties, role: Role });

/** Registers `/v1/me`. */
export async function meRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/me',
    {
      schema: {
        summary: 'The caller',
        tags: ['people'],
        response: { 200: Me, 401: ErrorBody },
      },
    },
    async (request) => ({ ...toPerson(request.user), role: request.user.role }),
  );
}
