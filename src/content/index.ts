/**
 * Content script (`content.js`): the on-page overlay, snippet sharing, highlights and link
 * marks. Runs in the top frame of http(s) pages. This entry is the small half that runs on
 * every page; the overlay itself (`content-ui.js`, see overlay-api.ts) is loaded only when
 * there is something to show. Everything Outloud shows lives in one `<outloud-root>` element
 * with a closed shadow root; every feature is set up with one `AbortSignal` and removes what it
 * added when that signal aborts (on `pagehide` of a page that is not kept in the back/forward
 * cache, and when the extension is reloaded or removed and the script loses its connection).
 */
import type { BackgroundToContent, CanonicalAnswer, ComposerAnswer } from '../core/messages.ts';
import type { ContentContext } from './context.ts';
import { callBackground, extensionApi, localStorageOf } from './extension-api.ts';
import { createFeatures } from './features.ts';
import { HOST_TAG } from './host-tag.ts';
import { canonicalHref } from './page.ts';
import { createContentStore } from './state.ts';

function isBackgroundMessage(message: unknown): message is BackgroundToContent {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { type?: unknown }).type === 'string' &&
    (message as { type: string }).type.startsWith('outloud:')
  );
}

function start(): void {
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  if (__OUTLOUD_BENCH__) performance.mark('outloud:start');
  const browser = extensionApi();
  const controller = new AbortController();
  const signal = controller.signal;

  const ctx: ContentContext = {
    store: createContentStore(),
    call: async (method, params) => {
      try {
        return await callBackground(method, params, browser);
      } catch (error) {
        // The extension was reloaded or removed: this copy of the script is orphaned.
        if (!browser.runtime?.id) controller.abort();
        throw error;
      }
    },
    storage: localStorageOf(browser),
    doc: document,
    win: window,
    isOwn: (el) => el.localName === HOST_TAG,
  };
  // On most pages (nobody engaged, nothing selected) Outloud adds nothing to the page at all,
  // and the overlay's code is never even loaded.
  const features = createFeatures(ctx, {
    injectOverlay: async () => {
      await ctx.call('loadOverlay', {});
    },
    signal,
  });

  const onMessage = (message: unknown, _sender: unknown, respond: (answer: unknown) => void) => {
    if (!isBackgroundMessage(message)) return undefined;
    // Chrome does not take a promise from an onMessage listener: an answer given later is sent
    // through `respond`, after returning true.
    if (message.type === 'outloud:canonical') {
      const answer: CanonicalAnswer = { canonical: canonicalHref(document) };
      respond(answer);
    } else if (message.type === 'outloud:open-composer') {
      // The background saves the selection itself only when the composer did not open.
      const answer = (ok: boolean): void => respond({ ok } satisfies ComposerAnswer);
      features.openComposer().then(answer, () => answer(false));
      return true;
    } else if (message.type === 'outloud:scroll-to') {
      void features.showSnippet(message.snippetId).catch(() => undefined);
    } else if (message.type === 'outloud:refresh') {
      void features.refresh();
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(onMessage), {
    once: true,
  });

  // A page leaving for good (not into the back/forward cache) takes everything down with it.
  window.addEventListener(
    'pagehide',
    (event) => {
      if (!event.persisted) controller.abort();
    },
    { signal },
  );
  // The synchronous start-up cost, for the benchmark (bench build only: a page reads no marks).
  if (__OUTLOUD_BENCH__) performance.measure('outloud:init', 'outloud:start');
}

start();
