/**
 * The test identity provider (`tests/oidc/provider.ts`) against openid-client, the library the
 * server uses: a relying party completes a sign-in through the login page and gets the account's
 * claims; each spoiled ID token (`tamperIdToken`) is refused; Cancel answers `access_denied`.
 */
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeBrowser } from '../oidc/browser.ts';
import { startTestProvider, type TestProvider } from '../oidc/provider.ts';

const CALLBACK = 'http://rp.test/callback';
const atCallback = (url: URL) => url.href.startsWith(CALLBACK);

let idp: TestProvider;
let config: client.Configuration;

beforeAll(async () => {
  idp = await startTestProvider({
    redirectUris: [CALLBACK],
    accounts: {
      ada: {
        sub: 'sub-ada',
        email: 'ada@example.com',
        email_verified: true,
        preferred_username: 'ada.l',
        name: 'Ada Lovelace',
        groups: ['staff', 'outloud-admins'],
      },
    },
  });
  config = await client.discovery(new URL(idp.issuer), idp.clientId, idp.clientSecret!, undefined, {
    execute: [client.allowInsecureRequests],
  });
  // ID tokens from the token endpoint are only signature-checked with this (as the server does).
  client.enableNonRepudiationChecks(config);
});
afterAll(() => idp.close());

/** Signs in as `login` (or cancels) and redeems the code as openid-client would. */
async function signIn(login: string | null) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const start = client.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: 'openid profile email',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const back = await new NodeBrowser().signIn(start, login, atCallback);
  return {
    back,
    redeem: () =>
      client.authorizationCodeGrant(config, back, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      }),
  };
}

describe('test identity provider', () => {
  it('signs a person in through the login page and releases their claims in the ID token', async () => {
    const { redeem } = await signIn('ada');
    const claims = (await redeem()).claims();
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: idp.clientId,
      sub: 'sub-ada',
      email: 'ada@example.com',
      email_verified: true,
      preferred_username: 'ada.l',
      name: 'Ada Lovelace',
      groups: ['staff', 'outloud-admins'],
    });
  });

  it('answers access_denied when the person cancels', async () => {
    const { back } = await signIn(null);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it.each([
    ['signed by another key', { otherKey: true }, /signature/i],
    [
      'from another issuer',
      { claims: (c: object) => ({ ...c, iss: 'https://evil.test' }) },
      /"iss"/,
    ],
    ['for another audience', { claims: (c: object) => ({ ...c, aud: 'someone-else' }) }, /"aud"/],
    [
      'expired',
      { claims: (c: object) => ({ ...c, iat: now() - 7200, exp: now() - 3600 }) },
      /"exp"/,
    ],
  ])('hands out ID tokens %s that openid-client refuses', async (_name, tamper, message) => {
    const { redeem } = await signIn('ada');
    idp.tamperIdToken(tamper);
    try {
      const error = await redeem().then(
        () => null,
        (e: unknown) => e,
      );
      expect(messages(error)).toMatch(message);
    } finally {
      idp.tamperIdToken(null);
    }
  });
});

function now(): number {
  return Math.floor(Date.now() / 1000);
}

/** The messages of an error and its causes, one per line. */
function messages(error: unknown): string {
  const out: string[] = [];
  for (let e = error; e instanceof Error; e = e.cause) out.push(e.message);
  return out.join('\n');
}
