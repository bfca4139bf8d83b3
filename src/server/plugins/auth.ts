/**
 * Bearer-token authentication. Routes that need a person are registered inside the scope this
 * plugin's hook guards (see `routes/index.ts`), so no route is skipped by matching its URL. The
 * token is looked up on every request, so a revocation takes effect on the next one; the same
 * statement reads the change log's counter, which the page answer cache checks its answers by.
 * On SQLite the lookup is synchronous and so is the hook (no promise per request).
 */
import type { FastifyInstance, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { UserRow } from '../db/schema.ts';
import { HttpError } from '../errors.ts';
import { type Authenticated, authenticate, authenticateSqlite } from '../repos/users.ts';
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

/** Lets the request through as `found`'s person, or refuses it. */
function admit(
  request: FastifyRequest,
  found: Authenticated | undefined,
  done: HookHandlerDoneFunction,
): void {
  if (!found) {
    done(new HttpError(401, 'unauthorized', 'the token is unknown or revoked'));
    return;
  }
  request.user = found.user;
  request.changes = found.changes;
  done();
}

/** Adds the authentication hook to `scope` (an encapsulated plugin context). */
export function requireAuth(scope: FastifyInstance): void {
  scope.decorateRequest('user', undefined as unknown as UserRow);
  scope.decorateRequest('changes', 0);
  scope.addHook('onRequest', (request, _reply, done) => {
    const token = bearerToken(request.headers.authorization);
    if (!token) return done(new HttpError(401, 'unauthorized', 'a bearer token is required'));
    const { sqlite } = scope.db;
    // A throw here (e.g. the database is busy) reaches the error handler as a rejection would.
    if (sqlite) return admit(request, authenticateSqlite(sqlite, token), done);
    authenticate(scope.db, token).then((found) => admit(request, found, done), done);
  });
}
