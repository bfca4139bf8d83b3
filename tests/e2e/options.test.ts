/**
 * The options page in real Chromium against the real server: signing in with a token from
 * `outloud-server users add`, settings that survive a reload, and a bad or revoked token whose
 * reason is shown in the options page and in the popup.
 */
import { describe, expect, it } from 'vitest';
import {
  openPopup,
  openTab,
  poll,
  revokeTokensOf,
  signInThroughOptions,
  useExtension,
} from './journey-helpers.ts';

describe('options page', () => {
  const world = useExtension({ people: { ann: 'Ann Andersson' }, fixtures: true });

  it('refuses a bad token with the server’s reason and stays signed out', async () => {
    const page = await world.browser.openPage('options.html');
    await page.locator('#server-url').fill(world.server.url);
    await page.locator('#api-token').fill('not-a-real-token');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.locator('[data-testid=connection-result] [role=alert]');
    await poll(() => result.textContent()).toMatch(/^Connection failed: .*token/i);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await poll(() => result.textContent()).toMatch(/^Connection failed: .*token/i);
    expect(await page.locator('[data-testid=signed-in-as]').count()).toBe(0);
    await page.close();

    const { page: tab, tabId } = await openTab(
      world.browser,
      world.fixtures.url('/journeys/one.html'),
    );
    const popup = await world.browser.openPage(`popup.html?tab=${tabId}`);
    await popup.getByText('You are not signed in to an Outloud server yet.').waitFor();
    await popup.getByRole('button', { name: 'Open settings' }).waitFor();
    await popup.close();
    await tab.close();
  });

  it('tests the connection, then signs in with the token from users add', async () => {
    const page = await world.browser.openPage('options.html');
    await page.locator('#server-url').fill(world.server.url);
    await page.locator('#api-token').fill(world.tokens.ann);
    await page.getByRole('button', { name: 'Test connection' }).click();
    // (the name, handle and address are isolated: FSI … PDI)
    await page
      .getByText('Connection works: signed in as \u2068Ann Andersson\u2069 (@\u2068ann\u2069).')
      .waitFor();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await poll(() => page.locator('[data-testid=signed-in-as]').textContent()).toBe(
      `Signed in as \u2068Ann Andersson\u2069 (@\u2068ann\u2069) on \u2068${world.server.url}\u2069`,
    );
    await page.reload();
    await page.locator('[data-testid=signed-in-as]').waitFor();
    expect(await page.locator('#api-token').inputValue()).toBe('');
    await page.close();
  });

  it('keeps privacy settings and the excluded sites across a reload', async () => {
    const page = await world.browser.openPage('options.html');
    await page.getByRole('radio', { name: 'Hash range' }).check();
    await page.getByRole('switch', { name: 'Mark links colleagues engaged with' }).click();
    await page.locator('#excluded-add').fill('https://intranet.example.com/private');
    await page.getByRole('button', { name: 'Add site' }).click();
    await page.getByText('intranet.example.com', { exact: true }).waitFor();
    await page.getByText('Settings saved.').waitFor();
    await page.reload();
    await poll(() => page.getByRole('radio', { name: 'Hash range' }).isChecked()).toBe(true);
    expect(
      await page
        .getByRole('switch', { name: 'Mark links colleagues engaged with' })
        .getAttribute('aria-checked'),
    ).toBe('false');
    await page.getByText('intranet.example.com', { exact: true }).waitFor();
    await page
      .getByRole('button', { name: 'Remove \u2068intranet.example.com\u2069 from excluded sites' })
      .click();
    await poll(() => page.getByText('intranet.example.com', { exact: true }).count()).toBe(0);
    await page.close();
  });

  it('shows a revoked token’s reason in the options page and the popup', async () => {
    await signInThroughOptions(world.browser, world.server.url, world.tokens.ann);
    await revokeTokensOf(world.server, 'ann');
    const { page: tab, tabId } = await openTab(
      world.browser,
      world.fixtures.url('/journeys/two.html'),
    );
    const popup = await openPopup(world.browser, tabId);
    const options = await world.browser.openPage('options.html');
    await options.getByRole('button', { name: 'Sync now' }).click();
    const reason = /^Sync failed: .*(token|401|unauthori[sz]ed)/i;
    await poll(() => options.locator('.card [role=alert]').first().textContent()).toMatch(reason);
    await poll(() => popup.locator('[role=alert]').first().textContent()).toMatch(reason);
    await options.close();
    await popup.close();
    await tab.close();
  });
});
