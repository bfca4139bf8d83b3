/**
 * Snippets open at their quote: Ann's snippet of words several screens down a long page is on
 * the server; from the popup's feed its link is the page with a `#:~:text=` directive, and the
 * tab it opens (`tabs.create`, as the popup does) is scrolled by Chromium itself so the quoted
 * words are in view. The side panel's "Copy link" puts the same address on the clipboard, and a
 * colleague pasting it into a tab lands on the quote; so does a pasted link on a page with no
 * white space between its blocks, where the stored context runs into the neighbouring block and
 * only the link's fallback directives can match.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeQuote } from '../../src/core/anchoring.ts';
import { uuidv7 } from '../../src/core/ids.ts';
import { snippetLink } from '../../src/core/text-fragment.ts';
import type { Snippet } from '../../src/core/wire.ts';
import {
  type ExtensionWorld,
  openPopup,
  openTab,
  poll,
  syncNow,
  useExtension,
} from './journey-helpers.ts';

const PAGE = '/journeys/long.html';
const TITLE = 'A long report';
/** The quoted words: the first and last of them, in the paragraph `#far` near the page's end. */
const FROM = 'write their reasoning';
const TO = 'can see it';

/** Where the words `from`…`to` of `#far` are on screen, and how far the page is scrolled. */
async function quoteOnScreen(page: Page, from = FROM, to = TO) {
  return page.evaluate(
    ([from, to]) => {
      const text = document.getElementById('far')!.firstChild as Text;
      const range = document.createRange();
      range.setStart(text, text.data.indexOf(from));
      range.setEnd(text, text.data.indexOf(to) + to.length);
      const r = range.getBoundingClientRect();
      return {
        scrollY,
        viewport: innerHeight,
        top: r.top,
        bottom: r.bottom,
      };
    },
    [from, to] as const,
  );
}

/** The snippet of `from`…`to` on the page at `url`, quoted from its text as the content script does. */
async function quoteOf(world: ExtensionWorld<'ann'>, url: string, from: string, to: string) {
  const { page } = await openTab(world.browser, url);
  const text = await page.evaluate(() => document.body.textContent ?? '');
  const before = await quoteOnScreen(page, from, to);
  await page.close();
  expect(before.scrollY).toBe(0);
  expect(before.top).toBeGreaterThan(4 * before.viewport);
  const { exact, prefix, suffix } = describeQuote(
    text,
    text.indexOf(from),
    text.indexOf(to) + to.length,
  );
  return { quote: { exact, prefix, suffix }, viewport: before.viewport };
}

/** Puts Ann's snippet on the server through the REST API; answers its id. */
async function share(
  world: ExtensionWorld<'ann'>,
  url: string,
  title: string,
  quote: Snippet['quote'],
): Promise<string> {
  const id = uuidv7();
  const put = await world.rest.ann.put<Snippet>(`/v1/snippets/${id}`, {
    url,
    title,
    quote,
    comment: 'Why we work out loud.',
  });
  expect(put.status).toBeLessThan(300);
  return id;
}

describe('a snippet opens at its quote', () => {
  const world = useExtension({ people: { ann: 'Ann' }, signIn: 'ann', fixtures: true });

  it('from the popup feed, Chromium scrolls the opened tab to the quoted words', async () => {
    const { browser, fixtures } = world;
    const url = fixtures.url(PAGE);

    const { quote, viewport } = await quoteOf(world, url, FROM, TO);
    await share(world, url, TITLE, quote);
    await syncNow(browser);

    const { page: start0, tabId } = await openTab(browser, fixtures.url('/journeys/one.html'));
    const popup = await openPopup(browser, tabId);
    await popup.getByRole('tab', { name: 'Feed' }).click();
    const entry = popup.locator('.feed .item', { hasText: TITLE });
    await poll(() => entry.count()).toBe(1);
    const link = entry.getByRole('link', { name: TITLE });
    const href = await link.getAttribute('href');
    expect(href).toBe(snippetLink({ url, quote }));
    expect(href!.startsWith(`${url}#:~:text=`)).toBe(true);

    const opened = browser.context.waitForEvent('page');
    await link.click();
    const tab = await opened;
    await tab.waitForLoadState('load');
    expect(tab.url().split('#')[0]).toBe(url);
    await poll(async () => (await quoteOnScreen(tab)).scrollY).toBeGreaterThan(3 * viewport);
    const after = await quoteOnScreen(tab);
    expect(after.top).toBeGreaterThanOrEqual(0);
    expect(after.bottom).toBeLessThanOrEqual(after.viewport);
    await tab.close();
    await popup.close();
    await start0.close();
  });

  it('a pasted link reaches the quote where the stored context ran into the previous block', async () => {
    const { browser, fixtures } = world;
    const url = fixtures.url('/journeys/long-minified.html');
    // `<h2>What we found</h2><p id="far">The finding…`: the page's text reads "foundThe finding".
    const from = 'The finding worth';
    const to = 'reasoning down';
    const { quote, viewport } = await quoteOf(world, url, from, to);
    expect(quote.prefix.endsWith('What we found')).toBe(true);
    const link = snippetLink({ url, quote });
    const [withContext, ...fallbacks] = link.split(':~:')[1]!.split('&');
    expect(decodeURIComponent(withContext!)).toContain('foundThe finding worth');
    expect(fallbacks.map(decodeURIComponent)).toContain(
      'text=The finding worth sharing: teams that write their reasoning down',
    );

    // The directive with context alone matches nothing here: the page stays at its top.
    const alone = await browser.context.newPage();
    await alone.goto(`${url}#:~:${withContext}`);
    await alone.waitForTimeout(1000);
    expect((await quoteOnScreen(alone, from, to)).scrollY).toBe(0);
    await alone.close();

    const tab = await browser.context.newPage();
    await tab.goto(link);
    await poll(async () => (await quoteOnScreen(tab, from, to)).scrollY).toBeGreaterThan(
      3 * viewport,
    );
    const after = await quoteOnScreen(tab, from, to);
    expect(after.top).toBeGreaterThanOrEqual(0);
    expect(after.bottom).toBeLessThanOrEqual(after.viewport);
    await tab.close();
  });

  it("the side panel's Copy link puts the page at the quote on the clipboard; pasted, it scrolls there", async () => {
    const { browser, fixtures } = world;
    const url = fixtures.url(PAGE);
    const from = 'answer each other';
    const to = 'not weeks';
    const { quote, viewport } = await quoteOf(world, url, from, to);
    const id = await share(world, url, TITLE, quote);
    await syncNow(browser);

    const { page, tabId } = await openTab(browser, url);
    const panel = await browser.openPage(`sidepanel.html?tab=${tabId}`);
    const item = panel.locator(`[data-item-id="${id}"]`);
    await item.getByRole('button', { name: 'Copy link to the quote', exact: true }).click();
    await item.getByRole('status').getByText('Link to the quote copied.').waitFor();
    await panel.close();
    // What is on the clipboard, read from a web page allowed to (an extension page's origin
    // cannot be granted clipboard-read).
    await browser.context.grantPermissions(['clipboard-read'], { origin: fixtures.origin });
    await page.bringToFront();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(snippetLink({ url, quote }));
    await page.close();

    const tab = await browser.context.newPage();
    await tab.goto(copied);
    await poll(async () => (await quoteOnScreen(tab, from, to)).scrollY).toBeGreaterThan(
      3 * viewport,
    );
    const after = await quoteOnScreen(tab, from, to);
    expect(after.top).toBeGreaterThanOrEqual(0);
    expect(after.bottom).toBeLessThanOrEqual(after.viewport);
    await tab.close();
  });
});
