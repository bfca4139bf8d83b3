/**
 * What the handlers and the wipe work with: the background's parts once wired together. A type
 * of its own, so `handlers.ts` and `undelivered.ts` need not import `service.ts`, which wires
 * them (no import cycle, not even a type-only one).
 */
import type { Fetch } from '../platform/api.ts';
import type { OutloudDb } from '../platform/db.ts';
import type { Platform } from '../platform/extension.ts';
import type { Identity } from '../platform/identity.ts';
import type { SettingsStore } from '../platform/settings.ts';
import type { Actions } from './actions.ts';
import type { AudienceService } from './audiences.ts';
import type { BadgeController } from './badge.ts';
import type { Menus } from './menus.ts';
import type { SyncEngine } from './sync.ts';

export type Services = {
  db: OutloudDb;
  fetch: Fetch;
  platform: Platform;
  identity: Identity;
  settings: SettingsStore;
  sync: SyncEngine;
  actions: Actions;
  badge: BadgeController;
  menus: Menus;
  /** The person's groups as last known, and the audience remembered per site. */
  audiences: AudienceService;
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
