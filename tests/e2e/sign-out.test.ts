/**
 * Signing out never silently loses what was made: with the server stopped, a bookmark waits in
 * the outbox and Sign out is refused in the options page with the count; with the server back,
 * Try again (from the keyboard) delivers the bookmark and then signs out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedUrl } from '../../src/core/url.ts';
import type { Bookmark } from '../../src/core/wire.ts';
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
  poll,
  type Rest,
  signedInAsAnn,
} from './journey-helpers.ts';

describe('sign-out with undelivered changes', () => {
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

  it('refuses while the server is down, then delivers and signs out on Try again', async () => {
    const url = fixtures.url('/journeys/one.html?sign-out');
    const { dbPath } = server;
    await server.stop();

    const { page, tabId } = await openTab(browser, url);
    const popup = await openPopup(browser, tabId);
    await poll(() => popup.locator('#bookmark-title').textContent()).toBe('Saved publicly');
    await popup.close();
    await page.close();

    const options = await browser.openPage('options.html');
    await options.getByRole('button', { name: 'Sign out', exact: true }).click();
    const choice = options.locator('[data-testid=pending-choice]');
    await poll(() => choice.locator('[role=alert]').textContent()).toBe(
      '1 change has not reached the server yet. Signing out now would discard it.',
    );
    await options.getByRole('button', { name: 'Sign out anyway (discard 1)' }).waitFor();
    expect(await options.locator('[data-testid=signed-in-as]').count()).toBe(1);
    expect(await options.evaluate(() => document.activeElement?.textContent)).toBe('Try again');

    server = world.server = await startServer({ dbPath, port });
    await options.keyboard.press('Enter');
    await options.locator('[data-testid=signed-in-as]').waitFor({ state: 'detached' });
    expect(await choice.count()).toBe(0);
    expect(await options.getByText("Enter your organisation's Outloud server").count()).toBe(1);

    const saved = liveOf<Bookmark>(await ann.changes(), 'bookmark');
    expect(saved.map((b) => [b.url, b.owner])).toEqual([[sharedUrl(url), 'ann']]);
    const status = await options.evaluate(() =>
      chrome.runtime.sendMessage({ outloud: 1, channel: 'ui', method: 'getStatus', params: {} }),
    );
    expect(status).toMatchObject({ ok: true, value: { signedIn: false, pending: 0 } });
    await options.close();
  });
});
