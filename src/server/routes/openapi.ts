/** `GET /v1/openapi.json`: the OpenAPI 3.1 document generated from the route schemas. */
import type { RouteApp } from './index.ts';

/** Registers the OpenAPI route. */
export async function openapiRoutes(app: RouteApp): Promise<void> {
  app.get('/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
