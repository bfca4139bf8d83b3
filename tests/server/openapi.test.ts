/**
 * `GET /v1/openapi.json`: a valid OpenAPI 3.1 document (the structure the specification
 * requires, every schema a valid JSON Schema 2020-12, path parameters declared, responses
 * described) that lists every route of the contract with its methods.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, useServer } from './helpers.ts';

/** Every route of the REST contract (issue 3), as `METHOD path` in OpenAPI path syntax. */
const CONTRACT = [
  'GET /v1/health',
  'GET /v1/me',
  'GET /v1/people',
  'GET /v1/follows',
  'PUT /v1/follows/{handle}',
  'DELETE /v1/follows/{handle}',
  ...['bookmarks', 'snippets', 'statuses', 'comments'].flatMap((p) =>
    ['PUT', 'GET', 'DELETE'].map((m) => `${m} /v1/${p}/{id}`),
  ),
  'PUT /v1/likes/{targetId}',
  'DELETE /v1/likes/{targetId}',
  'POST /v1/sync',
  'GET /v1/changes',
  'GET /v1/pages/{urlKey}',
  'GET /v1/pages',
  'GET /v1/org',
  'GET /v1/feed',
  'GET /v1/notifications',
  'POST /v1/notifications/read',
  'GET /v1/search',
  'GET /v1/trending',
  'GET /v1/export/bookmarks.html',
  'POST /v1/import/bookmarks',
  'GET /v1/admin/audit',
  'GET /v1/groups',
  'PUT /v1/groups/{id}',
  'GET /v1/groups/{id}',
  'DELETE /v1/groups/{id}',
  'GET /v1/groups/{id}/members',
  'PUT /v1/groups/{id}/members/{handle}',
  'DELETE /v1/groups/{id}/members/{handle}',
  'POST /v1/groups/{id}/requests',
  'PUT /v1/groups/{id}/requests/{handle}',
  'PUT /v1/flags/{itemId}',
  'GET /v1/flags',
  'PUT /v1/items/{id}/hidden',
  'DELETE /v1/items/{id}/hidden',
  'DELETE /v1/items/{id}',
  'GET /v1/people/{handle}',
  'GET /v1/admin/people',
  'POST /v1/admin/people/{handle}/deactivate',
  'POST /v1/admin/people/{handle}/reactivate',
  'PUT /v1/admin/people/{handle}/handle',
  'PUT /v1/admin/people/{handle}/role',
  // Organisation sign-in (issue 14): public.
  'GET /v1/auth/config',
  'GET /auth/start',
  'GET /auth/callback',
  'POST /v1/auth/token',
  'GET /v1/me/devices',
  'DELETE /v1/me/devices/current',
  'DELETE /v1/me/devices/{id}',
  'GET /v1/me/feed-tokens',
  'POST /v1/me/feed-tokens',
  'DELETE /v1/me/feed-tokens/{id}',
  // Webhooks (issue 16).
  'GET /v1/webhooks',
  'POST /v1/webhooks',
  'GET /v1/webhooks/{id}',
  'DELETE /v1/webhooks/{id}',
  'POST /v1/webhooks/{id}/test',
  'GET /v1/webhooks/{id}/deliveries',
  'GET /v1/admin/webhooks',
  'POST /v1/admin/webhooks',
  'GET /v1/groups/{id}/webhooks',
  'POST /v1/groups/{id}/webhooks',
];

/** Paths outside /v1: the browser's sign-in flow (issue 14). */
const BROWSER_PATHS = ['/auth/start', '/auth/callback'];

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

type Operation = {
  summary?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: object }>;
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
  security?: unknown[];
};
type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
  security?: Array<Record<string, unknown[]>>;
};

describe('OpenAPI document', () => {
  const { t } = useServer('sqlite', { once: true });
  let doc: Doc;
  beforeAll(async () => {
    const res = await call(t, 'GET', '/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    doc = res.json() as Doc;
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({ path, method, op })),
    );

  it('is OpenAPI 3.1 with info, bearer security and paths', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBe('Outloud');
    expect(doc.info.version).toMatch(/\S/);
    expect(doc.components?.securitySchemes?.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearer: [] }]);
    for (const path of Object.keys(doc.paths)) {
      if (!BROWSER_PATHS.includes(path)) expect(path).toMatch(/^\/v1\//);
    }
  });

  it('lists every route of the contract, and only those', () => {
    const listed = operations().map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect([...listed].sort()).toEqual([...CONTRACT].sort());
  });

  it('declares every path parameter and describes every response', () => {
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      expect(op.summary, where).toMatch(/\S/);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
      expect(declared.map((p) => p.name).sort(), where).toEqual([...templated].sort());
      for (const p of declared) expect(p.required, `${where} ${p.name}`).toBe(true);
      expect(Object.keys(op.responses).length, where).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(op.responses)) {
        expect(status, where).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
        expect(typeof response.description, `${where} ${status}`).toBe('string');
      }
      // Every route that takes a token may answer 401; public ones (`security: []`) need not.
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      if (!path.startsWith('/v1/health') && !isPublic) {
        expect(Object.keys(op.responses), where).toContain('401');
      }
    }
  });

  it('holds only valid JSON Schema 2020-12 schemas', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    let count = 0;
    for (const { path, method, op } of operations()) {
      const schemas = [
        ...(op.parameters ?? []).map((p) => p.schema),
        ...Object.values(op.requestBody?.content ?? {}).map((c) => c.schema),
        ...Object.values(op.responses).flatMap((r) =>
          Object.values(r.content ?? {}).map((c) => c.schema),
        ),
      ];
      for (const schema of schemas) {
        expect(schema, `${method} ${path}`).toBeTypeOf('object');
        expect(ajv.validateSchema(schema as object), `${method} ${path}`).toBe(true);
        expect(() => ajv.compile(schema as object), `${method} ${path}`).not.toThrow();
        count++;
      }
    }
    expect(count).toBeGreaterThan(CONTRACT.length);
  });

  it('describes the read routes’ query parameters and bodies', () => {
    const query = (path: string, method = 'get') =>
      (doc.paths[path]![method]!.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort();
    expect(query('/v1/pages')).toEqual(['cursor', 'limit', 'prefix']);
    expect(query('/v1/search')).toEqual(['cursor', 'limit', 'q', 'type']);
    expect(query('/v1/feed')).toEqual(['cursor', 'limit']);
    expect(query('/v1/notifications')).toEqual(['cursor', 'limit']);
    expect(query('/v1/trending')).toEqual(['days']);
    const importBody = doc.paths['/v1/import/bookmarks']!.post!.requestBody!.content;
    expect(Object.keys(importBody).sort()).toEqual(['application/json', 'text/html', 'text/plain']);
    const exported = doc.paths['/v1/export/bookmarks.html']!.get!.responses['200']!;
    expect(Object.keys(exported.content ?? {})).toEqual(['text/html']);
  });
});
