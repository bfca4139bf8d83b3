/** Helpers for the Firefox journeys: patience, text of an element, signing in as a person would. */
import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { type Box, type Colour, clipOf, colourOfPng } from '../e2e/pixels.ts';
import type { FirefoxExtension } from './harness.ts';

/** How long a journey waits for something a person would wait for (the machine is shared). */
export const PATIENCE_MS = 20_000;

export function poll<T>(fn: () => T | Promise<T>) {
  return expect.poll(fn, { timeout: PATIENCE_MS, interval: 150 });
}

/** The text of the first match in `page`, or null while there is none. */
export function textOf(page: Page, selector: string): Promise<string | null> {
  return page.$eval(selector, (e) => e.textContent).catch(() => null);
}

/** Signs in through the options page: address, token, Sign in; waits for "Signed in as". */
export async function signInThroughOptions(
  who: FirefoxExtension,
  serverUrl: string,
  token: string,
): Promise<void> {
  const page = await who.openPage('options.html');
  await page.waitForSelector('#server-url', { timeout: PATIENCE_MS });
  // The address field comes filled with a default: replace it, as a person would.
  await page.locator('#server-url').fill(serverUrl);
  await page.locator('#api-token').fill(token);
  const signIn = await page.waitForSelector('::-p-aria([name="Sign in"][role="button"])', {
    timeout: PATIENCE_MS,
  });
  await signIn!.click();
  await page
    .waitForSelector('[data-testid=signed-in-as]', { timeout: PATIENCE_MS })
    .catch(async (error: unknown) => {
      throw new Error(`not signed in: ${await textOf(page, '[data-testid=connection-result]')}`, {
        cause: error,
      });
    });
  expect(await textOf(page, 'body')).toMatch(/Connection works: signed in as/);
  await page.close();
}

/**
 * The screenshot of `page` over `box` (top viewport coordinates): mean colour and darkest pixel,
 * decoded by Firefox itself in a blank tab.
 */
export async function pixelsOver(who: FirefoxExtension, page: Page, box: Box): Promise<Colour> {
  // Puppeteer's clip is in document coordinates.
  const [sx, sy] = await page.evaluate(() => [scrollX, scrollY]);
  const clip = clipOf({
    left: box.left + sx!,
    top: box.top + sy!,
    right: box.right + sx!,
    bottom: box.bottom + sy!,
  });
  const png = await page.screenshot({ clip, encoding: 'base64', captureBeyondViewport: false });
  const tab = await who.browser.newPage();
  try {
    return await tab.evaluate(colourOfPng, png);
  } finally {
    await tab.close();
  }
}
