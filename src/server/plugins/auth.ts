/**
 * Bearer-token authentication. Routes that need a person are registered inside the scope this
 * plugin's hook guards (see `routes/index.ts`), so no route is skipped by matching its URL. The
 * token is looked up on every request, so a revocation takes effect on the next one; the same
 * statement reads the change log's counter and the caller's view version, which the page answer
 * cache checks its answers by.
 * On SQLite the lookup is synchronous and so is the hook (no promise per request).
 *
 * The client address is checked against the failed-authentication limit (`auth-failures.ts`)
 * first: an address that sent too many requests without a valid token is answered `429` with
 * `Retry-After` at once when the request has no well-formed token (no token work at all), and
 * for a wrong token after its one indexed lookup; every refusal here counts against its
 * address. A valid token is still admitted from a blocked address, so an office behind one
 * NAT address is not locked out by a few clients with revoked tokens (or by one attacker).
 */
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import type { AuthFailures } from '../auth-failures.ts';
import { addressKey } from '../client-address.ts';
import type { UserRow } from '../db/schema.ts';
import { HttpError } from '../errors.ts';
import {
  type Authenticated,
  authenticate,
  authenticateSqlite,
  type CurrentDevice,
  lastUseIsStale,
  tokenExpired,
  touchToken,
} from '../repos/users.ts';
import { bearerToken } from '../tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller (set in authenticated scopes only). */
    user: UserRow;
    /**
     * The caller's view version (`db/page-versions.ts`), read with the token: moved when they
     * follow or unfollow someone, which changes every page as they see it.
     */
    view: number;
    /** The device (token) the request came with. */
    device: CurrentDevice;
  }
}

/**
 * Lets the request through as `found`'s person, or refuses it (and counts the failure). A
 * token older than the maximum age is refused `401 token_expired` without counting a failure:
 * it is a real token (its hash matched), so it buys an attacker nothing, and the extension must
 * hear why to ask its person to sign in again rather than back off on a 429. The token's last
 * use is written when it is an hour stale, so the lookup stays a read on most requests.
 */
function admit(
  scope: FastifyInstance,
  request: FastifyRequest,
  found: Authenticated | undefined,
  done: HookHandlerDoneFunction,
  failed: () => HttpError,
): void {
  if (!found) {
    done(failed());
    return;
  }
  const now = Date.now();
  if (tokenExpired(found.device.createdAt, scope.auth.tokenMaxAgeDays, now)) {
    done(
      new HttpError(
        401,
        'token_expired',
        'the token is older than this server allows; sign in again',
      ),
    );
    return;
  }
  request.user = found.user;
  request.view = found.view;
  request.device = found.device;
  if (lastUseIsStale(found.device, now)) {
    // At most once an hour per token, so waiting for it costs nothing measurable, and no write
    // is left in flight after the answer. A failed write (a busy database) never fails the
    // request.
    const warn = (error: unknown) =>
      request.log.warn({ err: error }, 'could not record the token last use');
    try {
      const touched = touchToken(scope.db, found.device.id, now);
      if (touched) {
        touched.then(
          () => done(),
          (error: unknown) => {
            warn(error);
            done();
          },
        );
        return;
      }
    } catch (error) {
      warn(error);
    }
  }
  done();
}

/** A `429` for an address over the failed-authentication limit, waiting `ms` more. */
function tooManyFailures(reply: FastifyReply, ms: number): HttpError {
  reply.header('retry-after', String(Math.max(1, Math.ceil(ms / 1000))));
  return new HttpError(
    429,
    'rate_limited',
    'too many requests without a valid token from this address; try again later',
  );
}

/**
 * Adds the authentication hook to `scope` (an encapsulated plugin context). `failures`, when
 * given, limits requests without a valid token per client address.
 */
export function requireAuth(scope: FastifyInstance, failures?: AuthFailures): void {
  scope.decorateRequest('user', undefined as unknown as UserRow);
  scope.decorateRequest('view', 0);
  scope.decorateRequest('device', undefined as unknown as CurrentDevice);
  scope.addHook('onRequest', (request, reply, done) => {
    const address = failures ? addressKey(request.ip) : '';
    const token = bearerToken(request.headers.authorization);
    // Counts the failure; a blocked address hears 429, any other 401 with `why`.
    const refuse = (why: string): HttpError => {
      const wait = failures?.blockedFor(address) ?? 0;
      failures?.fail(address);
      return wait > 0 ? tooManyFailures(reply, wait) : new HttpError(401, 'unauthorized', why);
    };
    if (!token) return done(refuse('a bearer token is required'));
    const failed = () => refuse('the token is unknown or revoked');
    const { sqlite } = scope.db;
    // A throw here (e.g. the database is busy) reaches the error handler as a rejection would.
    if (sqlite) return admit(scope, request, authenticateSqlite(sqlite, token), done, failed);
    authenticate(scope.db, token).then((found) => admit(scope, request, found, done, failed), done);
  });
}
