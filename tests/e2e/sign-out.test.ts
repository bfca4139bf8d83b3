/**
 * Signing out never silently loses what was made: with the server stopped, a bookmark waits in
 * the outbox and Sign out is refused in the options page with the count; with the server back,
 * Try again (from the keyboard) delivers the bookmark and then signs out. The choice passes axe.
 */
import { describe, expect, it } from 'vitest';
import { sharedUrl } from '../../src/core/url.ts';
import type { Bookmark } from '../../src/core/wire.ts';
import { axeViolations, describeViolations } from './a11y-axe.ts';
import { startServer } from './harness.ts';
import { liveOf, openPopup, openTab, poll, rest, useExtension } from './journey-helpers.ts';

describe('sign-out with undelivered changes', () => {
  const world = useExtension({ people: { ann: 'Ann' }, signIn: 'ann', fixtures: true });

  it('refuses while the server is down, then delivers and signs out on Try again', async () => {
    const url = world.fixtures.url('/journeys/one.html?sign-out');
    const { dbPath } = world.server;
    await world.server.stop();

    const { page, tabId } = await openTab(world.browser, url);
    const popup = await openPopup(world.browser, tabId);
    await poll(() => popup.locator('#bookmark-title').textContent()).toBe('Saved publicly');
    await popup.close();
    await page.close();

    const options = await world.browser.openPage('options.html');
    await options.getByRole('button', { name: 'Sign out', exact: true }).click();
    const choice = options.locator('[data-testid=pending-choice]');
    await poll(() => choice.locator('[role=alert]').textContent()).toBe(
      '1 change has not reached the server yet. Signing out now would discard it.',
    );
    await options.getByRole('button', { name: 'Sign out anyway (discard 1)' }).waitFor();
    expect(await options.locator('[data-testid=signed-in-as]').count()).toBe(1);
    expect(await options.evaluate(() => document.activeElement?.textContent)).toBe('Try again');
    // The choice passes axe like the rest of the options page (tests/e2e/a11y.test.ts).
    expect(describeViolations(await axeViolations(options))).toEqual([]);

    world.server = await startServer({ dbPath, port: world.port });
    await options.keyboard.press('Enter');
    await options.locator('[data-testid=signed-in-as]').waitFor({ state: 'detached' });
    expect(await choice.count()).toBe(0);
    expect(await options.getByText("Enter your organisation's Outloud server").count()).toBe(1);

    // Signing out revoked this browser's token (DELETE /v1/me/devices/current): the server is
    // read through another device of Ann's.
    expect((await world.rest.ann.get('/v1/me')).status).toBe(401);
    const other = (await world.server.cli(['tokens', 'create', '--handle', 'ann'])).trim();
    const saved = liveOf<Bookmark>(await rest(world.server.url, other).changes(), 'bookmark');
    expect(saved.map((b) => [b.url, b.owner])).toEqual([[sharedUrl(url), 'ann']]);
    const status = await options.evaluate(() =>
      chrome.runtime.sendMessage({ outloud: 1, channel: 'ui', method: 'getStatus', params: {} }),
    );
    expect(status).toMatchObject({ ok: true, value: { signedIn: false, pending: 0 } });
    await options.close();
  });
});
