/**
 * The stream's group tabs and `/groups/{id}` (`src/web/groups.tsx`) on every database: each of
 * my groups is a tab of the stream; a group's page lists what it shares that I may see; a closed
 * group's page is its members' only, and to anyone else it is the same 404 page as no group at
 * all (a deleted group too); signed-out and forged sessions are sent to sign in; names and
 * descriptions are text.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { call, databases, newId, useServer } from './helpers.ts';
import { bookmark } from './read-helpers.ts';
import { type Browser, type Element, elements, get, signIn, textOf, XSS } from './web-helpers.ts';

/** The permalink ids a page links to. */
const linkedItems = (html: string) =>
  elements(html)
    .map((e) => /^\/items\/([0-9a-f-]{36})$/.exec(e.attribs?.href ?? '')?.[1])
    .filter((id): id is string => id !== undefined);

/** The stream tabs' links (href → aria-current, '' when not current), in order. */
const tabs = (html: string) => {
  const nav = elements(html).find(
    (e) => e.name === 'nav' && e.attribs?.['aria-label'] === 'Whose activity',
  );
  const links = new Map<string, string>();
  const walk = (node: Element) => {
    if (node.name === 'a')
      links.set(node.attribs?.href ?? '', node.attribs?.['aria-current'] ?? '');
    for (const child of node.children ?? []) walk(child);
  };
  if (nav) walk(nav);
  return links;
};

describe.each(databases())('group pages on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob', 'carol'] });
  let ada: Browser;
  let carol: Browser;
  const ids: Record<string, string> = {};
  const closed = newId();
  const open = newId();

  const share = async (token: string, url: string, group: string) => {
    const id = newId();
    const put = await call(t, 'PUT', `/v1/bookmarks/${id}`, {
      token,
      body: { url, visibility: 'group', groups: [group] },
    });
    expect(put.statusCode, put.body).toBe(201);
    return id;
  };

  beforeEach(async () => {
    for (const [id, name, kind, token] of [
      [closed, 'Inner circle', 'closed', tokens.ada],
      [open, 'Open door', 'open', tokens.bob],
    ] as const) {
      const res = await call(t, 'PUT', `/v1/groups/${id}`, {
        token,
        body: { name, kind, description: `About ${name}` },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const joined = await call(t, 'PUT', `/v1/groups/${closed}/members/bob`, {
      token: tokens.ada,
      body: { role: 'member' },
    });
    expect(joined.statusCode, joined.body).toBe(201);
    ids.inner = await share(tokens.bob, 'https://inner.example/', closed);
    ids.openShare = await share(tokens.bob, 'https://open.example/', open);
    ids.priv = await bookmark(t, tokens.bob, 'https://private.example/', {
      visibility: 'private',
    });
    ids.pub = await bookmark(t, tokens.bob, 'https://public.example/');
    ada = await signIn(t, tokens.ada);
    carol = await signIn(t, tokens.carol);
  });

  it('makes each of my groups a tab of the stream, and its page lists what it shares', async () => {
    const stream = await get(t, '/', ada);
    expect(stream.statusCode).toBe(200);
    const streamTabs = tabs(stream.body);
    expect(streamTabs.get(`/groups/${closed}`)).toBe('');
    expect(streamTabs.has(`/groups/${open}`)).toBe(false); // not a member of it
    expect(streamTabs.get('/')).toBe('page');
    expect(textOf(stream.body)).toContain('Inner circle');

    const page = await get(t, `/groups/${closed}`, ada);
    expect(page.statusCode, page.body).toBe(200);
    expect(tabs(page.body).get(`/groups/${closed}`)).toBe('page');
    expect(tabs(page.body).get('/')).toBe('');
    expect(linkedItems(page.body)).toEqual([ids.inner]);
    const text = textOf(page.body);
    expect(text).toContain('Inner circle');
    expect(text).toContain('About Inner circle');
    expect(text).toContain('A closed group of 2 people');

    // Swedish as the browser asks for it.
    const sv = await get(t, `/groups/${closed}`, ada, { 'accept-language': 'sv' });
    expect(textOf(sv.body)).toContain('En sluten grupp med 2 personer');
  });

  it('shows an open group to everyone signed in, and its tab once joined', async () => {
    const page = await get(t, `/groups/${open}`, carol);
    expect(page.statusCode, page.body).toBe(200);
    expect(linkedItems(page.body)).toEqual([ids.openShare]);
    expect(textOf(page.body)).toContain('An open group of one person');
    expect(tabs((await get(t, '/', carol)).body).has(`/groups/${open}`)).toBe(false);

    const join = await call(t, 'PUT', `/v1/groups/${open}/members/carol`, {
      token: tokens.carol,
      body: { role: 'member' },
    });
    expect(join.statusCode, join.body).toBe(201);
    expect(tabs((await get(t, '/', carol)).body).get(`/groups/${open}`)).toBe('');
  });

  it('answers a closed group to others, a deleted, unknown or malformed one with the same 404', async () => {
    const unknown = await get(t, `/groups/${newId()}`, carol);
    expect(unknown.statusCode).toBe(404);
    const refused = await get(t, `/groups/${closed}`, carol);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toBe(unknown.body);
    expect(refused.body).not.toContain('Inner');
    expect((await get(t, '/groups/not-a-group', carol)).body).toBe(unknown.body);
    expect(tabs((await get(t, '/', carol)).body).has(`/groups/${closed}`)).toBe(false);

    // Bob leaves: the page is closed to him at once, the same 404 as for no group.
    const bob = await signIn(t, tokens.bob);
    expect((await get(t, `/groups/${closed}`, bob)).statusCode).toBe(200);
    const left = await call(t, 'DELETE', `/v1/groups/${closed}/members/bob`, {
      token: tokens.bob,
    });
    expect(left.statusCode, left.body).toBe(200);
    const after = await get(t, `/groups/${closed}`, bob);
    expect(after.statusCode).toBe(404);
    expect(after.body).not.toContain('Inner');

    const deleted = await call(t, 'DELETE', `/v1/groups/${closed}`, { token: tokens.ada });
    expect(deleted.statusCode, deleted.body).toBe(200);
    const gone = await get(t, `/groups/${closed}`, ada);
    expect(gone.statusCode).toBe(404);
    expect(gone.body).not.toContain('Inner');
    expect(tabs((await get(t, '/', ada)).body).has(`/groups/${closed}`)).toBe(false);
  });

  it('sends signed-out visitors and forged sessions to sign in, and refuses a bad cursor', async () => {
    for (const browser of [
      undefined,
      { cookie: `outloud_session=${'A'.repeat(43)}`, csrf: '' },
      { cookie: 'outloud_session=<script>', csrf: '' },
    ]) {
      const res = await get(t, `/groups/${closed}`, browser);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(
        `/signin?${new URLSearchParams({ next: `/groups/${closed}` })}`,
      );
      expect(res.body).not.toContain('Inner');
    }
    const bad = await get(t, `/groups/${closed}?cursor=nonsense`, ada);
    expect(bad.statusCode).toBe(400);
    const extra = await get(t, `/groups/${closed}?other=1`, ada);
    expect(extra.statusCode).toBe(400);
  });

  it('shows markup in a group’s name and description as text', async () => {
    const id = newId();
    const res = await call(t, 'PUT', `/v1/groups/${id}`, {
      token: tokens.ada,
      body: { name: XSS.slice(0, 80), kind: 'closed', description: XSS },
    });
    expect(res.statusCode, res.body).toBe(201);
    for (const url of ['/', `/groups/${id}`]) {
      const page = await get(t, url, ada);
      expect(page.statusCode).toBe(200);
      const names = elements(page.body).map((e) => e.name);
      expect(names).not.toContain('img');
      expect(names).not.toContain('svg');
      expect(names.filter((n) => n === 'script')).toEqual([]);
      expect(textOf(page.body)).toContain(XSS.slice(0, 80));
    }
  });
});
