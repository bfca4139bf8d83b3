/**
 * Requests without a valid token are limited per client address before any token work: no
 * token, malformed tokens and random tokens all count against the address, and past the limit
 * the address gets `429` with `Retry-After`, while a valid token from the same address (a
 * colleague behind the same NAT) is still admitted. People elsewhere are unaffected. IPv6 addresses count by their /64; `X-Forwarded-For`
 * counts only from a trusted proxy.
 */
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthFailures } from '../../src/server/auth-failures.ts';
import { addressKey } from '../../src/server/client-address.ts';
import { addUser, databases, makeApp, type TestApp } from './helpers.ts';

const randomToken = () => randomBytes(32).toString('base64url');

/** `GET /v1/me` from `address` with `authorization` (none when undefined). */
function me(
  t: TestApp,
  address: string,
  authorization?: string,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'GET',
    url: '/v1/me',
    remoteAddress: address,
    headers: { ...(authorization ? { authorization } : {}), ...headers },
  });
}

describe.each(databases())('failed-authentication limit on %s', (dialect) => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  it('answers no token and random tokens with 429 and Retry-After past the limit', async () => {
    t = await makeApp(dialect, {
      authRateLimit: { max: 5, timeWindowMs: 60_000 },
      rateLimit: { max: 1000, timeWindowMs: 60_000 },
    });
    const ada = await addUser(t, 'ada');
    const attacker = '203.0.113.7';
    const tries = [
      undefined,
      `Bearer ${randomToken()}`,
      'Bearer short',
      `Bearer ${randomToken()}`,
      `Basic ${randomToken()}`,
    ];
    for (const authorization of tries) {
      expect((await me(t, attacker, authorization)).statusCode).toBe(401);
    }
    for (const authorization of [undefined, `Bearer ${randomToken()}`, 'Bearer short']) {
      const limited = await me(t, attacker, authorization);
      expect(limited.statusCode, authorization).toBe(429);
      expect(limited.json().error.code).toBe('rate_limited');
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // Other routes of the same address too; public ones are not authentication.
    const search = await t.app.inject({
      url: '/v1/search?q=x',
      remoteAddress: attacker,
      headers: { authorization: `Bearer ${randomToken()}` },
    });
    expect(search.statusCode).toBe(429);
    const health = await t.app.inject({ url: '/v1/health', remoteAddress: attacker });
    expect(health.statusCode).toBe(200);
    // A colleague behind the same address with a valid token is not locked out.
    expect((await me(t, attacker, `Bearer ${ada}`)).statusCode).toBe(200);
    expect((await me(t, attacker, `Bearer ${randomToken()}`)).statusCode).toBe(429);
  });

  it('leaves people at other addresses alone, and successes never count', async () => {
    t = await makeApp(dialect, { authRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const ada = await addUser(t, 'ada');
    for (let i = 0; i < 10; i++) await me(t, '203.0.113.7', `Bearer ${randomToken()}`);
    expect((await me(t, '203.0.113.7', `Bearer ${randomToken()}`)).statusCode).toBe(429);
    for (let i = 0; i < 10; i++) {
      expect((await me(t, '198.51.100.4', `Bearer ${ada}`)).statusCode).toBe(200);
    }
    // Only failures count: two more from the busy address still leave it under the limit.
    for (let i = 0; i < 2; i++) await me(t, '198.51.100.4', `Bearer ${randomToken()}`);
    expect((await me(t, '198.51.100.4', `Bearer ${ada}`)).statusCode).toBe(200);
  });

  it('counts IPv6 addresses by their /64 and IPv4-mapped ones as IPv4', async () => {
    t = await makeApp(dialect, { authRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const ada = await addUser(t, 'ada');
    for (const address of ['2001:db8:1:2::1', '2001:db8:1:2:ffff::9', '2001:DB8:1:2:0:0:0:3']) {
      expect((await me(t, address, `Bearer ${randomToken()}`)).statusCode).toBe(401);
    }
    expect((await me(t, '2001:db8:1:2:abcd::1', `Bearer ${randomToken()}`)).statusCode).toBe(429);
    expect((await me(t, '2001:db8:1:3::1', `Bearer ${ada}`)).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) await me(t, '::ffff:192.0.2.1', `Bearer ${randomToken()}`);
    expect((await me(t, '192.0.2.1', `Bearer ${randomToken()}`)).statusCode).toBe(429);
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    t = await makeApp(dialect, {
      authRateLimit: { max: 3, timeWindowMs: 60_000 },
      trustProxy: ['10.0.0.1'],
    });
    const ada = await addUser(t, 'ada');
    const via = (client: string) => ({ 'x-forwarded-for': client });
    // Through the proxy, each client counts alone.
    for (let i = 0; i < 3; i++) await me(t, '10.0.0.1', undefined, via('203.0.113.7'));
    expect(
      (await me(t, '10.0.0.1', `Bearer ${randomToken()}`, via('203.0.113.7'))).statusCode,
    ).toBe(429);
    expect((await me(t, '10.0.0.1', `Bearer ${ada}`, via('198.51.100.4'))).statusCode).toBe(200);
    // From anyone else the header is ignored: changing it buys no fresh count.
    for (let i = 0; i < 3; i++) {
      await me(t, '192.0.2.50', undefined, via(`198.51.100.${i + 10}`));
    }
    expect(
      (await me(t, '192.0.2.50', `Bearer ${randomToken()}`, via('198.51.100.99'))).statusCode,
    ).toBe(429);
  });
});

describe('addressKey', () => {
  it.each([
    ['192.0.2.1', 'v4:192.0.2.1'],
    ['::ffff:192.0.2.1', 'v4:192.0.2.1'],
    ['::ffff:c000:201', 'v4:192.0.2.1'],
    ['2001:db8:1:2::1', 'v6:2001:db8:1:2::/64'],
    ['2001:DB8:0001:0002:ffff:ffff:ffff:ffff', 'v6:2001:db8:1:2::/64'],
    ['2001:db8::', 'v6:2001:db8:0:0::/64'],
    ['::1', 'v6:0:0:0:0::/64'],
    ['fe80::1%eth0', 'v6:fe80:0:0:0::/64'],
  ])('%s counts as %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});

describe('AuthFailures', () => {
  it('blocks at the limit until the window ends', () => {
    let now = 1_000;
    const failures = new AuthFailures({ max: 2, timeWindowMs: 60_000 }, 10, () => now);
    failures.fail('a');
    expect(failures.blockedFor('a')).toBe(0);
    failures.fail('a');
    expect(failures.blockedFor('a')).toBe(60_000);
    now += 59_000;
    expect(failures.blockedFor('a')).toBe(1_000);
    now += 1_000;
    expect(failures.blockedFor('a')).toBe(0);
    failures.fail('a');
    expect(failures.blockedFor('a')).toBe(0);
  });

  it('holds at most maxAddresses, forgetting the oldest first', () => {
    const failures = new AuthFailures({ max: 1, timeWindowMs: 60_000 }, 3, () => 0);
    for (const key of ['a', 'b', 'c', 'd']) failures.fail(key);
    expect(failures.blockedFor('a')).toBe(0);
    for (const key of ['b', 'c', 'd']) expect(failures.blockedFor(key)).toBeGreaterThan(0);
  });
});
