/**
 * The browser APIs the background uses beyond storage, behind one small interface so the
 * background's modules take it as a parameter and unit tests pass a fake: tabs, the toolbar
 * badge, the side panel (Chrome) / sidebar (Firefox), messages to content scripts and the
 * on-demand overlay script.
 */
import type { BackgroundToContent } from '../core/messages.ts';
import type { Browser } from './browser.ts';

export type TabLike = { id: number; url: string | null; title: string };

export type BadgeLook = { text: string; color: string; title: string };

export interface Platform {
  /** The active tab of the focused window, or null. */
  activeTab(): Promise<TabLike | null>;
  tab(tabId: number): Promise<TabLike | null>;
  /** Sets the toolbar badge for one tab (or every tab when `tabId` is null). */
  setBadge(tabId: number | null, look: BadgeLook): Promise<void>;
  /** Opens the side panel (Chrome) or sidebar (Firefox) for a tab. */
  openSidePanel(tabId: number | null): Promise<void>;
  /** Sends a message to a tab's content script; rejects when none listens. */
  sendToTab(tabId: number, message: BackgroundToContent): Promise<unknown>;
  /** The ids of the tabs showing an http(s) page (where the content script runs). */
  webTabs(): Promise<number[]>;
  /**
   * Runs the overlay bundle (`content-ui.js`) in one frame of a tab, in the content script's
   * isolated world (`scripting.executeScript`); resolves once it has run.
   */
  injectOverlay(tabId: number, frameId: number): Promise<void>;
}

/** The overlay bundle, at the root of the built extension. */
export const OVERLAY_FILE = 'content-ui.js';

function toTab(t: { id?: number; url?: string; title?: string } | undefined): TabLike | null {
  if (!t || t.id === undefined) return null;
  return { id: t.id, url: t.url ?? null, title: t.title ?? '' };
}

type ChromeSidePanel = { open(options: { tabId: number }): Promise<void> };

/** The real implementation over webextension-polyfill (and `chrome.sidePanel` where present). */
export function browserPlatform(browser: Browser): Platform {
  return {
    async activeTab() {
      const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
      return toTab(tab);
    },
    async tab(tabId) {
      try {
        return toTab(await browser.tabs.get(tabId));
      } catch {
        return null;
      }
    },
    async setBadge(tabId, look) {
      const target = tabId === null ? {} : { tabId };
      await Promise.all([
        browser.action.setBadgeText({ ...target, text: look.text }),
        browser.action.setBadgeBackgroundColor({ ...target, color: look.color }),
        browser.action.setTitle({ ...target, title: look.title }),
      ]).catch(() => {
        // The tab closed meanwhile: nothing to show.
      });
    },
    async openSidePanel(tabId) {
      const chromeApi = (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome;
      if (chromeApi?.sidePanel && tabId !== null) {
        await chromeApi.sidePanel.open({ tabId });
        return;
      }
      // Firefox: `sidebar_action` (the manifest has no side panel there). It opens only in
      // answer to a user action, which a toolbar or menu click is.
      if (browser.sidebarAction) {
        await browser.sidebarAction.open();
        return;
      }
      throw new Error('This browser has no side panel.');
    },
    sendToTab(tabId, message) {
      return browser.tabs.sendMessage(tabId, message);
    },
    async webTabs() {
      const tabs = await browser.tabs.query({});
      return tabs.flatMap((t) =>
        t.id !== undefined && /^https?:/i.test(t.url ?? '') ? [t.id] : [],
      );
    },
    async injectOverlay(tabId, frameId) {
      await browser.scripting.executeScript({
        target: { tabId, frameIds: [frameId] },
        files: [OVERLAY_FILE],
      });
    },
  };
}
