/**
 * One page identity: the popup's `tabInfo`/`bookmarkTab` use the canonical the tab's content
 * script reports, vetted by the same rule as the content script's `pageIdentity`, so a bookmark
 * and a snippet of a page whose canonical differs from its address share one urlKey. The
 * keyboard command, the context menu and the badge use the same address.
 */
import { describe, expect, it } from 'vitest';
import { MENU } from '../../../src/background/menus.ts';
import { tabPageUrl } from '../../../src/background/tab-page.ts';
import { pageIdentity, urlKey } from '../../../src/core/url.ts';
import type { Bookmark } from '../../../src/core/wire.ts';
import { fakePlatform, idle, setup } from './helpers.ts';

type Ok<T> = { ok: true; value: T };

const TAB = 'https://news.example.com/story/123?page=2&session=abc';
const CANONICAL = 'https://news.example.com/story/123';

describe('tabPageUrl', () => {
  it('uses a same-site canonical the content script reports, resolved', async () => {
    const p = fakePlatform();
    p.contentAnswer = { canonical: '/story/123' };
    expect(await tabPageUrl(p, { id: 1, url: TAB })).toBe(CANONICAL);
    expect(p.sent).toEqual([{ tabId: 1, message: { type: 'outloud:canonical' } }]);
  });

  it('keeps the tab URL for no canonical, another site, a home-page canonical, no script', async () => {
    const p = fakePlatform();
    for (const answer of [
      { canonical: null },
      { canonical: 'https://evil.example.org/story/123' },
      { canonical: 'https://news.example.com/' },
      { canonical: 42 },
      null,
    ]) {
      p.contentAnswer = answer;
      expect(await tabPageUrl(p, { id: 1, url: TAB })).toBe(TAB);
    }
    p.contentAnswer = undefined; // no content script: sendToTab rejects
    expect(await tabPageUrl(p, { id: 1, url: TAB })).toBe(TAB);
  });

  it('gives up on a content script that does not answer in time', async () => {
    const p = fakePlatform();
    p.sendToTab = () => new Promise(() => undefined);
    const started = Date.now();
    expect(await tabPageUrl(p, { id: 1, url: TAB }, 50)).toBe(TAB);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('asks nothing for a tab that is not a web page', async () => {
    const p = fakePlatform();
    expect(await tabPageUrl(p, { id: 1, url: 'chrome://settings/' })).toBe('chrome://settings/');
    expect(p.sent).toEqual([]);
  });

  it('agrees with the content script’s pageIdentity', async () => {
    const p = fakePlatform();
    for (const canonical of [
      '/story/123',
      'https://www.example.com/a',
      'https://news.example.com/',
    ]) {
      p.contentAnswer = { canonical };
      const mine = await urlKey(await tabPageUrl(p, { id: 1, url: TAB }));
      expect(mine).toBe(await urlKey(pageIdentity(TAB, canonical).url));
    }
  });
});

describe('bookmarkTab and tabInfo with a canonical', () => {
  it('save and show the canonical page, the key the content script uses', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.platform.tabs.set(4, { id: 4, url: TAB, title: 'Story' });
    t.platform.contentAnswer = { canonical: CANONICAL };
    expect(await t.ui('tabInfo', { tabId: 4 })).toEqual({
      ok: true,
      value: { url: CANONICAL, title: 'Story', bookmarkable: true, reason: null },
    });
    const reply = (await t.ui('bookmarkTab', { tabId: 4 })) as Ok<{ bookmark: Bookmark }>;
    expect(reply.value.bookmark.url).toBe(CANONICAL);
    expect(reply.value.bookmark.urlKey).toBe(await urlKey(pageIdentity(TAB, CANONICAL).url));
  });
});

describe('keyboard command, context menu and badge with a canonical', () => {
  const KEY = () => urlKey(pageIdentity(TAB, CANONICAL).url);

  it('the bookmark-page command saves the canonical page, as the popup does', async () => {
    const t = await setup();
    await t.signIn('alice');
    const tab = { id: 4, url: TAB, title: 'Story' };
    t.platform.tabs.set(4, tab);
    t.platform.contentAnswer = { canonical: CANONICAL };
    await t.bg.menus.onCommand('bookmark-page', tab);
    const items = (await t.db.items.toArray()) as Bookmark[];
    expect(items.map((i) => [i.url, i.urlKey])).toEqual([[CANONICAL, await KEY()]]);
    expect(t.platform.sent).toContainEqual({ tabId: 4, message: { type: 'outloud:canonical' } });
    // The popup then finds the same bookmark: no duplicate.
    const again = (await t.ui('bookmarkTab', { tabId: 4 })) as Ok<{ created: boolean }>;
    expect(again.value.created).toBe(false);
  });

  it('"Bookmark this page" and the menu snippet fallback use the canonical page', async () => {
    const t = await setup();
    await t.signIn('alice');
    const tab = { id: 4, url: TAB, title: 'Story' };
    t.platform.tabs.set(4, tab);
    // Answers the canonical request; `ok` is absent, so the composer did not open.
    t.platform.contentAnswer = { canonical: CANONICAL };
    await t.bg.menus.onClicked({ menuItemId: MENU.bookmarkPage, pageUrl: TAB }, tab);
    await t.bg.menus.onClicked(
      { menuItemId: MENU.shareSelection, pageUrl: TAB, selectionText: 'words' },
      tab,
    );
    const items = await t.db.items.toArray();
    expect(items.map((i) => [i.type, i.url]).sort()).toEqual([
      ['bookmark', CANONICAL],
      ['snippet', CANONICAL],
    ]);
    expect(new Set(items.map((i) => i.urlKey))).toEqual(new Set([await KEY()]));
  });

  it('keeps the tab URL when no content script answers', async () => {
    const t = await setup();
    await t.signIn('alice');
    const tab = { id: 4, url: TAB, title: 'Story' };
    await t.bg.menus.onCommand('bookmark-page', tab);
    const [item] = (await t.db.items.toArray()) as Bookmark[];
    expect(item?.urlKey).toBe(await urlKey(TAB));
  });

  it('the badge counts the canonical page, and does not ask the tab where it shows no count', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.addUser('bob', 'Bob');
    await t.server.mutate('bob', [
      {
        id: '0190a000-0000-7000-8000-000000000001',
        op: 'put',
        type: 'bookmark',
        data: { url: CANONICAL },
      },
    ]);
    await t.ui('follow', { handle: 'bob' });
    await idle(t.bg);
    t.platform.tabs.set(4, { id: 4, url: TAB, title: 'Story' });
    await t.bg.badge.refresh(4);
    expect(t.platform.badges.get(4)?.text).toBe(''); // no script: the tab URL, another page
    t.platform.contentAnswer = { canonical: CANONICAL };
    await t.bg.badge.refresh(4);
    expect(t.platform.badges.get(4)?.text).toBe('1');

    t.platform.sent.length = 0;
    t.platform.tabs.set(2, { id: 2, url: 'https://www.paypal.com/home', title: 'PayPal' });
    t.platform.tabs.set(3, { id: 3, url: 'chrome://settings', title: 'Settings' });
    await t.bg.badge.refresh(2);
    await t.bg.badge.refresh(3);
    expect(t.platform.sent).toEqual([]);
  });
});
