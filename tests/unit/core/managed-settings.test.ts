/**
 * The organisation's presets over the person's settings (issue 14's managed roll-out), by
 * tables: what a policy reads as, the settings in force for every combination of preset and
 * local values, which changes the person may still make, and which server they may sign in to.
 */
import { describe, expect, it } from 'vitest';
import {
  allowedChange,
  type LocalSettings,
  type ManagedPolicy,
  managedLocks,
  mergeManaged,
  NO_LOCKS,
  readManagedPolicy,
  type SettingsChange,
  serverAllowed,
} from '../../../src/core/managed-settings.ts';
import type { LookupMode } from '../../../src/core/messages.ts';

const LOCAL: LocalSettings = {
  serverUrl: 'http://127.0.0.1:8787',
  lookupMode: 'local',
  lookupModeChosen: false,
  excludedSites: ['bank.example', 'mail.example'],
  overlay: true,
  linkMarks: false,
};

describe('readManagedPolicy', () => {
  it.each<[string, unknown, ManagedPolicy]>([
    ['nothing', undefined, {}],
    ['null', null, {}],
    ['an array', ['serverUrl'], {}],
    ['a string', 'serverUrl', {}],
    ['an empty policy', {}, {}],
    [
      'every key',
      {
        serverUrl: 'https://outloud.example.org/',
        preferOidc: true,
        lookupMode: 'range',
        excludedSites: ['HR.example.org', 'https://payroll.example.org/login', '*.intra'],
        oneClickSignIn: true,
      },
      {
        serverUrl: 'https://outloud.example.org',
        preferOidc: true,
        lookupMode: 'range',
        excludedSites: ['hr.example.org', 'payroll.example.org', '*.intra'],
        oneClickSignIn: true,
      },
    ],
    [
      'false booleans kept',
      { preferOidc: false, oneClickSignIn: false },
      { preferOidc: false, oneClickSignIn: false },
    ],
    ['a server without a scheme', { serverUrl: 'outloud.example.org' }, {}],
    ['a server of another scheme', { serverUrl: 'ftp://outloud.example.org' }, {}],
    ['a server that is not a string', { serverUrl: 42 }, {}],
    [
      'a server with spaces around',
      { serverUrl: '  https://o.example  ' },
      { serverUrl: 'https://o.example' },
    ],
    ['an unknown lookup mode', { lookupMode: 'everything' }, {}],
    ['a lookup mode in capitals', { lookupMode: 'LOCAL' }, {}],
    ['booleans as strings', { preferOidc: 'true', oneClickSignIn: 1 }, {}],
    ['sites not a list', { excludedSites: 'bank.example' }, {}],
    [
      'sites with junk and duplicates',
      { excludedSites: ['a.example', 7, '', 'A.example', null, 'bad host!', 'b.example'] },
      { excludedSites: ['a.example', 'b.example'] },
    ],
    ['an empty site list', { excludedSites: [] }, { excludedSites: [] }],
    ['unknown keys', { serverURL: 'https://o.example', theme: 'dark' }, {}],
    ['a budget', { localCopyBudget: 50_000 }, { localCopyBudget: 50_000 }],
    ['a budget of nothing (always range)', { localCopyBudget: 0 }, { localCopyBudget: 0 }],
    ['the largest budget', { localCopyBudget: 2_500_000 }, { localCopyBudget: 2_500_000 }],
    ['a budget past the largest', { localCopyBudget: 2_500_001 }, {}],
    ['a negative budget', { localCopyBudget: -1 }, {}],
    ['a fractional budget', { localCopyBudget: 10.5 }, {}],
    ['a budget as a string', { localCopyBudget: '50000' }, {}],
    ['a budget that is not a number', { localCopyBudget: Number.NaN }, {}],
  ])('%s', (_name, raw, policy) => {
    expect(readManagedPolicy(raw)).toEqual(policy);
  });

  it('keeps at most 1,000 sites', () => {
    const sites = Array.from({ length: 1500 }, (_, i) => `s${i}.example`);
    expect(readManagedPolicy({ excludedSites: sites }).excludedSites).toHaveLength(1000);
  });
});

describe('mergeManaged', () => {
  const SERVERS = [undefined, 'https://outloud.example.org'] as const;
  const MODES = [undefined, 'local', 'range', 'exact'] as const;
  const SITES = [undefined, [], ['hr.example.org'], ['bank.example', 'hr.example.org']] as const;
  const CHOSEN = [false, true] as const;
  const LOCAL_MODES: LookupMode[] = ['local', 'range', 'exact'];

  // Every combination of preset server, preset mode, preset sites, and the person's own mode
  // and whether they chose it.
  const cases = SERVERS.flatMap((serverUrl) =>
    MODES.flatMap((lookupMode) =>
      SITES.flatMap((excludedSites) =>
        LOCAL_MODES.flatMap((localMode) =>
          CHOSEN.map((chosen) => ({ serverUrl, lookupMode, excludedSites, localMode, chosen })),
        ),
      ),
    ),
  );

  it.each(cases)('%j', ({ serverUrl, lookupMode, excludedSites, localMode, chosen }) => {
    const policy: ManagedPolicy = {
      ...(serverUrl ? { serverUrl } : {}),
      ...(lookupMode ? { lookupMode } : {}),
      ...(excludedSites ? { excludedSites: [...excludedSites] } : {}),
    };
    const local = { ...LOCAL, lookupMode: localMode, lookupModeChosen: chosen };
    const merged = mergeManaged(local, policy);

    expect(merged.serverUrl).toBe(serverUrl ?? LOCAL.serverUrl);
    expect(merged.lookupMode).toBe(lookupMode ?? localMode);
    // A preset mode counts as chosen: the organisation's size never overrides it.
    expect(merged.lookupModeChosen).toBe(lookupMode ? true : chosen);
    // The organisation's sites first, then the person's own that are not among them.
    const org: readonly string[] = excludedSites ?? [];
    expect(merged.excludedSites).toEqual([
      ...org,
      ...LOCAL.excludedSites.filter((s) => !org.includes(s)),
    ]);
    // Everything else is the person's.
    expect(merged.overlay).toBe(LOCAL.overlay);
    expect(merged.linkMarks).toBe(LOCAL.linkMarks);
    expect(merged.managed).toEqual({
      serverUrl: serverUrl !== undefined,
      lookupMode: lookupMode !== undefined,
      excludedSites: [...org],
      preferOidc: false,
      oneClickSignIn: false,
    });
  });

  it('changes nothing without a policy (but says nothing is locked)', () => {
    expect(mergeManaged(LOCAL, {})).toEqual({ ...LOCAL, managed: NO_LOCKS });
  });

  it.each<[ManagedPolicy, Partial<typeof NO_LOCKS>]>([
    [{ preferOidc: true }, { preferOidc: true }],
    [{ preferOidc: false }, { preferOidc: false }],
    [{ oneClickSignIn: true }, { oneClickSignIn: true }],
    [{ localCopyBudget: 1_000 }, { localCopyBudget: 1_000 }],
    [
      { oneClickSignIn: true, preferOidc: true },
      { oneClickSignIn: true, preferOidc: true },
    ],
  ])('reports the sign-in presets %j', (policy, locks) => {
    expect(managedLocks(policy)).toEqual({ ...NO_LOCKS, ...locks });
    expect(mergeManaged(LOCAL, policy).managed).toEqual({ ...NO_LOCKS, ...locks });
  });
});

describe('allowedChange', () => {
  const LOCKED: ManagedPolicy = { lookupMode: 'range' };
  const SITES: ManagedPolicy = { excludedSites: ['hr.example.org', '*.intra'] };

  it.each<[string, SettingsChange, ManagedPolicy, ReturnType<typeof allowedChange>]>([
    [
      'a mode, nothing preset',
      { lookupMode: 'exact' },
      {},
      { ok: true, change: { lookupMode: 'exact' } },
    ],
    ['a mode, mode preset', { lookupMode: 'exact' }, LOCKED, { ok: false, refused: 'lookupMode' }],
    [
      'the same mode, mode preset',
      { lookupMode: 'range' },
      LOCKED,
      { ok: false, refused: 'lookupMode' },
    ],
    [
      'back to automatic, mode preset',
      { lookupModeChosen: false },
      LOCKED,
      { ok: false, refused: 'lookupMode' },
    ],
    [
      'back to automatic, nothing preset',
      { lookupModeChosen: false },
      {},
      { ok: true, change: { lookupModeChosen: false } },
    ],
    [
      'the overlay, mode preset',
      { overlay: false },
      LOCKED,
      { ok: true, change: { overlay: false } },
    ],
    [
      'link marks, everything preset',
      { linkMarks: true },
      { ...LOCKED, ...SITES, serverUrl: 'https://o.example' },
      { ok: true, change: { linkMarks: true } },
    ],
    [
      'sites: removing a preset one changes nothing',
      { excludedSites: ['bank.example'] },
      SITES,
      { ok: true, change: { excludedSites: ['bank.example'] } },
    ],
    [
      'sites: the preset ones are not stored as the person’s',
      { excludedSites: ['hr.example.org', 'bank.example', '*.intra'] },
      SITES,
      { ok: true, change: { excludedSites: ['bank.example'] } },
    ],
    [
      'sites: a preset one written otherwise',
      { excludedSites: ['HR.example.org', 'https://hr.example.org/x'] },
      SITES,
      { ok: true, change: { excludedSites: [] } },
    ],
    [
      'sites: nothing preset keeps all',
      { excludedSites: ['hr.example.org'] },
      {},
      { ok: true, change: { excludedSites: ['hr.example.org'] } },
    ],
    [
      'sites and overlay together',
      { excludedSites: ['*.intra', 'x.example'], overlay: true },
      SITES,
      { ok: true, change: { excludedSites: ['x.example'], overlay: true } },
    ],
  ])('%s', (_name, change, policy, result) => {
    expect(allowedChange(change, policy)).toEqual(result);
  });

  it('keeps a removed preset site in force after the change is stored', () => {
    const allowed = allowedChange({ excludedSites: [] }, SITES);
    if (!allowed.ok) throw new Error('refused');
    const local = { ...LOCAL, excludedSites: allowed.change.excludedSites ?? [] };
    expect(mergeManaged(local, SITES).excludedSites).toEqual(['hr.example.org', '*.intra']);
  });
});

describe('serverAllowed', () => {
  it.each([
    ['https://o.example', {}, true],
    ['http://anything.example', {}, true],
    ['https://o.example', { serverUrl: 'https://o.example' }, true],
    ['https://o.example/', { serverUrl: 'https://o.example' }, true],
    ['https://o.example/outloud', { serverUrl: 'https://o.example' }, false],
    ['https://other.example', { serverUrl: 'https://o.example' }, false],
    ['http://o.example', { serverUrl: 'https://o.example' }, false],
    ['not a url', { serverUrl: 'https://o.example' }, false],
  ] as const)('%s under %j: %s', (url, policy, ok) => {
    expect(serverAllowed(url, policy)).toBe(ok);
  });
});
