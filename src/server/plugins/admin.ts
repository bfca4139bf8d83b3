/**
 * The admin guard: routes registered inside a scope this hook guards answer `403 forbidden` to
 * anyone whose role is not `admin`, before their parameters or body are even validated (so a
 * member learns nothing from a 400). It runs after the bearer hook of the enclosing scope
 * (`requireAuth`), so `request.user` is the caller, read with the token on this very request: a
 * demotion takes effect on the next request.
 */
import type { FastifyInstance } from 'fastify';
import { forbidden } from '../errors.ts';

/** Adds the admin check to `scope` (nested inside an authenticated scope). */
export function requireAdmin(scope: FastifyInstance): void {
  scope.addHook('onRequest', (request, _reply, done) => {
    if (request.user.role !== 'admin') done(forbidden('this needs the admin role'));
    else done();
  });
}
