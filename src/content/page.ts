/**
 * The page controller: asks the background, in one round trip, for the settings that apply to
 * the page, its identity (worked out there from the address and `rel=canonical`, so the page
 * runs no URL code), what the local index knows about it and about the links in view, and puts
 * it in the store. In the default lookup mode the background answers from its local mirror, so
 * nothing is sent to the server by opening a page.
 */
import { MAX_URL_LENGTH } from '../core/url-parse.ts';
import type { ContentContext } from './context.ts';
import { isDismissed } from './dismissals.ts';
import { collectInView } from './link-collect.ts';
import { hasActivity, marksAllowed } from './state.ts';

/** The href of the page's `rel=canonical` link as written, or null. */
export function canonicalHref(doc: Document): string | null {
  return doc.querySelector('link[rel~="canonical" i]')?.getAttribute('href') ?? null;
}

/**
 * Loads (or reloads) everything the overlay shows. The links in view go with the question
 * (unless link marks are known to be off here, or `marking` says the page's links are being
 * marked already), so on most pages one round trip answers both the page and the marks a person
 * can see. Concurrent calls are fine: only the latest one's answer is kept.
 */
export function createPageLoader(
  ctx: ContentContext,
  marking: (href: string) => boolean = () => false,
): () => Promise<void> {
  let generation = 0;
  return async () => {
    const mine = ++generation;
    const href = ctx.doc.location.href;
    const canonical = canonicalHref(ctx.doc);
    if (href.length > MAX_URL_LENGTH) {
      ctx.store.set({ page: null, engagement: null, orphans: [], linksInView: null });
      return;
    }
    const before = ctx.store.get().settings;
    const wanted = (before === null || marksAllowed(before)) && !marking(href);
    const inView = wanted ? collectInView(ctx.doc, ctx.win.innerHeight) : null;
    const { settings, page, engagement, links, permalinkBase } = await ctx.call('pageState', {
      href,
      canonical: canonical !== null && canonical.length <= MAX_URL_LENGTH ? canonical : null,
      ...(inView?.targets.length ? { links: inView.targets } : {}),
    });
    if (mine !== generation) return;
    const linksInView = inView && { ...inView, found: links };
    if (!page || !engagement) {
      ctx.store.set({
        settings,
        page,
        engagement: null,
        orphans: [],
        card: null,
        linksInView,
        permalinkBase,
      });
      return;
    }
    // Only a page with a pill can have it dismissed: a quiet page reads no storage.
    const dismissed =
      hasActivity(engagement) &&
      (await isDismissed(ctx.storage, page.normalized).catch(() => false));
    if (mine !== generation) return;
    ctx.store.set({
      settings,
      page,
      engagement,
      dismissed,
      card: null,
      linksInView,
      permalinkBase,
    });
  };
}
