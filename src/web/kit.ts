/**
 * What the web face's route files share, handed to each by `routes.tsx` (which owns the scope,
 * its cookies, sessions and error pages): rendering, the sign-in and CSRF checks, the server's
 * public address. A page file registers its routes as `somePages(app, kit)`, so adding one is a
 * line in `routes.tsx`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { AuthFailures } from '../server/auth-failures.ts';
import type { WebSession } from '../server/repos/web-sessions.ts';
import type { PageContext } from './views.tsx';

export type WebKit = {
  /** The page context of a request: words, who is signed in, CSRF token, display names. */
  context(request: FastifyRequest, names?: Map<string, string>): PageContext;
  /** Sends `page` as an HTML document with `status`. */
  html(reply: FastifyReply, status: number, page: VNode): FastifyReply;
  /** Sends a message page (`<key>Title` and `<key>` from the words) with `status`. */
  message(request: FastifyRequest, reply: FastifyReply, status: number, key: string): FastifyReply;
  /** The 404 page, which reveals nothing. */
  notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply;
  /** The signed-in session, or undefined with a redirect to sign in and back already sent. */
  signedIn(request: FastifyRequest, reply: FastifyReply): WebSession | undefined;
  /**
   * The session of a form post from this origin with its valid CSRF token, or undefined with
   * the answer (sign in, or 403) already sent. `back` is where sign-in returns to.
   */
  formSession(
    request: FastifyRequest,
    reply: FastifyReply,
    csrf: string | undefined,
    back: string,
  ): WebSession | undefined;
  /** The request's session cookie value (to find the device it was opened with). */
  sessionCookie(request: FastifyRequest): string | undefined;
  /** Clears the session cookie on `reply` (the session itself already ended). */
  clearSessionCookie(reply: FastifyReply): void;
  /** The server's address people reach it at, without a trailing slash. */
  base(request: FastifyRequest): string;
  /** `next` when it is a path on this server (not sign-in or sign-out), else `/`. */
  returnPath(next: unknown): string;
  /** True when cookies must be `Secure` (the public address is https). */
  secure: boolean;
  /** The failed-authentication limit the API uses, if on. */
  failures: AuthFailures | undefined;
};
