/**
 * Link collection for link marks: which anchors on the page point where, grouped by target, so
 * the background can look the targets up in its local index. The target is the link's resolved
 * `href` without its fragment (SPA routes `#/…` and `#!…` kept): cheap to compute on the page.
 * The background normalises each target (`normalizeUrl`, through `urlKey`) off the page's main
 * thread, which matters on a page of 10,000 links. Work is done in time-boxed slices so such a
 * page never blocks the main thread for long, and the links in view go first (`nearViewport`).
 */
import { LIMITS } from '../core/limits.ts';

/** Anchors grouped by their normalised target, and every anchor already looked at. */
export type LinkIndex = {
  targets: Map<string, HTMLAnchorElement[]>;
  /** Every anchor looked at, with its target (null: not to be marked). */
  seen: WeakMap<Element, string | null>;
};

/** An empty index. */
export function createLinkIndex(): LinkIndex {
  return { targets: new Map(), seen: new WeakMap() };
}

/** `href` without its fragment, unless the fragment is an SPA route (`#/…`, `#!…`). */
export function withoutFragment(href: string): string {
  const hash = href.indexOf('#');
  if (hash < 0) return href;
  const next = href[hash + 1];
  return next === '/' || next === '!' ? href : href.slice(0, hash);
}

/**
 * The target of an anchor, or null when it should not be marked: not http(s) (`mailto:`,
 * `javascript:`), longer than any address the index keeps (the background would refuse the whole
 * question), or a link to the page itself (`#section`; `pageHref` is without fragment).
 */
export function linkTarget(anchor: HTMLAnchorElement, pageHref: string | null): string | null {
  const href = anchor.href;
  if (!href.startsWith('https:') && !href.startsWith('http:')) return null;
  if (href.length > LIMITS.url) return null;
  const target = withoutFragment(href);
  return target === pageHref ? null : target;
}

/** Every `a[href]` in `root`, itself included. */
export function anchorsIn(root: ParentNode | Element): HTMLAnchorElement[] {
  const found: HTMLAnchorElement[] = [];
  if ((root as Element).localName === 'a' && (root as Element).hasAttribute?.('href')) {
    found.push(root as HTMLAnchorElement);
  }
  for (const a of root.querySelectorAll<HTMLAnchorElement>('a[href]')) found.push(a);
  return found;
}

/**
 * Adds `anchors` not seen before to `index` (skipping those `skip` refuses) and answers the
 * targets that are new to the index.
 */
export function indexLinks(
  anchors: readonly HTMLAnchorElement[],
  index: LinkIndex,
  pageHref: string | null,
  skip: (a: HTMLAnchorElement) => boolean = () => false,
): string[] {
  const fresh: string[] = [];
  for (const anchor of anchors) {
    if (index.seen.has(anchor)) continue;
    const target = skip(anchor) ? null : linkTarget(anchor, pageHref);
    index.seen.set(anchor, target);
    if (target === null) continue;
    const list = index.targets.get(target);
    if (list) {
      list.push(anchor);
    } else {
      index.targets.set(target, [anchor]);
      fresh.push(target);
    }
  }
  return fresh;
}

/** Waits for the next macrotask, letting the page run (scheduler.yield where the browser has it). */
export function yieldToPage(win: Window): Promise<void> {
  const scheduler = (win as Window & { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => win.setTimeout(resolve, 0));
}

/**
 * `indexLinks` over a long list in slices of at most `budgetMs` of work each, yielding to the
 * page between slices; stops early when `signal` aborts. Answers the new targets.
 */
export async function indexLinksSliced(
  win: Window,
  anchors: readonly HTMLAnchorElement[],
  index: LinkIndex,
  pageHref: string | null,
  signal: AbortSignal,
  budgetMs = 8,
  skip?: (a: HTMLAnchorElement) => boolean,
): Promise<string[]> {
  const fresh: string[] = [];
  const now = () => win.performance.now();
  let i = 0;
  while (i < anchors.length && !signal.aborted) {
    const sliceStart = now();
    let end = i;
    // Check the clock every 64 anchors: cheap enough, fine-grained enough.
    while (end < anchors.length && now() - sliceStart < budgetMs) {
      const next = Math.min(anchors.length, end + 64);
      fresh.push(...indexLinks(anchors.slice(end, next), index, pageHref, skip));
      end = next;
    }
    i = end;
    if (i < anchors.length) await yieldToPage(win);
  }
  return fresh;
}

/** The vertical extent of an element's box in viewport coordinates. */
export type VerticalBox = { top: number; bottom: number };

/**
 * The anchors in or near the viewport (within `margin` px of it), at most `max` of them: what
 * to look up first so the marks a person can see appear before the rest of a long page is
 * indexed. A hint, not a promise: it binary-searches document order for the first anchor that
 * reaches the viewport (the tops of links in document order mostly grow), then walks on until
 * `slack` anchors in a row lie below it. Every anchor is still indexed afterwards.
 */
export function nearViewport(
  anchors: readonly HTMLAnchorElement[],
  box: (a: HTMLAnchorElement) => VerticalBox,
  viewportHeight: number,
  options: { margin?: number; max?: number; slack?: number } = {},
): HTMLAnchorElement[] {
  const { margin = viewportHeight / 2, max = 400, slack = 50 } = options;
  const low = -margin;
  const high = viewportHeight + margin;
  let lo = 0;
  let hi = anchors.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (box(anchors[mid]!).bottom < low) lo = mid + 1;
    else hi = mid;
  }
  const found: HTMLAnchorElement[] = [];
  let below = 0;
  for (let i = lo; i < anchors.length && found.length < max && below < slack; i++) {
    const a = anchors[i]!;
    const b = box(a);
    if (b.top > high) {
      below++;
      continue;
    }
    below = 0;
    if (b.bottom >= low && (b.top !== 0 || b.bottom !== 0)) found.push(a);
  }
  return found;
}

/** Links inside editable content are the page's text being written, not links to mark. */
export function inEditable(anchor: HTMLAnchorElement): boolean {
  return anchor.closest('[contenteditable]') !== null;
}

/** The links asked about first, indexed: sent together with the question about the page. */
export type InView = {
  /** The page's address without fragment, as `linkTarget` compares it. */
  pageHref: string;
  index: LinkIndex;
  anchors: readonly HTMLAnchorElement[];
  /** Their distinct targets. */
  targets: string[];
};

/**
 * Pages with at most this many links ask about them all at once: one round trip for the whole
 * page, and no layout read at start-up (reading link positions would make the browser lay out,
 * inside our script, a page it may not have laid out yet).
 */
export const ALL_AT_ONCE = 200;

/**
 * The links to ask about first: all of them on a page with at most `ALL_AT_ONCE`, else those in
 * or near the viewport (`nearViewport`).
 */
export function firstLinks(
  all: readonly HTMLAnchorElement[],
  viewportHeight: number,
): readonly HTMLAnchorElement[] {
  return all.length <= ALL_AT_ONCE
    ? all
    : nearViewport(all, (a) => a.getBoundingClientRect(), viewportHeight);
}

/** Indexes the links of `doc` to ask about first (`firstLinks`). */
export function collectInView(doc: Document, viewportHeight: number): InView {
  const pageHref = withoutFragment(doc.location.href);
  const index = createLinkIndex();
  const anchors = firstLinks(anchorsIn(doc), viewportHeight);
  return { pageHref, index, anchors, targets: indexLinks(anchors, index, pageHref, inEditable) };
}
