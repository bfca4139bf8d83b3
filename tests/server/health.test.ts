/** The public routes: health and the OpenAPI document, on every test database. */
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/server/version.ts';
import { call, databases, useServer } from './helpers.ts';

describe.each(databases())('public routes on %s', (dialect) => {
  const { t } = useServer(dialect);

  it('GET /v1/health says ok with the version, without a token', async () => {
    const res = await call(t, 'GET', '/v1/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', version: VERSION });
  });

  it('GET /v1/me needs a token and answers the caller', async () => {
    const token = await import('./helpers.ts').then((h) => h.addUser(t, 'ada', 'Ada Lovelace'));
    expect((await call(t, 'GET', '/v1/me')).statusCode).toBe(401);
    const res = await call(t, 'GET', '/v1/me', { token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ handle: 'ada', name: 'Ada Lovelace' });
  });

  it('unknown routes answer a JSON 404', async () => {
    const res = await call(t, 'GET', '/v1/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});
