/**
 * Journeys between two people, each with their own browser profile: a status mentioning Bob
 * reaches Bob's notifications and his badge on the attached page; a bookmark by someone Bob
 * follows appears in Bob's feed and opens its page from there; Bob follows Carol from the
 * people on a page, and her activity then counts as his network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids.ts';
import { type ExtensionBrowser, launchExtension } from './harness.ts';
import {
  openPopup,
  openTab,
  poll,
  type Rest,
  signInThroughOptions,
  syncNow,
  tabUrls,
  useExtension,
} from './journey-helpers.ts';

describe('two colleagues', () => {
  const world = useExtension({
    people: { ann: 'Ann Andersson', bob: 'Bob Berg', carol: 'Carol Carlsson' },
    signIn: 'ann',
    fixtures: true,
  });
  let bobBrowser: ExtensionBrowser;
  let bob: Rest;
  let carol: Rest;

  beforeAll(async () => {
    bob = world.rest.bob;
    carol = world.rest.carol;
    expect((await bob.put('/v1/follows/ann', {})).status).toBeLessThan(300);
    bobBrowser = await launchExtension();
    await signInThroughOptions(bobBrowser, world.server.url, world.tokens.bob);
  });
  afterAll(async () => {
    await bobBrowser?.close();
  });

  it('a status mentioning Bob reaches his notifications and his badge on the page', async () => {
    const url = world.fixtures.url('/journeys/one.html');
    const { page, tabId } = await openTab(world.browser, url);
    const popup = await openPopup(world.browser, tabId);
    await popup.getByRole('tab', { name: 'Status' }).click();
    const box = popup.locator('#status-text');
    await box.pressSequentially('Can you check this, @bo');
    await popup.getByRole('option', { name: '\u2068Bob Berg\u2069 (@\u2068bob\u2069)' }).waitFor();
    await box.press('Enter');
    await poll(() => box.inputValue()).toBe('Can you check this, @bob ');
    await box.pressSequentially('?');
    await popup.getByLabel(/^Attach this page/).check();
    await popup.getByLabel('Ask as a question').check();
    await popup.getByRole('button', { name: 'Ask' }).click();
    await popup.getByText('Posted. \u2068@bob\u2069 will be notified.').waitFor();
    await popup.close();
    await page.close();
    await syncNow(world.browser);

    const notes = await bob.get<{ items: Array<{ kind: string }> }>('/v1/notifications');
    expect(notes.body.items.map((n) => n.kind)).toContain('mention');

    await syncNow(bobBrowser);
    const { page: bobPage, tabId: bobTab } = await openTab(bobBrowser, url);
    const worker = await bobBrowser.worker();
    await poll(() =>
      worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), bobTab),
    ).toBe('1');
    const bobPopup = await openPopup(bobBrowser, bobTab);
    const tab = bobPopup.getByRole('tab', { name: /^Notifications/ });
    await poll(() => tab.textContent()).toBe('Notifications11 unread');
    await tab.click();
    const item = bobPopup.locator('.notifications .item').first();
    await poll(() => item.textContent()).toContain('Ann Andersson mentioned you');
    expect(await item.textContent()).toContain('Can you check this, @bob ?');
    await bobPopup.close();
    await bobPage.close();
  });

  it('a bookmark by someone Bob follows appears in his feed and opens its page', async () => {
    const url = world.fixtures.url('/journeys/three.html');
    const { page, tabId } = await openTab(world.browser, url);
    const popup = await openPopup(world.browser, tabId);
    await poll(() => popup.locator('#bookmark-title').textContent()).toBe('Saved publicly');
    await popup.close();
    await page.close();
    await syncNow(world.browser);

    await syncNow(bobBrowser);
    const { page: bobPage, tabId: bobTab } = await openTab(
      bobBrowser,
      world.fixtures.url('/article.html'),
    );
    const bobPopup = await openPopup(bobBrowser, bobTab);
    await bobPopup.getByRole('tab', { name: 'Feed' }).click();
    const entry = bobPopup.locator('.feed .item', { hasText: 'Journey page three' });
    await poll(() => entry.textContent()).toContain('Ann Andersson bookmarked');
    const before = await tabUrls(bobBrowser);
    await entry.getByRole('link', { name: 'Journey page three' }).click();
    // The server keeps the URL as shared, so the http-only fixture opens at its own address.
    await poll(async () => (await tabUrls(bobBrowser)).length).toBe(before.length + 1);
    expect(await tabUrls(bobBrowser)).toContain(url);
    await bobPopup.close();
    await bobPage.close();
  });

  it('Bob follows Carol from the people on a page, and her activity then counts as his network', async () => {
    const url = world.fixtures.url('/journeys/two.html');
    const id = uuidv7();
    const put = await carol.put(`/v1/bookmarks/${id}`, { url, title: 'Journey page two' });
    expect(put.status).toBeLessThan(300);
    await syncNow(bobBrowser);

    const { page, tabId } = await openTab(bobBrowser, url);
    const popup = await openPopup(bobBrowser, tabId);
    const people = popup.locator('.this-page');
    const follow = people.getByRole('button', { name: 'Follow Carol Carlsson', exact: true });
    await poll(() => follow.getAttribute('aria-pressed')).toBe('false');
    expect(await people.textContent()).toContain('Nobody in your network has engaged');
    await follow.click();
    const following = people.getByRole('button', {
      name: 'Following Carol Carlsson',
      exact: true,
    });
    await poll(() => following.getAttribute('aria-pressed')).toBe('true');
    expect(await people.textContent()).not.toContain('Nobody in your network has engaged');
    expect(await people.locator('.people').first().textContent()).toContain('Carol Carlsson');

    // Her bookmark is in Bob's feed now, which shows the people he follows.
    await popup.getByRole('tab', { name: 'Feed' }).click();
    const entry = popup.locator('.feed .item', { hasText: 'Carol Carlsson' });
    await poll(() => entry.textContent()).toContain('Journey page two');
    await popup.close();
    await page.close();

    // The follow reached the server: its feed for Bob has Carol's bookmark.
    await syncNow(bobBrowser);
    const feed = await bob.get<{ items: Array<{ actor: string; item: { id: string } }> }>(
      '/v1/feed',
    );
    expect(feed.body.items.filter((a) => a.actor === 'carol').map((a) => a.item.id)).toContain(id);
  });
});
