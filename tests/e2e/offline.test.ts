/**
 * Offline first: with the server stopped, three bookmarks and a status are made in the popup;
 * when the server is back (same database, same port) everything arrives exactly once. And the
 * service worker stopped between the action and the push loses nothing.
 */
import { describe, expect, it } from 'vitest';
import { sharedUrl } from '../../src/core/url.ts';
import type { Bookmark, Status } from '../../src/core/wire.ts';
import { startServer } from './harness.ts';
import {
  liveOf,
  openPopup,
  openTab,
  pendingCount,
  poll,
  syncNow,
  useExtension,
} from './journey-helpers.ts';

describe('offline first', () => {
  const world = useExtension({ people: { ann: 'Ann' }, signIn: 'ann', fixtures: true });

  /** Stops the server, runs `offline`, restarts it on the same database and port. */
  async function whileServerDown(offline: () => Promise<void>): Promise<void> {
    const { dbPath } = world.server;
    await world.server.stop();
    await offline();
    world.server = await startServer({ dbPath, port: world.port });
  }

  it('keeps three bookmarks and a status made offline and delivers each exactly once', async () => {
    const pages = ['one', 'two', 'three'].map((n) => world.fixtures.url(`/journeys/${n}.html`));
    await whileServerDown(async () => {
      for (const url of pages) {
        const { page, tabId } = await openTab(world.browser, url);
        const popup = await openPopup(world.browser, tabId);
        await poll(() => popup.locator('#bookmark-title').textContent()).toBe('Saved publicly');
        await popup.close();
        await page.close();
      }
      const { page, tabId } = await openTab(world.browser, pages[0]!);
      const popup = await openPopup(world.browser, tabId);
      await popup.getByRole('tab', { name: 'Status' }).click();
      await popup.locator('#status-text').fill('Offline and still working out loud');
      await popup.getByRole('button', { name: 'Post' }).click();
      await popup.getByText('Posted.').waitFor();
      await popup.close();
      await page.close();
      expect(await pendingCount(world.browser)).toBe(4);
    });

    await syncNow(world.browser);
    await syncNow(world.browser);
    const changes = await world.rest.ann.changes();
    const bookmarks = liveOf<Bookmark>(changes, 'bookmark');
    expect(bookmarks.map((b) => b.url).sort()).toEqual(pages.map(sharedUrl).sort());
    const statuses = liveOf<Status>(changes, 'status');
    expect(statuses.map((s) => s.text)).toEqual(['Offline and still working out loud']);
    for (const b of bookmarks) {
      const one = await world.rest.ann.get<Bookmark>(`/v1/bookmarks/${b.id}`);
      expect(one).toMatchObject({ status: 200, body: { owner: 'ann', visibility: 'public' } });
    }
    expect((await world.rest.ann.get(`/v1/statuses/${statuses[0]!.id}`)).status).toBe(200);
  });

  it('loses nothing when the service worker is stopped between the action and the push', async () => {
    const url = world.fixtures.url('/journeys/two.html?worker=stopped');
    await whileServerDown(async () => {
      const { page, tabId } = await openTab(world.browser, url);
      const popup = await openPopup(world.browser, tabId);
      await poll(() => popup.locator('#bookmark-title').textContent()).toBe('Saved publicly');
      await popup.locator('#bm-tags').fill('survived,');
      await poll(() => popup.locator('.save-state').textContent()).toBe('Changes saved');
      await popup.close();
      await page.close();
      await world.browser.stopServiceWorkers();
    });

    expect(await pendingCount(world.browser)).toBeGreaterThanOrEqual(1);
    await syncNow(world.browser);
    const saved = liveOf<Bookmark>(await world.rest.ann.changes(), 'bookmark').filter(
      (b) => b.url === sharedUrl(url),
    );
    expect(saved).toHaveLength(1);
    const one = await world.rest.ann.get<Bookmark>(`/v1/bookmarks/${saved[0]!.id}`);
    expect(one.body).toMatchObject({ tags: ['survived'], visibility: 'public' });
  });
});
