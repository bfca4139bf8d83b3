/**
 * The options page in a Swedish Chromium: a refusal the background answers as a code with
 * parameters (a token the server does not accept) is shown in Swedish, words from
 * `_locales/sv`, with the server's own reason substituted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { poll, useExtension } from './journey-helpers.ts';

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
});
