/**
 * `GET /feeds/…?token=`: Atom feeds for feed readers, which cannot send headers, so they carry a
 * feed token (`repos/feed-tokens.ts`) in the address. A feed token is read-only and works here
 * alone: the API's bearer lookup and the web sign-in read another table and never accept one,
 * and these routes accept nothing else (no API token, no session cookie). A feed lists what the
 * token's person may see, by the API's visibility rules:
 *
 * - `/feeds/network`: what they and the people they follow shared and commented (likes aside);
 * - `/feeds/people/{handle}`: a person's items;
 * - `/feeds/tags/{tag}`: items tagged so;
 * - `/feeds/groups/{id}`: what a group shares (a closed group's for its members only; 404 for
 *   anyone else, the same answer as for no such group);
 * - `/feeds/pages/{urlKey}`: what was shared from one page.
 *
 * Refusals: no token or a malformed, unknown or revoked one 401 (counted against the address by
 * the API's failed-authentication limit, 429 once over it), an oversized one 400. `lang=en|sv`
 * picks the feed's words (else the language cookie or `Accept-Language`).
 *
 * Feed readers poll: every feed has a strong `ETag` (the document's hash) and answers a matching
 * `If-None-Match` with 304 and no body (`fresh`), `Cache-Control: private, no-cache`.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fresh from 'fresh';
import { type Static, Type } from 'typebox';
import { isUuid } from '../core/ids.ts';
import { LIMITS } from '../core/limits.ts';
import type { Item } from '../core/wire.ts';
import { addressKey } from '../server/client-address.ts';
import { HttpError } from '../server/errors.ts';
import { feedPage } from '../server/repos/feed.ts';
import { filteredItems, type ItemFilter, readableGroup } from '../server/repos/feed-reads.ts';
import { feedTokenUser } from '../server/repos/feed-tokens.ts';
import { findUser } from '../server/repos/users.ts';
import { namesOf } from '../server/repos/web-reads.ts';
import type { RouteApp } from '../server/routes/index.ts';
import { atomFeed, type FeedEntry } from './atom.ts';
import type { WebKit } from './kit.ts';
import { personPath } from './views.tsx';
import { type Words, wordsFor } from './words.ts';

/** Entries a feed holds (the newest). */
export const FEED_LIMIT = 50;

const FeedQuery = Type.Object(
  {
    token: Type.Optional(Type.String({ maxLength: 100 })),
    lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('sv')])),
  },
  { additionalProperties: false },
);
type FeedQuery = Static<typeof FeedQuery>;
const HandleParam = Type.Object({ handle: Type.String({ minLength: 1, maxLength: 100 }) });
const TagParam = Type.Object({ tag: Type.String({ minLength: 1, maxLength: LIMITS.tag }) });
const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const UrlKeyParam = Type.Object({ urlKey: Type.String({ minLength: 1, maxLength: 100 }) });

type Shared = Exclude<Item, { type: 'comment' }>;

/** A plain-text refusal (feed readers show the status; the body says why to a person). */
class FeedRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Registers the feed routes in their own scope (plain-text errors, no HTML pages). */
export function feedRoutes(app: RouteApp, kit: WebKit): void {
  app.register(async (scope: RouteApp) => {
    scope.setErrorHandler((error, request, reply) => {
      const status =
        error instanceof FeedRefusal || error instanceof HttpError
          ? error.status
          : typeof (error as { statusCode?: unknown }).statusCode === 'number'
            ? (error as { statusCode: number }).statusCode
            : 500;
      if (status >= 500) request.log.error({ err: error }, 'feed request failed');
      const text =
        error instanceof FeedRefusal
          ? error.message
          : status === 404
            ? 'no such feed'
            : status < 500
              ? 'bad request'
              : 'the feed could not be made';
      return reply.code(status).type('text/plain; charset=utf-8').send(`${text}\n`);
    });

    /** The feed token's person; refuses (and counts) anything else. */
    const reader = async (request: FastifyRequest, query: FeedQuery) => {
      const address = addressKey(request.ip);
      const wait = kit.failures?.blockedFor(address) ?? 0;
      if (wait > 0) throw new FeedRefusal(429, 'too many requests without a valid feed token');
      const token = query.token ?? '';
      const user = token ? await feedTokenUser(scope.db, token) : undefined;
      if (!user) {
        kit.failures?.fail(address);
        throw new FeedRefusal(401, 'this feed needs a valid feed token (see Settings)');
      }
      return user;
    };

    const send = async (
      request: FastifyRequest,
      reply: FastifyReply,
      feedQuery: FeedQuery,
      path: string,
      alternate: string,
      title: (w: Words) => string,
      entries: FeedEntry[],
    ) => {
      const base = kit.base(request);
      const query = new URLSearchParams({ token: feedQuery.token ?? '' });
      if (feedQuery.lang) query.set('lang', feedQuery.lang);
      const handles = new Set<string>();
      for (const e of entries) handles.add(e.item.owner);
      const w = feedQuery.lang ? wordsFor(feedQuery.lang) : request.words;
      const xml = atomFeed(
        {
          base,
          id: `${base}${path}`,
          self: `${base}${path}?${query}`,
          alternate: `${base}${alternate}`,
          title: title(w),
        },
        entries,
        w,
        await namesOf(scope.db, handles),
      );
      // A conditional request (`If-None-Match`) for the same feed is 304 without a body: the
      // reader polls cheaply. The validator is the hash of the exact document, so any change
      // (an entry added or gone out of sight, a renamed author, the language) is a new one.
      // No Last-Modified: a date from the entries would not move when an entry leaves the feed
      // (made private, a group left), and a reader trusting `If-Modified-Since` would keep it.
      const etag = `"${createHash('sha256').update(xml).digest('base64url')}"`;
      reply
        .header('x-robots-tag', 'noindex')
        .header('etag', etag)
        .header('cache-control', 'private, no-cache');
      if (fresh(request.headers, { etag })) return reply.code(304).send();
      return reply.type('application/atom+xml; charset=utf-8').send(xml);
    };

    const listed = async (me: string, filter: ItemFilter): Promise<FeedEntry[]> => {
      const page = await filteredItems(scope.db, me, filter, null, FEED_LIMIT);
      return page.items.map((item) => ({ item: item as Shared }));
    };

    scope.get(
      '/feeds/network',
      { schema: { hide: true, querystring: FeedQuery } },
      async (request, reply) => {
        const user = await reader(request, request.query);
        const page = await feedPage(scope.db, user.handle, null, FEED_LIMIT, undefined);
        const entries: FeedEntry[] = [];
        for (const a of page.items) {
          if (a.kind === 'like') continue;
          if (a.item.type === 'comment') {
            const target = a.target && a.target.type !== 'comment' ? a.target : undefined;
            entries.push({ item: a.item, target });
          } else entries.push({ item: a.item });
        }
        return send(
          request,
          reply,
          request.query,
          '/feeds/network',
          '/',
          (w) => w.t('feedTitleNetwork', user.name),
          entries,
        );
      },
    );

    scope.get(
      '/feeds/people/:handle',
      { schema: { hide: true, params: HandleParam, querystring: FeedQuery } },
      async (request, reply) => {
        const user = await reader(request, request.query);
        const person = await findUser(scope.db.kysely, request.params.handle);
        if (!person) throw new FeedRefusal(404, 'no such person');
        const path = `/feeds/people/${encodeURIComponent(person.handle)}`;
        const entries = await listed(user.handle, { owner: person.handle });
        const title = (w: Words) => w.t('feedTitlePerson', person.name);
        return send(request, reply, request.query, path, personPath(person.handle), title, entries);
      },
    );

    scope.get(
      '/feeds/tags/:tag',
      { schema: { hide: true, params: TagParam, querystring: FeedQuery } },
      async (request, reply) => {
        const user = await reader(request, request.query);
        const { tag } = request.params;
        const path = `/feeds/tags/${encodeURIComponent(tag)}`;
        const entries = await listed(user.handle, { tag });
        const alternate = `/tags/${encodeURIComponent(tag)}`;
        return send(
          request,
          reply,
          request.query,
          path,
          alternate,
          (w) => w.t('feedTitleTag', tag),
          entries,
        );
      },
    );

    scope.get(
      '/feeds/groups/:id',
      { schema: { hide: true, params: IdParam, querystring: FeedQuery } },
      async (request, reply) => {
        const user = await reader(request, request.query);
        const { id } = request.params;
        const group = isUuid(id) ? await readableGroup(scope.db, user.handle, id) : undefined;
        if (!group) throw new FeedRefusal(404, 'no such feed');
        const entries = await listed(user.handle, { group: group.id });
        const title = (w: Words) => w.t('feedTitleGroup', group.name);
        return send(
          request,
          reply,
          request.query,
          `/feeds/groups/${group.id}`,
          '/',
          title,
          entries,
        );
      },
    );

    scope.get(
      '/feeds/pages/:urlKey',
      { schema: { hide: true, params: UrlKeyParam, querystring: FeedQuery } },
      async (request, reply) => {
        const user = await reader(request, request.query);
        const { urlKey } = request.params;
        if (!/^[0-9a-f]{64}$/.test(urlKey)) throw new FeedRefusal(404, 'no such feed');
        const entries = await listed(user.handle, { urlKey });
        const first = entries[0]?.item;
        const named = first && first.type !== 'comment' ? first.title || (first.url ?? '') : urlKey;
        const title = (w: Words) => w.t('feedTitlePage', named);
        return send(
          request,
          reply,
          request.query,
          `/feeds/pages/${urlKey}`,
          `/pages/${urlKey}`,
          title,
          entries,
        );
      },
    );
  });
}
