/**
 * A real OpenID provider for tests (`oidc-provider`, a certified implementation), run in-process
 * on 127.0.0.1 at a random port by the tests themselves: one test client, accounts the test
 * chooses, and a minimal login page (a `login` field and a submit button; consent is granted
 * automatically) that both the Node browser (`browser.ts`) and a real browser (puppeteer) can
 * complete. For refusal tests the provider can hand out ID tokens that are wrong in one way
 * (`tamperIdToken`): signed by another key, or with claims changed (issuer, audience, expiry),
 * re-signed with the provider's own key so only that one defect remains. With
 * `profileClaimsInIdToken: false` the profile and e-mail claims are served by the userinfo
 * endpoint only.
 *
 *   const idp = await startTestProvider({ redirectUris: ['http://outloud.test/auth/callback'] });
 *   idp.addAccount('ada', { sub: 'ada-1', email: 'ada@example.com', name: 'Ada' });
 *   … OUTLOUD_OIDC_ISSUER = idp.issuer, CLIENT_ID = idp.clientId, CLIENT_SECRET = idp.clientSecret
 *   await idp.close();
 */
import { generateKeyPairSync, type KeyObject, type JsonWebKey as NodeJwk, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContext } from 'oidc-provider';

/** One person at the provider: `sub` and the claims it releases (undefined ones are left out). */
export type TestAccount = {
  sub: string;
  email?: string;
  email_verified?: boolean;
  preferred_username?: string;
  name?: string;
  groups?: string[];
  [claim: string]: unknown;
};

/** How the next ID tokens are spoiled: `otherKey` signs them with a key the provider never published. */
export type IdTokenTamper = {
  otherKey?: boolean;
  claims?: (claims: Record<string, unknown>) => Record<string, unknown>;
};

export type TestProviderOptions = {
  /** The relying party's callback URLs the test client may use. */
  redirectUris: readonly string[];
  clientId?: string;
  /** `null`: a public client (PKCE alone, no secret). Default: a confidential client. */
  clientSecret?: string | null;
  /** Accounts by the login name typed into the login page. */
  accounts?: Record<string, TestAccount>;
  /** The port to listen on (127.0.0.1); default 0, a free one. */
  port?: number;
  /**
   * `false`: the ID token carries no profile or e-mail claims, only `sub` and the protocol
   * claims; they come from the userinfo endpoint alone (as Okta does). Default `true`.
   */
  profileClaimsInIdToken?: boolean;
};

export type TestProvider = {
  /** The issuer (and discovery base) URL, `http://127.0.0.1:<port>`. */
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  /** Adds or replaces the account signed in with `login`. */
  addAccount(login: string, account: TestAccount): void;
  /** Spoils the ID tokens the provider issues from now on; `null` stops it. */
  tamperIdToken(tamper: IdTokenTamper | null): void;
  close(): Promise<void>;
};

const KID = 'outloud-test-key';

/** An RSA signing key as a private JWK for oidc-provider's `jwks`, and as a KeyObject. */
function rsaKey(): { jwk: NodeJwk; key: KeyObject } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { jwk: { ...jwk, kid: KID, use: 'sig', alg: 'RS256' }, key: privateKey };
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** Re-signs `jwt` (RS256) with `key`, after `change` has rewritten its claims. */
function resign(
  jwt: string,
  key: KeyObject,
  change: (claims: Record<string, unknown>) => Record<string, unknown>,
): string {
  const [header, payload] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
  const input = `${header}.${b64url(JSON.stringify(change(claims)))}`;
  return `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`;
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The login page: one field and a submit button (ids for puppeteer), and a cancel button. */
function loginPage(uid: string, error?: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><h1>Sign in to the test identity provider</h1>
${error ? `<p id="error">${escapeHtml(error)}</p>` : ''}
<form id="login-form" method="post" action="/interaction/${uid}/login">
<label>Login <input id="login" name="login" autofocus></label>
<button id="submit" type="submit">Sign in</button>
</form>
<form id="cancel-form" method="post" action="/interaction/${uid}/abort">
<button id="cancel" type="submit">Cancel</button>
</form></body></html>`;
}

/** Starts the provider on 127.0.0.1 at `options.port`, by default a free port. */
export async function startTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  const accounts = new Map(Object.entries(options.accounts ?? {}));
  const clientId = options.clientId ?? 'outloud-test';
  const clientSecret =
    options.clientSecret === undefined ? 'outloud-test-secret' : options.clientSecret;
  const signing = rsaKey();
  const other = rsaKey();
  let tamper: IdTokenTamper | null = null;

  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const bySub = (sub: string) => [...accounts.values()].find((a) => a.sub === sub);
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        ...(clientSecret === null
          ? { token_endpoint_auth_method: 'none' }
          : { client_secret: clientSecret }),
        redirect_uris: [...options.redirectUris],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signing.jwk] },
    cookies: { keys: ['outloud-test-cookie-key'] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username', 'groups'],
    },
    // By default the claims of the granted scopes go in the ID token too (as Entra ID, Google and
    // Keycloak do); conforming, they go to the userinfo endpoint only (as Okta does).
    conformIdTokenClaims: options.profileClaimsInIdToken === false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    async findAccount(_ctx: unknown, sub: string) {
      const account = bySub(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return Object.fromEntries(Object.entries(account).filter(([, v]) => v !== undefined));
        },
      };
    },
    // Consent is granted at once: every requested OpenID scope, for the signed-in account.
    // biome-ignore lint/suspicious/noExplicitAny: oidc-provider's context is untyped
    async loadExistingGrant(ctx: any) {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId) return undefined;
      const existing =
        ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (existing) {
        const grant = await ctx.oidc.provider.Grant.find(existing);
        if (grant) return grant;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
  });

  provider.use(async (ctx: KoaContext, next) => {
    const match = /^\/interaction\/([^/]+)(?:\/(login|abort))?$/.exec(ctx.path);
    if (!match) {
      await next();
      const body = ctx.body as { id_token?: string } | undefined;
      if (ctx.path === '/token' && tamper && body?.id_token) {
        const { otherKey, claims = (c: Record<string, unknown>) => c } = tamper;
        body.id_token = resign(body.id_token, otherKey ? other.key : signing.key, claims);
      }
      return;
    }
    const [, uid, action] = match;
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    if (!action && ctx.method === 'GET') {
      ctx.type = 'html';
      ctx.body = loginPage(uid!);
      return;
    }
    if (ctx.method !== 'POST') {
      ctx.status = 405;
      return;
    }
    let result: Record<string, unknown>;
    if (action === 'abort') {
      result = { error: 'access_denied', error_description: 'The person cancelled the sign-in.' };
    } else {
      const login = (await readForm(ctx.req)).get('login') ?? '';
      const account = accounts.get(login);
      if (!account) {
        ctx.type = 'html';
        ctx.body = loginPage(uid!, `No account "${login}".`);
        return;
      }
      result = { login: { accountId: account.sub } };
    }
    const to = await provider.interactionResult(ctx.req, ctx.res, result, {
      mergeWithLastSubmission: false,
    });
    ctx.status = 303;
    ctx.redirect(to);
  });
  server.on('request', provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    addAccount(login, account) {
      accounts.set(login, account);
    },
    tamperIdToken(next) {
      tamper = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
