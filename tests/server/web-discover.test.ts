/**
 * `/tags/{tag}`, `/trending` and the language switch (`src/web/discover.tsx`, `language.ts`) on
 * every database: a tag page lists what the API's visibility rules let the reader see (never
 * another's private or closed-group item), trending is the API's answer as a page, both are in
 * the navigation, data is shown as text; the language switch sets a cookie that wins over
 * `Accept-Language` and returns only to paths on this server.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { call, databases, newId, useServer } from './helpers.ts';
import { bookmark, like } from './read-helpers.ts';
import { type Browser, cookieValue, elements, get, signIn, textOf, XSS } from './web-helpers.ts';

/** The permalink ids a page links to. */
const linkedItems = (html: string) =>
  elements(html)
    .map((e) => /^\/items\/([0-9a-f-]{36})$/.exec(e.attribs?.href ?? '')?.[1])
    .filter((id): id is string => id !== undefined);

describe.each(databases())('tag and trending pages on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob', 'carol'] });
  let carol: Browser;
  const ids: Record<string, string> = {};

  beforeEach(async () => {
    carol = await signIn(t, tokens.carol);
    const group = newId();
    await call(t, 'PUT', `/v1/groups/${group}`, {
      token: tokens.bob,
      body: { name: 'Closed', kind: 'closed' },
    });
    ids.pub = await bookmark(t, tokens.bob, 'https://a.example/', { tags: ['Design'] });
    ids.priv = await bookmark(t, tokens.bob, 'https://b.example/', {
      tags: ['design'],
      visibility: 'private',
    });
    const inGroup = newId();
    const put = await call(t, 'PUT', `/v1/bookmarks/${inGroup}`, {
      token: tokens.bob,
      body: { url: 'https://c.example/', tags: ['design'], visibility: 'group', groups: [group] },
    });
    expect(put.statusCode, put.body).toBe(201);
    ids.group = inGroup;
    ids.other = await bookmark(t, tokens.ada, 'https://d.example/', { tags: ['other'] });
    ids.mine = await bookmark(t, tokens.carol, 'https://e.example/', {
      tags: ['DESIGN'],
      visibility: 'private',
    });
  });

  it('lists on a tag page what the reader may see, the tag in any case', async () => {
    const page = await get(t, '/tags/design', carol);
    expect(page.statusCode).toBe(200);
    expect(linkedItems(page.body).sort()).toEqual([ids.pub, ids.mine].sort());
    const bob = await signIn(t, tokens.bob);
    const his = await get(t, '/tags/DeSiGn', bob);
    expect(linkedItems(his.body).sort()).toEqual([ids.pub, ids.priv, ids.group].sort());
    // Tags on item cards lead to their pages.
    const hrefs = elements(page.body).map((e) => e.attribs?.href);
    expect(hrefs).toContain('/tags/Design');
    // Signed out: to sign in and back; a malformed cursor: the bad-request page.
    const out = await get(t, '/tags/design');
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/signin?next=%2Ftags%2Fdesign');
    expect((await get(t, '/tags/design?cursor=%%%', carol)).statusCode).toBe(400);
    expect((await get(t, `/tags/${'x'.repeat(65)}`, carol)).statusCode).toBe(404);
  });

  it('pages a long tag list without repeating an item', async () => {
    const made = new Set<string>();
    for (let i = 0; i < 33; i++) {
      made.add(await bookmark(t, tokens.ada, `https://many.example/${i}`, { tags: ['many'] }));
    }
    const seen: string[] = [];
    let url: string | undefined = '/tags/many';
    while (url) {
      const res = await get(t, url, carol);
      expect(res.statusCode).toBe(200);
      seen.push(...linkedItems(res.body));
      url = elements(res.body).find((e) => e.attribs?.href?.startsWith('/tags/many?cursor='))
        ?.attribs?.href;
    }
    expect(seen.length).toBe(33);
    expect(new Set(seen)).toEqual(made);
  });

  it('shows markup in a tag as text', async () => {
    const tag = '<script>alert(1)</script><img src=x>';
    await bookmark(t, tokens.bob, 'https://x.example/', { title: XSS, tags: [tag] });
    const page = await get(t, `/tags/${encodeURIComponent(tag)}`, carol);
    expect(page.statusCode).toBe(200);
    expect(elements(page.body).filter((e) => ['script', 'img'].includes(e.name ?? ''))).toEqual([]);
    expect(textOf(page.body)).toContain(`#${tag}`);
    expect(textOf(page.body)).toContain(XSS);
  });

  it('shows trending as the API answers it, in the navigation of every page', async () => {
    await like(t, tokens.ada, ids.pub ?? '');
    const api = (await call(t, 'GET', '/v1/trending', { token: tokens.carol })).json();
    const page = await get(t, '/trending', carol);
    expect(page.statusCode).toBe(200);
    const hrefs = elements(page.body).map((e) => e.attribs?.href ?? '');
    for (const p of api.pages) expect(hrefs).toContain(`/pages/${p.urlKey}`);
    for (const tag of api.tags) expect(hrefs).toContain(`/tags/${encodeURIComponent(tag.tag)}`);
    for (const p of api.people) expect(hrefs).toContain(`/@${p.handle}`);
    expect(api.tags.map((x: { tag: string }) => x.tag)).toEqual(['Design', 'other']);
    // Private and group items never trend.
    expect(hrefs.some((h) => h.includes('b.example') || h.includes('c.example'))).toBe(false);
    const month = await get(t, '/trending?days=30', carol);
    expect(month.statusCode).toBe(200);
    expect((await get(t, '/trending?days=5', carol)).statusCode).toBe(400);
    for (const path of ['/', '/trending', '/settings', '/search', '/tags/design']) {
      const res = await get(t, path, carol);
      const nav = elements(res.body).map((e) => e.attribs?.href);
      expect(nav, path).toContain('/trending');
      expect(nav, path).toContain('/settings');
    }
  });
});

describe.each(databases())('language switch on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada'] });
  let ada: Browser;
  beforeEach(async () => {
    ada = await signIn(t, tokens.ada);
  });

  it('switches with a cookie that wins over Accept-Language, on every page', async () => {
    const english = await get(t, '/trending', ada, { 'accept-language': 'en' });
    const links = elements(english.body).filter((e) => e.attribs?.href?.startsWith('/language/'));
    expect(links.map((e) => e.attribs?.href)).toEqual([
      '/language/en?next=%2Ftrending',
      '/language/sv?next=%2Ftrending',
    ]);
    const res = await get(t, '/language/sv?next=%2Ftrending');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/trending');
    const lang = cookieValue(res.headers['set-cookie'], 'outloud_lang');
    expect(lang).toBe('sv');
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly/i);
    const browser = { ...ada, cookie: `${ada.cookie}; outloud_lang=sv` };
    const swedish = await get(t, '/trending', browser, { 'accept-language': 'en' });
    const html = elements(swedish.body).find((e) => e.name === 'html');
    expect(html?.attribs?.lang).toBe('sv');
    expect(textOf(swedish.body)).toContain('Trendar');
    // The sign-in page has it too, and Accept-Language decides without the cookie.
    const signin = await get(t, '/signin', undefined, { 'accept-language': 'sv' });
    expect(elements(signin.body).find((e) => e.name === 'html')?.attribs?.lang).toBe('sv');
    expect(
      elements(signin.body).some((e) => e.attribs?.href?.startsWith('/language/en?next=')),
    ).toBe(true);
    // A cookie naming no language is ignored.
    const odd = await get(
      t,
      '/signin',
      { cookie: 'outloud_lang=xx', csrf: '' },
      {
        'accept-language': 'sv',
      },
    );
    expect(elements(odd.body).find((e) => e.name === 'html')?.attribs?.lang).toBe('sv');
  });

  it('returns only to paths on this server, and knows only its languages', async () => {
    for (const next of [
      '//evil.example/',
      'https://evil.example/',
      '/\\evil.example',
      '/signout',
    ]) {
      const res = await get(t, `/language/en?next=${encodeURIComponent(next)}`);
      expect(res.statusCode, next).toBe(303);
      expect(res.headers.location, next).toBe('/');
    }
    // The sign-in form is returned to with its own next, itself checked.
    const signin = await get(
      t,
      `/language/sv?next=${encodeURIComponent('/signin?next=/trending')}`,
    );
    expect(signin.headers.location).toBe('/signin?next=%2Ftrending');
    const evil = await get(
      t,
      `/language/sv?next=${encodeURIComponent('/signin?next=//evil.example')}`,
    );
    expect(evil.headers.location).toBe('/signin?next=%2F');
    expect((await get(t, '/language/de')).statusCode).toBe(400);
    expect((await get(t, `/language/en?next=${'a'.repeat(3000)}`)).statusCode).toBe(400);
  });
});
