/**
 * The settings page's Webhooks section in real Chromium (no extension, no JavaScript needed): a
 * person signs in with the token form, adds a Slack-format webhook pointed at a receiver on
 * 127.0.0.1 by keyboard, copies the secret shown once, sends a test event (the receiver gets
 * it), and reads "delivered" in the delivery log; axe finds no serious or critical WCAG
 * violation in the section (with the secret shown) or on the log page, in light and dark.
 */
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../server/webhook-receiver.ts';
import { axeViolations } from './a11y-axe.ts';
import { chromiumPath, type RunningServer, startServer } from './harness.ts';

describe('webhooks on the web settings page in Chromium', () => {
  let server: RunningServer;
  let receiver: Receiver;
  let browser: Browser;
  let ann = '';

  beforeAll(async () => {
    receiver = await startReceiver();
    server = await startServer({
      env: { OUTLOUD_WEBHOOK_ALLOW_PRIVATE_ALL: '127.0.0.1', OUTLOUD_WEBHOOK_POLL_MS: '50' },
    });
    ann = (await server.cli(['users', 'add', '--handle', 'ann', '--name', 'Ann Author'])).trim();
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
  });

  const signIn = async (page: Page) => {
    await page.goto(`${server.url}/settings`);
    await page.fill('#token', ann);
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.url}/settings`);
  };

  it('adds a webhook by keyboard, shows its secret once, tests it and logs the delivery', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page);
    await expect
      .poll(() => page.locator('#webhooks').textContent())
      .toContain('You have no webhooks.');
    await page.focus('#webhook-url');
    await page.keyboard.type(`${receiver.url}/chat`);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Team channel');
    await page.selectOption('#webhook-format', 'slack');
    await page.getByRole('button', { name: 'Add webhook' }).press('Enter');
    await page.waitForLoadState();
    const secret = await page.locator('#webhook-secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expect.poll(() => page.locator('#webhooks').textContent()).toContain('Team channel');

    await page.getByRole('button', { name: /^Send a test event to \W?Team channel\W?$/ }).click();
    await page.waitForURL(/notice=webhookTested/);
    expect(await page.getByRole('status').textContent()).toContain('Test event queued');
    const [arrived] = await receiver.waitFor(1, '/chat');
    expect(JSON.parse(arrived?.body ?? '{}').text).toContain('Test event from Outloud');
    // Shown once: the page now lists the hook without its secret.
    expect(await page.content()).not.toContain(secret);

    await page.getByRole('link', { name: /^Delivery log of \W?Team channel\W?$/ }).click();
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('table.log').textContent();
        },
        { timeout: 15_000 },
      )
      .toContain('delivered');
    expect(await page.locator('table.log').textContent()).toContain('200');
    await context.close();
  });

  it('passes axe on the section and the log in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await signIn(page);
      await page.fill('#webhook-url', `${receiver.url}/axe-${colorScheme}`);
      await page.click('button:has-text("Add webhook")');
      await page.waitForSelector('#webhook-secret');
      // The section (the page's other sections are their own tests' business).
      expect(await axeViolations(page, '#webhooks'), `settings ${colorScheme}`).toEqual([]);
      const log = page.getByRole('link', { name: /^Delivery log of/ }).first();
      await log.click();
      await page.waitForSelector('h1');
      expect(await axeViolations(page), `log ${colorScheme}`).toEqual([]);
      await context.close();
    }
  });
});
