/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * The web face: server-rendered pages in the API's process (`/`, `/items/{id}`,
 * `/pages/{urlKey}`, `/groups/{id}` (`groups.tsx`), `/@{handle}` (a former handle: 302 to the current one), `/signin`),
 * registered in their own Fastify scope so their cookie parsing, form bodies, security headers
 * and HTML error pages touch no API route.
 *
 * Sign-in is the token form (an API token, as the extension uses): it opens a server-side
 * session (`repos/web-sessions.ts`) named by an HTTP-only, SameSite=Lax cookie, `Secure` (and
 * `__Host-` prefixed) when the public URL is https. With OpenID Connect configured the page also
 * offers the organisation's sign-in (`oidc-sign-in.ts`), which opens its session the same way. Every POST must come from this origin (`Origin` /
 * `Sec-Fetch-Site`) and carry its session's CSRF token (the sign-in form: a double-submit token
 * in a short-lived cookie of its own, as there is no session yet).
 */
import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { Type } from 'typebox';
import { isUuid, uuidv7 } from '../core/ids.ts';
import { LIMITS } from '../core/limits.ts';
import type { Item } from '../core/wire.ts';
import { CommentInput } from '../core/wire.ts';
import type { AuthFailures } from '../server/auth-failures.ts';
import { addressKey } from '../server/client-address.ts';
import { HttpError } from '../server/errors.ts';
import { putComment } from '../server/handlers/comments.ts';
import { validate } from '../server/handlers/context.ts';
import { deleteFollow, putFollow } from '../server/handlers/follows.ts';
import { deleteLike, putLike } from '../server/handlers/likes.ts';
import { feedPage } from '../server/repos/feed.ts';
import { findFollow } from '../server/repos/follows.ts';
import { decodePosition } from '../server/repos/keyset.ts';
import { pageSummary } from '../server/repos/pages.ts';
import { resolveHandle } from '../server/repos/people-admin.ts';
import { searchPage } from '../server/repos/search.ts';
import { findUser } from '../server/repos/users.ts';
import {
  commentCounts,
  discussionOf,
  namesOf,
  newestItems,
  newestQuestions,
} from '../server/repos/web-reads.ts';
import {
  endSession,
  findSession,
  newSecret,
  openSession,
  SESSION_MAX_AGE_MS,
  tokenSignIn,
  type WebSession,
} from '../server/repos/web-sessions.ts';
import type { RouteApp } from '../server/routes/index.ts';
import { discoverRoutes } from './discover.tsx';
import { feedRoutes } from './feeds.ts';
import { groupRoutes, myGroupTabs } from './groups.tsx';
import type { WebKit } from './kit.ts';
import { languageRoutes } from './language.ts';
import { oidcSignInRoutes } from './oidc-sign-in.ts';
import { type CommentForm, permalink, renderPermalink } from './permalink.tsx';
import { settingsRoutes } from './settings.tsx';
import { STYLESHEET } from './style.ts';
import {
  itemPath,
  MessagePage,
  type PageContext,
  PageEngagementPage,
  PersonPage,
  personPath,
  SearchPage,
  SignInPage,
  StreamPage,
} from './views.tsx';
import { LANGUAGE_COOKIE, requestLanguage, type Words, wordsFor } from './words.ts';

export type WebOptions = {
  /** `OUTLOUD_PUBLIC_URL`: the address people reach the server at (https: Secure cookies). */
  publicUrl?: string;
  /** The failed-authentication limit the API uses, shared by the token form. */
  failures?: AuthFailures;
};

declare module 'fastify' {
  interface FastifyRequest {
    /** The web session the request's cookie names, if live (web routes only). */
    webSession: WebSession | null;
    /** The words of the request's language (web routes only). */
    words: Words;
  }
}

/** Every web answer's security headers. No script at all; styles only from this server. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

const SIGNIN_COOKIE = 'outloud_signin';
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** A return path that stays on this server: a relative path, else `/`. */
export function safeReturnPath(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return '/';
  const unsafe = (c: string) => c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;
  if (!next.startsWith('/') || next.startsWith('//') || [...next].some(unsafe)) return '/';
  try {
    const base = 'http://outloud.invalid';
    const url = new URL(next, base);
    if (url.origin !== base || url.pathname === '/signin' || url.pathname === '/signout') {
      return '/';
    }
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}

function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const CsrfOnly = Type.Object(
  { csrf: Type.Optional(Type.String({ maxLength: 100 })) },
  { additionalProperties: false },
);
const SignInBody = Type.Object(
  {
    csrf: Type.Optional(Type.String({ maxLength: 100 })),
    token: Type.Optional(Type.String({ maxLength: 200 })),
    next: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
const ToggleBody = (name: string) =>
  Type.Object(
    {
      csrf: Type.Optional(Type.String({ maxLength: 100 })),
      [name]: Type.Union([Type.Literal('0'), Type.Literal('1')]),
    },
    { additionalProperties: false },
  );
const CommentBody = Type.Object(
  {
    csrf: Type.Optional(Type.String({ maxLength: 100 })),
    text: Type.String({ maxLength: LIMITS.comment * 2 }),
  },
  { additionalProperties: false },
);
const IdParam = Type.Object({ id: Type.String({ maxLength: 100 }) });
const HandleParam = Type.Object({ handle: Type.String({ maxLength: 100 }) });
const CursorOnly = Type.Object(
  { cursor: Type.Optional(Type.String({ maxLength: 400 })) },
  { additionalProperties: false },
);
const StreamQuery = Type.Object(
  {
    view: Type.Optional(Type.Union([Type.Literal('network'), Type.Literal('everyone')])),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
  },
  { additionalProperties: false },
);
const SignInQuery = Type.Object(
  { next: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 500 })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
  },
  { additionalProperties: false },
);

const STREAM_LIMIT = 30;

type NonComment = Exclude<Item, { type: 'comment' }>;

/** The web pages as a route plugin for `app.register`. */
export function webRoutes(options: WebOptions = {}) {
  const secure = options.publicUrl?.startsWith('https:') ?? false;
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : undefined;
  const SESSION_COOKIE = secure ? '__Host-outloud_session' : 'outloud_session';
  const failures = options.failures;

  return async (app: RouteApp): Promise<void> => {
    await app.register(cookie);
    await app.register(formbody, { bodyLimit: 64 * 1024 });
    app.decorateRequest('webSession', null);
    app.decorateRequest('words', undefined as unknown as Words);

    app.addHook('onRequest', async (request) => {
      const lang = requestLanguage(
        request.cookies[LANGUAGE_COOKIE],
        request.headers['accept-language'],
      );
      request.words = wordsFor(lang);
      const id = request.cookies[SESSION_COOKIE];
      request.webSession = id && SECRET.test(id) ? ((await findSession(app.db, id)) ?? null) : null;
    });
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.headers(SECURITY_HEADERS);
      // Pages are never stored; a feed sets its own (`feeds.ts`: revalidated by its ETag).
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      reply.header('vary', 'Accept-Language, Cookie');
      return payload;
    });

    const context = (request: FastifyRequest, names = new Map<string, string>()): PageContext => {
      const session = request.webSession;
      return {
        w: request.words,
        me: session ? { handle: session.user.handle, name: session.user.name } : null,
        csrf: session?.csrf ?? '',
        names,
        path: request.method === 'GET' ? request.url : '/',
      };
    };
    const html = (reply: FastifyReply, status: number, page: VNode) =>
      reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(`<!doctype html>${render(page)}`);
    const message = (request: FastifyRequest, reply: FastifyReply, status: number, key: string) => {
      const w = request.words;
      // The language switch of a message page leads to the stream: a 404 echoes no address.
      const ctx = { ...context(request), path: '/' };
      return html(
        reply,
        status,
        <MessagePage ctx={ctx} title={w.t(`${key}Title`)} message={w.t(key)} />,
      );
    };
    const notFoundPage = (request: FastifyRequest, reply: FastifyReply) =>
      message(request, reply, 404, 'webNotFound');

    app.setErrorHandler((error, request, reply) => {
      if (!request.words) request.words = wordsFor('en');
      const status =
        error instanceof HttpError
          ? error.status
          : typeof (error as { statusCode?: unknown }).statusCode === 'number'
            ? (error as { statusCode: number }).statusCode
            : 500;
      if (status === 404) return notFoundPage(request, reply);
      if (status === 429) return message(request, reply, 429, 'webTooMany');
      if (status === 413) return message(request, reply, 413, 'webTooLarge');
      if (status >= 400 && status < 500) return message(request, reply, 400, 'webBadRequest');
      request.log.error({ err: error }, 'web request failed');
      return message(request, reply, 500, 'webFailed');
    });

    /** The signed-in session, or a redirect to the sign-in form and back (GET). */
    const signedIn = (request: FastifyRequest, reply: FastifyReply): WebSession | undefined => {
      if (request.webSession) return request.webSession;
      const next = safeReturnPath(request.url);
      reply.redirect(`/signin?${new URLSearchParams({ next })}`, 303);
      return undefined;
    };

    /**
     * True when a POST comes from a page of this server. `Sec-Fetch-Site`, when sent, must say
     * same-origin; `Origin` must be this server's, except that pages under
     * `Referrer-Policy: no-referrer` make browsers send `Origin: null` on their own form posts,
     * which is accepted only with `Sec-Fetch-Site: same-origin`. The CSRF token is checked too.
     */
    const sameOrigin = (request: FastifyRequest): boolean => {
      const site = request.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
      const origin = request.headers.origin;
      if (origin === undefined) return true;
      if (origin === 'null') return site === 'same-origin';
      const own = publicOrigin ?? `${request.protocol}://${request.host}`;
      return origin === own;
    };

    /** The session of a form post with a valid CSRF token, else an answer already sent. */
    const formSession = (
      request: FastifyRequest,
      reply: FastifyReply,
      csrf: string | undefined,
      back: string,
    ): WebSession | undefined => {
      const session = request.webSession;
      if (!session) {
        reply.redirect(`/signin?${new URLSearchParams({ next: safeReturnPath(back) })}`, 303);
        return undefined;
      }
      if (!sameOrigin(request) || !sameSecret(csrf, session.csrf)) {
        message(request, reply, 403, 'webForbidden');
        return undefined;
      }
      return session;
    };

    app.get('/web/style.css', { schema: { hide: true } }, (_request, reply) =>
      reply.type('text/css; charset=utf-8').send(STYLESHEET),
    );

    const signInForm = (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      next: string,
      error?: string,
      /** Whose error it is: the token form's, or the organisation sign-in's (shown by its link). */
      of: 'token' | 'org' = 'token',
    ) => {
      const existing = request.cookies[SIGNIN_COOKIE];
      const csrf = existing && SECRET.test(existing) ? existing : newSecret();
      reply.setCookie(SIGNIN_COOKIE, csrf, {
        path: '/signin',
        httpOnly: true,
        sameSite: 'strict',
        secure,
        maxAge: 3600,
      });
      const ctx = { ...context(request), me: null, csrf };
      const org = app.auth.oidc ? app.auth.organisation : undefined;
      const errors = of === 'org' ? { orgError: error } : { error };
      return html(reply, status, <SignInPage ctx={ctx} next={next} org={org} {...errors} />);
    };

    app.get(
      '/signin',
      { schema: { hide: true, querystring: SignInQuery } },
      async (request, reply) => {
        const next = safeReturnPath(request.query.next);
        if (request.webSession) return reply.redirect(next, 303);
        return signInForm(request, reply, 200, next);
      },
    );

    app.post('/signin', { schema: { hide: true, body: SignInBody } }, async (request, reply) => {
      const next = safeReturnPath(request.body.next);
      if (!sameOrigin(request) || !sameSecret(request.body.csrf, request.cookies[SIGNIN_COOKIE])) {
        return message(request, reply, 403, 'webForbidden');
      }
      const address = addressKey(request.ip);
      if ((failures?.blockedFor(address) ?? 0) > 0) {
        return message(request, reply, 429, 'webTooMany');
      }
      const token = (request.body.token ?? '').trim();
      const found = token ? await tokenSignIn(app.db, token) : undefined;
      if (!found) {
        failures?.fail(address);
        return signInForm(request, reply, 401, next, request.words.t('webTokenWrong'));
      }
      await startSession(reply, found.handle, found.tokenId);
      reply.clearCookie(SIGNIN_COOKIE, { path: '/signin' });
      return reply.redirect(next, 303);
    });

    /** Opens a session for `handle` and sets its cookie (the token form, organisation sign-in). */
    const startSession = async (reply: FastifyReply, handle: string, tokenId: string | null) => {
      const session = await openSession(app.db, handle, tokenId);
      reply.setCookie(SESSION_COOKIE, session.id, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: Math.floor(SESSION_MAX_AGE_MS / 1000),
      });
    };

    const kit: WebKit = {
      context,
      html,
      message,
      notFound: notFoundPage,
      signedIn,
      formSession,
      sessionCookie: (request) => request.cookies[SESSION_COOKIE],
      clearSessionCookie: (reply) =>
        reply.clearCookie(SESSION_COOKIE, { path: '/', secure, httpOnly: true, sameSite: 'lax' }),
      base: (request) =>
        options.publicUrl?.replace(/\/+$/, '') ??
        new URL(`${request.protocol}://${request.host}`).origin,
      returnPath: safeReturnPath,
      secure,
      failures,
    };
    feedRoutes(app, kit);
    settingsRoutes(app, kit);
    discoverRoutes(app, kit);
    groupRoutes(app, kit);
    languageRoutes(app, kit);
    oidcSignInRoutes(app, {
      secure,
      safeReturnPath,
      startSession,
      signInForm: (request, reply, status, next, error) =>
        signInForm(request, reply, status, next, error, 'org'),
    });

    app.post('/signout', { schema: { hide: true, body: CsrfOnly } }, async (request, reply) => {
      if (!formSession(request, reply, request.body.csrf, '/')) return reply;
      const id = request.cookies[SESSION_COOKIE];
      if (id) await endSession(app.db, id);
      reply.clearCookie(SESSION_COOKIE, { path: '/', secure, httpOnly: true, sameSite: 'lax' });
      return reply.redirect('/signin', 303);
    });

    app.get('/', { schema: { hide: true, querystring: StreamQuery } }, async (request, reply) => {
      const session = signedIn(request, reply);
      if (!session) return reply;
      const me = session.user.handle;
      const view = request.query.view ?? 'network';
      const position = decodePosition(request.query.cursor);
      if (position === undefined) return message(request, reply, 400, 'webBadRequest');
      const questions = (await newestQuestions(app.db, me, 5)) as NonComment[];
      const groups = await myGroupTabs(app, me);
      const handles = new Set<string>([me, ...questions.map((q) => q.owner)]);
      if (view === 'network') {
        const page = await feedPage(app.db, me, position, STREAM_LIMIT, request.query.cursor);
        for (const a of page.items) {
          handles.add(a.actor);
          handles.add(a.item.owner);
        }
        const counts = await commentCounts(
          app.db,
          me,
          questions.map((q) => q.id),
        );
        const ctx = context(request, await namesOf(app.db, handles));
        return html(
          reply,
          200,
          <StreamPage
            ctx={ctx}
            view={view}
            groups={groups}
            questions={questions}
            counts={counts}
            activities={page.items}
            next={page.hasMore ? page.cursor : undefined}
          />,
        );
      }
      const page = await newestItems(app.db, me, position, STREAM_LIMIT);
      const items = page.items as NonComment[];
      for (const i of items) handles.add(i.owner);
      const counts = await commentCounts(
        app.db,
        me,
        [...questions, ...items].map((i) => i.id),
      );
      const ctx = context(request, await namesOf(app.db, handles));
      return html(
        reply,
        200,
        <StreamPage
          ctx={ctx}
          view={view}
          groups={groups}
          questions={questions}
          counts={counts}
          items={items}
          next={page.next}
        />,
      );
    });

    /**
     * Item `id`'s permalink for the session (`permalink.tsx`: cached; with a refused comment's
     * `form`, rendered afresh with it), or the 404 page.
     */
    const itemPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      session: WebSession,
      id: string,
      status = 200,
      form?: CommentForm,
    ) => {
      if (!isUuid(id)) return notFoundPage(request, reply);
      const answer = form
        ? await renderPermalink(app.db, session, request.words, id, session.csrf, form)
        : await permalink(app.db, session, request.words, id);
      if (answer.kind === 'missing') return notFoundPage(request, reply);
      if (answer.kind === 'focus') return reply.redirect(answer.location, 303);
      return reply.code(status).type('text/html; charset=utf-8').send(answer.html);
    };

    app.get('/items/:id', { schema: { hide: true, params: IdParam } }, async (request, reply) => {
      const session = signedIn(request, reply);
      if (!session) return reply;
      return itemPage(request, reply, session, request.params.id);
    });

    app.post(
      '/items/:id/comments',
      { schema: { hide: true, params: IdParam, body: CommentBody } },
      async (request, reply) => {
        const { id } = request.params;
        const session = formSession(request, reply, request.body.csrf, itemPath(id));
        if (!session) return reply;
        const me = session.user.handle;
        const found = isUuid(id) ? await discussionOf(app.db, me, id) : undefined;
        if (!found) return notFoundPage(request, reply);
        const text = request.body.text.replace(/\r\n?/g, '\n');
        const w = request.words;
        if (text.trim() === '' || text.length > LIMITS.comment) {
          const error = w.t(text.trim() === '' ? 'webCommentEmpty' : 'webCommentTooLong');
          return itemPage(request, reply, session, id, 400, { error, draft: text });
        }
        const targetId = found.discussion.item.id;
        const commentId = uuidv7();
        try {
          const input = validate<CommentInput>(CommentInput, { targetId, text }, 'body');
          await putComment({ db: app.db, user: session.user }, commentId, input);
        } catch (error) {
          if (error instanceof HttpError && error.status === 400) {
            const problem = w.t('webCommentInvalid');
            return itemPage(request, reply, session, id, 400, { error: problem, draft: text });
          }
          throw error;
        }
        return reply.redirect(`${itemPath(targetId)}#comment-${commentId}`, 303);
      },
    );

    app.post(
      '/items/:id/like',
      { schema: { hide: true, params: IdParam, body: ToggleBody('like') } },
      async (request, reply) => {
        const { id } = request.params;
        const session = formSession(request, reply, request.body.csrf, itemPath(id));
        if (!session) return reply;
        if (!isUuid(id)) return notFoundPage(request, reply);
        const ctx = { db: app.db, user: session.user };
        if (request.body.like === '1') await putLike(ctx, id);
        else await deleteLike(ctx, id);
        return reply.redirect(itemPath(id), 303);
      },
    );

    app.get(
      '/pages/:urlKey',
      { schema: { hide: true, params: Type.Object({ urlKey: Type.String({ maxLength: 100 }) }) } },
      async (request, reply) => {
        const session = signedIn(request, reply);
        if (!session) return reply;
        const { urlKey } = request.params;
        const me = session.user.handle;
        const summary = /^[0-9a-f]{64}$/.test(urlKey)
          ? await pageSummary(app.db, me, urlKey)
          : undefined;
        if (!summary) return notFoundPage(request, reply);
        const items = [...summary.bookmarks, ...summary.snippets, ...summary.statuses];
        const counts = await commentCounts(
          app.db,
          me,
          items.map((i) => i.id),
        );
        const handles = new Set([me, ...summary.people.map((p) => p.handle)]);
        for (const i of items) handles.add(i.owner);
        const ctx = context(request, await namesOf(app.db, handles));
        return html(reply, 200, <PageEngagementPage ctx={ctx} summary={summary} counts={counts} />);
      },
    );

    app.get(
      '/search',
      { schema: { hide: true, querystring: SearchQuery } },
      async (request, reply) => {
        const session = signedIn(request, reply);
        if (!session) return reply;
        const me = session.user.handle;
        const q = (request.query.q ?? '').trim();
        // A malformed cursor is the API's 400, shown as the bad-request page.
        const page = q
          ? await searchPage(app.db, me, q, undefined, request.query.cursor, STREAM_LIMIT)
          : { items: [], cursor: '', hasMore: false };
        const ids = page.items.filter((i) => i.type !== 'comment').map((i) => i.id);
        const counts = await commentCounts(app.db, me, ids);
        const ctx = context(
          request,
          await namesOf(app.db, [me, ...page.items.map((i) => i.owner)]),
        );
        return html(
          reply,
          200,
          <SearchPage
            ctx={ctx}
            q={q}
            items={page.items}
            counts={counts}
            next={page.hasMore ? page.cursor : undefined}
          />,
        );
      },
    );

    app.get(
      '/@:handle',
      { schema: { hide: true, params: HandleParam, querystring: CursorOnly } },
      async (request, reply) => {
        const session = signedIn(request, reply);
        if (!session) return reply;
        const me = session.user.handle;
        // A former handle (an admin renamed the person) leads to the current one. A 302, not a
        // 301: a rename can be undone (the alias is then dropped), and a browser that kept a
        // permanent /@old → /@new would then loop between the two.
        const current = await resolveHandle(app.db.kysely, request.params.handle);
        if (current !== undefined && current !== request.params.handle) {
          const query = request.url.indexOf('?');
          const search = query === -1 ? '' : request.url.slice(query);
          return reply.redirect(personPath(current) + search, 302);
        }
        const person = await findUser(app.db.kysely, request.params.handle);
        if (!person) return notFoundPage(request, reply);
        const position = decodePosition(request.query.cursor);
        if (position === undefined) return message(request, reply, 400, 'webBadRequest');
        const page = await newestItems(app.db, me, position, STREAM_LIMIT, person.handle);
        const items = page.items as NonComment[];
        const counts = await commentCounts(
          app.db,
          me,
          items.map((i) => i.id),
        );
        const following = (await findFollow(app.db.kysely, me, person.handle)) !== undefined;
        const ctx = context(request, await namesOf(app.db, [me, person.handle]));
        return html(
          reply,
          200,
          <PersonPage
            ctx={ctx}
            person={{ handle: person.handle, name: person.name }}
            following={following}
            items={items}
            counts={counts}
            next={page.next}
          />,
        );
      },
    );

    app.post(
      '/@:handle/follow',
      { schema: { hide: true, params: HandleParam, body: ToggleBody('follow') } },
      async (request, reply) => {
        const back = personPath(request.params.handle);
        const session = formSession(request, reply, request.body.csrf, back);
        if (!session) return reply;
        const ctx = { db: app.db, user: session.user };
        if (request.body.follow === '1') await putFollow(ctx, request.params.handle);
        else await deleteFollow(ctx, request.params.handle);
        return reply.redirect(back, 303);
      },
    );
  };
}
