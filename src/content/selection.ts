/**
 * Sharing a snippet: selecting page text shows a small share button near the selection; the
 * button, `Alt+Shift+S` and the context menu (both through the background's
 * `outloud:open-composer`) open the composer with the selection described as a quote selector
 * over the page text.
 *
 * A selection inside a same-origin frame (frames.ts) counts too: its quote is described over
 * that frame's text, and the snippet belongs to the top page, the page the person is on (the
 * address the overlay shows). The button and composer are placed in top-window coordinates.
 */
import type { Quote } from '../core/wire.ts';
import type { ContentContext } from './context.ts';
import {
  type FrameDoc,
  type FrameWatch,
  focusedFrames,
  frameDocument,
  frameOffset,
} from './frames.ts';
import { overlayAllowed } from './state.ts';
import { TextMap } from './text-map.ts';

/** Describes `text.slice(start, end)` as a quote selector (the core's `describeQuote`). */
export type DescribeQuote = (text: string, start: number, end: number) => Quote;

export type Selection = {
  /**
   * Opens the composer for the current selection; with `shown`, for the one the share button
   * stands by while it still holds text. False when there is none.
   */
  openComposer(shown?: boolean): boolean;
  /** Clears the selection the composer was opened for (once it is shared). */
  clear(): void;
};

/** A selection and where it is: in the top document (`frame` null) or in a frame's. */
export type Picked = { range: Range; frame: FrameDoc | null };

/** The document's selection, if it covers visible text in its body outside Outloud's UI. */
export function selectionIn(doc: Document): Range | null {
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const container = range.commonAncestorContainer;
  const element = container.nodeType === 1 ? (container as Element) : container.parentElement;
  if (!element || !doc.body?.contains(element)) return null;
  if (range.toString().trim() === '') return null;
  return range;
}

/**
 * Which selection the person means: the one in the frame holding the focus (`focused`, the
 * frames from `focusedFrames`: innermost is taken first), else the top document's; with
 * `frames`, else the only frame with a selection.
 */
export function pickSelection(
  top: Document,
  focused: readonly FrameDoc[],
  frames?: () => FrameDoc[],
): Picked | null {
  for (let i = focused.length - 1; i >= 0; i--) {
    const range = selectionIn(focused[i]!.doc);
    if (range) return { range, frame: focused[i]! };
  }
  const range = selectionIn(top);
  if (range) return { range, frame: null };
  if (!frames) return null;
  let only: Picked | null = null;
  for (const frame of frames()) {
    const inFrame = selectionIn(frame.doc);
    if (!inFrame) continue;
    if (only) return null; // two frames with selections and neither focused: ask for focus
    only = { range: inFrame, frame };
  }
  return only;
}

/** Still a selection with text in a document that is still shown. */
function alive(picked: Picked): boolean {
  const { range, frame } = picked;
  if (range.collapsed || range.toString().trim() === '') return false;
  if (!frame) return true;
  const element = frame.path[frame.path.length - 1]!;
  return element.isConnected && frameDocument(element) === frame.doc;
}

/** Shows the share button for selections and opens the composer, until `signal` aborts. */
export function initSelection(
  ctx: ContentContext,
  describe: DescribeQuote,
  frames: FrameWatch,
  signal: AbortSignal,
): Selection {
  const { store, doc, win } = ctx;
  let remembered: Picked | null = null;
  let source: Document | null = null;

  /** The top-window rect of a range in the top document or a frame. */
  const rectOf = ({ range, frame }: Picked, which: 'last' | 'all') => {
    const rects = range.getClientRects();
    const r =
      which === 'last'
        ? (rects[rects.length - 1] ?? range.getBoundingClientRect())
        : range.getBoundingClientRect();
    const off = frame ? frameOffset(frame.path) : { x: 0, y: 0 };
    return { left: r.left + off.x, right: r.right + off.x, bottom: r.bottom + off.y };
  };

  const update = () => {
    const s = store.get();
    if (s.composer) return;
    const picked = overlayAllowed(s.settings) ? pickSelection(doc, focusedFrames(doc)) : null;
    if (!picked) {
      remembered = null;
      if (s.shareButton) store.set({ shareButton: null });
      return;
    }
    remembered = { range: picked.range.cloneRange(), frame: picked.frame };
    const rect = rectOf(picked, 'last');
    store.set({ shareButton: { x: rect.right, y: rect.bottom + 4 } });
  };
  // After the selection settles: on pointer release, on keyboard selection, and when it clears.
  // Only the person's own gestures count: a page script that selects text and dispatches a
  // synthetic mouseup must not make Outloud's button appear (tests/e2e/forged-messages).
  const later = (event: Event) => {
    if (event.isTrusted) win.setTimeout(update, 0);
  };
  const watched = new WeakSet<Document>();
  const watch = (d: Document) => {
    if (watched.has(d)) return;
    watched.add(d);
    d.addEventListener('mouseup', later, { signal, passive: true });
    d.addEventListener('keyup', later, { signal, passive: true });
    d.addEventListener(
      'selectionchange',
      () => {
        // The selection the button stands by was cleared.
        if (!store.get().shareButton) return;
        if ((remembered?.frame?.doc ?? doc) === d && !selectionIn(d)) update();
      },
      { signal, passive: true },
    );
  };
  watch(doc);
  // Frames are followed as the person moves into them (the watch looks again when the top
  // window loses the focus), and the one they are in now: a selection there may be what
  // loaded the overlay. Nothing is listed up front.
  frames.onDocument((frame) => watch(frame.doc));
  for (const frame of focusedFrames(doc)) watch(frame.doc);

  // Mounted after a selection was made (that is what loads the overlay): show its button now.
  update();

  return {
    openComposer(shown = false) {
      const picked =
        (shown && store.get().shareButton && remembered && alive(remembered) ? remembered : null) ??
        pickSelection(doc, focusedFrames(doc), frames.list) ??
        (remembered && alive(remembered) ? remembered : null);
      const body = picked ? (picked.frame?.doc ?? doc).body : null;
      if (!picked || !body) return false;
      const map = TextMap.build(body, { exclude: ctx.isOwn });
      const { start, end } = map.rangeToOffsets(picked.range);
      if (end <= start || map.text.slice(start, end).trim() === '') return false;
      const rect = rectOf(picked, 'all');
      source = picked.frame?.doc ?? doc;
      store.set({
        composer: { quote: describe(map.text, start, end), x: rect.left, y: rect.bottom + 8 },
        shareButton: null,
        notice: null,
      });
      return true;
    },
    clear() {
      try {
        (source ?? doc).getSelection()?.removeAllRanges();
      } catch {
        // The frame went away meanwhile: nothing left to clear.
      }
      source = null;
    },
  };
}
