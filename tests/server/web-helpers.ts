/**
 * Driving the web pages (`src/web`) as a browser would, for the web suites: GET and form POST
 * through `app.inject()`, the token sign-in that yields a session cookie and its CSRF token, and
 * reading the HTML answered (elements, visible text, hidden inputs, cookies set).
 */
import { parseDocument } from 'htmlparser2';
import { expect } from 'vitest';
import type { TestApp } from './helpers.ts';

export type Element = {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: Node[];
};
export type Node = Element & { data?: string };

/** Every element of an HTML document, depth first. */
export function elements(html: string): Element[] {
  const out: Element[] = [];
  const walk = (node: Node) => {
    if (node.type === 'tag' || node.type === 'script' || node.type === 'style') out.push(node);
    for (const child of node.children ?? []) walk(child);
  };
  walk(parseDocument(html) as unknown as Node);
  return out;
}

/** The document's visible text (scripts and styles aside). */
export function textOf(html: string): string {
  let text = '';
  const walk = (node: Node) => {
    if (node.type === 'text') text += node.data ?? '';
    for (const child of node.children ?? []) walk(child);
  };
  walk(parseDocument(html) as unknown as Node);
  return text.replace(/[\u2068\u2069]/g, '');
}

export function cookieValue(
  setCookie: string | string[] | undefined,
  name: string,
): string | undefined {
  for (const c of [setCookie ?? []].flat()) {
    const [pair = ''] = c.split(';');
    const [n, ...v] = pair.split('=');
    if (n === name) return v.join('=');
  }
  return undefined;
}

export function hidden(html: string, name: string): string {
  const input = elements(html).find((e) => e.name === 'input' && e.attribs?.name === name);
  if (!input) throw new Error(`no input ${name}`);
  return input.attribs?.value ?? '';
}

export type Browser = { cookie: string; csrf: string };

export async function get(
  t: TestApp,
  url: string,
  browser?: Browser,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method: 'GET',
    url,
    headers: { ...(browser ? { cookie: browser.cookie } : {}), ...headers },
  });
}

/** A browser's form post; pairs for repeated fields (`events` checkboxes). */
export async function post(
  t: TestApp,
  url: string,
  form: Record<string, string> | Array<[string, string]>,
  browser?: Browser,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(browser ? { cookie: browser.cookie } : {}),
      ...headers,
    },
    payload: new URLSearchParams(form).toString(),
  });
}

/** Signs in through the token form as a browser would; returns its cookie and CSRF token. */
export async function signIn(t: TestApp, token: string, next = '/'): Promise<Browser> {
  const form = await get(t, `/signin?next=${encodeURIComponent(next)}`);
  expect(form.statusCode).toBe(200);
  const pre = cookieValue(form.headers['set-cookie'], 'outloud_signin');
  expect(pre).toBeTruthy();
  const res = await post(
    t,
    '/signin',
    { csrf: hidden(form.body, 'csrf'), token, next },
    { cookie: `outloud_signin=${pre}`, csrf: '' },
  );
  expect(res.statusCode, res.body).toBe(303);
  expect(res.headers.location).toBe(next);
  const session = cookieValue(res.headers['set-cookie'], 'outloud_session');
  expect(session).toBeTruthy();
  const cookie = `outloud_session=${session}`;
  const page = await get(t, '/', { cookie, csrf: '' });
  expect(page.statusCode).toBe(200);
  return { cookie, csrf: hidden(page.body, 'csrf') };
}

export const XSS = '<img src=x onerror=alert(1)><script>alert(2)</script>"\'><svg onload=alert(3)>';
