/**
 * What a page can learn from Outloud (issue 12, section 1): nothing. On a page where two
 * colleagues shared snippets (one of them private, visible to the signed-in person alone, in a
 * same-origin frame) and a link is marked, the page's own script (`tests/fixtures/privacy/
 * collect.js`, loaded before the content script runs) gathers everything it can reach: the
 * `CSS.highlights` registries of the page and its frames, every `performance` entry, the markup
 * and computed styles of the page and its frames outside the host element, their stylesheets,
 * `window` keys added since load, `MutationObserver` records of its own nodes, messages and
 * events, storage, and `document.getSelection()` after the highlight was hovered. None of it holds
 * a quote, a name, a comment, a count or the word `outloud` beyond the one host element's tag,
 * and the page's markup and styles are as they were before Outloud ran. The highlight is still
 * there for the person: the screenshot over the quote is yellower than the same area with the
 * overlay off, and its letters stay dark.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeUrl } from '../../src/core/url.ts';
import {
  type ContentOnly,
  engagement,
  highlightBoxes,
  highlightTexts,
  launchContentOnly,
  OutloudUi,
  snippetItem,
} from './content-harness.ts';
import { type FixtureServer, serveFixtures } from './harness.ts';
import {
  type Box,
  type Colour,
  clipOf,
  colourOfPng,
  expectHighlighted,
  wordsBoxIn,
} from './pixels.ts';

const ANN = { handle: 'ann', name: 'Annika Lindqvist' };
const BO = { handle: 'bo', name: 'Bohdan Kowalczyk' };
const PUBLIC_QUOTE = 'every team writes down its riskiest assumption first';
const PRIVATE_QUOTE = 'the hiring freeze ends when the new budget is signed';
const PUBLIC_COMMENT = 'Worth copying for our own planning round.';
const PRIVATE_COMMENT = 'Keep this between us until the board meets.';

/** Everything the test asserts a page never sees. */
const SECRETS = [
  PUBLIC_QUOTE,
  PRIVATE_QUOTE,
  // A part of a quote, in case it is split over nodes or ranges.
  'riskiest assumption',
  'hiring freeze',
  ANN.name,
  BO.name,
  'Annika',
  'Bohdan',
  PUBLIC_COMMENT,
  PRIVATE_COMMENT,
  'Worth copying',
  'between us',
  // The counts and their words, as the pill and the link marks write them.
  '2 snippets',
  'snippets',
  'from your network',
  'data-count',
];

type Spy = {
  highlights: string[];
  performance: string[];
  markupChanged: boolean;
  markup: string[];
  stylesChanged: boolean;
  styles: string[];
  host: {
    attributes: string[];
    children: number;
    shadowRoot: string;
    text: string;
    style: string;
    box: string;
  } | null;
  sheets: string[];
  windowKeys: string[];
  records: Array<{ added: string[]; removed: string[] } & Record<string, unknown>>;
  messages: string[];
  events: string[];
  selection: string;
  storage: string;
  title: string;
};

let fixtures: FixtureServer;
let browser: ContentOnly;

beforeAll(async () => {
  fixtures = await serveFixtures();
  browser = await launchContentOnly();
});
afterAll(async () => {
  await browser?.close();
  await fixtures?.close();
});

function collect(page: Page): Promise<Spy> {
  return page.evaluate(() => (window as unknown as { __spy: { collect(): Spy } }).__spy.collect());
}

/** The page's screenshot over `box` (viewport coordinates): mean colour and darkest pixel. */
async function pixels(page: Page, box: Box): Promise<Colour> {
  const png = await page.screenshot({ clip: clipOf(box) });
  // Decoded by the browser itself, in a blank tab.
  const tab = await browser.context.newPage();
  try {
    return await tab.evaluate(colourOfPng, png.toString('base64'));
  } finally {
    await tab.close();
  }
}

/** Where the first occurrence of `text` lies in the top document, in viewport coordinates. */
const wordsBox = (page: Page, text: string) => page.evaluate(wordsBoxIn, { text });

describe('what a page can learn from Outloud', () => {
  it('reads no quote, name, comment, count or trace of Outloud, while the person sees the highlights', async () => {
    const url = fixtures.url('/privacy/page.html');
    const pageKey = `${new URL(url).origin}${new URL(url).pathname}`;
    const page_ = engagement(
      pageKey,
      [ANN, BO],
      [
        snippetItem(
          '0190a000-0000-7000-8000-0000000000c1',
          'ann',
          { exact: PUBLIC_QUOTE },
          PUBLIC_COMMENT,
        ),
        {
          ...snippetItem(
            '0190a000-0000-7000-8000-0000000000c2',
            'bo',
            { exact: PRIVATE_QUOTE },
            PRIVATE_COMMENT,
          ),
          visibility: 'private',
        },
      ],
    );
    await browser.setFake({
      engagement: { [pageKey]: page_ },
      links: {
        [normalizeUrl(fixtures.url('/privacy/roadmap.html'))]: { count: 2, people: [ANN, BO] },
      },
    });
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1000, height: 800 });
    await page.goto(url);
    const ui = await OutloudUi.attach(page);
    const notes = page.frame({ url: /frame\.html$/ })!;

    // Outloud is at work: the pill names both people, the link is marked, both quotes are
    // highlighted (the private one inside the frame).
    await expect.poll(() => ui.text('[data-outloud="people"]')).toContain(ANN.name);
    await expect.poll(() => ui.count('[data-outloud="mark"]')).toBe(1);
    await expect.poll(() => highlightTexts(page)).toEqual([PUBLIC_QUOTE]);
    await expect.poll(() => highlightTexts(notes)).toEqual([PRIVATE_QUOTE]);

    // Hovering the highlight shows the card (to the person).
    const [first] = await highlightBoxes(page);
    await page.mouse.move((first!.left + first!.right) / 2, (first!.top + first!.bottom) / 2);
    await expect.poll(() => ui.text('[data-outloud="card"]')).toContain(PUBLIC_COMMENT);

    const spy = await collect(page);
    // Nothing in the page's reach names what was shared, by whom, or how often; the page's own
    // markup holds the quoted words themselves (it is their page), never the rest.
    const QUOTED = new Set([PUBLIC_QUOTE, PRIVATE_QUOTE, 'riskiest assumption', 'hiring freeze']);
    const leaks: string[] = [];
    for (const [part, value] of Object.entries(spy)) {
      const text = JSON.stringify(value);
      for (const secret of SECRETS) {
        if (part === 'markup' && QUOTED.has(secret)) continue;
        if (text.includes(secret)) leaks.push(`${part}: ${secret}`);
      }
      // The word `outloud` appears only as the host element's tag.
      if (/outloud/i.test(text.replace(/outloud-root/gi, ''))) leaks.push(`${part}: outloud`);
    }
    expect(leaks).toEqual([]);

    // Each part on its own, for a clear failure.
    expect(spy.highlights).toEqual([]);
    // No User Timing entries at all (the page's own entries are the browser's: navigation,
    // resources, paints, long frames).
    expect(spy.performance.filter((e) => /^(mark|measure) /.test(e))).toEqual([]);
    expect(spy.markupChanged).toBe(false);
    expect(spy.stylesChanged).toBe(false);
    expect(spy.sheets.join('\n')).not.toContain('::highlight');
    expect(spy.windowKeys).toEqual([]);
    expect(spy.messages).toEqual([]);
    expect(spy.events).toEqual([]);
    // The host element: no attributes, no light-DOM children, no open shadow root, no box.
    expect(spy.host).toMatchObject({ attributes: [], children: 0, shadowRoot: 'null', text: '' });
    expect(spy.host!.style).toContain('display:contents');
    // The page's own nodes were never changed: the only record is the host added to <html>.
    expect(spy.records).toEqual([
      expect.objectContaining({ type: 'childList', target: '<html>', added: ['<outloud-root>'] }),
    ]);
    // Hovering selected nothing.
    expect(spy.selection).toBe('0|None|');

    // Visible to the person: over the quote, the screenshot is yellower (less blue) than the same
    // area with the overlay off, and the letters are as dark as they were.
    await page.mouse.move(2, 2);
    await expect.poll(() => ui.count('[data-outloud="card"]')).toBe(0);
    const words = await wordsBox(page, PUBLIC_QUOTE);
    const on = await pixels(page, words);
    await browser.setFake({
      settings: {
        overlay: false,
        linkMarks: false,
        excluded: false,
        signedIn: true,
        knownPages: true,
      },
      engagement: { [pageKey]: page_ },
    });
    await page.reload();
    await expect.poll(async () => (await highlightBoxes(page)).length).toBe(0);
    expect(await wordsBox(page, PUBLIC_QUOTE)).toEqual(words);
    const off = await pixels(page, words);
    expectHighlighted(on, off);
    await ui.detach();
    await page.close();
  });
});
