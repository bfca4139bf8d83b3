/**
 * Organisation sign-in on the web pages (`src/web/oidc-sign-in.ts`) against a real OpenID
 * provider (`tests/oidc/provider.ts`) on both databases: the sign-in page offers it, the flow
 * ends signed in on the page the person was going to; and the refusals: a code sent to another
 * browser (login CSRF), a replayed callback or return address, a forged flow cookie, return
 * paths that leave the server, a cancelled sign-in, and no OIDC configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthSettings, OidcSettings } from '../../src/server/auth-config.ts';
import { WEB_SIGN_IN_RETURN } from '../../src/server/routes/auth.ts';
import { injectRoute, NodeBrowser } from '../oidc/browser.ts';
import { startTestProvider, type TestProvider } from '../oidc/provider.ts';
import { databases, useServer } from './helpers.ts';
import { cookieValue, elements, get, textOf } from './web-helpers.ts';

const PUBLIC = 'http://outloud.test';
let idp: TestProvider;

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
};
const auth: AuthSettings = {
  organisation: 'Example Corp',
  oidc,
  redirects: [],
  tokenMaxAgeDays: null,
};

beforeAll(async () => {
  idp = await startTestProvider({ redirectUris: [`${PUBLIC}/auth/callback`] });
  oidc.issuer = idp.issuer;
  oidc.clientId = idp.clientId;
  oidc.clientSecret = idp.clientSecret;
  idp.addAccount('ada', {
    sub: 'sub-ada',
    email: 'ada@example.com',
    email_verified: true,
    preferred_username: 'ada',
    name: 'Ada Lovelace',
  });
  idp.addAccount('mallory', { sub: 'sub-mallory', email: 'mallory@example.com', name: 'Mal' });
});
afterAll(() => idp?.close());

const atReturn = (url: URL) => url.pathname === WEB_SIGN_IN_RETURN;
const startAddress = (next: string) => `${PUBLIC}/signin/oidc?${new URLSearchParams({ next })}`;

describe.each(databases())('web organisation sign-in on %s', (dialect) => {
  const { t } = useServer(dialect, { auth, publicUrl: PUBLIC });
  const browser = () => new NodeBrowser({ [PUBLIC]: injectRoute(t.app) });

  /** Signs in as `login` from the start address up to the return address (not requested). */
  const upToReturn = async (b: NodeBrowser, next: string, login: string | null = 'ada') =>
    b.signIn(startAddress(next), login, atReturn);

  /** Whether `b` is signed in: the stream answers instead of sending it to sign in. */
  const signedIn = async (b: NodeBrowser) => {
    const res = await b.request(new URL(`${PUBLIC}/`));
    return res.status === 200 && textOf(await res.text()).includes('Signed in as');
  };

  it('offers "Sign in with Example Corp" beside the token form, keeping where the person was going', async () => {
    const page = await get(t, `/signin?next=${encodeURIComponent('/search?q=kysely')}`);
    expect(page.statusCode).toBe(200);
    const link = elements(page.body).find((e) => e.attribs?.href?.startsWith('/signin/oidc'));
    expect(link?.attribs?.href).toBe(`/signin/oidc?next=${encodeURIComponent('/search?q=kysely')}`);
    expect(textOf(page.body)).toContain('Sign in with Example Corp');
    expect(textOf(page.body)).toContain('Or sign in with a token');
    const next = elements(page.body).find((e) => e.name === 'input' && e.attribs?.name === 'next');
    expect(next?.attribs?.value).toBe('/search?q=kysely');
  });

  it('signs in through the provider and lands where the person was going', async () => {
    const b = browser();
    const back = await upToReturn(b, '/search?q=kysely');
    expect(back.origin).toBe(PUBLIC);
    expect(back.searchParams.get('code')).toBeTruthy();
    const end = await b.navigate(back, () => false);
    expect(end.status).toBe(200);
    expect(end.url.pathname + end.url.search).toBe('/search?q=kysely');
    expect(textOf(end.body)).toContain('Ada Lovelace');
    expect(await signedIn(b)).toBe(true);
    const session = await t.db.kysely
      .selectFrom('web_sessions')
      .select(['handle', 'token_id'])
      .executeTakeFirstOrThrow();
    expect(session).toEqual({ handle: 'ada', token_id: null });
  });

  it('refuses a code in another browser (login CSRF) and spends it there', async () => {
    const mallory = browser();
    const back = await upToReturn(mallory, '/', 'mallory');
    // Ada's browser, with no flow of its own: nothing happens, no session.
    const ada = browser();
    const plain = await ada.navigate(back, () => false);
    expect(plain.status).toBe(400);
    expect(textOf(plain.body)).toContain('expired or was already used');
    expect(await signedIn(ada)).toBe(false);
    // Ada's browser in a flow of its own (its verifier is not Mallory's): refused, code spent.
    const started = await ada.request(new URL(startAddress('/')));
    expect(started.status).toBe(303);
    const cross = await ada.navigate(back, () => false);
    expect(cross.status).toBe(400);
    expect(await signedIn(ada)).toBe(false);
    const late = await mallory.navigate(back, () => false);
    expect(late.status).toBe(400);
    expect(await signedIn(mallory)).toBe(false);
  });

  it('refuses a replayed callback and a replayed return address', async () => {
    const b = browser();
    const callback = await b.signIn(
      startAddress('/'),
      'ada',
      (u) => u.pathname === '/auth/callback',
    );
    const back = await b.navigate(callback, atReturn);
    expect(back.stopped).toBe(true);
    const end = await b.navigate(back.url, () => false);
    expect(end.status).toBe(200);
    expect(await signedIn(b)).toBe(true);

    const other = browser();
    const replayedCallback = await other.navigate(callback, atReturn);
    expect(replayedCallback.stopped).toBe(false);
    expect(replayedCallback.status).toBe(400);
    const replayed = await other.navigate(back.url, () => false);
    expect(replayed.status).toBe(400);
    expect(await signedIn(other)).toBe(false);
    // The same browser again: its flow cookie was cleared, the code spent.
    const again = await t.app.inject({ method: 'GET', url: back.url.pathname + back.url.search });
    expect(again.statusCode).toBe(400);
    expect(cookieValue(again.headers['set-cookie'], 'outloud_session')).toBeUndefined();
  });

  it('returns only to paths on this server, however the return path is given', async () => {
    for (const next of [
      'https://evil.example/x',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const start = await t.app.inject({
        method: 'GET',
        url: `/signin/oidc?${new URLSearchParams({ next })}`,
      });
      expect(start.statusCode).toBe(303);
      const kept = cookieValue(start.headers['set-cookie'], 'outloud_oidc')!;
      expect(Buffer.from(kept.split('.')[1]!, 'base64url').toString()).toBe('/');
    }
    // A flow cookie changed by hand to leave the server: the path is checked again at the end.
    const b = browser();
    const start = await b.request(new URL(startAddress('/')));
    const verifier = cookieValue(start.headers.getSetCookie(), 'outloud_oidc')!.split('.')[0]!;
    const back = await b.signIn(new URL(start.headers.get('location')!, PUBLIC), 'ada', atReturn);
    const forged = `${verifier}.${Buffer.from('//evil.example/x').toString('base64url')}`;
    const end = await t.app.inject({
      method: 'GET',
      url: back.pathname + back.search,
      headers: { cookie: `outloud_oidc=${forged}` },
    });
    expect(end.statusCode).toBe(303);
    expect(end.headers.location).toBe('/');
    expect(cookieValue(end.headers['set-cookie'], 'outloud_session')).toBeTruthy();
    // A malformed flow cookie is no flow at all.
    const bad = await t.app.inject({
      method: 'GET',
      url: `${WEB_SIGN_IN_RETURN}?code=abc`,
      headers: { cookie: 'outloud_oidc=not-a-flow' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('says so when the person cancels at the provider, and refuses unexpected parameters', async () => {
    const b = browser();
    const back = await upToReturn(b, '/', null);
    expect(back.searchParams.get('error')).toBe('access_denied');
    const end = await b.navigate(back, () => false);
    expect(end.status).toBe(400);
    expect(textOf(end.body)).toContain("Your organisation's sign-in refused access.");
    // Said by the organisation's link, not as a fault of the token field.
    const token = elements(end.body).find((e) => e.attribs?.id === 'token');
    expect(token?.attribs?.['aria-invalid']).toBeUndefined();
    expect(await signedIn(b)).toBe(false);
    const odd = await get(t, `${WEB_SIGN_IN_RETURN}?code=x&redirect=https://evil.example`);
    expect(odd.statusCode).toBe(400);
    const long = await get(t, `${WEB_SIGN_IN_RETURN}?code=${'x'.repeat(500)}`);
    expect(long.statusCode).toBe(400);
  });
});

describe.each(databases())('web sign-in without OIDC on %s', (dialect) => {
  const { t } = useServer(dialect, {});

  it('offers only the token form, and no organisation sign-in route', async () => {
    const page = await get(t, '/signin');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).not.toContain('Or sign in with a token');
    expect(elements(page.body).some((e) => e.attribs?.href?.startsWith('/signin/oidc'))).toBe(
      false,
    );
    expect((await get(t, '/signin/oidc?next=/')).statusCode).toBe(404);
    expect((await get(t, `${WEB_SIGN_IN_RETURN}?code=x`)).statusCode).toBe(404);
  });
});
