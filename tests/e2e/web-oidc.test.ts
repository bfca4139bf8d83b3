/**
 * Organisation sign-in on the web pages in real Chromium (no extension): a colleague follows a
 * permalink while signed out, is sent to the sign-in page, chooses "Sign in with Example Corp",
 * logs in at the test provider (`tests/oidc/provider.ts`) and lands on the permalink signed in;
 * cancelling at the provider brings them back to the sign-in page with the reason in words.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids.ts';
import type { TestProvider } from '../oidc/provider.ts';
import { axeViolations } from './a11y-axe.ts';
import { launchPlainChromium, type RunningServer } from './harness.ts';
import { OIDC_ORG, startOidcServer } from './oidc-server.ts';

const PATIENCE = 15_000;

describe('web organisation sign-in in Chromium', () => {
  let server: RunningServer;
  let idp: TestProvider;
  let browser: Browser;
  let statusId = '';

  beforeAll(async () => {
    ({ server, idp } = await startOidcServer({
      ada: {
        sub: 'ada-web-1',
        email: 'ada@example.org',
        email_verified: true,
        preferred_username: 'ada',
        name: 'Ada Lovelace',
      },
    }));
    const bo = (
      await server.cli(['users', 'add', '--handle', 'bo', '--name', 'Bo Builder'])
    ).trim();
    statusId = uuidv7();
    const res = await fetch(`${server.url}/v1/statuses/${statusId}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${bo}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Who has read the pricing review?', question: true }),
    });
    expect(res.status, await res.text()).toBe(201);
    browser = await launchPlainChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await idp?.close();
  });

  it('signs in with the organisation and lands on the permalink it was going to', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/items/${statusId}`);
      expect(new URL(page.url()).pathname).toBe('/signin');
      expect(await axeViolations(page)).toEqual([]);
      const org = page.locator('a[href^="/signin/oidc"]');
      expect(((await org.textContent()) ?? '').replace(/[\u2068\u2069]/g, '')).toBe(
        `Sign in with ${OIDC_ORG}`,
      );
      await org.click();
      await page.waitForURL((url) => url.href.startsWith(idp.issuer), { timeout: PATIENCE });
      await page.locator('#login').fill('ada');
      await page.locator('#submit').click();
      await page.waitForURL(`${server.url}/items/${statusId}`, { timeout: PATIENCE });
      const main = (await page.textContent('main')) ?? '';
      expect(main).toContain('Who has read the pricing review?');
      expect(main).toContain('Bo Builder');
      const header = ((await page.textContent('header')) ?? '').replace(/[\u2068\u2069]/g, '');
      expect(header).toContain('Ada Lovelace (@ada)');
    } finally {
      await context.close();
    }
  });

  it('says so in words when the person cancels at the provider', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/signin?next=${encodeURIComponent('/search?q=pricing')}`);
      await page.locator('a[href^="/signin/oidc"]').click();
      await page.waitForURL((url) => url.href.startsWith(idp.issuer), { timeout: PATIENCE });
      await page.locator('#cancel').click();
      await page.waitForURL((url) => url.pathname === '/signin/oidc/done', { timeout: PATIENCE });
      expect(await page.getByRole('alert').textContent()).toBe(
        "Your organisation's sign-in refused access.",
      );
      // Still signed out: the stream sends the browser to sign in.
      await page.goto(`${server.url}/`);
      expect(new URL(page.url()).pathname).toBe('/signin');
    } finally {
      await context.close();
    }
  });
});
