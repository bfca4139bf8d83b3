/**
 * Atom feeds with feed tokens (`src/web/feeds.ts`), on every database: a token made on the
 * settings page opens every feed without a cookie; each feed parses with a real feed parser
 * (feedsmith) and is well-formed XML (fast-xml-parser's validator) with the Atom rules met (feed
 * id, updated, self and alternate links; entries with unique, stable ids, updated, alternate
 * permalinks and authors); it holds exactly what its person may see (never another's private
 * item, never a closed group's item to a non-member); and no text from data becomes markup.
 * Refusals: no, malformed, forged, revoked and oversized tokens, an API token, another person's
 * token on a closed group, a feed token on the API, on the web sign-in and on web pages.
 */
import { XMLValidator } from 'fast-xml-parser';
import { parseAtomFeed } from 'feedsmith';
import { parseDocument } from 'htmlparser2';
import { beforeEach, describe, expect, it } from 'vitest';
import { urlKey } from '../../src/core/url.ts';
import { createFeedToken } from '../../src/server/repos/feed-tokens.ts';
import { deactivate, rename } from '../../src/server/repos/people-admin.ts';
import { addUser, call, databases, newId, type TestApp, useServer } from './helpers.ts';
import { bookmark, comment, follow, setVisibility, snippet, status } from './read-helpers.ts';
import { type Browser, elements, get, hidden, post, signIn, XSS } from './web-helpers.ts';

const BASE = 'http://localhost';
/** A tag that is markup, within the 64 characters a tag may have. */
const XSS_TAG = '<script>alert(1)</script>"\'><b>';

/** Makes a feed token on the settings page; returns the token and the addresses shown. */
async function tokenFromSettings(t: TestApp, browser: Browser, name: string) {
  const res = await post(t, '/settings/feeds', { csrf: browser.csrf, name }, browser);
  expect(res.statusCode, res.body).toBe(201);
  const value = (id: string) => {
    const input = elements(res.body).find((e) => e.name === 'input' && e.attribs?.id === id);
    if (!input?.attribs?.value) throw new Error(`no ${id}`);
    return input.attribs.value;
  };
  const network = value('feed-network');
  const token = new URL(network).searchParams.get('token') ?? '';
  expect(token).toMatch(/^olf_[A-Za-z0-9_-]{43}$/);
  return { token, network, mine: value('feed-mine'), html: res.body };
}

/** The path and query of an address (what `inject` takes). */
const local = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

type Link = { href?: string; rel?: string };
type Text = { value?: string; type?: string };
/** The parts of feedsmith's parsed Atom feed these tests read. */
type Parsed = {
  id?: string;
  updated?: unknown;
  title?: Text;
  links?: Link[];
  entries?: Array<{
    id?: string;
    updated?: unknown;
    title?: Text;
    content?: Text;
    links?: Link[];
    authors?: Array<{ name?: string; uri?: string }>;
  }>;
};

/** Fetches a feed with no cookie and no header, checks it is well-formed Atom, parses it. */
async function readFeed(t: TestApp, path: string): Promise<{ feed: Parsed; xml: string }> {
  const res = await t.app.inject({ method: 'GET', url: path });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
  const xml = res.body;
  expect(XMLValidator.validate(xml)).toBe(true);
  const feed: Parsed = parseAtomFeed(xml);
  checkAtomRules(feed, `${BASE}${path}`);
  return { feed, xml };
}

/** RFC 4287's rules this server promises: ids, updated, self and alternate links, authors. */
function checkAtomRules(feed: Parsed, self: string) {
  expect(feed.id).toBe(self.replace(/\?.*$/, ''));
  expect(Number.isNaN(Date.parse(String(feed.updated)))).toBe(false);
  expect(feed.title?.value).toBeTruthy();
  const links = feed.links ?? [];
  expect(links.find((l) => l.rel === 'self')?.href).toBe(self);
  expect(links.find((l) => l.rel === 'alternate')?.href).toMatch(/^http:\/\/localhost\//);
  const ids = (feed.entries ?? []).map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const entry of feed.entries ?? []) {
    expect(entry.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(String(entry.updated)))).toBe(false);
    expect(entry.title?.value).toBeTruthy();
    const alternate = (entry.links ?? []).filter((l) => !l.rel || l.rel === 'alternate');
    expect(alternate.length).toBe(1);
    expect(alternate[0]?.href).toMatch(/^http:\/\/localhost\/items\/[0-9a-f-]{36}(#comment-)?/);
    expect(entry.authors?.[0]?.name).toBeTruthy();
    expect(entry.authors?.[0]?.uri).toMatch(/^http:\/\/localhost\/@/);
  }
}

const entryIds = (feed: Parsed) =>
  (feed.entries ?? []).map((e) => (e.id ?? '').replace('urn:uuid:', ''));

const feedPath = (path: string, token: string) => `${path}?${new URLSearchParams({ token })}`;

describe.each(databases())('Atom feeds on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob', 'carol'] });
  let ada: Browser;
  let group: string;
  const ids: Record<string, string> = {};
  const PAGE = 'https://docs.example/guide';

  beforeEach(async () => {
    ada = await signIn(t, tokens.ada);
    group = newId();
    const made = await call(t, 'PUT', `/v1/groups/${group}`, {
      token: tokens.bob,
      body: { name: 'Design', kind: 'closed' },
    });
    expect(made.statusCode, made.body).toBe(201);
    await call(t, 'PUT', `/v1/groups/${group}/members/ada`, {
      token: tokens.bob,
      body: { role: 'member' },
    });
    await follow(t, tokens.ada, 'bob');
    ids.pub = await bookmark(t, tokens.bob, PAGE, { title: 'Guide', tags: ['Design'] });
    ids.snip = await snippet(t, tokens.bob, PAGE, 'the quoted words', { comment: 'worth it' });
    ids.ask = await status(t, tokens.bob, 'who knows Kysely?', { question: true });
    ids.priv = await bookmark(t, tokens.bob, `${PAGE}/private`, {
      title: 'Bob private',
      tags: ['design'],
      visibility: 'private',
    });
    const inGroup = newId();
    const put = await call(t, 'PUT', `/v1/bookmarks/${inGroup}`, {
      token: tokens.bob,
      body: {
        url: `${PAGE}/group`,
        title: 'Group only',
        tags: ['design'],
        visibility: 'group',
        groups: [group],
      },
    });
    expect(put.statusCode, put.body).toBe(201);
    ids.group = inGroup;
    ids.comment = await comment(t, tokens.bob, ids.pub, 'a comment on the guide');
    ids.carol = await bookmark(t, tokens.carol, PAGE, { title: 'Carol public', tags: ['design'] });
  });

  it('opens every feed to a token made in settings, as well-formed Atom with stable ids', async () => {
    const made = await tokenFromSettings(t, ada, 'My reader');
    expect(made.network).toBe(
      `${BASE}/feeds/network?${new URLSearchParams({ token: made.token, lang: 'en' })}`,
    );
    const key = await urlKey(PAGE);
    const paths = {
      network: local(made.network),
      mine: local(made.mine),
      bob: feedPath('/feeds/people/bob', made.token),
      tag: feedPath('/feeds/tags/design', made.token),
      group: feedPath(`/feeds/groups/${group}`, made.token),
      page: feedPath(`/feeds/pages/${key}`, made.token),
    };
    const network = (await readFeed(t, paths.network)).feed;
    expect(entryIds(network).sort()).toEqual(
      [ids.pub, ids.snip, ids.ask, ids.group, ids.comment].sort(),
    );
    const again = (await readFeed(t, paths.network)).feed;
    expect(entryIds(again)).toEqual(entryIds(network));
    expect((await readFeed(t, paths.mine)).feed.entries ?? []).toEqual([]);
    expect(entryIds((await readFeed(t, paths.bob)).feed).sort()).toEqual(
      [ids.pub, ids.snip, ids.ask, ids.group].sort(),
    );
    expect(entryIds((await readFeed(t, paths.tag)).feed).sort()).toEqual(
      [ids.pub, ids.group, ids.carol].sort(),
    );
    expect(entryIds((await readFeed(t, paths.group)).feed)).toEqual([ids.group]);
    const page = (await readFeed(t, paths.page)).feed;
    expect(entryIds(page).sort()).toEqual([ids.pub, ids.snip, ids.carol].sort());

    // The permalink, the author, the quote and the comment as text.
    const snip = network.entries?.find((e) => e.id === `urn:uuid:${ids.snip}`);
    expect(snip?.links?.[0]?.href).toBe(`${BASE}/items/${ids.snip}`);
    expect(snip?.authors?.[0]).toEqual({ name: 'Bob', uri: `${BASE}/@bob` });
    const text = parseDocument(String(snip?.content?.value)).children.map(textOf).join('');
    expect(text).toContain('the quoted words');
    expect(text).toContain('worth it');
    const note = network.entries?.find((e) => e.id === `urn:uuid:${ids.comment}`);
    expect(note?.links?.[0]?.href).toBe(`${BASE}/items/${ids.pub}#comment-${ids.comment}`);
    // Swedish words on request.
    const sv = (await readFeed(t, `${paths.tag}&lang=sv`)).feed;
    expect(sv.title?.value?.replace(/[\u2068\u2069]/g, '')).toBe('#design på Outloud');
  });

  it('never shows another person a private item or a closed group item', async () => {
    const carol = await createFeedToken(t.db, 'carol', 'reader');
    if (!carol) throw new Error('no token');
    const key = await urlKey(PAGE);
    const seen = new Set<string>();
    for (const path of [
      '/feeds/network',
      '/feeds/people/bob',
      '/feeds/tags/design',
      `/feeds/pages/${key}`,
    ]) {
      for (const id of entryIds((await readFeed(t, feedPath(path, carol.token))).feed)) {
        seen.add(id);
      }
    }
    expect(seen.has(ids.priv ?? '')).toBe(false);
    expect(seen.has(ids.group ?? '')).toBe(false);
    expect(seen.has(ids.pub ?? '')).toBe(true);
    // The closed group's feed is no feed to a non-member: the same 404 as an unknown group.
    const closed = await get(t, feedPath(`/feeds/groups/${group}`, carol.token));
    const unknown = await get(t, feedPath(`/feeds/groups/${newId()}`, carol.token));
    expect(closed.statusCode).toBe(404);
    expect(closed.body).toBe(unknown.body);
    expect(closed.body).not.toContain('Design');
    // Bob sees his own private item in his feeds.
    const bob = await createFeedToken(t.db, 'bob', 'reader');
    if (!bob) throw new Error('no token');
    const his = (await readFeed(t, feedPath('/feeds/people/bob', bob.token))).feed;
    expect(entryIds(his)).toContain(ids.priv);
  });

  it('answers a reader polling with the feed’s ETag 304 and no body, until the feed changes', async () => {
    const { token } = await tokenFromSettings(t, ada, 'Poller');
    const path = feedPath('/feeds/tags/design', token);
    const poll = (headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url: path, headers });
    const first = await poll();
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expect(first.headers['last-modified']).toBeUndefined();

    // The same feed: 304 with no body, for the tag alone, in a list, and compared weakly.
    for (const ifNoneMatch of [etag, `"other", ${etag}`, `W/${etag}`]) {
      const again = await poll({ 'if-none-match': ifNoneMatch });
      expect(again.statusCode, ifNoneMatch).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
    }
    expect((await poll({ 'if-none-match': '"stale"' })).statusCode).toBe(200);
    // A date is no validator here: the reader gets the feed.
    const since = await poll({ 'if-modified-since': new Date(Date.now() + 60_000).toUTCString() });
    expect(since.statusCode).toBe(200);

    // Bob makes his public bookmark private: the feed changes, the old tag gets the new feed
    // without it (a date-based answer would have kept it in the reader).
    await setVisibility(
      t,
      tokens.bob,
      'bookmarks',
      ids.pub ?? '',
      { url: PAGE, title: 'Guide', tags: ['Design'] },
      'private',
    );
    const changed = await poll({ 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body).not.toContain(ids.pub);
    // Another language is another document.
    const sv = await t.app.inject({ method: 'GET', url: `${path}&lang=sv` });
    expect(sv.headers.etag).not.toBe(changed.headers.etag);

    // Refusals come before freshness: a revoked or wrong token with the right tag is 401.
    const wrong = await t.app.inject({
      method: 'GET',
      url: feedPath('/feeds/tags/design', `olf_${'A'.repeat(43)}`),
      headers: { 'if-none-match': String(changed.headers.etag) },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers.etag).toBeUndefined();
    // Another person's token and the tag: their own feed, never a 304 on Ada's document.
    const bobToken = await tokenFromSettings(t, await signIn(t, tokens.bob), 'Bob reader');
    const bobs = await t.app.inject({
      method: 'GET',
      url: feedPath('/feeds/tags/design', bobToken.token),
      headers: { 'if-none-match': String(changed.headers.etag) },
    });
    expect(bobs.statusCode).toBe(200);
    expect(bobs.body).toContain(ids.priv);
  });

  it('refuses missing, malformed, forged, oversized, revoked and API tokens', async () => {
    const made = await tokenFromSettings(t, ada, 'Reader');
    const forged = `olf_${'A'.repeat(43)}`;
    expect((await get(t, '/feeds/network')).statusCode).toBe(401);
    expect((await get(t, feedPath('/feeds/network', 'not a token'))).statusCode).toBe(401);
    expect((await get(t, feedPath('/feeds/network', forged))).statusCode).toBe(401);
    expect((await get(t, feedPath('/feeds/network', `olf_${'a'.repeat(200)}`))).statusCode).toBe(
      400,
    );
    expect((await get(t, feedPath('/feeds/network', tokens.ada))).statusCode).toBe(401);
    // Neither a bearer header nor a session cookie opens a feed.
    const bearer = await get(t, '/feeds/network', undefined, {
      authorization: `Bearer ${tokens.ada}`,
    });
    expect(bearer.statusCode).toBe(401);
    expect((await get(t, '/feeds/network', ada)).statusCode).toBe(401);
    const refused = await get(t, feedPath('/feeds/network', forged));
    expect(refused.headers['content-type']).toContain('text/plain');
    expect(refused.body).not.toContain(forged);

    // Revoked on the settings page: refused from the next read on.
    expect((await get(t, local(made.network))).statusCode).toBe(200);
    const settings = await get(t, '/settings', ada);
    const form = elements(settings.body).find(
      (e) => e.name === 'form' && e.attribs?.action?.startsWith('/settings/feeds/'),
    );
    const revoke = await post(t, form?.attribs?.action ?? '', { csrf: ada.csrf }, ada);
    expect(revoke.statusCode, revoke.body).toBe(303);
    expect(revoke.headers.location).toBe('/settings?notice=feedRevoked#feeds');
    expect((await get(t, local(made.network))).statusCode).toBe(401);
  });

  it('does not let a feed token call the API, sign in on the web or open a web page', async () => {
    const { token } = await tokenFromSettings(t, ada, 'Reader');
    for (const path of ['/v1/me', '/v1/feed', `/v1/pages?urlKey=${await urlKey(PAGE)}`]) {
      const res = await call(t, 'GET', path, { token });
      expect(res.statusCode, path).toBe(401);
    }
    const write = await call(t, 'PUT', `/v1/statuses/${newId()}`, {
      token,
      body: { text: 'written with a feed token' },
    });
    expect(write.statusCode).toBe(401);
    // The web sign-in form refuses it.
    const form = await get(t, '/signin');
    const pre = /outloud_signin=([^;]+)/.exec(String(form.headers['set-cookie']))?.[1] ?? '';
    const signin = await post(
      t,
      '/signin',
      { csrf: hidden(form.body, 'csrf'), token, next: '/' },
      { cookie: `outloud_signin=${pre}`, csrf: '' },
    );
    expect(signin.statusCode).toBe(401);
    expect(String(signin.headers['set-cookie'] ?? '')).not.toContain('outloud_session=');
    // In a web page's address it is nothing: the visitor is sent to sign in.
    const page = await get(t, `/items/${ids.pub}?token=${token}`);
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/signin\?next=/);
  });

  it('keeps a feed token working when its person is renamed, and ends it on deactivation', async () => {
    const made = await createFeedToken(t.db, 'bob', 'reader');
    if (!made) throw new Error('no token');
    await rename(t.db, 'ada', 'bob', 'robert');
    const mine = (await readFeed(t, feedPath('/feeds/people/robert', made.token))).feed;
    expect(entryIds(mine)).toContain(ids.priv);
    await deactivate(t.db, 'ada', 'robert');
    expect((await get(t, feedPath('/feeds/network', made.token))).statusCode).toBe(401);
  });

  it('answers 404 for an unknown person, a malformed page key or group id', async () => {
    const made = await createFeedToken(t.db, 'ada', 'reader');
    if (!made) throw new Error('no token');
    for (const path of ['/feeds/people/nobody', '/feeds/pages/xyz', '/feeds/groups/not-an-id']) {
      const res = await get(t, feedPath(path, made.token));
      expect(res.statusCode, path).toBe(404);
    }
    // A token is checked before anything is looked up.
    expect((await get(t, '/feeds/people/nobody')).statusCode).toBe(401);
  });

  it('carries no markup from data in any field, and no character XML cannot hold', async () => {
    const api = await addUser(t, 'mallory', `${XSS} Mallory`);
    const evil = newId();
    const made = await call(t, 'PUT', `/v1/groups/${evil}`, {
      token: api,
      body: { name: `${XSS}]]>`, kind: 'open' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const control = 'bell\u0007 vt\u000b ff\u000c';
    const url = `https://evil.example/${encodeURIComponent(XSS)}?q="<x>"`;
    const b = await bookmark(t, api, url, {
      title: `${XSS}]]>`,
      description: `${XSS} ${control}`,
      tags: [XSS_TAG, ']]><b>'],
    });
    const s = newId();
    const shared = await call(t, 'PUT', `/v1/snippets/${s}`, {
      token: api,
      body: {
        url,
        title: XSS,
        quote: { exact: `${XSS}]]>`, prefix: XSS, suffix: XSS },
        comment: `${XSS} ${control}`,
        visibility: 'group',
        groups: [evil],
      },
    });
    expect(shared.statusCode, shared.body).toBe(201);
    await status(t, api, `${XSS}]]> ${control}`, { question: true });
    await comment(t, api, b, `${XSS}]]> ${control}`);
    const reader = await createFeedToken(t.db, 'mallory', `${XSS}`);
    if (!reader) throw new Error('no token');
    const key = await urlKey(url);
    const feeds = [
      '/feeds/network',
      '/feeds/people/mallory',
      `/feeds/tags/${encodeURIComponent(XSS_TAG)}`,
      `/feeds/groups/${evil}`,
      `/feeds/pages/${key}`,
    ];
    let entries = 0;
    for (const path of feeds) {
      const { feed, xml } = await readFeed(t, feedPath(path, reader.token));
      expect([...xml].filter((c) => ['\u0007', '\u000b', '\u000c'].includes(c))).toEqual([]);
      expect(xml).not.toContain('<script');
      expect(xml).not.toContain('<img');
      for (const entry of feed.entries ?? []) {
        entries++;
        // Titles are text: parsed as HTML they hold no element at all.
        expect(elementNames(String(entry.title?.value))).toEqual([]);
        expect(decode(String(entry.title?.value))).toContain('<img src=x onerror=alert(1)>');
        // Content is our markup around escaped text: only these elements, only http(s) links.
        const html = String(entry.content?.value);
        const allowed = ['p', 'br', 'blockquote', 'a'];
        expect(elementNames(html).filter((n) => !allowed.includes(n))).toEqual([]);
        for (const a of htmlElements(html)) {
          expect(Object.keys(a.attribs ?? {}).filter((k) => k !== 'href')).toEqual([]);
          if (a.attribs?.href) expect(a.attribs.href).toMatch(/^https:\/\/evil\.example\//);
        }
        expect(entry.authors?.[0]?.name).toBe(`${XSS} Mallory`);
      }
    }
    expect(entries).toBe(11);
  });
});

describe.each(databases())('feed token refusals count against the address on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, {
    people: ['ada'],
    authRateLimit: { max: 3, timeWindowMs: 60_000 },
  });

  it('answers 429 after too many bad feed tokens, and the API shares the count', async () => {
    const forged = `olf_${'B'.repeat(43)}`;
    for (let i = 0; i < 3; i++) {
      expect((await get(t, feedPath('/feeds/network', forged))).statusCode).toBe(401);
    }
    expect((await get(t, feedPath('/feeds/network', forged))).statusCode).toBe(429);
    expect((await call(t, 'GET', '/v1/me', { token: 'x'.repeat(43) })).statusCode).toBe(429);
    expect((await call(t, 'GET', '/v1/me', { token: tokens.ada })).statusCode).toBe(200);
  });
});

type HtmlNode = {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: HtmlNode[];
};

function htmlElements(html: string): HtmlNode[] {
  const out: HtmlNode[] = [];
  const walk = (n: HtmlNode) => {
    if (n.type === 'tag' || n.type === 'script' || n.type === 'style') out.push(n);
    for (const c of n.children ?? []) walk(c);
  };
  walk(parseDocument(html) as unknown as HtmlNode);
  return out;
}

const elementNames = (html: string) => htmlElements(html).map((e) => e.name ?? '');

function textOf(node: unknown): string {
  const n = node as HtmlNode;
  if (n.type === 'text') return n.data ?? '';
  return (n.children ?? []).map(textOf).join('');
}

/** An HTML text construct's text (entities decoded). */
const decode = (html: string) => textOf(parseDocument(html, { decodeEntities: true }));

describe.each(databases())('feed tokens through the API on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob'] });

  it('makes, lists and revokes the caller’s feed tokens, and refuses the rest', async () => {
    const made = await call(t, 'POST', '/v1/me/feed-tokens', {
      token: tokens.ada,
      body: { name: '  Feed   reader ' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const body = made.json();
    expect(body.token).toMatch(/^olf_[A-Za-z0-9_-]{43}$/);
    expect(body.feedToken.name).toBe('Feed reader');
    expect(body.feeds.network).toBe(`${BASE}/feeds/network?token=${body.token}`);
    await readFeed(t, local(body.feeds.network));
    await readFeed(t, local(body.feeds.mine));
    const listed = await call(t, 'GET', '/v1/me/feed-tokens', { token: tokens.ada });
    // Listed with its last use (the two reads above).
    expect(listed.json()).toEqual({
      feedTokens: [{ ...body.feedToken, lastUsedAt: expect.any(String) }],
    });
    expect(listed.body).not.toContain(body.token);
    // Bob sees none of Ada's and cannot revoke hers.
    const bobs = await call(t, 'GET', '/v1/me/feed-tokens', { token: tokens.bob });
    expect(bobs.json()).toEqual({ feedTokens: [] });
    const path = `/v1/me/feed-tokens/${body.feedToken.id}`;
    expect((await call(t, 'DELETE', path, { token: tokens.bob })).statusCode).toBe(404);
    // The feed token itself opens none of these routes.
    for (const method of ['GET', 'POST'] as const) {
      const res = await call(t, method, '/v1/me/feed-tokens', {
        token: body.token,
        body: method === 'POST' ? { name: 'x' } : undefined,
      });
      expect(res.statusCode).toBe(401);
    }
    expect((await call(t, 'DELETE', path, { token: body.token })).statusCode).toBe(401);
    // Bad bodies and ids.
    for (const bad of [
      {},
      { name: '' },
      { name: '   ' },
      { name: 'x'.repeat(81) },
      { name: 'x', y: 1 },
    ]) {
      const res = await call(t, 'POST', '/v1/me/feed-tokens', { token: tokens.ada, body: bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect(
      (await call(t, 'DELETE', '/v1/me/feed-tokens/NOT_AN_ID', { token: tokens.ada })).statusCode,
    ).toBe(400);
    expect(
      (await call(t, 'DELETE', `/v1/me/feed-tokens/${newId()}`, { token: tokens.ada })).statusCode,
    ).toBe(404);
    // Revoked: gone from the list, refused by the feed, and a second revoke is a 404.
    expect((await call(t, 'DELETE', path, { token: tokens.ada })).statusCode).toBe(204);
    expect((await call(t, 'GET', '/v1/me/feed-tokens', { token: tokens.ada })).json()).toEqual({
      feedTokens: [],
    });
    expect((await get(t, local(body.feeds.network))).statusCode).toBe(401);
    expect((await call(t, 'DELETE', path, { token: tokens.ada })).statusCode).toBe(404);
    // At most twenty live ones.
    for (let i = 0; i < 20; i++) {
      const res = await call(t, 'POST', '/v1/me/feed-tokens', {
        token: tokens.ada,
        body: { name: `reader ${i}` },
      });
      expect(res.statusCode).toBe(201);
    }
    const more = await call(t, 'POST', '/v1/me/feed-tokens', {
      token: tokens.ada,
      body: { name: 'one more' },
    });
    expect(more.statusCode).toBe(409);
  });
});
