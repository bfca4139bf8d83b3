/**
 * Bearer-token authentication. Routes that need a person are registered inside the scope this
 * plugin's hook guards (see `routes/index.ts`), so no route is skipped by matching its URL. The
 * token is looked up on every request, so a revocation takes effect on the next one.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserRow } from '../db/schema.ts';
import { HttpError } from '../errors.ts';
import { userForToken } from '../repos/users.ts';
import { bearerToken } from '../tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller (set in authenticated scopes only). */
    user: UserRow;
  }
}

/** Adds the authentication hook to `scope` (an encapsulated plugin context). */
export function requireAuth(scope: FastifyInstance): void {
  scope.decorateRequest('user', undefined as unknown as UserRow);
  scope.addHook('onRequest', async (request: FastifyRequest) => {
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new HttpError(401, 'unauthorized', 'a bearer token is required');
    const user = await userForToken(scope.db, token);
    if (!user) throw new HttpError(401, 'unauthorized', 'the token is unknown or revoked');
    request.user = user;
  });
}
