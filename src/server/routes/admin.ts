/**
 * `/v1/admin/*`: people administration, admins only (registered behind `requireAdmin`, so every
 * route here answers 403 to a member before anything else).
 */

import { HANDLE_PATTERN } from '../../core/mentions.ts';
import { ErrorBody } from '../../core/wire.ts';
import {
  AdminPeoplePage,
  AdminPeopleQuery,
  AdminPerson,
  AuditPage,
  AuditQuery,
  HandleInput,
  RoleInput,
} from '../../core/wire-admin.ts';
import { invalid } from '../errors.ts';
import { auditPage } from '../repos/audit.ts';
import { decodePosition } from '../repos/keyset.ts';
import {
  type AdminPersonRow,
  deactivate,
  listPeople,
  reactivate,
  rename,
  setRole,
} from '../repos/people-admin.ts';
import type { RouteApp } from './index.ts';
import { AUTH_ERRORS, HandleParams } from './reply.ts';

/** Errors every admin route may answer. */
export const ADMIN_ERRORS = { ...AUTH_ERRORS, 403: ErrorBody } as const;

/** Registers the audit log route. */
export async function auditRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/admin/audit',
    {
      schema: {
        summary: 'The audit log, newest first (admins only)',
        description:
          'Who did what to whom and when: every admin action (API or command line, whose ' +
          'actor is `cli`). Filter by exact `actor`, `target` or `action`; `limit` ≤ 100 ' +
          '(default 50); pass `cursor` back for older entries.',
        tags: ['admin'],
        querystring: AuditQuery,
        response: { 200: AuditPage, ...ADMIN_ERRORS },
      },
    },
    async (request) => {
      const { cursor, limit = 50, actor, target, action } = request.query;
      const position = decodePosition(cursor);
      if (position === undefined) throw invalid('querystring/cursor is not an audit cursor');
      return auditPage(app.db, { actor, target, action }, position, limit, cursor);
    },
  );
}

/** The admin view of a person row. */
export function toAdminPerson(
  row: Omit<AdminPersonRow, 'last_active_at' | 'devices'> &
    Partial<Pick<AdminPersonRow, 'last_active_at' | 'devices'>>,
): AdminPerson {
  return {
    handle: row.handle,
    name: row.name,
    email: row.email,
    role: row.role,
    createdAt: row.created_at,
    deactivatedAt: row.deactivated_at,
    lastActiveAt: row.last_active_at ?? null,
    devices: row.devices ?? 0,
  };
}

/** The handle a people cursor names: '' for none, undefined when malformed. */
function decodeHandleCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return '';
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const handle = text.slice(1);
  return text.startsWith('h') && new RegExp(HANDLE_PATTERN).test(handle) ? handle : undefined;
}

const OBJECT_ADMIN_ERRORS = { ...ADMIN_ERRORS, 404: ErrorBody, 409: ErrorBody } as const;

/** Registers the people administration routes. */
export async function adminPeopleRoutes(app: RouteApp): Promise<void> {
  app.get(
    '/v1/admin/people',
    {
      schema: {
        summary: 'Everyone, by handle, with last activity (admins only)',
        description:
          '`status`: `active`, `deactivated` or `all` (default). `lastActiveAt` is the latest ' +
          'of their devices’ last use and their items’ last write. `limit` ≤ 100 (default ' +
          '50); pass `cursor` back for the next people.',
        tags: ['admin'],
        querystring: AdminPeopleQuery,
        response: { 200: AdminPeoplePage, ...ADMIN_ERRORS },
      },
    },
    async (request) => {
      const { status = 'all', cursor, limit = 50 } = request.query;
      const after = decodeHandleCursor(cursor);
      if (after === undefined) throw invalid('querystring/cursor is not a people cursor');
      const page = await listPeople(app.db, status, after, limit);
      const last = page.people.at(-1);
      return {
        people: page.people.map(toAdminPerson),
        cursor: last ? Buffer.from(`h${last.handle}`).toString('base64url') : (cursor ?? ''),
        hasMore: page.hasMore,
      };
    },
  );
  app.post(
    '/v1/admin/people/:handle/deactivate',
    {
      schema: {
        summary: 'Deactivate a person (admins only)',
        description:
          'Revokes every device of theirs at once and refuses their sign-in; their items stay, ' +
          'shown with their name as a former colleague (`former: true`); follows and ' +
          'notifications stay as they were. Already deactivated: nothing changes. 409 ' +
          '(`reason: last_admin`) for the last active admin.',
        tags: ['admin'],
        params: HandleParams,
        response: { 200: AdminPerson, ...OBJECT_ADMIN_ERRORS },
      },
    },
    async (request) =>
      toAdminPerson(await deactivate(app.db, request.user.handle, request.params.handle)),
  );
  app.post(
    '/v1/admin/people/:handle/reactivate',
    {
      schema: {
        summary: 'Reactivate a person (admins only)',
        description:
          'They may sign in again; devices revoked by the deactivation stay revoked. Already ' +
          'active: nothing changes.',
        tags: ['admin'],
        params: HandleParams,
        response: { 200: AdminPerson, ...OBJECT_ADMIN_ERRORS },
      },
    },
    async (request) =>
      toAdminPerson(await reactivate(app.db, request.user.handle, request.params.handle)),
  );
  app.put(
    '/v1/admin/people/:handle/handle',
    {
      schema: {
        summary: 'Change a person’s handle (admins only)',
        description:
          'Moves everything of theirs to the new handle in one transaction. The old handle ' +
          'becomes an alias: `GET /v1/people/{old}` answers the person under the new handle ' +
          'and `@old` in new text mentions them. 409 when the new handle is another person’s ' +
          '(or was: an alias of someone else).',
        tags: ['admin'],
        params: HandleParams,
        body: HandleInput,
        response: { 200: AdminPerson, ...OBJECT_ADMIN_ERRORS },
      },
    },
    async (request) =>
      toAdminPerson(
        await rename(app.db, request.user.handle, request.params.handle, request.body.handle),
      ),
  );
  app.put(
    '/v1/admin/people/:handle/role',
    {
      schema: {
        summary: 'Set a person’s role (admins only)',
        description:
          '`admin` or `member`; effective on their next request. 409 (`reason: last_admin`) ' +
          'when it would leave no active admin.',
        tags: ['admin'],
        params: HandleParams,
        body: RoleInput,
        response: { 200: AdminPerson, ...OBJECT_ADMIN_ERRORS },
      },
    },
    async (request) =>
      toAdminPerson(
        await setRole(app.db, request.user.handle, request.params.handle, request.body.role),
      ),
  );
}
