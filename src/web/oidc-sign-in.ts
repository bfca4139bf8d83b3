/**
 * Organisation sign-in on the web (issue 16): the extension's OpenID Connect flow (issue 14,
 * `routes/auth.ts`) with this server's own web pages in the extension's place.
 *
 * `GET /signin/oidc?next=` keeps a fresh PKCE verifier and the return path in a short-lived
 * HTTP-only cookie of this browser's and sends it to `/auth/start` with the verifier's S256
 * challenge and `WEB_SIGN_IN_RETURN` as the redirect address. The provider comes back to
 * `/auth/callback`, which finds or creates the person and sends the browser on to
 * `WEB_SIGN_IN_RETURN?code=…` (or `?error=…`). There the code is redeemed with the cookie's
 * verifier: a code is bound to the browser that started its flow, so a code (or a whole
 * callback address) sent to someone else signs nobody in, and is spent by its first use. The
 * session opened is not tied to a token; deactivating the person ends it. The return path is
 * checked (`safeReturnPath`: same-origin paths only) when it is kept and again when it is used.
 */
import { createHash } from 'node:crypto';
import type { FastifyContextConfig, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { notFound } from '../server/errors.ts';
import { FLOW_TTL_MS, redeemCode } from '../server/repos/sign-in.ts';
import { findUser } from '../server/repos/users.ts';
import { newSecret } from '../server/repos/web-sessions.ts';
import { WEB_SIGN_IN_RETURN } from '../server/routes/auth.ts';
import type { RouteApp } from '../server/routes/index.ts';
import type { Words } from './words.ts';

/** The browser's half of a flow: `<verifier>.<base64url of the return path>`. */
const FLOW_COOKIE = 'outloud_oidc';
const FLOW_VALUE = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{0,2800})$/;

/** What the web routes lend this file. */
export type OidcWebDeps = {
  /** Cookies get `Secure` (the public URL is https). */
  secure: boolean;
  safeReturnPath(next: unknown): string;
  /** Opens a session for `handle` and sets its cookie. */
  startSession(reply: FastifyReply, handle: string, tokenId: null): Promise<void>;
  /** Answers the sign-in page with `status` and `error` shown. */
  signInForm(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    next: string,
    error: string,
  ): FastifyReply;
};

const StartQuery = Type.Object(
  { next: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
const ReturnQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 200 })),
    error: Type.Optional(Type.String({ maxLength: 200 })),
    error_description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** The words for an `error` the flow came back with (its own description is not shown). */
function failure(w: Words, error: string): string {
  switch (error) {
    case 'access_denied':
      return w.t('failureSignInDenied');
    case 'domain_not_allowed':
      return w.t('failureDomainNotAllowed');
    case 'deactivated':
      return w.t('failureDeactivated');
    default:
      return w.t('failureSignInFailed', error === 'invalid_request' ? error : 'server_error');
  }
}

/** The verifier and return path a flow cookie holds, or undefined for none or a forged one. */
function readFlow(value: string | undefined, safe: (next: unknown) => string) {
  const match = value ? FLOW_VALUE.exec(value) : null;
  if (!match) return undefined;
  return { verifier: match[1]!, next: safe(Buffer.from(match[2]!, 'base64url').toString('utf8')) };
}

/** Registers `/signin/oidc` and `WEB_SIGN_IN_RETURN` in the web scope (404 without OIDC). */
export function oidcSignInRoutes(app: RouteApp, deps: OidcWebDeps): void {
  const limit = app.authRouteLimit;
  const config: FastifyContextConfig = limit
    ? { rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs } }
    : {};
  const cookie = {
    path: '/signin',
    httpOnly: true,
    // Lax: the way back is a top-level navigation from the identity provider's site.
    sameSite: 'lax' as const,
    secure: deps.secure,
  };

  app.get(
    '/signin/oidc',
    { config, schema: { hide: true, querystring: StartQuery } },
    async (request, reply) => {
      const oidc = app.auth.oidc;
      if (!oidc) throw notFound('organisation sign-in is not configured');
      const next = deps.safeReturnPath(request.query.next);
      if (request.webSession) return reply.redirect(next, 303);
      const verifier = newSecret();
      reply.setCookie(FLOW_COOKIE, `${verifier}.${Buffer.from(next).toString('base64url')}`, {
        ...cookie,
        maxAge: Math.floor(FLOW_TTL_MS / 1000),
      });
      const start = new URLSearchParams({
        redirect_uri: `${oidc.publicUrl}${WEB_SIGN_IN_RETURN}`,
        code_challenge: createHash('sha256').update(verifier, 'ascii').digest('base64url'),
        code_challenge_method: 'S256',
      });
      return reply.redirect(`/auth/start?${start}`, 303);
    },
  );

  app.get(
    WEB_SIGN_IN_RETURN,
    { config, schema: { hide: true, querystring: ReturnQuery } },
    async (request, reply) => {
      if (!app.auth.oidc) throw notFound('organisation sign-in is not configured');
      const w = request.words;
      const flow = readFlow(request.cookies[FLOW_COOKIE], deps.safeReturnPath);
      reply.clearCookie(FLOW_COOKIE, cookie);
      const next = flow?.next ?? '/';
      const { code, error } = request.query;
      if (error !== undefined) return deps.signInForm(request, reply, 400, next, failure(w, error));
      // No flow of this browser's: the code was not meant for it; it is left unspent.
      const handle = flow && code ? await redeemCode(app.db, code, flow.verifier) : undefined;
      const user = handle ? await findUser(app.db.kysely, handle) : undefined;
      if (!user || user.deactivated_at !== null) {
        return deps.signInForm(request, reply, 400, next, w.t('failureInvalidGrant'));
      }
      await deps.startSession(reply, user.handle, null);
      return reply.redirect(next, 303);
    },
  );
}
