/**
 * Devices (issue 14): every token is a device. Listing marks the caller's own; revoking one (or
 * the current one, signing out) takes effect on its next request; nobody reaches another
 * person's devices; the last use is written at most once an hour; tokens past
 * `OUTLOUD_TOKEN_MAX_AGE_DAYS` get `401 token_expired`, which is not counted as a failed
 * authentication. Both databases.
 */
import { describe, expect, it } from 'vitest';
import { createDeviceToken } from '../../src/server/repos/users.ts';
import { call, databases, type TestApp, useServer } from './helpers.ts';

type DeviceJson = {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  current: boolean;
};

const list = async (t: TestApp, token: string) => {
  const res = await call(t, 'GET', '/v1/me/devices', { token });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { devices: DeviceJson[] }).devices;
};

const lastUsed = async (t: TestApp, id: string) =>
  (
    await t.db.kysely
      .selectFrom('tokens')
      .select('last_used_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).last_used_at;

describe.each(databases())('devices on %s', (dialect) => {
  describe('listing and revoking', () => {
    const { t, tokens } = useServer(dialect, { people: ['ada', 'bob'] });

    it('lists the live devices with the current one marked', async () => {
      const laptop = await createDeviceToken(t.db, 'ada', 'Chrome on Linux');
      const devices = await list(t, laptop.token);
      expect(devices).toHaveLength(2);
      expect(devices[0]).toMatchObject({
        id: laptop.device.id,
        name: 'Chrome on Linux',
        current: true,
      });
      expect(devices[1]).toMatchObject({ name: '', current: false });
      expect((await list(t, tokens.ada)).find((d) => d.current)?.id).toBe(devices[1]!.id);
      expect((await list(t, tokens.bob)).map((d) => d.id)).not.toContain(laptop.device.id);
    });

    it('revokes another device, effective on its next request', async () => {
      const phone = await createDeviceToken(t.db, 'ada', 'Firefox on Android');
      expect((await call(t, 'GET', '/v1/me', { token: phone.token })).statusCode).toBe(200);
      const res = await call(t, 'DELETE', `/v1/me/devices/${phone.device.id}`, {
        token: tokens.ada,
      });
      expect(res.statusCode).toBe(204);
      expect((await call(t, 'GET', '/v1/me', { token: phone.token })).statusCode).toBe(401);
      expect((await list(t, tokens.ada)).map((d) => d.id)).not.toContain(phone.device.id);
      const again = await call(t, 'DELETE', `/v1/me/devices/${phone.device.id}`, {
        token: tokens.ada,
      });
      expect(again.statusCode).toBe(404);
    });

    it("refuses another person's device, unknown ids and malformed ones", async () => {
      const laptop = await createDeviceToken(t.db, 'ada', 'Chrome');
      const stolen = await call(t, 'DELETE', `/v1/me/devices/${laptop.device.id}`, {
        token: tokens.bob,
      });
      expect(stolen.statusCode).toBe(404);
      expect((await call(t, 'GET', '/v1/me', { token: laptop.token })).statusCode).toBe(200);
      const unknown = await call(
        t,
        'DELETE',
        '/v1/me/devices/0190a0b1-0000-7000-8000-000000000000',
        {
          token: tokens.ada,
        },
      );
      expect(unknown.statusCode).toBe(404);
      for (const id of ['x'.repeat(65), 'a%27b', 'a.b']) {
        const res = await call(t, 'DELETE', `/v1/me/devices/${id}`, { token: tokens.ada });
        expect(res.statusCode, id).toBe(400);
      }
      expect((await call(t, 'DELETE', `/v1/me/devices/${laptop.device.id}`)).statusCode).toBe(401);
    });

    it('signs out the current device only', async () => {
      const laptop = await createDeviceToken(t.db, 'ada', 'Chrome');
      const res = await call(t, 'DELETE', '/v1/me/devices/current', { token: laptop.token });
      expect(res.statusCode).toBe(204);
      expect((await call(t, 'GET', '/v1/me', { token: laptop.token })).statusCode).toBe(401);
      expect(
        (await call(t, 'DELETE', '/v1/me/devices/current', { token: laptop.token })).statusCode,
      ).toBe(401);
      expect((await call(t, 'GET', '/v1/me', { token: tokens.ada })).statusCode).toBe(200);
    });

    it('writes the last use at most once an hour', async () => {
      const laptop = await createDeviceToken(t.db, 'ada', 'Chrome');
      expect(await lastUsed(t, laptop.device.id)).toBeNull();
      await call(t, 'GET', '/v1/me', { token: laptop.token });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const first = await lastUsed(t, laptop.device.id);
      expect(first).not.toBeNull();
      const recent = new Date(Date.now() - 30 * 60_000).toISOString();
      await t.db.kysely
        .updateTable('tokens')
        .set({ last_used_at: recent })
        .where('id', '=', laptop.device.id)
        .execute();
      await call(t, 'GET', '/v1/me', { token: laptop.token });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await lastUsed(t, laptop.device.id)).toBe(recent);
      const old = new Date(Date.now() - 2 * 3600_000).toISOString();
      await t.db.kysely
        .updateTable('tokens')
        .set({ last_used_at: old })
        .where('id', '=', laptop.device.id)
        .execute();
      await call(t, 'GET', '/v1/me', { token: laptop.token });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = await lastUsed(t, laptop.device.id);
      expect(Date.parse(now!)).toBeGreaterThan(Date.now() - 60_000);
      const shown = (await list(t, laptop.token)).find((d) => d.current);
      expect(shown?.lastUsedAt).toBe(now);
    });
  });

  describe('maximum token age', () => {
    const { t, tokens } = useServer(dialect, {
      people: ['ada'],
      auth: { organisation: 'Outloud', oidc: null, redirects: [], tokenMaxAgeDays: 30 },
      authRateLimit: { max: 1, timeWindowMs: 60_000 },
    });

    it('refuses older tokens as token_expired, without counting failures', async () => {
      expect((await call(t, 'GET', '/v1/auth/config')).json().tokenMaxAgeDays).toBe(30);
      const old = await createDeviceToken(
        t.db,
        'ada',
        'Old laptop',
        new Date(Date.now() - 31 * 86_400_000).toISOString(),
      );
      for (let i = 0; i < 3; i++) {
        const res = await call(t, 'GET', '/v1/me', { token: old.token });
        expect(res.statusCode).toBe(401);
        expect(res.json().error.code).toBe('token_expired');
      }
      expect((await call(t, 'GET', '/v1/me', { token: tokens.ada })).statusCode).toBe(200);
      const devices = await list(t, tokens.ada);
      expect(devices.map((d) => d.id)).not.toContain(old.device.id);
      // An unknown token still counts: the second from this address is over the limit of 1.
      const forged = 'A'.repeat(43);
      expect((await call(t, 'GET', '/v1/me', { token: forged })).statusCode).toBe(401);
      expect((await call(t, 'GET', '/v1/me', { token: forged })).statusCode).toBe(429);
    });
  });
});
