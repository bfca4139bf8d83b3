/**
 * The observation half of the visibility model test: after a step, asks every read route what
 * one person sees (`changes` from scratch and incrementally, `pages/{key}`, `pages?prefix`,
 * `feed`, `search`, `trending`, `notifications`, `export/bookmarks.html`, item GETs, `flags`,
 * the web permalink `/items/{id}` with the comments its HTML lists, the Atom feeds of the
 * network, each person, each bookmark's tag, each group and each page, and the web pages of
 * search, each person, tag, group and page with the item ids their HTML lists) and checks
 * it against the model: nothing they may not see (no marker and no id of a hidden item, except
 * an id as a content-free tombstone in `changes`), and everything they may.
 */
import { parseAtomFeed } from 'feedsmith';
import { expect } from 'vitest';
import type { Change } from '../../src/core/wire.ts';
import { createFeedToken } from '../../src/server/repos/feed-tokens.ts';
import { openSession, tokenSignIn } from '../../src/server/repos/web-sessions.ts';
import { call, type TestApp } from './helpers.ts';
import { collectPages } from './read-helpers.ts';
import type { ModelItem, PageExpectation, VisibilityModel } from './visibility-model.ts';

/** The word every item holds, so one search finds them all. */
export const COMMON_WORD = 'plover';

const PLURAL = {
  bookmark: 'bookmarks',
  snippet: 'snippets',
  status: 'statuses',
  comment: 'comments',
};

/** Feed tokens by API token: one per person and app. */
const feedTokens = new Map<string, string>();

/** A feed token for the holder of `token`'s person `me`. */
async function feedToken(t: TestApp, me: string, token: string): Promise<string> {
  const known = feedTokens.get(token);
  if (known) return known;
  const made = await createFeedToken(t.db, me, 'visibility model');
  if (!made) throw new Error('no feed token');
  feedTokens.set(token, made.token);
  return made.token;
}

/** The item ids of the entries of the Atom feed at `path` (read with `feed`), sorted. */
async function feedIds(t: TestApp, path: string, feed: string, label: string) {
  const sep = path.includes('?') ? '&' : '?';
  const res = await t.app.inject({ method: 'GET', url: `${path}${sep}token=${feed}` });
  expect(res.statusCode, `${label}: ${res.body}`).toBe(200);
  const parsed: { entries?: Array<{ id?: string }> } = parseAtomFeed(res.body);
  const ids = (parsed.entries ?? []).map((e) => (e.id ?? '').replace(/^urn:uuid:/, ''));
  return { ids: ids.sort(), body: res.body };
}

/** Web session cookies by API token: one sign-in per person and app. */
const webCookies = new Map<string, string>();

/** A web session cookie for the holder of `token` (opened as the token form would). */
async function webCookie(t: TestApp, token: string): Promise<string> {
  const known = webCookies.get(token);
  if (known) return known;
  const found = await tokenSignIn(t.db, token);
  if (!found) throw new Error('token not accepted for a web session');
  const session = await openSession(t.db, found.handle, found.tokenId);
  const cookie = `outloud_session=${session.id}`;
  webCookies.set(token, cookie);
  return cookie;
}

/** A person's incrementally pulled mirror of `/v1/changes`. */
export type Mirror = { cursor: string; entries: Map<string, Change> };

/** A new, empty mirror. */
export function emptyMirror(): Mirror {
  return { cursor: '', entries: new Map() };
}

/** Pulls `/v1/changes` after `cursor` to the end; returns the changes and the last cursor. */
async function pull(t: TestApp, token: string, cursor: string) {
  const changes: Change[] = [];
  for (let guard = 0; guard < 500; guard++) {
    const query = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await call(t, 'GET', `/v1/changes?${query}`, { token });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: Change[]; cursor: string; hasMore: boolean };
    changes.push(...page.items);
    cursor = page.cursor || cursor;
    if (!page.hasMore) return { changes, cursor, body: res.body };
  }
  throw new Error('changes did not end');
}

function apply(entries: Map<string, Change>, changes: readonly Change[]): void {
  for (const change of changes) entries.set(`${change.type}:${change.key}`, change);
}

/** Live keys of item and like entries: `id` for items, `owner/targetId` for likes. */
function liveKeys(entries: Map<string, Change>) {
  const items: string[] = [];
  const likes: string[] = [];
  for (const change of entries.values()) {
    if (change.deleted) continue;
    if (change.type === 'like') likes.push(change.key);
    else if (change.type !== 'person' && change.type !== 'follow') items.push(change.key);
  }
  return { items: items.sort(), likes: likes.sort() };
}

function pageIds(summary: Record<string, unknown>): PageExpectation {
  const ids = (list: string) =>
    ((summary[list] as Array<{ id: string }>) ?? []).map((i) => i.id).sort();
  const likes = (summary.likes as Array<{ owner: string; targetId: string }>).map(
    (l) => `${l.owner}/${l.targetId}`,
  );
  const people = (summary.people as Array<{ handle: string }>).map((p) => p.handle);
  return {
    bookmarks: ids('bookmarks'),
    snippets: ids('snippets'),
    statuses: ids('statuses'),
    comments: ids('comments'),
    likes: likes.sort(),
    people: people.sort(),
  };
}

/**
 * Checks everything `me` (holding `token`) sees against `model`; `mirror` is their incremental
 * pull state (advanced here); `pages` maps each test page's URL to its urlKey; `probe` lists
 * item ids to GET one by one this step. Returns how many requests it made and how many hidden
 * items it looked for.
 */
export async function checkPerson(
  t: TestApp,
  model: VisibilityModel,
  me: string,
  token: string,
  mirror: Mirror,
  pages: ReadonlyMap<string, string>,
  probe: readonly ModelItem[],
): Promise<{ requests: number; hidden: number }> {
  let requests = 0;
  const visible = model.visibleItems(me);
  const visibleIds = visible.map((i) => i.id).sort();
  const hidden = model.items.filter((i) => !model.visible(i, me));
  const bodies: Array<[string, string]> = [];

  // changes, from scratch: every value is something I may see now, and all of it is there.
  const scratch = await pull(t, token, '');
  requests++;
  for (const change of scratch.changes) {
    if (change.deleted) expect(change.value, JSON.stringify(change)).toBeUndefined();
    else if (change.type !== 'person' && change.type !== 'follow' && change.type !== 'like') {
      const item = model.item(change.key);
      expect(item && model.visible(item, me), `${me} got ${change.type} ${change.key}`).toBe(true);
    }
  }
  const full = new Map<string, Change>();
  apply(full, scratch.changes);
  const fromScratch = liveKeys(full);
  expect(fromScratch.items, `${me}: items in changes`).toEqual(visibleIds);
  expect(fromScratch.likes, `${me}: likes in changes`).toEqual(model.visibleLikes(me));
  bodies.push(['changes', JSON.stringify(scratch.changes.filter((c) => !c.deleted))]);

  // changes, incrementally from my last cursor: the same state as from scratch.
  const since = await pull(t, token, mirror.cursor);
  requests++;
  apply(mirror.entries, since.changes);
  mirror.cursor = since.cursor;
  expect(liveKeys(mirror.entries), `${me}: incremental changes`).toEqual(fromScratch);

  // pages/{key} and pages?prefix: exactly the visible engagement, 404 when there is none.
  for (const [url, key] of pages) {
    const expected = model.page(me, url);
    const res = await call(t, 'GET', `/v1/pages/${key}`, { token });
    requests++;
    bodies.push([`pages/${key}`, res.body]);
    if (expected === null) expect(res.statusCode, `${me} ${url}: ${res.body}`).toBe(404);
    else {
      expect(res.statusCode, res.body).toBe(200);
      expect(pageIds(res.json()), `${me} page ${url}`).toEqual(expected);
    }
    const listed = await collectPages<Record<string, unknown> & { urlKey: string }>(
      t,
      token,
      `/v1/pages?prefix=${key.slice(0, 6)}`,
      50,
    );
    requests++;
    bodies.push([`pages?prefix=${key.slice(0, 6)}`, JSON.stringify(listed)]);
    const mine = listed.find((s) => s.urlKey === key);
    expect(mine ? pageIds(mine) : null, `${me} prefix ${url}`).toEqual(expected);
  }

  // feed, notifications, search: exactly the expected keys.
  const feed = await collectPages<{ key: string }>(t, token, '/v1/feed', 100);
  const notes = await collectPages<{ key: string }>(t, token, '/v1/notifications', 100);
  const found = await collectPages<{ id: string }>(t, token, `/v1/search?q=${COMMON_WORD}`, 100);
  requests += 3;
  expect(feed.map((a) => a.key).sort(), `${me}: feed`).toEqual(model.feed(me));
  expect(notes.map((n) => n.key).sort(), `${me}: notifications`).toEqual(model.notifications(me));
  expect(found.map((i) => i.id).sort(), `${me}: search`).toEqual(visibleIds);
  bodies.push(['feed', JSON.stringify(feed)], ['notifications', JSON.stringify(notes)]);
  bodies.push(['search', JSON.stringify(found)]);

  // trending: public engagement only (the same for everyone).
  const trending = await call(t, 'GET', '/v1/trending?days=90', { token });
  requests++;
  expect(trending.statusCode).toBe(200);
  bodies.push(['trending', trending.body]);
  const publicTags = new Set(model.items.filter((i) => model.isPublic(i)).map((i) => i.tag));
  for (const { tag } of trending.json().tags as Array<{ tag: string }>) {
    expect(publicTags.has(tag), `${me}: trending tag ${tag}`).toBe(true);
  }

  // export: my live bookmarks, nobody else's.
  const exported = await call(t, 'GET', '/v1/export/bookmarks.html', { token });
  requests++;
  expect(exported.statusCode).toBe(200);
  bodies.push(['export', exported.body]);
  for (const item of model.items.filter((i) => i.kind === 'bookmark')) {
    const expectIn = item.owner === me && item.live;
    expect(exported.body.includes(item.marker), `${me}: export ${item.marker}`).toBe(expectIn);
  }

  // item GETs; a hidden item is marked, with who hid it for its moderators only.
  for (const item of probe) {
    const res = await call(t, 'GET', `/v1/${PLURAL[item.kind]}/${item.id}`, { token });
    requests++;
    expect(res.statusCode, `${me} GET ${item.kind} ${item.id}`).toBe(
      model.visible(item, me) ? 200 : 404,
    );
    if (res.statusCode !== 200) continue;
    bodies.push([`GET ${item.id}`, res.body]);
    const marker = (res.json() as { hidden?: { by?: string } }).hidden;
    expect(marker !== undefined, `${me} GET ${item.id}: hidden marker`).toBe(item.hidden);
    if (marker)
      expect(marker.by !== undefined, `${me}: who hid ${item.id}`).toBe(item.owner !== me);
  }

  // flags: exactly those on live items I moderate.
  const flags = await call(t, 'GET', '/v1/flags', { token });
  requests++;
  expect(flags.statusCode).toBe(200);
  const flagKeys = (flags.json().items as Array<{ handle: string; itemId: string }>)
    .map((f) => `${f.handle}>${f.itemId}`)
    .sort();
  expect(flagKeys, `${me}: flags`).toEqual(model.flagsFor(me));
  bodies.push(['flags', flags.body]);

  // The web permalink: 404 for what I may not see (the same page as for no item at all); a
  // visible comment's permalink sends me to its item; an item's page lists exactly the comments
  // on it I may see.
  const cookie = await webCookie(t, token);
  for (const item of probe) {
    const res = await t.app.inject({
      method: 'GET',
      url: `/items/${item.id}`,
      headers: { cookie },
    });
    requests++;
    const label = `${me} web /items ${item.kind} ${item.id}`;
    if (!model.visible(item, me)) {
      expect(res.statusCode, label).toBe(404);
      continue;
    }
    if (item.kind === 'comment') {
      expect(res.statusCode, label).toBe(303);
      expect(res.headers.location, label).toBe(`/items/${item.targetId}#comment-${item.id}`);
      continue;
    }
    expect(res.statusCode, label).toBe(200);
    bodies.push([`web /items/${item.id}`, res.body]);
    const shown = [...res.body.matchAll(/id="comment-([0-9a-f-]+)"/g)].map((m) => m[1]).sort();
    const expected = model.items
      .filter((c) => c.kind === 'comment' && c.targetId === item.id && model.visible(c, me))
      .map((c) => c.id)
      .sort();
    expect(shown, `${label}: comments`).toEqual(expected);
    expect(res.body.includes(item.marker), `${label}: its own text`).toBe(true);
  }

  // The Atom feeds, read with my feed token: exactly what I may see of each list.
  const feedKey = await feedToken(t, me, token);
  const visibleShared = visible.filter((i) => i.kind !== 'comment');
  const expectFeed = async (path: string, expected: string[], label: string) => {
    const got = await feedIds(t, path, feedKey, `${me} ${label}`);
    requests++;
    bodies.push([label, got.body]);
    expect(got.ids, `${me} ${label}`).toEqual([...expected].sort());
  };
  // The network: my and my network's items and comments (likes are not entries). The feed holds
  // the newest 50 activities, likes counted: past that, only what it holds is checked.
  const activities = model.feed(me);
  const network = activities.filter((k) => !k.startsWith('like:'));
  if (activities.length <= 50) await expectFeed('/feeds/network', network, 'feed network');
  else {
    const got = await feedIds(t, '/feeds/network', feedKey, `${me} feed network`);
    requests++;
    bodies.push(['feed network', got.body]);
    expect(
      got.ids.filter((id) => !network.includes(id)),
      `${me} feed network`,
    ).toEqual([]);
  }
  // The people, tags, groups and pages of this step's probed items (every list after every step
  // doubled the test's time), and every group I may not read (a 404).
  for (const person of new Set(probe.map((i) => i.owner))) {
    const theirs = visibleShared.filter((i) => i.owner === person).map((i) => i.id);
    await expectFeed(`/feeds/people/${person}`, theirs, `feed person ${person}`);
  }
  for (const tag of new Set(probe.map((i) => i.tag).filter((x): x is string => x !== null))) {
    const tagged = visibleShared.filter((i) => i.tag === tag).map((i) => i.id);
    await expectFeed(`/feeds/tags/${encodeURIComponent(tag)}`, tagged, `feed tag ${tag}`);
  }
  const probedGroups = new Set(probe.flatMap((i) => i.groups));
  for (const group of model.groups.filter(
    (g) => probedGroups.has(g.id) || !model.seesGroup(g.id, me),
  )) {
    const label = `feed group ${group.id}`;
    if (!model.seesGroup(group.id, me)) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/feeds/groups/${group.id}?token=${feedKey}`,
      });
      requests++;
      expect(res.statusCode, `${me} ${label}`).toBe(404);
      continue;
    }
    const shared = visibleShared.filter(
      (i) => i.visibility === 'group' && i.groups.includes(group.id),
    );
    await expectFeed(
      `/feeds/groups/${group.id}`,
      shared.map((i) => i.id),
      label,
    );
  }
  const probedPages = new Set(probe.map((i) => i.url));
  for (const [url, key] of [...pages].filter(([url]) => probedPages.has(url))) {
    const onPage = visibleShared.filter((i) => i.url === url).map((i) => i.id);
    await expectFeed(`/feeds/pages/${key}`, onPage, `feed page ${url}`);
  }

  // The web lists, read with my session as the feeds are with my token: a person's, a tag's, a
  // group's and a page's page, and search, list exactly the ids (`data-item`) I may see, every
  // "Older" page followed; a group or page I may not read is the 404 page.
  const webList = async (path: string, expected: string[] | null, label: string) => {
    const ids: string[] = [];
    let url: string | undefined = path;
    for (let guard = 0; url !== undefined && guard < 50; guard++) {
      const res: { statusCode: number; body: string } = await t.app.inject({
        method: 'GET',
        url,
        headers: { cookie },
      });
      requests++;
      if (expected === null) {
        expect(res.statusCode, `${me} ${label}`).toBe(404);
        return;
      }
      expect(res.statusCode, `${me} ${label}: ${url}`).toBe(200);
      bodies.push([label, res.body]);
      ids.push(...[...res.body.matchAll(/data-item="([0-9a-f-]+)"/g)].map((m) => m[1] ?? ''));
      const body: string = res.body;
      const older: string | undefined = /<a href="([^"]*[?&]cursor=[^"]*)"/.exec(body)?.[1];
      url = older?.replaceAll('&amp;', '&');
    }
    expect(ids.sort(), `${me} ${label}`).toEqual([...(expected ?? [])].sort());
  };
  await webList(
    `/search?q=${COMMON_WORD}`,
    visible.map((i) => i.id),
    'web search',
  );
  for (const person of new Set(probe.map((i) => i.owner))) {
    const theirs = visibleShared.filter((i) => i.owner === person).map((i) => i.id);
    await webList(`/@${person}`, theirs, `web person ${person}`);
  }
  for (const tag of new Set(probe.map((i) => i.tag).filter((x): x is string => x !== null))) {
    const tagged = visibleShared.filter((i) => i.tag === tag).map((i) => i.id);
    await webList(`/tags/${encodeURIComponent(tag)}`, tagged, `web tag ${tag}`);
  }
  for (const group of model.groups.filter(
    (g) => probedGroups.has(g.id) || !model.seesGroup(g.id, me),
  )) {
    const shared = visibleShared.filter(
      (i) => i.visibility === 'group' && i.groups.includes(group.id),
    );
    await webList(
      `/groups/${group.id}`,
      model.seesGroup(group.id, me) ? shared.map((i) => i.id) : null,
      `web group ${group.id}`,
    );
  }
  for (const [url, key] of [...pages].filter(([url]) => probedPages.has(url))) {
    const onPage = visibleShared.filter((i) => i.url === url).map((i) => i.id);
    await webList(`/pages/${key}`, model.page(me, url) === null ? null : onPage, `web page ${url}`);
  }

  // Nothing hidden anywhere: no marker, no id (tombstones excepted, they are not in `bodies`).
  for (const [route, body] of bodies) {
    for (const item of hidden) {
      expect(body.includes(item.marker), `${me} saw hidden ${item.marker} in ${route}`).toBe(false);
      expect(body.includes(item.id), `${me} saw hidden id ${item.id} in ${route}`).toBe(false);
    }
  }
  return { requests, hidden: hidden.length };
}
