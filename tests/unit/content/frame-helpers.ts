/**
 * Same-origin frames for happy-dom tests: `srcdoc` frames are real documents there (with
 * `disableIframePageLoading: false`), so listing, focus and selections across frames run against
 * the DOM rather than stand-ins. Also a stand-in highlight layer that records what it draws.
 */
import type { HighlightLayer, Painted } from '../../../src/content/highlight-layer.ts';

/** Puts `html` in the top document's body and waits until every frame in it (nested too) loaded. */
export async function framedPage(html: string): Promise<void> {
  document.body.innerHTML = html;
  await framesLoaded();
}

/** Waits until every frame in the top document (nested too) has loaded. */
export async function framesLoaded(): Promise<void> {
  const until = Date.now() + 2000;
  for (;;) {
    if (allLoaded(document)) return;
    if (Date.now() > until) throw new Error('frames did not load');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function allLoaded(doc: Document): boolean {
  for (const frame of doc.querySelectorAll('iframe')) {
    const inner = frame.contentDocument;
    if (!inner?.body || inner.readyState !== 'complete') return false;
    if (!allLoaded(inner)) return false;
  }
  return true;
}

/** The document of `<iframe id=…>` in `doc`. */
export function frameDoc(id: string, doc: Document = document): Document {
  const inner = (doc.getElementById(id) as HTMLIFrameElement | null)?.contentDocument;
  if (!inner) throw new Error(`no frame #${id}`);
  return inner;
}

/** Selects the first occurrence of `text` in `doc`'s body. */
export function select(doc: Document, text: string): void {
  const walker = doc.createTreeWalker(doc.body, 0x4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const i = (n as Text).data.indexOf(text);
    if (i < 0) continue;
    doc.getSelection()!.setBaseAndExtent(n, i, n, i + text.length);
    return;
  }
  throw new Error(`no "${text}"`);
}

/**
 * A stand-in highlight layer that records what it is asked to draw (happy-dom has no layout, so
 * the boxes themselves are checked in Chromium by the e2e tests).
 */
export function recordingLayer(): HighlightLayer & {
  drawn(): Array<{ id: string; text: string; doc: Document | null; frames: string[] }>;
  active(): string | null;
} {
  let items: readonly Painted[] = [];
  let active: string | null = null;
  return {
    draw(next) {
      items = next;
    },
    setActive(id) {
      active = id;
    },
    boxes: () => items.length,
    drawn: () =>
      items.map((i) => ({
        id: i.id,
        text: i.range.toString(),
        doc: i.range.startContainer.ownerDocument,
        frames: i.path.map((f) => f.id),
      })),
    active: () => active,
  };
}

/** A trusted event, as the browser dispatches for the person's own gesture. */
export function trusted<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}
