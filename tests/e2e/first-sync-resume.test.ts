/**
 * An interrupted first sync in Chromium, for each of the three interruptions issue 18 names: a
 * colleague's 1,600 bookmarks (imported with the server's CLI) reach a new person's extension
 * through a proxy that holds the third page of `/v1/changes`. While it hangs the popup shows
 * "n of about N" (as does the options page); then
 *
 * - the service worker is stopped (CDP), as Chrome does to an idle worker;
 * - the browser is closed and the same profile launched again, as a person restarting it;
 * - the browser goes offline (Playwright's network emulation, which reaches the service
 *   worker) and the held connection dies with it;
 *
 * and the sync carries on from the stored cursor: no `/v1/changes` without a cursor after the
 * interruption, the first one naming the cursor stored before it, everything mirrored once, and
 * the progress gone at the end.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../src/core/messages.ts';
import { readTables, syncStatus, ui } from './extension-probe.ts';
import { type Gate, gate } from './gate-proxy.ts';
import {
  type ExtensionBrowser,
  launchExtension,
  type RunningServer,
  startServer,
} from './harness.ts';
import { addUser, poll } from './journey-helpers.ts';

const BOOKMARKS = 1_600;
/** Counts people added, so a retried test adds a new one. */
let attempt = 0;

function netscape(n: number): string {
  const rows = Array.from(
    { length: n },
    (_, i) => `<DT><A HREF="https://intranet.example/resume/${i}">Resume page ${i}</A>`,
  );
  return `<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n${rows.join('\n')}\n</DL><p>\n`;
}

/** The popup's first-sync line, read in a popup opened for it (and closed again). */
async function popupProgress(browser: ExtensionBrowser): Promise<string> {
  const popup = await browser.openPage('popup.html');
  try {
    const line = popup.getByTestId('first-sync');
    await line.waitFor();
    return (await line.textContent()) ?? '';
  } finally {
    await popup.close();
  }
}

/** The cursor the extension stored with the pages it applied. */
async function storedCursor(page: Page): Promise<string> {
  const rows = ((await readTables(page, ['meta'])).meta ?? []) as Array<{
    key: string;
    cursor?: string;
  }>;
  const cursor = rows.find((row) => row.key === 'sync')?.cursor;
  expect(cursor).toBeTruthy();
  return cursor!;
}

describe('an interrupted first sync in Chromium', () => {
  let server: RunningServer;
  let dir: string;
  /** What each test started, closed after it. */
  let browser: ExtensionBrowser | undefined;
  let proxy: Gate | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outloud-resume-'));
    server = await startServer();
    await addUser(server, 'bob', 'Bob');
    const file = path.join(dir, 'bookmarks.html');
    await writeFile(file, netscape(BOOKMARKS));
    await server.cli(['import', '--handle', 'bob', file]);
  });

  afterEach(async () => {
    await browser?.close();
    await proxy?.close();
    browser = undefined;
    proxy = undefined;
  });

  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * A new person signs in through the proxy in a fresh browser; answers once two pages of
   * changes (1,000 people and items) are stored and the third is held, having checked that the
   * sync status and the popup both say so.
   */
  async function firstSyncHeld(handle: string): Promise<{ options: Page; cursor: string }> {
    const token = await addUser(server, `${handle}${++attempt}`, handle);
    browser = await launchExtension();
    proxy = await gate(server.url, 2);
    const options = await browser.openPage('options.html');
    await ui(options, 'signIn', { serverUrl: proxy.url, token });

    // Two pages applied (the second fetched while the first was stored), the third held.
    await poll(() => proxy!.heldUrls().length).toBe(1);
    let during: SyncStatus | undefined;
    await poll(async () => {
      during = await syncStatus(options);
      return during.firstSync?.applied;
    }).toBe(1_000);
    // 1,600 bookmarks and the people so far ("about": GET /v1/org counts are a minute old).
    expect(during!.firstSync!.total).toBeGreaterThanOrEqual(BOOKMARKS + 2);
    expect(await popupProgress(browser)).toMatch(/: 1,000 of about 1,60\d$/);
    // The options page's sync section says the same.
    await poll(() => options.getByTestId('first-sync').textContent()).toMatch(
      /: 1,000 of about 1,60\d$/,
    );
    return { options, cursor: await storedCursor(options) };
  }

  /** The pulls since `before` carried on from `cursor`, and the copy is whole and once. */
  async function resumedFrom(options: Page, before: number, cursor: string): Promise<void> {
    await poll(async () => (await syncStatus(options)).firstSync).toBeNull();
    const after = proxy!.log.slice(before).filter((u) => u.startsWith('/v1/changes'));
    expect(after.length).toBeGreaterThan(0);
    // Never from zero: every pull after the interruption names a cursor, the first the stored one.
    expect(after.every((u) => u.includes('cursor='))).toBe(true);
    expect(after[0]).toContain(`cursor=${encodeURIComponent(cursor)}`);
    const tables = await readTables(options, ['items', 'pages']);
    expect(tables.items).toHaveLength(BOOKMARKS);
    expect(tables.pages).toHaveLength(BOOKMARKS);
    expect((await syncStatus(options)).error).toBeNull();
    // And the popup says no more about it (its tabs drawn: the status has been read).
    const popup = await browser!.openPage('popup.html');
    await popup.getByRole('tablist').waitFor();
    expect(await popup.getByTestId('first-sync').count()).toBe(0);
    await popup.close();
  }

  it('survives a stopped service worker and resumes from the stored cursor', async () => {
    const { options, cursor } = await firstSyncHeld('rae');
    await browser!.stopServiceWorkers();
    proxy!.open();
    const before = proxy!.log.length;
    await options.reload();
    await poll(async () => (await ui<SyncStatus>(options, 'syncNow')).firstSync).toBeNull();
    await resumedFrom(options, before, cursor);
  });

  it('survives closing the browser: the next start shows the progress and carries on by itself', async () => {
    const { cursor } = await firstSyncHeld('sam');
    const before = proxy!.log.length;
    browser = await browser!.relaunch();

    // The browser's start resumes the sync by itself (no button pressed): its first pull is
    // held again, and names the cursor stored before the browser closed.
    await poll(
      () => proxy!.log.slice(before).filter((u) => u.startsWith('/v1/changes')).length,
    ).toBeGreaterThan(0);
    expect(proxy!.log.slice(before).find((u) => u.startsWith('/v1/changes'))).toContain(
      `cursor=${encodeURIComponent(cursor)}`,
    );
    // Meanwhile the popup of the reopened browser still shows how far the first sync got.
    expect(await popupProgress(browser)).toMatch(/: 1,000 of about 1,60\d$/);

    proxy!.open();
    const options = await browser.openPage('options.html');
    await resumedFrom(options, before, cursor);
  });

  it('survives going offline: nothing is sent while offline, and it resumes when back', async () => {
    const { options, cursor } = await firstSyncHeld('tia');
    await browser!.context.setOffline(true);
    proxy!.cut();
    // The lost connection ends the sync with an error; the progress stays.
    await poll(async () => (await syncStatus(options)).error?.code ?? null).toBe('network');
    const before = proxy!.log.length;
    const offline = await ui<SyncStatus>(options, 'syncNow');
    expect(offline.error?.code).toBe('network');
    expect(offline.firstSync?.applied).toBe(1_000);
    // Offline means offline: the attempt never reached the network.
    expect(proxy!.log.length).toBe(before);
    const popup = await browser!.openPage('popup.html');
    await popup.getByTestId('first-sync').waitFor();
    expect(await popup.getByTestId('first-sync').textContent()).toMatch(/: 1,000 of about 1,60\d$/);
    await popup.locator('.sync-banner [role=alert]').waitFor();
    await popup.close();

    await browser!.context.setOffline(false);
    proxy!.open();
    await poll(async () => (await ui<SyncStatus>(options, 'syncNow')).firstSync).toBeNull();
    await resumedFrom(options, before, cursor);
  });
});
