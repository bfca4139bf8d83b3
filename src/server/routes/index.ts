/**
 * The list of route plugins, one file per resource. Public routes are registered as they are;
 * the others inside one scope guarded by bearer authentication. Add a resource by appending
 * its plugin to the right list.
 */
import type { FastifyInstance } from 'fastify';
import { requireAuth } from '../plugins/auth.ts';
import { healthRoutes } from './health.ts';
import { meRoutes } from './me.ts';
import { openapiRoutes } from './openapi.ts';

export type RoutePlugin = (app: FastifyInstance) => Promise<void>;

/** Routes anyone may call. */
export const publicRoutes: RoutePlugin[] = [healthRoutes, openapiRoutes];

/** Routes that need a bearer token; `request.user` is the caller. */
export const authenticatedRoutes: RoutePlugin[] = [meRoutes];

/** Registers every route plugin on `app`. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  for (const plugin of publicRoutes) await app.register(plugin);
  await app.register(async (scope) => {
    requireAuth(scope);
    for (const plugin of authenticatedRoutes) await scope.register(plugin);
  });
}
