/** `GET /v1/people?q=&limit=`: the directory, for @mention autocomplete. */
import { Type } from 'typebox';
import { PeopleList, Person } from '../../core/wire.ts';
import { notFound } from '../errors.ts';
import { searchPeople } from '../repos/people.ts';
import { resolveHandle } from '../repos/people-admin.ts';
import { findUser, toPerson } from '../repos/users.ts';
import type { RouteApp } from './index.ts';
import { AUTH_ERRORS, HandleParams, OBJECT_ERRORS } from './reply.ts';

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
  app.get(
    '/v1/people/:handle',
    {
      schema: {
        summary: 'One person, by handle or former handle',
        description:
          'A former handle (an admin renamed the person) answers the person under their ' +
          'current handle, so old profile links and mentions keep working: compare `handle`. ' +
          'A deactivated person answers with `former: true`.',
        tags: ['people'],
        params: HandleParams,
        response: { 200: Person, ...OBJECT_ERRORS },
      },
    },
    async (request) => {
      const q = request.server.db.kysely;
      const handle = await resolveHandle(q, request.params.handle);
      const row = handle === undefined ? undefined : await findUser(q, handle);
      if (!row) throw notFound(`no person with the handle ${request.params.handle}`);
      return toPerson(row);
    },
  );
}
