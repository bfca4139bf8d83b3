/**
 * In-page half of the content benchmark, bundled by `content.bench.ts` and injected into the
 * page's main world: anchoring and drawing highlights (as boxes in a closed shadow root, as the
 * content script does, and with the CSS Custom Highlight API it used before, as a baseline),
 * and link collection, with the content script's own modules. Answers plain numbers through
 * `window.__outloudBench`.
 */
import {
  createHighlightLayer,
  HIGHLIGHT_CSS,
  type HighlightLayer,
  type Painted,
} from '../../src/content/highlight-layer.ts';
import { createHost } from '../../src/content/host.ts';
import { anchorsIn, createLinkIndex, indexLinksSliced } from '../../src/content/link-collect.ts';
import { TextMap } from '../../src/content/text-map.ts';
import { UI_CSS } from '../../src/content/ui/styles.ts';
import { type AnchorInput, anchorAll, describeQuote } from '../../src/core/anchoring.ts';

/** `n` quotes of `length` characters spread evenly over the page text. */
function makeQuotes({ n, length }: { n: number; length: number }): AnchorInput[] {
  const map = TextMap.build(document.body);
  const quotes: AnchorInput[] = [];
  const step = Math.floor((map.text.length - length) / n);
  for (let i = 0; i < n; i++) {
    const start = i * step + 7;
    quotes.push(describeQuote(map.text, start, start + length));
  }
  return quotes;
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
  );
}

let layer: { paint: HighlightLayer; abort: AbortController; items: Painted[] } | null = null;

/**
 * Anchors `quotes` over the page text and draws them as boxes in a closed shadow root (what the
 * content script does); milliseconds until the boxes are placed and until painted.
 */
async function anchorAndBox(
  quotes: AnchorInput[],
): Promise<{ ms: number; painted: number; found: number; boxes: number }> {
  layer?.abort.abort();
  const abort = new AbortController();
  const host = createHost(UI_CSS + HIGHLIGHT_CSS, abort.signal);
  const paint = createHighlightLayer(document, window, () => host.shadow, abort.signal);
  await nextFrame();
  const t0 = performance.now();
  const map = TextMap.build(document.body, { exclude: (e) => e === host.element });
  const spans = anchorAll(map.text, quotes);
  const items: Painted[] = [];
  spans.forEach((s, i) => {
    const range = s ? map.offsetsToRange(s.start, s.end) : null;
    if (range) items.push({ id: String(i), range, path: [] });
  });
  paint.draw(items);
  const ms = performance.now() - t0;
  await nextFrame();
  layer = { paint, abort, items };
  return { ms, painted: performance.now() - t0, found: items.length, boxes: paint.boxes() };
}

/**
 * Scrolls by a screen and places the boxes drawn by `anchorAndBox` again, as the layer does on
 * every scroll, resize or reflow frame; milliseconds of the placement.
 */
async function replaceBoxes(): Promise<number> {
  if (!layer) throw new Error('anchorAndBox first');
  window.scrollBy(0, window.innerHeight);
  await nextFrame();
  const t0 = performance.now();
  layer.paint.draw(layer.items);
  return performance.now() - t0;
}

/**
 * Baseline: anchors `quotes` and draws them with the CSS Custom Highlight API (the shared
 * registry the content script used before; pages can read it); milliseconds until registered
 * and until painted.
 */
async function anchorAndDraw(
  quotes: AnchorInput[],
): Promise<{ ms: number; painted: number; found: number }> {
  CSS.highlights.delete('bench');
  const t0 = performance.now();
  const map = TextMap.build(document.body);
  const spans = anchorAll(map.text, quotes);
  const ranges: Range[] = [];
  for (const s of spans) {
    const r = s ? map.offsetsToRange(s.start, s.end) : null;
    if (r) ranges.push(r);
  }
  CSS.highlights.set('bench', new Highlight(...ranges));
  const ms = performance.now() - t0;
  await nextFrame();
  return { ms, painted: performance.now() - t0, found: ranges.length };
}

/** Baseline: reading the page's text once, the least any highlighter must do. */
function readText(): number {
  const t0 = performance.now();
  const n = document.body.textContent?.length ?? 0;
  if (n < 0) throw new Error('unreachable');
  return performance.now() - t0;
}

/** Collects and normalises every link in slices; total time, longest task seen, targets. */
async function markLinks(): Promise<{ ms: number; longest: number; targets: number }> {
  const tasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push(e.duration);
  });
  observer.observe({ type: 'longtask' });
  const t0 = performance.now();
  const index = createLinkIndex();
  const fresh = await indexLinksSliced(
    window,
    anchorsIn(document),
    index,
    null,
    new AbortController().signal,
  );
  const ms = performance.now() - t0;
  await nextFrame();
  observer.disconnect();
  return { ms, longest: Math.max(0, ...tasks), targets: fresh.length };
}

/** Baseline: finding every link and reading its resolved `href`. */
function readLinks(): number {
  const t0 = performance.now();
  let total = 0;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[href]')) total += a.href.length;
  if (total < 0) throw new Error('unreachable');
  return performance.now() - t0;
}

(window as unknown as { __outloudBench: unknown }).__outloudBench = {
  makeQuotes,
  anchorAndBox,
  replaceBoxes,
  anchorAndDraw,
  readText,
  markLinks,
  readLinks,
};
