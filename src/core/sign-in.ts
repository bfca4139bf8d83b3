/**
 * Signing in with the organisation (issue 14): the wire shapes of `GET /v1/auth/config` and the
 * device list, the `/auth/start` address the browser's auth window opens, and what came back
 * from that window, a one-time code or a refusal, as a failure code the pages put in words.
 * Pure: the background runs the flow (`src/background/org-sign-in.ts`).
 */

/** `GET /v1/auth/config`: what the server offers, without secrets. */
export type AuthConfig = {
  organisation: string;
  oidc: boolean;
  tokenSignIn: boolean;
  tokenMaxAgeDays: number | null;
};

/** What a server without the route (an older version) offers: tokens only. */
export const TOKENS_ONLY: AuthConfig = {
  organisation: '',
  oidc: false,
  tokenSignIn: true,
  tokenMaxAgeDays: null,
};

/** Reads a `/v1/auth/config` answer, tolerating missing or mistyped fields. */
export function readAuthConfig(body: unknown): AuthConfig {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    organisation: typeof b.organisation === 'string' ? b.organisation.slice(0, 200) : '',
    oidc: b.oidc === true,
    tokenSignIn: b.tokenSignIn !== false,
    tokenMaxAgeDays:
      typeof b.tokenMaxAgeDays === 'number' && b.tokenMaxAgeDays > 0 ? b.tokenMaxAgeDays : null,
  };
}

/** One signed-in browser or script of the person (a live token on the server). */
export type Device = {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** True for the token that asked: this browser. */
  current: boolean;
};

/** `GET /v1/me/devices`'s list, keeping only well-formed entries. */
export function readDevices(body: unknown): Device[] {
  const list = (body as { devices?: unknown } | null)?.devices;
  if (!Array.isArray(list)) return [];
  return list.flatMap((d: Record<string, unknown> | null) =>
    d &&
    typeof d.id === 'string' &&
    typeof d.name === 'string' &&
    typeof d.createdAt === 'string' &&
    (d.lastUsedAt === null || typeof d.lastUsedAt === 'string')
      ? [
          {
            id: d.id,
            name: d.name,
            createdAt: d.createdAt,
            lastUsedAt: (d.lastUsedAt as string | null) ?? null,
            current: d.current === true,
          },
        ]
      : [],
  );
}

/** The address the auth window opens: the server's `/auth/start` with the PKCE challenge. */
export function authStartUrl(serverUrl: string, redirectUri: string, challenge: string): string {
  const q = new URLSearchParams({
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `${serverUrl.replace(/\/+$/, '')}/auth/start?${q}`;
}

/** Why a sign-in with the organisation did not end signed in (words: `failureText`). */
export type SignInFailure =
  | { code: 'sign-in-cancelled' }
  | { code: 'sign-in-denied' }
  | { code: 'domain-not-allowed' }
  | { code: 'deactivated' }
  | { code: 'invalid-grant' }
  | { code: 'unreachable'; detail: string }
  | { code: 'sign-in-failed'; detail: string };

/** How the auth window ended: the one-time code, or why not. */
export type FlowOutcome = { ok: true; code: string } | { ok: false; failure: SignInFailure };

/** The provider's or server's `error` parameter, as a failure. */
export function redirectErrorFailure(error: string, description: string): SignInFailure {
  switch (error) {
    case 'access_denied':
      return { code: 'sign-in-denied' };
    case 'domain_not_allowed':
      return { code: 'domain-not-allowed' };
    case 'deactivated':
      return { code: 'deactivated' };
    default:
      return { code: 'sign-in-failed', detail: description ? `${error}: ${description}` : error };
  }
}

/**
 * The address the auth window was redirected to, read: `?code=` or `?error=`. An address
 * outside `redirectUri` (which the browser never answers, but checked all the same) or with
 * neither is a failure, never a sign-in.
 */
export function readRedirect(responseUrl: string, redirectUri: string): FlowOutcome {
  let url: URL;
  let expected: URL;
  try {
    url = new URL(responseUrl);
    expected = new URL(redirectUri);
  } catch {
    return { ok: false, failure: { code: 'sign-in-failed', detail: 'unreadable redirect' } };
  }
  if (url.origin !== expected.origin || url.pathname !== expected.pathname) {
    return { ok: false, failure: { code: 'sign-in-failed', detail: 'unexpected redirect' } };
  }
  // Some providers answer in the fragment; the server answers in the query.
  const params = url.search ? url.searchParams : new URLSearchParams(url.hash.slice(1));
  const error = params.get('error');
  if (error) {
    return {
      ok: false,
      failure: redirectErrorFailure(
        error.slice(0, 100),
        (params.get('error_description') ?? '').slice(0, 300),
      ),
    };
  }
  const code = params.get('code');
  if (code && code.length <= 512) return { ok: true, code };
  return { ok: false, failure: { code: 'sign-in-failed', detail: 'no code in the redirect' } };
}

/**
 * Why `identity.launchWebAuthFlow` rejected, from its message: the person closed the window
 * (Chrome: "The user did not approve access.", Firefox: "User cancelled or denied access."),
 * or the first page did not load (Chrome: "Authorization page could not be loaded.").
 */
export function flowRejection(message: string): SignInFailure {
  if (/did not approve|cancell?ed|denied access/i.test(message))
    return { code: 'sign-in-cancelled' };
  if (/could not be loaded/i.test(message)) return { code: 'unreachable', detail: message };
  return { code: 'sign-in-failed', detail: message };
}
