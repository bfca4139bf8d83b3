/**
 * Wires the background together from what it depends on (database, `storage.local`, fetch,
 * browser platform), so the entry point passes the real ones and tests pass fakes.
 */
import { lookupChoice } from '../core/lookup-choice.ts';
import type { ManagedPolicy } from '../core/managed-settings.ts';
import type { Fetch } from '../platform/api.ts';
import { clearAll, type OutloudDb } from '../platform/db.ts';
import type { Platform } from '../platform/extension.ts';
import type { Identity } from '../platform/identity.ts';
import { syncLock, type TryLock } from '../platform/lock.ts';
import { mirrorOwner, setMirrorOwner } from '../platform/meta.ts';
import { type KeyValueStore, SettingsStore } from '../platform/settings.ts';
import { Actions } from './actions.ts';
import { AudienceService } from './audiences.ts';
import { BadgeController } from './badge.ts';
import { contentHandlers, uiHandlers } from './handlers.ts';
import { Menus } from './menus.ts';
import { createRouter } from './router.ts';
import type { Services } from './services.ts';
import { SyncEngine } from './sync.ts';
import { wipeLocalData } from './undelivered.ts';

export type ServiceDeps = {
  db: OutloudDb;
  store: KeyValueStore;
  fetch: Fetch;
  platform: Platform;
  /** The browser's auth window, for signing in with the organisation. */
  identity: Identity;
  /** The organisation's preset settings (managed storage); none when absent. */
  managed?: () => Promise<ManagedPolicy>;
  extensionId: string;
  extensionOrigin: string;
  lock?: TryLock;
  now?: () => number;
  random?: () => number;
  newId?: () => string;
  setTimer?: (fn: () => void, ms: number) => void;
  warn?: (message: string) => void;
};

export function createServices(deps: ServiceDeps) {
  const { db, platform } = deps;
  const now = deps.now ?? Date.now;
  const settings = new SettingsStore(deps.store, deps.managed);
  const badge = new BadgeController({ db, settings, platform, setTimer: deps.setTimer });
  const refreshBadge = () => void badge.refresh().catch(() => undefined);
  /**
   * After a pull that changed the local copy, open pages ask for their state again, so a page
   * drops at once what its person may no longer see (they left a group, an item was deleted).
   * Only where pages are answered from the local copy: in range and exact mode that would send
   * the server every open page again.
   */
  const refreshOpenPages = async () => {
    const [current, org] = await Promise.all([settings.get(), settings.org()]);
    if (lookupChoice(current, org?.size?.items ?? null).mode !== 'local') return;
    for (const id of await platform.webTabs()) {
      void platform.sendToTab(id, { type: 'outloud:refresh' }).catch(() => undefined);
    }
  };
  const audiences = new AudienceService({
    db,
    store: deps.store,
    api: () => sync.api(),
    now,
  });
  const sync = new SyncEngine({
    db,
    settings,
    fetch: deps.fetch,
    lock: deps.lock ?? syncLock(db),
    now,
    random: deps.random,
    onChange: (result) => {
      refreshBadge();
      if (result.ran && result.ok && result.pulled > 0) {
        void refreshOpenPages().catch(() => undefined);
      }
    },
    afterPull: async (api) => {
      await audiences.refreshWith(api);
    },
  });
  const actions = new Actions({
    db,
    settings,
    now,
    newId: deps.newId,
    afterWrite: () => {
      refreshBadge();
      void sync.run('action').catch((err) => deps.warn?.(`Outloud: sync failed (${err})`));
    },
  });
  const menus = new Menus({ actions, badge, platform, warn: deps.warn });

  const services: Services = {
    db,
    fetch: deps.fetch,
    platform,
    identity: deps.identity,
    settings,
    sync,
    actions,
    badge,
    menus,
    audiences,
    now,
    clearLocalData(options = {}) {
      return clearAll(db, options);
    },
    async resetIfOtherUser(handle, options = {}) {
      const owner = await mirrorOwner(db);
      if (owner !== null && owner !== handle) {
        const stored = await settings.me();
        await wipeLocalData(services, {
          discardPending: options.discardPending === true,
          deliver: stored?.handle === owner,
          reason: { kind: 'switch', from: owner, to: handle },
        });
      }
      await setMirrorOwner(db, handle);
    },
  };
  const router = createRouter({
    extensionId: deps.extensionId,
    extensionOrigin: deps.extensionOrigin,
    ui: uiHandlers(services),
    content: contentHandlers(services),
    onError: (method, err) =>
      deps.warn?.(`Outloud: ${method} failed (${err instanceof Error ? err.message : err})`),
  });
  return { ...services, router };
}

export type Background = ReturnType<typeof createServices>;
