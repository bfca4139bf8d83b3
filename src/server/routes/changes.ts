/**
 * `GET /v1/changes?cursor=&limit=`: every change the caller may see since `cursor`, oldest
 * first, deletes (and items that became private) as tombstones. Pass the answer's `cursor` back
 * to continue; `hasMore` says whether to ask again at once.
 */

import { Type } from 'typebox';
import { ChangesPage, LIMITS } from '../../core/wire.ts';
import { decodeCursor, encodeCursor } from '../db/changes.ts';
import { invalid } from '../errors.ts';
import { readableChanges, resolveChanges } from '../repos/changes.ts';
import type { RouteApp } from './index.ts';
import { AUTH_ERRORS } from './reply.ts';

const ChangesQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.pageSize })),
  },
  { additionalProperties: false },
);

/** Registers the changes route. */
export async function changeRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/changes',
    {
      schema: {
        summary: 'Changes visible to the caller since a cursor',
        tags: ['sync'],
        querystring: ChangesQuery,
        response: { 200: ChangesPage, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const after = decodeCursor(request.query.cursor);
      if (after === null) throw invalid('querystring/cursor is not a cursor from this server');
      const limit = request.query.limit ?? LIMITS.pageSize;
      const me = request.user.handle;
      const q = request.server.db.kysely;
      const rows = await readableChanges(q, me, after, limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1)?.seq ?? after;
      return {
        items: await resolveChanges(q, me, page),
        cursor: encodeCursor(last),
        hasMore: rows.length > limit,
      };
    },
  );
}
