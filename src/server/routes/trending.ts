/** `GET /v1/trending`: the most engaged pages, tags and contributors of the last days. */
import { Trending, TrendingQuery } from '../../core/wire-read.ts';
import { cachedTrending } from '../repos/trending.ts';
import type { RouteApp } from './index.ts';
import { AUTH_ERRORS } from './reply.ts';

/** Registers the trending route. */
export async function trendingRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/trending',
    {
      schema: {
        summary: 'Trending pages, tags and contributors',
        description:
          'Over the last `days` (1–90, default 7), from public engagement only (the same for ' +
          'everyone): the 10 pages with the highest weighted engagement (bookmark and snippet ' +
          '3, status and comment 2, like 1), the 20 most used tags of public bookmarks and the ' +
          '10 people whose public items weigh most (plus one per like they received). ' +
          'An answer is reused until the next write, for at most a minute (`since` says ' +
          'which window it covers).',
        tags: ['trending'],
        querystring: TrendingQuery,
        response: { 200: Trending, ...AUTH_ERRORS },
      },
    },
    async (request) => cachedTrending(app.db, request.query.days ?? 7),
  );
}
