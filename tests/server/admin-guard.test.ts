/**
 * The admin guard, driven by the OpenAPI document so every admin route is covered as routes are
 * added: each `/v1/admin/*` route answers a member `403 forbidden` (whatever the parameters and
 * body, before validation), a request without a token 401, and an admin never 403.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, databases, newId, useServer } from './helpers.ts';

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';
type OpenApi = { paths: Record<string, Record<string, unknown>> };

describe.each(databases())('admin guard on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['root', 'ada', 'bob'], once: true });
  let routes: Array<[Method, string]> = [];

  beforeAll(async () => {
    await t.db.kysely
      .updateTable('users')
      .set({ role: 'admin' })
      .where('handle', '=', 'root')
      .execute();
    const doc = (await call(t, 'GET', '/v1/openapi.json')).json() as OpenApi;
    routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v1/admin/'))
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => [m.toUpperCase() as Method, path] as [Method, string]),
      );
  });

  it('covers the admin routes of the document', () => {
    expect(routes.map(([m, p]) => `${m} ${p}`)).toContain('GET /v1/admin/audit');
  });

  it('answers a member 403 on every admin route, and no token 401', async () => {
    for (const [method, path] of routes) {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
        name === 'handle' ? 'bob' : newId(),
      );
      for (const body of [undefined, {}, { handle: 'x', role: 'admin' }, 'not json']) {
        const res = await call(t, method, url, {
          token: tokens.ada,
          ...(method === 'GET' || method === 'DELETE' ? {} : { body }),
        });
        expect(res.statusCode, `${method} ${path} ${res.body}`).toBe(403);
        expect(res.json()).toMatchObject({ error: { code: 'forbidden' } });
      }
      expect((await call(t, method, url)).statusCode, `${method} ${path}`).toBe(401);
      const admin = await call(t, method, url, { token: tokens.root, body: {} });
      expect(admin.statusCode, `${method} ${path} as admin`).not.toBe(403);
      expect(admin.statusCode, `${method} ${path} as admin`).not.toBe(401);
    }
  });
});
