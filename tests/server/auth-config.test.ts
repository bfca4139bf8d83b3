/** Sign-in settings from the environment (`parseAuthSettings`, used by `serve`). */
import { describe, expect, it } from 'vitest';
import { AuthConfigError, parseAuthSettings } from '../../src/server/auth-config.ts';

const OIDC = {
  OUTLOUD_PUBLIC_URL: 'https://outloud.example.com/',
  OUTLOUD_OIDC_ISSUER: 'https://login.example.com/realms/staff',
  OUTLOUD_OIDC_CLIENT_ID: 'outloud',
};

describe('parseAuthSettings', () => {
  it('defaults to token sign-in only', () => {
    expect(parseAuthSettings({})).toEqual({
      organisation: 'Outloud',
      oidc: null,
      redirects: [],
      tokenMaxAgeDays: null,
    });
  });

  it('reads every variable', () => {
    const settings = parseAuthSettings({
      ...OIDC,
      OUTLOUD_ORG_NAME: 'Example Corp',
      OUTLOUD_OIDC_CLIENT_SECRET: 's3cret',
      OUTLOUD_OIDC_SCOPES: 'openid email',
      OUTLOUD_OIDC_HANDLE_CLAIM: 'upn',
      OUTLOUD_OIDC_NAME_CLAIM: 'display_name',
      OUTLOUD_OIDC_ALLOWED_DOMAINS: 'Example.com, @example.org',
      OUTLOUD_OIDC_ADMIN_GROUP: 'outloud-admins',
      OUTLOUD_OIDC_GROUPS_CLAIM: 'roles',
      OUTLOUD_AUTH_REDIRECTS: 'http://127.0.0.1:9000/done',
      OUTLOUD_TOKEN_MAX_AGE_DAYS: '90',
    });
    expect(settings).toEqual({
      organisation: 'Example Corp',
      redirects: ['http://127.0.0.1:9000/done'],
      tokenMaxAgeDays: 90,
      oidc: {
        publicUrl: 'https://outloud.example.com',
        issuer: 'https://login.example.com/realms/staff',
        clientId: 'outloud',
        clientSecret: 's3cret',
        scopes: 'openid email',
        handleClaim: 'upn',
        nameClaim: 'display_name',
        allowedDomains: ['example.com', 'example.org'],
        adminGroup: 'outloud-admins',
        groupsClaim: 'roles',
      },
    });
    expect(parseAuthSettings(OIDC).oidc).toMatchObject({
      clientSecret: null,
      scopes: 'openid profile email',
      handleClaim: 'preferred_username',
      nameClaim: 'name',
      allowedDomains: [],
      adminGroup: null,
      groupsClaim: 'groups',
    });
  });

  it.each([
    [
      { OUTLOUD_OIDC_ISSUER: OIDC.OUTLOUD_OIDC_ISSUER, OUTLOUD_OIDC_CLIENT_ID: 'x' },
      /OUTLOUD_PUBLIC_URL is required/,
    ],
    [{ ...OIDC, OUTLOUD_OIDC_CLIENT_ID: '' }, /OUTLOUD_OIDC_CLIENT_ID is required/],
    [
      { ...OIDC, OUTLOUD_OIDC_ISSUER: 'login.example.com' },
      /OUTLOUD_OIDC_ISSUER must be an absolute URL/,
    ],
    [
      { ...OIDC, OUTLOUD_PUBLIC_URL: 'ftp://x.example' },
      /OUTLOUD_PUBLIC_URL must be an http\(s\) URL/,
    ],
    [{ ...OIDC, OUTLOUD_OIDC_SCOPES: 'profile email' }, /must include openid/],
    [{ OUTLOUD_OIDC_CLIENT_ID: 'x' }, /OUTLOUD_OIDC_ISSUER is not/],
    [{ OUTLOUD_TOKEN_MAX_AGE_DAYS: '0' }, /OUTLOUD_TOKEN_MAX_AGE_DAYS must be a whole number/],
    [{ OUTLOUD_TOKEN_MAX_AGE_DAYS: '1.5' }, /OUTLOUD_TOKEN_MAX_AGE_DAYS must be a whole number/],
    [{ OUTLOUD_AUTH_REDIRECTS: 'nope' }, /OUTLOUD_AUTH_REDIRECTS: "nope" is not a URL/],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => parseAuthSettings(env)).toThrow(AuthConfigError);
    expect(() => parseAuthSettings(env)).toThrow(message);
  });
});
