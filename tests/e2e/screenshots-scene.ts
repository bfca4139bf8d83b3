/**
 * The demo scene shared by `npm run screenshots` and the accessibility tests: the real server
 * seeded by `outloud-server demo`, a local article page (tests/fixtures/screenshots) on which
 * demo people shared snippets, bookmarked, commented, liked and asked a question, and the built
 * extension signed in as the demo person `ada` with everything pulled.
 *
 * The demo's own pages are real public sites, which the tests cannot reach; the article is a
 * local page on the same subject as one of them (Goodhart's law), and its items are written
 * through the REST API with the demo people's tokens, exactly as their extensions would.
 *
 * `npm run screenshots` runs this outside vitest, so nothing here may import vitest (the
 * journey helpers do): the few steps it needs are written with plain Playwright waits.
 */
import type { Page } from 'playwright-core';
import { uuidv7 } from '../../src/core/ids.ts';
import {
  type ExtensionBrowser,
  type FixtureServer,
  launchExtension,
  type RunningServer,
  serveFixtures,
  startServer,
} from './harness.ts';

export const ARTICLE_PATH = '/screenshots/goodharts-law.html';
export const ARTICLE_TITLE = "Goodhart's law: when a measure becomes a target";
export const QUOTES = {
  elin: 'When a measure becomes a target, it ceases to be a good measure.',
  greta: 'people optimise the number instead of the thing the number was meant to show',
} as const;

/** The closed group (ada owns it, greta is in it) that greta's snippet is shared with. */
export const GROUP_NAME = 'Metrics guild';

export type DemoScene = {
  server: RunningServer;
  fixtures: FixtureServer;
  browser: ExtensionBrowser;
  /** Each demo person's token, from `outloud-server demo`. */
  tokens: Map<string, string>;
  articleUrl: string;
  /** Opens the article in a new tab and waits for Outloud's overlay on it. */
  openArticle(): Promise<{ page: Page; tabId: number }>;
  close(): Promise<void>;
};

/** Reads `outloud-server demo`'s standard output: one `handle<TAB>token` line per person. */
export function parseDemoTokens(stdout: string): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const [handle, token, ...rest] = line.trim().split('\t');
    if (handle && token && rest.length === 0) tokens.set(handle, token);
  }
  return tokens;
}

/** Writes what the demo people did on the article, through the REST API as each of them. */
export async function seedArticle(serverUrl: string, tokens: Map<string, string>, url: string) {
  const as = (handle: string) => {
    const token = tokens.get(handle);
    if (!token) throw new Error(`demo person ${handle} has no token`);
    return async (path: string, body?: unknown) => {
      const res = await fetch(`${serverUrl}${path}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 300) {
        throw new Error(`PUT ${path} as ${handle}: ${res.status} ${await res.text()}`);
      }
    };
  };
  const title = ARTICLE_TITLE;
  // Greta shares her quote with a closed group ada runs (chen, who likes it, is in it too), so
  // the scene shows a group's label
  // (overlay, side panel, feed) and ada's audience pickers offer a group.
  const guild = uuidv7();
  await as('ada')(`/v1/groups/${guild}`, {
    name: GROUP_NAME,
    description: 'People who pick the team metrics.',
    kind: 'closed',
  });
  await as('ada')(`/v1/groups/${guild}/members/greta`, { role: 'member' });
  await as('ada')(`/v1/groups/${guild}/members/chen`, { role: 'member' });
  const elinSnippet = uuidv7();
  const gretaSnippet = uuidv7();
  const daraStatus = uuidv7();
  await as('elin')(`/v1/snippets/${elinSnippet}`, {
    url,
    title,
    quote: { exact: QUOTES.elin },
    comment: '@ada this is why I worry about the velocity dashboard.',
  });
  await as('greta')(`/v1/snippets/${gretaSnippet}`, {
    url,
    title,
    quote: { exact: QUOTES.greta },
    comment: 'We did exactly this with ticket counts last year.',
    visibility: 'group',
    groups: [guild],
  });
  await as('bruno')(`/v1/bookmarks/${uuidv7()}`, {
    url,
    title,
    description: 'Read before we pick next quarter’s team metrics.',
    tags: ['metrics', 'okr'],
  });
  await as('chen')(`/v1/bookmarks/${uuidv7()}`, { url, title, tags: ['metrics'] });
  await as('dara')(`/v1/statuses/${daraStatus}`, {
    text: 'Rereading this before the OKR planning. @ada which of our dashboards should we retire?',
    url,
    title,
    question: true,
  });
  await as('greta')(`/v1/comments/${uuidv7()}`, {
    targetId: elinSnippet,
    text: 'Agreed. Let us take it to the retro.',
  });
  await as('bruno')(`/v1/comments/${uuidv7()}`, {
    targetId: daraStatus,
    text: 'The story-point chart, for a start.',
  });
  await as('lena')(`/v1/likes/${elinSnippet}`);
  await as('hiro')(`/v1/likes/${elinSnippet}`);
  await as('chen')(`/v1/likes/${gretaSnippet}`);
}

/** Signs in through the options page as a person would: address, token, Sign in. */
async function signIn(browser: ExtensionBrowser, serverUrl: string, token: string) {
  await new Promise((r) => setTimeout(r, 500)); // the welcome tab opens on install
  const page = await browser.openPage('options.html');
  await page.locator('#server-url').fill(serverUrl);
  await page.locator('#api-token').fill(token);
  await page.getByRole('button', { name: /^Sign in/ }).click();
  await page.locator('[data-testid=signed-in-as]').waitFor({ timeout: 20_000 });
  await page.close();
}

/** Opens `url` in a new tab; answers the page and its browser tab id. */
export async function openTab(browser: ExtensionBrowser, url: string) {
  const page = await browser.context.newPage();
  await page.goto(url);
  const probe = await browser.openPage('options.html');
  const tabId = await probe.evaluate(
    async (wanted) => (await chrome.tabs.query({})).find((t) => t.url === wanted)?.id ?? -1,
    page.url(),
  );
  await probe.close();
  if (tabId < 0) throw new Error(`no tab for ${url}`);
  return { page, tabId };
}

/**
 * Presses "Sync now" in the options page and waits until nothing waits to be sent and a sync has
 * finished (with plain Playwright waits: this also runs outside vitest, from the script).
 */
export async function syncAll(browser: ExtensionBrowser): Promise<void> {
  const page = await browser.openPage('options.html');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid=pending]')?.textContent === '0' &&
      document.querySelector('[data-testid=last-sync]')?.textContent !== 'never',
    undefined,
    { timeout: 20_000 },
  );
  await page.close();
}

/** Starts the server, seeds the demo and the article, and signs the extension in as `ada`. */
export async function openDemoScene(): Promise<DemoScene> {
  const [server, fixtures, browser] = await Promise.all([
    startServer(),
    serveFixtures(),
    launchExtension(),
  ]);
  try {
    const tokens = parseDemoTokens(await server.cli(['demo']));
    const articleUrl = fixtures.url(ARTICLE_PATH);
    await seedArticle(server.url, tokens, articleUrl);
    await signIn(browser, server.url, tokens.get('ada') ?? '');
    await syncAll(browser);
    return {
      server,
      fixtures,
      browser,
      tokens,
      articleUrl,
      async openArticle() {
        const opened = await openTab(browser, articleUrl);
        await opened.page.bringToFront();
        await opened.page.locator('outloud-root').waitFor({ state: 'attached' });
        return opened;
      },
      async close() {
        await browser.close();
        await fixtures.close();
        await server.stop();
      },
    };
  } catch (error) {
    await Promise.allSettled([browser.close(), fixtures.close(), server.stop()]);
    throw error;
  }
}
