/**
 * Refusals in a Swedish Chromium: what the background answers as a code with parameters (a
 * token the server does not accept, a server nobody answers at) and a page Outloud cannot save
 * are shown in Swedish, words from `_locales/sv`, with the reason substituted. That every code
 * has its Swedish words is checked for all codes in tests/unit/i18n/i18n.test.ts; these show
 * the words reach a person through the real background and pages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { freePort, openTab, poll, useExtension } from './journey-helpers.ts';

const sv = JSON.parse(
  readFileSync(path.join(import.meta.dirname, '../../assets/_locales/sv/messages.json'), 'utf8'),
) as Record<string, { message: string }>;
const words = (key: string) => sv[key]!.message.replace(/\$[A-Z]+\$.*$/, '');

describe('options page in Swedish', () => {
  const world = useExtension({ browser: { lang: 'sv' } });

  it('shows a refused token in Swedish', async () => {
    const page = await world.browser.openPage('options.html');
    await page.locator('#server-url').fill(world.server.url);
    await page.locator('#api-token').fill('not-a-real-token');
    await page.getByRole('button', { name: sv.testConnection!.message }).click();
    const result = page.locator('[data-testid=connection-result] [role=alert]');
    await poll(() => result.getAttribute('data-code')).toBe('unauthorized');
    await poll(() => result.textContent()).toMatch(
      new RegExp(
        `^${sv.connectionFailed!.message} ${words('failureUnauthorized')}\\u2068.+\\u2069$`,
      ),
    );
    await page.close();
  });

  it('shows a server nobody answers at in Swedish', async () => {
    const closed = await freePort();
    const page = await world.browser.openPage('options.html');
    await page.locator('#server-url').fill(`http://127.0.0.1:${closed}`);
    await page.locator('#api-token').fill('any-token');
    await page.getByRole('button', { name: sv.testConnection!.message }).click();
    const result = page.locator('[data-testid=connection-result] [role=alert]');
    await poll(() => result.getAttribute('data-code')).toBe('unreachable');
    await poll(() => result.textContent()).toMatch(
      new RegExp(`^${sv.connectionFailed!.message} ${words('failureUnreachable')}\u2068.+\u2069$`),
    );
    await page.close();
  });
});

describe('popup in Swedish', () => {
  const world = useExtension({ browser: { lang: 'sv' }, people: { ann: 'Ann' }, signIn: 'ann' });

  it('says why a page that is not a web page cannot be saved', async () => {
    const { page, tabId } = await openTab(world.browser, 'data:text/html,<p>inte en webbsida</p>');
    const popup = await world.browser.openPage(`popup.html?tab=${tabId}`);
    await popup.getByText(sv.cannotBookmarkNotHttp!.message).waitFor();
    await popup.close();
    await page.close();
  });
});
