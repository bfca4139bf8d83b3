/**
 * Limits and edges: 413 over 256 KiB, 415 for non-JSON, 429 with Retry-After per token, CORS
 * only for extension and configured origins, and tokens never written to the logs.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { revokeTokens } from '../../src/server/repos/users.ts';
import { addUser, call, databases, makeApp, newId, type TestApp } from './helpers.ts';

const CHROME = `chrome-extension://${'abcdefghijklmnop'.repeat(2)}`;
const FIREFOX = 'moz-extension://3f1c1a1e-1d2b-4c3d-9e8f-0a1b2c3d4e5f';

describe.each(databases())('limits on %s', (dialect) => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  it('answers bodies over 256 KiB with 413 and non-JSON with 415', async () => {
    t = await makeApp(dialect);
    const token = await addUser(t, 'ada');
    const big = {
      mutations: [{ id: newId(), op: 'put', type: 'status', data: { text: 'x'.repeat(300_000) } }],
    };
    const res = await call(t, 'POST', '/v1/sync', { token, body: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('too_large');
    const text = await call(t, 'PUT', `/v1/statuses/${newId()}`, {
      token,
      body: '<status>hello</status>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('unsupported_media_type');
  });

  it('rate-limits per token with 429 and Retry-After', async () => {
    t = await makeApp(dialect, { rateLimit: { max: 3, timeWindowMs: 60_000 } });
    const ada = await addUser(t, 'ada');
    const bob = await addUser(t, 'bob');
    for (let i = 0; i < 3; i++)
      expect((await call(t, 'GET', '/v1/me', { token: ada })).statusCode).toBe(200);
    const limited = await call(t, 'GET', '/v1/me', { token: ada });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error.code).toBe('rate_limited');
    expect((await call(t, 'GET', '/v1/me', { token: bob })).statusCode).toBe(200);
  });

  it('allows CORS only from extension pages and configured web origins', async () => {
    t = await makeApp(dialect, { webOrigins: ['https://intranet.example'] });
    const token = await addUser(t, 'ada');
    for (const origin of [CHROME, FIREFOX, 'https://intranet.example']) {
      const res = await call(t, 'GET', '/v1/me', { token, headers: { origin } });
      expect(res.headers['access-control-allow-origin'], origin).toBe(origin);
    }
    for (const origin of ['https://evil.example', 'chrome-extension://short', 'null']) {
      const res = await call(t, 'GET', '/v1/me', { token, headers: { origin } });
      expect(res.headers['access-control-allow-origin'], origin).toBeUndefined();
    }
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: `/v1/bookmarks/${newId()}`,
      headers: {
        origin: CHROME,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(CHROME);
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('PUT');
  });

  it('never writes a token to the logs', async () => {
    let logs = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logs += String(chunk);
        done();
      },
    });
    t = await makeApp(dialect, { logger: { level: 'trace', stream } });
    const ada = await addUser(t, 'ada');
    const carl = await addUser(t, 'carl');
    await revokeTokens(t.db, 'carl');
    await call(t, 'GET', '/v1/me', { token: ada });
    await call(t, 'GET', '/v1/me', { token: carl });
    await call(t, 'PUT', `/v1/bookmarks/${newId()}`, { token: ada, body: { url: 'nope' } });
    await call(t, 'GET', '/v1/changes?cursor=garbage', { token: ada });
    await call(t, 'POST', '/v1/sync', { token: ada, body: { mutations: [] } });
    expect(logs).toContain('incoming request'); // the logger did log these requests
    expect(logs).not.toContain(ada);
    expect(logs).not.toContain(carl);
  });
});
