/**
 * Signing in with the organisation through the background (issue 14), against the fake
 * server's sign-in half (`fake-auth.ts`) and a fake auth window that plays the browser's part:
 * the flow, every way it ends otherwise as a code the pages word, devices and their revoking,
 * sign-out revoking this device (and working offline), and a server that stops accepting the
 * token (expired, revoked) keeping the outbox until the person signs in again.
 */
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../src/core/messages.ts';
import { codeChallengeS256 } from '../../../src/core/pkce.ts';
import type { Device } from '../../../src/core/sign-in.ts';
import type { Bookmark, Person } from '../../../src/core/wire.ts';
import { idle, REDIRECT_URL, setup } from './helpers.ts';

type Ok<T> = { ok: true; value: T };
type Fail = { ok: false; error: { code: string; message: string; params?: unknown } };
type T = Awaited<ReturnType<typeof setup>>;

const SERVER = 'http://server.test';
const status = async (t: T) => ((await t.ui('getStatus')) as Ok<SyncStatus>).value;
const orgSignIn = (t: T, extra: object = {}) =>
  t.ui('signInWithOrganisation', { serverUrl: SERVER, ...extra }) as Promise<Ok<Person> | Fail>;

async function bookmark(t: T, url: string): Promise<Bookmark> {
  const reply = (await t.bookmarkPage({ url, title: 'Page' })) as Ok<{ bookmark: Bookmark }>;
  expect(reply.ok).toBe(true);
  return reply.value.bookmark;
}

describe('authConfig', () => {
  it('answers what the server offers, and tokens only for a server without the route', async () => {
    const t = await setup();
    expect(await t.ui('authConfig', { serverUrl: SERVER })).toEqual({
      ok: true,
      value: { organisation: 'Example Corp', oidc: true, tokenSignIn: true, tokenMaxAgeDays: null },
    });
    t.server.intercept = (url) =>
      url.pathname === '/v1/auth/config'
        ? new Response(JSON.stringify({ error: { code: 'not-found', message: 'no route' } }), {
            status: 404,
          })
        : null;
    expect(await t.ui('authConfig', { serverUrl: SERVER })).toMatchObject({
      ok: true,
      value: { oidc: false, tokenSignIn: true },
    });
    t.server.intercept = null;
    t.server.down = true;
    expect(await t.ui('authConfig', { serverUrl: SERVER })).toMatchObject({
      ok: false,
      error: { code: 'unreachable' },
    });
  });
});

describe('signInWithOrganisation', () => {
  it('opens the server with a PKCE challenge, exchanges the code and ends signed in', async () => {
    const t = await setup();
    t.server.auth.login = { handle: 'alice', name: 'Alice Andersson' };
    const reply = await orgSignIn(t);
    expect(reply).toMatchObject({ ok: true, value: { handle: 'alice', name: 'Alice Andersson' } });

    const [opened] = t.identity.opened;
    const start = new URL(opened!);
    expect(`${start.origin}${start.pathname}`).toBe(`${SERVER}/auth/start`);
    expect(start.searchParams.get('redirect_uri')).toBe(REDIRECT_URL);
    expect(start.searchParams.get('code_challenge_method')).toBe('S256');
    expect(start.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The verifier never travels with the start address.
    expect(opened).not.toMatch(/verifier/);

    await idle(t.bg);
    expect(await status(t)).toMatchObject({ signedIn: true, me: { handle: 'alice' } });
    const credentials = t.store.data.get('credentials') as { serverUrl: string; token: string };
    expect(credentials.serverUrl).toBe(SERVER);
    expect(t.server.auth.devices.get(credentials.token)).toMatchObject({
      name: 'Chrome on Linux',
      handle: 'alice',
    });
    // Signed in, the first sync ran with the new token.
    expect(t.server.requests.some((r) => r.startsWith('/v1/changes'))).toBe(true);
  });

  it('names the device after the browser and system it runs on', async () => {
    const t = await setup();
    t.identity.facts = { os: 'win', browserInfoName: 'Firefox' };
    await orgSignIn(t);
    const token = (t.store.data.get('credentials') as { token: string }).token;
    expect(t.server.auth.devices.get(token)?.name).toBe('Firefox on Windows');
  });

  it.each([
    [{ close: true } as const, 'sign-in-cancelled'],
    [{ error: 'access_denied', description: 'The user denied' }, 'sign-in-denied'],
    [{ error: 'domain_not_allowed' }, 'domain-not-allowed'],
    [{ error: 'deactivated' }, 'deactivated'],
    [{ error: 'server_error', description: 'provider down' }, 'sign-in-failed'],
    [{ error: 'invalid_request' }, 'sign-in-failed'],
  ])('ends %j as %s, signed out, nothing stored', async (login, code) => {
    const t = await setup();
    t.server.auth.login = login;
    const reply = (await orgSignIn(t)) as Fail;
    expect(reply.ok).toBe(false);
    expect(reply.error.code).toBe(code);
    expect(t.store.data.has('credentials')).toBe(false);
    expect(await status(t)).toMatchObject({ signedIn: false });
  });

  it("keeps the provider's reason for a failure without words of its own", async () => {
    const t = await setup();
    t.server.auth.login = { error: 'server_error', description: 'provider down' };
    const reply = (await orgSignIn(t)) as Fail;
    expect(reply.error).toMatchObject({
      code: 'sign-in-failed',
      params: { detail: 'server_error: provider down' },
    });
  });

  it('says the server cannot be reached, and that a server offers tokens only', async () => {
    const t = await setup();
    t.server.down = true;
    expect(((await orgSignIn(t)) as Fail).error.code).toBe('unreachable');
    t.server.down = false;
    t.server.auth.oidc = false;
    expect(((await orgSignIn(t)) as Fail).error.code).toBe('no-oidc');
    expect(t.identity.opened).toEqual([]);
  });

  it('refuses a replayed code and a code bound to another challenge (invalid_grant)', async () => {
    const t = await setup();
    let last = '';
    const launch = t.identity.launch;
    t.identity.launch = async (url) => {
      last = await launch(url);
      return last;
    };
    expect((await orgSignIn(t)).ok).toBe(true);
    // The same redirect again: the code was used.
    t.identity.launch = async () => last;
    expect(((await orgSignIn(t)) as Fail).error.code).toBe('invalid-grant');
    // A fresh code, but issued for someone else's challenge: this verifier does not fit it.
    t.identity.launch = async () => {
      const start = new URL(`${SERVER}/auth/start`);
      start.searchParams.set('redirect_uri', REDIRECT_URL);
      start.searchParams.set('code_challenge_method', 'S256');
      start.searchParams.set('code_challenge', await codeChallengeS256('x'.repeat(43)));
      return t.server.authorize(start.href);
    };
    expect(((await orgSignIn(t)) as Fail).error.code).toBe('invalid-grant');
  });

  it('refuses a redirect to any other address than its own', async () => {
    const t = await setup();
    t.identity.launch = async () => 'https://attacker.example/?code=code-1';
    expect(((await orgSignIn(t)) as Fail).error.code).toBe('sign-in-failed');
    expect(t.store.data.has('credentials')).toBe(false);
  });

  it("refuses while someone else's changes wait, and revokes the device it was given", async () => {
    const t = await setup();
    await t.signIn('bob', 'Bob');
    t.server.down = true;
    await bookmark(t, 'https://example.org/offline');
    await idle(t.bg);
    t.server.down = false;
    t.server.rules.push(() => ({ status: 503, code: 'unavailable', message: 'later' }));
    t.server.auth.login = { handle: 'alice' };
    const reply = (await orgSignIn(t)) as Fail;
    expect(reply.error.code).toBe('pending');
    expect(await status(t)).toMatchObject({ signedIn: true, me: { handle: 'bob' } });
    // Alice's new device is gone again; Bob's stays.
    expect([...t.server.auth.devices.values()].map((d) => d.handle)).toEqual(['bob']);

    t.server.rules.length = 0;
    const discarded = await orgSignIn(t, { discardPending: true });
    expect(discarded).toMatchObject({ ok: true, value: { handle: 'alice' } });
  });
});

describe('devices', () => {
  it('lists the devices with this one marked, and revokes another', async () => {
    const t = await setup();
    const script = t.server.addUser('alice', 'Alice');
    await orgSignIn(t);
    await idle(t.bg);
    const listed = (await t.ui('listDevices')) as Ok<Device[]>;
    expect(listed.value.map((d) => [d.name, d.current])).toEqual([
      ['script', false],
      ['Chrome on Linux', true],
    ]);
    const other = listed.value.find((d) => !d.current)!;
    const after = (await t.ui('revokeDevice', { id: other.id })) as Ok<Device[]>;
    expect(after.value.map((d) => d.name)).toEqual(['Chrome on Linux']);
    // The revoked token is refused at its next request.
    const me = await t.server.fetch(`${SERVER}/v1/me`, {
      headers: { authorization: `Bearer ${script}` },
    });
    expect(me.status).toBe(401);
  });

  it('does not revoke this browser from the list (signing out does that)', async () => {
    const t = await setup();
    await orgSignIn(t);
    const [mine] = ((await t.ui('listDevices')) as Ok<Device[]>).value;
    expect(((await t.ui('revokeDevice', { id: mine!.id })) as Fail).error.code).toBe('forbidden');
    expect(((await t.ui('revokeDevice', { id: 'current' })) as Fail).error.code).toBe('forbidden');
    expect(t.server.auth.revoked).toEqual([]);
  });

  it("answers not-found for an unknown or another person's device", async () => {
    const t = await setup();
    t.server.addUser('bob', 'Bob');
    await orgSignIn(t);
    const bobs = [...t.server.auth.devices.values()].find((d) => d.handle === 'bob')!;
    expect(((await t.ui('revokeDevice', { id: bobs.id })) as Fail).error.code).toBe('not-found');
    expect(((await t.ui('revokeDevice', { id: 'dev-999' })) as Fail).error.code).toBe('not-found');
    expect(t.server.auth.devices.size).toBe(2);
  });

  it('needs a sign-in', async () => {
    const t = await setup();
    expect(((await t.ui('listDevices')) as Fail).error.code).toBe('signed-out');
  });
});

describe('signing out revokes this device', () => {
  it('on the server, when it can be reached', async () => {
    const t = await setup();
    await orgSignIn(t);
    await idle(t.bg);
    const token = (t.store.data.get('credentials') as { token: string }).token;
    expect(await t.ui('signOut')).toEqual({ ok: true, value: null });
    expect(t.server.auth.revoked).toEqual(['/v1/me/devices/current']);
    expect(t.server.auth.devices.has(token)).toBe(false);
    expect(await status(t)).toMatchObject({ signedIn: false });
  });

  it('locally all the same when the server cannot be reached', async () => {
    const t = await setup();
    await orgSignIn(t);
    await idle(t.bg);
    t.server.down = true;
    expect(await t.ui('signOut')).toEqual({ ok: true, value: null });
    expect(await status(t)).toMatchObject({ signedIn: false });
    expect(t.server.auth.revoked).toEqual([]);
  });

  it('not when the sign-out is refused for undelivered changes', async () => {
    const t = await setup();
    await orgSignIn(t);
    await idle(t.bg);
    t.server.down = true;
    await bookmark(t, 'https://example.org/offline');
    await idle(t.bg);
    expect(((await t.ui('signOut')) as Fail).error.code).toBe('pending');
    t.server.down = false;
    expect(t.server.auth.revoked).toEqual([]);
    expect(await status(t)).toMatchObject({ signedIn: true });
  });
});

describe('a server that stops accepting the token', () => {
  it.each([
    ['expired', 'token-expired'],
    ['revoked', 'unauthorized'],
  ] as const)(
    '(%s) asks to sign in again, keeps the outbox and sends it after',
    async (how, code) => {
      const t = await setup();
      await orgSignIn(t);
      await idle(t.bg);
      const token = (t.store.data.get('credentials') as { token: string }).token;
      if (how === 'expired') t.server.auth.expired.add(token);
      else {
        // Revoked from another of Alice's devices.
        const other = t.server.addUser('alice');
        const id = t.server.auth.devices.get(token)!.id;
        const res = await t.server.fetch(`${SERVER}/v1/me/devices/${id}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${other}` },
        });
        expect(res.status).toBe(204);
      }
      const made = await bookmark(t, 'https://example.org/kept');
      await idle(t.bg);
      const ended = await status(t);
      expect(ended).toMatchObject({ signedIn: true, pending: 1, error: { code } });
      expect(t.server.items.has(made.id)).toBe(false);

      // Signing in again as the same person keeps the outbox and delivers it.
      expect(await orgSignIn(t)).toMatchObject({ ok: true, value: { handle: 'alice' } });
      await idle(t.bg);
      expect(await status(t)).toMatchObject({ signedIn: true, pending: 0, error: null });
      expect(t.server.items.get(made.id)).toMatchObject({ owner: 'alice' });
    },
  );
});
