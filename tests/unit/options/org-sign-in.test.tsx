// @vitest-environment happy-dom
/**
 * The options page's sign-in with the organisation (issue 14) against a fake background: the
 * button first when the server offers it (token sign-in second), its failures in words, the
 * pending choice, devices, the sign-in-again notice, and the organisation's presets (server
 * locked, token sign-in folded, the one-button first run, locked lookup mode and sites).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ManagedLocks, Settings, SyncStatus } from '../../../src/core/messages.ts';
import type { AuthConfig, Device } from '../../../src/core/sign-in.ts';
import { Options } from '../../../src/options/Options.tsx';
import {
  ANN,
  type FakeEnv,
  FakeRpcError,
  fakeEnv,
  type Handlers,
  SIGNED_IN_AS_ANN,
} from '../ui/fake-env.ts';
import { installI18n, iso } from '../ui/fake-i18n.ts';
import { $, button, click, type Rendered, renderWith, settle, typeInto } from '../ui/render.tsx';

const SERVER = 'https://outloud.example.org';
const signedOut: SyncStatus = { ...SIGNED_IN_AS_ANN, signedIn: false, me: null };
const settings: Settings = {
  serverUrl: SERVER,
  lookupMode: 'local',
  lookupModeChosen: false,
  excludedSites: ['bank.example'],
  overlay: true,
  linkMarks: true,
};
const OIDC: AuthConfig = {
  organisation: 'Example Corp',
  oidc: true,
  tokenSignIn: true,
  tokenMaxAgeDays: null,
};
const LOCKS: ManagedLocks = {
  serverUrl: false,
  lookupMode: false,
  excludedSites: [],
  preferOidc: false,
  oneClickSignIn: false,
};
const DEVICES: Device[] = [
  {
    id: 'd1',
    name: 'Chrome on Linux',
    createdAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    lastUsedAt: new Date(Date.now() - 60_000).toISOString(),
    current: true,
  },
  {
    id: 'd2',
    name: 'Firefox on Windows',
    createdAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
    lastUsedAt: null,
    current: false,
  },
];

const ORG_BUTTON = iso('Sign in with {Example Corp}');

let view: Rendered | undefined;
async function open(env: FakeEnv) {
  view = await renderWith(env, <Options />);
  await settle();
  return view.root;
}
const plain = (text: string | null | undefined) => (text ?? '').replace(/[\u2068\u2069]/g, '');

function handlers(over: Handlers = {}): Handlers {
  return {
    getStatus: signedOut,
    getSettings: settings,
    authConfig: OIDC,
    setSettings: (patch) => ({ ...settings, ...(patch as Partial<Settings>) }),
    ...over,
  };
}

beforeAll(installI18n);
afterEach(() => {
  view?.unmount();
  view = undefined;
});

describe('sign in with the organisation', () => {
  it('comes first when the server offers it, the token sign-in second', async () => {
    const env = fakeEnv(handlers());
    const root = await open(env);
    expect(env.callsOf('authConfig')).toEqual([{ serverUrl: SERVER }]);
    const org = button(root, ORG_BUTTON);
    const tokenHeading = [...root.querySelectorAll('h3')].find(
      (h) => h.textContent === 'Or sign in with a token',
    );
    expect(tokenHeading).toBeDefined();
    // Document order: the organisation's button, then the token form.
    expect(
      org.compareDocumentPosition($(root, '#api-token')) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it('is not offered by a server without it: the token form alone', async () => {
    const env = fakeEnv(handlers({ authConfig: { ...OIDC, oidc: false } }));
    const root = await open(env);
    expect(root.querySelector('[data-testid=org-sign-in]')).toBeNull();
    expect(root.textContent).not.toContain('Or sign in with a token');
    expect($(root, '#api-token')).toBeDefined();
  });

  it('signs in and shows the name', async () => {
    let status = signedOut;
    const env = fakeEnv(
      handlers({
        getStatus: () => status,
        signInWithOrganisation: () => {
          status = SIGNED_IN_AS_ANN;
          return ANN;
        },
        listDevices: DEVICES,
      }),
    );
    const root = await open(env);
    await click(button(root, ORG_BUTTON));
    await settle();
    expect(env.callsOf('signInWithOrganisation')).toEqual([{ serverUrl: SERVER }]);
    expect($(root, '[data-testid=signed-in-as]').textContent).toBe(
      iso(`Signed in as {Ann Andersson} (@{ann}) on {${SERVER}}`),
    );
  });

  it('asks the server typed in, once the address settles', async () => {
    const env = fakeEnv(
      handlers({
        getSettings: { ...settings, serverUrl: '' },
        authConfig: (p) => ({ ...OIDC, organisation: new URL(p.serverUrl).hostname }),
      }),
    );
    const root = await open(env);
    expect(root.querySelector('[data-testid=org-sign-in]')).toBeNull();
    await typeInto($(root, '#server-url'), 'https://acme.example/');
    await new Promise((r) => setTimeout(r, 450));
    await settle();
    expect(env.callsOf('authConfig')).toEqual([{ serverUrl: 'https://acme.example' }]);
    expect(button(root, iso('Sign in with {acme.example}'))).toBeDefined();
  });

  it.each([
    [
      'sign-in-cancelled',
      'Sign-in was cancelled: the sign-in window was closed before it finished.',
    ],
    ['sign-in-denied', "Your organisation's sign-in refused access."],
    [
      'domain-not-allowed',
      "This account's e-mail domain is not allowed on this Outloud server. Sign in with your work account.",
    ],
    ['deactivated', 'Your Outloud account has been deactivated. Ask your administrator.'],
    [
      'invalid-grant',
      'The server did not accept the sign-in (the code expired or was already used). Try again.',
    ],
  ])('says %s in words', async (code, words) => {
    const env = fakeEnv(
      handlers({
        signInWithOrganisation: () => {
          throw new FakeRpcError(code, `English account of ${code}`);
        },
      }),
    );
    const root = await open(env);
    await click(button(root, ORG_BUTTON));
    await settle();
    const alert = $(root, '[data-testid=org-sign-in-result] [role=alert]');
    expect(alert.dataset.code).toBe(code);
    expect(alert.textContent).toBe(`Not signed in: ${words}`);
  });

  it("says the server's reason when the flow failed otherwise, and that it is unreachable", async () => {
    const failures = [
      { code: 'sign-in-failed', detail: 'server_error: provider down' },
      { code: 'unreachable', detail: 'Could not reach https://outloud.example.org (failed).' },
    ];
    for (const f of failures) {
      const env = fakeEnv(
        handlers({
          signInWithOrganisation: () => {
            throw Object.assign(new FakeRpcError(f.code, 'x'), { params: { detail: f.detail } });
          },
        }),
      );
      const root = await open(env);
      await click(button(root, ORG_BUTTON));
      await settle();
      const alert = $(root, '[data-testid=org-sign-in-result] [role=alert]');
      expect(plain(alert.textContent)).toContain(f.detail);
      view?.unmount();
    }
  });

  it("offers the pending choice when someone else's changes wait, and discards on request", async () => {
    let calls = 0;
    const env = fakeEnv(
      handlers({
        getStatus: { ...signedOut, pending: 2 },
        signInWithOrganisation: (p) => {
          calls++;
          if (!p.discardPending) {
            throw Object.assign(new FakeRpcError('pending', 'pending'), {
              params: { total: 2, refused: 0, reason: 'switch', from: 'bob', to: 'ann' },
            });
          }
          return ANN;
        },
      }),
    );
    const root = await open(env);
    await click(button(root, ORG_BUTTON));
    await settle();
    expect(root.querySelector('[data-testid=pending-choice]')).not.toBeNull();
    const discard = [...root.querySelectorAll('[data-testid=pending-choice] button')][1]!;
    await click(discard);
    await settle();
    expect(calls).toBe(2);
    expect(env.callsOf('signInWithOrganisation').at(-1)).toEqual({
      serverUrl: SERVER,
      discardPending: true,
    });
  });
});

describe('your devices', () => {
  it('lists them with this one marked, and revokes another', async () => {
    const env = fakeEnv(
      handlers({
        getStatus: SIGNED_IN_AS_ANN,
        listDevices: DEVICES,
        revokeDevice: () => [DEVICES[0]!],
      }),
    );
    const root = await open(env);
    const items = [...root.querySelectorAll<HTMLElement>('[data-testid=device]')];
    expect(items.map((li) => plain(li.querySelector('strong')?.textContent))).toEqual([
      'Chrome on Linux',
      'Firefox on Windows',
    ]);
    expect(items[0]!.dataset.current).toBe('true');
    expect(plain(items[0]!.textContent)).toContain('This browser');
    expect(plain(items[0]!.textContent)).toContain('Signed in 3 days ago');
    expect(plain(items[0]!.textContent)).toContain('last used 1 minute ago');
    expect(plain(items[1]!.textContent)).toContain('not used since');
    // No revoke for this browser (signing out does that).
    expect(items[0]!.querySelector('button')).toBeNull();
    const revoke = items[1]!.querySelector('button')!;
    expect(plain(revoke.getAttribute('aria-label'))).toBe('Revoke Firefox on Windows');
    await click(revoke);
    await settle();
    expect(env.callsOf('revokeDevice')).toEqual([{ id: 'd2' }]);
    expect(root.querySelectorAll('[data-testid=device]')).toHaveLength(1);
    expect(plain(root.textContent)).toContain('Firefox on Windows is signed out.');
  });

  it('says why the list could not be shown', async () => {
    const env = fakeEnv(
      handlers({
        getStatus: SIGNED_IN_AS_ANN,
        listDevices: () => {
          throw new FakeRpcError('unreachable', 'Could not reach the server.');
        },
      }),
    );
    const root = await open(env);
    const alert = $(root, '[data-testid=devices] [role=alert]');
    expect(alert.dataset.code).toBe('unreachable');
  });

  it('is not shown signed out', async () => {
    const root = await open(fakeEnv(handlers()));
    expect(root.querySelector('[data-testid=devices]')).toBeNull();
  });
});

describe('sign in again', () => {
  it.each([
    ['token-expired', 'expired', 'Your sign-in has expired.'],
    ['unauthorized', 'revoked', "The server no longer accepts this browser's sign-in"],
  ])('after %s, says so and that nothing is lost', async (code, reason, words) => {
    const env = fakeEnv(
      handlers({
        getStatus: { ...SIGNED_IN_AS_ANN, pending: 3, error: { code, message: 'x' } },
        listDevices: DEVICES,
      }),
    );
    const root = await open(env);
    const notice = $(root, '[data-testid=sign-in-again]');
    expect(notice.dataset.reason).toBe(reason);
    expect(notice.textContent).toContain(words);
    expect(notice.textContent).toContain('Nothing is lost');
    expect(plain(notice.textContent)).toContain('Waiting to be sent: 3');
    // The way back in is right there.
    expect(button(root, ORG_BUTTON)).toBeDefined();
  });
});

describe("the organisation's presets", () => {
  it('locks a preset server address and folds the token sign-in away', async () => {
    const env = fakeEnv(
      handlers({
        getSettings: { ...settings, managed: { ...LOCKS, serverUrl: true, preferOidc: true } },
      }),
    );
    const root = await open(env);
    const url = $<HTMLInputElement>(root, '#server-url');
    expect(url.readOnly).toBe(true);
    expect(url.value).toBe(SERVER);
    expect($(root, '[data-testid=managed-server]').textContent).toBe('Set by your organisation');
    const details = $<HTMLDetailsElement>(root, 'details.token-sign-in');
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')?.textContent).toBe('Sign in with a token instead');
    expect(details.querySelector('#api-token')).not.toBeNull();
    await typeInto(url, 'https://elsewhere.example');
    await click(button(root, ORG_BUTTON));
    await settle();
    // The preset address, whatever was typed.
    expect(env.callsOf('signInWithOrganisation')).toEqual([{ serverUrl: SERVER }]);
  });

  it('turns the first run into one button', async () => {
    const env = fakeEnv(
      handlers({
        getSettings: {
          ...settings,
          managed: { ...LOCKS, serverUrl: true, oneClickSignIn: true },
        },
      }),
    );
    const root = await open(env);
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toEqual([ORG_BUTTON]);
    expect(root.textContent).toContain('Your organisation has set Outloud up for you.');
    expect(root.querySelector('#api-token')).toBeNull();
    expect(root.querySelector('#privacy-title')).toBeNull();
  });

  it('shows the whole page when the one-button server offers no organisation sign-in', async () => {
    const env = fakeEnv(
      handlers({
        authConfig: { ...OIDC, oidc: false },
        getSettings: { ...settings, managed: { ...LOCKS, oneClickSignIn: true } },
      }),
    );
    const root = await open(env);
    expect(root.querySelector('#api-token')).not.toBeNull();
    expect(root.querySelector('#privacy-title')).not.toBeNull();
  });

  it('locks a preset lookup mode and preset excluded sites', async () => {
    const env = fakeEnv(
      handlers({
        getSettings: {
          ...settings,
          lookupMode: 'range',
          lookupModeChosen: true,
          excludedSites: ['hr.example.org', 'bank.example'],
          managed: { ...LOCKS, lookupMode: true, excludedSites: ['hr.example.org'] },
        },
      }),
    );
    const root = await open(env);
    const fieldset = $<HTMLFieldSetElement>(root, 'fieldset');
    expect(fieldset.disabled).toBe(true);
    expect($(root, '[data-testid=managed-lookup]').textContent).toBe('Set by your organisation');
    expect(root.querySelector<HTMLInputElement>('input[value=range]')!.checked).toBe(true);
    const sites = [...root.querySelectorAll('ul.sites li')];
    expect(sites[0]!.querySelector('button')).toBeNull();
    expect(sites[0]!.querySelector('[data-testid=managed-site]')?.textContent?.trim()).toBe(
      'Set by your organisation',
    );
    expect(sites[1]!.querySelector('button')).not.toBeNull();
  });
});
