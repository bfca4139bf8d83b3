/**
 * Bearer-token authentication. Routes that need a person are registered inside the scope this
 * plugin's hook guards (see `routes/index.ts`), so no route is skipped by matching its URL. The
 * token is looked up on every request, so a revocation takes effect on the next one; the same
 * statement reads the change log's counter, which the page answer cache checks its answers by.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserRow } from '../db/schema.ts';
import { HttpError } from '../errors.ts';
import { authenticate } from '../repos/users.ts';
import { bearerToken } from '../tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller (set in authenticated scopes only). */
    user: UserRow;
    /**
     * The change log's counter, read with the caller's token at the start of the request
     * (authenticated scopes only): anything computed after it is at least this fresh.
     */
    changes: number;
  }
}

/** Adds the authentication hook to `scope` (an encapsulated plugin context). */
export function requireAuth(scope: FastifyInstance): void {
  scope.decorateRequest('user', undefined as unknown as UserRow);
  scope.decorateRequest('changes', 0);
  scope.addHook('onRequest', async (request: FastifyRequest) => {
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new HttpError(401, 'unauthorized', 'a bearer token is required');
    const found = await authenticate(scope.db, token);
    if (!found) throw new HttpError(401, 'unauthorized', 'the token is unknown or revoked');
    request.user = found.user;
    request.changes = found.changes;
  });
}
