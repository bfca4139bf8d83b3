/**
 * Managed roll-out in real Chromium (issue 14): a Chromium policy file
 * (`/etc/chromium/policies/managed/*.json`, `3rdparty.extensions.<id>`) presets the server, the
 * lookup mode, an excluded site and the one-click first run, and the person sees what the
 * organisation set: a first-run page that is one "Sign in with Example Corp" button (through the
 * in-process OpenID provider, `tests/oidc/provider.ts`), then the server address and lookup mode
 * shown as set by the organisation and not editable, and the excluded site listed as set by it
 * without a Remove button.
 *
 * The extension is a copy of the build with an id of its own, which the policy names alone
 * (`managed-copy.ts`); writing the policy needs root (CI runs as root).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestProvider } from '../oidc/provider.ts';
import { type ExtensionBrowser, launchExtension, type RunningServer } from './harness.ts';
import { poll } from './journey-helpers.ts';
import { type ManagedCopy, managedCopy } from './managed-copy.ts';
import { startOidcServer } from './oidc-server.ts';

const PATIENCE = 15_000;
const EXCLUDED = 'intranet.example.com';

let idp: TestProvider;
let server: RunningServer;
let copy: ManagedCopy | undefined;

/** Writes the organisation's policy for the copy's id (read by Chromium when it starts). */
async function writePolicy(): Promise<void> {
  await copy!.writePolicy({
    serverUrl: server.url,
    preferOidc: true,
    lookupMode: 'range',
    excludedSites: [`https://${EXCLUDED}/`],
    oneClickSignIn: true,
  });
}

beforeAll(async () => {
  copy = await managedCopy();
  ({ server, idp } = await startOidcServer({
    ada: {
      sub: 'ada-managed-1',
      email: 'ada@example.org',
      email_verified: true,
      preferred_username: 'ada',
      name: 'Ada Lovelace',
    },
  }));
});

afterAll(async () => {
  await copy?.cleanUp();
  await server?.stop();
  await idp?.close();
});

describe('managed roll-out through a Chromium policy file', () => {
  it('turns the first run into one sign-in button and shows the presets as the organisation’s', async () => {
    await writePolicy();
    let browser: ExtensionBrowser | undefined;
    try {
      browser = await launchExtension({ extensionDir: copy!.extensionDir });
      // The copy has its own id, the one the policy names (else the policy would apply to nothing).
      expect(browser.extensionId).toBe(copy!.extensionId);

      // First run: one button, no address to type, no token form.
      const options = await browser.openPage('options.html');
      const orgButton = options.locator('[data-testid=org-sign-in] button');
      await orgButton.waitFor({ timeout: PATIENCE });
      expect((await orgButton.textContent())?.replace(/[\u2068\u2069]/g, '')).toBe(
        'Sign in with Example Corp',
      );
      await options
        .getByText('Your organisation has set Outloud up for you. Sign in to start.')
        .waitFor();
      expect(await options.locator('#server-url').count()).toBe(0);
      expect(await options.locator('#api-token').count()).toBe(0);
      expect(await options.getByRole('button').count()).toBe(1);

      // The one click: the provider's login page, then signed in on the preset server.
      const opened = browser.context.waitForEvent('page', {
        predicate: (p) => p.url().startsWith(idp.issuer),
        timeout: PATIENCE,
      });
      await orgButton.click();
      const login = await opened;
      await login.locator('#login').fill('ada');
      await login.locator('#submit').click();
      await poll(() =>
        options
          .locator('[data-testid=signed-in-as]')
          .textContent({ timeout: 1000 })
          .then((t) => (t ?? '').replace(/[\u2068\u2069]/g, ''))
          .catch(() => ''),
      ).toBe(`Signed in as Ada Lovelace (@ada) on ${server.url}`);

      // Signed in, the whole page: the server address is the organisation's and read-only.
      await options.reload();
      const address = options.locator('#server-url');
      await address.waitFor({ timeout: PATIENCE });
      expect(await address.inputValue()).toBe(server.url);
      expect(await address.isEditable()).toBe(false);
      expect(await options.locator('[data-testid=managed-server]').textContent()).toBe(
        'Set by your organisation',
      );

      // The lookup mode is the organisation's and cannot be changed.
      expect(await options.locator('[data-testid=managed-lookup]').textContent()).toBe(
        'Set by your organisation',
      );
      const range = options.getByRole('radio', { name: 'Hash range' });
      expect(await range.isChecked()).toBe(true);
      for (const name of ['Hash range', 'Exact page', 'Local copy (recommended)']) {
        expect(await options.getByRole('radio', { name }).isDisabled()).toBe(true);
      }

      // The excluded site is listed as the organisation's, with no way to remove it.
      const site = options.locator('.excluded li', { hasText: EXCLUDED });
      await site.waitFor({ timeout: PATIENCE });
      expect((await site.textContent())?.replace(/[\u2068\u2069]/g, '')).toBe(
        `${EXCLUDED} Set by your organisation`,
      );
      expect(await site.getByRole('button').count()).toBe(0);

      // A site of the person's own beside it can still be added and removed.
      await options.locator('#excluded-add').fill('https://own.example.org/x');
      await options.getByRole('button', { name: 'Add site' }).click();
      const own = options.locator('.excluded li', { hasText: 'own.example.org' });
      await own.getByRole('button', { name: /Remove/ }).waitFor({ timeout: PATIENCE });
      await options.close();
    } finally {
      await browser?.close();
      await copy?.removePolicy();
    }
  });
});
