/**
 * Highlights: the page's snippets are found in the page text (the pure anchoring in
 * `src/core/anchoring.ts` over the text from `TextMap`), turned into `Range`s and drawn with the
 * CSS Custom Highlight API, so no page node is rewritten. Hovering a highlight shows who shared
 * it and their comment; snippets that cannot be found are reported as orphans, never drawn.
 * Re-anchors (debounced) when the page's content changes, so late-rendered text is picked up.
 * Each drawing leaves a User Timing mark `outloud:highlights-drawn` for profiling.
 */
import type { Quote, Snippet } from '../core/wire.ts';
import type { ContentContext } from './context.ts';
import { rangeAtPoint } from './hit-test.ts';
import { installPageStyle } from './page-style.ts';
import { TextMap, type TextSpan } from './text-map.ts';

export const HIGHLIGHT_NAME = 'outloud-snippet';
export const ACTIVE_HIGHLIGHT_NAME = 'outloud-snippet-active';

/** The only styles Outloud puts in the page itself. */
export const PAGE_CSS = `
::highlight(${HIGHLIGHT_NAME}) { background-color: rgba(255, 204, 0, 0.38); }
::highlight(${ACTIVE_HIGHLIGHT_NAME}) { background-color: rgba(255, 153, 0, 0.6); }
`;

/** Finds each quote in `text`: a span, or null when it is not there. */
export type AnchorQuotes = (text: string, quotes: readonly Quote[]) => Array<TextSpan | null>;

/** How long the page must be quiet before highlights are re-anchored after a change. */
export const REANCHOR_DEBOUNCE_MS = 800;
/** Longest wait for quiet: a page that keeps changing is re-anchored this often. */
export const REANCHOR_MAX_WAIT_MS = 3000;

type HighlightApi = {
  registry: { set(name: string, h: unknown): void; delete(name: string): void };
  create(ranges: Range[]): unknown;
};

function highlightApi(win: Window): HighlightApi | null {
  const w = win as Window & {
    CSS?: { highlights?: HighlightApi['registry'] };
    Highlight?: new (...ranges: Range[]) => unknown;
  };
  const registry = w.CSS?.highlights;
  const Ctor = w.Highlight;
  if (!registry || typeof Ctor !== 'function') return null;
  return { registry, create: (ranges) => new Ctor(...ranges) };
}

export type Highlights = {
  /** Scrolls to snippet `id`'s highlight and shows its card; false when it is not on the page. */
  show(id: string): boolean;
  /** The ranges currently drawn, by snippet id. */
  ranges(): ReadonlyMap<string, Range>;
};

/** Anchors and draws the page's snippets until `signal` aborts. */
export function initHighlights(
  ctx: ContentContext,
  anchor: AnchorQuotes,
  signal: AbortSignal,
): Highlights {
  const { store, doc, win } = ctx;
  const api = highlightApi(win);
  const drawn = new Map<string, Range>();
  let snippets: Snippet[] = [];
  // The page stylesheet goes in only when there is something to draw: adding one makes the
  // browser restyle the whole document.
  let styled = false;

  const clear = () => {
    drawn.clear();
    api?.registry.delete(HIGHLIGHT_NAME);
    api?.registry.delete(ACTIVE_HIGHLIGHT_NAME);
  };

  const draw = () => {
    clear();
    if (snippets.length === 0 || !doc.body) {
      if (store.get().orphans.length) store.set({ orphans: [] });
      return;
    }
    const map = TextMap.build(doc.body, { exclude: ctx.isOwn });
    const spans = anchor(
      map.text,
      snippets.map((s) => s.quote),
    );
    const orphans: string[] = [];
    snippets.forEach((snippet, i) => {
      const span = spans[i];
      const range = span ? map.offsetsToRange(span.start, span.end) : null;
      if (range) drawn.set(snippet.id, range);
      else orphans.push(snippet.id);
    });
    if (api && drawn.size) {
      if (!styled) installPageStyle(PAGE_CSS, signal, doc);
      styled = true;
      api.registry.set(HIGHLIGHT_NAME, api.create([...drawn.values()]));
    }
    store.set({ orphans });
    win.performance.mark('outloud:highlights-drawn', {
      detail: { drawn: drawn.size, orphans: orphans.length },
    });
  };

  // Re-anchor when the page's text changes (late rendering, infinite scroll, SPA views), after
  // a quiet spell, or at the latest after `REANCHOR_MAX_WAIT_MS` on a page that never settles.
  // Observed only while the page has snippets.
  let timer: number | undefined;
  let waitingSince = 0;
  const observer = new MutationObserver(() => {
    const now = win.performance.now();
    if (timer === undefined) waitingSince = now;
    else win.clearTimeout(timer);
    const delay = now - waitingSince > REANCHOR_MAX_WAIT_MS ? 0 : REANCHOR_DEBOUNCE_MS;
    timer = win.setTimeout(() => {
      timer = undefined;
      draw();
    }, delay);
  });
  let observing = false;
  const observe = () => {
    if (snippets.length > 0 && !observing && doc.body) {
      observer.observe(doc.body, { childList: true, subtree: true, characterData: true });
      observing = true;
    } else if (snippets.length === 0 && observing) {
      observer.disconnect();
      observing = false;
    }
  };

  const unsubscribe = store.subscribe(() => {
    const engagement = store.get().engagement;
    const next = engagement?.snippets ?? [];
    if (next === snippets) return;
    snippets = next;
    observe();
    draw();
  });
  signal.addEventListener('abort', unsubscribe, { once: true });
  snippets = store.get().engagement?.snippets ?? [];
  observe();
  draw();

  // Hover: which highlight is under the pointer, checked at most once per frame.
  let pending: { x: number; y: number; overUi: boolean } | null = null;
  const onMove = (event: MouseEvent) => {
    if (drawn.size === 0) return;
    const overUi = event.composedPath().some((n) => n instanceof Element && ctx.isOwn(n));
    const scheduled = pending !== null;
    pending = { x: event.clientX, y: event.clientY, overUi };
    if (scheduled) return;
    win.requestAnimationFrame(() => {
      const p = pending!;
      pending = null;
      if (p.overUi) return; // keep the card while the pointer is on it
      const id = rangeAtPoint(doc, drawn, p.x, p.y);
      const card = store.get().card;
      if (id === null) {
        if (card) store.set({ card: null });
      } else if (card?.snippetId !== id) {
        store.set({ card: { snippetId: id, x: p.x, y: p.y + 18 } });
      }
    });
  };
  doc.addEventListener('mousemove', onMove, { passive: true, signal });

  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      if (timer !== undefined) win.clearTimeout(timer);
      clear();
    },
    { once: true },
  );

  return {
    show(id) {
      const range = drawn.get(id);
      if (!range) return false;
      const target = range.startContainer.parentElement;
      target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      if (api) api.registry.set(ACTIVE_HIGHLIGHT_NAME, api.create([range]));
      // Place the card once scrolling has settled.
      win.setTimeout(() => {
        const rect = range.getBoundingClientRect();
        store.set({ card: { snippetId: id, x: rect.left, y: rect.bottom + 6 } });
      }, 400);
      return true;
    },
    ranges: () => drawn,
  };
}
