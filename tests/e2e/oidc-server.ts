/**
 * The built server with organisation sign-in (OpenID Connect) against the in-process test
 * provider (`tests/oidc/provider.ts`): a free port chosen first, so the provider can be told the
 * server's callback address before the server starts with its issuer and client. For the e2e
 * files that sign in with the organisation (extension, managed policy, web pages).
 */
import { startTestProvider, type TestAccount, type TestProvider } from '../oidc/provider.ts';
import { type RunningServer, startServer } from './harness.ts';
import { freePort } from './journey-helpers.ts';

/** The organisation's name the server is started with ("Sign in with Example Corp"). */
export const OIDC_ORG = 'Example Corp';

export type OidcServer = { server: RunningServer; idp: TestProvider };

/** Starts the provider with `accounts` (login → claims) and the server configured for it. */
export async function startOidcServer(accounts: Record<string, TestAccount>): Promise<OidcServer> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const idp = await startTestProvider({ redirectUris: [`${publicUrl}/auth/callback`] });
  for (const [login, claims] of Object.entries(accounts)) idp.addAccount(login, claims);
  try {
    const server = await startServer({
      port,
      env: {
        OUTLOUD_ORG_NAME: OIDC_ORG,
        OUTLOUD_PUBLIC_URL: publicUrl,
        OUTLOUD_OIDC_ISSUER: idp.issuer,
        OUTLOUD_OIDC_CLIENT_ID: idp.clientId,
        OUTLOUD_OIDC_CLIENT_SECRET: idp.clientSecret ?? '',
      },
    });
    return { server, idp };
  } catch (error) {
    await idp.close();
    throw error;
  }
}
