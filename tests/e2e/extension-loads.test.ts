/**
 * The built extension loads in real Chromium: the worker answers, the pages render, a first
 * install opens the options page (a relaunch of a signed-in profile opens none: see
 * browser-restart.test.ts, which opens its own options page right after).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ExtensionBrowser,
  launchExtension,
  type RunningServer,
  startServer,
} from './harness.ts';

describe('the built extension in Chromium', () => {
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    browser = await launchExtension();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('has an extension id and a running service worker that answers messages', async () => {
    expect(browser.extensionId).toMatch(/^[a-p]{32}$/);
    const worker = await browser.worker();
    expect(await worker.evaluate(() => chrome.runtime.getManifest().manifest_version)).toBe(3);
    // A real method of the page protocol (the shipped worker has no test-only handler).
    const page = await browser.openPage('popup.html');
    const answer = await page.evaluate(() =>
      chrome.runtime.sendMessage({ outloud: 1, channel: 'ui', method: 'getSettings', params: {} }),
    );
    expect(answer).toMatchObject({ ok: true, value: { lookupMode: 'local', overlay: true } });
    await page.close();
  });

  it('renders the popup with its localised heading', async () => {
    const page = await browser.openPage('popup.html');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Outloud');
    await page.close();
  });

  it('opens the options page on a first install, where the person signs in', async () => {
    // A profile of its own, so the install is this test's and nothing else has opened pages.
    const fresh = await launchExtension();
    try {
      const isOptions = (p: Page) =>
        p.url().startsWith(`chrome-extension://${fresh.extensionId}/options.html`);
      await expect
        .poll(() => fresh.context.pages().some(isOptions), { timeout: 20_000 })
        .toBe(true);
      const opened = fresh.context.pages().find(isOptions)!;
      await opened.waitForLoadState('load');
      await expect.poll(() => opened.locator('h1').textContent()).toBe('Outloud settings');
    } finally {
      await fresh.close();
    }
  });

  it('renders the options page', async () => {
    const page = await browser.openPage('options.html');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Outloud settings');
    await page.close();
  });
});

describe('the built server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers GET /v1/health on 127.0.0.1', async () => {
    const res = await fetch(`${server.url}/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });
});
