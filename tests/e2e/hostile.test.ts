/**
 * Hostile pages (`tests/fixtures/hostile/`): a strict CSP, 50,000 nodes, nested frames, open
 * and closed shadow DOM, overridden built-ins, a page that removes foreign nodes, infinite
 * scroll. On each, the page keeps working, its own scripts see no errors (collected in the
 * page by `collect-errors.js`), and Outloud's overlay, highlight and marks appear where they can.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeUrl } from '../../src/core/url.ts';
import {
  type ContentOnly,
  engagement,
  highlightTexts,
  launchContentOnly,
  OutloudUi,
  snippetItem,
} from './content-harness.ts';
import { type FixtureServer, serveFixtures } from './harness.ts';

const QUOTE = 'shared context for the whole organisation';
const ANN = { handle: 'ann', name: 'Ann Author' };

let fixtures: FixtureServer;
let browser: ContentOnly;

type PageReport = { errors: string[]; violations: string[] };

function report(page: Page): Promise<PageReport> {
  return page.evaluate(() => {
    const w = window as unknown as { __errors: string[]; __violations: string[] };
    return { errors: w.__errors, violations: w.__violations };
  });
}

/** Opens a hostile fixture whose engagement has one snippet and whose links are known. */
async function openHostile(path: string): Promise<{ page: Page; ui: OutloudUi }> {
  const url = fixtures.url(path);
  const pageKey = `${new URL(url).origin}${new URL(url).pathname}`;
  await browser.setFake({
    engagement: {
      [pageKey]: engagement(
        pageKey,
        [ANN],
        [snippetItem('0190a000-0000-7000-8000-0000000000aa', 'ann', { exact: QUOTE }, 'Hostile.')],
      ),
    },
    links: { [normalizeUrl(fixtures.url('/content/article.html'))]: { count: 3, people: [ANN] } },
  });
  const page = await browser.context.newPage();
  await page.goto(url);
  const ui = await OutloudUi.attach(page);
  return { page, ui };
}

async function expectOverlay(page: Page, ui: OutloudUi): Promise<void> {
  await expect.poll(() => ui.text('[data-outloud="people"]')).toBe('\u2068Ann Author\u2069');
  // Styled by the shadow root's adopted sheet: fixed in the corner, with a size.
  expect(await ui.style('[data-outloud="overlay"]', 'position')).toBe('fixed');
  const { x, y } = await ui.centre('[data-outloud="pill"]');
  const viewport = page.viewportSize()!;
  expect(x).toBeGreaterThan(0);
  expect(x).toBeLessThan(viewport.width);
  expect(y).toBeLessThan(viewport.height);
  await expect.poll(() => highlightTexts(page)).toEqual([QUOTE]);
}

beforeAll(async () => {
  fixtures = await serveFixtures();
  browser = await launchContentOnly();
});
afterAll(async () => {
  await browser?.close();
  await fixtures?.close();
});

describe('hostile pages', () => {
  it('works under a strict CSP without causing violations', async () => {
    const { page, ui } = await openHostile('/hostile/csp.html');
    await expectOverlay(page, ui);
    await expect.poll(async () => (await ui.texts('[data-outloud="mark"]')).length).toBe(1);
    // The highlight is drawn in the shadow root: the page got no stylesheet and no registry entry.
    const pageSide = await page.evaluate(() => ({
      adopted: document.adoptedStyleSheets.length,
      registry: CSS.highlights.size,
    }));
    expect(pageSide).toEqual({ adopted: 0, registry: 0 });
    const ticks = await page.evaluate(
      () => (window as unknown as { __pageTicks: number }).__pageTicks,
    );
    expect(ticks).toBeGreaterThan(0);
    expect(await report(page)).toEqual({ errors: [], violations: [] });
    await ui.detach();
    await page.close();
  });

  it('copes with 50,000 nodes', async () => {
    const { page, ui } = await openHostile('/hostile/big.html');
    expect(
      await page.evaluate(() => (window as unknown as { __nodes: number }).__nodes),
    ).toBeGreaterThan(50_000);
    await page.evaluate(() => document.getElementById('key')!.scrollIntoView());
    await expectOverlay(page, ui);
    await expect.poll(async () => (await ui.texts('[data-outloud="mark"]')).length).toBe(1);
    expect(await report(page)).toEqual({ errors: [], violations: [] });
    await ui.detach();
    await page.close();
  });

  it('stays in the top frame of nested frames', async () => {
    const { page, ui } = await openHostile('/hostile/frames.html');
    await expectOverlay(page, ui);
    await expect.poll(() => page.frames().length).toBe(4);
    for (const frame of page.frames().slice(1)) {
      expect(await frame.evaluate(() => document.querySelectorAll('outloud-root').length)).toBe(0);
    }
    expect(await report(page)).toEqual({ errors: [], violations: [] });
    await ui.detach();
    await page.close();
  });

  it('leaves open and closed shadow DOM of the page alone', async () => {
    const { page, ui } = await openHostile('/hostile/shadow.html');
    await expectOverlay(page, ui);
    expect(
      await page.evaluate(() => (window as unknown as { __shadowOk: boolean }).__shadowOk),
    ).toBe(true);
    expect(await report(page)).toEqual({ errors: [], violations: [] });
    await ui.detach();
    await page.close();
  });

  it('is unaffected by a page that overrides Array.prototype, attachShadow and observers', async () => {
    const { page, ui } = await openHostile('/hostile/overrides.html');
    await expectOverlay(page, ui);
    await expect.poll(async () => (await ui.texts('[data-outloud="mark"]')).length).toBe(1);
    expect(await report(page)).toEqual({ errors: [], violations: [] });
    await ui.detach();
    await page.close();
  });

  it('survives a page that removes foreign nodes from body', async () => {
    const { page, ui } = await openHostile('/hostile/remover.html');
    await expectOverlay(page, ui);
    expect(await page.evaluate(() => (window as unknown as { __removed: number }).__removed)).toBe(
      0,
    );
    expect(await report(page)).toEqual({ errors: [], violations: [] });
    await ui.detach();
    await page.close();
  });

  it('gives up, boundedly, on a page that keeps removing its host from <html>', async () => {
    const { page, ui } = await openHostile('/hostile/remover.html?strict');
    await page.waitForTimeout(1000);
    const removed = await page.evaluate(
      () => (window as unknown as { __removed: number }).__removed,
    );
    expect(removed).toBeGreaterThan(0);
    expect(removed).toBeLessThanOrEqual(21); // the first attach and at most 20 re-attaches
    // The page stays responsive and error-free.
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    expect(await report(page)).toEqual({ errors: [], violations: [] });
    await ui.detach();
    await page.close();
  });

  it('keeps up with infinite scroll', async () => {
    const { page, ui } = await openHostile('/hostile/infinite.html');
    await expectOverlay(page, ui);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __batches: number }).__batches), {
        timeout: 10_000,
      })
      .toBe(30);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    // Every third post links to a known page; the marks follow the posts in view.
    await expect
      .poll(async () => (await ui.texts('[data-outloud="mark"]')).length)
      .toBeGreaterThan(3);
    const marked = await ui.texts('[data-outloud="mark"]');
    expect(marked.every((t) => t === '3')).toBe(true);
    expect(await report(page)).toEqual({ errors: [], violations: [] });
    await ui.detach();
    await page.close();
  });
});
