/** `GET /v1/feed`: activity of the people the caller follows, and the caller's own. */
import { CursorQuery, FeedPage } from '../../core/wire-read.ts';
import { invalid } from '../errors.ts';
import { feedPage } from '../repos/feed.ts';
import { decodePosition } from '../repos/keyset.ts';
import type { RouteApp } from './index.ts';
import { AUTH_ERRORS } from './reply.ts';

/** Registers the feed route. */
export async function feedRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/feed',
    {
      schema: {
        summary: 'Activity of the caller’s network, newest first',
        description:
          'Bookmarks, snippets, statuses and comments created, and items liked, by the caller ' +
          'and the people they follow, as far as the caller may see them; a comment comes with ' +
          'the item it is on as `target`. `limit` ≤ 100 (default 50); pass `cursor` back for ' +
          'older entries. Entries written meanwhile never shift a page.',
        tags: ['feed'],
        querystring: CursorQuery,
        response: { 200: FeedPage, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const { cursor, limit = 50 } = request.query;
      const position = decodePosition(cursor);
      if (position === undefined) throw invalid('querystring/cursor is not a feed cursor');
      return feedPage(app.db, request.user.handle, position, limit, cursor);
    },
  );
}
