/**
 * The lookup mode chosen by the organisation's size, in real Chromium (issue 18): the server
 * runs with `OUTLOUD_BUCKET_MIN_PAGES=3` (k) and holds 400 public bookmarks; the organisation's
 * Chromium policy sets `localCopyBudget` to 100 items. A person who signs in without choosing a
 * mode gets `range` by itself and is told so, in the popup and on the options page, in English
 * and in Swedish; viewing a page then sends only a urlKey prefix of the length `GET /v1/org`
 * gave (the longest that keeps every bucket at ≥ k of the 400 pages), never the page's key; and
 * choosing a mode in the options ends the notice.
 *
 * The policy applies to a copy of the build with an id of its own (`managed-copy.ts`), which
 * needs root (CI runs as root).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketPrefixLength } from '../../src/core/bucket-prefix.ts';
import type { SyncStatus } from '../../src/core/messages.ts';
import { urlKey } from '../../src/core/url.ts';
import type { OrgSize } from '../../src/core/wire-read.ts';
import { syncStatus } from './extension-probe.ts';
import { type Gate, gate } from './gate-proxy.ts';
import {
  type ExtensionBrowser,
  type FixtureServer,
  launchExtension,
  ROOT,
  type RunningServer,
  serveFixtures,
  startServer,
} from './harness.ts';
import { addUser, openTab, poll, signInThroughOptions } from './journey-helpers.ts';
import { type ManagedCopy, managedCopy } from './managed-copy.ts';

const PAGES = 400;
const BUDGET = 100;
const K = 3;

type Messages = Record<string, { message: string }>;
const messages = async (lang: string): Promise<Messages> =>
  JSON.parse(await readFile(path.join(ROOT, 'assets/_locales', lang, 'messages.json'), 'utf8'));

/** `key`'s words in `words` with its named placeholders filled in. */
function say(words: Messages, key: string, values: Record<string, string> = {}): string {
  let text = words[key]!.message;
  for (const [name, value] of Object.entries(values)) text = text.replace(`$${name}$`, value);
  return text;
}

/** An element's text without the bidi isolates that substitutions are wrapped in. */
async function plain(page: Page, testId: string): Promise<string> {
  const node = page.getByTestId(testId);
  await node.waitFor();
  return ((await node.textContent()) ?? '').replace(/[\u2068\u2069]/g, '');
}

const urls = Array.from({ length: PAGES }, (_, i) => `https://intranet.example/size/${i}`);

describe('the lookup mode by the organisation’s size, with the managed budget', () => {
  let server: RunningServer;
  let fixtures: FixtureServer;
  let proxy: Gate;
  let copy: ManagedCopy;
  let dir: string;
  let org: OrgSize;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outloud-size-'));
    [server, fixtures, copy] = await Promise.all([
      startServer({ env: { OUTLOUD_BUCKET_MIN_PAGES: String(K) } }),
      serveFixtures(),
      managedCopy(),
    ]);
    await copy.writePolicy({ localCopyBudget: BUDGET });
    const bob = await addUser(server, 'bob', 'Bob');
    const file = path.join(dir, 'bookmarks.html');
    const rows = urls.map((u, i) => `<DT><A HREF="${u}">Size page ${i}</A>`).join('\n');
    await writeFile(file, `<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n${rows}\n</DL><p>\n`);
    await server.cli(['import', '--handle', 'bob', file]);
    // Through a logging proxy, to see what the extension sends on page view.
    proxy = await gate(server.url, Number.POSITIVE_INFINITY);
    const res = await fetch(`${server.url}/v1/org`, {
      headers: { authorization: `Bearer ${bob}` },
    });
    org = (await res.json()) as OrgSize;
  });

  afterAll(async () => {
    await copy?.cleanUp();
    await proxy?.close();
    await fixtures?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('the server sizes the buckets by the k its operator set', async () => {
    const keys = (await Promise.all(urls.map((u) => urlKey(u)))).sort();
    expect(org).toMatchObject({ pages: PAGES, items: PAGES, bucketMinPages: K });
    expect(org.prefixLength).toBe(bucketPrefixLength(keys, K));
    // 400 pages with k = 3: one hex character (16 buckets of about 25), not two (256 of ~1.6).
    expect(org.prefixLength).toBe(1);
  });

  /** Signs `handle` in, in a fresh browser of the managed copy, once the mode is known. */
  async function signedIn(handle: string, lang?: string): Promise<ExtensionBrowser> {
    const token = await addUser(server, handle, handle);
    const browser = await launchExtension({ extensionDir: copy.extensionDir, lang });
    expect(browser.extensionId).toBe(copy.extensionId);
    await signInThroughOptions(browser, proxy.url, token);
    const options = await browser.openPage('options.html');
    await poll(async () => (await syncStatus(options)).lookup.auto?.mode ?? null).toBe('range');
    const status: SyncStatus = await syncStatus(options);
    expect(status.lookup).toEqual({
      mode: 'range',
      chosen: false,
      auto: { mode: 'range', items: PAGES, budget: BUDGET },
    });
    await options.close();
    return browser;
  }

  it('chooses range above the budget, tells the person, and sends only the prefix', async () => {
    const en = await messages('en');
    const browser = await signedIn('ann');
    try {
      const popup = await browser.openPage('popup.html');
      expect(await plain(popup, 'auto-range')).toBe(
        say(en, 'lookupAutoRange', { ITEMS: '400', BUDGET: '100' }),
      );
      await popup.close();

      const options = await browser.openPage('options.html');
      const auto = options.getByRole('radio', { name: say(en, 'lookupMode_auto') });
      expect(await auto.isChecked()).toBe(true);
      expect(await plain(options, 'lookup-auto-now')).toBe(
        say(en, 'lookupAutoNow', { MODE: say(en, 'lookupMode_range'), ITEMS: '400' }),
      );
      expect(await options.locator('#lookup-auto-help').textContent()).toContain('100');

      // A page viewed: the extension asks for its bucket, by a prefix of the server's length.
      const before = proxy.log.length;
      const { page } = await openTab(browser, fixtures.url('/article.html'));
      const key = await urlKey(page.url());
      const asked = () => proxy.log.slice(before).filter((u) => u.startsWith('/v1/pages'));
      await poll(() => asked().length).toBeGreaterThan(0);
      for (const request of asked()) {
        const url = new URL(request, 'http://x');
        expect(url.pathname).toBe('/v1/pages');
        expect(url.searchParams.get('prefix')).toBe(key.slice(0, org.prefixLength));
      }
      expect(proxy.log.some((u) => u.includes(key))).toBe(false);
      await page.close();

      // The person chooses otherwise: the notice goes.
      await options.getByRole('radio', { name: say(en, 'lookupMode_local') }).check();
      await poll(async () => (await syncStatus(options)).lookup.chosen).toBe(true);
      const after = await browser.openPage('popup.html');
      await after.getByRole('tablist').waitFor();
      expect(await after.getByTestId('auto-range').count()).toBe(0);
      await after.close();
      await options.close();
    } finally {
      await browser.close();
    }
  });

  it('tells the person in Swedish', async () => {
    const sv = await messages('sv');
    const browser = await signedIn('sam', 'sv');
    try {
      const popup = await browser.openPage('popup.html');
      expect(await plain(popup, 'auto-range')).toBe(
        say(sv, 'lookupAutoRange', { ITEMS: '400', BUDGET: '100' }),
      );
      await popup.close();
      const options = await browser.openPage('options.html');
      expect(await plain(options, 'lookup-auto-now')).toBe(
        say(sv, 'lookupAutoNow', { MODE: say(sv, 'lookupMode_range'), ITEMS: '400' }),
      );
      expect(
        await options.getByRole('radio', { name: say(sv, 'lookupMode_auto') }).isChecked(),
      ).toBe(true);
      await options.close();
    } finally {
      await browser.close();
    }
  });
});
