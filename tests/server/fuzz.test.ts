/**
 * Every route fuzzed (fast-check) on each database: random JSON, wrong types, huge strings, deep
 * nesting, lone surrogates, raw invalid UTF-8, non-web URLs, SQL- and FTS-looking strings,
 * prototype-pollution keys in bodies and query strings, weird path parameters, wrong content
 * types. Every answer is a 2xx or 4xx, the app still answers health, `Object.prototype` stays
 * clean, and valid strings (any Unicode scalar value but U+0000) come back byte for byte; NUL
 * and lone surrogates are refused with a 400 naming the field on both databases alike.
 */

import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { urlKey } from '../../src/core/url.ts';
import { buildApp } from '../../src/server/app.ts';
import { createToken } from '../../src/server/repos/users.ts';
import {
  anyJsonText,
  anyString,
  contentType,
  jsonString,
  objectText,
  pathParam,
  queryString,
  rawPayload,
} from './fuzz-inputs.ts';
import { roundTrips, type Sender } from './fuzz-round-trip.ts';
import { call, databases, newId, useServer } from './helpers.ts';

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';
type Route = { method: Method; template: string; hasBody: boolean };

/** Fields each body-taking route knows, so shaped bodies reach past "unknown property". */
const FIELDS: Record<string, string[]> = {
  '/v1/bookmarks/{id}': ['url', 'title', 'description', 'tags', 'visibility'],
  '/v1/snippets/{id}': ['url', 'title', 'quote', 'comment', 'visibility'],
  '/v1/statuses/{id}': ['text', 'url', 'title', 'question', 'visibility'],
  '/v1/comments/{id}': ['targetId', 'text'],
  '/v1/notifications/read': ['upTo'],
  '/v1/import/bookmarks': ['html', 'visibility', 'foldersAsTags'],
  '/v1/sync': ['mutations'],
};

const RUNS_PER_ROUTE = 100;

describe.each(databases())('fuzz on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob'], once: true });
  let routes: Route[] = [];
  const known: string[] = [];
  let cases = 0;
  let errorCount = 0;
  /** This test's answers outside 2xx/4xx (emptied before each test). */
  let serverErrors: string[] = [];

  /** Sends one request, counts it, and records any answer outside 2xx/4xx. */
  const send: Sender = async (request: InjectOptions): Promise<LightMyRequestResponse> => {
    cases++;
    const res = await t.app.inject(request);
    if (res.statusCode < 200 || res.statusCode >= 500) {
      errorCount++;
      const sent = request.payload === undefined ? '' : String(request.payload).slice(0, 300);
      const what = `${request.method} ${String(request.url).slice(0, 200)} ${JSON.stringify(sent)}`;
      serverErrors.push(`${res.statusCode} ${what}: ${res.body.slice(0, 200)}`);
    }
    return res;
  };

  beforeAll(async () => {
    const fixtures: Array<[string, string, unknown]> = [
      [tokens.ada, 'bookmarks', { url: 'https://fuzz.example/a' }],
      [tokens.ada, 'statuses', { text: 'private @bob', visibility: 'private' }],
      [tokens.bob, 'snippets', { url: 'https://fuzz.example/b', quote: { exact: 'q' } }],
      [tokens.bob, 'bookmarks', { url: 'https://fuzz.example/b', visibility: 'private' }],
    ];
    for (const [token, plural, body] of fixtures) {
      const id = newId();
      const res = await call(t, 'PUT', `/v1/${plural}/${id}`, { token, body });
      expect(res.statusCode, res.body).toBe(201);
      known.push(id);
    }
    known.push('ada', 'bob', await urlKey('https://fuzz.example/a'));
    const doc = (await call(t, 'GET', '/v1/openapi.json')).json() as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    routes = Object.entries(doc.paths).flatMap(([template, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase() as Method,
        template,
        hasBody: op.requestBody !== undefined,
      })),
    );
  });

  beforeEach(() => {
    serverErrors = [];
  });

  afterEach(() => {
    // Nothing reached Object.prototype through __proto__ / constructor.prototype keys.
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  afterAll(async () => {
    console.log(`fuzz: ${cases} cases, ${errorCount} server errors (${dialect})`);
  });

  /** A body for `route`: any JSON, a shaped object with hostile values, or raw bytes. */
  function bodyFor(route: Route): fc.Arbitrary<string | Buffer | undefined> {
    const fields = FIELDS[route.template] ?? ['url', 'text', 'x'];
    const value = fc.oneof(
      anyJsonText,
      anyString.map(jsonString),
      fc.constantFrom(...known).map(jsonString),
      fc.array(anyString, { maxLength: 25 }).map((a) => `[${a.map(jsonString).join(',')}]`),
      fc.constantFrom('"https://example.org/x"', '"public"', '"private"', 'true', '{"exact":"x"}'),
    );
    const shaped = fc
      .array(fc.tuple(fc.constantFrom(...fields, '__proto__', 'constructor'), value), {
        maxLength: fields.length + 1,
      })
      .map((entries) => objectText(entries));
    const mutation = fc
      .tuple(
        fc.oneof(fc.uuid(), fc.constantFrom(...known), anyString),
        fc.constantFrom('put', 'delete', 'zap'),
        fc.constantFrom('bookmark', 'snippet', 'status', 'comment', 'like', 'follow', '__proto__'),
        fc.oneof(shaped, anyJsonText),
      )
      .map(([id, op, type, data]) =>
        objectText([
          ['id', jsonString(id)],
          ['op', jsonString(op)],
          ['type', jsonString(type)],
          ['data', data],
        ]),
      );
    const sync = fc
      .array(mutation, { maxLength: 6 })
      .map((m) => objectText([['mutations', `[${m.join(',')}]`]]));
    return fc.oneof(
      { weight: 4, arbitrary: route.template === '/v1/sync' ? sync : shaped },
      { weight: 2, arbitrary: anyJsonText },
      { weight: 1, arbitrary: rawPayload },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
  }

  /** A route that revokes the caller's own token when it succeeds (sign-out). */
  const selfRevoking = (route: Route) =>
    route.method === 'DELETE' && route.template === '/v1/me/devices/current';

  it('answers every route with 2xx/4xx whatever the path, query, body or content type', async () => {
    expect(routes.length).toBeGreaterThan(25);
    for (const route of routes) {
      const request = fc.record({
        path: fc.array(pathParam(known), { minLength: 1, maxLength: 1 }),
        query: fc.option(queryString, { nil: undefined }),
        body: route.hasBody || route.method !== 'GET' ? bodyFor(route) : fc.constant(undefined),
        type: contentType,
        who: fc.constantFrom('ada', 'ada', 'ada', 'bob', 'none', 'garbage'),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ path, query, body, type, who }) => {
          const url =
            route.template.replace(/\{\w+\}/, () => path[0] ?? '') + (query ? `?${query}` : '');
          // Signing out revokes the token it is sent with: Ada signs out a device of her own
          // made for the one request, so her token stays good for every other case.
          const ada = selfRevoking(route) ? (await createToken(t.db, 'ada'))! : tokens.ada;
          const token =
            who === 'ada' ? ada : who === 'bob' ? tokens.bob : who === 'garbage' ? 'x' : '';
          const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
          if (body !== undefined && type) headers['content-type'] = type;
          const res = await send({ method: route.method, url, headers, payload: body });
          if (res.statusCode >= 400 && res.statusCode < 500) {
            expect(res.json().error.code, res.body).toBeTypeOf('string');
          }
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
    }
    expect(serverErrors).toEqual([]);
  });

  it('refuses pollution keys in bodies and queries without polluting anything', async () => {
    const bodies = [
      '{"__proto__":{"polluted":"yes"},"url":"https://example.org/"}',
      '{"url":"https://example.org/","constructor":{"prototype":{"polluted":"yes"}}}',
      '{"text":"x","__proto__":{"visibility":"private","polluted":"yes"}}',
      '{"mutations":[{"id":"x","op":"put","type":"status","data":{"__proto__":{"polluted":1}}}]}',
      '{"mutations":[{"__proto__":{"polluted":1},"id":"x","op":"put","type":"status"}]}',
    ];
    const paths = [`/v1/bookmarks/${newId()}`, `/v1/statuses/${newId()}`, '/v1/sync'];
    for (const payload of bodies) {
      for (const url of paths) {
        const method = url === '/v1/sync' ? 'POST' : 'PUT';
        const res = await send({
          method,
          url,
          headers: { authorization: `Bearer ${tokens.ada}`, 'content-type': 'application/json' },
          payload,
        });
        expect(res.statusCode, `${url} ${payload} → ${res.body}`).toBeLessThan(500);
      }
    }
    for (const q of [
      '__proto__[polluted]=1',
      'constructor[prototype][polluted]=1',
      '__proto__=x',
    ]) {
      for (const path of ['/v1/search?q=a&', '/v1/people?', '/v1/changes?', '/v1/trending?']) {
        const res = await send({
          method: 'GET',
          url: `${path}${q}`,
          headers: { authorization: `Bearer ${tokens.ada}` },
        });
        expect(res.statusCode, `${path}${q}`).toBeLessThan(500);
      }
    }
    expect(serverErrors).toEqual([]);
  });

  it('stores valid strings byte for byte and refuses NUL and lone surrogates with a 400', async () => {
    await roundTrips(send, tokens.ada);
    expect(serverErrors).toEqual([]);
  });

  it('answers inputs that once gave a 500 or a bare Fastify error with a 400 error body', async () => {
    const auth = { authorization: `Bearer ${tokens.ada}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const regressions: InjectOptions[] = [
      // PostgreSQL text cannot hold NUL: the insert failed with a 500 (SQLite stored it).
      {
        method: 'PUT',
        url: `/v1/statuses/${newId()}`,
        headers: json,
        payload: '{"text":"a\\u0000"}',
      },
      { method: 'GET', url: '/v1/people?q=%00', headers: auth },
      // A lone surrogate was stored as one or three U+FFFD depending on the driver.
      {
        method: 'PUT',
        url: `/v1/statuses/${newId()}`,
        headers: json,
        payload: '{"text":"\\ud800"}',
      },
      // No Content-Type: no body schema applied and the handler read a property of undefined.
      { method: 'POST', url: '/v1/import/bookmarks', headers: auth },
      // A bad percent-escape in the path came back in Fastify's own error shape.
      { method: 'GET', url: '/v1/bookmarks/%', headers: auth },
    ];
    for (const request of regressions) {
      const res = await send(request);
      expect(res.statusCode, `${request.method} ${request.url} ${res.body}`).toBe(400);
      expect(res.json().error).toEqual({ code: 'invalid', message: expect.any(String) });
    }
  });

  it('still answers health, over a real socket too, after all of it', async () => {
    expect((await call(t, 'GET', '/v1/health')).json().status).toBe('ok');
    const served = await buildApp({ db: t.db, rateLimit: false });
    const address = await served.listen({ host: '127.0.0.1', port: 0 });
    try {
      for (const payload of [Buffer.from([0x7b, 0x22, 0xff, 0xfe]), Buffer.from('[[[[[[[[')]) {
        const res = await fetch(`${address}/v1/statuses/${newId()}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${tokens.ada}`, 'content-type': 'application/json' },
          body: payload,
        });
        expect(res.status).toBe(400);
      }
      const health = await fetch(`${address}/v1/health`);
      expect(health.status).toBe(200);
    } finally {
      await served.close();
    }
  });
});
