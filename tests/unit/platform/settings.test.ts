/** Settings in storage.local: defaults, migrations, normalised updates, credentials. */
import { describe, expect, it } from 'vitest';
import { NO_LOCKS } from '../../../src/core/managed-settings.ts';
import {
  DEFAULT_SETTINGS,
  migrateSettings,
  SETTINGS_MIGRATIONS,
  SettingsStore,
} from '../../../src/platform/settings.ts';
import { memoryStore } from '../background/helpers.ts';

describe('SettingsStore', () => {
  it('answers the defaults on a fresh profile and records the schema version', async () => {
    const store = memoryStore();
    const s = new SettingsStore(store);
    expect(await s.local()).toEqual(DEFAULT_SETTINGS);
    expect(await s.get()).toEqual({ ...DEFAULT_SETTINGS, managed: NO_LOCKS });
    expect(store.data.get('settingsVersion')).toBe(SETTINGS_MIGRATIONS.length);
    expect(DEFAULT_SETTINGS.lookupMode).toBe('local');
    expect(DEFAULT_SETTINGS.excludedSites).toEqual(
      expect.arrayContaining([
        'mail.google.com',
        'outlook.live.com',
        'outlook.office.com',
        '*.bank',
        'paypal.com',
      ]),
    );
  });

  it('migrates a stored object from an older version, keeping what the user chose', async () => {
    const store = memoryStore();
    await store.set({ settings: { lookupMode: 'range', overlay: false } });
    const s = await new SettingsStore(store).local();
    // A mode other than the old default was the person's choice: it stays chosen (not automatic).
    expect(s).toEqual({
      ...DEFAULT_SETTINGS,
      lookupMode: 'range',
      lookupModeChosen: true,
      overlay: false,
    });
    expect(migrateSettings({}, SETTINGS_MIGRATIONS.length)).toEqual({});
  });

  it('drops malformed stored fields', async () => {
    const store = memoryStore();
    await store.set({
      settingsVersion: SETTINGS_MIGRATIONS.length,
      settings: { lookupMode: 'spy', overlay: 'yes', excludedSites: ['a.com', 3] },
    });
    const s = await new SettingsStore(store).get();
    expect(s.lookupMode).toBe('local');
    expect(s.overlay).toBe(true);
    expect(s.excludedSites).toEqual(['a.com']);
  });

  it('normalises and deduplicates excluded sites on update', async () => {
    const s = new SettingsStore(memoryStore());
    const next = await s.update({
      excludedSites: ['Bank.Example ', 'https://mail.corp.example/inbox', 'bank.example', '', '*.'],
    });
    expect(next.excludedSites).toEqual(['bank.example', 'mail.corp.example']);
  });

  it('keeps credentials and the person until sign-out, the server URL after it', async () => {
    const s = new SettingsStore(memoryStore());
    expect(await s.credentials()).toBeNull();
    await s.signIn(
      { serverUrl: 'https://outloud.corp.example', token: 'T' },
      { handle: 'alice', name: 'Alice', createdAt: '2025-01-01T00:00:00Z' },
    );
    expect(await s.credentials()).toEqual({
      serverUrl: 'https://outloud.corp.example',
      token: 'T',
    });
    expect((await s.me())?.handle).toBe('alice');
    await s.signOut();
    expect(await s.credentials()).toBeNull();
    expect(await s.me()).toBeNull();
    expect((await s.get()).serverUrl).toBe('https://outloud.corp.example');
  });
});

describe('the lookup mode choice and the organisation’s size', () => {
  it('makes a picked mode the person’s choice, and hands it back on request', async () => {
    const s = new SettingsStore(memoryStore());
    expect((await s.get()).lookupModeChosen).toBe(false);
    expect(await s.update({ lookupMode: 'exact' })).toMatchObject({
      lookupMode: 'exact',
      lookupModeChosen: true,
    });
    expect(await s.update({ lookupModeChosen: false })).toMatchObject({ lookupModeChosen: false });
  });

  it('keeps an older default local mode automatic', async () => {
    const store = memoryStore();
    await store.set({ settingsVersion: 1, settings: { ...DEFAULT_SETTINGS, lookupMode: 'local' } });
    expect((await new SettingsStore(store).get()).lookupModeChosen).toBe(false);
  });

  it('forgets the organisation’s size on sign-in and sign-out', async () => {
    const s = new SettingsStore(memoryStore());
    const size = { pages: 1, items: 2, people: 3, bucketMinPages: 50, prefixLength: 0 };
    await s.setOrg({ size, fetchedAt: 5 });
    expect(await s.org()).toEqual({ size, fetchedAt: 5 });
    await s.signIn(
      { serverUrl: 'https://other.example', token: 'T' },
      { handle: 'bo', name: 'Bo', createdAt: '2025-01-01T00:00:00Z' },
    );
    expect(await s.org()).toBeNull();
    await s.setOrg({ size: null, fetchedAt: 6 });
    await s.signOut();
    expect(await s.org()).toBeNull();
  });

  it("puts the organisation's presets over the person's settings, and stores only the person's", async () => {
    const store = memoryStore();
    let reads = 0;
    let policy: object = {
      serverUrl: 'https://o.example',
      lookupMode: 'range',
      excludedSites: ['hr.example'],
    };
    const s = new SettingsStore(store, async () => {
      reads++;
      return policy;
    });
    await s.update({ excludedSites: ['bank.example'], lookupMode: 'exact' });
    expect(await s.get()).toMatchObject({
      serverUrl: 'https://o.example',
      lookupMode: 'range',
      lookupModeChosen: true,
      excludedSites: ['hr.example', 'bank.example'],
      managed: { serverUrl: true, lookupMode: true, excludedSites: ['hr.example'] },
    });
    // Stored: the person's own.
    expect(store.data.get('settings')).toMatchObject({
      serverUrl: DEFAULT_SETTINGS.serverUrl,
      lookupMode: 'exact',
      excludedSites: ['bank.example'],
    });
    expect(reads).toBe(1);
    // A new policy is read after `policyChanged`, not before.
    policy = {};
    expect((await s.get()).lookupMode).toBe('range');
    s.policyChanged();
    expect(await s.get()).toMatchObject({ lookupMode: 'exact', excludedSites: ['bank.example'] });
    expect(reads).toBe(2);
  });

  it('reads a failing policy source as no policy', async () => {
    const s = new SettingsStore(memoryStore(), async () => {
      throw new Error('no managed storage');
    });
    expect(await s.get()).toEqual({ ...DEFAULT_SETTINGS, managed: NO_LOCKS });
  });
});
