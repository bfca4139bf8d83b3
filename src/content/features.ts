/**
 * Wires the content features together over one store: the page loader, highlights, link marks,
 * selection sharing, SPA navigation and the Preact UI in the shadow root. Kept apart from the
 * entry point so it takes every dependency as a parameter.
 */
import { h, render } from 'preact';
import { LIMITS } from '../core/limits.ts';
import { messagesLanguage, t } from '../ui/i18n.ts';
import type { ContentContext } from './context.ts';
import { dismiss } from './dismissals.ts';
import { trackPageFocus } from './focus-return.ts';
import { type AnchorQuotes, initHighlights } from './highlights.ts';
import type { Host } from './host.ts';
import { initLinkMarks } from './link-marks.ts';
import { watchNavigation } from './navigation.ts';
import { createPageLoader } from './page.ts';
import { type DescribeQuote, initSelection } from './selection.ts';
import { type ContentState, hasActivity } from './state.ts';
import { App, type ContentActions } from './ui/App.tsx';

export type Features = {
  refresh(): Promise<void>;
  /** Opens the composer for the selection; false when it did not (signed out, excluded, none). */
  openComposer(): boolean;
  showSnippet(id: string): void;
};

/** How long a notice stays on screen. */
export const NOTICE_MS = 4000;

/** Keyboard and input events inside Outloud's UI are not the page's business. */
const PRIVATE_EVENTS = ['keydown', 'keyup', 'keypress', 'input', 'beforeinput'] as const;

/** Whether the state holds anything Outloud would draw on the page. */
export function hasSomethingToShow(s: ContentState): boolean {
  return (
    s.marks.length > 0 ||
    s.shareButton !== null ||
    s.composer !== null ||
    s.notice !== null ||
    s.card !== null ||
    hasActivity(s.engagement)
  );
}

/**
 * Starts every feature; all of them stop when `deps.signal` aborts. `createUiHost` is called
 * once, the first time there is something to show.
 */
export function createFeatures(
  ctx: ContentContext,
  createUiHost: () => Host,
  deps: { anchor: AnchorQuotes; describe: DescribeQuote; signal: AbortSignal },
): Features {
  const { store, win } = ctx;
  const { signal } = deps;
  const load = createPageLoader(ctx);
  const refresh = () => load().catch(() => undefined);

  let noticeTimer: number | undefined;
  const notify = (text: string, error = false) => {
    store.set({ notice: { text, error } });
    if (noticeTimer !== undefined) win.clearTimeout(noticeTimer);
    noticeTimer = win.setTimeout(() => store.set({ notice: null }), NOTICE_MS);
  };
  const fail = (error: unknown) =>
    notify(error instanceof Error ? error.message : String(error), true);

  const highlights = initHighlights(ctx, deps.anchor, signal);
  initLinkMarks(ctx, signal);
  const selection = initSelection(ctx, deps.describe, signal);
  const focus = trackPageFocus(ctx, signal);

  const openComposer = (): boolean => {
    const s = store.get();
    if (!s.settings?.signedIn || s.settings.excluded) return false;
    focus.remember();
    if (selection.openComposer()) return true;
    notify(t('contentSelectFirst'));
    return false;
  };
  const closeComposer = () => {
    store.set({ composer: null });
    focus.restore();
  };

  const actions: ContentActions = {
    openPanel: () => void ctx.call('openSidePanel', {}).catch(fail),
    showSnippet: (id) => {
      if (!highlights.show(id)) notify(t('contentSnippetNotFound'));
    },
    dismiss: (scope) => {
      const page = store.get().page;
      store.set({ dismissed: true, card: null });
      if (page) void dismiss(ctx.storage, page.normalized, scope).catch(fail);
    },
    openComposer,
    closeComposer,
    async share({ comment, visibility }) {
      const { page, composer } = store.get();
      if (!page || !composer) return;
      if (composer.quote.exact.length > LIMITS.quote) throw new Error(t('contentQuoteTooLong'));
      await ctx.call('shareSnippet', {
        url: page.url,
        title: ctx.doc.title.slice(0, LIMITS.title),
        quote: composer.quote,
        ...(comment ? { comment } : {}),
        visibility,
      });
      win.getSelection()?.removeAllRanges();
      closeComposer();
      notify(t('contentShared'));
      await refresh();
    },
    searchPeople: (q) => ctx.call('searchPeople', { q, limit: 6 }),
  };

  // The UI is mounted the first time the state has something to show.
  let host: Host | null = null;
  const mount = () => {
    if (host || !hasSomethingToShow(store.get())) return;
    host = createUiHost();
    host.container.lang = messagesLanguage();
    for (const type of PRIVATE_EVENTS) {
      host.container.addEventListener(type, (e) => e.stopPropagation(), { signal });
    }
    render(h(App, { store, actions }), host.container);
  };
  const unsubscribe = store.subscribe(mount);

  watchNavigation(
    win,
    () => {
      store.set({ composer: null, card: null, shareButton: null, orphans: [] });
      void refresh();
    },
    signal,
  );

  signal.addEventListener(
    'abort',
    () => {
      unsubscribe();
      if (noticeTimer !== undefined) win.clearTimeout(noticeTimer);
      if (host) render(null, host.container);
    },
    { once: true },
  );

  void refresh();
  return { refresh, openComposer, showSnippet: actions.showSnippet };
}
