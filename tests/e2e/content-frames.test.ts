/**
 * Snippets from same-origin frames, in real Chromium with the real content script (top frame
 * only) and the stand-in background: words selected inside an `<iframe>` get the share button
 * (placed over them in the top window), the composer quotes them, and the snippet is saved for
 * the top page; reopened, quotes are highlighted over the frames they come from (boxes in the
 * top page's closed shadow root, nothing in the frame), including a nested frame and one added
 * after load; the
 * side panel's scroll-to reaches a frame below the fold; `Alt+Shift+S` (`outloud:open-composer`)
 * picks the focused frame's selection; a sandboxed (opaque-origin) frame is never read.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ContentOnly,
  closeTab,
  engagement,
  frameOf,
  highlightBoxes,
  highlightTexts,
  launchContentOnly,
  openStarted,
  selectInFrame,
  snippetItem,
} from './content-harness.ts';
import { type FixtureServer, serveFixtures } from './harness.ts';

const PAGE = '/content/framed.html';
const QUOTE = 'rolled out to one region first';
const NESTED = 'the changelog lists every migration';
const LATE = 'migrations run before the deploy';
const SANDBOXED = 'A sandboxed frame Outloud must not read';
const ANN = { handle: 'ann', name: 'Ann Author' };
const IDS = {
  frame: '0190a000-0000-7000-8000-0000000000f1',
  nested: '0190a000-0000-7000-8000-0000000000f2',
  late: '0190a000-0000-7000-8000-0000000000f3',
  sandboxed: '0190a000-0000-7000-8000-0000000000f4',
};

let fixtures: FixtureServer;
let browser: ContentOnly;
/** The selector the content script built for the words in the frame. */
let sharedQuote: Record<string, unknown> | undefined;

const open = () => openStarted(browser, fixtures.url(PAGE));
const close = closeTab;

type Box = { left: number; right: number; top: number; bottom: number };

/**
 * Where the selection in a frame is, or Outloud's highlight boxes over the frame's words `QUOTE`
 * (the boxes drawn in its shadow root that cross those words), in top-window coordinates.
 */
async function rectInTop(
  page: Page,
  frameIds: string[],
  what: 'highlight' | 'selection',
): Promise<Box> {
  const words = await page.evaluate(
    ([ids, w, quote]) => {
      let x = 0;
      let y = 0;
      let doc = document;
      for (const id of ids) {
        const el = doc.getElementById(id) as HTMLIFrameElement;
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        x += r.left + el.clientLeft + Number.parseFloat(s.paddingLeft);
        y += r.top + el.clientTop + Number.parseFloat(s.paddingTop);
        doc = el.contentDocument!;
      }
      let range: Range | null = null;
      if (w === 'selection') range = doc.getSelection()!.getRangeAt(0);
      else {
        const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
        for (
          let n = walker.nextNode() as Text | null;
          n && !range;
          n = walker.nextNode() as Text | null
        ) {
          const i = n.data.indexOf(quote);
          if (i < 0) continue;
          range = doc.createRange();
          range.setStart(n, i);
          range.setEnd(n, i + quote.length);
        }
      }
      if (!range) throw new Error(`no "${quote}" in the frame`);
      const rects = range.getClientRects();
      const last = rects[rects.length - 1]!;
      const first = rects[0]!;
      return {
        left: first.left + x,
        right: last.right + x,
        top: first.top + y,
        bottom: last.bottom + y,
      };
    },
    [frameIds, what, QUOTE] as const,
  );
  if (what === 'selection') return words;
  const over = (await highlightBoxes(page)).filter(
    (b) =>
      b.right > words.left && b.left < words.right && b.bottom > words.top && b.top < words.bottom,
  );
  if (over.length === 0) throw new Error('no highlight box over the words');
  return {
    left: Math.min(...over.map((b) => b.left)),
    right: Math.max(...over.map((b) => b.right)),
    top: Math.min(...over.map((b) => b.top)),
    bottom: Math.max(...over.map((b) => b.bottom)),
  };
}

beforeAll(async () => {
  fixtures = await serveFixtures();
  browser = await launchContentOnly();
});
afterAll(async () => {
  await browser?.close();
  await fixtures?.close();
});

describe('sharing from a same-origin frame', () => {
  it('shows the share button over words selected in the frame, and saves them for the top page', async () => {
    await browser.setFake({});
    const { page, ui } = await open();
    const notes = await frameOf(page, 'notes');
    await page.evaluate(() => document.getElementById('notes')!.scrollIntoView());

    // A page script selecting and faking a mouseup inside the frame shows nothing.
    await notes.evaluate((t) => {
      const p = document.getElementById('quote')!.firstChild as Text;
      const range = document.createRange();
      range.setStart(p, p.data.indexOf(t));
      range.setEnd(p, p.data.indexOf(t) + t.length);
      getSelection()!.addRange(range);
      document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    }, QUOTE);
    await page.waitForTimeout(300);
    const loads = async () =>
      (await browser.calls()).filter((c) => c.method === 'loadOverlay').length;
    expect(await loads()).toBe(0);

    await selectInFrame(page, notes, QUOTE);
    await expect.poll(() => ui.count('[data-outloud="share-selection"]')).toBe(1);
    expect(await loads()).toBe(1);
    // Placed at the end of the selection, in top-window coordinates.
    const end = await rectInTop(page, ['notes'], 'selection');
    const style = (await ui.attr('[data-outloud="share-selection"]', 'style')) ?? '';
    const left = Number.parseFloat(/left:\s*([\d.-]+)px/.exec(style)?.[1] ?? 'NaN');
    const top = Number.parseFloat(/top:\s*([\d.-]+)px/.exec(style)?.[1] ?? 'NaN');
    expect(Math.abs(left - end.right)).toBeLessThan(1);
    expect(Math.abs(top - (end.bottom + 4))).toBeLessThan(1);

    await ui.click('[data-outloud="share-selection"]');
    await expect.poll(() => ui.text('[data-outloud="quote"]')).toBe(QUOTE);
    await page.keyboard.type('Staged rollouts, as agreed.');
    await ui.click('[data-outloud="share"]');
    await expect.poll(() => ui.text('[data-outloud="notice"]')).toBe('Snippet shared.');

    const share = (await browser.calls()).find((c) => c.method === 'shareSnippet');
    expect(share?.params).toMatchObject({
      url: fixtures.url(PAGE),
      title: 'Release notes, embedded',
      comment: 'Staged rollouts, as agreed.',
      quote: { exact: QUOTE },
    });
    // Described over the frame's own text.
    const quote = share!.params.quote as { prefix: string; suffix: string };
    expect(quote.prefix.endsWith('Every release is ')).toBe(true);
    expect(quote.suffix.startsWith(', and rollbacks take one')).toBe(true);
    sharedQuote = share!.params.quote as Record<string, unknown>;
    // The selection it came from is cleared once shared.
    expect(await notes.evaluate(() => getSelection()!.toString())).toBe('');
    await close(page, ui);
  });

  it('opens the composer on the keyboard command for the focused frame, or the only frame with a selection', async () => {
    await browser.setFake({});
    const { page, ui } = await open();
    const notes = await frameOf(page, 'notes');
    // A selection in the top document, then one in the frame, where the focus now is.
    await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('top-text')!);
      getSelection()!.addRange(range);
    });
    await page.evaluate(() => document.getElementById('notes')!.scrollIntoView());
    await selectInFrame(page, notes, 'Version 2.4 ships on Thursday');
    expect(await page.evaluate(() => getSelection()!.toString())).toContain('embeds the release');
    const command = () =>
      browser.worker.evaluate(async () => {
        const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
        return chrome.tabs.sendMessage(tab!.id!, { type: 'outloud:open-composer' });
      });
    expect(await command()).toEqual({ ok: true });
    await expect
      .poll(() => ui.text('[data-outloud="quote"]'))
      .toBe('Version 2.4 ships on Thursday');
    await page.keyboard.press('Escape');
    await expect.poll(() => ui.count('[data-outloud="composer"]')).toBe(0);

    // The focus back in the top document, whose selection is gone: the frame's is the only one.
    await page.evaluate(() => getSelection()!.removeAllRanges());
    const beside = (await (await notes.frameElement()).boundingBox())!;
    await page.mouse.click(8, beside.y + 20); // the top page's margin, left of the frame
    await expect.poll(() => page.evaluate(() => document.activeElement?.localName)).toBe('body');
    expect(await command()).toEqual({ ok: true });
    await expect
      .poll(() => ui.text('[data-outloud="quote"]'))
      .toBe('Version 2.4 ships on Thursday');
    await close(page, ui);
  });
});

describe('highlights in same-origin frames', () => {
  const withSnippets = () => {
    const url = fixtures.url(PAGE);
    return {
      [url]: engagement(
        url,
        [ANN],
        [
          snippetItem(IDS.frame, 'ann', sharedQuote!, 'Staged rollouts, as agreed.'),
          snippetItem(IDS.nested, 'ann', { exact: NESTED }),
          snippetItem(IDS.late, 'ann', { exact: LATE }),
          snippetItem(IDS.sandboxed, 'ann', { exact: SANDBOXED }),
        ],
      ),
    };
  };

  it('highlights quotes in the frames they come from, and nothing in a frame it may not read', async () => {
    expect(sharedQuote).toBeDefined();
    await browser.setFake({ engagement: withSnippets() });
    const { page, ui } = await open();
    const notes = await frameOf(page, 'notes');
    const nested = await frameOf(notes, 'nested');
    await expect.poll(() => highlightTexts(notes)).toEqual([QUOTE]);
    await expect.poll(() => highlightTexts(nested)).toEqual([NESTED]);
    // The frame added 700 ms after load is read once it is there.
    const late = await frameOf(page, 'late');
    await expect.poll(() => highlightTexts(late), { timeout: 10_000 }).toEqual([LATE]);
    // Nothing drawn in the top document, and the sandboxed frame's words are "not found".
    expect(await highlightTexts(page)).toEqual([]);
    await ui.click('[data-outloud="more"]');
    await expect.poll(() => ui.text('[data-outloud="orphans"]')).toContain('sandboxed frame');
    expect(await ui.text('[data-outloud="orphans"]')).not.toContain('one region');

    // The frame's document got nothing: no sheet, no node, no registry entry (the boxes are in
    // the top page's closed shadow root).
    const styled = await notes.evaluate(() => ({
      adopted: document.adoptedStyleSheets.length,
      styles: document.querySelectorAll('style').length,
      registry: CSS.highlights.size,
    }));
    expect(styled).toEqual({ adopted: 0, styles: 1, registry: 0 });

    // Hovering the words in the frame shows who shared them.
    await page.evaluate(() => document.getElementById('notes')!.scrollIntoView());
    const box = await rectInTop(page, ['notes'], 'highlight');
    await page.mouse.move((box.left + box.right) / 2, (box.top + box.bottom) / 2);
    await expect
      .poll(() => ui.text('[data-outloud="card"]'))
      .toContain('Shared by \u2068Ann Author\u2069');
    expect(await ui.text('[data-outloud="card"]')).toContain('Staged rollouts, as agreed.');
    await close(page, ui);
  });

  it('scrolls to a highlight inside a frame below the fold when the side panel asks', async () => {
    await browser.setFake({ engagement: withSnippets() });
    const { page, ui } = await open();
    const notes = await frameOf(page, 'notes');
    await expect.poll(() => highlightTexts(notes)).toEqual([QUOTE]);
    const before = await rectInTop(page, ['notes'], 'highlight');
    const viewport = page.viewportSize()!;
    expect(before.top).toBeGreaterThan(viewport.height);

    await browser.worker.evaluate(async (id) => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      await chrome.tabs.sendMessage(tab!.id!, { type: 'outloud:scroll-to', snippetId: id });
    }, IDS.frame);
    await expect.poll(() => highlightTexts(notes, 'active')).toEqual([QUOTE]);
    await expect
      .poll(async () => {
        const r = await rectInTop(page, ['notes'], 'highlight');
        return r.top >= 0 && r.bottom <= viewport.height;
      })
      .toBe(true);
    await expect.poll(() => ui.text('[data-outloud="card"]')).toContain('Ann Author');
    // The card sits under the words, in top-window coordinates.
    const card = await ui.centre('[data-outloud="card"]');
    const after = await rectInTop(page, ['notes'], 'highlight');
    expect(card.y).toBeGreaterThan(after.bottom);
    await close(page, ui);
  });

  it('follows the person into a frame on a page whose overlay was already showing', async () => {
    await browser.setFake({ engagement: withSnippets() });
    const { page, ui } = await open();
    await expect.poll(() => ui.count('[data-outloud="pill"]')).toBe(1);
    // The nested frame, two levels down, after the overlay was mounted.
    const nested = await frameOf(await frameOf(page, 'notes'), 'nested');
    await page.evaluate(() => document.getElementById('notes')!.scrollIntoView());
    await selectInFrame(page, nested, 'Nested footnote');
    await expect.poll(() => ui.count('[data-outloud="share-selection"]')).toBe(1);
    const end = await rectInTop(page, ['notes', 'nested'], 'selection');
    const style = (await ui.attr('[data-outloud="share-selection"]', 'style')) ?? '';
    const left = Number.parseFloat(/left:\s*([\d.-]+)px/.exec(style)?.[1] ?? 'NaN');
    expect(Math.abs(left - end.right)).toBeLessThan(1);
    await ui.click('[data-outloud="share-selection"]');
    await expect.poll(() => ui.text('[data-outloud="quote"]')).toBe('Nested footnote');
    await close(page, ui);
  });
});
