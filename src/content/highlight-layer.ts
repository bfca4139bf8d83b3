/**
 * Draws highlights as boxes inside Outloud's closed shadow root, over the quote's text, so a
 * page learns nothing from them: no shared `CSS.highlights` registry, no `::highlight` rule, no
 * node or attribute in the page. Each box is absolutely positioned in document coordinates (the
 * host is `display: contents`, so the boxes scroll with the page on the compositor, and each
 * joins the page's root stacking context, where `mix-blend-mode: multiply` tints the text's
 * background like a highlighter and leaves the letters readable; `screen` on dark pages).
 *
 * Boxes are placed again (at most once per frame) when anything may have moved them: scrolling
 * (of the page, of a container or of a frame), resizing, a reflow (ResizeObserver on the
 * documents, MutationObserver of their attributes and nodes) and web fonts loading. Text in a
 * scrolling container is clipped to it, text in a frame to the frame's viewport, and text that
 * is not visible (`visibility: hidden`) gets no box. The geometry is pure
 * (src/core/highlight-geometry.ts); this module only measures and writes styles.
 */
import {
  isDarkBackground,
  layoutBoxes,
  type Point,
  paddingBox,
  type Rect,
} from '../core/highlight-geometry.ts';
import { frameBox, frameOffset, quietly } from './frames.ts';

/** One snippet's text on the page: its range, and the frames it lies in (empty: the page). */
export type Painted = { id: string; range: Range; path: readonly Element[] };

export type HighlightLayer = {
  /** Draws exactly `items` (replacing what was drawn) and places them now. */
  draw(items: readonly Painted[]): void;
  /** Marks one snippet's boxes as the active one (scroll-to, the keyboard path); null: none. */
  setActive(id: string | null): void;
  /** How many boxes are drawn now (for tests and the benchmark). */
  boxes(): number;
};

/** Styles of the layer, added to the shadow root's stylesheet (see ui/styles.ts). */
export const HIGHLIGHT_CSS = `
.hl-layer { display: contents; }
.hl-origin { position: absolute; left: 0; top: 0; width: 0; height: 0; }
.hl { position: absolute; z-index: 2147483646; pointer-events: none; mix-blend-mode: multiply;
  background: rgb(255, 235, 158); border-radius: 2px; }
.hl.active { background: rgb(255, 194, 102); }
.hl-layer.dark .hl { mix-blend-mode: screen; background: rgb(112, 92, 0); }
.hl-layer.dark .hl.active { background: rgb(150, 90, 0); }
`;

const rect = (r: DOMRectReadOnly): Rect => ({
  left: r.left,
  top: r.top,
  right: r.right,
  bottom: r.bottom,
});

/** What one placement learnt about an element: the box it clips to, and whether it is fixed. */
type Measured = { clip: Rect | null; fixed: boolean };
/** Measures taken once per placement, by element. */
type Pass = Map<Element, Measured>;

function styleOf(el: Element): CSSStyleDeclaration | null {
  return el.ownerDocument.defaultView?.getComputedStyle(el) ?? null;
}

const visibleOverflow = (s: CSSStyleDeclaration) =>
  s.overflowX === 'visible' && s.overflowY === 'visible';

/**
 * What `el` clips its content to (its padding box, when it hides or scrolls its overflow), in
 * its document's viewport. `<body>` clips only when its overflow is not the viewport's (that is,
 * when the root's own overflow is not `visible`).
 */
function measure(el: Element, pass: Pass): Measured {
  const known = pass.get(el);
  if (known) return known;
  const style = styleOf(el);
  let clipBox: Rect | null = null;
  if (style && !visibleOverflow(style)) {
    const root = el.ownerDocument.documentElement;
    const rootStyle = el.localName === 'body' ? styleOf(root) : null;
    if (el.localName !== 'body' || (rootStyle && !visibleOverflow(rootStyle))) {
      clipBox = paddingBox(rect(el.getBoundingClientRect()), {
        left: el.clientLeft,
        top: el.clientTop,
        width: el.clientWidth,
        height: el.clientHeight,
      });
    }
  }
  const m = { clip: clipBox, fixed: style?.position === 'fixed' };
  pass.set(el, m);
  return m;
}

/**
 * The boxes that clip text in element `el`, in its document's viewport: each ancestor (itself
 * included) that hides or scrolls its overflow, up to the root. A `position: fixed` element
 * ends the walk: the containers above it do not clip it.
 */
function clipsIn(el: Element | null, pass: Pass): Rect[] {
  const out: Rect[] = [];
  const root = el?.ownerDocument.documentElement;
  for (let e = el; e && e !== root; e = e.parentElement) {
    const m = measure(e, pass);
    if (m.clip) out.push(m.clip);
    if (m.fixed) break;
  }
  return out;
}

/** Each visible text node's part of `range` (whose ends are in text nodes, as text-map makes them). */
function textRects(range: Range): Array<{ parent: Element; rects: Rect[] }> {
  const { startContainer, endContainer, startOffset, endOffset } = range;
  const doc = startContainer.ownerDocument;
  if (!doc) return [];
  const out: Array<{ parent: Element; rects: Rect[] }> = [];
  const part = doc.createRange();
  const add = (node: Text, start: number, end: number) => {
    const parent = node.parentElement;
    if (!parent || end <= start) return;
    if (styleOf(parent)?.visibility !== 'visible') return;
    part.setStart(node, start);
    part.setEnd(node, end);
    out.push({ parent, rects: Array.from(part.getClientRects(), rect) });
  };
  if (startContainer.nodeType !== Node.TEXT_NODE) return out;
  if (startContainer === endContainer) {
    add(startContainer as Text, startOffset, endOffset);
    return out;
  }
  // From the start's text node forward to the end's, never over the rest of the page.
  const walker = doc.createTreeWalker(range.commonAncestorContainer, NodeFilter.SHOW_TEXT);
  walker.currentNode = startContainer;
  for (let n: Node | null = startContainer; n; n = walker.nextNode()) {
    const text = n as Text;
    if (n === endContainer) {
      add(text, 0, endOffset);
      break;
    }
    add(text, n === startContainer ? startOffset : 0, text.data.length);
  }
  return out;
}

/** The viewport of each frame on `path`, and what clips each frame element, in top coordinates. */
function frameClips(path: readonly Element[], pass: Pass): Rect[] {
  const out: Rect[] = [];
  for (let i = 0; i < path.length; i++) {
    const frame = path[i]!;
    const outer = frameOffset(path.slice(0, i));
    for (const c of clipsIn(frame.parentElement, pass)) {
      out.push({
        left: c.left + outer.x,
        top: c.top + outer.y,
        right: c.right + outer.x,
        bottom: c.bottom + outer.y,
      });
    }
    // The frame's own viewport: its content box.
    const box = frameBox(frame);
    const left = box.left + box.borderLeft + box.paddingLeft + outer.x;
    const top = box.top + box.borderTop + box.paddingTop + outer.y;
    const inner = (frame as HTMLIFrameElement).contentDocument?.documentElement;
    if (!inner) continue;
    out.push({ left, top, right: left + inner.clientWidth, bottom: top + inner.clientHeight });
  }
  return out;
}

/**
 * Creates the layer. `container()` answers the element in the shadow root to draw into (the
 * host is created on first use); everything stops when `signal` aborts.
 */
export function createHighlightLayer(
  doc: Document,
  win: Window,
  container: () => ParentNode,
  signal: AbortSignal,
): HighlightLayer {
  let items: readonly Painted[] = [];
  let active: string | null = null;
  let layer: HTMLElement | null = null;
  let origin: HTMLElement | null = null;
  const pool: HTMLElement[] = [];
  let shown = 0;
  let frame = 0;

  const ensureLayer = (): HTMLElement => {
    if (layer) return layer;
    layer = doc.createElement('div');
    layer.className = 'hl-layer';
    origin = doc.createElement('div');
    origin.className = 'hl-origin';
    layer.append(origin);
    container().append(layer);
    return layer;
  };

  const place = () => {
    if (frame) win.cancelAnimationFrame(frame);
    frame = 0;
    if (items.length === 0 && shown === 0) return;
    const target = ensureLayer();
    const o = origin!.getBoundingClientRect();
    const at: Point = { x: o.left, y: o.top };
    const pass: Pass = new Map();
    const boxes: Array<{ box: Rect; active: boolean }> = [];
    for (const item of items) {
      quietly(() => {
        const offset = item.path.length ? frameOffset(item.path) : { x: 0, y: 0 };
        const outer = item.path.length ? frameClips(item.path, pass) : [];
        for (const part of textRects(item.range)) {
          const inner = clipsIn(part.parent, pass).map((c) => ({
            left: c.left + offset.x,
            top: c.top + offset.y,
            right: c.right + offset.x,
            bottom: c.bottom + offset.y,
          }));
          const clips = [...inner, ...outer];
          for (const box of layoutBoxes({ rects: part.rects, offset, clips }, at)) {
            boxes.push({ box, active: item.id === active });
          }
        }
      });
    }
    // The page's background: the body's, or the root's where the body has none.
    const bg = (doc.body && styleOf(doc.body)?.backgroundColor) || '';
    const seen = /^rgba\([^)]*,\s*0\)$|^transparent$/.test(bg) || bg === '' ? null : bg;
    target.classList.toggle(
      'dark',
      isDarkBackground(seen ?? styleOf(doc.documentElement)?.backgroundColor ?? ''),
    );
    while (pool.length < boxes.length) {
      const el = doc.createElement('div');
      el.className = 'hl';
      pool.push(el);
    }
    boxes.forEach(({ box, active: on }, i) => {
      const el = pool[i]!;
      el.style.left = `${box.left}px`;
      el.style.top = `${box.top}px`;
      el.style.width = `${box.right - box.left}px`;
      el.style.height = `${box.bottom - box.top}px`;
      el.classList.toggle('active', on);
      if (!el.isConnected) target.append(el);
    });
    for (let i = boxes.length; i < shown; i++) pool[i]!.remove();
    shown = boxes.length;
  };

  const schedule = () => {
    if (frame === 0 && !signal.aborted && (items.length > 0 || shown > 0)) {
      frame = win.requestAnimationFrame(place);
    }
  };

  // What may move text: watched only while something is drawn.
  let watching: AbortController | null = null;
  const resize = new ResizeObserver(schedule);
  const mutations = new MutationObserver(schedule);
  const watchDoc = (d: Document, w: Window | null, opts: { signal: AbortSignal }) => {
    const listen = { ...opts, passive: true, capture: true };
    d.addEventListener('scroll', schedule, listen);
    w?.addEventListener('resize', schedule, listen);
    // A frame's reflows show as its mutations and its window's resizes (an observer of this
    // window's does not see another document's boxes resize).
    if (d === doc) {
      resize.observe(d.documentElement);
      if (d.body) resize.observe(d.body);
    }
    if (d.body) {
      mutations.observe(d.body, {
        attributes: true,
        childList: true,
        characterData: true,
        subtree: true,
      });
    }
    const fonts = d.fonts;
    if (fonts) {
      fonts.addEventListener('loadingdone', schedule, opts);
      void fonts.ready.then(() => {
        if (!opts.signal.aborted) schedule();
      });
    }
  };
  const watch = () => {
    watching?.abort();
    resize.disconnect();
    mutations.disconnect();
    watching = null;
    if (items.length === 0) return;
    watching = new AbortController();
    const opts = { signal: AbortSignal.any([signal, watching.signal]) };
    watchDoc(doc, win, opts);
    const seen = new Set<Document>([doc]);
    for (const item of items) {
      const d = item.range.startContainer.ownerDocument;
      if (!d || seen.has(d)) continue;
      seen.add(d);
      quietly(() => watchDoc(d, d.defaultView, opts));
    }
  };

  signal.addEventListener(
    'abort',
    () => {
      watching?.abort();
      resize.disconnect();
      mutations.disconnect();
      if (frame) win.cancelAnimationFrame(frame);
      layer?.remove();
      items = [];
    },
    { once: true },
  );

  return {
    draw(next) {
      if (signal.aborted) return;
      const docsBefore = new Set(items.map((i) => i.range.startContainer.ownerDocument));
      const docsAfter = new Set(next.map((i) => i.range.startContainer.ownerDocument));
      const same =
        docsBefore.size === docsAfter.size && [...docsAfter].every((d) => docsBefore.has(d));
      const wasEmpty = items.length === 0;
      items = next;
      if (wasEmpty || items.length === 0 || !same) watch();
      place();
    },
    setActive(id) {
      active = id;
      place();
    },
    boxes: () => shown,
  };
}
