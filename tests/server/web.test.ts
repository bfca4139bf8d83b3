/**
 * The web pages (`src/web`): token sign-in and server-side sessions, CSRF and origin checks on
 * every form, security headers, the permalink with its quote and discussion, the stream, page
 * and person pages, and that nothing private or injected from data ever reaches the HTML, on
 * every database.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { snippetLink } from '../../src/core/text-fragment.ts';
import { rename } from '../../src/server/repos/people-admin.ts';
import { revokeTokens } from '../../src/server/repos/users.ts';
import { safeReturnPath } from '../../src/web/routes.tsx';
import { call, databases, useServer } from './helpers.ts';
import { bookmark, comment, follow, like, snippet, status } from './read-helpers.ts';
import {
  type Browser,
  cookieValue,
  elements,
  get,
  hidden,
  post,
  signIn,
  textOf,
  XSS,
} from './web-helpers.ts';

describe.each(databases())('web pages on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob', 'carol'] });
  let ada: Browser;
  beforeEach(async () => {
    ada = await signIn(t, tokens.ada);
  });

  it('sends signed-out visitors to sign in and back, with strict security headers', async () => {
    const res = await get(t, '/items/0190a0a0-0000-7000-8000-000000000001?x=1');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(
      `/signin?next=${encodeURIComponent('/items/0190a0a0-0000-7000-8000-000000000001?x=1')}`,
    );
    const form = await get(t, '/signin');
    const csp = String(form.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/script-src/);
    expect(form.headers['x-content-type-options']).toBe('nosniff');
    expect(form.headers['referrer-policy']).toBe('no-referrer');
    expect(elements(form.body).filter((e) => e.name === 'script' || e.name === 'style')).toEqual(
      [],
    );
    expect(elements(form.body).some((e) => Object.hasOwn(e.attribs ?? {}, 'style'))).toBe(false);
    const css = await get(t, '/web/style.css');
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.body).toContain('prefers-color-scheme: dark');
  });

  it('accepts only same-origin relative return paths', () => {
    expect(safeReturnPath('/items/x?a=1#c')).toBe('/items/x?a=1#c');
    for (const bad of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/signout',
      'items',
      '/\tx',
      undefined,
    ]) {
      expect(safeReturnPath(bad)).toBe('/');
    }
  });

  it('signs in with a token into an HTTP-only SameSite=Lax session, and refuses a wrong token', async () => {
    const form = await get(t, '/signin');
    const pre = cookieValue(form.headers['set-cookie'], 'outloud_signin')!;
    const browser = { cookie: `outloud_signin=${pre}`, csrf: '' };
    const wrong = await post(
      t,
      '/signin',
      { csrf: hidden(form.body, 'csrf'), token: 'not-a-token', next: '/' },
      browser,
    );
    expect(wrong.statusCode).toBe(401);
    expect(cookieValue(wrong.headers['set-cookie'], 'outloud_session')).toBeUndefined();
    const good = await post(
      t,
      '/signin',
      { csrf: hidden(form.body, 'csrf'), token: tokens.bob, next: 'https://evil.example/' },
      browser,
    );
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toBe('/');
    const set = [good.headers['set-cookie'] ?? []]
      .flat()
      .find((c) => c.startsWith('outloud_session='))!;
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    expect(set).not.toMatch(/Secure/i);
  });

  it('refuses sign-in and every form without the right CSRF token or from another origin', async () => {
    const form = await get(t, '/signin');
    const noCookie = await post(t, '/signin', {
      csrf: hidden(form.body, 'csrf'),
      token: tokens.bob,
    });
    expect(noCookie.statusCode).toBe(403);
    expect(cookieValue(noCookie.headers['set-cookie'], 'outloud_session')).toBeUndefined();

    const id = await bookmark(t, tokens.bob, 'https://example.org/a', { title: 'A' });
    const bob = await signIn(t, tokens.bob);
    const attempts = [
      post(t, `/items/${id}/comments`, { text: 'hi' }, ada),
      post(t, `/items/${id}/comments`, { text: 'hi', csrf: 'x'.repeat(43) }, ada),
      post(t, `/items/${id}/comments`, { text: 'hi', csrf: bob.csrf }, ada),
      post(t, `/items/${id}/comments`, { text: 'hi', csrf: ada.csrf }, ada, {
        origin: 'https://evil.example',
      }),
      post(t, `/items/${id}/comments`, { text: 'hi', csrf: ada.csrf }, ada, {
        'sec-fetch-site': 'cross-site',
      }),
      post(t, `/items/${id}/comments`, { text: 'hi', csrf: ada.csrf }, ada, { origin: 'null' }),
      post(t, `/items/${id}/comments`, { text: 'hi', csrf: ada.csrf }, ada, {
        origin: 'null',
        'sec-fetch-site': 'same-site',
      }),
      post(t, `/items/${id}/like`, { like: '1' }, ada),
      post(t, '/@bob/follow', { follow: '1', csrf: bob.csrf }, ada),
      post(t, '/signout', {}, ada),
    ];
    for (const res of await Promise.all(attempts)) expect(res.statusCode).toBe(403);
    const page = await get(t, `/items/${id}`, ada);
    expect(textOf(page.body)).toContain('0 comments');
    expect(textOf(page.body)).not.toContain('Liked by');
    // Still signed in: the refused sign-out did nothing.
    expect((await get(t, '/', ada)).statusCode).toBe(200);
  });

  it('ends sessions on sign-out, token revocation and expiry, and ignores forged cookies', async () => {
    for (const cookie of ['outloud_session=forged', `outloud_session=${'A'.repeat(43)}`]) {
      expect((await get(t, '/', { cookie, csrf: '' })).statusCode).toBe(303);
    }
    const out = await post(t, '/signout', { csrf: ada.csrf }, ada);
    expect(out.statusCode).toBe(303);
    expect((await get(t, '/', ada)).statusCode).toBe(303);

    const bob = await signIn(t, tokens.bob);
    await revokeTokens(t.db, 'bob');
    expect((await get(t, '/', bob)).statusCode).toBe(303);

    const carol = await signIn(t, tokens.carol);
    await t.db.kysely
      .updateTable('web_sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('handle', '=', 'carol')
      .execute();
    expect((await get(t, '/', carol)).statusCode).toBe(303);
  });

  it('shows a snippet’s permalink with its quote and discussion, and takes comments and likes', async () => {
    const url = 'https://example.org/article';
    const id = await snippet(t, tokens.bob, url, 'the quoted words', { comment: 'worth it' });
    await comment(t, tokens.carol, id, 'agreed');
    const page = await get(t, `/items/${id}`, ada);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('the quoted words');
    expect(text).toContain('worth it');
    expect(text).toContain('Bob');
    expect(text).toContain('agreed');
    const mark = elements(page.body).find((e) => e.name === 'mark');
    expect(mark).toBeDefined();
    const open = elements(page.body).find(
      (e) => e.name === 'a' && (e.attribs?.href ?? '').includes(':~:text='),
    );
    expect(open?.attribs?.href).toBe(
      snippetLink({ url, quote: { exact: 'the quoted words' } } as Parameters<
        typeof snippetLink
      >[0]),
    );
    expect(open?.attribs?.rel).toContain('noreferrer');

    const posted = await post(
      t,
      `/items/${id}/comments`,
      { text: 'from the web', csrf: ada.csrf },
      ada,
    );
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toMatch(new RegExp(`^/items/${id}#comment-`));
    // A browser's own form post from a no-referrer page: Origin null, same-origin fetch site.
    const liked = await post(t, `/items/${id}/like`, { like: '1', csrf: ada.csrf }, ada, {
      origin: 'null',
      'sec-fetch-site': 'same-origin',
    });
    expect(liked.statusCode).toBe(303);
    const after = textOf((await get(t, `/items/${id}`, ada)).body);
    expect(after).toContain('from the web');
    expect(after).toContain('2 comments');
    expect(after).toContain('Liked by Ada');
    // The API sees the same comment and like.
    const summary = await call(t, 'GET', `/v1/feed`, { token: tokens.ada });
    expect(JSON.stringify(summary.json())).toContain('from the web');

    const empty = await post(t, `/items/${id}/comments`, { text: '   ', csrf: ada.csrf }, ada);
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Write something first.');
  });

  it('answers unknown, malformed and invisible items with the same 404 page', async () => {
    const secret = await bookmark(t, tokens.bob, 'https://example.org/secret', {
      title: 'Secret plans',
      visibility: 'private',
    });
    const hidden404 = await get(t, `/items/${secret}`, ada);
    const unknown = await get(t, '/items/0190a0a0-0000-7000-8000-000000000001', ada);
    const malformed = await get(t, '/items/..%2Fetc', ada);
    for (const res of [hidden404, unknown, malformed]) {
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('Secret');
    }
    expect(hidden404.body).toBe(unknown.body);
    // Nor can one comment on, or like, what one cannot see.
    const c = await post(t, `/items/${secret}/comments`, { text: 'x', csrf: ada.csrf }, ada);
    expect(c.statusCode).toBe(404);
    const l = await post(t, `/items/${secret}/like`, { like: '1', csrf: ada.csrf }, ada);
    expect(l.statusCode).toBe(404);
    // Its owner sees it.
    const bob = await signIn(t, tokens.bob);
    expect(textOf((await get(t, `/items/${secret}`, bob)).body)).toContain('Secret plans');
  });

  it('shows the stream, a page and a person, never another person’s private item', async () => {
    await follow(t, tokens.ada, 'bob');
    const url = 'https://example.org/shared';
    const pub = await bookmark(t, tokens.bob, url, { title: 'Public find', tags: ['infra'] });
    const priv = await snippet(t, tokens.bob, url, 'private words', { visibility: 'private' });
    const q = await status(t, tokens.carol, 'Who knows Kysely?', { question: true });
    await like(t, tokens.bob, q);
    const pages = [
      await get(t, '/', ada),
      await get(t, '/?view=everyone', ada),
      await get(t, '/@bob', ada),
    ];
    const summary = await call(t, 'GET', `/v1/bookmarks/${pub}`, { token: tokens.ada });
    const urlKey = (summary.json() as { urlKey: string }).urlKey;
    pages.push(await get(t, `/pages/${urlKey}`, ada));
    for (const res of pages) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain('private words');
      expect(res.body).not.toContain(priv);
    }
    expect(textOf(pages[0]!.body)).toContain('Who knows Kysely?');
    expect(textOf(pages[0]!.body)).toContain('Public find');
    expect(textOf(pages[1]!.body)).toContain('Who knows Kysely?');
    expect(textOf(pages[2]!.body)).toContain('Public find');
    expect(textOf(pages[2]!.body)).toContain('Unfollow');
    expect(textOf(pages[3]!.body)).toContain('Public find');
    const unfollow = await post(t, '/@bob/follow', { follow: '0', csrf: ada.csrf }, ada);
    expect(unfollow.statusCode).toBe(303);
    expect(textOf((await get(t, '/@bob', ada)).body)).toContain('Follow');
    expect((await get(t, '/@nobody', ada)).statusCode).toBe(404);
    expect((await get(t, `/pages/${'0'.repeat(64)}`, ada)).statusCode).toBe(404);
  });

  it('moves a renamed person’s old address for good to the new one', async () => {
    await bookmark(t, tokens.bob, 'https://example.org/renamed', { title: 'Bob’s find' });
    await rename(t.db, 'ada', 'bob', 'robert');
    const old = await get(t, '/@bob', ada);
    expect(old.statusCode).toBe(302);
    expect(old.headers.location).toBe('/@robert');
    const page = await get(t, '/@robert', ada);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Bob’s find');
    // The query (a later page of the list) goes along.
    const later = await get(t, '/@bob?cursor=abc', ada);
    expect(later.statusCode).toBe(302);
    expect(later.headers.location).toBe('/@robert?cursor=abc');
    // Renamed again: the first handle goes straight to the newest.
    await rename(t.db, 'ada', 'robert', 'rob');
    for (const former of ['bob', 'robert']) {
      const res = await get(t, `/@${former}`, ada);
      expect(res.statusCode, former).toBe(302);
      expect(res.headers.location).toBe('/@rob');
    }
    // Signed out, nothing is told about the rename: first sign in.
    const anonymous = await get(t, '/@bob');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/signin?${new URLSearchParams({ next: '/@bob' })}`);
    expect((await get(t, '/@nobody', ada)).statusCode).toBe(404);
  });

  it('searches what I may see, never another person’s private item', async () => {
    const pub = await bookmark(t, tokens.bob, 'https://example.org/s1', { title: 'Quokka notes' });
    await bookmark(t, tokens.bob, 'https://example.org/s2', {
      title: 'Quokka secrets',
      visibility: 'private',
    });
    await comment(t, tokens.carol, pub, 'quokka indeed');
    const res = await get(t, '/search?q=quokka', ada);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Quokka notes');
    expect(text).toContain('quokka indeed');
    expect(text).not.toContain('secrets');
    const form = await get(t, '/search', ada);
    expect(form.statusCode).toBe(200);
    expect(
      elements(form.body).some((e) => e.name === 'input' && e.attribs?.type === 'search'),
    ).toBe(true);
    expect((await get(t, '/search?q=quokka&cursor=%24%24', ada)).statusCode).toBe(400);
    expect((await get(t, '/search?q=quokka')).statusCode).toBe(303);
  });

  it('speaks Swedish when the browser asks for it', async () => {
    const res = await get(t, '/', ada, { 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.5' });
    expect(elements(res.body).find((e) => e.name === 'html')?.attribs?.lang).toBe('sv');
    expect(textOf(res.body)).toContain('Flöde');
    const en = await get(t, '/', ada, { 'accept-language': 'en;q=0.9,sv;q=0.1' });
    expect(elements(en.body).find((e) => e.name === 'html')?.attribs?.lang).toBe('en');
  });

  it('puts no element or script from data on any page', async () => {
    await t.db.kysely.updateTable('users').set({ name: XSS }).where('handle', '=', 'bob').execute();
    await follow(t, tokens.ada, 'bob');
    const url = 'https://example.org/x';
    const b = await bookmark(t, tokens.bob, url, {
      title: XSS,
      description: XSS,
      tags: ['x<b>y</b>'],
    });
    const s = await snippet(t, tokens.bob, url, XSS, { comment: XSS });
    const q = await status(t, tokens.bob, XSS, { question: true, url });
    await comment(t, tokens.bob, s, XSS);
    await like(t, tokens.bob, s);
    const key = (
      (await call(t, 'GET', `/v1/bookmarks/${b}`, { token: tokens.ada })).json() as {
        urlKey: string;
      }
    ).urlKey;
    for (const path of [
      '/',
      '/?view=everyone',
      `/items/${b}`,
      `/items/${s}`,
      `/items/${q}`,
      '/@bob',
      `/pages/${key}`,
      '/search?q=x',
    ]) {
      const res = await get(t, path, ada);
      expect(res.statusCode, path).toBe(200);
      const found = elements(res.body);
      expect(
        found.filter((e) => ['script', 'img', 'svg', 'b'].includes(e.name ?? '')),
        path,
      ).toEqual([]);
      for (const e of found) {
        for (const attr of Object.keys(e.attribs ?? {})) expect(attr, path).not.toMatch(/^on/i);
      }
      expect(textOf(res.body), path).toContain('<img src=x onerror=alert(1)>');
    }
  });
});

describe.each(databases())('web sessions behind https on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, {
    people: ['ada'],
    publicUrl: 'https://outloud.example.org',
  });

  it('sets a Secure __Host- cookie and refuses posts from any other origin', async () => {
    const form = await get(t, '/signin');
    const pre = cookieValue(form.headers['set-cookie'], 'outloud_signin')!;
    const browser = { cookie: `outloud_signin=${pre}`, csrf: '' };
    const body = { csrf: hidden(form.body, 'csrf'), token: tokens.ada, next: '/' };
    const foreign = await post(t, '/signin', body, browser, {
      origin: 'http://outloud.example.org',
    });
    expect(foreign.statusCode).toBe(403);
    const res = await post(t, '/signin', body, browser, { origin: 'https://outloud.example.org' });
    expect(res.statusCode).toBe(303);
    const set = [res.headers['set-cookie'] ?? []]
      .flat()
      .find((c) => c.startsWith('__Host-outloud_session='))!;
    expect(set).toMatch(/Secure/);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/Path=\//);
  });
});
