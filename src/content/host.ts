/**
 * Outloud's one element on a page: `<outloud-root>`, attached to `<html>` (outside the page's
 * `body`), with a closed shadow root holding all of Outloud's UI and its styles. Styles are a
 * constructed stylesheet adopted by the shadow root, so a page's strict `style-src` CSP does not
 * block them. If the page removes the element it is put back, a bounded number of times.
 *
 * Content scripts run in an isolated world in Chrome: a page that overrides `Array.prototype`,
 * `attachShadow` or `MutationObserver` changes its own world's objects, not the ones seen here.
 * Firefox's Xray wrappers give the same guarantee for DOM prototypes.
 */

import { HOST_TAG } from './host-tag.ts';

/** How many times a removed host is re-attached before Outloud gives up on the page. */
export const MAX_REATTACH = 20;

export type Host = {
  element: HTMLElement;
  /** The closed shadow root; only this script holds a reference to it. */
  shadow: ShadowRoot;
  /** Where the Preact UI renders. */
  container: HTMLElement;
};

/** Builds a constructed stylesheet from CSS text, or null where constructable sheets are missing. */
export function constructSheet(css: string, doc: Document = document): CSSStyleSheet | null {
  const Ctor = doc.defaultView?.CSSStyleSheet;
  if (!Ctor || !('replaceSync' in Ctor.prototype)) return null;
  const sheet = new Ctor();
  sheet.replaceSync(css);
  return sheet;
}

/**
 * Creates the host element with its closed shadow root and styles, attaches it to
 * `document.documentElement`, keeps it attached, and removes it when `signal` aborts.
 */
export function createHost(css: string, signal: AbortSignal, doc: Document = document): Host {
  const element = doc.createElement(HOST_TAG);
  const shadow = element.attachShadow({ mode: 'closed' });
  const sheet = constructSheet(css, doc);
  if (sheet) {
    shadow.adoptedStyleSheets = [sheet];
  } else {
    const style = doc.createElement('style');
    style.textContent = css;
    shadow.append(style);
  }
  const container = doc.createElement('div');
  container.className = 'outloud';
  shadow.append(container);

  const attach = () => doc.documentElement.append(element);
  attach();

  let reattached = 0;
  const observer = new MutationObserver(() => {
    if (element.isConnected || signal.aborted) return;
    if (reattached >= MAX_REATTACH) {
      observer.disconnect();
      return;
    }
    reattached++;
    attach();
  });
  observer.observe(doc.documentElement, { childList: true });

  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      element.remove();
    },
    { once: true },
  );
  return { element, shadow, container };
}
