/**
 * The popup in real Chromium against the real server: one-click bookmark of a fixture page,
 * tags, private, undo, reopening edits the same bookmark, secret parameters stripped and named,
 * and a page that cannot be saved. The server's side is checked through its REST API.
 */
import { describe, expect, it } from 'vitest';
import { sharedUrl } from '../../src/core/url.ts';
import type { Bookmark, Status } from '../../src/core/wire.ts';
import {
  addUser,
  liveOf,
  openPopup,
  openTab,
  poll,
  syncNow,
  useExtension,
} from './journey-helpers.ts';

describe('popup: one-click bookmark', () => {
  const world = useExtension({ people: { ann: 'Ann' }, signIn: 'ann', fixtures: true });

  /** Ann's live bookmarks of `url` on the server (which stores URLs as shared). */
  const bookmarksOf = async (url: string) =>
    liveOf<Bookmark>(await world.rest.ann.changes(), 'bookmark').filter(
      (b) => b.url === sharedUrl(url),
    );

  it('saves the page publicly at once, then tags, makes private and undoes it', async () => {
    const url = world.fixtures.url('/journeys/one.html');
    const { page, tabId } = await openTab(world.browser, url);
    const popup = await openPopup(world.browser, tabId);
    await poll(() => popup.locator('#bookmark-title').textContent()).toBe('Saved publicly');
    expect(await popup.locator('#bm-title').inputValue()).toBe('Journey page one');

    await syncNow(world.browser);
    const [saved] = await bookmarksOf(url);
    expect(saved).toMatchObject({ owner: 'ann', title: 'Journey page one', visibility: 'public' });
    const id = saved!.id;

    const tags = popup.locator('#bm-tags');
    await tags.fill('research');
    await tags.press('Enter');
    await tags.fill('wol, e2e,');
    await popup.getByRole('radio', { name: 'Only me' }).check();
    await poll(() => popup.locator('#bookmark-title').textContent()).toBe('Saved privately');
    await poll(() => popup.locator('.save-state').textContent()).toBe('Changes saved');
    await syncNow(world.browser);
    const edited = await world.rest.ann.get<Bookmark>(`/v1/bookmarks/${id}`);
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      id,
      visibility: 'private',
      tags: ['research', 'wol', 'e2e'],
    });

    await popup.getByRole('button', { name: 'Undo' }).click();
    await poll(() => popup.locator('#bookmark-title').textContent()).toBe('Bookmark removed');
    await syncNow(world.browser);
    expect((await world.rest.ann.get(`/v1/bookmarks/${id}`)).status).toBeGreaterThanOrEqual(404);
    expect(await bookmarksOf(url)).toEqual([]);
    await popup.close();
    await page.close();
  });

  it('reopening the popup on a bookmarked page edits that bookmark, never a duplicate', async () => {
    const url = world.fixtures.url('/journeys/two.html');
    const { page, tabId } = await openTab(world.browser, url);
    const first = await openPopup(world.browser, tabId);
    await poll(() => first.locator('#bookmark-title').textContent()).toBe('Saved publicly');
    await first.close();

    const again = await openPopup(world.browser, tabId);
    await poll(() => again.locator('#bookmark-title').textContent()).toBe('Saved publicly');
    expect(await again.getByText('You had already saved this page').count()).toBe(1);
    await again.locator('#bm-description').fill('Read twice');
    await again.locator('#bm-description').press('Control+Enter');
    await poll(() => again.locator('.save-state').textContent()).toBe('Changes saved');
    await again.close();

    await syncNow(world.browser);
    const live = await bookmarksOf(url);
    expect(live).toHaveLength(1);
    const one = await world.rest.ann.get<Bookmark>(`/v1/bookmarks/${live[0]!.id}`);
    expect(one.body).toMatchObject({ description: 'Read twice', visibility: 'public' });
    await page.close();
  });

  it('keeps an edit typed just before the popup closes', async () => {
    const url = world.fixtures.url('/journeys/two.html?closing=1');
    const { page, tabId } = await openTab(world.browser, url);
    const popup = await openPopup(world.browser, tabId);
    await poll(() => popup.locator('#bookmark-title').textContent()).toBe('Saved publicly');
    await popup.locator('#bm-title').fill('Renamed as the popup closed');
    await popup.close();
    await syncNow(world.browser);
    const [saved] = await bookmarksOf(url);
    expect(saved).toMatchObject({ title: 'Renamed as the popup closed' });
    await page.close();
  });

  it('bookmarks a page by its rel=canonical, the identity the content script uses', async () => {
    const { page, tabId } = await openTab(
      world.browser,
      world.fixtures.url('/journeys/canonical.html?p=2'),
    );
    const popup = await openPopup(world.browser, tabId);
    await poll(() => popup.locator('#bookmark-title').textContent()).toBe('Saved publicly');
    await syncNow(world.browser);
    expect(await bookmarksOf(world.fixtures.url('/journeys/canonical-story.html'))).toHaveLength(1);
    expect(await bookmarksOf(world.fixtures.url('/journeys/canonical.html?p=2'))).toHaveLength(0);
    await popup.close();
    await page.close();
  });

  it('strips secret-looking parameters before saving and says which', async () => {
    const { page, tabId } = await openTab(
      world.browser,
      world.fixtures.url('/journeys/three.html?topic=sync&token=s3cr3t&sig=abc'),
    );
    const popup = await openPopup(world.browser, tabId);
    await poll(() => popup.locator('[data-testid=removed-params]').textContent()).toMatch(
      /look secret: \u2068(token, sig|sig, token)\u2069$/,
    );
    await syncNow(world.browser);
    const saved = liveOf<Bookmark>(await world.rest.ann.changes(), 'bookmark').filter((b) =>
      b.url.includes('/journeys/three.html'),
    );
    expect(saved).toHaveLength(1);
    expect(saved[0]!.url).toContain('topic=sync');
    expect(saved[0]!.url).not.toMatch(/token|sig=/);
    await popup.close();
    await page.close();
  });

  it('works with the keyboard alone: tag, make private, switch tabs, mention and post', async () => {
    await addUser(world.server, 'kim', 'Kim Keyboard');
    await syncNow(world.browser);
    const url = world.fixtures.url('/journeys/three.html?keyboard=1');
    const { page, tabId } = await openTab(world.browser, url);
    const popup = await openPopup(world.browser, tabId);
    await poll(() => popup.evaluate(() => document.activeElement?.id)).toBe('bm-tags');
    await popup.keyboard.type('keyboard');
    await popup.keyboard.press('Enter');
    await popup.keyboard.press('Tab');
    // The audience picker: Public has focus (the checked radio), ArrowDown moves to Only me.
    await poll(() =>
      popup.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el ? `${el.name}=${el.value}` : null;
      }),
    ).toBe('bm-audience=public');
    await popup.keyboard.press('ArrowDown');
    await poll(() => popup.locator('#bookmark-title').textContent()).toBe('Saved privately');
    await poll(() => popup.locator('.save-state').textContent()).toBe('Changes saved');

    // Into the tab list (Shift+Tab until a tab has focus), then ArrowRight to "Status".
    for (let i = 0; i < 12; i++) {
      if ((await popup.evaluate(() => document.activeElement?.getAttribute('role'))) === 'tab')
        break;
      await popup.keyboard.press('Shift+Tab');
    }
    await popup.keyboard.press('ArrowRight');
    expect(await popup.getByRole('tab', { name: 'Status' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    await popup.keyboard.press('Tab');
    await poll(() => popup.evaluate(() => document.activeElement?.id)).toBe('status-text');
    await popup.keyboard.type('Pairing with @ki');
    await popup
      .getByRole('option', { name: '\u2068Kim Keyboard\u2069 (@\u2068kim\u2069)' })
      .waitFor();
    await popup.keyboard.press('Enter');
    await popup.keyboard.type('today');
    await popup.keyboard.press('Control+Enter');
    await popup.getByText('Posted. \u2068@kim\u2069 will be notified.').waitFor();
    await popup.close();
    await page.close();

    await syncNow(world.browser);
    const changes = await world.rest.ann.changes();
    const [bookmark] = liveOf<Bookmark>(changes, 'bookmark').filter(
      (b) => b.url === sharedUrl(url),
    );
    expect(bookmark).toMatchObject({ tags: ['keyboard'], visibility: 'private' });
    const statuses = liveOf<Status>(changes, 'status');
    expect(statuses.find((st) => st.text === 'Pairing with @kim today')).toMatchObject({
      mentions: ['kim'],
    });
  });

  it('says why an extension page cannot be bookmarked and saves nothing', async () => {
    const before = (await world.rest.ann.changes()).length;
    const options = await world.browser.openPage('options.html');
    const tabId = await options.evaluate(async () => (await chrome.tabs.getCurrent())?.id ?? -1);
    const popup = await openPopup(world.browser, tabId);
    await poll(() => popup.locator('#bookmark-title').textContent()).toBe(
      'This page cannot be bookmarked',
    );
    expect(await popup.locator('.bookmark p').textContent()).toContain('web pages only');
    await syncNow(world.browser);
    expect((await world.rest.ann.changes()).length).toBe(before);
    await popup.close();
    await options.close();
  });
});
