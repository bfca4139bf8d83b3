/**
 * Styles that must live in the page's own document rather than in Outloud's shadow root: the
 * `::highlight()` rules that colour page text. Added as a constructed stylesheet to
 * `document.adoptedStyleSheets`, which a strict `style-src` CSP does not block, and removed
 * again on abort. Without constructable stylesheets, a `<style>` element in `<head>` is the
 * fallback (it may be refused by a strict CSP; the highlights are then invisible but harmless).
 */
import { constructSheet } from './host.ts';

/** Adds `css` to the page's document until `signal` aborts. */
export function installPageStyle(css: string, signal: AbortSignal, doc: Document = document): void {
  const sheet = constructSheet(css, doc);
  if (sheet && Array.isArray(doc.adoptedStyleSheets)) {
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    signal.addEventListener(
      'abort',
      () => {
        doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
      },
      { once: true },
    );
    return;
  }
  const style = doc.createElement('style');
  style.textContent = css;
  (doc.head ?? doc.documentElement).append(style);
  signal.addEventListener('abort', () => style.remove(), { once: true });
}
