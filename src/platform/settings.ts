/**
 * Settings and credentials in `storage.local`: typed defaults, an ordered list of migrations
 * (the stored `settingsVersion` says how many have run), and the signed-in user. The token is
 * kept here and nowhere else; it is never logged and never sent to any context but the server.
 */
import { DEFAULT_EXCLUDED_SITES, normalizePattern } from '../core/excluded-sites.ts';
import { type LocalSettings, type ManagedPolicy, mergeManaged } from '../core/managed-settings.ts';
import type { Settings } from '../core/messages.ts';
import type { Person } from '../core/wire.ts';
import type { OrgSize } from '../core/wire-read.ts';

/** The part of `storage.local` this module uses (`browser.storage.local` satisfies it). */
export type KeyValueStore = {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
};

export type Credentials = { serverUrl: string; token: string };

/**
 * The key of the audiences last chosen per site (`background/groups.ts`): the person's own
 * choices, of their groups, so signing out forgets them with the rest.
 */
export const AUDIENCES_KEY = 'audiences';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';

export const DEFAULT_SETTINGS: LocalSettings = {
  serverUrl: DEFAULT_SERVER_URL,
  lookupMode: 'local',
  lookupModeChosen: false,
  excludedSites: [...DEFAULT_EXCLUDED_SITES],
  overlay: true,
  linkMarks: true,
};

type Raw = Record<string, unknown>;

/**
 * Migrations of the stored settings object, oldest first; migration `i` takes version `i` to
 * `i + 1`. Append, never edit or reorder.
 */
export const SETTINGS_MIGRATIONS: ReadonlyArray<(stored: Raw) => Raw> = [
  // 0 → 1: the first stored form: fill every missing field from the defaults.
  (stored) => ({ ...DEFAULT_SETTINGS, ...stored }),
  // 1 → 2: the mode became automatic unless chosen; a mode other than the old default
  // (`local`) was the person's choice, and stays one.
  (stored) => ({
    ...stored,
    lookupModeChosen: stored.lookupMode !== undefined && stored.lookupMode !== 'local',
  }),
];

/** `GET /v1/org` as last read, and when (epoch ms); `size` null when the server had no answer. */
export type StoredOrg = { size: OrgSize | null; fetchedAt: number };

/** Applies the migrations after `fromVersion` to `stored`. */
export function migrateSettings(stored: Raw, fromVersion: number): Raw {
  let value = stored;
  for (let v = Math.max(0, fromVersion); v < SETTINGS_MIGRATIONS.length; v++) {
    value = SETTINGS_MIGRATIONS[v]!(value);
  }
  return value;
}

/** Keeps only well-typed fields of `raw`, falling back to the defaults. */
function coerce(raw: Raw): LocalSettings {
  const d = DEFAULT_SETTINGS;
  const mode = raw.lookupMode;
  return {
    serverUrl: typeof raw.serverUrl === 'string' ? raw.serverUrl : d.serverUrl,
    lookupMode: mode === 'local' || mode === 'range' || mode === 'exact' ? mode : d.lookupMode,
    lookupModeChosen:
      typeof raw.lookupModeChosen === 'boolean' ? raw.lookupModeChosen : d.lookupModeChosen,
    excludedSites: Array.isArray(raw.excludedSites)
      ? raw.excludedSites.filter((s): s is string => typeof s === 'string')
      : [...d.excludedSites],
    overlay: typeof raw.overlay === 'boolean' ? raw.overlay : d.overlay,
    linkMarks: typeof raw.linkMarks === 'boolean' ? raw.linkMarks : d.linkMarks,
  };
}

/**
 * Settings, credentials and the signed-in person, over a `storage.local`-like store, with the
 * organisation's presets (`managed`, read through `src/platform/managed.ts`) over the
 * person's own settings wherever they are read.
 */
export class SettingsStore {
  private policyRead: Promise<ManagedPolicy> | null = null;

  constructor(
    private readonly store: KeyValueStore,
    private readonly managed: () => Promise<ManagedPolicy> = async () => ({}),
  ) {}

  /** The organisation's policy (read once, until `policyChanged`). */
  policy(): Promise<ManagedPolicy> {
    this.policyRead ??= this.managed().catch(() => ({}));
    return this.policyRead;
  }

  /** Forgets the policy read, so the next read sees the new one (`storage.onChanged`). */
  policyChanged(): void {
    this.policyRead = null;
  }

  /** The settings in force: the person's with the organisation's presets over them. */
  async get(): Promise<Settings> {
    const [local, policy] = await Promise.all([this.local(), this.policy()]);
    return mergeManaged(local, policy);
  }

  /** The person's own settings, migrated (and the migration saved) when stored by an older version. */
  async local(): Promise<LocalSettings> {
    const got = await this.store.get(['settings', 'settingsVersion']);
    const version = typeof got.settingsVersion === 'number' ? got.settingsVersion : 0;
    const stored = (got.settings as Raw | undefined) ?? {};
    if (version >= SETTINGS_MIGRATIONS.length) return coerce(stored);
    const migrated = coerce(migrateSettings(stored, version));
    await this.store.set({ settings: migrated, settingsVersion: SETTINGS_MIGRATIONS.length });
    return migrated;
  }

  /**
   * Saves a partial change of the person's own settings (the caller checked it against the
   * policy: `allowedChange`) and answers the settings in force; excluded-site patterns are
   * normalised and deduplicated.
   */
  async update(patch: Partial<LocalSettings>): Promise<Settings> {
    const current = await this.local();
    const next: LocalSettings = { ...current, ...patch };
    // Picking a mode is a choice the organisation's size no longer overrides.
    if (patch.lookupMode !== undefined && patch.lookupModeChosen === undefined) {
      next.lookupModeChosen = true;
    }
    if (patch.excludedSites) {
      next.excludedSites = [
        ...new Set(
          patch.excludedSites.map(normalizePattern).filter((p): p is string => p !== null),
        ),
      ];
    }
    await this.store.set({ settings: next, settingsVersion: SETTINGS_MIGRATIONS.length });
    return mergeManaged(next, await this.policy());
  }

  async credentials(): Promise<Credentials | null> {
    const { credentials } = await this.store.get(['credentials']);
    const c = credentials as Partial<Credentials> | undefined;
    return c && typeof c.serverUrl === 'string' && typeof c.token === 'string'
      ? { serverUrl: c.serverUrl, token: c.token }
      : null;
  }

  /** The signed-in person as `/v1/me` last answered, or null. */
  async me(): Promise<Person | null> {
    const { me } = await this.store.get(['me']);
    return (me as Person | undefined) ?? null;
  }

  async signIn(credentials: Credentials, me: Person): Promise<void> {
    await this.update({ serverUrl: credentials.serverUrl });
    await this.store.set({ credentials, me });
    // Another server or person may see another organisation: read its size again.
    await this.store.remove(['org']);
  }

  async signOut(): Promise<void> {
    await this.store.remove(['credentials', 'me', 'org', AUDIENCES_KEY]);
  }

  /** The organisation's size as `GET /v1/org` last answered, or null before it was read. */
  async org(): Promise<StoredOrg | null> {
    const { org } = await this.store.get(['org']);
    const o = org as Partial<StoredOrg> | undefined;
    return o && typeof o.fetchedAt === 'number'
      ? { size: o.size ?? null, fetchedAt: o.fetchedAt }
      : null;
  }

  async setOrg(org: StoredOrg): Promise<void> {
    await this.store.set({ org });
  }
}
