/** `GET /v1/me`: the caller. */
import type { FastifyInstance } from 'fastify';
import { ErrorBody, Person } from '../../core/wire.ts';
import { toPerson } from '../repos/users.ts';

/** Registers `/v1/me`. */
export async function meRoutes(app: FastifyInstance): Promise<void> {
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
