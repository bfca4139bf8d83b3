/**
 * Sign-in settings (issue 14) and their parsing from the environment (`serve`): the
 * organisation's name, OpenID Connect (when `OUTLOUD_OIDC_ISSUER` is set), extra redirect
 * addresses the extension flow may return to, and the maximum token age. Parsing throws
 * `AuthConfigError` naming the variable and what it must be.
 */

export type OidcSettings = {
  /** The server's external base URL, without a trailing slash (`OUTLOUD_PUBLIC_URL`). */
  publicUrl: string;
  /** The identity provider's issuer URL; discovery is `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Null for a public client (PKCE alone). */
  clientSecret: string | null;
  scopes: string;
  handleClaim: string;
  nameClaim: string;
  /** Lower-case e-mail domains allowed to sign in; empty allows every one. */
  allowedDomains: string[];
  /** The group whose members are admins (each sign-in sets the role); null leaves roles alone. */
  adminGroup: string | null;
  groupsClaim: string;
};

export type AuthSettings = {
  organisation: string;
  oidc: OidcSettings | null;
  /** Exact redirect addresses accepted besides extension ones (`OUTLOUD_AUTH_REDIRECTS`). */
  redirects: string[];
  /** Tokens older than this many days are refused (`token_expired`); null: no limit. */
  tokenMaxAgeDays: number | null;
};

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  organisation: 'Outloud',
  oidc: null,
  redirects: [],
  tokenMaxAgeDays: null,
};

export class AuthConfigError extends Error {}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** An absolute http(s) URL without query or fragment, or an error naming `name`. */
function baseUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AuthConfigError(
      `${name} must be an absolute URL (https://…), not ${JSON.stringify(value)}`,
    );
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) {
    throw new AuthConfigError(`${name} must be an http(s) URL without query or fragment`);
  }
  return url.href.replace(/\/+$/, '');
}

/** The sign-in settings in `env`. */
export function parseAuthSettings(env: Record<string, string | undefined>): AuthSettings {
  const text = (name: string) => env[name]?.trim() || undefined;
  const maxAge = text('OUTLOUD_TOKEN_MAX_AGE_DAYS');
  let tokenMaxAgeDays: number | null = null;
  if (maxAge !== undefined) {
    tokenMaxAgeDays = Number(maxAge);
    if (!Number.isInteger(tokenMaxAgeDays) || tokenMaxAgeDays < 1) {
      throw new AuthConfigError('OUTLOUD_TOKEN_MAX_AGE_DAYS must be a whole number of days (≥ 1)');
    }
  }
  const redirects = list(env.OUTLOUD_AUTH_REDIRECTS).map((r) => {
    try {
      return new URL(r).href;
    } catch {
      throw new AuthConfigError(`OUTLOUD_AUTH_REDIRECTS: ${JSON.stringify(r)} is not a URL`);
    }
  });
  const issuer = text('OUTLOUD_OIDC_ISSUER');
  let oidc: OidcSettings | null = null;
  if (issuer !== undefined) {
    const publicUrl = text('OUTLOUD_PUBLIC_URL');
    const clientId = text('OUTLOUD_OIDC_CLIENT_ID');
    if (!publicUrl) {
      throw new AuthConfigError(
        'OUTLOUD_PUBLIC_URL is required with OUTLOUD_OIDC_ISSUER (the identity provider ' +
          'returns to <OUTLOUD_PUBLIC_URL>/auth/callback)',
      );
    }
    if (!clientId) {
      throw new AuthConfigError('OUTLOUD_OIDC_CLIENT_ID is required with OUTLOUD_OIDC_ISSUER');
    }
    const adminGroup = text('OUTLOUD_OIDC_ADMIN_GROUP') ?? null;
    oidc = {
      publicUrl: baseUrl('OUTLOUD_PUBLIC_URL', publicUrl),
      issuer: baseUrl('OUTLOUD_OIDC_ISSUER', issuer),
      clientId,
      clientSecret: text('OUTLOUD_OIDC_CLIENT_SECRET') ?? null,
      scopes: text('OUTLOUD_OIDC_SCOPES') ?? 'openid profile email',
      handleClaim: text('OUTLOUD_OIDC_HANDLE_CLAIM') ?? 'preferred_username',
      nameClaim: text('OUTLOUD_OIDC_NAME_CLAIM') ?? 'name',
      allowedDomains: list(env.OUTLOUD_OIDC_ALLOWED_DOMAINS).map((d) =>
        d.toLowerCase().replace(/^@/, ''),
      ),
      adminGroup,
      groupsClaim: text('OUTLOUD_OIDC_GROUPS_CLAIM') ?? 'groups',
    };
    if (!oidc.scopes.split(/\s+/).includes('openid')) {
      throw new AuthConfigError('OUTLOUD_OIDC_SCOPES must include openid');
    }
  } else {
    for (const name of ['OUTLOUD_OIDC_CLIENT_ID', 'OUTLOUD_OIDC_CLIENT_SECRET']) {
      if (text(name)) throw new AuthConfigError(`${name} is set but OUTLOUD_OIDC_ISSUER is not`);
    }
  }
  return {
    organisation: text('OUTLOUD_ORG_NAME') ?? 'Outloud',
    oidc,
    redirects,
    tokenMaxAgeDays,
  };
}
