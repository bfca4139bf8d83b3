/**
 * `serve [--port 8787] [--host 127.0.0.1] [--db DB]`: migrates, listens, prints
 * `outloud-server listening on http://HOST:PORT` on stdout, stops gracefully on SIGTERM/SIGINT.
 */
import { isIP } from 'node:net';
import { buildApp } from '../../app.ts';
import { AuthConfigError, parseAuthSettings } from '../../auth-config.ts';
import { connect } from '../../db/index.ts';
import { parseWebhookSettings } from '../../webhooks/settings.ts';
import { type Command, defaultDb, parse, UsageError } from '../command.ts';

/**
 * `OUTLOUD_RATE_LIMIT` (requests a person, or an address on public routes, may make a minute)
 * or, with `name` `OUTLOUD_AUTH_RATE_LIMIT`, requests without a valid token an address may make
 * a minute: `0` turns the limit off; unset keeps the app's default.
 */
export function parseRateLimit(
  value: string | undefined,
  name = 'OUTLOUD_RATE_LIMIT',
): { max: number; timeWindowMs: number } | false | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const max = Number(value);
  if (!Number.isInteger(max) || max < 0) {
    throw new UsageError(`${name} must be a whole number of requests a minute (0: off)`);
  }
  return max === 0 ? false : { max, timeWindowMs: 60_000 };
}

const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * `OUTLOUD_TRUST_PROXY`: whose `X-Forwarded-For` to believe about the client address (the
 * address limits are counted by). Unset, `false` or `0`: nobody (the socket's peer is the
 * client). `true`: any peer (only when nothing reaches the server but through the proxy). A
 * number ≥ 1: that many proxy hops. Otherwise comma-separated proxy addresses or CIDR ranges,
 * or `loopback`, `linklocal`, `uniquelocal`.
 */
export function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false' || text === '0') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((e) => e.trim());
  for (const entry of entries) {
    const [address = '', bits, extra] = entry.split('/');
    const family = isIP(address);
    const maxBits = family === 4 ? 32 : 128;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (!PROXY_PRESETS.has(entry) && (family === 0 || !bitsOk || extra !== undefined)) {
      throw new UsageError(
        `OUTLOUD_TRUST_PROXY: ${JSON.stringify(entry)} is not an address, a CIDR range or ` +
          'loopback/linklocal/uniquelocal (or use true, false or a number of hops)',
      );
    }
  }
  return entries;
}

/** `OUTLOUD_IMPORT_LIMIT`: bookmarks a person may import an hour; unset keeps 20,000. */
export function parseImportLimit(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const max = Number(value);
  if (!Number.isInteger(max) || max < 1) {
    throw new UsageError('OUTLOUD_IMPORT_LIMIT must be a whole number of bookmarks an hour (≥ 1)');
  }
  return max;
}

/** `OUTLOUD_BUCKET_MIN_PAGES`: k, the fewest pages a `range` bucket may hold; unset keeps 50. */
export function parseBucketMinPages(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const k = Number(value);
  if (!Number.isInteger(k) || k < 1) {
    throw new UsageError('OUTLOUD_BUCKET_MIN_PAGES must be a whole number of pages (≥ 1)');
  }
  return k;
}

export const serve: Command = {
  words: ['serve'],
  usage: 'serve [--port 8787] [--host 127.0.0.1] [--db DB]',
  summary:
    'run the server (OUTLOUD_PORT, OUTLOUD_HOST, OUTLOUD_DB, OUTLOUD_WEB_ORIGINS, OUTLOUD_RATE_LIMIT, ' +
    'OUTLOUD_AUTH_RATE_LIMIT, OUTLOUD_TRUST_PROXY, OUTLOUD_IMPORT_LIMIT, OUTLOUD_BUCKET_MIN_PAGES; ' +
    'sign-in: OUTLOUD_ORG_NAME, OUTLOUD_PUBLIC_URL, OUTLOUD_OIDC_*, OUTLOUD_AUTH_REDIRECTS, ' +
    'OUTLOUD_TOKEN_MAX_AGE_DAYS; webhooks: OUTLOUD_WEBHOOK_*: see the README)',
  async run(args, io) {
    const { values } = parse(args, { port: { type: 'string' }, host: { type: 'string' } });
    const port = Number(values.port ?? io.env.OUTLOUD_PORT ?? '8787');
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError('--port must be 0–65535 (0: any free port)');
    }
    const host = values.host ?? io.env.OUTLOUD_HOST ?? '127.0.0.1';
    const rateLimit = parseRateLimit(io.env.OUTLOUD_RATE_LIMIT);
    const authRateLimit = parseRateLimit(io.env.OUTLOUD_AUTH_RATE_LIMIT, 'OUTLOUD_AUTH_RATE_LIMIT');
    const trustProxy = parseTrustProxy(io.env.OUTLOUD_TRUST_PROXY);
    const importLimit = parseImportLimit(io.env.OUTLOUD_IMPORT_LIMIT);
    const bucketMinPages = parseBucketMinPages(io.env.OUTLOUD_BUCKET_MIN_PAGES);
    const publicUrl = io.env.OUTLOUD_PUBLIC_URL?.trim() || undefined;
    if (publicUrl && !/^https?:\/\/[^/]/.test(publicUrl)) {
      throw new UsageError('OUTLOUD_PUBLIC_URL must be an http(s) address');
    }
    let auth: ReturnType<typeof parseAuthSettings>;
    try {
      auth = parseAuthSettings(io.env);
    } catch (error) {
      if (error instanceof AuthConfigError) throw new UsageError(error.message);
      throw error;
    }
    let webhooks: ReturnType<typeof parseWebhookSettings>;
    try {
      webhooks = parseWebhookSettings(io.env);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const db = await connect(values.db ?? defaultDb(io.env));
    const webOrigins = (io.env.OUTLOUD_WEB_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    const app = await buildApp({
      db,
      logger: { level: io.env.OUTLOUD_LOG_LEVEL ?? 'info' },
      webOrigins,
      rateLimit,
      authRateLimit,
      trustProxy,
      importLimit,
      bucketMinPages,
      publicUrl,
      auth,
      webhooks,
    });
    await app.listen({ port, host });
    const address = app.server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    io.out(`outloud-server listening on http://${shownHost}:${actualPort}`);
    io.out(`web pages at ${publicUrl ?? `http://${shownHost}:${actualPort}`}/`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        resolve();
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
    io.err('outloud-server stopping');
    await app.close();
    await db.close();
    return 0;
  },
};
