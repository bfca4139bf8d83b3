/**
 * `serve [--port 8787] [--host 127.0.0.1] [--db DB]`: migrates, listens, prints
 * `outloud-server listening on http://HOST:PORT` on stdout, stops gracefully on SIGTERM/SIGINT.
 */
import { buildApp } from '../../app.ts';
import { connect } from '../../db/index.ts';
import { type Command, defaultDb, parse, UsageError } from '../command.ts';

/**
 * `OUTLOUD_RATE_LIMIT`: requests a token (or an address without one) may make a minute;
 * `0` turns the limit off; unset keeps the app's default.
 */
export function parseRateLimit(
  value: string | undefined,
): { max: number; timeWindowMs: number } | false | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const max = Number(value);
  if (!Number.isInteger(max) || max < 0) {
    throw new UsageError('OUTLOUD_RATE_LIMIT must be a whole number of requests a minute (0: off)');
  }
  return max === 0 ? false : { max, timeWindowMs: 60_000 };
}

export const serve: Command = {
  words: ['serve'],
  usage: 'serve [--port 8787] [--host 127.0.0.1] [--db DB]',
  summary:
    'run the server (OUTLOUD_PORT, OUTLOUD_HOST, OUTLOUD_DB, OUTLOUD_WEB_ORIGINS, OUTLOUD_RATE_LIMIT)',
  async run(args, io) {
    const { values } = parse(args, { port: { type: 'string' }, host: { type: 'string' } });
    const port = Number(values.port ?? io.env.OUTLOUD_PORT ?? '8787');
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError('--port must be 0–65535 (0: any free port)');
    }
    const host = values.host ?? io.env.OUTLOUD_HOST ?? '127.0.0.1';
    const rateLimit = parseRateLimit(io.env.OUTLOUD_RATE_LIMIT);
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
    });
    await app.listen({ port, host });
    const address = app.server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    io.out(`outloud-server listening on http://${shownHost}:${actualPort}`);
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
