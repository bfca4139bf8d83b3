/**
 * What came back from the auth window, read: the one-time code, the provider's or server's
 * error as a failure code, the browser's rejections; and the wire shapes read defensively.
 */
import { describe, expect, it } from 'vitest';
import {
  authStartUrl,
  flowRejection,
  readAuthConfig,
  readDevices,
  readRedirect,
  TOKENS_ONLY,
} from '../../../src/core/sign-in.ts';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

describe('readRedirect', () => {
  it.each([
    [`${REDIRECT}?code=abc`, { ok: true, code: 'abc' }],
    [`${REDIRECT}?code=abc&state=x`, { ok: true, code: 'abc' }],
    [`${REDIRECT}#code=abc`, { ok: true, code: 'abc' }],
    [`${REDIRECT}?error=access_denied`, { ok: false, failure: { code: 'sign-in-denied' } }],
    [
      `${REDIRECT}?error=access_denied&error_description=User+cancelled`,
      { ok: false, failure: { code: 'sign-in-denied' } },
    ],
    [
      `${REDIRECT}?error=domain_not_allowed`,
      { ok: false, failure: { code: 'domain-not-allowed' } },
    ],
    [`${REDIRECT}?error=deactivated`, { ok: false, failure: { code: 'deactivated' } }],
    [
      `${REDIRECT}?error=server_error&error_description=The+provider+failed`,
      {
        ok: false,
        failure: { code: 'sign-in-failed', detail: 'server_error: The provider failed' },
      },
    ],
    [
      `${REDIRECT}?error=invalid_request`,
      { ok: false, failure: { code: 'sign-in-failed', detail: 'invalid_request' } },
    ],
    // An error wins over a code sent beside it.
    [`${REDIRECT}?code=abc&error=deactivated`, { ok: false, failure: { code: 'deactivated' } }],
    [
      REDIRECT,
      { ok: false, failure: { code: 'sign-in-failed', detail: 'no code in the redirect' } },
    ],
    [
      `${REDIRECT}?code=`,
      { ok: false, failure: { code: 'sign-in-failed', detail: 'no code in the redirect' } },
    ],
    [
      `${REDIRECT}?code=${'x'.repeat(513)}`,
      { ok: false, failure: { code: 'sign-in-failed', detail: 'no code in the redirect' } },
    ],
    [
      'https://attacker.example/?code=abc',
      { ok: false, failure: { code: 'sign-in-failed', detail: 'unexpected redirect' } },
    ],
    [
      `${REDIRECT}elsewhere?code=abc`,
      { ok: false, failure: { code: 'sign-in-failed', detail: 'unexpected redirect' } },
    ],
    [
      'not a url',
      { ok: false, failure: { code: 'sign-in-failed', detail: 'unreadable redirect' } },
    ],
  ])('%s', (url, outcome) => {
    expect(readRedirect(url, REDIRECT)).toEqual(outcome);
  });

  it('keeps a long description short', () => {
    const got = readRedirect(`${REDIRECT}?error=x&error_description=${'d'.repeat(1000)}`, REDIRECT);
    expect(got.ok ? '' : 'detail' in got.failure ? got.failure.detail : '').toHaveLength(303);
  });
});

describe('flowRejection', () => {
  it.each([
    ['The user did not approve access.', { code: 'sign-in-cancelled' }],
    ['User cancelled or denied access.', { code: 'sign-in-cancelled' }],
    [
      'Authorization page could not be loaded.',
      { code: 'unreachable', detail: 'Authorization page could not be loaded.' },
    ],
    ['Something else', { code: 'sign-in-failed', detail: 'Something else' }],
  ])('%s', (message, failure) => {
    expect(flowRejection(message)).toEqual(failure);
  });
});

describe('authStartUrl', () => {
  it("is the server's /auth/start with the redirect and the S256 challenge", () => {
    const url = new URL(authStartUrl('https://outloud.example.org/', REDIRECT, 'CHALLENGE'));
    expect(`${url.origin}${url.pathname}`).toBe('https://outloud.example.org/auth/start');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      redirect_uri: REDIRECT,
      code_challenge: 'CHALLENGE',
      code_challenge_method: 'S256',
    });
  });
});

describe('wire shapes', () => {
  it.each([
    [
      { organisation: 'Acme', oidc: true, tokenSignIn: true, tokenMaxAgeDays: 90 },
      { organisation: 'Acme', oidc: true, tokenSignIn: true, tokenMaxAgeDays: 90 },
    ],
    [
      { organisation: 'Acme', oidc: 'yes' },
      { organisation: 'Acme', oidc: false, tokenSignIn: true, tokenMaxAgeDays: null },
    ],
    [{ tokenMaxAgeDays: 0 }, { ...TOKENS_ONLY }],
    [null, { ...TOKENS_ONLY }],
    ['nonsense', { ...TOKENS_ONLY }],
  ])('reads the auth config %j', (body, config) => {
    expect(readAuthConfig(body)).toEqual(config);
  });

  it('reads the device list, leaving out malformed entries', () => {
    expect(
      readDevices({
        devices: [
          {
            id: 'a',
            name: 'Chrome on Linux',
            createdAt: '2026-01-01T00:00:00Z',
            lastUsedAt: null,
            current: true,
          },
          {
            id: 'b',
            name: 'script',
            createdAt: '2026-01-01T00:00:00Z',
            lastUsedAt: '2026-01-02T00:00:00Z',
          },
          { id: 3, name: 'bad', createdAt: 'x', lastUsedAt: null },
          null,
        ],
      }),
    ).toEqual([
      {
        id: 'a',
        name: 'Chrome on Linux',
        createdAt: '2026-01-01T00:00:00Z',
        lastUsedAt: null,
        current: true,
      },
      {
        id: 'b',
        name: 'script',
        createdAt: '2026-01-01T00:00:00Z',
        lastUsedAt: '2026-01-02T00:00:00Z',
        current: false,
      },
    ]);
    expect(readDevices(null)).toEqual([]);
    expect(readDevices({ devices: 'x' })).toEqual([]);
  });
});
