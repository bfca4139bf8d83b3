/**
 * The page controller: works out the page's identity, asks the background for the content
 * settings and what its local index knows about the page, and puts it in the store. In the
 * default lookup mode the background answers from its local mirror, so nothing is sent to the
 * server by opening a page.
 */
import { pageIdentity } from '../core/url.ts';
import type { ContentContext } from './context.ts';
import { isDismissed } from './dismissals.ts';
import { overlayAllowed } from './state.ts';

/** The href of the page's `rel=canonical` link as written, or null. */
export function canonicalHref(doc: Document): string | null {
  return doc.querySelector('link[rel~="canonical" i]')?.getAttribute('href') ?? null;
}

/** The page's identity from its location and `rel=canonical`, or null for non-http(s) pages. */
export function identifyPage(doc: Document) {
  try {
    return pageIdentity(doc.location.href, canonicalHref(doc) ?? undefined);
  } catch {
    return null;
  }
}

/**
 * Loads (or reloads) everything the overlay shows. Concurrent calls are fine: only the latest
 * one's answer is kept.
 */
export function createPageLoader(ctx: ContentContext): () => Promise<void> {
  let generation = 0;
  return async () => {
    const mine = ++generation;
    const page = identifyPage(ctx.doc);
    if (!page) {
      ctx.store.set({ page: null, engagement: null, orphans: [] });
      return;
    }
    const settings = await ctx.call('contentSettings', {});
    if (mine !== generation) return;
    if (!overlayAllowed(settings)) {
      ctx.store.set({ settings, page, engagement: null, orphans: [], card: null });
      return;
    }
    const [engagement, dismissed] = await Promise.all([
      ctx.call('pageEngagement', { url: page.url }),
      isDismissed(ctx.storage, page.normalized).catch(() => false),
    ]);
    if (mine !== generation) return;
    ctx.store.set({ settings, page, engagement, dismissed, card: null });
  };
}
