/** Builds the Outloud REST endpoint as a Fastify app; `server.ts`/`cli.ts` only listen. */
import Fastify, { type FastifyInstance } from 'fastify';
import { VERSION } from './version.ts';

export type AppOptions = { logger?: boolean };

export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false });
  app.get('/v1/health', async () => ({ status: 'ok', version: VERSION }));
  return app;
}
