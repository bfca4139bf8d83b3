/**
 * Firefox end-to-end harness: launches Debian's Firefox ESR headless with the built Firefox
 * extension (`dist/firefox`, a temporary add-on) in a fresh profile, driven by puppeteer-core over
 * WebDriver BiDi (no geckodriver). The recipe and its pitfalls: /work/shared/FIREFOX-TESTS.md.
 *
 * Firefox's BiDi does not report extension documents (bug 1755014) and, since about Firefox 153,
 * refuses to navigate a tab to `moz-extension://` at all ("not allowed in this context"); but
 * evaluating in such a tab works. So a new blank tab is sent to the extension page by the
 * extension itself (`tabs.update` from its own options tab) and polled until its document is
 * complete and stable. Outloud's overlay lives in a CLOSED shadow root; BiDi reaches it with
 * `includeShadowTree: 'all'` (see `OverlayReader`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { ROOT } from '../e2e/harness.ts';
import type { Box } from '../e2e/pixels.ts';

export const FIREFOX_EXTENSION_DIR = path.join(ROOT, 'dist/firefox');

export function firefoxPath(): string {
  return process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
}

/** Any UUID: the extension's pages live at `moz-extension://<UUID>/`. */
const UUID = '0e6c5b3a-5f9e-4d1c-9a57-3b1f0e2d4c61';

export type FirefoxExtension = {
  browser: Browser;
  base: string;
  /** Opens an extension page (`popup.html?tab=3`, …) in a new tab, once its document is stable. */
  openPage(pathAndQuery: string): Promise<Page>;
  /** Calls a background `ui` method from an extension page; throws when it is refused. */
  ui<T>(method: string, params?: unknown): Promise<T>;
  /** Runs `fn(browser)` in a short-lived extension page (the `browser.*` API there). */
  inExtension<T, A>(fn: (arg: A) => Promise<T>, arg: A): Promise<T>;
  /** The browser tab id of `page`, as the extension sees it. */
  tabIdOf(page: Page): Promise<number>;
  close(): Promise<void>;
};

export type LaunchOptions = {
  /** Firefox unloads an idle event page after this many ms (its default is 30 s). */
  backgroundIdleMs?: number;
};

/**
 * The options tab the extension opens on install (`runtime.openOptionsPage`), which takes over
 * the browser's first, blank tab. It stays open as the harness's way into the extension: its
 * `chrome.*` API lists tabs, navigates new ones to extension pages and calls the background.
 */
async function welcomeTab(browser: Browser, base: string): Promise<Page> {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    for (const page of await browser.pages()) {
      const at = await page
        .evaluate(() => `${location.href} ${document.readyState}`)
        .catch(() => '');
      if (at === `${base}options.html complete`) return page;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the extension did not open its options page on install');
}

/** Launches Firefox ESR headless with `dist/firefox` installed as a temporary add-on. */
export async function launchFirefox(options: LaunchOptions = {}): Promise<FirefoxExtension> {
  const manifest = JSON.parse(
    readFileSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8'),
  ) as { browser_specific_settings: { gecko: { id: string } } };
  const geckoId = manifest.browser_specific_settings.gecko.id;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: UUID }),
      // MV3 host permissions granted at install (Firefox's default since 127; said explicitly).
      'extensions.originControls.grantByDefault': true,
      'extensions.webextOptionalPermissionPrompts': false,
      ...(options.backgroundIdleMs
        ? { 'extensions.background.idle.timeout': options.backgroundIdleMs }
        : {}),
      // Nothing of Firefox's own talks to the internet during a test.
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
    },
  });
  await browser.installExtension(FIREFOX_EXTENSION_DIR);
  const base = `moz-extension://${UUID}/`;
  const controller = await welcomeTab(browser, base);

  /** The document in `page` is `url`, loaded, and stayed so for two looks in a row. */
  async function settled(page: Page, url: string): Promise<void> {
    const until = Date.now() + 30_000;
    for (let previous: string | null = null; ; ) {
      const now = await page
        .evaluate(() => `${location.href} ${document.readyState} ${performance.timeOrigin}`)
        .catch(() => null);
      if (now && now === previous && now.startsWith(`${url} complete`)) return;
      if (Date.now() > until) throw new Error(`${url} did not load (last: ${now})`);
      previous = now;
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  const tabIds = () =>
    controller.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id ?? -1));

  async function openPage(pathAndQuery: string): Promise<Page> {
    const url = `${base}${pathAndQuery}`;
    const before = await tabIds();
    const page = await browser.newPage();
    const id = (await tabIds()).find((t) => !before.includes(t));
    if (id === undefined) throw new Error('the new tab is not among the extension’s tabs');
    // BiDi may not navigate to moz-extension:// (Firefox 153); the extension itself may.
    await controller.evaluate((tab, to) => chrome.tabs.update(tab, { url: to }), id, url);
    await settled(page, url);
    return page;
  }

  async function inExtension<T, A>(fn: (arg: A) => Promise<T>, arg: A): Promise<T> {
    return (await controller.evaluate(fn as (a: unknown) => Promise<T>, arg as unknown)) as T;
  }

  return {
    browser,
    base,
    openPage,
    inExtension,
    async ui<T>(method: string, params: unknown = {}) {
      const reply = await inExtension(
        ([m, p]) =>
          chrome.runtime.sendMessage({
            outloud: 1,
            channel: 'ui',
            method: m,
            params: p,
          }) as Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>,
        [method, params] as const,
      );
      if (!reply.ok) throw new Error(`${method} refused: ${JSON.stringify(reply.error)}`);
      return reply.value as T;
    },
    async tabIdOf(page) {
      const url = page.url();
      const id = await inExtension(
        async (wanted) => (await chrome.tabs.query({})).find((t) => t.url === wanted)?.id ?? -1,
        url,
      );
      if (id < 0) throw new Error(`no tab at ${url}`);
      return id;
    },
    close: () => browser.close(),
  };
}

type RemoteValue = { type: string; value?: unknown; sharedId?: string };

/**
 * Outloud's UI in a page, read through raw WebDriver BiDi: `includeShadowTree: 'all'` hands
 * back the closed shadow root of `<outloud-root>`, which is then passed to a function run in a
 * sandbox (the page's own overrides of built-ins cannot reach the reads).
 */
export class OverlayReader {
  constructor(private readonly page: Page) {}

  private get connection() {
    return (
      this.page.browser() as unknown as {
        connection: { send(method: string, params: unknown): Promise<{ result: unknown }> };
      }
    ).connection;
  }

  private get context(): string {
    return (this.page.mainFrame() as unknown as { _id: string })._id;
  }

  private async call(fn: string, args: unknown[]): Promise<RemoteValue> {
    const { result } = await this.connection.send('script.callFunction', {
      functionDeclaration: fn,
      awaitPromise: false,
      target: { context: this.context, sandbox: 'outloud-test-reader' },
      arguments: args,
      serializationOptions: { maxDomDepth: 0, includeShadowTree: 'all' },
      resultOwnership: 'none',
    });
    const r = result as { type: string; result?: RemoteValue; exceptionDetails?: { text: string } };
    if (r.type === 'exception') throw new Error(r.exceptionDetails?.text ?? 'exception');
    return r.result!;
  }

  /** Runs `fn` (source text) with the shadow root as first argument; answers its JSON result. */
  private async inShadow<T>(fn: string, ...args: string[]): Promise<T | null> {
    const host = (await this.call(
      "() => document.documentElement.querySelector(':scope > outloud-root')",
      [],
    )) as RemoteValue & { value?: { shadowRoot?: { sharedId?: string } | null } };
    const shadow = host.value?.shadowRoot?.sharedId;
    if (!shadow) return null;
    const out = await this.call(`(root, ...args) => JSON.stringify((${fn})(root, ...args))`, [
      { sharedId: shadow },
      ...args.map((value) => ({ type: 'string', value })),
    ]);
    return JSON.parse(String(out.value)) as T;
  }

  async texts(selector: string): Promise<string[]> {
    return (
      (await this.inShadow<string[]>(
        '(root, s) => Array.from(root.querySelectorAll(s), (e) => e.textContent)',
        selector,
      )) ?? []
    );
  }

  async text(selector: string): Promise<string | null> {
    return (await this.texts(selector))[0] ?? null;
  }

  async count(selector: string): Promise<number> {
    return (
      (await this.inShadow<number>('(root, s) => root.querySelectorAll(s).length', selector)) ?? 0
    );
  }

  /** Outloud's highlight boxes (drawn in its shadow root), in the top viewport's coordinates. */
  async boxes(): Promise<Box[]> {
    return (
      (await this.inShadow<Box[]>(
        "(root) => Array.from(root.querySelectorAll('.hl'), (e) => { const r = e.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; })",
      )) ?? []
    );
  }

  /** The highlight boxes that cross `box` (both in the top viewport's coordinates). */
  async boxesOver(box: Box): Promise<Box[]> {
    return (await this.boxes()).filter(
      (b) => b.right > box.left && b.left < box.right && b.bottom > box.top && b.top < box.bottom,
    );
  }

  /** Clicks the centre of the first match with the mouse, once it is there. */
  async click(selector: string, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const centre = await this.inShadow<{ x: number; y: number } | null>(
        '(root, s) => { const e = root.querySelector(s); if (!e) return null; const r = e.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; }',
        selector,
      );
      if (centre) {
        await this.page.mouse.click(centre.x, centre.y);
        return;
      }
      if (Date.now() > until) throw new Error(`no ${selector} in Outloud's UI`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Selects the first occurrence of `text` in the page and ends the gesture, as a person would. */
export async function selectText(page: Page, text: string): Promise<void> {
  await selectIn(page, text);
  // Outloud reacts to the end of a trusted gesture: a key released (a lone mouse-up without a
  // press is not dispatched over BiDi).
  await page.keyboard.press('Shift');
}

/** The frame of the `<iframe id=…>` in the top document of `page`, loaded. */
export async function frameOf(page: Page, id: string): Promise<Frame> {
  const element = await page.waitForSelector(`#${id}`);
  const frame = await element!.contentFrame();
  if (!frame) throw new Error(`no frame #${id}`);
  await frame.waitForFunction(() => document.readyState === 'complete');
  return frame;
}

/**
 * Selects `text` inside `frame` as a person would: the focus goes into the frame with a click
 * (near its bottom right corner, inside its viewport), the words are selected, and a key is
 * released there.
 */
export async function selectInFrame(page: Page, frame: Frame, text: string): Promise<void> {
  const box = (await (await frame.frameElement())!.boundingBox())!;
  await page.mouse.click(box.x + box.width - 40, box.y + box.height - 30);
  await selectIn(frame, text);
  await page.keyboard.press('Shift');
}

async function selectIn(target: Page | Frame, text: string): Promise<void> {
  await target.evaluate((t) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = (n.textContent ?? '').indexOf(t);
      if (i < 0) continue;
      const range = document.createRange();
      range.setStart(n, i);
      range.setEnd(n, i + t.length);
      const sel = getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return;
    }
    throw new Error(`text not in the document: ${t}`);
  }, text);
}
