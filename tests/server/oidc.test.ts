/**
 * Organisation sign-in (issue 14) against a real OpenID provider (`tests/oidc/provider.ts`) on
 * both databases: the full flow from `/auth/start` through the provider's login page and
 * `/auth/callback` to `POST /v1/auth/token`; first sign-in creates the person, later ones find
 * them; handle collisions; and every refusal: unknown redirect, wrong or replayed `state`,
 * replayed, expired or wrongly verified codes, spoiled ID tokens (another key, issuer, audience,
 * expired), e-mail domains, deactivated people; the admin group sets and clears the role.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthSettings, OidcSettings } from '../../src/server/auth-config.ts';
import { injectRoute, NodeBrowser } from '../oidc/browser.ts';
import { startTestProvider, type TestProvider } from '../oidc/provider.ts';
import { addUser, call, databases, type TestApp, useServer } from './helpers.ts';

const PUBLIC = 'http://outloud.test';
const EXT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/signed-in';
const atExtension = (url: URL) => url.href.startsWith(EXT);

let idp: TestProvider;

/** Settings for one suite; the issuer and client are filled in once the provider runs. */
function settings(extra: Partial<OidcSettings> = {}): AuthSettings {
  const oidc: OidcSettings = {
    publicUrl: PUBLIC,
    issuer: '',
    clientId: '',
    clientSecret: null,
    scopes: 'openid profile email',
    handleClaim: 'preferred_username',
    nameClaim: 'name',
    allowedDomains: [],
    adminGroup: null,
    groupsClaim: 'groups',
    ...extra,
  };
  suites.push(oidc);
  return { organisation: 'Example Corp', oidc, redirects: [], tokenMaxAgeDays: null };
}
const suites: OidcSettings[] = [];

beforeAll(async () => {
  idp = await startTestProvider({ redirectUris: [`${PUBLIC}/auth/callback`] });
  for (const oidc of suites) {
    oidc.issuer = idp.issuer;
    oidc.clientId = idp.clientId;
    oidc.clientSecret = idp.clientSecret;
  }
  idp.addAccount('ada', {
    sub: 'sub-ada',
    email: 'ada@example.com',
    email_verified: true,
    preferred_username: 'ada.l',
    name: 'Ada Lovelace',
  });
  idp.addAccount('grace', { sub: 'sub-grace', email: 'Grace.Hopper@Example.com', name: 'Grace' });
  idp.addAccount('mallory', { sub: 'sub-mallory', email: 'mallory@other.org', name: 'M' });
  idp.addAccount('unverified', {
    sub: 'sub-unverified',
    email: 'eve@example.com',
    email_verified: false,
    name: 'Eve',
  });
});
afterAll(() => idp?.close());

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function startUrl(challenge: string, redirect = EXT): string {
  const query = new URLSearchParams({
    redirect_uri: redirect,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `${PUBLIC}/auth/start?${query}`;
}

/** Signs in as `login` (null: Cancel) and answers where the extension was sent, and the verifier. */
async function signIn(t: TestApp, login: string | null, stop = atExtension) {
  const { verifier, challenge } = pkce();
  const browser = new NodeBrowser({ [PUBLIC]: injectRoute(t.app) });
  const url = await browser.signIn(startUrl(challenge), login, stop);
  return { url, verifier, browser };
}

const exchange = (t: TestApp, code: string, verifier: string, device = 'Chrome on Linux') =>
  call(t, 'POST', '/v1/auth/token', { body: { code, code_verifier: verifier, device } });

/** Signs in as `login` and redeems the code: the token answer. */
async function signInFully(t: TestApp, login: string) {
  const { url, verifier } = await signIn(t, login);
  const code = url.searchParams.get('code');
  expect(code, url.href).toBeTruthy();
  const res = await exchange(t, code!, verifier);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    token: string;
    person: { handle: string; name: string };
    device: { id: string; name: string; current: boolean };
  };
}

const countUsers = async (t: TestApp) =>
  Number(
    (
      await t.db.kysely
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe.each(databases())('organisation sign-in on %s', (dialect) => {
  describe('flow', () => {
    const { t } = useServer(dialect, { auth: settings() });

    it('offers the configuration without secrets', async () => {
      const res = await call(t, 'GET', '/v1/auth/config');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        organisation: 'Example Corp',
        oidc: true,
        tokenSignIn: true,
        tokenMaxAgeDays: null,
      });
      expect(res.body).not.toContain(idp.clientSecret!);
    });

    it('creates the person on first sign-in and finds them on the second', async () => {
      const first = await signInFully(t, 'ada');
      expect(first.person).toMatchObject({ handle: 'ada.l', name: 'Ada Lovelace' });
      expect(first.device).toMatchObject({ name: 'Chrome on Linux', current: true });
      const me = await call(t, 'GET', '/v1/me', { token: first.token });
      expect(me.statusCode).toBe(200);
      const row = await t.db.kysely
        .selectFrom('identities')
        .selectAll()
        .where('subject', '=', 'sub-ada')
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ issuer: idp.issuer, handle: 'ada.l', email: 'ada@example.com' });

      const usersBefore = await countUsers(t);
      idp.addAccount('ada', {
        sub: 'sub-ada',
        email: 'ada.king@example.com',
        preferred_username: 'someone-else',
        name: 'Ada King',
      });
      try {
        const second = await signInFully(t, 'ada');
        expect(second.person).toMatchObject({ handle: 'ada.l', name: 'Ada King' });
        expect(second.token).not.toBe(first.token);
        expect(await countUsers(t)).toBe(usersBefore);
        const user = await t.db.kysely
          .selectFrom('users')
          .selectAll()
          .where('handle', '=', 'ada.l')
          .executeTakeFirstOrThrow();
        expect(user.email).toBe('ada.king@example.com');
      } finally {
        idp.addAccount('ada', {
          sub: 'sub-ada',
          email: 'ada@example.com',
          email_verified: true,
          preferred_username: 'ada.l',
          name: 'Ada Lovelace',
        });
      }
    });

    it('makes handles unique and falls back to the e-mail local part', async () => {
      await addUser(t, 'ada.l');
      await addUser(t, 'grace.hopper');
      const ada = await signInFully(t, 'ada');
      expect(ada.person.handle).toBe('ada.l2');
      const grace = await signInFully(t, 'grace');
      expect(grace.person.handle).toBe('grace.hopper2');
    });

    it('normalises the handle claim to the handle rules', async () => {
      idp.addAccount('zoe', {
        sub: 'sub-zoe',
        email: 'zq@example.com',
        preferred_username: 'Zoë Quinn@Contoso.com',
      });
      idp.addAccount('symbols', { sub: 'sub-symbols', preferred_username: '!!!' });
      expect((await signInFully(t, 'zoe')).person).toMatchObject({
        handle: 'zoe.quinn',
        name: 'zoe.quinn',
      });
      expect((await signInFully(t, 'symbols')).person.handle).toBe('person');
    });

    it('sends a cancelled sign-in back as access_denied', async () => {
      const { url } = await signIn(t, null);
      expect(url.searchParams.get('error')).toBe('access_denied');
      expect(url.searchParams.get('code')).toBeNull();
    });

    it.each([
      ['an unknown site', 'https://evil.example/signed-in'],
      [
        'a chromiumapp look-alike',
        'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org.evil.example/',
      ],
      [
        'a chromiumapp address with a port',
        'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org:8443/',
      ],
      [
        'a chromiumapp address with user info',
        'https://x@abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
      ],
      ['plain http', 'http://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/'],
      ['not a URL', 'signed-in'],
    ])('refuses to start for %s, without redirecting', async (_name, redirect) => {
      const res = await call(t, 'GET', startUrl(pkce().challenge, redirect).slice(PUBLIC.length));
      expect(res.statusCode).toBe(400);
      expect(res.headers.location).toBeUndefined();
    });

    it('accepts a Firefox redirect address', async () => {
      const firefox = 'https://3d3b8a9e3c0f4a2b8a7c6d5e4f3a2b1c0d9e8f7a.extensions.allizom.org/';
      const res = await call(t, 'GET', startUrl(pkce().challenge, firefox).slice(PUBLIC.length));
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toMatch(new RegExp(`^${idp.issuer}/auth\\?`));
    });

    it('refuses a start without an S256 challenge', async () => {
      const res = await call(
        t,
        'GET',
        `/auth/start?redirect_uri=${encodeURIComponent(EXT)}&code_challenge=abc&code_challenge_method=plain`,
      );
      expect(res.statusCode).toBe(400);
    });

    it('refuses a wrong or replayed state', async () => {
      const atCallback = (url: URL) => url.pathname === '/auth/callback';
      const { url } = await signIn(t, 'ada', atCallback);
      const forged = new URL(url);
      forged.searchParams.set('state', 'forged-state');
      const wrong = await call(t, 'GET', forged.pathname + forged.search);
      expect(wrong.statusCode).toBe(400);
      expect(wrong.headers.location).toBeUndefined();
      const right = await call(t, 'GET', url.pathname + url.search);
      expect(right.statusCode).toBe(302);
      expect(new URL(right.headers.location as string).searchParams.get('code')).toBeTruthy();
      const replay = await call(t, 'GET', url.pathname + url.search);
      expect(replay.statusCode).toBe(400);
    });

    it('refuses a replayed code, an expired code and a wrong verifier', async () => {
      const once = await signIn(t, 'ada');
      const code = once.url.searchParams.get('code')!;
      expect((await exchange(t, code, once.verifier)).statusCode).toBe(200);
      const replayed = await exchange(t, code, once.verifier);
      expect(replayed.statusCode).toBe(400);
      expect(replayed.json().error.code).toBe('invalid_grant');

      const late = await signIn(t, 'ada');
      await t.db.kysely
        .updateTable('auth_codes')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .execute();
      const expired = await exchange(t, late.url.searchParams.get('code')!, late.verifier);
      expect(expired.statusCode).toBe(400);
      expect(expired.json().error.code).toBe('invalid_grant');

      const stolen = await signIn(t, 'ada');
      const stolenCode = stolen.url.searchParams.get('code')!;
      const wrong = await exchange(t, stolenCode, pkce().verifier);
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.code).toBe('invalid_grant');
      // The wrong attempt spent the code: the right verifier comes too late.
      expect((await exchange(t, stolenCode, stolen.verifier)).statusCode).toBe(400);
    });

    it('refuses malformed token requests', async () => {
      const { verifier } = pkce();
      const cases: unknown[] = [
        { code: 'x', code_verifier: 'short', device: 'Chrome' },
        { code: 'x', code_verifier: verifier, device: '' },
        { code: 'x', code_verifier: verifier, device: 'd'.repeat(101) },
        { code: 'x'.repeat(201), code_verifier: verifier, device: 'Chrome' },
        { code: 'x', code_verifier: verifier, device: 'Chrome', extra: 1 },
        { code: 'forged', code_verifier: verifier, device: 'Chrome' },
      ];
      for (const body of cases) {
        const res = await call(t, 'POST', '/v1/auth/token', { body });
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
      }
    });

    it.each([
      ['signed by another key', { otherKey: true }],
      ['from another issuer', { claims: (c: object) => ({ ...c, iss: 'https://evil.example' }) }],
      ['for another audience', { claims: (c: object) => ({ ...c, aud: 'another-client' }) }],
      [
        'expired',
        {
          claims: (c: object) => ({
            ...c,
            iat: Math.floor(Date.now() / 1000) - 7200,
            exp: Math.floor(Date.now() / 1000) - 3600,
          }),
        },
      ],
    ])('refuses an ID token %s', async (_name, tamper) => {
      idp.tamperIdToken(tamper);
      try {
        const { url } = await signIn(t, 'ada');
        expect(url.searchParams.get('error')).toBe('server_error');
        expect(url.searchParams.get('code')).toBeNull();
        expect(await countUsers(t)).toBe(0);
      } finally {
        idp.tamperIdToken(null);
      }
    });

    it('refuses a deactivated person, at the callback and at the token exchange', async () => {
      const first = await signInFully(t, 'ada');
      const pending = await signIn(t, 'ada');
      await t.db.kysely
        .updateTable('users')
        .set({ deactivated_at: new Date().toISOString() })
        .where('handle', '=', first.person.handle)
        .execute();
      const { url } = await signIn(t, 'ada');
      expect(url.searchParams.get('error')).toBe('deactivated');
      const late = await exchange(t, pending.url.searchParams.get('code')!, pending.verifier);
      expect(late.statusCode).toBe(400);
    });
  });

  describe('allowed e-mail domains', () => {
    const { t } = useServer(dialect, { auth: settings({ allowedDomains: ['example.com'] }) });

    it('lets in verified addresses of the domain only', async () => {
      expect((await signInFully(t, 'ada')).person.handle).toBe('ada.l');
      expect((await signInFully(t, 'grace')).person.handle).toBe('grace.hopper');
      for (const login of ['mallory', 'unverified']) {
        const { url } = await signIn(t, login);
        expect(url.searchParams.get('error'), login).toBe('domain_not_allowed');
      }
      expect(await countUsers(t)).toBe(2);
    });
  });

  describe('admin group', () => {
    const { t } = useServer(dialect, {
      auth: settings({ adminGroup: 'outloud-admins', groupsClaim: 'groups' }),
    });

    it('sets and clears the role on each sign-in, audited as oidc', async () => {
      const account = { sub: 'sub-root', email: 'root@example.com', preferred_username: 'root' };
      idp.addAccount('root', { ...account, groups: ['staff', 'outloud-admins'] });
      await signInFully(t, 'root');
      const role = async () =>
        (
          await t.db.kysely
            .selectFrom('users')
            .select('role')
            .where('handle', '=', 'root')
            .executeTakeFirstOrThrow()
        ).role;
      expect(await role()).toBe('admin');
      idp.addAccount('root', { ...account, groups: ['staff'] });
      await signInFully(t, 'root');
      expect(await role()).toBe('member');
      const audit = await t.db.kysely
        .selectFrom('audit_log')
        .select(['actor', 'action', 'target', 'detail'])
        .where('action', '=', 'person.role')
        .orderBy('at')
        .execute();
      expect(audit.map((a) => [a.actor, a.target, JSON.parse(a.detail)])).toEqual([
        ['oidc', 'root', { from: 'member', to: 'admin' }],
        ['oidc', 'root', { from: 'admin', to: 'member' }],
      ]);
      // A third sign-in with no change writes no audit row.
      await signInFully(t, 'root');
      const rows = await t.db.kysely
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'person.role')
        .execute();
      expect(rows).toHaveLength(2);
    });
  });

  describe('rate limit', () => {
    const { t } = useServer(dialect, {
      auth: settings(),
      rateLimit: { max: 600, timeWindowMs: 60_000 },
      authRateLimit: { max: 2, timeWindowMs: 60_000 },
    });

    it('limits the sign-in routes per address like other requests without a token', async () => {
      const start = startUrl(pkce().challenge).slice(PUBLIC.length);
      expect((await call(t, 'GET', start)).statusCode).toBe(302);
      expect((await call(t, 'GET', start)).statusCode).toBe(302);
      const third = await call(t, 'GET', start);
      expect(third.statusCode).toBe(429);
      expect(third.headers['retry-after']).toBeDefined();
      const body = { code: 'x', code_verifier: pkce().verifier, device: 'Chrome' };
      const tokenAnswers = [];
      for (let i = 0; i < 3; i++) {
        tokenAnswers.push((await call(t, 'POST', '/v1/auth/token', { body })).statusCode);
      }
      expect(tokenAnswers).toEqual([400, 400, 429]);
    });
  });

  describe('public client (PKCE alone, no secret)', () => {
    const auth = settings();
    let publicIdp: TestProvider;
    beforeAll(async () => {
      publicIdp = await startTestProvider({
        redirectUris: [`${PUBLIC}/auth/callback`],
        clientId: 'outloud-public',
        clientSecret: null,
        accounts: { ada: { sub: 'sub-ada', email: 'ada@example.com', preferred_username: 'ada' } },
      });
      auth.oidc!.issuer = publicIdp.issuer;
      auth.oidc!.clientId = publicIdp.clientId;
      auth.oidc!.clientSecret = null;
    });
    afterAll(() => publicIdp?.close());
    const { t } = useServer(dialect, { auth });

    it('signs in', async () => {
      expect((await signInFully(t, 'ada')).person.handle).toBe('ada');
    });
  });

  describe('profile claims from the userinfo endpoint only (as Okta)', () => {
    const auth = settings({ allowedDomains: ['example.com'], adminGroup: 'outloud-admins' });
    let okta: TestProvider;
    beforeAll(async () => {
      okta = await startTestProvider({
        redirectUris: [`${PUBLIC}/auth/callback`],
        profileClaimsInIdToken: false,
        accounts: {
          ada: {
            sub: 'sub-ada',
            email: 'Ada@Example.com',
            email_verified: true,
            preferred_username: 'ada.l',
            name: 'Ada Lovelace',
            groups: ['outloud-admins'],
          },
          unverified: { sub: 'sub-eve', email: 'eve@example.com', email_verified: false },
        },
      });
      auth.oidc!.issuer = okta.issuer;
      auth.oidc!.clientId = okta.clientId;
      auth.oidc!.clientSecret = okta.clientSecret;
    });
    afterAll(() => okta?.close());
    const { t } = useServer(dialect, { auth });

    it('takes the handle, name, e-mail and groups missing from the ID token from userinfo', async () => {
      let idToken: Record<string, unknown> = {};
      okta.tamperIdToken({ claims: (c) => (idToken = c) });
      let signedIn: Awaited<ReturnType<typeof signInFully>>;
      try {
        signedIn = await signInFully(t, 'ada');
      } finally {
        okta.tamperIdToken(null);
      }
      expect(idToken.sub).toBe('sub-ada');
      for (const claim of ['email', 'email_verified', 'preferred_username', 'name', 'groups']) {
        expect(idToken, claim).not.toHaveProperty(claim);
      }
      expect(signedIn.person).toMatchObject({ handle: 'ada.l', name: 'Ada Lovelace' });
      const user = await t.db.kysely
        .selectFrom('users')
        .select(['email', 'role'])
        .where('handle', '=', 'ada.l')
        .executeTakeFirstOrThrow();
      expect(user).toEqual({ email: 'ada@example.com', role: 'admin' });
      // email_verified comes from userinfo with the address: an unverified one is refused.
      const { url } = await signIn(t, 'unverified');
      expect(url.searchParams.get('error')).toBe('domain_not_allowed');
    });

    it('refuses userinfo about someone other than the ID token', async () => {
      // A correctly signed ID token for another subject than the access token's account.
      okta.tamperIdToken({ claims: (c) => ({ ...c, sub: 'sub-someone-else' }) });
      try {
        const { url } = await signIn(t, 'ada');
        expect(url.searchParams.get('error')).toBe('server_error');
        expect(url.searchParams.get('code')).toBeNull();
        expect(await countUsers(t)).toBe(0);
      } finally {
        okta.tamperIdToken(null);
      }
    });
  });

  describe('without OpenID Connect', () => {
    const { t } = useServer(dialect);

    it('offers token sign-in only and has no flow to start', async () => {
      expect((await call(t, 'GET', '/v1/auth/config')).json()).toEqual({
        organisation: 'Outloud',
        oidc: false,
        tokenSignIn: true,
        tokenMaxAgeDays: null,
      });
      const res = await call(t, 'GET', startUrl(pkce().challenge).slice(PUBLIC.length));
      expect(res.statusCode).toBe(404);
    });
  });
});
