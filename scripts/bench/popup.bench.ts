/**
 * `npm run bench -- popup`: in headless Chromium with the built extension, the time from opening
 * the popup on a fresh page to the one-click bookmark being stored in the local database (the
 * popup's `outloud:bookmark-stored` User Timing mark, set when `bookmarkTab` has answered, i.e.
 * after the Dexie transaction committed), with the service worker warm and with it stopped
 * first. Baseline, same run and browser: opening a static extension resource as a page
 * (`manifest.json`, no script) until its load event. Both are read inside the page, relative
 * to its navigation start, so the driver's overhead is not counted.
 */
import type { Page } from 'playwright-core';
import {
  type ExtensionBrowser,
  launchExtension,
  serveFixtures,
  startServer,
} from '../../tests/e2e/harness.ts';
import { build } from '../build.ts';
import { type BenchRow, type BenchSuite, median, percentile } from './types.ts';

const RUNS = 25;
const STORED_MARK = 'outloud:bookmark-stored';

async function signIn(browser: ExtensionBrowser, serverUrl: string, token: string) {
  const page = await browser.openPage('options.html');
  await page.locator('#server-url').fill(serverUrl);
  await page.locator('#api-token').fill(token);
  await page.getByRole('button', { name: /^Sign in/ }).click();
  await page.locator('[data-testid=signed-in-as]').waitFor({ timeout: 15_000 });
  await page.close();
}

/** Milliseconds from the popup's navigation start to the stored mark. */
async function popupToStored(popup: Page): Promise<number> {
  await popup.waitForFunction((name) => performance.getEntriesByName(name).length > 0, STORED_MARK);
  return popup.evaluate((name) => performance.getEntriesByName(name)[0]!.startTime, STORED_MARK);
}

/** Milliseconds from navigation start to the load event of a script-free extension page. */
async function blankPage(browser: ExtensionBrowser): Promise<number> {
  const page = await browser.openPage('manifest.json');
  await page.waitForLoadState('load');
  const ms = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return nav.loadEventEnd;
  });
  await page.close();
  return ms;
}

const suite: BenchSuite = {
  name: 'popup',
  title: 'Popup open → bookmark stored locally (Chromium)',
  async run() {
    await build();
    const [server, fixtures, browser] = await Promise.all([
      startServer(),
      serveFixtures(),
      launchExtension(),
    ]);
    try {
      const token = (
        await server.cli(['users', 'add', '--handle', 'bench', '--name', 'Bench'])
      ).trim();
      await signIn(browser, server.url, token);
      const warm: number[] = [];
      const cold: number[] = [];
      const blank: number[] = [];
      for (let i = 0; i < RUNS * 2; i++) {
        const stopWorker = i % 2 === 1;
        const tab = await browser.context.newPage();
        await tab.goto(fixtures.url(`/article.html?bench=${i}`));
        const probe = await browser.openPage('manifest.json');
        const tabId = await probe.evaluate(
          async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id ?? -1,
          tab.url(),
        );
        await probe.close();
        blank.push(await blankPage(browser));
        if (stopWorker) await browser.stopServiceWorkers();
        const popup = await browser.openPage(`popup.html?tab=${tabId}`);
        (stopWorker ? cold : warm).push(await popupToStored(popup));
        await popup.close();
        await tab.close();
      }
      const baseline = { name: 'blank extension page → load', value: median(blank) };
      const rows: BenchRow[] = [
        {
          name: 'popup open → bookmark stored (worker warm)',
          value: median(warm),
          unit: 'ms',
          baseline,
          note: `p95 ${percentile(warm, 95).toFixed(1)} ms, ${RUNS} runs`,
        },
        {
          name: 'popup open → bookmark stored (worker stopped first)',
          value: median(cold),
          unit: 'ms',
          baseline,
          note: `p95 ${percentile(cold, 95).toFixed(1)} ms, ${RUNS} runs`,
        },
      ];
      return rows;
    } finally {
      await browser.close();
      await fixtures.close();
      await server.stop();
    }
  },
};

export default suite;
