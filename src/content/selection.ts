/**
 * Sharing a snippet: selecting page text shows a small share button near the selection; the
 * button, `Alt+Shift+S` and the context menu (both through the background's
 * `outloud:open-composer`) open the composer with the selection described as a quote selector
 * over the page text.
 */
import type { Quote } from '../core/wire.ts';
import type { ContentContext } from './context.ts';
import { overlayAllowed } from './state.ts';
import { TextMap } from './text-map.ts';

/** Describes `text.slice(start, end)` as a quote selector (the core's `describeQuote`). */
export type DescribeQuote = (text: string, start: number, end: number) => Quote;

export type Selection = {
  /** Opens the composer for the current (or last shown) selection; false when there is none. */
  openComposer(): boolean;
};

/** The current page selection, if it covers visible page text outside Outloud's UI. */
function pageSelection(ctx: ContentContext): Range | null {
  const selection = ctx.win.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const container = range.commonAncestorContainer;
  const element = container.nodeType === 1 ? (container as Element) : container.parentElement;
  if (!element || !ctx.doc.body?.contains(element)) return null;
  if (range.toString().trim() === '') return null;
  return range;
}

/** Shows the share button for selections and opens the composer, until `signal` aborts. */
export function initSelection(
  ctx: ContentContext,
  describe: DescribeQuote,
  signal: AbortSignal,
): Selection {
  const { store, doc, win } = ctx;
  let remembered: Range | null = null;

  const update = () => {
    const s = store.get();
    if (s.composer) return;
    const range = overlayAllowed(s.settings) ? pageSelection(ctx) : null;
    if (!range) {
      remembered = null;
      if (s.shareButton) store.set({ shareButton: null });
      return;
    }
    remembered = range.cloneRange();
    const rects = range.getClientRects();
    const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
    store.set({ shareButton: { x: last.right, y: last.bottom + 4 } });
  };
  // After the selection settles: on pointer release, on keyboard selection, and when it clears.
  // Only the person's own gestures count: a page script that selects text and dispatches a
  // synthetic mouseup must not make Outloud's button appear (tests/e2e/forged-messages).
  const later = (event: Event) => {
    if (event.isTrusted) win.setTimeout(update, 0);
  };
  doc.addEventListener('mouseup', later, { signal, passive: true });
  doc.addEventListener('keyup', later, { signal, passive: true });
  doc.addEventListener(
    'selectionchange',
    () => {
      if (store.get().shareButton && !pageSelection(ctx)) update();
    },
    { signal, passive: true },
  );

  // Mounted after a selection was made (that is what loads the overlay): show its button now.
  update();

  return {
    openComposer() {
      const range = pageSelection(ctx) ?? remembered;
      if (!range || !doc.body) return false;
      const map = TextMap.build(doc.body, { exclude: ctx.isOwn });
      const { start, end } = map.rangeToOffsets(range);
      if (end <= start || map.text.slice(start, end).trim() === '') return false;
      const rect = range.getBoundingClientRect();
      store.set({
        composer: { quote: describe(map.text, start, end), x: rect.left, y: rect.bottom + 8 },
        shareButton: null,
        notice: null,
      });
      return true;
    },
  };
}
