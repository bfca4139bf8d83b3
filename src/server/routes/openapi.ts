/** `GET /v1/openapi.json`: the OpenAPI 3.1 document generated from the route schemas. */
import type { FastifyInstance } from 'fastify';

/** Registers the OpenAPI route. */
export async function openapiRoutes(app: FastifyInstance): Promise<void> {
  app.get('/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
