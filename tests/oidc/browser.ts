/**
 * A small "browser" for Node tests of the sign-in flow: `fetch` with manual redirects and a
 * cookie jar, following redirects across the relying party and the test identity provider, and
 * filling the provider's login page (`provider.ts`). Origins served by an in-process Fastify app
 * (no listener) are reached through `app.inject` by passing them in `routes`.
 *
 *   const browser = new NodeBrowser({ 'http://outloud.test': injectRoute(app) });
 *   const end = await browser.signIn(startUrl, 'ada', (url) => url.origin === extensionOrigin);
 */

import type { App } from '../../src/server/app.ts';

/** Answers one request for an origin the browser does not reach over the network. */
export type Route = (
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<Response>;

type Cookie = { name: string; value: string; host: string; path: string };

/** What one navigation ended on: the address the stop test matched, or a page. */
export type Landing = { url: URL; stopped: boolean; status: number; body: string };

export class NodeBrowser {
  private cookies: Cookie[] = [];

  constructor(private readonly routes: Record<string, Route> = {}) {}

  /** One request, no redirects followed; cookies sent and stored. */
  async request(url: URL, method = 'GET', form?: URLSearchParams): Promise<Response> {
    const headers: Record<string, string> = {};
    const cookie = this.cookies
      .filter((c) => c.host === url.host && url.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    if (cookie) headers.cookie = cookie;
    const body = form?.toString();
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const route = this.routes[url.origin];
    const response = route
      ? await route(url, { method, headers, body })
      : await fetch(url, { method, headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) this.store(url, line);
    return response;
  }

  private store(url: URL, line: string): void {
    const [pair, ...attributes] = line.split(';').map((s) => s.trim());
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq);
    const value = pair!.slice(eq + 1);
    let path = '/';
    let expired = false;
    for (const attribute of attributes) {
      const [key, v = ''] = attribute.split('=');
      if (key!.toLowerCase() === 'path') path = v;
      if (key!.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
      if (key!.toLowerCase() === 'expires' && Date.parse(v) <= Date.now()) expired = true;
    }
    this.cookies = this.cookies.filter(
      (c) => !(c.name === name && c.host === url.host && c.path === path),
    );
    if (!expired) this.cookies.push({ name, value, host: url.host, path });
  }

  /**
   * Follows redirects from `url` until `stop` matches an address (not requested: it is where
   * the extension would take over) or a response is not a redirect.
   */
  async navigate(
    url: URL | string,
    stop: (url: URL) => boolean,
    method = 'GET',
    form?: URLSearchParams,
  ): Promise<Landing> {
    let at = new URL(url);
    let response = await this.request(at, method, form);
    for (let hops = 0; hops < 20; hops++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return { url: at, stopped: false, status: response.status, body: await response.text() };
      }
      at = new URL(location, at);
      if (stop(at)) return { url: at, stopped: true, status: response.status, body: '' };
      response = await this.request(at);
    }
    throw new Error(`too many redirects, last ${at.href}`);
  }

  /**
   * Starts at `start`, signs in as `login` on the provider's page (or presses Cancel when
   * `login` is null), and returns the address `stop` matched.
   */
  async signIn(
    start: URL | string,
    login: string | null,
    stop: (url: URL) => boolean,
  ): Promise<URL> {
    const page = await this.navigate(start, stop);
    if (page.stopped) return page.url;
    const form = login === null ? 'cancel-form' : 'login-form';
    const action = new RegExp(`<form id="${form}" method="post" action="([^"]+)"`).exec(page.body);
    if (!action)
      throw new Error(`no login page at ${page.url.href} (${page.status}): ${page.body}`);
    const fields = new URLSearchParams(login === null ? {} : { login });
    const end = await this.navigate(new URL(action[1]!, page.url), stop, 'POST', fields);
    if (!end.stopped)
      throw new Error(`sign-in ended at ${end.url.href} (${end.status}): ${end.body}`);
    return end.url;
  }
}

/** Routes the browser's requests for the server's public URL to the app, without a listener. */
export function injectRoute(app: App): Route {
  return async (url, init) => {
    const res = await app.inject({
      method: init.method as 'GET' | 'POST',
      url: url.pathname + url.search,
      headers: init.headers,
      payload: init.body,
    });
    const headers = new Headers();
    for (const [key, value] of Object.entries(res.headers)) {
      for (const v of Array.isArray(value) ? value : [value]) headers.append(key, String(v));
    }
    return new Response(res.statusCode === 204 ? null : res.body, {
      status: res.statusCode,
      headers,
    });
  };
}
