/**
 * The contract between the two halves of the content script. `content.js`
 * (src/content/index.ts) runs on every page: it learns what the local index knows about the
 * page and its links, watches navigation and selections, and stays small. `content-ui.js`
 * (src/content/overlay.ts: Preact, the anchoring, the highlights, the composer) is injected by
 * the background into the same isolated world only when the page has something to show or the
 * person starts sharing; it leaves its module on the content-script world's global (never
 * visible to the page) for `content.js` to mount.
 */
import type { ContentContext } from './context.ts';
import type { FocusReturn } from './focus-return.ts';

/** What the overlay needs from the always-loaded half. */
export type OverlayDeps = {
  /** Reloads what the local index knows about the page (after sharing). */
  refresh(): Promise<void>;
  /** Page focus, tracked from the start so it can be given back when the composer closes. */
  focus: FocusReturn;
  signal: AbortSignal;
};

/** The mounted overlay, as the always-loaded half drives it. */
export type Overlay = {
  /** Opens the composer for the selection; false when there is none (and says so). */
  openComposer(): boolean;
  /** Scrolls to a snippet's highlight and shows its card. */
  showSnippet(id: string): void;
};

export type OverlayModule = { mount(ctx: ContentContext, deps: OverlayDeps): Overlay };

/** The property of the content-script world's global the overlay bundle sets. */
export const OVERLAY_GLOBAL = '__outloudOverlay';

/** The overlay module, once `content-ui.js` has run in this world. */
export function loadedOverlay(): OverlayModule | undefined {
  return (globalThis as { [OVERLAY_GLOBAL]?: OverlayModule })[OVERLAY_GLOBAL];
}
