/**
 * The geometry of highlight boxes, pure: Outloud draws a snippet's highlight as boxes in its own
 * closed shadow root over the quote's text (src/content/highlight-layer.ts), never in the page's
 * shared `CSS.highlights` registry. The DOM side reads the text's client rects, the boxes of the
 * scrolling containers around it and where the layer's origin is; this module turns them into
 * the boxes to draw: one box per run of touching rects on a line, moved from a frame's viewport
 * into the top one, clipped to every container that clips the text, and moved into the layer's
 * coordinates.
 */

/** A box by its edges, in CSS pixels. */
export type Rect = { left: number; top: number; right: number; bottom: number };

export type Point = { x: number; y: number };

/** What one text's boxes need: its rects, the clips around it and where its viewport lies. */
export type TextGeometry = {
  /** Client rects of the text, in its own document's viewport (a frame's, for text in one). */
  rects: readonly Rect[];
  /** Where that viewport's origin lies in the top viewport (0, 0 for the top document). */
  offset: Point;
  /** Boxes that clip the text (scrolling containers, frame viewports), in the top viewport. */
  clips: readonly Rect[];
};

/** Whether a rect encloses no area. */
export function isEmpty(r: Rect): boolean {
  return !(r.right > r.left && r.bottom > r.top);
}

/** The area two rects share, or null when they share none. */
export function intersect(a: Rect, b: Rect): Rect | null {
  const out = {
    left: Math.max(a.left, b.left),
    top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right),
    bottom: Math.min(a.bottom, b.bottom),
  };
  return isEmpty(out) ? null : out;
}

/** `r` cut down to what lies inside every one of `clips`, or null when nothing does. */
export function clip(r: Rect, clips: readonly Rect[]): Rect | null {
  let out: Rect | null = isEmpty(r) ? null : r;
  for (const c of clips) {
    if (!out) return null;
    out = intersect(out, c);
  }
  return out;
}

/** `r` moved by (dx, dy). */
export function translate(r: Rect, dx: number, dy: number): Rect {
  return { left: r.left + dx, top: r.top + dy, right: r.right + dx, bottom: r.bottom + dy };
}

/** Whether `inner` lies inside `outer` (edges included). */
export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.left >= outer.left &&
    inner.right <= outer.right &&
    inner.top >= outer.top &&
    inner.bottom <= outer.bottom
  );
}

/** The smallest rect around all of `rects` (which must not be empty). */
export function bounds(rects: readonly Rect[]): Rect {
  let { left, top, right, bottom } = rects[0]!;
  for (const r of rects) {
    left = Math.min(left, r.left);
    top = Math.min(top, r.top);
    right = Math.max(right, r.right);
    bottom = Math.max(bottom, r.bottom);
  }
  return { left, top, right, bottom };
}

/**
 * Two text rects belong to one box: they share at least half the height of the shorter one (the
 * same line, even where a word in another font sits higher or lower) and touch or overlap
 * horizontally, `gap` pixels apart at most (the seam between two text nodes). Rects of
 * consecutive lines overlap little or not at all, so a box never spans two lines.
 */
export function joins(a: Rect, b: Rect, gap = 1): boolean {
  const shared = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  const shorter = Math.min(a.bottom - a.top, b.bottom - b.top);
  if (shared < shorter / 2) return false;
  return b.left <= a.right + gap && a.left <= b.right + gap;
}

/**
 * The boxes to draw for a text's client rects: empty rects dropped, and each group of rects
 * linked by `joins` (directly or through others) drawn as one box around the group. The groups
 * depend only on the rects, not on their order.
 */
export function mergeRects(rects: readonly Rect[], gap = 1): Rect[] {
  const items = rects.filter((r) => !isEmpty(r));
  // Union-find over the pairs that join; a quote has a handful of rects.
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (joins(items[i]!, items[j]!, gap)) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, Rect[]>();
  items.forEach((r, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(r);
    else groups.set(root, [r]);
  });
  return [...groups.values()]
    .map((group) => bounds(group))
    .sort((a, b) => a.top - b.top || a.left - b.left);
}

/**
 * The padding box of an element (what its content is clipped to when it scrolls or hides its
 * overflow, scroll bars excluded) from its border box and its `client*` measures.
 */
export function paddingBox(
  border: Rect,
  client: { left: number; top: number; width: number; height: number },
): Rect {
  const left = border.left + client.left;
  const top = border.top + client.top;
  return { left, top, right: left + client.width, bottom: top + client.height };
}

/**
 * The boxes to draw for one text in the layer's coordinates: its rects merged, moved from its
 * viewport into the top viewport, clipped, and moved so that `origin` (where the layer's
 * (0, 0) lies in the top viewport) becomes (0, 0).
 */
export function layoutBoxes(text: TextGeometry, origin: Point): Rect[] {
  const out: Rect[] = [];
  for (const merged of mergeRects(text.rects)) {
    const inTop = clip(translate(merged, text.offset.x, text.offset.y), text.clips);
    if (inTop) out.push(translate(inTop, -origin.x, -origin.y));
  }
  return out;
}

/** Relative luminance (0 black … 1 white) of an sRGB colour given as 0–255 channels. */
export function luminance(r: number, g: number, b: number): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/**
 * Whether a page background colour (a computed `rgb()`/`rgba()` value) is dark, so highlights
 * there lighten (`screen`) instead of darken (`multiply`, which would vanish on a dark page).
 * Transparent or unreadable colours count as light (the canvas behind them is white).
 */
export function isDarkBackground(color: string): boolean {
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(
    color.trim(),
  );
  if (!m) return false;
  const alphaText = m[4];
  const alpha =
    alphaText === undefined
      ? 1
      : alphaText.endsWith('%')
        ? Number.parseFloat(alphaText) / 100
        : Number(alphaText);
  if (!(alpha > 0.5)) return false;
  return luminance(Number(m[1]), Number(m[2]), Number(m[3])) < 0.2;
}
