/**
 * What the side panel needs from the browser, behind one small interface so components can be
 * tested with a fake: typed calls to the background, the active tab, tab changes, and messages
 * to the tab's content script.
 */
import type { BackgroundToContent, UiMethod, UiParamsOf, UiResults } from '../core/messages.ts';
import { getBrowser } from '../platform/browser.ts';
import { callUi } from '../platform/rpc.ts';

export type SidePanelApi = {
  call<M extends UiMethod>(method: M, params: UiParamsOf<M>): Promise<UiResults[M]>;
  /**
   * The tab the panel follows: `?tab=ID` when given (a panel opened as a page, as tests do),
   * else the active tab of the panel's window.
   */
  activeTab(): Promise<{ id: number; url: string | null; title: string } | null>;
  /** Calls `listener` when the active tab changes or navigates; returns the unsubscribe. */
  onTabChange(listener: () => void): () => void;
  /** Sends a message to the content script of tab `tabId` (ignored when there is none). */
  sendToTab(tabId: number, message: BackgroundToContent): Promise<void>;
};

/** The real API over the browser. */
export function browserApi(): SidePanelApi {
  const browser = getBrowser();
  return {
    call: (method, params) => callUi(method, params),
    async activeTab() {
      const param = new URLSearchParams(location.search).get('tab');
      const pinned = param ? Number(param) : Number.NaN;
      const [tab] = Number.isInteger(pinned)
        ? [await browser.tabs.get(pinned).catch(() => undefined)]
        : await browser.tabs.query({ active: true, currentWindow: true });
      if (!tab || tab.id === undefined) return null;
      return { id: tab.id, url: tab.url ?? null, title: tab.title ?? '' };
    },
    onTabChange(listener) {
      const activated = () => listener();
      const updated = (_id: number, change: { url?: string; status?: string }) => {
        if (change.url || change.status === 'complete') listener();
      };
      browser.tabs.onActivated.addListener(activated);
      browser.tabs.onUpdated.addListener(updated);
      return () => {
        browser.tabs.onActivated.removeListener(activated);
        browser.tabs.onUpdated.removeListener(updated);
      };
    },
    async sendToTab(tabId, message) {
      await browser.tabs.sendMessage(tabId, message).catch(() => undefined);
    },
  };
}
