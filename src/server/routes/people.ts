/** `GET /v1/people?q=&limit=`: the directory, for @mention autocomplete. */
import { Type } from 'typebox';
import { PeopleList } from '../../core/wire.ts';
import { searchPeople } from '../repos/people.ts';
import type { RouteApp } from './index.ts';
import { AUTH_ERRORS } from './reply.ts';

const PeopleQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);

/** Registers the people route. */
export async function peopleRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/people',
    {
      schema: {
        summary: 'People whose handle or name starts with q',
        tags: ['people'],
        querystring: PeopleQuery,
        response: { 200: PeopleList, ...AUTH_ERRORS },
      },
    },
    async (request) => ({
      items: await searchPeople(
        request.server.db.kysely,
        request.query.q ?? '',
        request.query.limit ?? 20,
      ),
    }),
  );
}
