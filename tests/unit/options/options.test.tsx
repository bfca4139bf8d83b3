// @vitest-environment happy-dom
/** The options page against a fake background: connection, privacy settings, sync status. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Settings, SyncStatus } from '../../../src/core/messages.ts';
import { Options } from '../../../src/options/Options.tsx';
import { ANN, type FakeEnv, FakeRpcError, fakeEnv, type Handlers } from '../ui/fake-env.ts';
import { installI18n, iso } from '../ui/fake-i18n.ts';
import { $, button, click, type Rendered, renderWith, settle, typeInto } from '../ui/render.tsx';

const signedOut: SyncStatus = {
  signedIn: false,
  me: null,
  lastSyncAt: null,
  pending: 0,
  failed: [],
  error: null,
  lookup: { mode: 'local', chosen: false, auto: null },
  firstSync: null,
  permalinkBase: null,
};
const settings: Settings = {
  serverUrl: '',
  lookupMode: 'local',
  lookupModeChosen: false,
  excludedSites: ['bank.example'],
  overlay: true,
  linkMarks: true,
};

let view: Rendered | undefined;
async function open(env: FakeEnv) {
  view = await renderWith(env, <Options />);
  return view.root;
}
/** Text without the bidi isolates placed around substituted values. */
const plain = (text: string | null) => (text ?? '').replace(/[\u2068\u2069]/g, '');

function handlers(over: Handlers = {}): Handlers {
  return {
    getStatus: signedOut,
    getSettings: settings,
    // As the background does: picking a mode makes it the person's choice.
    setSettings: (patch) => ({
      ...settings,
      ...((patch as Partial<Settings>).lookupMode ? { lookupModeChosen: true } : {}),
      ...(patch as Partial<Settings>),
    }),
    ...over,
  };
}

beforeAll(installI18n);
afterEach(() => {
  view?.unmount();
  view = undefined;
});

describe('options, connection', () => {
  it('tests a connection and says who the token signs in as, without signing in', async () => {
    const env = fakeEnv(handlers({ testConnection: ANN }));
    const root = await open(env);
    await typeInto($(root, '#server-url'), 'http://127.0.0.1:8787/');
    await typeInto($(root, '#api-token'), '  secret-token ');
    await click(button(root, 'Test connection'));
    await settle();
    expect(env.callsOf('testConnection')).toEqual([
      { serverUrl: 'http://127.0.0.1:8787', token: 'secret-token' },
    ]);
    expect(env.callsOf('signIn')).toEqual([]);
    expect($(root, '[data-testid=connection-result]').textContent).toBe(
      iso('Connection works: signed in as {Ann Andersson} (@{ann}).'),
    );
  });

  it('shows the exact reason a token is refused', async () => {
    const env = fakeEnv(
      handlers({
        signIn: () => {
          throw new FakeRpcError('unauthorized', 'The server did not accept this token (401).');
        },
      }),
    );
    const root = await open(env);
    await typeInto($(root, '#server-url'), 'http://127.0.0.1:8787');
    await typeInto($(root, '#api-token'), 'wrong');
    await click(button(root, 'Sign in'));
    await settle();
    const alert = $(root, '[data-testid=connection-result] [role=alert]');
    expect(alert.textContent).toBe(
      'Connection failed: The server did not accept this token (401).',
    );
    expect(alert.dataset.code).toBe('unauthorized');
  });

  it('checks the address and the token before asking the background', async () => {
    const env = fakeEnv(handlers());
    const root = await open(env);
    await typeInto($(root, '#server-url'), 'ftp://example.org');
    await typeInto($(root, '#api-token'), 'x');
    await click(button(root, 'Test connection'));
    expect(root.textContent).toContain("Enter the server's address, starting with https://");
    await typeInto($(root, '#server-url'), 'https://outloud.example.org');
    await typeInto($(root, '#api-token'), ' ');
    await click(button(root, 'Test connection'));
    expect(root.textContent).toContain('Enter your API token.');
    expect(env.callsOf('testConnection')).toEqual([]);
  });

  it('signs in, shows who you are, and signs out', async () => {
    let status = signedOut;
    const env = fakeEnv(
      handlers({
        getStatus: () => status,
        getSettings: () => ({ ...settings, serverUrl: 'http://127.0.0.1:8787' }),
        signIn: () => {
          status = { ...signedOut, signedIn: true, me: ANN };
          return ANN;
        },
        signOut: () => {
          status = signedOut;
          return null;
        },
      }),
    );
    const root = await open(env);
    await typeInto($(root, '#server-url'), 'http://127.0.0.1:8787');
    await typeInto($(root, '#api-token'), 'good');
    await click(button(root, 'Sign in'));
    await settle();
    expect($(root, '[data-testid=signed-in-as]').textContent).toBe(
      iso('Signed in as {Ann Andersson} (@{ann}) on {http://127.0.0.1:8787}'),
    );
    expect($<HTMLInputElement>(root, '#api-token').value).toBe('');
    await click(button(root, 'Sign out'));
    await settle();
    expect(env.callsOf('signOut')).toHaveLength(1);
    expect(root.querySelector('[data-testid=signed-in-as]')).toBeNull();
  });
});

describe('options, privacy', () => {
  it('explains each lookup mode and saves the choice', async () => {
    const env = fakeEnv(handlers());
    const root = await open(env);
    const radios = [...root.querySelectorAll<HTMLInputElement>('input[name=lookup-mode]')];
    // Nobody chose yet: the automatic choice is on, and says what it picked (nothing known yet).
    expect(radios.map((r) => [r.value, r.checked])).toEqual([
      ['auto', true],
      ['local', false],
      ['range', false],
      ['exact', false],
    ]);
    expect($(root, '#lookup-auto-help').textContent).toContain('up to 250,000 items');
    expect(plain($(root, '[data-testid=lookup-auto-now]').textContent)).toBe(
      "Now: Local copy (recommended); your organisation's size is not known yet.",
    );
    expect($(root, '#lookup-local-help').textContent).toContain(
      'Nothing about the pages you view is sent',
    );
    expect($(root, '#lookup-exact-help').textContent).toContain('the server can tell which page');
    await click(radios[2]!);
    await settle();
    expect(env.callsOf('setSettings')).toEqual([{ lookupMode: 'range' }]);
    expect(root.querySelector<HTMLInputElement>('input[value=range]')!.checked).toBe(true);
    expect(root.querySelector<HTMLInputElement>('input[value=auto]')!.checked).toBe(false);
    await click(radios[0]!);
    await settle();
    expect(env.callsOf('setSettings').at(-1)).toEqual({ lookupModeChosen: false });
    expect(root.querySelector<HTMLInputElement>('input[value=auto]')!.checked).toBe(true);
  });

  it('shows the automatic choice the organisation’s size made', async () => {
    const auto = { mode: 'range' as const, items: 300_000, budget: 250_000 };
    const env = fakeEnv(
      handlers({ getStatus: { ...signedOut, lookup: { mode: 'range', chosen: false, auto } } }),
    );
    const root = await open(env);
    expect(plain($(root, '[data-testid=lookup-auto-now]').textContent)).toBe(
      'Now: Hash range, for 300,000 items in your organisation.',
    );
  });

  it('switches the overlay off and edits the excluded sites', async () => {
    const env = fakeEnv(handlers());
    const root = await open(env);
    await click($(root, '#overlay-switch'));
    await settle();
    expect(env.callsOf('setSettings')).toEqual([{ overlay: false }]);
    await typeInto($(root, '#excluded-add'), 'https://Mail.Example.org/inbox');
    await click(button(root, 'Add site'));
    await settle();
    expect(env.callsOf('setSettings').at(-1)).toEqual({
      excludedSites: ['bank.example', 'mail.example.org'],
    });
    await typeInto($(root, '#excluded-add'), 'not a site');
    await click(button(root, 'Add site'));
    expect($(root, '#excluded-problem').textContent).toBe('Enter a site such as bank.example.com.');
    await typeInto($(root, '#excluded-add'), '*.bank');
    await click(button(root, 'Add site'));
    await settle();
    expect(env.callsOf('setSettings').at(-1)).toEqual({
      excludedSites: ['bank.example', 'mail.example.org', '*.bank'],
    });
    await click($(root, `[aria-label="${iso('Remove {bank.example} from excluded sites')}"]`));
    await settle();
    expect(env.callsOf('setSettings').at(-1)).toEqual({
      excludedSites: ['mail.example.org', '*.bank'],
    });
  });
});

describe('options, sync status', () => {
  it('shows what waits, what was refused and why, and retries', async () => {
    const failing: SyncStatus = {
      signedIn: true,
      me: ANN,
      lastSyncAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      pending: 3,
      failed: [
        { id: 'b1', type: 'bookmark', op: 'put', code: 'invalid', message: 'url must be http(s)' },
      ],
      error: { code: 'network', message: 'The server at http://127.0.0.1:1 did not answer.' },
      lookup: { mode: 'local', chosen: false, auto: null },
      firstSync: null,
      permalinkBase: null,
    };
    const env = fakeEnv(handlers({ getStatus: failing, retryFailed: { ...failing, failed: [] } }));
    const root = await open(env);
    expect($(root, '[data-testid=pending]').textContent).toBe('3');
    expect($(root, '[data-testid=last-sync]').textContent).toBe('5 minutes ago');
    expect(root.textContent).toContain(iso('{Bookmark}: {url must be http(s)}'));
    expect(root.textContent).toContain(
      'Sync failed: The server at http://127.0.0.1:1 did not answer.',
    );
    await click(button(root, 'Retry'));
    await settle();
    expect(env.callsOf('retryFailed')).toHaveLength(1);
    expect($(root, '[data-testid=failed-count]').textContent).toBe('0');
  });

  it('discards one refused item with the button beside it, keeping the others', async () => {
    const b1 = { id: 'b1', type: 'bookmark', op: 'put', code: 'invalid', message: 'bad url' };
    const c1 = { id: 'c1', type: 'comment', op: 'put', code: 'forbidden', message: 'closed' };
    const failing: SyncStatus = {
      signedIn: true,
      me: ANN,
      lastSyncAt: null,
      pending: 0,
      failed: [b1, c1],
      error: null,
      lookup: { mode: 'local', chosen: false, auto: null },
      firstSync: null,
      permalinkBase: null,
    };
    const env = fakeEnv(
      handlers({
        getStatus: failing,
        discardFailed: (params: unknown) => ({
          ...failing,
          failed: failing.failed.filter((f) => f.id !== (params as { id: string }).id),
        }),
      }),
    );
    const root = await open(env);
    const discard = $(root, `[aria-label="${iso('Discard “{{Comment}: {closed}}”')}"]`);
    expect(discard.textContent).toBe('Discard');
    expect(root.querySelectorAll('ul.failed button')).toHaveLength(2);
    await click(discard);
    await settle();
    expect(env.callsOf('discardFailed')).toEqual([{ id: 'c1' }]);
    expect(env.callsOf('retryFailed')).toHaveLength(0);
    expect($(root, '[data-testid=failed-count]').textContent).toBe('1');
    expect(root.textContent).toContain(iso('{Bookmark}: {bad url}'));
    expect(root.textContent).not.toContain('Comment: closed');
  });

  it('shows why a discard failed and keeps the item listed', async () => {
    const failing: SyncStatus = {
      signedIn: true,
      me: ANN,
      lastSyncAt: null,
      pending: 0,
      failed: [{ id: 'b1', type: 'bookmark', op: 'put', code: 'invalid', message: 'bad url' }],
      error: null,
      lookup: { mode: 'local', chosen: false, auto: null },
      firstSync: null,
      permalinkBase: null,
    };
    const env = fakeEnv(
      handlers({
        getStatus: failing,
        discardFailed: () => {
          throw new FakeRpcError('internal', 'The database is busy.');
        },
      }),
    );
    const root = await open(env);
    await click(button(root, 'Discard'));
    await settle();
    expect(root.textContent).toContain('The database is busy.');
    expect($(root, '[data-testid=failed-count]').textContent).toBe('1');
  });
});
