/**
 * Browser-test helpers for the content script. `launchContentOnly()` loads the real
 * `content.js` with a stand-in background (`tests/fixtures/fake-background/`) whose answers the
 * test sets, so content features are tested in real Chromium independently of the sync engine.
 * `OutloudUi` reads and drives Outloud's UI inside its CLOSED shadow root through the DevTools
 * protocol (which sees closed roots; page scripts and ordinary locators do not).
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import {
  type BrowserContext,
  type CDPSession,
  chromium,
  type Frame,
  type Page,
  type Worker,
} from 'playwright-core';
import { expect } from 'vitest';
import { chromiumPath, ROOT } from './harness.ts';

export type ContentOnly = {
  context: BrowserContext;
  worker: Worker;
  /** Replaces the stand-in background's canned answers (unset ones fall back to defaults). */
  setFake(data: {
    settings?: unknown;
    engagement?: Record<string, unknown>;
    links?: Record<string, unknown>;
    /** How many `loadOverlay` calls fail before one succeeds. */
    failOverlay?: number;
  }): Promise<void>;
  /** Every call the content script made, oldest first. */
  calls(): Promise<Array<{ method: string; params: Record<string, unknown> }>>;
  close(): Promise<void>;
};

/**
 * Builds the content script with the stand-in background into a fresh folder. With
 * `replacement`, that code is the content script instead (`''`: an empty file, what any
 * extension's content script costs a page). `bench`: the bench build, which leaves the
 * `outloud:*` User Timing marks the benchmarks read (the shipped build and the tests have none).
 */
async function buildContentOnly(dir: string, replacement?: string, bench = false): Promise<void> {
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: {
      content: 'src/content/index.ts',
      'content-ui': 'src/content/overlay.ts',
      background: 'tests/fixtures/fake-background/background.ts',
    },
    outdir: dir,
    bundle: true,
    format: 'iife',
    target: ['chrome116'],
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // As scripts/build.ts ships it, so the benchmark measures the real parse cost.
    minify: true,
    logLevel: 'warning',
    define: { __OUTLOUD_BENCH__: bench ? 'true' : 'false' },
  });
  if (replacement !== undefined) await writeFile(path.join(dir, 'content.js'), replacement);
  const manifest = {
    manifest_version: 3,
    name: 'Outloud content test',
    version: '0.0.1',
    default_locale: 'en',
    background: { service_worker: 'background.js' },
    permissions: ['storage', 'scripting'],
    host_permissions: ['http://*/*'],
    content_scripts: [
      {
        matches: ['http://*/*', 'https://*/*'],
        // Benchmarks load the same page under /noext/ in the same browser as their baseline.
        exclude_matches: ['*://*/noext/*'],
        js: ['content.js'],
        run_at: 'document_idle',
      },
    ],
  };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  await cp(path.join(ROOT, 'assets/_locales'), path.join(dir, '_locales'), { recursive: true });
}

/**
 * Launches Chromium with the content script and the stand-in background (`emptyContent`: an
 * empty content script instead; `contentScript`: that code instead; for benchmark baselines;
 * `bench`: the bench build with its timing marks).
 */
export async function launchContentOnly(
  options: { emptyContent?: boolean; contentScript?: string; bench?: boolean } = {},
): Promise<ContentOnly> {
  const root = await mkdtemp(path.join(tmpdir(), 'outloud-content-'));
  const extDir = path.join(root, 'ext');
  await mkdir(extDir);
  await buildContentOnly(
    extDir,
    options.emptyContent ? '' : options.contentScript,
    options.bench === true,
  );
  const context = await chromium.launchPersistentContext(path.join(root, 'profile'), {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      `--disable-extensions-except=${extDir}`,
      `--load-extension=${extDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return {
    context,
    worker,
    async setFake(data) {
      await worker.evaluate(() =>
        chrome.storage.local.remove([
          'fake:settings',
          'fake:engagement',
          'fake:links',
          'fake:failOverlay',
        ]),
      );
      await worker.evaluate(() => {
        (globalThis as { __fakeCalls?: unknown[] }).__fakeCalls!.length = 0;
      });
      const items: Record<string, unknown> = {};
      if (data.settings) items['fake:settings'] = data.settings;
      if (data.engagement) items['fake:engagement'] = data.engagement;
      if (data.links) items['fake:links'] = data.links;
      if (data.failOverlay) items['fake:failOverlay'] = data.failOverlay;
      await worker.evaluate((i) => chrome.storage.local.set(i), items);
    },
    async calls() {
      return worker.evaluate(
        () =>
          (globalThis as { __fakeCalls?: unknown[] }).__fakeCalls as Array<{
            method: string;
            params: Record<string, unknown>;
          }>,
      );
    },
    async close() {
      await context.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Outloud's UI in a page, read through the DevTools protocol (closed shadow root included). */
export class OutloudUi {
  private constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}

  static async attach(page: Page): Promise<OutloudUi> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    return new OutloudUi(page, cdp);
  }

  /** The shadow root's node id, or null while Outloud's host is not in the page. */
  private async shadowRoot(): Promise<number | null> {
    const { root } = await this.cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId: html } = await this.cdp.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: 'html',
    });
    const { nodeIds } = await this.cdp.send('DOM.querySelectorAll', {
      nodeId: html,
      selector: ':scope > outloud-root',
    });
    if (nodeIds.length === 0) return null;
    const { node } = await this.cdp.send('DOM.describeNode', {
      nodeId: nodeIds[0]!,
      depth: 0,
      pierce: true,
    });
    const shadow = node.shadowRoots?.[0];
    if (!shadow) return null;
    const { nodeIds: ids } = await this.cdp.send('DOM.pushNodesByBackendIdsToFrontend', {
      backendNodeIds: [shadow.backendNodeId],
    });
    return ids[0] ?? null;
  }

  /** How many `outloud-root` hosts the page has, and the mode of the first one's shadow root. */
  async host(): Promise<{ count: number; mode: string | null }> {
    const { root } = await this.cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeIds } = await this.cdp.send('DOM.querySelectorAll', {
      nodeId: root.nodeId,
      selector: 'outloud-root',
    });
    if (nodeIds.length === 0) return { count: 0, mode: null };
    const { node } = await this.cdp.send('DOM.describeNode', { nodeId: nodeIds[0]!, pierce: true });
    return { count: nodeIds.length, mode: node.shadowRoots?.[0]?.shadowRootType ?? null };
  }

  /**
   * Runs `fn` with the shadow root as `this`, in one JavaScript turn of the page, so a node the
   * overlay re-renders between a query and a read cannot go stale. A CDP "No node" error (the
   * host itself re-attached between the lookup and the call) is retried.
   */
  private async inShadow<T>(fn: string, ...args: unknown[]): Promise<T | null> {
    for (let attempt = 0; ; attempt++) {
      try {
        const shadow = await this.shadowRoot();
        if (shadow === null) return null;
        // A fresh isolated world per call: the page's own overrides of built-ins (hostile
        // fixtures replace Array.from and friends) never reach the test's reads, and a
        // navigation cannot leave us a destroyed context.
        const { frameTree } = await this.cdp.send('Page.getFrameTree');
        const { executionContextId } = await this.cdp.send('Page.createIsolatedWorld', {
          frameId: frameTree.frame.id,
          worldName: 'outloud-test-reader',
        });
        const { object } = await this.cdp.send('DOM.resolveNode', {
          nodeId: shadow,
          executionContextId,
        });
        const { result, exceptionDetails } = await this.cdp.send('Runtime.callFunctionOn', {
          objectId: object.objectId!,
          functionDeclaration: fn,
          arguments: args.map((value) => ({ value })),
          returnByValue: true,
        });
        if (exceptionDetails)
          throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
        return result.value as T;
      } catch (error) {
        if (attempt < 3 && /No node|Could not find node|Cannot find context/i.test(String(error)))
          continue;
        throw error;
      }
    }
  }

  async count(selector: string): Promise<number> {
    return (
      (await this.inShadow<number>(
        'function (s) { return this.querySelectorAll(s).length; }',
        selector,
      )) ?? 0
    );
  }

  /** Text of every match. */
  async texts(selector: string): Promise<string[]> {
    return (
      (await this.inShadow<string[]>(
        'function (s) { return Array.from(this.querySelectorAll(s), (e) => e.textContent); }',
        selector,
      )) ?? []
    );
  }

  async text(selector: string): Promise<string | null> {
    return (await this.texts(selector))[0] ?? null;
  }

  async attr(selector: string, name: string): Promise<string | null> {
    return this.inShadow<string | null>(
      'function (s, n) { const e = this.querySelector(s); return e ? e.getAttribute(n) : null; }',
      selector,
      name,
    );
  }

  /** A computed style property of the first match (proves the shadow root's styles apply). */
  async style(selector: string, property: string): Promise<string | null> {
    return this.inShadow<string | null>(
      'function (s, p) { const e = this.querySelector(s); return e ? getComputedStyle(e).getPropertyValue(p) : null; }',
      selector,
      property,
    );
  }

  /** The centre of the first match, in viewport coordinates. */
  async centre(selector: string): Promise<{ x: number; y: number }> {
    const centre = await this.inShadow<{ x: number; y: number } | null>(
      'function (s) { const e = this.querySelector(s); if (!e) return null; const r = e.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; }',
      selector,
    );
    if (!centre) throw new Error(`no ${selector} in Outloud's UI`);
    return centre;
  }

  /**
   * Clicks the first match with the mouse, as a person would, once it is there (the overlay
   * loads on demand, so what a gesture brings may take a moment to appear).
   */
  async click(selector: string, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        const { x, y } = await this.centre(selector);
        await this.page.mouse.click(x, y);
        return;
      } catch (error) {
        if (Date.now() > until) throw error;
        await this.page.waitForTimeout(50);
      }
    }
  }

  /** Outloud's highlight boxes, in viewport coordinates, and which are active. */
  async boxes(): Promise<DrawnBox[]> {
    return (
      (await this.inShadow<DrawnBox[]>(
        `function () {
          const out = [];
          for (const e of this.querySelectorAll('.hl')) {
            const r = e.getBoundingClientRect();
            out.push({ left: r.left, top: r.top, right: r.right, bottom: r.bottom,
              active: e.classList.contains('active') });
          }
          return out;
        }`,
      )) ?? []
    );
  }

  async focus(selector: string): Promise<void> {
    const found = await this.inShadow<boolean>(
      'function (s) { const e = this.querySelector(s); if (!e) return false; e.focus(); return true; }',
      selector,
    );
    if (!found) throw new Error(`no ${selector} in Outloud's UI`);
  }

  async detach(): Promise<void> {
    await this.cdp.detach();
  }
}

/**
 * Opens `url` in a new tab of `browser`, attaches to Outloud's UI there and waits until the
 * content script has started: the stand-in background got its `pageState` question for the
 * page (the page itself holds no trace of Outloud to wait for).
 */
export async function openStarted(
  browser: ContentOnly,
  url: string,
): Promise<{ page: Page; ui: OutloudUi }> {
  const asked = async (href: string) =>
    (await browser.calls()).filter((c) => c.method === 'pageState' && c.params['href'] === href)
      .length;
  const before = await asked(url);
  const page = await browser.context.newPage();
  await page.goto(url);
  const ui = await OutloudUi.attach(page);
  await expect.poll(() => asked(page.url())).toBeGreaterThan(page.url() === url ? before : 0);
  return { page, ui };
}

/** Detaches from Outloud's UI and closes the tab. */
export async function closeTab(page: Page, ui: OutloudUi): Promise<void> {
  await ui.detach();
  await page.close();
}

/** Selects the first occurrence of `text` in the document of `target` (no gesture). */
async function selectIn(target: Page | Frame, text: string): Promise<void> {
  await target.evaluate((t) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = (n as Text).data.indexOf(t);
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

/** Selects the first occurrence of `text` in the page, as a drag with the mouse would. */
export async function selectText(page: Page, text: string): Promise<void> {
  await selectIn(page, text);
  // The content script reacts to the end of a selection gesture.
  await page.mouse.move(5, 5);
  await page.mouse.up();
}

/** The Playwright frame of the `<iframe id=…>` in `parent`, loaded. */
export async function frameOf(parent: Page | Frame, id: string): Promise<Frame> {
  const element = await parent.waitForSelector(`#${id}`, { state: 'attached' });
  const frame = await element.contentFrame();
  if (!frame) throw new Error(`no frame #${id}`);
  await frame.waitForLoadState();
  return frame;
}

/**
 * Selects `text` inside `frame` as a person would: the focus goes into the frame with a click
 * (near its bottom right corner, inside its viewport), the words are selected, and the mouse is
 * released over the frame.
 */
export async function selectInFrame(page: Page, frame: Frame, text: string): Promise<void> {
  const box = (await (await frame.frameElement()).boundingBox())!;
  const point = { x: box.x + box.width - 40, y: box.y + box.height - 30 };
  await page.mouse.click(point.x, point.y);
  await selectIn(frame, text);
  await page.mouse.move(point.x, point.y - 5);
  await page.mouse.up();
}

/** A highlight box Outloud drew, in the top viewport's coordinates. */
export type DrawnBox = {
  left: number;
  top: number;
  right: number;
  bottom: number;
  active: boolean;
};

/** Where the viewport of `frame` lies in the top viewport (0, 0 for a page's main frame). */
async function viewportOffset(frame: Frame): Promise<{ x: number; y: number }> {
  let x = 0;
  let y = 0;
  for (let f: Frame | null = frame; f?.parentFrame(); f = f.parentFrame()) {
    const element = await f.frameElement();
    const o = await element.evaluate((node) => {
      const el = node as Element;
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return {
        x: r.left + el.clientLeft + Number.parseFloat(s.paddingLeft),
        y: r.top + el.clientTop + Number.parseFloat(s.paddingTop),
      };
    });
    x += o.x;
    y += o.y;
    await element.dispose();
  }
  return { x, y };
}

/** The highlight boxes Outloud draws on `page` (read from its closed shadow root). */
export async function highlightBoxes(page: Page): Promise<DrawnBox[]> {
  const ui = await OutloudUi.attach(page);
  try {
    return await ui.boxes();
  } finally {
    await ui.detach();
  }
}

/** The in-page half of `highlightTexts`, as source text (see there). */
const TEXT_UNDER_BOXES = `({ boxes, dx, dy }) => {
  const inside = (b, l, t, r, btm) => r >= b.left - dx && l <= b.right - dx && btm >= b.top - dy && t <= b.bottom - dy;
  const over = (l, t, r, btm) => {
    for (let i = 0; i < boxes.length; i++) if (inside(boxes[i], l, t, r, btm)) return true;
    return false;
  };
  const texts = [];
  let run = '';
  let space = false;
  const end = () => {
    if (run) texts[texts.length] = run;
    run = '';
    space = false;
  };
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    range.selectNodeContents(n);
    const rects = range.getClientRects();
    let near = false;
    let shown = false;
    for (let i = 0; i < rects.length; i++) {
      const r = rects[i];
      if (r.width > 0) shown = true;
      if (over(r.left, r.top, r.right, r.bottom)) near = true;
    }
    if (!near) {
      if (shown && /\\S/.test(n.data)) end();
      continue;
    }
    for (let i = 0; i < n.data.length; i++) {
      const ch = n.data[i];
      if (/\\s/.test(ch)) {
        if (run) space = true;
        continue;
      }
      range.setStart(n, i);
      range.setEnd(n, i + 1);
      const r = range.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      if (over(x, y, x, y)) {
        if (space) run += ' ';
        space = false;
        run += ch;
      } else end();
    }
  }
  end();
  return texts;
}`;

/**
 * The text under Outloud's highlight boxes in the document of `target` (a page, or a frame in
 * one), one string per run of highlighted words in document order, white space collapsed:
 * every visible character whose centre lies in a box (`'active'`: in an active box) counts.
 * Read in the page's (or frame's) own world with plain loops: some hostile fixtures break
 * `Array.prototype` there.
 */
export async function highlightTexts(
  target: Page | Frame,
  which: 'all' | 'active' = 'all',
): Promise<string[]> {
  const page = 'mainFrame' in target ? target : target.page();
  const frame = 'mainFrame' in target ? target.mainFrame() : target;
  const all = await highlightBoxes(page);
  const boxes = which === 'active' ? all.filter((b) => b.active) : all;
  if (boxes.length === 0) return [];
  const off = await viewportOffset(frame);
  // Sent as source text: scripts run through tsx would otherwise carry its `__name` helper,
  // which the page does not have.
  const args = JSON.stringify({ boxes, dx: off.x, dy: off.y });
  return frame.evaluate(`(${TEXT_UNDER_BOXES})(${args})`) as Promise<string[]>;
}

/** A snippet as the background would hold it. */
export function snippetItem(
  id: string,
  owner: string,
  quote: Record<string, unknown>,
  comment = '',
): Record<string, unknown> {
  const at = '2024-05-01T10:00:00.000Z';
  return {
    type: 'snippet',
    id,
    owner,
    createdAt: at,
    updatedAt: at,
    url: 'https://example.org/',
    urlKey: 'a'.repeat(64),
    title: '',
    quote,
    comment,
    mentions: [],
    visibility: 'public',
  };
}

/** What the background's local index would answer for a page. */
export function engagement(
  url: string,
  people: Array<{ handle: string; name: string; inNetwork?: boolean }>,
  snippets: Array<Record<string, unknown>> = [],
): Record<string, unknown> {
  return {
    url,
    urlKey: 'a'.repeat(64),
    people: people.map((p) => ({
      handle: p.handle,
      name: p.name,
      inNetwork: p.inNetwork ?? true,
      kinds: ['snippet'],
    })),
    counts: { bookmarks: 0, snippets: snippets.length, comments: 0, likes: 0 },
    bookmarks: [],
    snippets,
    statuses: [],
    comments: [],
    likedByMe: [],
    likeCounts: {},
    myBookmark: null,
  };
}
