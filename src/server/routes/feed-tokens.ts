/**
 * The caller's feed tokens (`repos/feed-tokens.ts`), for clients other than the web settings
 * page: `GET /v1/me/feed-tokens` lists the live ones (never the tokens), `POST` makes one (the
 * token shown once, with the feed addresses it opens), `DELETE /v1/me/feed-tokens/{id}` revokes
 * one. A feed token itself can call none of these: the API refuses feed tokens altogether.
 */
import { Type } from 'typebox';
import { ErrorBody, Timestamp } from '../../core/wire.ts';
import { HttpError, notFound } from '../errors.ts';
import {
  createFeedToken,
  FEED_TOKEN_NAME_MAX,
  FEED_TOKENS_MAX,
  listFeedTokens,
  revokeFeedToken,
} from '../repos/feed-tokens.ts';
import type { RouteApp } from './index.ts';

const FeedToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
});
const FeedTokens = Type.Object({ feedTokens: Type.Array(FeedToken) });
const FeedTokenInput = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: FEED_TOKEN_NAME_MAX,
      pattern: '\\S',
      description: 'what it is for (e.g. the feed reader)',
    }),
  },
  { additionalProperties: false },
);
const CreatedFeedToken = Type.Object({
  token: Type.String({ description: 'shown once; put it in a feed address as ?token=' }),
  feedToken: FeedToken,
  feeds: Type.Object({
    network: Type.String({ description: 'the network feed with this token' }),
    mine: Type.String({ description: "the caller's own items' feed with this token" }),
  }),
});
const FeedTokenParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9a-f-]+$' }) },
  { additionalProperties: false },
);

/** Registers the feed token routes. */
export async function feedTokenRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/me/feed-tokens',
    {
      schema: {
        summary: "The caller's live feed tokens, newest first",
        description: 'Names and times only: a token is shown once, when it is made.',
        tags: ['feeds'],
        response: { 200: FeedTokens, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => ({ feedTokens: await listFeedTokens(app.db, request.user.handle) }),
  );

  app.post(
    '/v1/me/feed-tokens',
    {
      schema: {
        summary: 'Make a feed token',
        description:
          'A read-only token for `GET /feeds/…?token=` (Atom feeds of what the caller may see), ' +
          `refused everywhere else. At most ${FEED_TOKENS_MAX} live ones a person (409 past it).`,
        tags: ['feeds'],
        body: FeedTokenInput,
        response: {
          201: CreatedFeedToken,
          400: ErrorBody,
          401: ErrorBody,
          409: ErrorBody,
          429: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const me = request.user.handle;
      const made = await createFeedToken(app.db, me, request.body.name.replace(/\s+/g, ' ').trim());
      if (!made) {
        throw new HttpError(409, 'conflict', `at most ${FEED_TOKENS_MAX} live feed tokens`);
      }
      const base = app.publicUrl || new URL(`${request.protocol}://${request.host}`).origin;
      const q = `?${new URLSearchParams({ token: made.token })}`;
      return reply.code(201).send({
        token: made.token,
        feedToken: made.record,
        feeds: {
          network: `${base}/feeds/network${q}`,
          mine: `${base}/feeds/people/${encodeURIComponent(me)}${q}`,
        },
      });
    },
  );

  app.delete(
    '/v1/me/feed-tokens/:id',
    {
      schema: {
        summary: 'Revoke one of the caller’s feed tokens',
        description: "404 for an unknown id, another person's token or one already revoked.",
        tags: ['feeds'],
        params: FeedTokenParams,
        response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      if (!(await revokeFeedToken(app.db, request.user.handle, request.params.id))) {
        throw notFound('no such feed token');
      }
      return reply.code(204).send(null);
    },
  );
}
