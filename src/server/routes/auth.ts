/**
 * Organisation sign-in (issue 14), all without a bearer token:
 * - `GET /v1/auth/config`: what the extension should offer (no secrets).
 * - `GET /auth/start`: checks the extension's redirect address and PKCE challenge, keeps the
 *   flow in the database and sends the browser to the identity provider.
 * - `GET /auth/callback`: the provider returns here; every check (openid-client), the person
 *   found by issuer + subject or created, then back to the extension with a one-time code (or
 *   `error=…`, only ever to an address that passed the check at start).
 * - `POST /v1/auth/token`: the code and the extension's PKCE verifier for a device token.
 * Each is limited per client address like the other unauthenticated paths.
 */
import type { FastifyContextConfig, FastifyReply } from 'fastify';
import type { IDToken } from 'openid-client';
import { Type } from 'typebox';
import { ErrorBody, Person, Timestamp } from '../../core/wire.ts';
import { HttpError, invalid, notFound } from '../errors.ts';
import { OidcClient } from '../oidc-client.ts';
import { issueCode, redeemCode, saveFlow, signInPerson, takeFlow } from '../repos/sign-in.ts';
import { createDeviceToken, DEVICE_NAME_MAX, findUser, toPerson } from '../repos/users.ts';
import type { RouteApp } from './index.ts';

const AuthConfig = Type.Object({
  organisation: Type.String(),
  oidc: Type.Boolean({ description: 'organisation sign-in (OpenID Connect) is offered' }),
  tokenSignIn: Type.Literal(true),
  tokenMaxAgeDays: Type.Union([Type.Integer(), Type.Null()]),
});

export const Device = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  current: Type.Boolean({ description: 'the token of this request' }),
});

const StartQuery = Type.Object({
  redirect_uri: Type.String({ maxLength: 2000 }),
  code_challenge: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }),
  code_challenge_method: Type.Literal('S256'),
});

const CallbackQuery = Type.Object({
  state: Type.Optional(Type.String({ maxLength: 500 })),
  code: Type.Optional(Type.String({ maxLength: 4000 })),
  error: Type.Optional(Type.String({ maxLength: 200 })),
});

const TokenBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 200 }),
    code_verifier: Type.String({ pattern: '^[A-Za-z0-9._~-]{43,128}$' }),
    device: Type.String({ minLength: 1, maxLength: DEVICE_NAME_MAX }),
  },
  { additionalProperties: false },
);

const TokenAnswer = Type.Object({
  token: Type.String(),
  person: Person,
  device: Device,
});

/**
 * Where the web pages' organisation sign-in comes back to (`src/web/oidc-sign-in.ts`): on this
 * server, under the public URL, so `/auth/start` accepts it as a redirect address.
 */
export const WEB_SIGN_IN_RETURN = '/signin/oidc/done';

/** Chrome's and Firefox's `identity` redirect hosts. */
const EXTENSION_HOSTS = [
  /^[a-p]{32}\.chromiumapp\.org$/,
  /^[0-9a-f-]{16,64}\.extensions\.allizom\.org$/,
];

/** True when the flow may return to `address`: an extension's, or one listed exactly. */
export function allowedRedirect(address: string, listed: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  if (listed.includes(url.href)) return true;
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    EXTENSION_HOSTS.some((host) => host.test(url.hostname))
  );
}

/** The error codes the extension is sent back with. */
type FlowError =
  | 'access_denied'
  | 'domain_not_allowed'
  | 'deactivated'
  | 'invalid_request'
  | 'server_error';

function back(reply: FastifyReply, redirectUri: string, params: Record<string, string>) {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return reply.redirect(url.href, 302);
}

const fail = (reply: FastifyReply, redirectUri: string, code: FlowError, description: string) =>
  back(reply, redirectUri, { error: code, error_description: description });

/** A claim as text, or null. */
function text(claims: IDToken, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Registers the sign-in routes. */
export async function authRoutes(app: RouteApp): Promise<void> {
  const { auth } = app;
  const oidc = auth.oidc ? new OidcClient(auth.oidc) : null;
  const redirects = auth.oidc
    ? [...auth.redirects, `${auth.oidc.publicUrl}${WEB_SIGN_IN_RETURN}`]
    : auth.redirects;
  const limit = app.authRouteLimit;
  const config: FastifyContextConfig = limit
    ? { rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs } }
    : {};

  app.get(
    '/v1/auth/config',
    {
      schema: {
        summary: 'What sign-in the server offers (no secrets)',
        tags: ['auth'],
        security: [],
        response: { 200: AuthConfig },
      },
    },
    async () => ({
      organisation: auth.organisation,
      oidc: oidc !== null,
      tokenSignIn: true as const,
      tokenMaxAgeDays: auth.tokenMaxAgeDays,
    }),
  );

  app.get(
    '/auth/start',
    {
      config,
      schema: {
        summary: 'Start organisation sign-in: redirects to the identity provider',
        description:
          '`redirect_uri` must be an extension redirect address (`https://<id>.chromiumapp.org/…`, ' +
          '`https://<id>.extensions.allizom.org/…`), listed in `OUTLOUD_AUTH_REDIRECTS`, or ' +
          "this server's web sign-in (`<public URL>/signin/oidc/done`); " +
          "`code_challenge` is the extension's PKCE S256 challenge, which `POST /v1/auth/token` checks.",
        tags: ['auth'],
        security: [],
        querystring: StartQuery,
        response: {
          302: Type.Null({ description: 'to the identity provider' }),
          400: ErrorBody,
          404: ErrorBody,
          429: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      if (!oidc) throw notFound('organisation sign-in is not configured on this server');
      const { redirect_uri: redirectUri, code_challenge: codeChallenge } = request.query;
      if (!allowedRedirect(redirectUri, redirects)) {
        throw invalid('redirect_uri is not an extension redirect address this server accepts');
      }
      const secrets = OidcClient.secrets();
      let to: URL;
      try {
        to = await oidc.authorizationUrl(secrets);
      } catch (error) {
        request.log.error({ err: error }, 'identity provider discovery failed');
        return fail(reply, redirectUri, 'server_error', 'The identity provider cannot be reached.');
      }
      await saveFlow(app.db, secrets.state, {
        verifier: secrets.verifier,
        nonce: secrets.nonce,
        redirectUri,
        codeChallenge,
      });
      return reply.redirect(to.href, 302);
    },
  );

  app.get(
    '/auth/callback',
    {
      config,
      schema: {
        summary: 'The identity provider returns here; redirects to the extension',
        description:
          'On success to `<redirect_uri>?code=<one-time code>` (60 s, single use, bound to the ' +
          'PKCE challenge given at start); on failure to `<redirect_uri>?error=<code>&' +
          'error_description=<text>`, `code` one of access_denied, domain_not_allowed, ' +
          'deactivated, invalid_request, server_error. An unknown or expired `state` is a 400.',
        tags: ['auth'],
        security: [],
        querystring: CallbackQuery,
        response: {
          302: Type.Null({ description: 'to the extension' }),
          400: ErrorBody,
          404: ErrorBody,
          429: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      if (!oidc) throw notFound('organisation sign-in is not configured on this server');
      const { state, error } = request.query;
      const flow = state ? await takeFlow(app.db, state) : undefined;
      if (!state || !flow) throw invalid('unknown or expired sign-in; start again');
      const { redirectUri } = flow;
      if (error !== undefined) {
        return error === 'access_denied'
          ? fail(reply, redirectUri, 'access_denied', 'The sign-in was cancelled or denied.')
          : fail(reply, redirectUri, 'server_error', `The identity provider answered ${error}.`);
      }
      if (!request.query.code) {
        return fail(reply, redirectUri, 'invalid_request', 'The identity provider sent no code.');
      }
      const query = request.url.slice(request.url.indexOf('?') + 1);
      let claims: IDToken;
      try {
        claims = await oidc.finish(query, { verifier: flow.verifier, state, nonce: flow.nonce });
      } catch (err) {
        request.log.warn({ err }, 'identity provider answer refused');
        return fail(
          reply,
          redirectUri,
          'server_error',
          "The identity provider's answer failed a check.",
        );
      }
      const settings = oidc.settings;
      const email = text(claims, 'email')?.toLowerCase() ?? null;
      if (settings.allowedDomains.length > 0) {
        const domain = email?.split('@')[1] ?? '';
        if (claims.email_verified === false || !settings.allowedDomains.includes(domain)) {
          return fail(
            reply,
            redirectUri,
            'domain_not_allowed',
            'Your e-mail address is not in a domain this server accepts.',
          );
        }
      }
      let role: 'admin' | 'member' | null = null;
      if (settings.adminGroup !== null) {
        const groups = claims[settings.groupsClaim];
        const list = Array.isArray(groups) ? groups : typeof groups === 'string' ? [groups] : [];
        role = list.includes(settings.adminGroup) ? 'admin' : 'member';
      }
      const result = await signInPerson(app.db, {
        issuer: claims.iss,
        subject: claims.sub,
        handleHint: text(claims, settings.handleClaim) ?? email?.split('@')[0] ?? claims.sub,
        name: text(claims, settings.nameClaim),
        email,
        role,
      });
      if ('refused' in result) {
        return fail(reply, redirectUri, 'deactivated', 'This account has been deactivated.');
      }
      const code = await issueCode(app.db, result.user.handle, flow.codeChallenge);
      return back(reply, redirectUri, { code });
    },
  );

  app.post(
    '/v1/auth/token',
    {
      config,
      schema: {
        summary: 'Exchange a one-time sign-in code for a device token',
        description:
          'The code from `/auth/callback` and the PKCE verifier of the challenge given at ' +
          '`/auth/start`; `device` names the new device ("Chrome on Linux"). A code is spent ' +
          'by its first use, right or wrong: `400 invalid_grant` for an unknown, used or ' +
          'expired code or a wrong verifier.',
        tags: ['auth'],
        security: [],
        body: TokenBody,
        response: { 200: TokenAnswer, 400: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => {
      const { code, code_verifier: verifier, device } = request.body;
      const handle = await redeemCode(app.db, code, verifier);
      const user = handle ? await findUser(app.db.kysely, handle) : undefined;
      if (!user || user.deactivated_at !== null) {
        throw new HttpError(
          400,
          'invalid_grant',
          'the code is unknown, used, expired or not yours',
        );
      }
      const made = await createDeviceToken(app.db, user.handle, device);
      return {
        token: made.token,
        person: toPerson(user),
        device: { ...made.device, current: true },
      };
    },
  );
}
