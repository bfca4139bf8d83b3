/**
 * Keeps the toolbar badge equal to `badgeState` for the tab it is shown on: signed out, sync
 * error (a failed run or refused actions), or the number of people in the user's network who
 * engaged with the tab's page (its trusted canonical, as the popup shows it), read from the
 * local engagement index (no network call).
 */
import { type BadgeState, badgeState, badgeView } from '../core/badge.ts';
import { networkCount } from '../core/engagement.ts';
import { isExcludedUrl } from '../core/excluded-sites.ts';
import { urlKey } from '../core/url.ts';
import type { OutloudDb } from '../platform/db.ts';
import type { Platform } from '../platform/extension.ts';
import { readSyncMeta } from '../platform/meta.ts';
import { pageEntry } from '../platform/mirror-queries.ts';
import { countFailed } from '../platform/outbox.ts';
import type { SettingsStore } from '../platform/settings.ts';
import { followedAmong } from './page-engagement.ts';
import { tabPageUrl } from './tab-page.ts';

export const CONFIRM_MS = 2_000;

export type BadgeDeps = {
  db: OutloudDb;
  settings: SettingsStore;
  platform: Platform;
  /** Timer for the confirmation; harmless if the worker dies before it fires. */
  setTimer?: (fn: () => void, ms: number) => void;
};

export class BadgeController {
  constructor(private readonly deps: BadgeDeps) {}

  /** The badge state for a page URL (null: no http(s) page). */
  async stateFor(url: string | null): Promise<BadgeState> {
    const { db, settings } = this.deps;
    const [credentials, me, meta, failed, prefs] = await Promise.all([
      settings.credentials(),
      settings.me(),
      readSyncMeta(db),
      countFailed(db),
      settings.get(),
    ]);
    const signedIn = credentials !== null && me !== null;
    const syncError =
      meta.error ??
      (failed > 0
        ? { message: `${failed} change${failed === 1 ? '' : 's'} refused by the server` }
        : null);
    let count: number | null = null;
    if (signedIn && url && /^https?:/i.test(url) && !isExcludedUrl(url, prefs.excludedSites)) {
      try {
        const entry = await pageEntry(db, await urlKey(url));
        const handles = entry?.people.map((p) => p.handle) ?? [];
        count = networkCount(entry, await followedAmong(db, me.handle, handles), me.handle);
      } catch {
        count = null;
      }
    }
    return badgeState({ signedIn, syncError, count });
  }

  /** Recomputes the badge of `tabId` (the active tab when omitted). */
  async refresh(tabId?: number): Promise<void> {
    const { platform } = this.deps;
    const tab = tabId === undefined ? await platform.activeTab() : await platform.tab(tabId);
    if (!tab) return;
    await platform.setBadge(tab.id, badgeView(await this.stateFor(await this.pageUrl(tab))));
  }

  /**
   * The address whose count the badge shows: the page's trusted canonical (`tabPageUrl`), the
   * same address the popup and the context menu save, so the badge counts the page they show.
   * Decided against keeping the tab URL: asking costs one message per refresh (tab activation,
   * finished navigation, end of a sync, a save), which the content script answers from the DOM
   * at once; only where no script answers (a tab opened before install) does the badge wait up
   * to `CANONICAL_TIMEOUT_MS`, then use the tab URL. No count is shown signed out, off http(s)
   * or on an excluded site (a canonical is same-site, so the tab URL decides that), so the tab is
   * not asked there.
   */
  private async pageUrl(tab: { id: number; url: string | null }): Promise<string | null> {
    const { platform, settings } = this.deps;
    if (!tab.url || !/^https?:/i.test(tab.url)) return tab.url;
    const [credentials, prefs] = await Promise.all([settings.credentials(), settings.get()]);
    if (!credentials || isExcludedUrl(tab.url, prefs.excludedSites)) return tab.url;
    return tabPageUrl(platform, { id: tab.id, url: tab.url });
  }

  /** Shows "✓" on the tab for a moment after a keyboard or menu bookmark, then the count. */
  async confirmSaved(tabId: number): Promise<void> {
    await this.deps.platform.setBadge(tabId, badgeView({ kind: 'saved' }));
    const timer = this.deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    timer(() => void this.refresh(tabId).catch(() => undefined), CONFIRM_MS);
  }
}
