/**
 * The real page environment: calls go to the background; tabs are opened, read, followed and
 * messaged through the browser API.
 */
import { getBrowser } from '../platform/browser.ts';
import { callUi } from '../platform/rpc.ts';
import type { PageEnv } from './env.ts';

/** Builds the environment an extension page runs in. */
export function browserEnv(): PageEnv {
  const browser = getBrowser();
  return {
    call: (method, params) => callUi(method, params),
    openTab(url) {
      void browser.tabs.create({ url });
    },
    openOptions() {
      void browser.runtime.openOptionsPage();
    },
    copyText(text) {
      // An extension page is a secure context: the async Clipboard API is there.
      return navigator.clipboard.writeText(text);
    },
    async activeTab(tabId) {
      const [tab] =
        tabId === undefined
          ? await browser.tabs.query({ active: true, currentWindow: true })
          : [await browser.tabs.get(tabId).catch(() => undefined)];
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
