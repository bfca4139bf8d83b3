/**
 * Settings an organisation presets through managed storage (Chrome's `storage.managed` from
 * policy, Firefox's enterprise policies under `3rdparty.Extensions.<id>`), and how they combine
 * with the person's own: a preset server address and lookup mode replace the person's and
 * cannot be changed; preset excluded sites are added to the person's and cannot be removed;
 * `preferOidc` and `oneClickSignIn` shape the sign-in. Pure, so the merge is tested by tables;
 * `src/platform/managed.ts` reads the storage.
 */
import { normalizePattern } from './excluded-sites.ts';
import type { LookupMode, ManagedLocks, Settings } from './messages.ts';

export type { ManagedLocks };

/** The policy keys (`assets/managed-schema.json` declares the same for Chrome). */
export type ManagedPolicy = {
  serverUrl?: string;
  preferOidc?: boolean;
  lookupMode?: LookupMode;
  excludedSites?: string[];
  oneClickSignIn?: boolean;
  /** Items the local copy may hold before the automatic choice moves to `range`. */
  localCopyBudget?: number;
};

/** The largest budget a policy may set: ten times the measured default, far past any profile. */
export const MAX_LOCAL_COPY_BUDGET = 2_500_000;

export const NO_LOCKS: ManagedLocks = {
  serverUrl: false,
  lookupMode: false,
  excludedSites: [],
  preferOidc: false,
  oneClickSignIn: false,
};

/** The settings as stored by the person (no managed part). */
export type LocalSettings = Omit<Settings, 'managed'>;

const MAX_SITES = 1000;

/** An http(s) address without trailing slashes, or null. */
function serverAddress(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(trimmed) || trimmed.length > 2000) return null;
  try {
    new URL(trimmed);
    return trimmed;
  } catch {
    return null;
  }
}

/** Unique normalised site patterns, in order; entries that match nothing are left out. */
function sitePatterns(values: readonly unknown[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (out.size >= MAX_SITES) break;
    const p = typeof v === 'string' ? normalizePattern(v) : null;
    if (p) out.add(p);
  }
  return [...out];
}

/**
 * The policy from what managed storage answered: well-typed keys are kept, anything else
 * (a wrong type, an unknown key, a malformed address) is ignored, so a typo in a policy file
 * never locks the person out of a setting with a value nobody meant.
 */
export function readManagedPolicy(raw: unknown): ManagedPolicy {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const r = raw as Record<string, unknown>;
  const policy: ManagedPolicy = {};
  const url = serverAddress(r.serverUrl);
  if (url) policy.serverUrl = url;
  if (typeof r.preferOidc === 'boolean') policy.preferOidc = r.preferOidc;
  if (r.lookupMode === 'local' || r.lookupMode === 'range' || r.lookupMode === 'exact') {
    policy.lookupMode = r.lookupMode;
  }
  if (Array.isArray(r.excludedSites)) policy.excludedSites = sitePatterns(r.excludedSites);
  if (typeof r.oneClickSignIn === 'boolean') policy.oneClickSignIn = r.oneClickSignIn;
  const budget = r.localCopyBudget;
  if (
    typeof budget === 'number' &&
    Number.isInteger(budget) &&
    budget >= 0 &&
    budget <= MAX_LOCAL_COPY_BUDGET
  ) {
    policy.localCopyBudget = budget;
  }
  return policy;
}

/** Which settings `policy` presets. */
export function managedLocks(policy: ManagedPolicy): ManagedLocks {
  return {
    serverUrl: policy.serverUrl !== undefined,
    lookupMode: policy.lookupMode !== undefined,
    excludedSites: [...(policy.excludedSites ?? [])],
    preferOidc: policy.preferOidc === true,
    oneClickSignIn: policy.oneClickSignIn === true,
    ...(policy.localCopyBudget !== undefined ? { localCopyBudget: policy.localCopyBudget } : {}),
  };
}

/**
 * The settings in force: the person's, with the organisation's presets over them. A preset
 * lookup mode counts as chosen (the organisation's size never overrides it); preset excluded
 * sites come first, followed by the person's own that are not among them.
 */
export function mergeManaged(local: LocalSettings, policy: ManagedPolicy): Settings {
  const orgSites = policy.excludedSites ?? [];
  return {
    ...local,
    serverUrl: policy.serverUrl ?? local.serverUrl,
    lookupMode: policy.lookupMode ?? local.lookupMode,
    lookupModeChosen: policy.lookupMode !== undefined ? true : local.lookupModeChosen,
    excludedSites: [...orgSites, ...local.excludedSites.filter((s) => !orgSites.includes(s))],
    managed: managedLocks(policy),
  };
}

/** A change the person asks for (`setSettings`), before it is checked against the policy. */
export type SettingsChange = Partial<
  Pick<Settings, 'lookupMode' | 'lookupModeChosen' | 'excludedSites' | 'overlay' | 'linkMarks'>
>;

/**
 * The part of `change` the person may make under `policy`: `{ refused }` names a preset the
 * change would alter (the lookup mode, or handing it back to the automatic choice); otherwise
 * the change to store, with the organisation's excluded sites taken out (they stay in force
 * from the policy whatever the person's list says, so removing one changes nothing).
 */
export function allowedChange(
  change: SettingsChange,
  policy: ManagedPolicy,
): { ok: true; change: SettingsChange } | { ok: false; refused: 'lookupMode' } {
  if (
    policy.lookupMode !== undefined &&
    (change.lookupMode !== undefined || change.lookupModeChosen !== undefined)
  ) {
    return { ok: false, refused: 'lookupMode' };
  }
  if (!change.excludedSites) return { ok: true, change };
  const orgSites = new Set(policy.excludedSites ?? []);
  return {
    ok: true,
    change: {
      ...change,
      excludedSites: change.excludedSites.filter((s) => {
        const p = normalizePattern(s);
        return p === null || !orgSites.has(p);
      }),
    },
  };
}

/** True when the person may sign in to `serverUrl` under `policy` (the preset one only). */
export function serverAllowed(serverUrl: string, policy: ManagedPolicy): boolean {
  return policy.serverUrl === undefined || serverAddress(serverUrl) === policy.serverUrl;
}
