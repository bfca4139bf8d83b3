/** Context menus and keyboard commands. */
import { describe, expect, it } from 'vitest';
import { MENU } from '../../../src/background/menus.ts';
import type { Snippet } from '../../../src/core/wire.ts';
import { idle, setup } from './helpers.ts';

const TAB = { id: 9, url: 'https://example.org/post?sig=xyz', title: 'Post' };

describe('context menus', () => {
  it('"Bookmark this page" and "Bookmark this link" save and confirm on the badge', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.platform.tabs.set(9, TAB);
    await t.bg.menus.onClicked({ menuItemId: MENU.bookmarkPage, pageUrl: TAB.url }, TAB);
    expect(t.platform.badges.get(9)?.text).toBe('✓');
    await t.bg.menus.onClicked(
      {
        menuItemId: MENU.bookmarkLink,
        pageUrl: TAB.url,
        linkUrl: 'https://other.example/x',
        linkText: 'X',
      },
      TAB,
    );
    await idle(t.bg);
    const items = await t.db.items.toArray();
    expect(items.map((i) => [i.url, i.title]).sort()).toEqual([
      ['https://example.org/post', 'Post'],
      ['https://other.example/x', 'X'],
    ]);
    expect(t.timers.length).toBe(2);
  });

  it('"Share selection" opens the composer when the content script answers', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.platform.contentAnswer = { ok: true };
    await t.bg.menus.onClicked(
      { menuItemId: MENU.shareSelection, pageUrl: TAB.url, selectionText: 'quoted words' },
      TAB,
    );
    expect(t.platform.sent).toEqual([{ tabId: 9, message: { type: 'outloud:open-composer' } }]);
    expect(await t.db.items.count()).toBe(0);
  });

  it('"Share selection" without a content script saves a snippet with an empty comment', async () => {
    const t = await setup();
    await t.signIn('alice');
    await t.bg.menus.onClicked(
      { menuItemId: MENU.shareSelection, pageUrl: TAB.url, selectionText: '  quoted words ' },
      TAB,
    );
    const [snippet] = (await t.db.items.toArray()) as Snippet[];
    expect(snippet).toMatchObject({
      type: 'snippet',
      quote: { exact: 'quoted words' },
      comment: '',
      url: 'https://example.org/post',
    });
    expect(t.platform.badges.get(9)?.text).toBe('✓');
  });
  it('"Share selection" saves the snippet itself when the composer did not open', async () => {
    // `{ ok: false }`: the content script is there but opened nothing (signed out, excluded,
    // no page selection); null: an answer without the field, as a script that answers nothing.
    for (const answer of [{ ok: false }, null]) {
      const t = await setup();
      await t.signIn('alice');
      t.platform.contentAnswer = answer;
      await t.bg.menus.onClicked(
        { menuItemId: MENU.shareSelection, pageUrl: TAB.url, selectionText: 'quoted words' },
        TAB,
      );
      // The composer is asked first; then the page's canonical, for the snippet's address.
      expect(t.platform.sent).toEqual([
        { tabId: 9, message: { type: 'outloud:open-composer' } },
        { tabId: 9, message: { type: 'outloud:canonical' } },
      ]);
      const items = (await t.db.items.toArray()) as Snippet[];
      expect(items.map((i) => [i.type, i.quote.exact, i.comment])).toEqual([
        ['snippet', 'quoted words', ''],
      ]);
    }
  });
});

describe('commands', () => {
  it('bookmark-page saves the active tab without opening anything', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.platform.tabs.set(9, TAB);
    t.platform.activeId = 9;
    await t.bg.menus.onCommand('bookmark-page');
    expect(await t.db.items.count()).toBe(1);
    expect(t.platform.badges.get(9)?.text).toBe('✓');
    // Again on the same page: still one bookmark.
    await t.bg.menus.onCommand('bookmark-page');
    expect(await t.db.items.count()).toBe(1);
  });

  it('bookmark-page on a page that cannot be saved leaves the badge honest', async () => {
    const t = await setup();
    await t.signIn('alice');
    const tab = { id: 3, url: 'chrome://newtab', title: 'New tab' };
    t.platform.tabs.set(3, tab);
    await t.bg.menus.onCommand('bookmark-page', tab);
    expect(await t.db.items.count()).toBe(0);
    expect(t.platform.badges.get(3)?.text).toBe('');
  });

  it('share-selection asks the content script for the composer', async () => {
    const t = await setup();
    t.platform.contentAnswer = { ok: true };
    await t.bg.menus.onCommand('share-selection', TAB);
    expect(t.platform.sent).toEqual([{ tabId: 9, message: { type: 'outloud:open-composer' } }]);
  });
});
