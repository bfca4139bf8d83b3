/**
 * The content methods a page's script calls on every load: `pageState` (settings, the page's
 * identity worked out in the background, engagement only when the overlay may show, so an
 * excluded or switched-off page is never looked up, locally or on the server) and
 * `loadOverlay` (the overlay bundle, into the calling frame only).
 */
import { describe, expect, it } from 'vitest';
import { MENU } from '../../../src/background/menus.ts';
import type { PageState } from '../../../src/core/messages.ts';
import { createFakeServer } from './fake-server.ts';
import { contentSender, idle, setup } from './helpers.ts';

const TAB = { id: 9, url: 'https://example.org/post', title: 'Post' };

/** A background whose server requests are listed by path. */
async function recorded() {
  const server = createFakeServer();
  const paths: string[] = [];
  const fetch = server.fetch.bind(server);
  server.fetch = (input, init) => {
    paths.push(new URL(input).pathname);
    return fetch(input, init);
  };
  const t = await setup({ server });
  await t.signIn('alice');
  paths.length = 0;
  return { ...t, paths };
}

type T = Awaited<ReturnType<typeof setup>>;

async function pageState(
  t: T,
  href: string,
  canonical: string | null = null,
  links?: string[],
): Promise<PageState> {
  const params = { href, canonical, ...(links ? { links } : {}) };
  // The content script of the page at `href` (the browser's sender says where it runs).
  const sender = { ...contentSender, url: href, tab: { ...contentSender.tab, url: href } };
  const reply = (await t.bg.router(
    { outloud: 1, channel: 'content', method: 'pageState', params },
    sender,
  )) as { ok: boolean; value: PageState; error?: unknown };
  expect(reply.error).toBeUndefined();
  return reply.value;
}

describe('pageState', () => {
  it('says whether the local index knows any page, so links are collected only then', async () => {
    const t = await setup();
    await t.signIn('alice');
    const first = await pageState(t, 'https://example.org/article');
    expect(first.settings).toMatchObject({ signedIn: true, knownPages: false });

    t.platform.tabs.set(9, TAB);
    await t.bg.menus.onClicked({ menuItemId: MENU.bookmarkPage, pageUrl: TAB.url }, TAB);
    await idle(t.bg);
    expect(await t.db.pages.count()).toBeGreaterThan(0);
    const later = await pageState(t, 'https://example.org/article');
    expect(later.settings).toMatchObject({ signedIn: true, knownPages: true });
  });

  it('works out the identity from the address and rel=canonical, secrets removed', async () => {
    const t = await setup();
    await t.signIn('alice');
    const state = await pageState(
      t,
      'https://example.org/article?utm_source=mail&id=4#part',
      '/canonical/article?token=abc',
    );
    expect(state.page).toMatchObject({
      url: 'https://example.org/canonical/article',
      fromCanonical: true,
      removed: ['token'],
    });
    expect(state.engagement).toMatchObject({
      url: 'https://example.org/canonical/article',
      labels: { people: expect.any(String), counts: '' },
    });
  });

  it('refuses an address that is not the page the content script runs in', async () => {
    const t = await setup();
    await t.signIn('alice');
    for (const href of ['not a url at all', 'https://victim.example/report']) {
      const reply = await t.bg.router(
        { outloud: 1, channel: 'content', method: 'pageState', params: { href, canonical: null } },
        contentSender,
      );
      expect(reply).toMatchObject({ ok: false, error: { code: 'page-mismatch' } });
    }
  });

  it('looks the page up on the server in exact mode when the overlay may show', async () => {
    const t = await recorded();
    await t.bg.settings.update({ lookupMode: 'exact' });
    const state = await pageState(t, 'https://example.org/article');
    expect(state.engagement).not.toBeNull();
    expect(t.paths.filter((p) => p.startsWith('/v1/pages'))).toHaveLength(1);
  });

  it.each([
    ['on an excluded site', { excludedSites: ['example.org'] }],
    ['with the overlay off', { overlay: false }],
  ])('never looks the page up %s, even in exact mode', async (_name, patch) => {
    const t = await recorded();
    await t.bg.settings.update({ lookupMode: 'exact', ...patch });
    const state = await pageState(t, 'https://example.org/article');
    expect(state.engagement).toBeNull();
    expect(state.page?.url).toBe('https://example.org/article');
    expect(t.paths.filter((p) => p.startsWith('/v1/pages'))).toEqual([]);
  });

  it('never looks the page up for someone signed out', async () => {
    const t = await setup();
    const state = await pageState(t, 'https://example.org/article');
    expect(state).toMatchObject({ settings: { signedIn: false }, engagement: null });
  });
});

describe('pageState: the links in view, in the same round trip', () => {
  const LINKS = ['https://example.org/post?utm_source=mail#top', 'https://example.org/other'];

  /** Alice signed in, with a bookmark of TAB in the local index. */
  async function withBookmark() {
    const t = await setup();
    await t.signIn('alice');
    t.platform.tabs.set(9, TAB);
    await t.bg.menus.onClicked({ menuItemId: MENU.bookmarkPage, pageUrl: TAB.url }, TAB);
    await idle(t.bg);
    return t;
  }

  it('answers the links someone engaged with, keyed as sent, with their words written', async () => {
    const t = await withBookmark();
    const state = await pageState(t, 'https://example.org/article', null, LINKS);
    expect(Object.keys(state.links)).toEqual([LINKS[0]]);
    expect(state.links[LINKS[0]!]).toMatchObject({
      count: 1,
      people: [{ handle: 'alice' }],
      label: expect.stringMatching(/\S/),
    });
    // The page itself is answered as without links.
    expect(state.engagement?.url).toBe('https://example.org/article');
  });

  it('answers no links when none are asked about', async () => {
    const t = await withBookmark();
    expect((await pageState(t, 'https://example.org/article')).links).toEqual({});
  });

  it.each([
    ['with link marks off', { linkMarks: false }],
    ['on an excluded site', { excludedSites: ['example.org'] }],
  ])('looks no link up %s', async (_name, patch) => {
    const t = await withBookmark();
    await t.bg.settings.update(patch);
    expect((await pageState(t, 'https://example.org/article', null, LINKS)).links).toEqual({});
  });

  it('looks no link up for someone signed out, or while the index knows no page', async () => {
    const signedOut = await setup();
    expect((await pageState(signedOut, 'https://example.org/a', null, LINKS)).links).toEqual({});
    const empty = await setup();
    await empty.signIn('alice');
    expect((await pageState(empty, 'https://example.org/a', null, LINKS)).links).toEqual({});
  });

  it('still answers the links when the overlay is off (marks have their own setting)', async () => {
    const t = await withBookmark();
    await t.bg.settings.update({ overlay: false });
    const state = await pageState(t, 'https://example.org/article', null, LINKS);
    expect(state.engagement).toBeNull();
    expect(Object.keys(state.links)).toEqual([LINKS[0]]);
  });

  it('refuses a question about more links than one answer may carry', async () => {
    const t = await withBookmark();
    const links = Array.from({ length: 5001 }, (_, i) => `https://example.org/${i}`);
    const reply = (await t.bg.router(
      {
        outloud: 1,
        channel: 'content',
        method: 'pageState',
        params: { href: TAB.url, canonical: null, links },
      },
      contentSender,
    )) as { ok: boolean; error?: { code: string } };
    expect(reply.ok).toBe(false);
  });
});

describe('loadOverlay', () => {
  const call = (t: T, sender: Record<string, unknown>) =>
    t.bg.router(
      { outloud: 1, channel: 'content', method: 'loadOverlay', params: {} },
      sender,
    ) as Promise<{
      ok: boolean;
      error?: { code: string };
    }>;

  it('runs the overlay bundle in the frame that asked, and nowhere else', async () => {
    const t = await setup();
    await t.signIn('alice');
    expect(await call(t, { ...contentSender, frameId: 0 })).toEqual({ ok: true, value: null });
    expect(t.platform.overlays).toEqual([{ tabId: 7, frameId: 0 }]);
  });

  it('refuses on an excluded site and without a tab, injecting nothing', async () => {
    const t = await setup();
    await t.signIn('alice');
    await t.bg.settings.update({ excludedSites: ['example.org'] });
    expect((await call(t, { ...contentSender, frameId: 0 })).error?.code).toBe('excluded');
    const { tab: _tab, ...noTab } = contentSender;
    expect((await call(t, { ...noTab, frameId: 0 })).ok).toBe(false);
    expect(t.platform.overlays).toEqual([]);
  });
});
