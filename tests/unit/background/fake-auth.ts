/**
 * The sign-in half of the fake server (issue 14's contract): `GET /v1/auth/config`, the
 * `/auth/start` page the auth window opens (a scripted login: who signs in, or which error the
 * provider answers), one-time codes bound to the PKCE challenge (`POST /v1/auth/token`, single
 * use, `invalid_grant` otherwise), devices (`GET /v1/me/devices`, `DELETE /v1/me/devices/{id}`,
 * `current`) and expired tokens (`401 token_expired`). Codes are checked for real: S256 of the
 * verifier must equal the challenge the extension sent.
 */
import { codeChallengeS256 } from '../../../src/core/pkce.ts';
import type { Device } from '../../../src/core/sign-in.ts';
import type { Person } from '../../../src/core/wire.ts';

export type Login =
  | { handle: string; name?: string }
  | { error: string; description?: string }
  /** The person closes the window (the browser rejects launchWebAuthFlow). */
  | { close: true };

export type FakeAuth = {
  organisation: string;
  oidc: boolean;
  /** Who the next login at `/auth/start` is, or how it ends. */
  login: Login;
  /** Issued codes: challenge, redirect, who, used. */
  codes: Map<string, { challenge: string; redirect: string; handle: string; used: boolean }>;
  /** Devices by token. */
  devices: Map<string, Device & { handle: string }>;
  /** Tokens the server says are too old. */
  expired: Set<string>;
  /** Every `DELETE /v1/me/devices/…` path, in order. */
  revoked: string[];
};

type Json = (status: number, body: unknown) => Response;

export function createFakeAuth(deps: {
  tokens: Map<string, Person>;
  now: () => string;
  addUser(handle: string, name?: string): string;
}) {
  let next = 0;
  const auth: FakeAuth = {
    organisation: 'Example Corp',
    oidc: true,
    login: { handle: 'alice', name: 'Alice' },
    codes: new Map(),
    devices: new Map(),
    expired: new Set(),
    revoked: [],
  };

  /** Gives `token` a device entry (tokens made by `addUser` are scripts, say). */
  const device = (token: string, handle: string, name: string) => {
    auth.devices.set(token, {
      id: `dev-${++next}`,
      name,
      createdAt: deps.now(),
      lastUsedAt: null,
      current: false,
      handle,
    });
  };

  /**
   * What the browser's auth window does with the `/auth/start` address: the scripted login,
   * then the redirect address it ends at; throws as the browser does when the window is closed.
   */
  const authorize = (startUrl: string): string => {
    const url = new URL(startUrl);
    if (url.pathname !== '/auth/start') throw new Error('Authorization page could not be loaded.');
    const redirect = url.searchParams.get('redirect_uri') ?? '';
    const challenge = url.searchParams.get('code_challenge') ?? '';
    if (url.searchParams.get('code_challenge_method') !== 'S256' || !challenge) {
      return `${redirect}?error=invalid_request&error_description=no+challenge`;
    }
    const login = auth.login;
    if ('close' in login) throw new Error('The user did not approve access.');
    if ('error' in login) {
      const q = new URLSearchParams({ error: login.error });
      if (login.description) q.set('error_description', login.description);
      return `${redirect}?${q}`;
    }
    const code = `code-${++next}`;
    auth.codes.set(code, { challenge, redirect, handle: login.handle, used: false });
    return `${redirect}?code=${code}`;
  };

  /** Answers the auth routes (no token needed) or null for any other request. */
  const publicRoute = async (url: URL, init: RequestInit, json: Json) => {
    if (url.pathname === '/v1/auth/config') {
      return json(200, {
        organisation: auth.organisation,
        oidc: auth.oidc,
        tokenSignIn: true,
        tokenMaxAgeDays: null,
      });
    }
    if (url.pathname === '/v1/auth/token' && init.method === 'POST') {
      const body = JSON.parse(String(init.body)) as Record<string, string>;
      const issued = auth.codes.get(body.code ?? '');
      const grant = (message: string) => json(400, { error: { code: 'invalid_grant', message } });
      if (!issued || issued.used) return grant('unknown or used code');
      issued.used = true;
      if (
        (await codeChallengeS256(body.code_verifier ?? '').catch(() => '')) !== issued.challenge
      ) {
        return grant('wrong code_verifier');
      }
      const login = auth.login;
      const known = [...deps.tokens.values()].find((p) => p.handle === issued.handle);
      const name = known?.name ?? ('name' in login && login.name ? login.name : issued.handle);
      const token = deps.addUser(issued.handle, name);
      const person = deps.tokens.get(token)!;
      device(token, issued.handle, String(body.device ?? ''));
      const d = auth.devices.get(token)!;
      return json(200, { token, person, device: { ...d, current: true } });
    }
    return null;
  };

  /** Answers the device routes for `token`'s person, or null for any other request. */
  const privateRoute = (url: URL, init: RequestInit, token: string, json: Json) => {
    const mine = auth.devices.get(token);
    if (mine) mine.lastUsedAt = deps.now();
    if (url.pathname === '/v1/me/devices' && (init.method ?? 'GET') === 'GET') {
      const handle = deps.tokens.get(token)!.handle;
      const devices = [...auth.devices.entries()]
        .filter(([, d]) => d.handle === handle)
        .map(([t, { handle: _h, ...d }]) => ({ ...d, current: t === token }));
      return json(200, { devices });
    }
    const del = /^\/v1\/me\/devices\/([^/]+)$/.exec(url.pathname);
    if (del && init.method === 'DELETE') {
      auth.revoked.push(url.pathname);
      const handle = deps.tokens.get(token)!.handle;
      const target =
        del[1] === 'current'
          ? token
          : [...auth.devices.entries()].find(
              ([, d]) => d.id === del[1] && d.handle === handle,
            )?.[0];
      if (!target) return json(404, { error: { code: 'not-found', message: 'no such device' } });
      auth.devices.delete(target);
      deps.tokens.delete(target);
      return new Response(null, { status: 204 });
    }
    return null;
  };

  return { auth, authorize, publicRoute, privateRoute, device };
}
