/**
 * Wires the background together from what it depends on (database, `storage.local`, fetch,
 * browser platform), so the entry point passes the real ones and tests pass fakes.
 */
import type { Fetch } from '../platform/api.ts';
import { clearAll, type OutloudDb } from '../platform/db.ts';
import type { Platform } from '../platform/extension.ts';
import { syncLock, type TryLock } from '../platform/lock.ts';
import { mirrorOwner, setMirrorOwner } from '../platform/meta.ts';
import { type KeyValueStore, SettingsStore } from '../platform/settings.ts';
import { Actions } from './actions.ts';
import { BadgeController } from './badge.ts';
import { contentHandlers, uiHandlers } from './handlers.ts';
import { Menus } from './menus.ts';
import { createRouter } from './router.ts';
import { SyncEngine } from './sync.ts';
import { wipeLocalData } from './undelivered.ts';

export type ServiceDeps = {
  db: OutloudDb;
  store: KeyValueStore;
  fetch: Fetch;
  platform: Platform;
  extensionId: string;
  extensionOrigin: string;
  lock?: TryLock;
  now?: () => number;
  random?: () => number;
  newId?: () => string;
  setTimer?: (fn: () => void, ms: number) => void;
  warn?: (message: string) => void;
};

export type Services = {
  db: OutloudDb;
  fetch: Fetch;
  platform: Platform;
  settings: SettingsStore;
  sync: SyncEngine;
  actions: Actions;
  badge: BadgeController;
  menus: Menus;
  now: () => number;
  /**
   * Empties the local mirror, outbox and sync state, and answers 0. With `keepIfPending`, when
   * the outbox holds entries it empties nothing and answers how many (checked in the same
   * transaction as the wipe, so nothing written meanwhile is lost).
   */
  clearLocalData(options?: { keepIfPending?: boolean }): Promise<number>;
  /**
   * Clears local data when it belongs to someone other than `handle`, then records `handle`.
   * The previous person's undelivered outbox is pushed first (with their credentials, while
   * they are the ones stored); entries still left refuse the switch with a `pending`
   * `HandlerError` unless `discardPending`. The same person keeps everything.
   */
  resetIfOtherUser(handle: string, options?: { discardPending?: boolean }): Promise<void>;
};

export function createServices(deps: ServiceDeps) {
  const { db, platform } = deps;
  const now = deps.now ?? Date.now;
  const settings = new SettingsStore(deps.store);
  const badge = new BadgeController({ db, settings, platform, setTimer: deps.setTimer });
  const refreshBadge = () => void badge.refresh().catch(() => undefined);
  const sync = new SyncEngine({
    db,
    settings,
    fetch: deps.fetch,
    lock: deps.lock ?? syncLock(db),
    now,
    random: deps.random,
    onChange: refreshBadge,
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
    settings,
    sync,
    actions,
    badge,
    menus,
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
