/**
 * Keeps the toolbar badge equal to `badgeState` for the tab it is shown on: signed out, sync
 * error (a failed run or refused actions), or the number of people in the user's network who
 * engaged with the tab's page, read from the local engagement index (no network call).
 */
import { type BadgeState, badgeState, badgeView } from '../core/badge.ts';
import { networkCount } from '../core/engagement.ts';
import { isExcludedUrl } from '../core/excluded-sites.ts';
import { urlKey } from '../core/url.ts';
import type { OutloudDb } from '../platform/db.ts';
import type { Platform } from '../platform/extension.ts';
import type { SettingsStore } from '../platform/settings.ts';
import { followedAmong } from './page-engagement.ts';
import { readSyncMeta } from './pull.ts';

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
      db.outbox.where('state').equals('failed').count(),
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
        const entry = await db.pages.get(await urlKey(url));
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
    await platform.setBadge(tab.id, badgeView(await this.stateFor(tab.url)));
  }

  /** Shows "✓" on the tab for a moment after a keyboard or menu bookmark, then the count. */
  async confirmSaved(tabId: number): Promise<void> {
    await this.deps.platform.setBadge(tabId, badgeView({ kind: 'saved' }));
    const timer = this.deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    timer(() => void this.refresh(tabId).catch(() => undefined), CONFIRM_MS);
  }
}
