/**
 * `PUT` / `DELETE /v1/items/{id}/hidden` and `DELETE /v1/items/{id}`: moderators hide and unhide
 * items, organisation admins delete them (`handlers/moderation.ts`).
 */
import { Deleted, HideInput, Moderation, RemovalQuery } from '../../core/wire.ts';
import { hideItem, removeItem, unhideItem } from '../handlers/moderation.ts';
import type { RouteApp } from './index.ts';
import { contextOf, IdParams, OBJECT_ERRORS, send } from './reply.ts';

/** Registers the moderation routes on items. */
export async function moderationRoutes(app: RouteApp): Promise<void> {
  app.put(
    '/v1/items/:id/hidden',
    {
      schema: {
        summary: 'Hide an item you moderate (idempotent; a new reason replaces the old)',
        description:
          'A hidden item (and what depends on it: its comments, the likes on it) is seen ' +
          'afterwards only by its author, marked `hidden`, and by its moderators: the owners ' +
          "and moderators of its groups (a comment: its item's), organisation admins for a " +
          'public item. 201 hidden now, 200 already hidden; 404 an item you may not see, 403 ' +
          'one you do not moderate. Audited as `item.hide`.',
        tags: ['moderation'],
        params: IdParams,
        body: HideInput,
        response: { 200: Moderation, 201: Moderation, ...OBJECT_ERRORS },
      },
    },
    async (request, reply) =>
      send(reply, await hideItem(contextOf(request), request.params.id, request.body.reason)),
  );
  app.delete(
    '/v1/items/:id/hidden',
    {
      schema: {
        summary: 'Show a hidden item again (idempotent)',
        description:
          'By the same moderators who may hide it. Audited as `item.unhide` with the hide it ends.',
        tags: ['moderation'],
        params: IdParams,
        response: { 200: Moderation, ...OBJECT_ERRORS },
      },
    },
    async (request, reply) => send(reply, await unhideItem(contextOf(request), request.params.id)),
  );
  app.delete(
    '/v1/items/:id',
    {
      schema: {
        summary: 'Delete any item you may see (organisation admins; idempotent)',
        description:
          'Deletes a bookmark, snippet, status or comment as its author would: tombstones reach ' +
          'every local copy. 403 for anyone not an admin; 404 an item the admin may not see ' +
          "(another person's private item, a closed group's item they are not in). Audited as " +
          '`item.delete` with the optional `reason`.',
        tags: ['moderation'],
        params: IdParams,
        querystring: RemovalQuery,
        response: { 200: Deleted, ...OBJECT_ERRORS },
      },
    },
    async (request, reply) =>
      send(reply, await removeItem(contextOf(request), request.params.id, request.query.reason)),
  );
}
