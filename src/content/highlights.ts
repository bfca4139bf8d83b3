/**
 * Highlights: the page's snippets are found in the page text (the pure anchoring in
 * `src/core/anchoring.ts` over the text from `TextMap`), turned into `Range`s and drawn as boxes
 * inside Outloud's closed shadow root (highlight-layer.ts), so no page node is rewritten and a
 * page's scripts can read nothing of them (no `CSS.highlights` registry, no `::highlight` rule).
 * Hovering a highlight shows who shared it and their comment; snippets that cannot be found are
 * reported as orphans, never drawn. Re-anchors (debounced) when the page's content changes, so
 * late-rendered text is picked up.
 *
 * Quotes are looked for in the top document's text first and, for those not found there, in
 * each reachable same-origin frame's text (frames.ts), since a snippet may have been shared
 * from a frame. A frame's boxes are drawn in the same layer, over the frame and clipped to it.
 */
import type { Quote, Snippet } from '../core/wire.ts';
import type { ContentContext } from './context.ts';
import { type FrameDoc, type FrameWatch, frameOffset, quietly } from './frames.ts';
import type { HighlightLayer, Painted } from './highlight-layer.ts';
import { rangeAtPoint } from './hit-test.ts';
import { TextMap, type TextSpan } from './text-map.ts';

/** Finds each quote in `text`: a span, or null when it is not there. */
export type AnchorQuotes = (text: string, quotes: readonly Quote[]) => Array<TextSpan | null>;

/** How long the page must be quiet before highlights are re-anchored after a change. */
export const REANCHOR_DEBOUNCE_MS = 800;
/** Longest wait for quiet: a page that keeps changing is re-anchored this often. */
export const REANCHOR_MAX_WAIT_MS = 3000;

/** The snippets drawn in one document: the top one (`path` empty) or a frame's. */
type Layer = { doc: Document; path: readonly Element[] };

export type Highlights = {
  /** Scrolls to snippet `id`'s highlight and shows its card; false when it is not on the page. */
  show(id: string): boolean;
  /** The ranges currently drawn, by snippet id (ranges in frames belong to their documents). */
  ranges(): ReadonlyMap<string, Range>;
};

/** Anchors and draws the page's snippets (and those in same-origin frames) until `signal` aborts. */
export function initHighlights(
  ctx: ContentContext,
  anchor: AnchorQuotes,
  frames: FrameWatch,
  paint: HighlightLayer,
  signal: AbortSignal,
): Highlights {
  const { store, doc, win } = ctx;
  const drawn = new Map<string, Range>();
  const layerOf = new Map<string, Layer>();
  let snippets: Snippet[] = [];
  /** Some quote was not in the top document's text at the last drawing: frames matter. */
  let inFrames = false;
  const hovered = new WeakSet<Document>();

  const clear = () => {
    drawn.clear();
    layerOf.clear();
  };

  /** The drawn ranges of one document, for hit-testing there. */
  const rangesIn = (d: Document) => {
    const out = new Map<string, Range>();
    for (const [id, range] of drawn) if (layerOf.get(id)?.doc === d) out.set(id, range);
    return out;
  };

  // Hover: which highlight is under the pointer, checked at most once per frame. Points in a
  // frame are moved into top-window coordinates for the card.
  let pending: { x: number; y: number; overUi: boolean; layer: Layer | null } | null = null;
  const onMove = (event: MouseEvent, layer: Layer | null) => {
    if (drawn.size === 0) return;
    const overUi = !layer && event.composedPath().some((n) => n instanceof Element && ctx.isOwn(n));
    const scheduled = pending !== null;
    pending = { x: event.clientX, y: event.clientY, overUi, layer };
    if (scheduled) return;
    win.requestAnimationFrame(() => {
      const p = pending!;
      pending = null;
      if (p.overUi) return; // keep the card while the pointer is on it
      const where = p.layer?.doc ?? doc;
      let id: string | null;
      let off = { x: 0, y: 0 };
      try {
        id = rangeAtPoint(where, rangesIn(where), p.x, p.y);
        if (id !== null && p.layer) off = frameOffset(p.layer.path);
      } catch {
        id = null; // the frame went away under the pointer
      }
      const card = store.get().card;
      if (id === null) {
        if (card) store.set({ card: null });
      } else if (card?.snippetId !== id) {
        store.set({ card: { snippetId: id, x: p.x + off.x, y: p.y + off.y + 18 } });
      }
    });
  };
  doc.addEventListener('mousemove', (e) => onMove(e, null), { passive: true, signal });
  function hoverIn(layer: Layer): void {
    if (hovered.has(layer.doc)) return;
    hovered.add(layer.doc);
    layer.doc.addEventListener('mousemove', (e) => onMove(e, layer), { passive: true, signal });
  }

  /** Anchors the quotes of snippets `wanted` (indexes) in `layer`; answers those not found. */
  const anchorIn = (layer: Layer, wanted: number[]): number[] => {
    const body = layer.doc.body;
    if (!body || wanted.length === 0) return wanted;
    const map = TextMap.build(body, { exclude: ctx.isOwn });
    const spans = anchor(
      map.text,
      wanted.map((i) => snippets[i]!.quote),
    );
    const missing: number[] = [];
    let found = false;
    wanted.forEach((index, k) => {
      const span = spans[k];
      const range = span ? map.offsetsToRange(span.start, span.end) : null;
      if (!range) {
        missing.push(index);
        return;
      }
      const id = snippets[index]!.id;
      drawn.set(id, range);
      layerOf.set(id, layer);
      found = true;
    });
    if (found && layer.path.length > 0) hoverIn(layer);
    return missing;
  };

  const paintDrawn = () => {
    const items: Painted[] = [];
    for (const [id, range] of drawn) items.push({ id, range, path: layerOf.get(id)?.path ?? [] });
    paint.draw(items);
  };

  const draw = () => {
    clear();
    if (snippets.length === 0 || !doc.body) {
      paintDrawn();
      if (store.get().orphans.length) store.set({ orphans: [] });
      return;
    }
    let missing = anchorIn(
      { doc, path: [] },
      snippets.map((_, i) => i),
    );
    inFrames = missing.length > 0;
    // Quotes not in the page itself may come from one of its same-origin frames.
    for (const frame of missing.length ? frames.list() : []) {
      quietly(() => {
        missing = anchorIn(frame, missing);
        observeFrame(frame);
      });
      if (missing.length === 0) break;
    }
    const orphans = missing.map((i) => snippets[i]!.id);
    paintDrawn();
    store.set({ orphans });
    if (__OUTLOUD_BENCH__) {
      win.performance.mark('outloud:highlights-drawn', {
        detail: { drawn: drawn.size, orphans: orphans.length },
      });
    }
  };

  // Re-anchor when the page's text changes (late rendering, infinite scroll, SPA views), after
  // a quiet spell, or at the latest after `REANCHOR_MAX_WAIT_MS` on a page that never settles.
  // Observed only while the page has snippets; frames only while some quote is not in the page.
  let timer: number | undefined;
  let waitingSince = 0;
  const schedule = () => {
    const now = win.performance.now();
    if (timer === undefined) waitingSince = now;
    else win.clearTimeout(timer);
    const delay = now - waitingSince > REANCHOR_MAX_WAIT_MS ? 0 : REANCHOR_DEBOUNCE_MS;
    timer = win.setTimeout(() => {
      timer = undefined;
      draw();
    }, delay);
  };
  const observer = new MutationObserver(schedule);
  const options = { childList: true, subtree: true, characterData: true };
  let observing = false;
  const observe = () => {
    if (snippets.length > 0 && !observing && doc.body) {
      observer.observe(doc.body, options);
      observing = true;
    } else if (snippets.length === 0 && observing) {
      observer.disconnect();
      observing = false;
    }
  };
  function observeFrame(frame: FrameDoc): void {
    if (observing && frame.doc.body) observer.observe(frame.doc.body, options);
  }
  // A frame that (re)loads may bring a quote not found so far, or lose one drawn there; when
  // every quote is in the page itself, frames (rotating ads) reloading cost nothing.
  frames.onLoad(() => {
    if (snippets.length > 0 && inFrames) schedule();
  });

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
      const layer = layerOf.get(id);
      if (!range || !layer) return false;
      // Scrolling an element in a frame into view scrolls the frames around it too.
      const target = range.startContainer.parentElement;
      target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      paint.setActive(id);
      // Place the card once scrolling has settled.
      win.setTimeout(() => {
        quietly(() => {
          const rect = range.getBoundingClientRect();
          const off = frameOffset(layer.path);
          store.set({
            card: { snippetId: id, x: rect.left + off.x, y: rect.bottom + off.y + 6 },
          });
        });
      }, 400);
      return true;
    },
    ranges: () => drawn,
  };
}
