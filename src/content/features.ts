/**
 * The always-loaded half of the content script, wired over one store: the page loader, link
 * marks, SPA navigation and page focus run on every page; the overlay (overlay.ts: Preact UI,
 * highlights, selection sharing) is loaded through the background only once the page has
 * something to show — activity, a marked link — or the person selects text or asks for the
 * composer. A page nobody engaged with never loads it. Kept apart from the entry point so it
 * takes every dependency as a parameter.
 */
import type { ContentContext } from './context.ts';
import { trackPageFocus } from './focus-return.ts';
import { focusedFrames, watchFrames } from './frames.ts';
import { initLinkMarks } from './link-marks.ts';
import { watchNavigation } from './navigation.ts';
import { loadedOverlay, type Overlay } from './overlay-api.ts';
import { createPageLoader } from './page.ts';
import { type ContentState, hasActivity, overlayAllowed } from './state.ts';

/** How many more times a failed overlay load is tried for a page that has something to show. */
export const OVERLAY_RETRIES = 3;

export type Features = {
  refresh(): Promise<void>;
  /** Opens the composer for the selection; false when it did not (signed out, excluded, none). */
  openComposer(): Promise<boolean>;
  showSnippet(id: string): Promise<void>;
};

/** The page has something the overlay would draw without being asked: activity or a mark. */
export function needsOverlay(s: ContentState): boolean {
  return s.marks.length > 0 || hasActivity(s.engagement);
}

/**
 * Starts the always-loaded features; all of them stop when `signal` aborts. `injectOverlay`
 * asks the background to run `content-ui.js` in this world (`loadOverlay`).
 */
export function createFeatures(
  ctx: ContentContext,
  deps: { injectOverlay(): Promise<void>; signal: AbortSignal },
): Features {
  const { store, doc, win } = ctx;
  const { signal } = deps;
  const marks = initLinkMarks(ctx, signal);
  const load = createPageLoader(ctx, marks.marking);
  const refresh = () => load().catch(() => undefined);
  const focus = trackPageFocus(ctx, signal);

  let overlay: Promise<Overlay> | null = null;
  const ensureOverlay = (): Promise<Overlay> => {
    overlay ??= (async () => {
      if (!loadedOverlay()) await deps.injectOverlay();
      const module = loadedOverlay();
      if (!module) throw new Error('The overlay did not load.');
      if (signal.aborted) throw new Error('The page has gone.');
      return module.mount(ctx, { refresh, focus, signal });
    })();
    // A failed load (the background was restarting) is tried again on the next occasion.
    overlay.catch(() => {
      overlay = null;
    });
    return overlay;
  };
  // A page with something to show keeps trying, a few times, with growing pauses (the
  // background may be starting up or updating).
  let failures = 0;
  const wantOverlay = () => {
    if (overlay || signal.aborted || !needsOverlay(store.get())) return;
    ensureOverlay().catch(() => {
      failures++;
      if (failures <= OVERLAY_RETRIES) win.setTimeout(wantOverlay, 1000 * failures);
    });
  };
  const unsubscribe = store.subscribe(wantOverlay);

  // A selection by the person (never a page script's synthetic events) loads the overlay, whose
  // share button then appears for it.
  const afterGesture = (event: Event) => {
    if (!event.isTrusted || overlay || !overlayAllowed(store.get().settings)) return;
    const source = event.currentTarget as Document;
    win.setTimeout(() => {
      const selection = source.getSelection();
      if (selection && !selection.isCollapsed && selection.toString().trim() !== '') {
        void ensureOverlay().catch(() => undefined);
      }
    }, 0);
  };
  const gesturesIn = (d: Document) => {
    d.addEventListener('mouseup', afterGesture, { signal, passive: true });
    d.addEventListener('keyup', afterGesture, { signal, passive: true });
  };
  gesturesIn(doc);
  // A selection inside a same-origin frame stays in that frame's document: only the frames the
  // person moves the focus into are followed (no observer, nothing per frame on load).
  const focused = watchFrames(doc, win, focusedFrames, signal);
  focused.onDocument((frame) => gesturesIn(frame.doc));
  focused.list();

  watchNavigation(
    win,
    () => {
      store.set({ composer: null, card: null, shareButton: null, orphans: [] });
      void refresh();
    },
    signal,
  );
  signal.addEventListener('abort', unsubscribe, { once: true });

  void refresh();
  return {
    refresh,
    async openComposer() {
      const s = store.get().settings;
      if (!s?.signedIn || s.excluded) return false;
      return (await ensureOverlay()).openComposer();
    },
    async showSnippet(id) {
      (await ensureOverlay()).showSnippet(id);
    },
  };
}
