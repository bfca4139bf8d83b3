/**
 * `GET /v1/pages/{urlKey}` and `GET /v1/pages?prefix=`: engagement with pages as the caller may
 * see it. The prefix form is the k-anonymous lookup: the client sends 0–16 hex characters of a
 * urlKey (as many as `GET /v1/org` says) and matches the answer locally, so the server never learns which page is open.
 */
import { type TSchema, Type } from 'typebox';
import { ErrorBody, PageSummary, UrlKey } from '../../core/wire.ts';
import { PagePrefixQuery, PageSummariesPage } from '../../core/wire-read.ts';
import { invalid, notFound } from '../errors.ts';
import {
  bucketAnswer,
  bucketVersion,
  cachedPageAnswer,
  pageAnswer,
  pageVersion,
  pageVersionSqlite,
  stampOf,
} from '../repos/page-cache.ts';
import { pagesByPrefix } from '../repos/pages.ts';
import type { RouteApp } from './index.ts';

const KEY_CURSOR = /^[0-9a-f]{64}$/;

/**
 * A 200 answer as these routes send it: JSON bytes the route serialised once with the schema's
 * own serializer (`reply.serializeInput`) and keeps in its cache. The JSON schema (validation of
 * tests, OpenAPI) is the summary's; the type says what the handler hands to `send`, which Fastify
 * passes through without serialising it again.
 */
const asBytes = <T extends TSchema>(schema: T) => Type.Unsafe<Buffer>(schema);

/** Sends a page answer (JSON bytes), or 404 when nothing of the page is visible. */
function sendPage(
  reply: { type(contentType: string): { send(payload: Buffer): unknown } },
  answer: Buffer | null,
): void {
  if (answer === null) throw notFound('no engagement with this page');
  reply.type('application/json; charset=utf-8').send(answer);
}

/** Registers the page routes. */
export async function pagesRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/pages/:urlKey',
    {
      schema: {
        summary: 'Engagement with one page',
        description:
          'Who bookmarked, shared snippets from, posted about, commented on and liked the page, ' +
          'as far as the caller may see: people network first (the caller and whom they ' +
          'follow), lists newest first and capped at 100 each, counts total. 404 when nothing ' +
          'of the page is visible.',
        tags: ['pages'],
        params: Type.Object({ urlKey: UrlKey }),
        response: { 200: asBytes(PageSummary), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    (request, reply) => {
      // The answer is serialised once by this route's own response schema and reused while
      // nothing that changes it was written (see repos/page-cache.ts); its UTF-8 bytes are sent
      // as they are. The caller's view version was read with the token, the page's version is
      // read now, both before anything is computed. On SQLite a hit is answered synchronously;
      // only a miss waits for the lookup.
      const { user, view, params } = request;
      const answer = (stamp: string) => {
        const hit = cachedPageAnswer(app.db, stamp, user.handle, params.urlKey);
        if (hit !== undefined) return sendPage(reply, hit);
        const serialize = (s: PageSummary) => String(reply.serializeInput(s, '200'));
        return pageAnswer(app.db, stamp, user.handle, params.urlKey, serialize).then((found) =>
          sendPage(reply, found),
        );
      };
      if (app.db.sqlite) return answer(stampOf(pageVersionSqlite(app.db, params.urlKey), view));
      return pageVersion(app.db, params.urlKey).then((version) => answer(stampOf(version, view)));
    },
  );

  app.get(
    '/v1/pages',
    {
      schema: {
        summary: 'Engagement with every page under a urlKey prefix',
        description:
          'The k-anonymous lookup: summaries (as `GET /v1/pages/{urlKey}`) of every page whose ' +
          'urlKey starts with `prefix` (0–16 hex characters, as many as `GET /v1/org` says; empty: every page), in urlKey order, `limit` (≤ 100, ' +
          'default 50) at a time; pass `cursor` back for the next page of results.',
        tags: ['pages'],
        querystring: PagePrefixQuery,
        response: { 200: asBytes(PageSummariesPage), 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request, reply) => {
      const { prefix, cursor = '', limit = 50 } = request.query;
      if (cursor !== '' && !(KEY_CURSOR.test(cursor) && cursor.startsWith(prefix))) {
        throw invalid('querystring/cursor is not a cursor of this prefix');
      }
      // Cached per bucket: the bucket's version (its pages' versions summed) is read before the
      // answer is computed, so a write to a page elsewhere leaves this bucket's answer cached.
      const me = request.user.handle;
      const stamp = stampOf(await bucketVersion(app.db, prefix), request.view);
      const answer = await bucketAnswer(
        app.db,
        stamp,
        me,
        prefix,
        `${cursor}\n${limit}`,
        async () => {
          const page = await pagesByPrefix(app.db, me, prefix, cursor, limit);
          const body = { items: page.items, cursor: page.last ?? cursor, hasMore: page.hasMore };
          return Buffer.from(String(reply.serializeInput(body, '200')), 'utf8');
        },
      );
      return reply.type('application/json; charset=utf-8').send(answer);
    },
  );
}
