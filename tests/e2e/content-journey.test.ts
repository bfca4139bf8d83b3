/**
 * The on-page journey with the real extension, two browser profiles (two people) and the real
 * server: Ann shares a snippet from a fixture page; Bo opens the page and sees the overlay name
 * Ann, the quote highlighted on the right words and Ann's comment on hover; the page, edited
 * slightly at the same address, still highlights it; links to pages people engaged with carry
 * marks with the right counts; SPA navigation updates the overlay; words Ann shares from a
 * same-origin frame are highlighted inside that frame for Bo. A counting proxy in front of
 * the server shows that opening pages sends it nothing (the default lookup mode is local).
 */
import { readFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  frameOf,
  highlightBoxes,
  highlightTexts,
  OutloudUi,
  selectInFrame,
  selectText,
} from './content-harness.ts';
import {
  type ExtensionBrowser,
  FIXTURES_DIR,
  launchExtension,
  type RunningServer,
  startServer,
} from './harness.ts';

const QUOTE = 'tells the next reader that a colleague cared';
const COMMENT = 'This is why we share snippets.';

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string } };

/** Calls a background `ui` method from one of the extension's pages. */
async function ui<T>(browser: ExtensionBrowser, method: string, params: unknown = {}): Promise<T> {
  const page = await browser.openPage('options.html');
  const reply = (await page.evaluate(
    ([m, p]) => chrome.runtime.sendMessage({ outloud: 1, channel: 'ui', method: m, params: p }),
    [method, params] as const,
  )) as Reply;
  await page.close();
  if (!reply.ok) throw new Error(`${method} refused: ${JSON.stringify(reply.error)}`);
  return reply.value as T;
}

/** Bookmarks a page no tab shows (public), through the options page's import of one entry. */
async function bookmark(browser: ExtensionBrowser, url: string): Promise<void> {
  const summary = await ui<{ imported: number; existing: number }>(browser, 'importBookmarks', {
    bookmarks: [{ url, title: '' }],
    visibility: 'public',
  });
  expect(summary.imported + summary.existing).toBe(1);
}

/** A proxy in front of the server that remembers every request it forwards. */
async function countingProxy(
  target: string,
): Promise<{ url: string; seen: string[]; server: Server }> {
  const seen: string[] = [];
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

/** Serves the content fixtures; `edit()` makes the article's address serve its edited version. */
async function pages(): Promise<{ url(p: string): string; edit(): void; server: Server }> {
  let edited = false;
  const server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    let file = pathname.startsWith('/content/spa/')
      ? 'spa.html'
      : pathname.replace('/content/', '');
    if (file === 'article.html' && edited) file = 'article-v2.html';
    try {
      const body = await readFile(path.join(FIXTURES_DIR, 'content', path.basename(file)));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: (p) => new URL(p, origin).toString(), edit: () => (edited = true), server };
}

let server: RunningServer;
let proxy: Awaited<ReturnType<typeof countingProxy>>;
let site: Awaited<ReturnType<typeof pages>>;
let ann: ExtensionBrowser;
let bo: ExtensionBrowser;

async function open(
  browser: ExtensionBrowser,
  p: string,
): Promise<{ page: Page; view: OutloudUi }> {
  const page = await browser.context.newPage();
  await page.goto(site.url(p));
  const view = await OutloudUi.attach(page);
  return { page, view };
}

/** Runs `fn` and answers the requests the server received meanwhile. */
async function requestsDuring(fn: () => Promise<void>): Promise<string[]> {
  const before = proxy.seen.length;
  await fn();
  return proxy.seen.slice(before);
}

beforeAll(async () => {
  server = await startServer();
  proxy = await countingProxy(server.url);
  site = await pages();
  const annToken = (
    await server.cli(['users', 'add', '--handle', 'ann', '--name', 'Ann Author'])
  ).trim();
  const boToken = (
    await server.cli(['users', 'add', '--handle', 'bo', '--name', 'Bo Builder'])
  ).trim();
  ann = await launchExtension();
  bo = await launchExtension();
  await ui(ann, 'signIn', { serverUrl: proxy.url, token: annToken });
  await ui(bo, 'signIn', { serverUrl: proxy.url, token: boToken });
  await ui(bo, 'follow', { handle: 'ann' });
});

afterAll(async () => {
  await ann?.close();
  await bo?.close();
  await new Promise((r) => proxy?.server.close(r));
  await new Promise((r) => site?.server.close(r));
  await server?.stop();
});

describe('sharing a snippet and seeing it on the page', () => {
  it('Ann shares a snippet from the article', async () => {
    const { page, view } = await open(ann, '/content/article.html');
    await selectText(page, QUOTE);
    await expect.poll(() => view.count('[data-outloud="share-selection"]')).toBe(1);
    await view.click('[data-outloud="share-selection"]');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.localName))
      .toBe('outloud-root');
    await page.keyboard.type(COMMENT);
    await view.click('[data-outloud="share"]');
    await expect.poll(() => view.text('[data-outloud="notice"]')).toBe('Snippet shared.');
    // Ann's own page shows her snippet at once, from her local mirror.
    await expect.poll(() => highlightTexts(page)).toEqual([QUOTE]);
    await bookmark(ann, site.url('/content/article-v2.html'));
    await bookmark(ann, site.url('/content/spa/a'));
    await ui(ann, 'syncNow');
    await view.detach();
    await page.close();
  });

  it('Bo sees Ann on the page, her highlight on the right words and her comment on hover', async () => {
    // The capture works: Bo's sync reaches the server through the proxy.
    const synced = await requestsDuring(() => ui(bo, 'syncNow'));
    expect(synced.some((r) => r.includes('/v1/changes'))).toBe(true);
    let page!: Page;
    let view!: OutloudUi;
    const sent = await requestsDuring(async () => {
      ({ page, view } = await open(bo, '/content/article.html'));
      await expect.poll(() => view.text('[data-outloud="people"]')).toBe('\u2068Ann Author\u2069');
      await expect.poll(() => highlightTexts(page)).toEqual([QUOTE]);
    });
    expect(sent).toEqual([]);

    const [first] = await highlightBoxes(page);
    const box = { x: (first!.left + first!.right) / 2, y: (first!.top + first!.bottom) / 2 };
    await page.mouse.move(box.x, box.y);
    await expect
      .poll(() => view.text('[data-outloud="card"]'))
      .toContain('Shared by \u2068Ann Author\u2069');
    expect(await view.text('[data-outloud="card"]')).toContain(COMMENT);
    await view.detach();
    await page.close();
  });

  it('still highlights the quote after the page at that address was edited', async () => {
    site.edit();
    const sent = await requestsDuring(async () => {
      const { page, view } = await open(bo, '/content/article.html');
      expect(await page.title()).toContain('(updated)');
      await expect.poll(() => highlightTexts(page)).toEqual([QUOTE]);
      await view.detach();
      await page.close();
    });
    expect(sent).toEqual([]);
  });

  it('marks links to pages people engaged with, with the right counts', async () => {
    // Bo bookmarks the article too: two people engaged with it, one with the updated page.
    await bookmark(bo, site.url('/content/article.html'));
    await ui(bo, 'syncNow'); // Bo's own bookmark goes out now, before the pages are opened
    const sent = await requestsDuring(async () => {
      const { page, view } = await open(bo, '/content/links.html');
      // to-article (2 people), to-v2 (1) and the link to v2 added after 600 ms (1).
      await expect
        .poll(async () => (await view.texts('[data-outloud="mark"]')).sort(), { timeout: 15_000 })
        .toEqual(['1', '1', '2']);
      expect(await view.attr('[data-count="2"]', 'title')).toMatch(/^2 from your network: /);
      await view.detach();
      await page.close();
    });
    expect(sent).toEqual([]);
  });

  it('updates the overlay on single-page navigation', async () => {
    const sent = await requestsDuring(async () => {
      const { page, view } = await open(bo, '/content/spa.html');
      await page.waitForTimeout(500);
      expect(await view.count('[data-outloud="pill"]')).toBe(0);
      await page.click('#go-a');
      await expect.poll(() => view.text('[data-outloud="people"]')).toBe('\u2068Ann Author\u2069');
      await page.click('#go-b');
      await expect.poll(() => view.count('[data-outloud="pill"]')).toBe(0);
      await view.detach();
      await page.close();
    });
    expect(sent).toEqual([]);
  });
});

describe('a snippet from a same-origin frame', () => {
  const FRAMED = '/content/framed.html';
  const FRAME_QUOTE = 'rolled out to one region first';

  it('Ann shares words from the embedded notes; Bo sees them highlighted inside the frame', async () => {
    const shared = await open(ann, FRAMED);
    const notes = await frameOf(shared.page, 'notes');
    await shared.page.evaluate(() => document.getElementById('notes')!.scrollIntoView());
    await selectInFrame(shared.page, notes, FRAME_QUOTE);
    await shared.view.click('[data-outloud="share-selection"]');
    await expect.poll(() => shared.view.text('[data-outloud="quote"]')).toBe(FRAME_QUOTE);
    await shared.view.click('[data-outloud="share"]');
    await expect.poll(() => shared.view.text('[data-outloud="notice"]')).toBe('Snippet shared.');
    await expect.poll(() => highlightTexts(notes)).toEqual([FRAME_QUOTE]);
    await ui(ann, 'syncNow');
    await shared.view.detach();
    await shared.page.close();

    await ui(bo, 'syncNow');
    const sent = await requestsDuring(async () => {
      const { page, view } = await open(bo, FRAMED);
      await expect.poll(() => view.text('[data-outloud="people"]')).toBe('\u2068Ann Author\u2069');
      const frame = await frameOf(page, 'notes');
      await expect.poll(() => highlightTexts(frame)).toEqual([FRAME_QUOTE]);
      // Drawn in the frame only, not in the page itself.
      expect(await highlightTexts(page)).toEqual([]);
      await view.detach();
      await page.close();
    });
    expect(sent).toEqual([]);
  });
});

describe('the side panel', () => {
  it("shows Bo the page's discussion: Ann's snippet, likes and comments", async () => {
    const { page, view } = await open(bo, '/content/article.html');
    await expect.poll(() => highlightTexts(page)).toEqual([QUOTE]);
    const probe = await bo.openPage('options.html');
    const tabId = await probe.evaluate(
      async (url) => (await chrome.tabs.query({ url }))[0]?.id,
      site.url('/content/article.html'),
    );
    await probe.close();
    const panel = await bo.openPage(`sidepanel.html?tab=${tabId}`);
    const snippet = panel.locator('section[data-section="snippets"] article').first();
    await expect.poll(() => snippet.locator('.quote').textContent()).toBe(`“${QUOTE}”`);
    expect(await snippet.textContent()).toContain(COMMENT);
    expect(await snippet.textContent()).toContain('Ann Author');

    await snippet.getByRole('button', { name: /^Like/ }).click();
    await expect.poll(() => snippet.locator('.like').getAttribute('aria-pressed')).toBe('true');
    await snippet.locator('.comment-form textarea').fill('Agreed, thanks @ann');
    await snippet.locator('.comment-form button[type="submit"]').click();
    await expect
      .poll(() => snippet.locator('.thread .comment .item-text').textContent())
      .toBe('Agreed, thanks @ann');
    // Bo can delete his own comment again; it leaves the thread.
    await snippet.locator('.comment-form textarea').fill('Posted too soon');
    await snippet.locator('.comment-form button[type="submit"]').click();
    const soon = snippet.locator('.thread .comment', { hasText: 'Posted too soon' });
    await soon.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => soon.count()).toBe(0);
    expect(await snippet.locator('.thread .comment .item-text').allTextContents()).toEqual([
      'Agreed, thanks @ann',
    ]);

    // A click on the quote scrolls the page to the highlight and marks it as the active one.
    // Bo's like and comment sync and refresh the open page, which draws its highlights again; a
    // click that lands while they are being drawn finds nothing to show (the content script
    // answers false), so the click is repeated until one lands on a drawn highlight.
    await expect
      .poll(async () => {
        await snippet.locator('.quote').click();
        return highlightTexts(page, 'active');
      })
      .toEqual([QUOTE]);
    await panel.close();
    await view.detach();
    await page.close();
  });
});
