/**
 * Helpers for the end-to-end user journeys: users from the server CLI, signing in through the
 * options page as a person would, opening the popup for a fixture tab, pressing Sync now,
 * reading the server's side through its REST API with the user's token, and the whole set-up
 * of an end-to-end suite: server, fixtures and the extension, signed in (`useExtension`).
 */
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Change } from '../../src/core/wire.ts';
import {
  type ExtensionBrowser,
  type FixtureServer,
  type LaunchOptions,
  launchExtension,
  type RunningServer,
  serveFixtures,
  startServer,
} from './harness.ts';

/** Adds a user with `outloud-server users add` and answers the token it printed alone. */
export async function addUser(
  server: RunningServer,
  handle: string,
  name: string,
): Promise<string> {
  const token = (await server.cli(['users', 'add', '--handle', handle, '--name', name])).trim();
  expect(token).toMatch(/^\S{20,}$/);
  return token;
}

/** Revokes every token of `handle` with `outloud-server tokens revoke`. */
export async function revokeTokensOf(server: RunningServer, handle: string): Promise<void> {
  await server.cli(['tokens', 'revoke', '--handle', handle]);
}

/** A free TCP port on 127.0.0.1, so a restarted server can keep its address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export type Rest = {
  get<T = unknown>(path: string): Promise<{ status: number; body: T }>;
  put<T = unknown>(path: string, body: unknown): Promise<{ status: number; body: T }>;
  /** Every change visible to the user, following the cursor to the end. */
  changes(): Promise<Change[]>;
};

/** The REST API of `serverUrl` as the holder of `token` sees it. */
export function rest(serverUrl: string, token: string): Rest {
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${serverUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  return {
    get: (path) => call('GET', path),
    put: (path, body) => call('PUT', path, body),
    async changes() {
      const all: Change[] = [];
      let cursor = '';
      for (;;) {
        const page = await call<{ items: Change[]; cursor: string; hasMore: boolean }>(
          'GET',
          `/v1/changes?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.status).toBe(200);
        all.push(...page.body.items);
        if (!page.body.hasMore) return all;
        cursor = page.body.cursor;
      }
    },
  };
}

/** The live (not deleted) objects of `type` in a change list, latest version of each. */
export function liveOf<T>(changes: Change[], type: Change['type']): T[] {
  const latest = new Map<string, Change>();
  for (const change of changes) if (change.type === type) latest.set(change.key, change);
  return [...latest.values()].filter((c) => !c.deleted).map((c) => c.value as T);
}

/** How long the journeys wait for something a person would wait for (the machine is shared). */
export const PATIENCE_MS = 15_000;

/** `expect.poll` with the journeys' patience. */
export function poll<T>(fn: () => T | Promise<T>) {
  return expect.poll(fn, { timeout: PATIENCE_MS, interval: 100 });
}

/**
 * The options page: the welcome tab the extension opened on install when there is one (a fresh
 * profile), else a new tab. Using the welcome tab also avoids racing its navigation.
 */
async function optionsPage(browser: ExtensionBrowser): Promise<Page> {
  const isOptions = (p: Page) => p.url().endsWith('/options.html');
  const deadline = Date.now() + 3_000;
  while (Date.now() < deadline) {
    const welcome = browser.context.pages().find(isOptions);
    if (welcome) {
      await welcome.waitForLoadState('load');
      return welcome;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return browser.openPage('options.html');
}

/**
 * Signs in through the options page: address, token, Sign in; waits for "Connection works" and
 * "Signed in as". Found by role and markup, not by words, so it works in any UI language.
 */
export async function signInThroughOptions(
  browser: ExtensionBrowser,
  serverUrl: string,
  token: string,
): Promise<void> {
  const page = await optionsPage(browser);
  await page.locator('#server-url').fill(serverUrl);
  await page.locator('#api-token').fill(token);
  await page.locator('form:has(#api-token) button[type=submit]').click();
  await page.locator('[data-testid=connection-result] p.ok').waitFor({ timeout: PATIENCE_MS });
  await page.locator('[data-testid=signed-in-as]').waitFor({ timeout: PATIENCE_MS });
  await page.close();
}

/** Opens `url` in a new tab and answers the page with its browser tab id. */
export async function openTab(
  browser: ExtensionBrowser,
  url: string,
): Promise<{ page: Page; tabId: number }> {
  const page = await browser.context.newPage();
  await page.goto(url);
  const probe = await browser.openPage('options.html');
  const tabId = await probe.evaluate(async (wanted) => {
    const tabs = await chrome.tabs.query({});
    return tabs.find((t) => t.url === wanted)?.id ?? -1;
  }, page.url());
  await probe.close();
  expect(tabId).toBeGreaterThanOrEqual(0);
  return { page, tabId };
}

/** The address of every open tab (the one being loaded, for a tab still loading). */
export async function tabUrls(browser: ExtensionBrowser): Promise<string[]> {
  const probe = await browser.openPage('options.html');
  const urls = await probe.evaluate(async () =>
    (await chrome.tabs.query({})).map((t) => t.pendingUrl ?? t.url ?? ''),
  );
  await probe.close();
  return urls.filter((u) => !u.startsWith('chrome-extension://'));
}

/** Opens the popup for `tabId` (as a tab, `popup.html?tab=ID`) and waits for its first view. */
export async function openPopup(browser: ExtensionBrowser, tabId: number): Promise<Page> {
  const popup = await browser.openPage(`popup.html?tab=${tabId}`);
  await popup.locator('#bookmark-title').waitFor({ timeout: PATIENCE_MS });
  return popup;
}

/** Presses "Sync now" on the options page and waits until nothing waits to be sent. */
export async function syncNow(browser: ExtensionBrowser): Promise<void> {
  const page = await browser.openPage('options.html');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await poll(() => page.locator('[data-testid=pending]').textContent()).toBe('0');
  await poll(() => page.locator('[data-testid=last-sync]').textContent()).not.toBe('never');
  await page.close();
}

/** The options page's "waiting to be sent" count. */
export async function pendingCount(browser: ExtensionBrowser): Promise<number> {
  const page = await browser.openPage('options.html');
  const cell = page.locator('[data-testid=pending]');
  await cell.waitFor();
  const n = Number(await cell.textContent());
  await page.close();
  return n;
}

/** A suite's world: a real server, maybe the fixture pages, and the built extension in Chromium. */
export type ExtensionWorld<P extends string> = {
  /** The running server; a test that restarts it (same `port`) puts the new one here. */
  server: RunningServer;
  /** The server's port, kept across restarts (`startServer({ dbPath, port })`). */
  port: number;
  /** `tests/fixtures/` served on 127.0.0.1 (with `fixtures: true`). */
  fixtures: FixtureServer;
  /** The extension; a test that relaunches it puts the new one here. */
  browser: ExtensionBrowser;
  /** Each person's token, as `outloud-server users add` printed it. */
  tokens: Record<P, string>;
  /** Each person's side of the server, through its REST API with their token. */
  rest: Record<P, Rest>;
};

/** What `useExtension` sets up. */
export type ExtensionOptions<P extends string> = {
  /** People added with the server's CLI, in this order: handle → name. */
  people?: { readonly [K in P]: string };
  /** Signs the extension in as this person through the options page, as a person would. */
  signIn?: NoInfer<P>;
  /** Serves `tests/fixtures/` too. */
  fixtures?: boolean;
  /** How to launch Chromium (`lang`, `preferences`, …). */
  browser?: LaunchOptions;
  /**
   * Starts the server with `OUTLOUD_PUBLIC_URL` set to its own address (on a port chosen first),
   * so `GET /v1/org` names it and items have web permalinks.
   */
  publicUrl?: boolean;
};

/**
 * The usual set-up of an end-to-end suite, registered in the enclosing `describe`: its
 * `beforeAll` starts the built server (and the fixtures) and launches the extension together,
 * adds `people` and signs in as `signIn`; its `afterAll` closes whichever browser and server are
 * then in the world. The returned world is filled in once the suite starts.
 *
 *     describe('journeys', () => {
 *       const world = useExtension({ people: { ann: 'Ann' }, signIn: 'ann', fixtures: true });
 *       it('…', async () => { await openTab(world.browser, world.fixtures.url('/a.html')); });
 *     });
 */
export function useExtension<const P extends string = never>(
  options: ExtensionOptions<P> = {},
): ExtensionWorld<P> {
  const world = { tokens: {}, rest: {} } as ExtensionWorld<P>;
  beforeAll(async () => {
    const port = options.publicUrl ? await freePort() : undefined;
    const [server, fixtures, browser] = await Promise.all([
      startServer(
        port === undefined ? {} : { port, env: { OUTLOUD_PUBLIC_URL: `http://127.0.0.1:${port}` } },
      ),
      options.fixtures ? serveFixtures() : undefined,
      launchExtension(options.browser),
    ]);
    Object.assign(world, { server, port: Number(new URL(server.url).port), browser });
    if (fixtures) world.fixtures = fixtures;
    for (const [handle, name] of Object.entries(options.people ?? {}) as Array<[P, string]>) {
      world.tokens[handle] = await addUser(server, handle, name);
      world.rest[handle] = rest(server.url, world.tokens[handle]);
    }
    if (options.signIn) {
      await signInThroughOptions(browser, server.url, world.tokens[options.signIn]);
    }
  });
  afterAll(async () => {
    await world.browser?.close();
    await world.fixtures?.close();
    await world.server?.stop();
  });
  return world;
}
