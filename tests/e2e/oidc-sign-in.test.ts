/**
 * Signing in with the organisation in real Chromium (issue 14): the server runs with OpenID
 * Connect against the in-process test provider (`tests/oidc/provider.ts`, oidc-provider); the
 * options page's "Sign in with <organisation>" opens the provider's login page in the browser's
 * auth window (`identity.launchWebAuthFlow`: in headless Chromium it is an ordinary page target,
 * found here among the context's pages), a scripted login completes it, and the options page
 * ends signed in with the person's name and the browser among "Your devices". Cancelling at the
 * provider and closing the window are said in words; this device revoked from another (through
 * the API) makes the next sync ask to sign in again with the
 * outbox kept, and signing in again (the provider's session still open) is one click.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProvider, type TestProvider } from '../oidc/provider.ts';
import {
  type ExtensionBrowser,
  launchExtension,
  type RunningServer,
  startServer,
} from './harness.ts';
import { freePort, poll } from './journey-helpers.ts';

const PATIENCE = 15_000;

let idp: TestProvider;
let server: RunningServer;

beforeAll(async () => {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  idp = await startTestProvider({ redirectUris: [`${publicUrl}/auth/callback`] });
  idp.addAccount('ada', {
    sub: 'ada-sub-1',
    email: 'ada@example.org',
    email_verified: true,
    preferred_username: 'ada',
    name: 'Ada Lovelace',
  });
  server = await startServer({
    port,
    env: {
      OUTLOUD_ORG_NAME: 'Example Corp',
      OUTLOUD_PUBLIC_URL: publicUrl,
      OUTLOUD_OIDC_ISSUER: idp.issuer,
      OUTLOUD_OIDC_CLIENT_ID: idp.clientId,
      OUTLOUD_OIDC_CLIENT_SECRET: idp.clientSecret ?? '',
    },
  });
});

afterAll(async () => {
  await server?.stop();
  await idp?.close();
});

/** The options page of a fresh profile, with the server's address typed in. */
async function optionsFor(browser: ExtensionBrowser): Promise<Page> {
  const page = await browser.openPage('options.html');
  await page.locator('#server-url').fill(server.url);
  return page;
}

/** Clicks "Sign in with Example Corp" and answers the provider's login page in the auth window. */
async function startSignIn(browser: ExtensionBrowser, options: Page): Promise<Page> {
  const orgButton = options.locator('[data-testid=org-sign-in] button');
  await orgButton.waitFor({ timeout: PATIENCE });
  expect((await orgButton.textContent())?.replace(/[\u2068\u2069]/g, '')).toBe(
    'Sign in with Example Corp',
  );
  const opened = browser.context.waitForEvent('page', {
    predicate: (p) => p.url().startsWith(idp.issuer),
    timeout: PATIENCE,
  });
  await orgButton.click();
  const login = await opened;
  await login.locator('#login').waitFor({ timeout: PATIENCE });
  return login;
}

describe('sign in with the organisation', () => {
  it('goes through the provider’s login page and ends signed in with the name shown', async () => {
    const browser = await launchExtension();
    try {
      const options = await optionsFor(browser);
      const login = await startSignIn(browser, options);
      // The auth window is the provider's page, reached through the server's /auth/start.
      expect(new URL(login.url()).origin).toBe(idp.issuer);
      await login.locator('#login').fill('ada');
      await login.locator('#submit').click();
      await poll(() =>
        options
          .locator('[data-testid=signed-in-as]')
          .textContent({ timeout: 1000 })
          .catch(() => ''),
      ).toContain('Ada Lovelace');
      expect(
        (await options.locator('[data-testid=signed-in-as]').textContent())?.replace(
          /[\u2068\u2069]/g,
          '',
        ),
      ).toBe(`Signed in as Ada Lovelace (@ada) on ${server.url}`);
      // The auth window closed itself once it reached the extension's redirect address.
      await poll(() => login.isClosed()).toBe(true);

      // Your devices: this browser, marked, named after the browser and system.
      const mine = options.locator('[data-testid=device][data-current=true]');
      await mine.waitFor({ timeout: PATIENCE });
      expect((await mine.locator('strong').textContent())?.replace(/[\u2068\u2069]/g, '')).toMatch(
        /^(Chrome|Chromium) on Linux$/,
      );

      // Revoked from another device (a second token of Ada's, through the API), the next sync
      // asks to sign in again.
      const other = (await server.cli(['tokens', 'create', '--handle', 'ada'])).trim();
      const api = (path: string, method = 'GET') =>
        fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${other}` } });
      const listed = (await (await api('/v1/me/devices')).json()) as {
        devices: Array<{ id: string; name: string; current: boolean }>;
      };
      const browserDevice = listed.devices.find((d) => !d.current && / on Linux$/.test(d.name));
      expect(browserDevice).toBeDefined();
      expect((await api(`/v1/me/devices/${browserDevice!.id}`, 'DELETE')).status).toBe(204);
      await options.getByRole('button', { name: 'Sync now' }).click();
      const notice = options.locator('[data-testid=sign-in-again]');
      await notice.waitFor({ timeout: PATIENCE });
      expect(await notice.getAttribute('data-reason')).toBe('revoked');
      expect(await notice.textContent()).toContain('Nothing is lost');

      // Signing in again: the provider still has Ada's session, so the auth window passes
      // through without asking (one click), and the notice goes.
      await options.locator('[data-testid=org-sign-in] button').click();
      await poll(() => options.locator('[data-testid=sign-in-again]').count()).toBe(0);
      await options.getByRole('button', { name: 'Sync now' }).click();
      // The new token syncs: no refusal is reported any more.
      await poll(() => options.locator('[role=alert][data-code=unauthorized]').count()).toBe(0);
      expect(await options.locator('[data-testid=sign-in-again]').count()).toBe(0);
      expect(await options.locator('[data-testid=signed-in-as]').textContent()).toContain('ada');
    } finally {
      await browser.close();
    }
  });

  it('says a sign-in cancelled at the provider in words', async () => {
    const browser = await launchExtension();
    try {
      const options = await optionsFor(browser);
      const login = await startSignIn(browser, options);
      await login.locator('#cancel').click();
      const alert = options.locator('[data-testid=org-sign-in-result] [role=alert]');
      await alert.waitFor({ timeout: PATIENCE });
      expect(await alert.getAttribute('data-code')).toBe('sign-in-denied');
      expect(await alert.textContent()).toBe(
        "Not signed in: Your organisation's sign-in refused access.",
      );
      expect(await options.locator('[data-testid=signed-in-as]').count()).toBe(0);
    } finally {
      await browser.close();
    }
  });

  it('says a closed sign-in window in words', async () => {
    const browser = await launchExtension();
    try {
      const options = await optionsFor(browser);
      const login = await startSignIn(browser, options);
      await login.close();
      const alert = options.locator('[data-testid=org-sign-in-result] [role=alert]');
      await alert.waitFor({ timeout: PATIENCE });
      expect(await alert.getAttribute('data-code')).toBe('sign-in-cancelled');
      expect(await alert.textContent()).toBe(
        'Not signed in: Sign-in was cancelled: the sign-in window was closed before it finished.',
      );
    } finally {
      await browser.close();
    }
  });
});
