/**
 * The language switch (`GET /language/{en|sv}?next=`): a plain link on every page, no script.
 * It keeps the choice in a cookie for a year and returns to `next` (a path on this server).
 * Without the cookie, `Accept-Language` decides. A GET, since it changes only how pages read.
 */
import { Type } from 'typebox';
import type { RouteApp } from '../server/routes/index.ts';
import type { WebKit } from './kit.ts';
import { LANGUAGE_COOKIE, LANGUAGES } from './words.ts';

const LanguageParam = Type.Object({
  lang: Type.Union(LANGUAGES.map((l) => Type.Literal(l))),
});
const NextQuery = Type.Object(
  { next: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

/**
 * Where the switch returns to: `next` when it is a path on this server; the sign-in form keeps
 * its own `next` (itself checked), which a plain return path may not name.
 */
function backTo(kit: WebKit, next: string | undefined): string {
  const signin = next !== undefined && /^\/signin(\?|$)/.test(next);
  if (!signin) return kit.returnPath(next);
  const inner = new URLSearchParams(next.slice('/signin'.length)).get('next');
  return `/signin?${new URLSearchParams({ next: kit.returnPath(inner) })}`;
}

/** Registers the language switch. */
export function languageRoutes(app: RouteApp, kit: WebKit): void {
  app.get(
    '/language/:lang',
    { schema: { hide: true, params: LanguageParam, querystring: NextQuery } },
    async (request, reply) => {
      reply.setCookie(LANGUAGE_COOKIE, request.params.lang, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: kit.secure,
        maxAge: 365 * 24 * 60 * 60,
      });
      return reply.redirect(backTo(kit, request.query.next), 303);
    },
  );
}
