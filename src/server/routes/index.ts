/**
 * The list of route plugins, one file per resource. Public routes are registered as they are;
 * the others inside one scope guarded by bearer authentication. Add a resource by appending
 * its plugin to the right list.
 */
import type {
  FastifyPluginAsyncTypebox,
  TypeBoxTypeProvider,
} from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { AuthFailures } from '../auth-failures.ts';
import { requireAdmin } from '../plugins/admin.ts';
import { requireAuth } from '../plugins/auth.ts';
import { adminWebhookRoutes, webhookRoutes } from '../webhooks/routes.ts';
import { adminPeopleRoutes, auditRoutes } from './admin.ts';
import { authRoutes } from './auth.ts';
import { bookmarkRoutes } from './bookmarks.ts';
import { changeRoutes } from './changes.ts';
import { commentRoutes } from './comments.ts';
import { deviceRoutes } from './devices.ts';
import { feedRoutes } from './feed.ts';
import { feedTokenRoutes } from './feed-tokens.ts';
import { flagRoutes } from './flags.ts';
import { followRoutes } from './follows.ts';
import { groupRoutes } from './groups.ts';
import { healthRoutes } from './health.ts';
import { likeRoutes } from './likes.ts';
import { meRoutes } from './me.ts';
import { moderationRoutes } from './moderation.ts';
import { notificationRoutes } from './notifications.ts';
import { openapiRoutes } from './openapi.ts';
import { orgRoutes } from './org.ts';
import { pagesRoutes } from './pages.ts';
import { peopleRoutes } from './people.ts';
import { searchRoutes } from './search.ts';
import { snippetRoutes } from './snippets.ts';
import { statusRoutes } from './statuses.ts';
import { syncRoutes } from './sync.ts';
import { transferRoutes } from './transfer.ts';
import { trendingRoutes } from './trending.ts';

/**
 * The instance a route plugin gets: typed by the TypeBox provider, so a route's params, query
 * and body have the types of its schemas (no hand-written generics, no casts).
 */
export type RouteApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A route plugin, one per resource. */
export type RoutePlugin = FastifyPluginAsyncTypebox;

/** Routes anyone may call. */
export const publicRoutes: RoutePlugin[] = [healthRoutes, openapiRoutes, authRoutes];

/** Routes that need a bearer token; `request.user` is the caller. */
export const authenticatedRoutes: RoutePlugin[] = [
  meRoutes,
  deviceRoutes,
  feedTokenRoutes,
  peopleRoutes,
  followRoutes,
  bookmarkRoutes,
  snippetRoutes,
  statusRoutes,
  commentRoutes,
  likeRoutes,
  syncRoutes,
  changeRoutes,
  pagesRoutes,
  orgRoutes,
  feedRoutes,
  notificationRoutes,
  searchRoutes,
  trendingRoutes,
  transferRoutes,
  groupRoutes,
  flagRoutes,
  webhookRoutes,
  moderationRoutes,
];

/**
 * Routes for admins only (`/v1/admin/*`): inside the authenticated scope, behind the admin
 * guard (403 `forbidden` for everyone else).
 */
export const adminRoutes: RoutePlugin[] = [auditRoutes, adminPeopleRoutes, adminWebhookRoutes];

/** Registers every route plugin on `app`; `failures` limits failed authentication. */
export async function registerRoutes(app: RouteApp, failures?: AuthFailures): Promise<void> {
  for (const plugin of publicRoutes) await app.register(plugin);
  await app.register(async (scope) => {
    requireAuth(scope, failures);
    for (const plugin of authenticatedRoutes) await scope.register(plugin);
    await scope.register(async (admin) => {
      requireAdmin(admin);
      for (const plugin of adminRoutes) await admin.register(plugin);
    });
  });
}
