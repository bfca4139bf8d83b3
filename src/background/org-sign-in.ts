/**
 * Signing in with the organisation's identity provider, run by the background: it asks the
 * server what it offers (`GET /v1/auth/config`), opens the server's `/auth/start` in the
 * browser's auth window with a PKCE challenge made here, reads the one-time code the window
 * ends with, exchanges it with the verifier for a device token named after this browser
 * (`POST /v1/auth/token`) and signs in as a token sign-in does. Every way it can end otherwise
 * is a `HandlerError` whose code the pages put in words. (Why the background and not the
 * options page: `src/platform/identity.ts`.)
 */
import { deviceName } from '../core/device-name.ts';
import { serverAllowed } from '../core/managed-settings.ts';
import { codeChallengeS256, newCodeVerifier } from '../core/pkce.ts';
import {
  type AuthConfig,
  authStartUrl,
  flowRejection,
  readRedirect,
  type SignInFailure,
  TOKENS_ONLY,
} from '../core/sign-in.ts';
import type { Person } from '../core/wire.ts';
import { Api, ApiError } from '../platform/api.ts';
import type { Credentials } from '../platform/settings.ts';
import { HandlerError } from './errors.ts';
import type { Services } from './services.ts';

/** An `ApiError` as the refusal the pages word: unreachable, expired, refused, or the server's. */
export function apiRefusal(err: unknown, what = 'The server'): unknown {
  if (!(err instanceof ApiError)) return err;
  if (err.status === 0)
    return new HandlerError('unreachable', err.message, { detail: err.message });
  if (err.status === 401 && err.code === 'token_expired') {
    return new HandlerError('token-expired', `${what} says the sign-in expired.`);
  }
  if (err.status === 401) {
    return new HandlerError('unauthorized', `${what} refused this token: ${err.message}`, {
      detail: err.message || err.code,
    });
  }
  if (err.status === 404 && err.code === 'not-found') {
    return new HandlerError('not-found', `${what} has no such thing: ${err.message}`);
  }
  return new HandlerError('server', `${what} answered ${err.status}: ${err.message}`, {
    detail: err.message || err.code,
    status: err.status,
  });
}

/** A refusal of the sign-in flow (`SignInFailure`) as the error the handler throws. */
function failed(failure: SignInFailure): HandlerError {
  switch (failure.code) {
    case 'unreachable':
      return new HandlerError('unreachable', failure.detail, { detail: failure.detail });
    case 'sign-in-failed':
      return new HandlerError('sign-in-failed', `Sign-in failed: ${failure.detail}`, {
        detail: failure.detail,
      });
    default:
      return new HandlerError(failure.code, `Sign-in ended: ${failure.code}`);
  }
}

/** Refuses a server other than the one the organisation preset. */
export async function requireAllowedServer(s: Services, serverUrl: string): Promise<void> {
  if (!serverAllowed(serverUrl, await s.settings.policy())) {
    throw new HandlerError('managed', 'The organisation set the server address.');
  }
}

/** What the server at `serverUrl` offers; a server without the route offers tokens only. */
export async function authConfig(s: Services, serverUrl: string): Promise<AuthConfig> {
  const api = new Api({ serverUrl, token: null, fetch: s.fetch, timeoutMs: 10_000 });
  try {
    return await api.authConfig();
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return TOKENS_ONLY;
    throw apiRefusal(err);
  }
}

/**
 * Stores `credentials` as the signed-in person's after the same checks as a token sign-in
 * (someone else's undelivered changes refuse it unless discarded), then syncs: an outbox kept
 * through an expired sign-in goes out now.
 */
export async function completeSignIn(
  s: Services,
  credentials: Credentials,
  person: Person,
  discardPending: boolean | undefined,
): Promise<void> {
  await s.resetIfOtherUser(person.handle, { discardPending });
  await s.settings.signIn(credentials, person);
  void s.sync
    .run('manual')
    .catch(() => undefined)
    .then(() => s.badge.refresh().catch(() => undefined));
}

/** The whole flow; answers who is now signed in. */
export async function signInWithOrganisation(
  s: Services,
  { serverUrl, discardPending }: { serverUrl: string; discardPending?: boolean },
): Promise<Person> {
  await requireAllowedServer(s, serverUrl);
  const config = await authConfig(s, serverUrl);
  if (!config.oidc) throw new HandlerError('no-oidc', 'This server offers token sign-in only.');

  const verifier = newCodeVerifier();
  const redirectUri = s.identity.redirectUrl();
  const start = authStartUrl(serverUrl, redirectUri, await codeChallengeS256(verifier));
  let answer: string;
  try {
    answer = await s.identity.launch(start);
  } catch (err) {
    throw failed(flowRejection(err instanceof Error ? err.message : String(err)));
  }
  const outcome = readRedirect(answer, redirectUri);
  if (!outcome.ok) throw failed(outcome.failure);

  const api = new Api({ serverUrl, token: null, fetch: s.fetch });
  let exchanged: Awaited<ReturnType<Api['exchangeCode']>>;
  try {
    exchanged = await api.exchangeCode({
      code: outcome.code,
      code_verifier: verifier,
      device: deviceName(await s.identity.browserFacts()),
    });
  } catch (err) {
    if (err instanceof ApiError && err.status === 400 && err.code === 'invalid_grant') {
      throw new HandlerError('invalid-grant', `The server refused the code: ${err.message}`);
    }
    if (err instanceof ApiError && err.status === 403 && err.code === 'deactivated') {
      throw new HandlerError('deactivated', 'The server says this person is deactivated.');
    }
    throw apiRefusal(err);
  }
  const credentials = { serverUrl, token: exchanged.token };
  try {
    await completeSignIn(s, credentials, exchanged.person, discardPending);
  } catch (err) {
    // Not signed in after all (someone else's changes wait): the new device goes again.
    await revokeQuietly(s, credentials);
    throw err;
  }
  return exchanged.person;
}

/**
 * Revokes the device `credentials` belong to (`DELETE /v1/me/devices/current`), best effort and
 * briefly: signing out must work offline, so a server that cannot be reached, or one that
 * already forgot the token, changes nothing here.
 */
export async function revokeQuietly(s: Pick<Services, 'fetch'>, credentials: Credentials) {
  const api = new Api({ ...credentials, fetch: s.fetch, timeoutMs: 5_000 });
  await api.revokeDevice('current').catch(() => undefined);
}
