/**
 * `npm run screenshots [-- --out DIR] [--no-build]`: the README's pictures of the product, taken
 * from the end-to-end setup so they never go stale. Builds the extension and server, starts the
 * server with the demo organisation (`outloud-server demo`) plus a local article the demo people
 * engaged with (tests/e2e/screenshots-scene.ts), signs the extension in as `ada` in headless
 * Chromium, and writes PNGs of the page overlay with highlights, the popup, its feed in dark
 * mode, the side panel, the options page, and the server's web pages (the stream and a snippet's
 * permalink, signed in with `ada`'s token) into docs/screenshots/ (or DIR), and the overlay once
 * more in headless Firefox ESR with the Firefox build (`overlay-firefox.png`).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { highlightTexts } from '../tests/e2e/content-harness.ts';
import { launchPlainChromium } from '../tests/e2e/harness.ts';
import { openDemoScene } from '../tests/e2e/screenshots-scene.ts';
import { firefoxOverlayScreenshot } from '../tests/e2e-firefox/screenshots-scene.ts';
import { build, ROOT } from './build.ts';

/** The files `takeScreenshots` writes, in the order the README shows them. */
export const SCREENSHOTS = [
  'overlay.png',
  'popup.png',
  'popup-feed-dark.png',
  'sidepanel.png',
  'options.png',
  'web-stream.png',
  'web-permalink.png',
] as const;

/** The overlay in headless Firefox ESR (tests/e2e-firefox/screenshots-scene.ts). */
export const FIREFOX_OVERLAY = 'overlay-firefox.png';

/** Waits until the article's snippets are drawn (as boxes in Outloud's shadow root). */
async function highlightsDrawn(page: Page, count: number): Promise<void> {
  const until = Date.now() + 20_000;
  while ((await highlightTexts(page)).length < count) {
    if (Date.now() > until) throw new Error(`fewer than ${count} highlights drawn`);
    await page.waitForTimeout(100);
  }
}

/** Takes every screenshot into `outDir`; answers the files written. */
export async function takeScreenshots(outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const file = (name: (typeof SCREENSHOTS)[number]) => path.join(outDir, name);
  const scene = await openDemoScene();
  try {
    const { page: article, tabId } = await scene.openArticle();
    await article.setViewportSize({ width: 1200, height: 760 });
    await highlightsDrawn(article, 2);
    // Hovering a highlight shows who shared it and their comment.
    await article.locator('blockquote').hover();
    await article.waitForTimeout(400);
    await article.screenshot({ path: file('overlay.png') });

    const popup = await scene.browser.openPage(`popup.html?tab=${tabId}`);
    await popup.setViewportSize({ width: 380, height: 640 });
    await popup.locator('#bm-tags').waitFor();
    await popup.locator('#bm-tags').fill('metrics');
    await popup.keyboard.press('Enter');
    await popup.locator('.people li').first().waitFor();
    await popup.getByText('Changes saved').waitFor();
    await popup.screenshot({ path: file('popup.png') });

    await popup.emulateMedia({ colorScheme: 'dark' });
    await popup.getByRole('tab', { name: 'Feed' }).click();
    await popup.locator('article.item').first().waitFor();
    await popup.screenshot({ path: file('popup-feed-dark.png') });
    await popup.close();

    const panel = await scene.browser.openPage(`sidepanel.html?tab=${tabId}`);
    await panel.setViewportSize({ width: 400, height: 900 });
    await panel.locator('[data-section=snippets] .comment').first().waitFor();
    await panel.screenshot({ path: file('sidepanel.png'), fullPage: true });
    await panel.close();

    const options = await scene.browser.openPage('options.html');
    await options.setViewportSize({ width: 820, height: 900 });
    await options.locator('[data-testid=signed-in-as]').waitFor();
    await options.screenshot({ path: file('options.png'), fullPage: true });
    await options.close();

    // The web pages, for colleagues without the extension (a browser without it, so no link
    // marks on them): ada signs in with her token.
    const plain = await launchPlainChromium();
    try {
      const web = await plain.newPage({ viewport: { width: 1000, height: 900 } });
      await web.goto(`${scene.server.url}/signin`);
      await web.locator('#token').fill(scene.tokens.get('ada') ?? '');
      await web.locator('form[action="/signin"] button[type=submit]').click();
      await web.waitForURL(`${scene.server.url}/`);
      await web.screenshot({ path: file('web-stream.png') });
      // The permalink of a snippet with a discussion.
      await web.goto(`${scene.server.url}/?view=everyone`);
      const discussed = web
        .locator('article.item:has(blockquote.quote) a[href^="/items/"]')
        .filter({ hasText: 'comment' })
        .first();
      await web.goto(`${scene.server.url}${await discussed.getAttribute('href')}`);
      await web.locator('.permalink mark').waitFor();
      await web.screenshot({ path: file('web-permalink.png'), fullPage: true });
    } finally {
      await plain.close();
    }
  } finally {
    await scene.close();
  }
  return SCREENSHOTS.map(file);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const outDir = path.resolve(
    at >= 0 && args[at + 1] ? args[at + 1]! : path.join(ROOT, 'docs/screenshots'),
  );
  if (!args.includes('--no-build')) await build();
  const written = await takeScreenshots(outDir);
  // The same overlay in Firefox ESR, shown beside the Chromium one.
  const firefox = path.join(outDir, FIREFOX_OVERLAY);
  await firefoxOverlayScreenshot(firefox);
  for (const f of [...written, firefox]) console.log(path.relative(process.cwd(), f));
}
