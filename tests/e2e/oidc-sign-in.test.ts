/**
 * Signing in with the organisation in real Chromium (issue 14): the server runs with OpenID
 * Connect against the in-process test provider (`tests/oidc/provider.ts`, oidc-provider); the
 * options page's "Sign in with <organisation>" opens the provider's login page in the browser's
 * auth window (`identity.launchWebAuthFlow`: in headless Chromium it is an ordinary page target,
 * found here among the context's pages), a scripted login completes it, and the options page
 * ends signed in with the person's name and the browser among "Your devices". Then the one-click
 * bookmark (the popup on a fixture page) reaches the server as that person (read through the
 * API). Cancelling at the provider and closing the window are said in words; this device revoked
 * from another (through the API) makes the next sync ask to sign in again, in the options page and
 * the popup, with a bookmark made before that sync kept in the outbox and not on the server;
 * signing in again (the provider's session still open) is one click, and the kept bookmark then
 * reaches the server exactly once.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedUrl } from '../../src/core/url.ts';
import type { Bookmark } from '../../src/core/wire.ts';
import type { TestProvider } from '../oidc/provider.ts';
import {
  type ExtensionBrowser,
  type FixtureServer,
  launchExtension,
  type RunningServer,
  serveFixtures,
} from './harness.ts';
import {
  liveOf,
  openPopup,
  openTab,
  pendingCount,
  poll,
  rest,
  syncNow,
} from './journey-helpers.ts';
import { startOidcServer } from './oidc-server.ts';

const PATIENCE = 15_000;

let idp: TestProvider;
let server: RunningServer;
let fixtures: FixtureServer;

beforeAll(async () => {
  fixtures = await serveFixtures();
  ({ server, idp } = await startOidcServer({
    ada: {
      sub: 'ada-sub-1',
      email: 'ada@example.org',
      email_verified: true,
      preferred_username: 'ada',
      name: 'Ada Lovelace',
    },
  }));
});

afterAll(async () => {
  await fixtures?.close();
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

/**
 * The one-click bookmark: opens `url` in a tab and the popup on it, which saves the page, and
 * waits for "Saved publicly".
 */
async function bookmark(browser: ExtensionBrowser, url: string): Promise<void> {
  const { page, tabId } = await openTab(browser, url);
  const popup = await openPopup(browser, tabId);
  await poll(() => popup.locator('#bookmark-title').textContent()).toBe('Saved publicly');
  await popup.close();
  await page.close();
}

/** Ada's live bookmarks of `url` on the server, as the holder of `token` reads them. */
async function bookmarksOf(token: string, url: string): Promise<Bookmark[]> {
  const changes = await rest(server.url, token).changes();
  return liveOf<Bookmark>(changes, 'bookmark').filter((b) => b.url === sharedUrl(url));
}

describe('sign in with the organisation', () => {
  it('signs in through the provider, bookmarks, and keeps a bookmark made after a revocation', async () => {
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

      // Another device of Ada's (a second token, through the API) reads the server's side.
      const other = (await server.cli(['tokens', 'create', '--handle', 'ada'])).trim();

      // The one-click bookmark works with the organisation's sign-in: it reaches the server as
      // Ada's, public.
      const first = fixtures.url('/journeys/one.html');
      await bookmark(browser, first);
      await syncNow(browser);
      const sent = await bookmarksOf(other, first);
      expect(sent).toHaveLength(1);
      const one = await rest(server.url, other).get<Bookmark>(`/v1/bookmarks/${sent[0]!.id}`);
      expect(one).toMatchObject({ status: 200, body: { owner: 'ada', visibility: 'public' } });

      // Revoked from the other device, this browser does not know yet: a bookmark made now is
      // kept in the outbox, and the next sync asks to sign in again.
      const api = (path: string, method = 'GET') =>
        fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${other}` } });
      const listed = (await (await api('/v1/me/devices')).json()) as {
        devices: Array<{ id: string; name: string; current: boolean }>;
      };
      const browserDevice = listed.devices.find((d) => !d.current && / on Linux$/.test(d.name));
      expect(browserDevice).toBeDefined();
      expect((await api(`/v1/me/devices/${browserDevice!.id}`, 'DELETE')).status).toBe(204);
      const kept = fixtures.url('/journeys/two.html');
      await bookmark(browser, kept);
      await options.getByRole('button', { name: 'Sync now' }).click();
      const notice = options.locator('[data-testid=sign-in-again]');
      await notice.waitFor({ timeout: PATIENCE });
      expect(await notice.getAttribute('data-reason')).toBe('revoked');
      expect(await notice.textContent()).toContain('Nothing is lost');
      await poll(() => notice.textContent()).toContain('Waiting to be sent: 1');
      expect(await pendingCount(browser)).toBe(1);
      expect(await bookmarksOf(other, kept)).toEqual([]);
      // The popup on the kept page says it too, and still shows the bookmark (not a new one).
      {
        const { page, tabId } = await openTab(browser, kept);
        const popup = await openPopup(browser, tabId);
        const popupNotice = popup.locator('[data-testid=sign-in-again]');
        await popupNotice.waitFor({ timeout: PATIENCE });
        expect(await popupNotice.getAttribute('data-reason')).toBe('revoked');
        await poll(() => popup.locator('#bookmark-title').textContent()).toBe('Saved publicly');
        await popup.close();
        await page.close();
      }
      expect(await pendingCount(browser)).toBe(1);

      // Signing in again: the provider still has Ada's session, so the auth window passes
      // through without asking (one click), and the notice goes.
      await options.locator('[data-testid=org-sign-in] button').click();
      await poll(() => options.locator('[data-testid=sign-in-again]').count()).toBe(0);
      await options.getByRole('button', { name: 'Sync now' }).click();
      // The new token syncs: no refusal is reported any more.
      await poll(() => options.locator('[role=alert][data-code=unauthorized]').count()).toBe(0);
      expect(await options.locator('[data-testid=sign-in-again]').count()).toBe(0);
      expect(await options.locator('[data-testid=signed-in-as]').textContent()).toContain('ada');
      // The bookmark kept through the revocation reaches the server, once, as Ada's.
      await syncNow(browser);
      const delivered = await bookmarksOf(other, kept);
      expect(delivered).toHaveLength(1);
      const two = await rest(server.url, other).get<Bookmark>(`/v1/bookmarks/${delivered[0]!.id}`);
      expect(two).toMatchObject({ status: 200, body: { owner: 'ada', visibility: 'public' } });
      expect(await bookmarksOf(other, first)).toHaveLength(1);
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
