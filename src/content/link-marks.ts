/**
 * Link marks: links whose normalised target is in the background's local index (the background
 * normalises the targets this script sends, see `link-collect.ts`) get a small
 * mark with a count and names, drawn in Outloud's overlay layer over the link (never inserted
 * into the page). Only links in view are positioned (IntersectionObserver), positions follow
 * scrolling and resizing once per frame, and links added later are picked up by a batched
 * MutationObserver. The links in view (every link, on a page with few) are looked up first, with
 * the page state (`page.ts`). In the bench build only (`__OUTLOUD_BENCH__`), a User Timing mark
 * `outloud:links-marked` is left when their marks are placed, and `outloud:links-indexed` once
 * every link on the page has been looked up; the shipped build leaves the page no marks.
 */
import type { ContentResults } from '../core/messages.ts';
import type { ContentContext } from './context.ts';
import {
  anchorsIn,
  createLinkIndex,
  firstLinks,
  indexLinksSliced,
  inEditable,
  type LinkIndex,
  withoutFragment,
} from './link-collect.ts';
import { type LinkMark, marksAllowed } from './state.ts';

/** Most targets the background takes in one `linkEngagement` call. */
export const LOOKUP_BATCH = 5000;
/** How long added nodes are collected before they are scanned for links. */
export const MUTATION_BATCH_MS = 250;

type Engagement = ContentResults['linkEngagement'][string];

/** One run of link marking for one page identity at `pageHref`; aborting `signal` ends it. */
function markPage(ctx: ContentContext, pageHref: string, signal: AbortSignal): void {
  const { doc, win, store } = ctx;
  // The links in view were looked up with the page state, unless the page moved on since.
  const seed = store.get().linksInView;
  const first = seed?.pageHref === pageHref ? seed : null;
  const index: LinkIndex = first?.index ?? createLinkIndex();
  const known = new Map<string, Engagement>();
  const visible = new Set<HTMLAnchorElement>();
  const keys = new WeakMap<Element, number>();
  let nextKey = 1;
  const keyOf = (a: Element) => {
    const existing = keys.get(a);
    if (existing !== undefined) return existing;
    keys.set(a, nextKey);
    return nextKey++;
  };
  let frame = 0;
  /** The links in view are looked up; the next positioning announces it with a User Timing mark. */
  let scanned = false;
  let announced = false;
  const position = () => {
    frame = 0;
    const marks: LinkMark[] = [];
    for (const anchor of visible) {
      if (!anchor.isConnected) {
        visible.delete(anchor);
        continue;
      }
      const info = known.get(index.seen.get(anchor) ?? '');
      const rect = anchor.getBoundingClientRect();
      if (!info || (rect.width === 0 && rect.height === 0)) continue;
      // Scrolled out but not yet reported so by the observer: no mark off screen.
      if (rect.bottom < 0 || rect.top > win.innerHeight) continue;
      marks.push({
        key: keyOf(anchor),
        x: rect.right,
        y: rect.top,
        count: info.count,
        label: info.label,
      });
    }
    if (marks.length || store.get().marks.length) store.set({ marks });
    if (scanned && !announced) {
      announced = true;
      if (__OUTLOUD_BENCH__) {
        win.performance.mark('outloud:links-marked', { detail: { marks: marks.length } });
      }
    }
  };
  const schedule = () => {
    if (frame === 0 && !signal.aborted) frame = win.requestAnimationFrame(position);
  };

  const io = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const a = e.target as HTMLAnchorElement;
      if (e.isIntersecting) visible.add(a);
      else visible.delete(a);
    }
    schedule();
  });
  const observeTarget = (target: string) => {
    for (const a of index.targets.get(target) ?? []) io.observe(a);
  };

  const learn = (found: Record<string, Engagement>) => {
    for (const [target, info] of Object.entries(found)) {
      if (info.count <= 0 || !index.targets.has(target)) continue;
      known.set(target, info);
      observeTarget(target);
    }
  };
  const lookUp = async (targets: string[]) => {
    for (let i = 0; i < targets.length && !signal.aborted; i += LOOKUP_BATCH) {
      const batch = targets.slice(i, i + LOOKUP_BATCH);
      const found = await ctx.call('linkEngagement', { urls: batch });
      if (signal.aborted) return;
      learn(found);
    }
  };

  const scan = async (anchors: readonly HTMLAnchorElement[]) => {
    const fresh = await indexLinksSliced(win, anchors, index, pageHref, signal, 8, inEditable);
    // Anchors added later whose target is already known are observed at once.
    for (const a of anchors) {
      const t = index.seen.get(a);
      if (t && known.has(t)) io.observe(a);
    }
    if (fresh.length) await lookUp(fresh);
  };

  // Links added later, collected and scanned in batches.
  let added: Element[] = [];
  let timer: number | undefined;
  const mo = new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) if (n.nodeType === 1) added.push(n as Element);
    }
    if (added.length && timer === undefined) {
      timer = win.setTimeout(() => {
        timer = undefined;
        const roots = added;
        added = [];
        const anchors = roots.filter((r) => r.isConnected).flatMap((r) => anchorsIn(r));
        if (anchors.length) void scan(anchors).catch(() => undefined);
      }, MUTATION_BATCH_MS);
    }
  });
  if (doc.body) mo.observe(doc.body, { childList: true, subtree: true });

  const options = { passive: true, capture: true, signal };
  win.addEventListener('scroll', () => visible.size && schedule(), options);
  win.addEventListener('resize', () => visible.size && schedule(), options);

  signal.addEventListener(
    'abort',
    () => {
      io.disconnect();
      mo.disconnect();
      if (timer !== undefined) win.clearTimeout(timer);
      if (frame) win.cancelAnimationFrame(frame);
      store.set({ marks: [] });
    },
    { once: true },
  );

  // The links in view first, so the marks a person can see appear before a long page's other
  // links are indexed; then every link (those already seen are skipped).
  const firstScan = async () => {
    const all = anchorsIn(doc);
    let inView: readonly HTMLAnchorElement[];
    if (first) {
      inView = first.anchors;
      learn(first.found);
    } else {
      inView = firstLinks(all, win.innerHeight);
      await scan(inView).catch(() => undefined);
    }
    // Placed at once, without waiting for the observer's first report on them or for a frame
    // (which the indexing below would delay).
    for (const a of inView) if (known.has(index.seen.get(a) ?? '')) visible.add(a);
    scanned = true;
    if (signal.aborted) return;
    if (frame) win.cancelAnimationFrame(frame);
    position();
    await scan(all).catch(() => undefined);
    if (__OUTLOUD_BENCH__ && !signal.aborted) win.performance.mark('outloud:links-indexed');
  };
  void firstScan();
}

export type LinkMarks = {
  /**
   * Links at `href` (fragment aside) are being marked already: a reload of the same page (after
   * sharing, a `#section` jump) need not ask about them again.
   */
  marking(href: string): boolean;
};

/** Marks links while the settings allow it, restarting whenever the page identity changes. */
export function initLinkMarks(ctx: ContentContext, signal: AbortSignal): LinkMarks {
  let current: AbortController | null = null;
  let currentPage: string | null = null;
  let currentHref: string | null = null;
  const update = () => {
    const { settings, page } = ctx.store.get();
    const wanted = marksAllowed(settings) && page ? page.normalized : null;
    if (wanted === currentPage) return;
    current?.abort();
    current = null;
    currentPage = wanted;
    currentHref = null;
    if (wanted === null) return;
    current = new AbortController();
    currentHref = withoutFragment(ctx.doc.location.href);
    markPage(ctx, currentHref, current.signal);
  };
  const unsubscribe = ctx.store.subscribe(update);
  update();
  signal.addEventListener(
    'abort',
    () => {
      unsubscribe();
      current?.abort();
    },
    { once: true },
  );
  return { marking: (href) => currentHref !== null && currentHref === withoutFragment(href) };
}
