/**
 * Same-origin frames, seen from the top frame. The content script runs in the top frame only
 * (an isolated world in every ad frame would cost each page ~10 ms per frame), yet a person may
 * select text inside a same-origin `<iframe>` and share it, and a snippet shared from one is
 * highlighted there. The top frame reaches such a frame's document through
 * `iframe.contentDocument`; cross-origin frames answer null (or throw) and are skipped silently.
 *
 * Frames are found lazily, never by observing the whole page: `listFrames` walks the frames
 * (depth- and count-limited) when asked, `focusedFrames` follows the focus into the frame the
 * person is in, and `watchFrames` looks again when the top window loses the focus to a frame
 * (a click or Tab into it; at once and after the focus settled, for Firefox) and when a frame it
 * has seen (re)loads. The top window's `blur` is
 * the one signal for both mouse and keyboard: pointer events inside a frame never reach the
 * top document, and no `focusin` is fired there when the focus enters a frame's content.
 *
 * A snippet shared from a frame is the top page's (no frame hint is stored: on re-open the
 * quote is looked for in the page's text first, then in each frame's). Its stored address is
 * the page's, as for every snippet; its link (`snippetLink`) adds a `#:~:text=` directive, which
 * browsers look for in the top document only, so such a link opens the page at its top.
 */

/**
 * Runs `fn`, ignoring what a frame torn down meanwhile throws (a dead registry, a detached
 * document): it is looked up afresh next time, and there is nothing to undo in it.
 */
export function quietly(fn: () => void): void {
  try {
    fn();
  } catch {
    // The frame is gone.
  }
}

/** How deep frames are followed, and how many frame documents are taken at most. */
export const FRAME_LIMITS = { depth: 3, count: 20 } as const;

/** A reachable same-origin frame document. */
export type FrameDoc = {
  doc: Document;
  /** The frame elements from the top document's down to this frame's own (never empty). */
  path: readonly Element[];
};

/** The document of a frame element when this script may read it (same origin), else null. */
export type ContentDocumentOf = (frame: Element) => Document | null;

/** `frame.contentDocument`, or null for cross-origin frames and anything that throws. */
export function frameDocument(frame: Element): Document | null {
  try {
    const doc = (frame as HTMLIFrameElement).contentDocument;
    return doc?.documentElement ? doc : null;
  } catch {
    return null;
  }
}

/** The frame has a box on screen (a `display: none` or 0×0 frame holds no visible text). */
function rendered(frame: Element): boolean {
  const rect = frame.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0;
}

function isFrame(element: Element | null): element is Element {
  const name = element?.localName;
  return name === 'iframe' || name === 'frame';
}

export type ListOptions = {
  depth?: number;
  count?: number;
  contentDocument?: ContentDocumentOf;
  /** Whether a frame is drawn at all; defaults to "has a non-empty box". */
  rendered?: (frame: Element) => boolean;
};

/**
 * The reachable same-origin frame documents under `top`, breadth first (outer frames before
 * the frames inside them), at most `depth` levels deep and `count` documents in all.
 */
export function listFrames(top: Document, options: ListOptions = {}): FrameDoc[] {
  const depth = options.depth ?? FRAME_LIMITS.depth;
  const count = options.count ?? FRAME_LIMITS.count;
  const read = options.contentDocument ?? frameDocument;
  const shown = options.rendered ?? rendered;
  const found: FrameDoc[] = [];
  let level: Array<{ doc: Document; path: readonly Element[] }> = [{ doc: top, path: [] }];
  for (let d = 1; d <= depth && level.length > 0; d++) {
    const next: FrameDoc[] = [];
    for (const parent of level) {
      let frames: ArrayLike<Element>;
      try {
        frames = parent.doc.querySelectorAll('iframe, frame');
      } catch {
        continue;
      }
      for (let i = 0; i < frames.length; i++) {
        const element = frames[i]!;
        const doc = read(element);
        if (!doc || !shown(element)) continue;
        const frame = { doc, path: [...parent.path, element] };
        found.push(frame);
        next.push(frame);
        if (found.length >= count) return found;
      }
    }
    level = next;
  }
  return found;
}

/**
 * The same-origin frame documents holding the focus, outermost first: `activeElement` followed
 * from `top` through frames, at most `depth` levels. Empty when the focus is in the top document
 * (or in a cross-origin frame).
 */
export function focusedFrames(
  top: Document,
  options: Pick<ListOptions, 'depth' | 'contentDocument'> = {},
): FrameDoc[] {
  const depth = options.depth ?? FRAME_LIMITS.depth;
  const read = options.contentDocument ?? frameDocument;
  const found: FrameDoc[] = [];
  let doc = top;
  let path: readonly Element[] = [];
  while (found.length < depth) {
    const active = doc.activeElement;
    if (!isFrame(active)) break;
    const inner = read(active);
    if (!inner) break;
    path = [...path, active];
    doc = inner;
    found.push({ doc, path });
  }
  return found;
}

/** The box edges that lie between a frame element's border box and its document's viewport. */
export type FrameBox = {
  left: number;
  top: number;
  borderLeft: number;
  borderTop: number;
  paddingLeft: number;
  paddingTop: number;
};

/** Where a frame's viewport origin lies in its parent's viewport. */
export function contentOrigin(box: FrameBox): { x: number; y: number } {
  return {
    x: box.left + box.borderLeft + box.paddingLeft,
    y: box.top + box.borderTop + box.paddingTop,
  };
}

/** Reads a frame element's box from the layout (its own window's computed style). */
export function frameBox(frame: Element): FrameBox {
  const rect = frame.getBoundingClientRect();
  const style = frame.ownerDocument.defaultView?.getComputedStyle(frame);
  const px = (value: string | undefined) => Number.parseFloat(value ?? '') || 0;
  return {
    left: rect.left,
    top: rect.top,
    borderLeft: px(style?.borderLeftWidth),
    borderTop: px(style?.borderTopWidth),
    paddingLeft: px(style?.paddingLeft),
    paddingTop: px(style?.paddingTop),
  };
}

/**
 * How far a frame's viewport is from the top viewport: add it to a point in the frame's
 * coordinates (a selection's rect, a mouse event) to place Outloud's UI over it. Frames
 * scaled or rotated by CSS transforms are placed as if untransformed.
 */
export function frameOffset(
  path: readonly Element[],
  boxOf: (frame: Element) => FrameBox = frameBox,
): { x: number; y: number } {
  let x = 0;
  let y = 0;
  for (const frame of path) {
    const origin = contentOrigin(boxOf(frame));
    x += origin.x;
    y += origin.y;
  }
  return { x, y };
}

export type FrameWatch = {
  /** The frame documents now (looked up again on each call; new ones reach `onDocument`). */
  list(): FrameDoc[];
  /** Calls `hook` once for each frame document found, those already found included. */
  onDocument(hook: (frame: FrameDoc) => void): void;
  /** Calls `hook` whenever a frame that was found (re)loads. */
  onLoad(hook: () => void): void;
};

/**
 * Keeps track of the frames `find` answers (all reachable ones, or only the focused ones),
 * looking again when the top window loses the focus to a frame and when a found frame
 * (re)loads, until `signal` aborts. Nothing is looked up until then or until `list()`.
 */
export function watchFrames(
  top: Document,
  win: Window,
  find: (top: Document) => FrameDoc[],
  signal: AbortSignal,
): FrameWatch {
  const docHooks: Array<(frame: FrameDoc) => void> = [];
  const loadHooks: Array<() => void> = [];
  const seen = new WeakSet<Document>();
  const watched = new WeakSet<Element>();
  let current: FrameDoc[] = [];
  const loaded = () => {
    if (signal.aborted) return;
    list();
    for (const hook of loadHooks) quietly(hook);
  };
  const list = (): FrameDoc[] => {
    if (signal.aborted) return [];
    current = find(top);
    for (const frame of current) {
      const element = frame.path[frame.path.length - 1]!;
      if (!watched.has(element)) {
        watched.add(element);
        element.addEventListener('load', loaded, { signal, passive: true });
      }
      if (seen.has(frame.doc)) continue;
      seen.add(frame.doc);
      for (const hook of docHooks) quietly(() => hook(frame));
    }
    return current;
  };
  // Focus moving into a frame (click, Tab) blurs the top window: the frame it went to is new,
  // or has a new document. (Elements' blur events do not bubble up to this listener.) Chromium
  // has moved `activeElement` to the frame when it fires `blur`; Firefox moves it just after
  // (during `blur` it is still the element the focus left), so look again once it settled.
  const blurred = () => {
    list();
    win.setTimeout(() => void list(), 0);
  };
  win.addEventListener('blur', blurred, { signal, passive: true });
  return {
    list,
    onDocument(hook) {
      docHooks.push(hook);
      for (const frame of current) quietly(() => hook(frame));
    },
    onLoad(hook) {
      loadHooks.push(hook);
    },
  };
}
