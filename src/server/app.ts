/**
 * Builds the Outloud REST endpoint as a Fastify app; `cli.ts` only listens. Tests call
 * `buildApp({ db })` and `app.inject()`.
 */
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { LIMITS } from '../core/wire.ts';
import { webRoutes } from '../web/routes.tsx';
import { type AuthSettings, DEFAULT_AUTH_SETTINGS } from './auth-config.ts';
import { AuthFailures, type AuthRateLimit, DEFAULT_AUTH_RATE_LIMIT } from './auth-failures.ts';
import { addressKey } from './client-address.ts';
import type { Db } from './db/open.ts';
import { errorResponse, formatValidationErrors, installErrorHandlers } from './errors.ts';
import { ImportQuota } from './import-quota.ts';
import { acceptEmptyJsonBodies } from './json-body.ts';
import { registerRoutes } from './routes/index.ts';
import { typeBoxValidatorCompiler } from './validator.ts';
import { VERSION } from './version.ts';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from './webhooks/settings.ts';
import { WebhookWorker } from './webhooks/worker.ts';
import { storableTextCompiler } from './well-formed.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The migrated database this app serves. */
    db: Db;
    /** Bookmarks each person may still import this hour. */
    importQuota: ImportQuota;
    /** k: the fewest pages a `range` mode bucket may hold (`GET /v1/org`). */
    bucketMinPages: number;
    /** Sign-in settings: organisation, OpenID Connect, redirects, token age (`auth-config.ts`). */
    auth: AuthSettings;
    /** Requests per client address per window on the sign-in routes; false: no limit. */
    authRouteLimit: AuthRateLimit | false;
    /** `OUTLOUD_PUBLIC_URL` without a trailing slash, or '' when not set (`GET /v1/org`). */
    publicUrl: string;
    /** Webhook settings (`webhooks/settings.ts`). */
    webhooks: WebhookSettings;
  }
}

export type AppOptions = {
  /** An open, migrated database (`openDatabase` + `migrate`). The app does not close it. */
  db: Db;
  /** `true` logs JSON to stdout; an object chooses the level and/or a destination stream. */
  logger?: boolean | { level?: string; stream?: NodeJS.WritableStream };
  /**
   * Requests per person (per client address on public routes) per window; `false` turns it
   * off. It counts authenticated requests only: see `authRateLimit` for the others.
   */
  rateLimit?: { max: number; timeWindowMs: number } | false;
  /**
   * Requests without a valid token (none, malformed, unknown or revoked) per client address per
   * window, checked before any token work (`auth-failures.ts`); `false` turns it off.
   * Default 30 a minute.
   */
  authRateLimit?: AuthRateLimit | false;
  /** Web origins allowed by CORS besides extension origins (`OUTLOUD_WEB_ORIGINS`). */
  webOrigins?: readonly string[];
  /**
   * Whom to believe about the client address in `X-Forwarded-For` (Fastify's `trustProxy`):
   * `false` (default) the socket's peer is the client; `true` any proxy; a number of hops; or
   * the proxies' addresses and CIDR ranges (`OUTLOUD_TRUST_PROXY`).
   */
  trustProxy?: boolean | number | string | string[];
  /** Bookmarks a person may import an hour (`OUTLOUD_IMPORT_LIMIT`); default 20,000. */
  importLimit?: number;
  /**
   * k: the fewest public pages every urlKey prefix bucket of the `range` privacy mode must hold
   * (`OUTLOUD_BUCKET_MIN_PAGES`, `GET /v1/org`); default 50.
   */
  bucketMinPages?: number;
  /**
   * `OUTLOUD_PUBLIC_URL`: the address people reach the server at; an https one makes the web
   * session cookie `Secure` and names the origin web forms must come from.
   */
  publicUrl?: string;
  /** Sign-in settings (`parseAuthSettings`); default: token sign-in only, organisation "Outloud". */
  auth?: AuthSettings;
  /**
   * Webhook settings (`parseWebhookSettings`); with `deliver` the app runs the delivery worker
   * from `ready` to `close`. Default: no delivery, no private addresses.
   */
  webhooks?: Partial<WebhookSettings>;
};

/** k when `bucketMinPages` is not given. */
export const DEFAULT_BUCKET_MIN_PAGES = 50;

export type App = FastifyInstance;

const DEFAULT_RATE_LIMIT = { max: 600, timeWindowMs: 60_000 };

/** pino options that never write a token: the authorization header is redacted. */
function loggerOptions(logger: AppOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const redact = {
    paths: ['req.headers.authorization', 'headers.authorization'],
    censor: '[redacted]',
  };
  if (logger === true) return { level: 'info', redact };
  return {
    level: logger.level ?? 'info',
    redact,
    ...(logger.stream ? { stream: logger.stream } : {}),
  };
}

/** True for origins CORS lets in: extension pages and the configured web origins. */
export function isAllowedOrigin(origin: string, webOrigins: readonly string[]): boolean {
  return (
    /^chrome-extension:\/\/[a-p]{32}$/.test(origin) ||
    /^moz-extension:\/\/[0-9a-f-]{36}$/.test(origin) ||
    webOrigins.includes(origin)
  );
}

/**
 * The rate-limit key: the authenticated person (the limit's hook runs after authentication, so
 * a request without a valid token never gets here in an authenticated scope), else the client
 * address (public routes).
 */
function rateLimitKey(request: FastifyRequest): string {
  const user = (request as { user?: { handle: string } }).user;
  return user ? `u:${user.handle}` : `ip:${addressKey(request.ip)}`;
}

/** Builds the app (routes, validation, OpenAPI, CORS, rate limits, errors); does not listen. */
export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    logger: loggerOptions(options.logger),
    bodyLimit: LIMITS.body,
    // One type for the overload Fastify picks (its union of forms widens to the HTTP/2 one).
    trustProxy: (options.trustProxy ?? false) as boolean,
    schemaErrorFormatter: formatValidationErrors,
    // Malformed URLs (bad percent-escapes) get the same error body as every other 400.
    frameworkErrors: (error, _request, reply) => {
      const { status, body } = errorResponse(error);
      (reply as FastifyReply).code(status).send(body);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(storableTextCompiler(typeBoxValidatorCompiler));
  app.decorate('db', options.db);
  app.decorate('importQuota', new ImportQuota(options.importLimit ?? LIMITS.importPerHour));
  app.decorate('bucketMinPages', options.bucketMinPages ?? DEFAULT_BUCKET_MIN_PAGES);
  app.decorate('publicUrl', options.publicUrl?.replace(/\/+$/, '') ?? '');
  acceptEmptyJsonBodies(app, LIMITS.body);
  installErrorHandlers(app);

  const webOrigins = options.webOrigins ?? [];
  await app.register(cors, {
    origin: (origin, cb) => cb(null, origin !== undefined && isAllowedOrigin(origin, webOrigins)),
    methods: ['GET', 'PUT', 'POST', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    exposedHeaders: ['Retry-After'],
    maxAge: 600,
  });
  const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  if (limit) {
    await app.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      keyGenerator: rateLimitKey,
    });
  }
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Outloud',
        version: VERSION,
        description: 'The REST endpoint the Outloud extension syncs through.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ bearer: [] }],
    },
  });
  const authLimit = options.authRateLimit ?? DEFAULT_AUTH_RATE_LIMIT;
  // The sign-in routes are limited per address like requests without a valid token.
  app.decorate('auth', options.auth ?? DEFAULT_AUTH_SETTINGS);
  app.decorate<AuthRateLimit | false>('authRouteLimit', limit && authLimit ? authLimit : false);
  const failures = authLimit ? new AuthFailures(authLimit) : undefined;
  await registerRoutes(app, failures);
  await app.register(webRoutes({ publicUrl: options.publicUrl, failures }));
  const webhooks = { ...DEFAULT_WEBHOOK_SETTINGS, ...options.webhooks };
  app.decorate('webhooks', webhooks);
  if (webhooks.deliver) {
    const worker = new WebhookWorker(options.db, webhooks, app.publicUrl, app.log);
    app.addHook('onReady', () => worker.start());
    app.addHook('onClose', () => worker.stop());
  }
  return app;
}
