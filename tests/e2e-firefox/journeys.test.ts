/**
 * The journeys in real headless Firefox ESR with the built Firefox extension, against the real
 * server behind a proxy that counts requests: Ann signs in through the options page and saves a
 * page with one click from the popup page; she shares a snippet on an article; Bo (a second
 * profile) opens the article and the overlay names Ann, its snippet list holds her comment,
 * opening the page sent the server nothing, and her quote is visibly highlighted (the screenshot
 * over it differs from the overlay-off page, as in the Chromium privacy test); Bo's sidebar shows
 * the discussion, where he likes and comments. Ann also shares words from inside a same-origin
 * `<iframe>` (Firefox hands the content script the frame's document through an Xray wrapper);
 * Bo's overlay lists that snippet and it is visibly highlighted over the frame.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedUrl } from '../../src/core/url.ts';
import type { Bookmark, Snippet } from '../../src/core/wire.ts';
import { type FaultProxy, startFaultProxy } from '../e2e/fault-proxy.ts';
import {
  type FixtureServer,
  type RunningServer,
  serveFixtures,
  startServer,
} from '../e2e/harness.ts';
import { addUser, liveOf, type Rest, rest } from '../e2e/journey-helpers.ts';
import { type Box, expectHighlighted, wordsBoxIn } from '../e2e/pixels.ts';
import {
  type FirefoxExtension,
  frameOf,
  launchFirefox,
  OverlayReader,
  selectInFrame,
  selectText,
} from './harness.ts';
import { pixelsOver, poll, signInThroughOptions, textOf } from './helpers.ts';

const QUOTE = 'tells the next reader that a colleague cared';
const COMMENT = 'This is why we share snippets.';
/** A page embedding a same-origin frame, and words in that frame. */
const FRAMED = '/content/framed.html';
const FRAME_QUOTE = 'rolled out to one region first';
const FRAME_COMMENT = 'Staged rollouts, as agreed.';

let server: RunningServer;
let proxy: FaultProxy;
let fixtures: FixtureServer;
let ann: FirefoxExtension;
let bo: FirefoxExtension;
let annRest: Rest;

/** Requests the server received through the proxy so far. */
const served = () => proxy.counts().pass;

beforeAll(async () => {
  [server, fixtures] = await Promise.all([startServer(), serveFixtures()]);
  proxy = await startFaultProxy({ upstream: () => server.url, seed: 1 });
  const annToken = await addUser(server, 'ann', 'Ann Author');
  const boToken = await addUser(server, 'bo', 'Bo Builder');
  annRest = rest(server.url, annToken);
  expect((await rest(server.url, boToken).put('/v1/follows/ann', {})).status).toBeLessThan(300);
  ann = await launchFirefox();
  bo = await launchFirefox();
  await signInThroughOptions(ann, proxy.url, annToken);
  await signInThroughOptions(bo, proxy.url, boToken);
});

afterAll(async () => {
  await ann?.close();
  await bo?.close();
  await proxy?.close();
  await fixtures?.close();
  await server?.stop();
});

/**
 * The highlight over `words` is visible to the person: on the freshly loaded page, the screenshot
 * there differs from the same area once the overlay is turned off and the page reloaded, as in the
 * Chromium privacy test. The overlay is on again afterwards.
 */
async function expectVisibleHighlight(
  who: FirefoxExtension,
  page: Page,
  words: () => Promise<Box>,
): Promise<void> {
  const overlay = new OverlayReader(page);
  await page.reload();
  await page.mouse.move(2, 2);
  const box = await words();
  await poll(async () => (await overlay.boxesOver(box)).length).toBeGreaterThan(0);
  await poll(() => overlay.count('[data-outloud="card"]')).toBe(0);
  const on = await pixelsOver(who, page, box);
  await who.ui('setSettings', { overlay: false });
  try {
    await page.reload();
    await poll(async () => (await overlay.boxes()).length).toBe(0);
    // The same place (Firefox restores a scroll position to within a fraction of a pixel).
    const again = await words();
    for (const edge of ['left', 'top', 'right', 'bottom'] as const) {
      expect(Math.abs(again[edge] - box[edge]), edge).toBeLessThan(1);
    }
    const off = await pixelsOver(who, page, box);
    expectHighlighted(on, off);
  } finally {
    await who.ui('setSettings', { overlay: true });
  }
}

async function openTab(who: FirefoxExtension, url: string): Promise<{ page: Page; tabId: number }> {
  const page = await who.browser.newPage();
  await page.goto(url);
  return { page, tabId: await who.tabIdOf(page) };
}

describe('Firefox: Ann', () => {
  it('saves a page with one click from the popup, and it reaches the server', async () => {
    const url = fixtures.url('/journeys/one.html');
    const { page, tabId } = await openTab(ann, url);
    const popup = await ann.openPage(`popup.html?tab=${tabId}`);
    await poll(() => textOf(popup, '#bookmark-title')).toBe('Saved publicly');
    await popup.close();
    await page.close();
    await ann.ui('syncNow');
    const saved = liveOf<Bookmark>(await annRest.changes(), 'bookmark');
    expect(saved.map((b) => [b.url, b.visibility])).toEqual([[sharedUrl(url), 'public']]);
  });

  it('shares a snippet from an article', async () => {
    const { page } = await openTab(ann, fixtures.url('/content/article.html'));
    const overlay = new OverlayReader(page);
    await selectText(page, QUOTE);
    await overlay.click('[data-outloud="share-selection"]');
    await poll(() => overlay.text('[data-outloud="quote"]')).toBe(QUOTE);
    await page.keyboard.type(COMMENT);
    await overlay.click('[data-outloud="share"]');
    await poll(() => overlay.text('[data-outloud="notice"]')).toBe('Snippet shared.');
    await page.close();
    await ann.ui('syncNow');
    const snippets = liveOf<Snippet>(await annRest.changes(), 'snippet');
    expect(snippets).toMatchObject([{ comment: COMMENT, quote: { exact: QUOTE } }]);
  });
});

describe('Firefox: Ann, in a same-origin frame', () => {
  it('shares a snippet from words inside a same-origin iframe, saved for the top page', async () => {
    const url = fixtures.url(FRAMED);
    const { page } = await openTab(ann, url);
    const overlay = new OverlayReader(page);
    const notes = await frameOf(page, 'notes');
    await page.evaluate(() => document.getElementById('notes')!.scrollIntoView());
    await selectInFrame(page, notes, FRAME_QUOTE);
    await overlay.click('[data-outloud="share-selection"]');
    await poll(() => overlay.text('[data-outloud="quote"]')).toBe(FRAME_QUOTE);
    await page.keyboard.type(FRAME_COMMENT);
    await overlay.click('[data-outloud="share"]');
    await poll(() => overlay.text('[data-outloud="notice"]')).toBe('Snippet shared.');
    await page.close();
    await ann.ui('syncNow');
    const snippets = liveOf<Snippet>(await annRest.changes(), 'snippet');
    const framed = snippets.find((s) => s.comment === FRAME_COMMENT);
    expect(framed).toMatchObject({ url: sharedUrl(url), quote: { exact: FRAME_QUOTE } });
    // Described over the frame's own text.
    expect(framed!.quote.prefix?.endsWith('Every release is ')).toBe(true);
    expect(framed!.quote.suffix?.startsWith(', and rollbacks take one')).toBe(true);
  });
});

describe('Firefox: Bo, who follows Ann', () => {
  it("sees Ann named on the article and her snippet in the pill's list; the page view sent nothing", async () => {
    await bo.ui('syncNow');
    const before = served();
    const { page } = await openTab(bo, fixtures.url('/content/article.html'));
    const overlay = new OverlayReader(page);
    await poll(() => overlay.text('[data-outloud="people"]')).toBe('\u2068Ann Author\u2069');
    await overlay.click('[data-outloud="more"]');
    await poll(() => overlay.count('[data-outloud="snippet-entry"]')).toBe(1);
    const entry = await overlay.text('[data-outloud="snippet-entry"]');
    expect(entry).toContain('Ann Author');
    expect(entry).toContain(COMMENT);
    expect(served()).toBe(before);
    // And her quote is highlighted where it stands, visibly.
    await expectVisibleHighlight(bo, page, () => page.evaluate(wordsBoxIn, { text: QUOTE }));
    await page.close();
  });

  it("lists Ann's snippet from the same-origin frame and highlights it inside the frame", async () => {
    const { page } = await openTab(bo, fixtures.url(FRAMED));
    const overlay = new OverlayReader(page);
    await poll(() => overlay.text('[data-outloud="people"]')).toBe('\u2068Ann Author\u2069');
    await overlay.click('[data-outloud="more"]');
    await poll(() => overlay.count('[data-outloud="snippet-entry"]')).toBe(1);
    expect(await overlay.text('[data-outloud="snippet-entry"]')).toContain(FRAME_COMMENT);
    await expectVisibleHighlight(bo, page, async () => {
      await page.evaluate(() => document.getElementById('notes')!.scrollIntoView());
      return page.evaluate(wordsBoxIn, { text: FRAME_QUOTE, frames: ['notes'] });
    });
    await page.close();
  });

  it("shows the page's discussion in the sidebar, where Bo likes and comments", async () => {
    const { page, tabId } = await openTab(bo, fixtures.url('/content/article.html'));
    const panel = await bo.openPage(`sidepanel.html?tab=${tabId}`);
    const snippet = 'section[data-section="snippets"] article';
    await poll(() => textOf(panel, `${snippet} .quote`)).toBe(`“${QUOTE}”`);
    const whole = await textOf(panel, snippet);
    expect(whole).toContain(COMMENT);
    expect(whole).toContain('Ann Author');

    await panel.click(`${snippet} .like`);
    await poll(() => panel.$eval(`${snippet} .like`, (e) => e.getAttribute('aria-pressed'))).toBe(
      'true',
    );
    await panel.type(`${snippet} .comment-form textarea`, 'Agreed, thanks @ann');
    await panel.click(`${snippet} .comment-form button[type="submit"]`);
    await poll(() => textOf(panel, `${snippet} .thread .comment .item-text`)).toBe(
      'Agreed, thanks @ann',
    );
    await panel.close();
    await page.close();
    await bo.ui('syncNow');
    const comments = liveOf<{ text: string }>(await annRest.changes(), 'comment');
    expect(comments.map((c) => c.text)).toEqual(['Agreed, thanks @ann']);
  });
});
