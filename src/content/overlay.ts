/**
 * The overlay bundle (`content-ui.js`): everything Outloud draws on a page — the pill, the
 * highlights with their cards, the share button and composer, the link marks — rendered with
 * Preact into one closed shadow root. The background injects it only when the page has
 * something to show or the person starts sharing (see overlay-api.ts); running it registers
 * the module, and `content.js` mounts it over its store.
 */
import { h, render } from 'preact';
import { anchorAll, describeQuote } from '../core/anchoring.ts';
import { audienceFields } from '../core/audience.ts';
import { LIMITS } from '../core/limits.ts';
import { permalinkOf } from '../core/permalink.ts';
import { snippetLink } from '../core/text-fragment.ts';
import { failureText, messagesLanguage, t } from '../i18n/i18n.ts';
import { toFailure } from '../ui/env.ts';
import type { ContentContext } from './context.ts';
import { dismiss } from './dismissals.ts';
import { listFrames, watchFrames } from './frames.ts';
import { createHighlightLayer, HIGHLIGHT_CSS } from './highlight-layer.ts';
import { initHighlights } from './highlights.ts';
import { createHost, type Host } from './host.ts';
import {
  OVERLAY_GLOBAL,
  type Overlay,
  type OverlayDeps,
  type OverlayModule,
} from './overlay-api.ts';
import { initSelection } from './selection.ts';
import { type ContentState, hasActivity } from './state.ts';
import { App, type ContentActions } from './ui/App.tsx';
import { UI_CSS } from './ui/styles.ts';

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
 * Starts the highlights, the selection sharing and the UI over `ctx.store`; everything stops
 * when `deps.signal` aborts. The host element is created the first time there is something to
 * show.
 */
export function mountOverlay(ctx: ContentContext, deps: OverlayDeps): Overlay {
  const { store, win } = ctx;
  const { signal, focus, refresh } = deps;

  let noticeTimer: number | undefined;
  /** Shows `text` for a while; `copyId`: a snippet whose permalink the notice offers to copy. */
  const notify = (text: string, error = false, copyId?: string) => {
    store.set({ notice: { text, error, ...(copyId ? { copyId } : {}) } });
    if (noticeTimer !== undefined) win.clearTimeout(noticeTimer);
    noticeTimer = win.setTimeout(() => store.set({ notice: null }), NOTICE_MS);
  };
  const fail = (error: unknown) => notify(failureText(toFailure(error)), true);

  // The UI is mounted the first time the state has something to show, or highlights to draw.
  let host: Host | null = null;
  const ensureHost = (): Host => {
    if (host) return host;
    host = createHost(UI_CSS + HIGHLIGHT_CSS, signal);
    host.container.lang = messagesLanguage();
    for (const type of PRIVATE_EVENTS) {
      host.container.addEventListener(type, (e) => e.stopPropagation(), { signal });
    }
    render(h(App, { store, actions }), host.container);
    return host;
  };

  /** With `shown`, for the selection the share button stands by (the button's own click). */
  const openComposer = (shown = false): boolean => {
    focus.remember();
    if (selection.openComposer(shown)) return true;
    notify(t('contentSelectFirst'));
    return false;
  };
  const closeComposer = () => {
    store.set({ composer: null });
    focus.restore();
  };

  // The async Clipboard API: only in secure contexts (an http page has none), and it fires no
  // event the page could see (unlike `execCommand('copy')`).
  const clipboard: Clipboard | undefined = win.navigator.clipboard;
  /** Writes `text` to the clipboard and says `copied`, or that it failed. */
  const copy = (to: Clipboard, text: string, copied: string) =>
    to.writeText(text).then(
      () => notify(copied),
      () => notify(t('copyLinkFailed'), true),
    );

  const actions: ContentActions = {
    openPanel: () => void ctx.call('openSidePanel', {}).catch(fail),
    showSnippet: (id) => {
      if (!highlights.show(id)) notify(t('contentSnippetNotFound'));
    },
    copyLink: clipboard
      ? (id) => {
          const snippet = store.get().engagement?.snippets.find((s) => s.id === id);
          if (snippet) void copy(clipboard, snippetLink(snippet), t('linkCopied'));
        }
      : null,
    copyPermalink: clipboard
      ? (id) => {
          const base = store.get().permalinkBase;
          if (base) void copy(clipboard, permalinkOf(base, id), t('permalinkCopied'));
        }
      : null,
    dismiss: (scope) => {
      const page = store.get().page;
      store.set({ dismissed: true, card: null });
      if (page) void dismiss(ctx.storage, page.normalized, scope).catch(fail);
    },
    openComposer: () => openComposer(true),
    closeComposer,
    async share({ comment, audience }) {
      const { page, composer } = store.get();
      if (!page || !composer) return;
      if (composer.quote.exact.length > LIMITS.quote) throw new Error(t('contentQuoteTooLong'));
      const shared = await ctx.call('shareSnippet', {
        url: page.url,
        title: ctx.doc.title.slice(0, LIMITS.title),
        quote: composer.quote,
        ...(comment ? { comment } : {}),
        ...audienceFields(audience),
      });
      selection.clear();
      closeComposer();
      notify(t('contentShared'), false, shared.id);
      await refresh();
    },
    searchPeople: (q) => ctx.call('searchPeople', { q, limit: 6 }),
    audienceChoices: () => ctx.call('audienceChoices', {}),
  };

  // (Set up after `actions`, which the host renders with: highlights may create it at once.)
  // Same-origin frames: where a snippet may have been shared from, and where text is selected.
  const frames = watchFrames(ctx.doc, win, listFrames, signal);
  const paint = createHighlightLayer(ctx.doc, win, () => ensureHost().shadow, signal);
  const highlights = initHighlights(ctx, anchorAll, frames, paint, signal);
  const selection = initSelection(ctx, describeQuote, frames, signal);

  const mount = () => {
    if (!host && hasSomethingToShow(store.get())) ensureHost();
  };
  const unsubscribe = store.subscribe(mount);
  mount();

  signal.addEventListener(
    'abort',
    () => {
      unsubscribe();
      if (noticeTimer !== undefined) win.clearTimeout(noticeTimer);
      if (host) render(null, host.container);
    },
    { once: true },
  );
  return { openComposer: () => openComposer(), showSnippet: actions.showSnippet };
}

const module: OverlayModule = { mount: mountOverlay };
// Injected once per page by the background; a second run keeps the first module.
const world = globalThis as { [OVERLAY_GLOBAL]?: OverlayModule };
world[OVERLAY_GLOBAL] ??= module;
