/**
 * What an extension page needs from the outside world, passed down through a Preact context:
 * typed calls to the background, opening a tab or the options page, writing the clipboard, and
 * for a page that follows
 * the browser's tabs (the side panel) the tab it shows, tab changes and messages to that tab's
 * content script. The real one lives in `browser-env.ts`; component tests provide a fake, so
 * nothing here imports browser APIs.
 */

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { WireFailure } from '../core/failures.ts';
import type { BackgroundToContent, UiMethod, UiParamsOf, UiResults } from '../core/messages.ts';

/** A typed call to the background (the shape of `callUi` without its `send` parameter). */
export type Call = <M extends UiMethod>(method: M, params: UiParamsOf<M>) => Promise<UiResults[M]>;

/** A browser tab as a page sees it. */
export type TabRef = { id: number; url: string | null; title: string };

export type PageEnv = {
  call: Call;
  /** Opens `url` in a new browser tab. */
  openTab(url: string): void;
  /** Opens the extension's options page. */
  openOptions(): void;
  /** Writes `text` to the clipboard; rejects when the browser refuses. */
  copyText(text: string): Promise<void>;
  /**
   * The tab the page acts on: tab `tabId` when given (a page opened with `?tab=ID`, as tests
   * do), else the active tab of the page's window; null when there is none.
   */
  activeTab(tabId?: number): Promise<TabRef | null>;
  /** Calls `listener` when the active tab changes or navigates; returns the unsubscribe. */
  onTabChange(listener: () => void): () => void;
  /** Sends a message to the content script of tab `tabId` (ignored when there is none). */
  sendToTab(tabId: number, message: BackgroundToContent): Promise<void>;
};

export const EnvContext = createContext<PageEnv | null>(null);

/** The page environment provided by the page's entry point. */
export function useEnv(): PageEnv {
  const env = useContext(EnvContext);
  if (!env) throw new Error('Outloud page rendered without an EnvContext provider');
  return env;
}

/** A failure as the background reports it (`CallError`) or any other thrown value. */
export type Failure = WireFailure;

/** Normalises anything thrown by a call into `{ code, message }` for display. */
export function toFailure(error: unknown): Failure {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown; params?: unknown };
    const message = typeof e.message === 'string' && e.message ? e.message : String(error);
    const code = typeof e.code === 'string' ? e.code : 'error';
    return e.params && typeof e.params === 'object'
      ? { code, message, params: e.params as WireFailure['params'] }
      : { code, message };
  }
  return { code: 'error', message: String(error) };
}
