/** `GET /v1/search`: full-text search over the items the caller may see. */
import { SearchPage, SearchQuery } from '../../core/wire-read.ts';
import { searchPage } from '../repos/search.ts';
import type { RouteApp } from './index.ts';
import { AUTH_ERRORS } from './reply.ts';

/** Registers the search route. */
export async function searchRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/search',
    {
      schema: {
        summary: 'Full-text search',
        description:
          'Items the caller may see whose title, description, tags, quote, comment or text ' +
          'contain every word of `q` (the last word as a prefix; case ignored, and accents too ' +
          'on SQLite — PostgreSQL’s `simple` configuration keeps them), ' +
          'recent first (SQLite: by last write; PostgreSQL: by creation), optionally of one ' +
          '`type`. `q` is words, not a query language: ' +
          'quotes and operators are searched for as text. `limit` ≤ 100 (default 50); pass ' +
          '`cursor` back for more.',
        tags: ['search'],
        querystring: SearchQuery,
        response: { 200: SearchPage, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const { q, type, cursor, limit = 50 } = request.query;
      return searchPage(app.db, request.user.handle, q, type, cursor, limit);
    },
  );
}
