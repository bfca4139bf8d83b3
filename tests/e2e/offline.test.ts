/**
 * Offline first: with the server stopped, three bookmarks and a status are made in the popup;
 * when the server is back (same database, same port) everything arrives exactly once. And the
 * service worker stopped between the action and the push loses nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedUrl } from '../../src/core/url.ts';
import type { Bookmark, Status } from '../../src/core/wire.ts';
import {
  type ExtensionBrowser,
  type FixtureServer,
  type RunningServer,
  startServer,
} from './harness.ts';
import {
  type AnnSignedIn,
  liveOf,
  openPopup,
  openTab,
  pendingCount,
  poll,
  type Rest,
  signedInAsAnn,
  syncNow,
} from './journey-helpers.ts';

describe('offline first', () => {
  let server: RunningServer;
  let port: number;
  let fixtures: FixtureServer;
  let browser: ExtensionBrowser;
  let ann: Rest;
  let world: AnnSignedIn;

  beforeAll(async () => {
    world = await signedInAsAnn();
    ({ server, fixtures, browser, ann } = world);
    port = world.port;
  });
  afterAll(async () => {
    await world?.close();
  });

  /** Stops the server, runs `offline`, restarts it on the same database and port. */
  async function whileServerDown(offline: () => Promise<void>): Promise<void> {
    const { dbPath } = server;
    await server.stop();
    await offline();
    server = world.server = await startServer({ dbPath, port });
  }

  it('keeps three bookmarks and a status made offline and delivers each exactly once', async () => {
    const pages = ['one', 'two', 'three'].map((n) => fixtures.url(`/journeys/${n}.html`));
    await whileServerDown(async () => {
      for (const url of pages) {
        const { page, tabId } = await openTab(browser, url);
        const popup = await openPopup(browser, tabId);
        await poll(() => popup.locator('#bookmark-title').textContent()).toBe('Saved publicly');
        await popup.close();
        await page.close();
      }
      const { page, tabId } = await openTab(browser, pages[0]!);
      const popup = await openPopup(browser, tabId);
      await popup.getByRole('tab', { name: 'Status' }).click();
      await popup.locator('#status-text').fill('Offline and still working out loud');
      await popup.getByRole('button', { name: 'Post' }).click();
      await popup.getByText('Posted.').waitFor();
      await popup.close();
      await page.close();
      expect(await pendingCount(browser)).toBe(4);
    });

    await syncNow(browser);
    await syncNow(browser);
    const changes = await ann.changes();
    const bookmarks = liveOf<Bookmark>(changes, 'bookmark');
    expect(bookmarks.map((b) => b.url).sort()).toEqual(pages.map(sharedUrl).sort());
    const statuses = liveOf<Status>(changes, 'status');
    expect(statuses.map((s) => s.text)).toEqual(['Offline and still working out loud']);
    for (const b of bookmarks) {
      const one = await ann.get<Bookmark>(`/v1/bookmarks/${b.id}`);
      expect(one).toMatchObject({ status: 200, body: { owner: 'ann', visibility: 'public' } });
    }
    expect((await ann.get(`/v1/statuses/${statuses[0]!.id}`)).status).toBe(200);
  });

  it('loses nothing when the service worker is stopped between the action and the push', async () => {
    const url = fixtures.url('/journeys/two.html?worker=stopped');
    await whileServerDown(async () => {
      const { page, tabId } = await openTab(browser, url);
      const popup = await openPopup(browser, tabId);
      await poll(() => popup.locator('#bookmark-title').textContent()).toBe('Saved publicly');
      await popup.locator('#bm-tags').fill('survived,');
      await poll(() => popup.locator('.save-state').textContent()).toBe('Changes saved');
      await popup.close();
      await page.close();
      await browser.stopServiceWorkers();
    });

    expect(await pendingCount(browser)).toBeGreaterThanOrEqual(1);
    await syncNow(browser);
    const saved = liveOf<Bookmark>(await ann.changes(), 'bookmark').filter(
      (b) => b.url === sharedUrl(url),
    );
    expect(saved).toHaveLength(1);
    const one = await ann.get<Bookmark>(`/v1/bookmarks/${saved[0]!.id}`);
    expect(one.body).toMatchObject({ tags: ['survived'], visibility: 'public' });
  });
});
