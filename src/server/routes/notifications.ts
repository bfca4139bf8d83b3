/**
 * `GET /v1/notifications` and `POST /v1/notifications/read`: mentions of the caller, comments
 * and likes on the caller's items, with an unread count against a read mark the caller moves.
 */
import {
  CursorQuery,
  MarkReadInput,
  NotificationsPage,
  UnreadCount,
} from '../../core/wire-read.ts';
import { invalid } from '../errors.ts';
import { decodePosition } from '../repos/keyset.ts';
import { markRead, notificationsPage, unreadCount } from '../repos/notifications.ts';
import type { RouteApp } from './index.ts';
import { AUTH_ERRORS } from './reply.ts';

/** Registers the notification routes. */
export async function notificationRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/notifications',
    {
      schema: {
        summary: 'What others did to the caller, newest first',
        description:
          '`mention`: an item that mentions the caller; `comment`: a comment on the caller’s ' +
          'item (`target`); `like`: someone liked the caller’s item. Never the caller’s own ' +
          'actions, never an item the caller may not see. Each entry says whether it is ' +
          '`unread` (newer than the read mark); `unread` counts them all. `limit` ≤ 100 ' +
          '(default 50); pass `cursor` back for older ones.',
        tags: ['notifications'],
        querystring: CursorQuery,
        response: { 200: NotificationsPage, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const { cursor, limit = 50 } = request.query;
      const position = decodePosition(cursor);
      if (position === undefined) throw invalid('querystring/cursor is not a notifications cursor');
      return notificationsPage(app.db, request.user.handle, position, limit, cursor);
    },
  );
  app.post(
    '/v1/notifications/read',
    {
      schema: {
        summary: 'Mark notifications read',
        description:
          'Everything at or before `upTo` (an ISO-8601 UTC time, typically the `at` of the ' +
          'newest notification shown; default and latest: now) is read. The mark only moves ' +
          'forward, so ' +
          'a late or repeated request changes nothing. Answers the unread count left.',
        tags: ['notifications'],
        body: MarkReadInput,
        response: { 200: UnreadCount, ...AUTH_ERRORS },
      },
    },
    async (request) => {
      const now = new Date().toISOString();
      const asked = request.body?.upTo ?? now;
      if (Number.isNaN(Date.parse(asked))) throw invalid('body/upTo is not a time');
      // A mark in the future would hide notifications that have not happened yet.
      const upTo = new Date(Math.min(Date.parse(asked), Date.parse(now))).toISOString();
      const me = request.user.handle;
      const readUpTo = await markRead(app.db, me, upTo);
      return { unread: await unreadCount(app.db, me, readUpTo), readUpTo };
    },
  );
}
