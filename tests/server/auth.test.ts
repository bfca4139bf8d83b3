/**
 * The authorisation matrix, driven by the OpenAPI document so every route is covered as routes
 * are added: each authenticated route × no token, a malformed token, an unknown token and a
 * revoked token (or a deactivated person's) answers 401; another person's token is refused on the caller's objects; and no
 * read route ever shows another person's private items (a canary string planted in them must
 * never appear in what anyone else receives).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { urlKey } from '../../src/core/url.ts';
import { revokeTokens } from '../../src/server/repos/users.ts';
import { newToken } from '../../src/server/tokens.ts';
import { addUser, call, databases, newId, type TestApp, useServer } from './helpers.ts';

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';
type Operation = { security?: unknown[] };
type OpenApi = { paths: Record<string, Record<string, Operation>> };

/** Every authenticated route in the OpenAPI document as [method, path template]. */
async function authenticatedRoutes(t: TestApp): Promise<Array<[Method, string]>> {
  const doc = (await call(t, 'GET', '/v1/openapi.json')).json() as OpenApi;
  const routes: Array<[Method, string]> = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (Array.isArray(op.security) && op.security.length === 0) continue; // public
      routes.push([method.toUpperCase() as Method, path]);
    }
  }
  return routes;
}

function fill(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? newId());
}

const CANARY = 'zebracanary';

describe.each(databases())('authorisation on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob'], once: true });
  let revoked: string;
  let deactivated: string;
  const ids = {
    bookmark: newId(),
    snippet: newId(),
    status: newId(),
    comment: newId(),
    flip: newId(),
  };
  let key = '';

  beforeAll(async () => {
    revoked = await addUser(t, 'carl');
    await revokeTokens(t.db, 'carl');
    // A live token whose person an admin deactivated finds nobody.
    deactivated = await addUser(t, 'dora');
    await t.db.kysely
      .updateTable('users')
      .set({ deactivated_at: new Date().toISOString() })
      .where('handle', '=', 'dora')
      .execute();
    const page = `https://${CANARY}.example/page`;
    key = await urlKey(page);
    const priv = { visibility: 'private' };
    const puts: Array<[string, unknown]> = [
      [`/v1/bookmarks/${ids.bookmark}`, { url: page, title: CANARY, tags: [CANARY], ...priv }],
      [
        `/v1/snippets/${ids.snippet}`,
        { url: page, quote: { exact: CANARY }, comment: `${CANARY} @bob`, ...priv },
      ],
      [`/v1/statuses/${ids.status}`, { text: `${CANARY} @bob`, url: page, ...priv }],
      [`/v1/comments/${ids.comment}`, { targetId: ids.status, text: `${CANARY} @bob` }],
      [`/v1/statuses/${ids.flip}`, { text: `${CANARY} flip`, url: page }],
      [`/v1/statuses/${ids.flip}`, { text: `${CANARY} flip`, url: page, ...priv }],
    ];
    for (const [url, body] of puts) {
      const res = await call(t, 'PUT', url, { token: tokens.ada, body });
      expect(res.statusCode, `${url} ${res.body}`).toBeLessThan(300);
    }
    expect(
      (await call(t, 'PUT', `/v1/likes/${ids.bookmark}`, { token: tokens.ada })).statusCode,
    ).toBe(201);
  });

  it('answers 401 on every authenticated route without a valid, live token', async () => {
    const routes = await authenticatedRoutes(t);
    expect(routes.length).toBeGreaterThan(15);
    const headers: Array<[string, Record<string, string>]> = [
      ['no token', {}],
      ['malformed', { authorization: 'Bearer' }],
      ['not bearer', { authorization: `Basic ${Buffer.from('ada:x').toString('base64')}` }],
      ['unknown token', { authorization: `Bearer ${newToken()}` }],
      ['revoked token', { authorization: `Bearer ${revoked}` }],
      ["deactivated person's token", { authorization: `Bearer ${deactivated}` }],
    ];
    for (const [method, template] of routes) {
      const url = fill(template, { handle: 'ada', urlKey: key });
      for (const [label, h] of headers) {
        const res = await call(t, method, url, {
          headers: h,
          body: method === 'GET' || method === 'DELETE' ? undefined : {},
        });
        expect(res.statusCode, `${method} ${url} with ${label}`).toBe(401);
        expect(res.json().error.code).toBe('unauthorized');
      }
    }
  });

  it("refuses changes to another person's items: 403 when visible, 404 when private", async () => {
    const pub = newId();
    await call(t, 'PUT', `/v1/bookmarks/${pub}`, {
      token: tokens.ada,
      body: { url: 'https://pub.example/' },
    });
    const put = await call(t, 'PUT', `/v1/bookmarks/${pub}`, {
      token: tokens.bob,
      body: { url: 'https://pub.example/', title: 'mine now' },
    });
    expect(put.statusCode).toBe(403);
    expect(
      (await call(t, 'DELETE', `/v1/bookmarks/${pub}`, { token: tokens.bob })).statusCode,
    ).toBe(403);
    for (const [type, id] of [
      ['bookmarks', ids.bookmark],
      ['snippets', ids.snippet],
      ['statuses', ids.status],
      ['comments', ids.comment],
      ['statuses', ids.flip],
    ] as const) {
      expect((await call(t, 'GET', `/v1/${type}/${id}`, { token: tokens.bob })).statusCode).toBe(
        404,
      );
      expect((await call(t, 'DELETE', `/v1/${type}/${id}`, { token: tokens.bob })).statusCode).toBe(
        404,
      );
      expect((await call(t, 'GET', `/v1/${type}/${id}`, { token: tokens.ada })).statusCode).toBe(
        200,
      );
    }
    expect(
      (await call(t, 'PUT', `/v1/likes/${ids.bookmark}`, { token: tokens.bob })).statusCode,
    ).toBe(404);
    const comment = { targetId: ids.bookmark, text: 'hi' };
    expect(
      (await call(t, 'PUT', `/v1/comments/${newId()}`, { token: tokens.bob, body: comment }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await call(t, 'GET', '/v1/bookmarks/00000000-0000-4000-8000-000000000000', {
          token: tokens.bob,
        })
      ).statusCode,
    ).toBe(404);
  });

  it("never shows another person's private items on any read route", async () => {
    const routes = (await authenticatedRoutes(t)).filter(([m]) => m === 'GET');
    const queries = [
      '',
      `?q=${CANARY}`,
      `?prefix=${key.slice(0, 8)}`,
      '?days=365',
      `?q=${CANARY}&type=status`,
    ];
    let checked = 0;
    for (const [, template] of routes) {
      const urls = template.includes('{id}')
        ? Object.values(ids).map((id) => fill(template, { id }))
        : [fill(template, { urlKey: key, handle: 'ada' })];
      for (const base of urls) {
        for (const query of queries) {
          const res = await call(t, 'GET', `${base}${query}`, { token: tokens.bob });
          expect(res.statusCode, `${base}${query}`).toBeLessThan(500);
          expect(res.body, `${base}${query}`).not.toContain(CANARY);
          // An id may only come back when the caller sent it (a 404 naming it); the once-public
          // `flip` comes back as a tombstone in /v1/changes, content-free (checked below).
          const never = [ids.bookmark, ids.snippet, ids.status, ids.comment];
          for (const id of never.filter((i) => !base.includes(i))) {
            expect(res.body, `${base}${query}`).not.toContain(id);
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
    const changes = (await call(t, 'GET', '/v1/changes', { token: tokens.bob })).json();
    const flip = changes.items.find((c: { key: string }) => c.key === ids.flip);
    expect(flip).toEqual({ type: 'status', key: ids.flip, deleted: true });
    // The owner does see them (the canary is reachable, so the check above means something).
    const own = await call(t, 'GET', '/v1/changes', { token: tokens.ada });
    expect(own.body).toContain(CANARY);
  });
});
