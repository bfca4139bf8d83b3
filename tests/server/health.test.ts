/** The health route, through `app.inject()`. */
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { VERSION } from '../../src/server/version.ts';

describe('GET /v1/health', () => {
  it('says ok with the version', async () => {
    const app = await buildApp();
    const res = await app.inject({ method: 'GET', url: '/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', version: VERSION });
    await app.close();
  });
});
