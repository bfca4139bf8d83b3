/**
 * Firefox runs the background as an event page, not a service worker: it is unloaded when idle
 * and started again by the next event. With the server down, Ann saves a page from the popup;
 * the event page is unloaded (a new background document answers afterwards) and nothing is lost:
 * once the server is back, the bookmark arrives exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedUrl } from '../../src/core/url.ts';
import type { Bookmark } from '../../src/core/wire.ts';
import {
  type FixtureServer,
  type RunningServer,
  serveFixtures,
  startServer,
} from '../e2e/harness.ts';
import { addUser, freePort, liveOf, type Rest, rest } from '../e2e/journey-helpers.ts';
import { type FirefoxExtension, launchFirefox } from './harness.ts';
import { poll, signInThroughOptions, textOf } from './helpers.ts';

/** Firefox's idle time before it unloads the event page, shortened from its 30 s. */
const IDLE_MS = 1_000;

let server: RunningServer;
let port: number;
let fixtures: FixtureServer;
let ann: FirefoxExtension;
let annRest: Rest;

beforeAll(async () => {
  port = await freePort();
  [server, fixtures] = await Promise.all([startServer({ port }), serveFixtures()]);
  const token = await addUser(server, 'ann', 'Ann Author');
  annRest = rest(server.url, token);
  ann = await launchFirefox({ backgroundIdleMs: IDLE_MS });
  await signInThroughOptions(ann, server.url, token);
});

afterAll(async () => {
  await ann?.close();
  await fixtures?.close();
  await server?.stop();
});

/** The running background document's start time: a new one after an unload and a wake. */
function backgroundStart(): Promise<number> {
  return ann.inExtension(async () => {
    const page = (await chrome.runtime.getBackgroundPage()) as Window | null;
    return page?.performance.timeOrigin ?? -1;
  }, 0);
}

async function pending(): Promise<string | null> {
  const page = await ann.openPage('options.html');
  const cell = await page.waitForSelector('[data-testid=pending]');
  const text = await cell!.evaluate((e) => e.textContent);
  await page.close();
  return text;
}

describe('Firefox: the event page', () => {
  it('is unloaded and woken, and a bookmark saved offline arrives once when the server is back', async () => {
    const url = fixtures.url('/journeys/two.html');
    const { dbPath } = server;
    await server.stop();

    const page = await ann.browser.newPage();
    await page.goto(url);
    const tabId = await ann.tabIdOf(page);
    const popup = await ann.openPage(`popup.html?tab=${tabId}`);
    await poll(() => textOf(popup, '#bookmark-title')).toBe('Saved publicly');
    await popup.close();
    await page.close();
    expect(await pending()).toBe('1');

    // Idle, Firefox unloads the event page; asking for it starts a new one.
    const first = await backgroundStart();
    expect(first).toBeGreaterThan(0);
    await expect.poll(backgroundStart, { timeout: 60_000, interval: IDLE_MS * 4 }).not.toBe(first);
    expect(await pending()).toBe('1');

    server = await startServer({ dbPath, port });
    await ann.ui('syncNow');
    await ann.ui('syncNow');
    expect(await pending()).toBe('0');
    const saved = liveOf<Bookmark>(await annRest.changes(), 'bookmark');
    expect(saved.map((b) => [b.url, b.visibility])).toEqual([[sharedUrl(url), 'public']]);
  });
});
