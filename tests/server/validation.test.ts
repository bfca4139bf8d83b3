/**
 * Request validation under random input (fast-check): arbitrary JSON, schema-shaped objects
 * with wrong values, raw garbage payloads and random query strings never get a 5xx; bodies that
 * are not the right shape get a 400 naming the field.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, call, databases, newId, useServer } from './helpers.ts';

const ROUTES = ['bookmarks', 'snippets', 'statuses', 'comments'] as const;

const FIELDS: Record<(typeof ROUTES)[number], string[]> = {
  bookmarks: ['url', 'title', 'description', 'tags', 'visibility'],
  snippets: ['url', 'title', 'quote', 'comment', 'visibility'],
  statuses: ['text', 'url', 'title', 'question', 'visibility'],
  comments: ['targetId', 'text'],
};

/** Values that are sometimes right and often wrong for any field. */
const value = fc.oneof(
  fc.string(),
  fc.webUrl(),
  fc.constantFrom('public', 'private', 'javascript:alert(1)', 'https://', ''),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 30 }),
  fc.record({ exact: fc.string(), start: fc.integer() }, { requiredKeys: [] }),
  fc.string({ minLength: 2000, maxLength: 6000 }),
  fc.uuid(),
);

function shaped(route: (typeof ROUTES)[number]) {
  const entries = Object.fromEntries(FIELDS[route].map((f) => [f, value]));
  return fc.record(entries, { requiredKeys: [] });
}

describe.each(databases())('validation on %s', (dialect) => {
  const { t } = useServer(dialect, { once: true });
  let token: string;
  let target: string;
  beforeAll(async () => {
    token = await addUser(t, 'ada');
    target = newId();
    await call(t, 'PUT', `/v1/statuses/${target}`, { token, body: { text: 'target' } });
  });

  it('answers arbitrary JSON bodies with a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.jsonValue(), async (route, body) => {
        const res = await call(t, 'PUT', `/v1/${route}/${newId()}`, {
          token,
          body: body as object,
        });
        expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, res.body).toBeLessThan(500);
        expect(res.json().error.code).toBeTypeOf('string');
      }),
      { numRuns: 80 },
    );
  });

  it('never answers schema-shaped bodies with wrong values with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES).chain((route) => fc.tuple(fc.constant(route), shaped(route))),
        fc.boolean(),
        async ([route, body], realTarget) => {
          const data: Record<string, unknown> = { ...body };
          if (route === 'comments' && realTarget) data.targetId = target;
          const id = newId();
          const res = await call(t, 'PUT', `/v1/${route}/${id}`, { token, body: data });
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (res.statusCode === 400) expect(res.json().error.message).toMatch(/^(body|params)/);
          if (res.statusCode === 201) {
            expect((await call(t, 'GET', `/v1/${route}/${id}`, { token })).statusCode).toBe(200);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never answers random sync batches with a 5xx, in the batch or in a result', async () => {
    const mutation = fc.record({
      id: fc.oneof(fc.uuid(), fc.string({ maxLength: 70 })),
      op: fc.constantFrom('put', 'delete', 'zap'),
      type: fc.constantFrom('bookmark', 'snippet', 'status', 'comment', 'like', 'follow', 'person'),
      data: fc.oneof(fc.jsonValue(), shaped('bookmarks'), shaped('statuses')),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { maxLength: 8 }), async (mutations) => {
        const res = await call(t, 'POST', '/v1/sync', { token, body: { mutations } });
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode === 200) {
          for (const r of res.json().results) expect(r.status, JSON.stringify(r)).toBeLessThan(500);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('answers raw garbage payloads and random query strings without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), async (raw) => {
        const res = await t.app.inject({
          method: 'PUT',
          url: `/v1/bookmarks/${newId()}`,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          payload: raw,
        });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/changes', '/v1/people', '/v1/follows'),
        fc.dictionary(fc.constantFrom('cursor', 'limit', 'q', 'x'), fc.string()),
        async (path, query) => {
          const qs = new URLSearchParams(query).toString();
          const res = await call(t, 'GET', `${path}?${qs}`, { token });
          expect(res.statusCode, `${path}?${qs} ${res.body}`).toBeLessThan(500);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('names the field in a 400', async () => {
    const res = await call(t, 'PUT', `/v1/bookmarks/${newId()}`, {
      token,
      body: { url: 'https://example.org/', tags: Array(21).fill('x') },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: { code: 'invalid', message: expect.stringMatching(/^body\/tags /) },
    });
    const extra = await call(t, 'PUT', `/v1/bookmarks/${newId()}`, {
      token,
      body: { url: 'https://example.org/', colour: 'red' },
    });
    expect(extra.json().error.message).toBe('body must not have the property colour');
    const missing = await call(t, 'PUT', `/v1/statuses/${newId()}`, { token, body: {} });
    expect(missing.json().error.message).toBe('body must have the property text');
    const badId = await call(t, 'GET', '/v1/bookmarks/nope', { token });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.message).toMatch(/^params\/id /);
  });
});
