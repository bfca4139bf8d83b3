/**
 * `/v1/admin/*`: people administration, admins only (registered behind `requireAdmin`, so every
 * route here answers 403 to a member before anything else).
 */

import { ErrorBody } from '../../core/wire.ts';
import { AuditPage, AuditQuery } from '../../core/wire-admin.ts';
import { invalid } from '../errors.ts';
import { auditPage } from '../repos/audit.ts';
import { decodePosition } from '../repos/keyset.ts';
import type { RouteApp } from './index.ts';
import { AUTH_ERRORS } from './reply.ts';

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
