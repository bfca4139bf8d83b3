// @vitest-environment happy-dom
/**
 * The options page when signing out, or in as someone else, is refused because changes have not
 * reached the server: the count in place, Try again, and "… anyway (discard N)".
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Settings, SyncStatus } from '../../../src/core/messages.ts';
import { Options } from '../../../src/options/Options.tsx';
import {
  BOB,
  type FakeEnv,
  FakeRpcError,
  fakeEnv,
  type Handlers,
  SIGNED_IN_AS_ANN,
} from '../ui/fake-env.ts';
import { installI18n, iso } from '../ui/fake-i18n.ts';
import { $, button, click, type Rendered, renderWith, settle, typeInto } from '../ui/render.tsx';

const signedIn = SIGNED_IN_AS_ANN;
const settings: Settings = {
  serverUrl: 'http://127.0.0.1:8787',
  lookupMode: 'local',
  lookupModeChosen: false,
  excludedSites: [],
  overlay: true,
  linkMarks: true,
};
const pendingError = () =>
  new FakeRpcError('pending', '1 change has not reached the server yet; signing out…');

let view: Rendered | undefined;
async function open(env: FakeEnv) {
  view = await renderWith(env, <Options />);
  return view.root;
}
function handlers(over: Handlers): Handlers {
  return { getSettings: settings, ...over };
}

beforeAll(installI18n);
afterEach(() => {
  view?.unmount();
  view = undefined;
});

describe('options, sign-out with undelivered changes', () => {
  it('shows the count in place with Try again focused, and discards only when asked', async () => {
    let status: SyncStatus = {
      ...signedIn,
      pending: 2,
      failed: [{ id: 'x', type: 'bookmark', op: 'put', code: 'invalid', message: 'no' }],
      error: { code: 'unreachable', message: 'The server could not be reached.' },
    };
    const env = fakeEnv(
      handlers({
        getStatus: () => status,
        signOut: (params) => {
          if (!params.discardPending) throw pendingError();
          status = { ...signedIn, signedIn: false, me: null, error: null };
          return null;
        },
      }),
    );
    const root = await open(env);
    await click(button(root, 'Sign out'));
    await settle();

    const choice = $(root, '[data-testid=pending-choice]');
    expect($(choice, '[role=alert]').textContent).toBe(
      '3 changes have not reached the server yet. Signing out now would discard them. ' +
        'The server refused 1 of them (see Sync).',
    );
    expect(choice.textContent).toContain(iso('Last attempt: {The server could not be reached.}'));
    expect(document.activeElement).toBe(button(choice, 'Try again'));
    const described = $(choice, '[role=alert]').id;
    expect(button(choice, 'Try again').getAttribute('aria-describedby')).toBe(described);
    expect(button(choice, 'Sign out anyway (discard 3)').getAttribute('aria-describedby')).toBe(
      described,
    );
    expect(root.querySelector('[data-testid=signed-in-as]')).not.toBeNull();

    await click(button(choice, 'Try again'));
    await settle();
    expect(env.callsOf('signOut')).toEqual([{}, {}]);
    expect(root.querySelector('[data-testid=pending-choice]')).not.toBeNull();

    await click(button(root, 'Sign out anyway (discard 3)'));
    await settle();
    expect(env.callsOf('signOut')).toEqual([{}, {}, { discardPending: true }]);
    expect(root.querySelector('[data-testid=pending-choice]')).toBeNull();
    expect(root.querySelector('[data-testid=signed-in-as]')).toBeNull();
  });

  it('signs out when Try again finds everything delivered', async () => {
    let status: SyncStatus = { ...signedIn, pending: 1 };
    let serverUp = false;
    const env = fakeEnv(
      handlers({
        getStatus: () => status,
        signOut: () => {
          if (!serverUp) throw pendingError();
          status = { ...signedIn, signedIn: false, me: null };
          return null;
        },
      }),
    );
    const root = await open(env);
    await click(button(root, 'Sign out'));
    await settle();
    expect($(root, '[data-testid=pending-choice] [role=alert]').textContent).toBe(
      '1 change has not reached the server yet. Signing out now would discard it.',
    );
    serverUp = true;
    await click(button(root, 'Try again'));
    await settle();
    expect(env.callsOf('signOut')).toEqual([{}, {}]);
    expect(root.querySelector('[data-testid=pending-choice]')).toBeNull();
    expect(root.querySelector('[data-testid=signed-in-as]')).toBeNull();
  });
});

describe('options, signing in as someone else with undelivered changes', () => {
  it('offers the same choice, and signs in discarding them only when asked', async () => {
    let status: SyncStatus = { ...signedIn, pending: 1 };
    const env = fakeEnv(
      handlers({
        getStatus: () => status,
        signIn: (params) => {
          if (!params.discardPending) throw new FakeRpcError('pending', 'not yet');
          status = { ...signedIn, me: BOB };
          return BOB;
        },
      }),
    );
    const root = await open(env);
    await typeInto($(root, '#server-url'), 'http://127.0.0.1:8787');
    await typeInto($(root, '#api-token'), 'bobs-token');
    await click(button(root, 'Sign in with these'));
    await settle();
    expect($(root, '[data-testid=pending-choice] [role=alert]').textContent).toBe(
      '1 change made by the person signed in before has not reached the server yet. ' +
        'Signing in as someone else would discard it.',
    );
    expect($(root, '[data-testid=connection-result]').textContent).toBe('');

    await click(button(root, 'Sign in anyway (discard 1)'));
    await settle();
    expect(env.callsOf('signIn')).toEqual([
      { serverUrl: 'http://127.0.0.1:8787', token: 'bobs-token' },
      { serverUrl: 'http://127.0.0.1:8787', token: 'bobs-token', discardPending: true },
    ]);
    expect($(root, '[data-testid=signed-in-as]').textContent).toContain(iso('{Bob Berg} (@{bob})'));
    expect(root.querySelector('[data-testid=pending-choice]')).toBeNull();
  });

  it('drops the choice when the address or token is edited', async () => {
    const env = fakeEnv(
      handlers({
        getStatus: { ...signedIn, pending: 1 },
        signIn: () => {
          throw new FakeRpcError('pending', 'not yet');
        },
      }),
    );
    const root = await open(env);
    await typeInto($(root, '#server-url'), 'http://127.0.0.1:8787');
    await typeInto($(root, '#api-token'), 'bobs-token');
    await click(button(root, 'Sign in with these'));
    await settle();
    expect(root.querySelector('[data-testid=pending-choice]')).not.toBeNull();
    await typeInto($(root, '#api-token'), 'other-token');
    expect(root.querySelector('[data-testid=pending-choice]')).toBeNull();
  });
});
