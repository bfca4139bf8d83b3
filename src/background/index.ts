/**
 * Background service worker (Chrome) / background script (Firefox). Registers every listener
 * synchronously at top level so an MV3 worker woken by an event finds them; all state lives in
 * Dexie and `storage.local`, so a worker killed at any moment loses nothing.
 */
import { getBrowser } from '../platform/browser.ts';
import { OutloudDb } from '../platform/db.ts';
import { browserPlatform } from '../platform/extension.ts';
import { browserIdentity } from '../platform/identity.ts';
import { readManaged } from '../platform/managed.ts';
import { MENU_ITEMS } from './menus.ts';
import type { Sender } from './router.ts';
import { createServices } from './service.ts';

const browser = getBrowser();
const SYNC_ALARM = 'outloud-sync';
const SYNC_PERIOD_MINUTES = 1;

const warn = (message: string) => console.warn(message);

const services = createServices({
  db: new OutloudDb(),
  store: browser.storage.local,
  fetch: (input, init) => fetch(input, init),
  platform: browserPlatform(browser),
  identity: browserIdentity(browser),
  managed: () => readManaged(browser.storage.managed),
  extensionId: browser.runtime.id,
  extensionOrigin: browser.runtime.getURL(''),
  warn,
});

function ensureAlarm(): void {
  void browser.alarms.get(SYNC_ALARM).then((alarm) => {
    if (!alarm) browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES });
  });
}

function syncSoon(trigger: 'startup' | 'alarm'): void {
  void services.sync.run(trigger).catch((err) => warn(`Outloud: sync failed (${err})`));
}

browser.runtime.onInstalled.addListener((details) => {
  void browser.contextMenus.removeAll().then(() => {
    for (const item of MENU_ITEMS) {
      browser.contextMenus.create({
        id: item.id,
        title: browser.i18n.getMessage(item.message) || item.fallback,
        contexts: [...item.contexts],
      });
    }
  });
  ensureAlarm();
  // A first install shows where to sign in; an extension installed again over a profile that
  // is already signed in (an unpacked build reloaded, a managed reinstall) opens nothing.
  if (details.reason === 'install') {
    void services.settings.credentials().then((signedIn) => {
      if (!signedIn) void browser.runtime.openOptionsPage();
    });
  }
  syncSoon('startup');
});

browser.runtime.onStartup.addListener(() => {
  ensureAlarm();
  syncSoon('startup');
});

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === SYNC_ALARM) syncSoon('alarm');
});

browser.runtime.onMessage.addListener((message: unknown, sender: Sender) =>
  services.router(message, sender),
);

// The organisation changed its policy: read it again (the badge may now mean another server).
browser.storage.onChanged.addListener((_changes, area) => {
  if (area !== 'managed') return;
  services.settings.policyChanged();
  void services.badge.refresh().catch(() => undefined);
});

browser.tabs.onActivated.addListener(({ tabId }) => {
  void services.badge.refresh(tabId).catch(() => undefined);
});

browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.url === undefined && change.status !== 'complete') return;
  if (!tab.active) return;
  void services.badge.refresh(tabId).catch(() => undefined);
});

browser.contextMenus.onClicked.addListener((info, tab) => {
  const target =
    tab?.id === undefined ? null : { id: tab.id, url: tab.url ?? null, title: tab.title ?? '' };
  void services.menus.onClicked(info, target);
});

browser.commands.onCommand.addListener((command, tab) => {
  const target =
    tab?.id === undefined ? null : { id: tab.id, url: tab.url ?? null, title: tab.title ?? '' };
  void services.menus.onCommand(command, target);
});

ensureAlarm();
