/**
 * Snippets open at their quote: Ann's snippet of words several screens down a long page is on
 * the server; from the popup's feed its link is the page with a `#:~:text=` directive, and the
 * tab it opens (`tabs.create`, as the popup does) is scrolled by Chromium itself so the quoted
 * words are in view.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeQuote } from '../../src/core/anchoring.ts';
import { uuidv7 } from '../../src/core/ids.ts';
import { snippetLink } from '../../src/core/text-fragment.ts';
import type { Snippet } from '../../src/core/wire.ts';
import { annForSuite, openPopup, openTab, poll, syncNow } from './journey-helpers.ts';

const PAGE = '/journeys/long.html';
const TITLE = 'A long report';
/** The quoted words: the first and last of them, in the paragraph `#far` near the page's end. */
const FROM = 'write their reasoning';
const TO = 'can see it';

/** Where the quoted words are on screen, and how far the page is scrolled. */
async function quoteOnScreen(page: Page) {
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
        pageHeight: document.documentElement.scrollHeight,
        top: r.top,
        bottom: r.bottom,
      };
    },
    [FROM, TO] as const,
  );
}

describe('a snippet opens at its quote', () => {
  const world = annForSuite();

  it('from the popup feed, Chromium scrolls the opened tab to the quoted words', async () => {
    const { browser, fixtures, ann } = world;
    const url = fixtures.url(PAGE);

    // The quote as the content script stores it: the page's text with its context either side.
    const { page: source } = await openTab(browser, url);
    const text = await source.evaluate(() => document.body.textContent ?? '');
    const before = await quoteOnScreen(source);
    await source.close();
    expect(before.scrollY).toBe(0);
    expect(before.top).toBeGreaterThan(4 * before.viewport);
    const start = text.indexOf(FROM);
    const { exact, prefix, suffix } = describeQuote(text, start, text.indexOf(TO) + TO.length);
    const id = uuidv7();
    const put = await ann.put<Snippet>(`/v1/snippets/${id}`, {
      url,
      title: TITLE,
      quote: { exact, prefix, suffix },
      comment: 'Why we work out loud.',
    });
    expect(put.status).toBeLessThan(300);
    await syncNow(browser);

    const { page: start0, tabId } = await openTab(browser, fixtures.url('/journeys/one.html'));
    const popup = await openPopup(browser, tabId);
    await popup.getByRole('tab', { name: 'Feed' }).click();
    const entry = popup.locator('.feed .item', { hasText: TITLE });
    await poll(() => entry.count()).toBe(1);
    const link = entry.getByRole('link', { name: TITLE });
    const href = await link.getAttribute('href');
    expect(href).toBe(snippetLink({ url, quote: { exact, prefix, suffix } }));
    expect(href!.startsWith(`${url}#:~:text=`)).toBe(true);

    const opened = browser.context.waitForEvent('page');
    await link.click();
    const tab = await opened;
    await tab.waitForLoadState('load');
    expect(tab.url().split('#')[0]).toBe(url);
    await poll(async () => (await quoteOnScreen(tab)).scrollY).toBeGreaterThan(3 * before.viewport);
    const after = await quoteOnScreen(tab);
    expect(after.top).toBeGreaterThanOrEqual(0);
    expect(after.bottom).toBeLessThanOrEqual(after.viewport);
    await tab.close();
    await popup.close();
    await start0.close();
  });
});
