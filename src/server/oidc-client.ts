/**
 * The OpenID Connect relying party, through openid-client (certified): discovery (once, retried
 * after a failure), the authorization URL with PKCE S256, state and nonce, and the callback's
 * code exchange with every ID-token check (signature included: `enableNonRepudiationChecks`,
 * since openid-client otherwise trusts TLS for tokens from the token endpoint; issuer, audience,
 * expiry, nonce, state), and userinfo for claims the ID token lacks. Plain http is allowed only
 * for an issuer on a loopback address (tests, `--oidc-demo`).
 */
import * as client from 'openid-client';
import type { OidcSettings } from './auth-config.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class OidcClient {
  private config: Promise<client.Configuration> | null = null;

  constructor(readonly settings: OidcSettings) {}

  /** The callback address registered at the identity provider. */
  get callbackUrl(): string {
    return `${this.settings.publicUrl}/auth/callback`;
  }

  private configuration(): Promise<client.Configuration> {
    if (!this.config) {
      const { issuer, clientId, clientSecret } = this.settings;
      const url = new URL(issuer);
      const insecure = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
      this.config = client
        .discovery(
          url,
          clientId,
          clientSecret ?? undefined,
          clientSecret ? undefined : client.None(),
          insecure ? { execute: [client.allowInsecureRequests] } : undefined,
        )
        .then((config) => {
          client.enableNonRepudiationChecks(config);
          return config;
        });
      this.config.catch(() => {
        this.config = null;
      });
    }
    return this.config;
  }

  /** Fresh secrets for one flow: the PKCE verifier, state and nonce sent to the provider. */
  static secrets(): { verifier: string; state: string; nonce: string } {
    return {
      verifier: client.randomPKCECodeVerifier(),
      state: client.randomState(),
      nonce: client.randomNonce(),
    };
  }

  /** Where to send the browser to sign in. */
  async authorizationUrl(secrets: {
    verifier: string;
    state: string;
    nonce: string;
  }): Promise<URL> {
    const config = await this.configuration();
    return client.buildAuthorizationUrl(config, {
      redirect_uri: this.callbackUrl,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(secrets.verifier),
      code_challenge_method: 'S256',
      state: secrets.state,
      nonce: secrets.nonce,
    });
  }

  /**
   * The claims sign-in reads: handle, name, e-mail and, with an admin group, the groups claim.
   */
  private wantedClaims(): string[] {
    const { handleClaim, nameClaim, adminGroup, groupsClaim } = this.settings;
    return [handleClaim, nameClaim, 'email', ...(adminGroup !== null ? [groupsClaim] : [])];
  }

  /**
   * Redeems the provider's code in `query` (the callback's query string) and checks the ID
   * token; answers its claims. Providers such as Okta keep profile claims out of the ID token:
   * when a wanted claim is missing from it and the provider has a userinfo endpoint, the
   * missing ones are taken from userinfo (fetched with the access token; openid-client refuses
   * an answer whose `sub` is not the ID token's). `email_verified` comes with `email`, from the
   * same source. Throws when anything fails a check.
   */
  async finish(
    query: string,
    secrets: { verifier: string; state: string; nonce: string },
  ): Promise<client.IDToken> {
    const config = await this.configuration();
    const tokens = await client.authorizationCodeGrant(
      config,
      new URL(`${this.callbackUrl}?${query}`),
      {
        pkceCodeVerifier: secrets.verifier,
        expectedState: secrets.state,
        expectedNonce: secrets.nonce,
        idTokenExpected: true,
      },
    );
    const claims = tokens.claims();
    if (!claims) throw new Error('the identity provider sent no ID token');
    const missing = this.wantedClaims().filter((name) => claims[name] === undefined);
    if (missing.length === 0 || !config.serverMetadata().userinfo_endpoint) return claims;
    const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    const taken = missing.filter((name) => info[name] !== undefined);
    if (taken.includes('email')) taken.push('email_verified');
    return { ...claims, ...Object.fromEntries(taken.map((name) => [name, info[name]])) };
  }
}
