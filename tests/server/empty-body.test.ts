/**
 * Body-less requests that carry `Content-Type: application/json` (many HTTP clients send it on
 * every call) are answered as if no content type were sent: routes that need no body work, a
 * route that needs one says so with a 400, and bad JSON is still refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addUser, call, databases, makeApp, newId, type TestApp } from './helpers.ts';

const JSON_TYPE = { 'content-type': 'application/json' };

describe.each(databases())('empty JSON bodies on %s', (dialect) => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  it('accepts an empty body with a JSON content type where the route needs no body', async () => {
    t = await makeApp(dialect);
    const ada = await addUser(t, 'ada');
    const bob = await addUser(t, 'bob');
    const id = newId();
    await call(t, 'PUT', `/v1/statuses/${id}`, { token: bob, body: { text: 'hello @ada' } });
    for (const headers of [JSON_TYPE, { 'content-type': 'application/json; charset=utf-8' }]) {
      const liked = await call(t, 'PUT', `/v1/likes/${id}`, { token: ada, headers });
      expect(liked.statusCode, liked.body).toBeLessThan(300);
      const read = await call(t, 'POST', '/v1/notifications/read', { token: ada, headers });
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json().unread).toBe(0);
      const unliked = await call(t, 'DELETE', `/v1/likes/${id}`, { token: ada, headers });
      expect(unliked.statusCode, unliked.body).toBe(200);
      const followed = await call(t, 'PUT', '/v1/follows/bob', { token: ada, headers });
      expect(followed.statusCode, followed.body).toBeLessThan(300);
    }
    const deleted = await call(t, 'DELETE', `/v1/statuses/${id}`, {
      token: bob,
      headers: JSON_TYPE,
    });
    expect(deleted.statusCode, deleted.body).toBe(200);
  });

  it('still refuses a missing body where one is needed, and bad JSON', async () => {
    t = await makeApp(dialect);
    const ada = await addUser(t, 'ada');
    const missing = await call(t, 'PUT', `/v1/bookmarks/${newId()}`, {
      token: ada,
      headers: JSON_TYPE,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('invalid');
    expect(missing.json().error.message).toMatch(/^body/);
    for (const payload of ['{"url":', '{"__proto__":{"x":1},"text":"hi"}']) {
      const bad = await call(t, 'PUT', `/v1/statuses/${newId()}`, {
        token: ada,
        body: payload,
        headers: JSON_TYPE,
      });
      expect(bad.statusCode, payload).toBe(400);
      expect(bad.json().error.code).toBe('invalid');
    }
  });
});
