/**
 * An interrupted first sync in Chromium: a colleague's 1,600 bookmarks (imported with the
 * server's CLI) reach a new person's extension through a proxy that holds the third page of
 * `/v1/changes`. While it hangs, the popup shows "n of about N"; the service worker is then
 * stopped (CDP), the proxy lets everything through, and the next sync carries on from the
 * stored cursor: no `/v1/changes` without a cursor after the restart, everything mirrored once,
 * and the progress gone.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../src/core/messages.ts';
import { readTables, syncStatus, ui } from './extension-probe.ts';
import {
  type ExtensionBrowser,
  launchExtension,
  type RunningServer,
  startServer,
} from './harness.ts';
import { addUser, poll } from './journey-helpers.ts';

const BOOKMARKS = 1_600;

/** A proxy that logs every request and holds `/v1/changes` requests after the first `pass`. */
async function gate(upstream: string, pass: number) {
  const log: string[] = [];
  let open = false;
  let passed = 0;
  const held: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    log.push(req.url ?? '');
    const forward = () => {
      const target = new URL(req.url ?? '/', upstream);
      const out = request(target, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    const isChanges = (req.url ?? '').startsWith('/v1/changes');
    if (!isChanges || open || passed++ < pass) forward();
    else held.push(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    held: () => held.length,
    /** Lets everything through from now on (held requests stay held: their client is gone). */
    open() {
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function netscape(n: number): string {
  const rows = Array.from(
    { length: n },
    (_, i) => `<DT><A HREF="https://intranet.example/resume/${i}">Resume page ${i}</A>`,
  );
  return `<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n${rows.join('\n')}\n</DL><p>\n`;
}

describe('an interrupted first sync in Chromium', () => {
  let server: RunningServer;
  let browser: ExtensionBrowser;
  let proxy: Awaited<ReturnType<typeof gate>>;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outloud-resume-'));
    [server, browser] = await Promise.all([startServer(), launchExtension()]);
    await addUser(server, 'bob', 'Bob');
    const file = path.join(dir, 'bookmarks.html');
    await writeFile(file, netscape(BOOKMARKS));
    await server.cli(['import', '--handle', 'bob', file]);
    proxy = await gate(server.url, 2);
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows its progress, survives a stopped worker and resumes from the stored cursor', async () => {
    const token = await addUser(server, 'rae', 'Rae');
    const options = await browser.openPage('options.html');
    await ui(options, 'signIn', { serverUrl: proxy.url, token });

    // Two pages applied (the second fetched while the first was stored), the third held.
    await poll(() => proxy.held()).toBe(1);
    let during: SyncStatus | undefined;
    await poll(async () => {
      during = await syncStatus(options);
      return during.firstSync?.applied;
    }).toBe(1_000);
    // Bob, Rae and 1,600 bookmarks: about 1,602 people and items.
    expect(during!.firstSync).toEqual({ applied: 1_000, total: BOOKMARKS + 2 });
    const popup = await browser.openPage('popup.html');
    await expect
      .poll(() => popup.getByTestId('first-sync').textContent())
      .toMatch(/1,000 of about 1,602/);
    await popup.close();
    const [meta] = ((await readTables(options, ['meta'])).meta ?? []).filter(
      (row) => (row as { key: string }).key === 'sync',
    ) as Array<{ cursor: string }>;
    expect(meta?.cursor).toBeTruthy();

    await browser.stopServiceWorkers();
    proxy.open();
    const before = proxy.log.length;
    await options.reload();
    await poll(async () => (await ui<SyncStatus>(options, 'syncNow')).firstSync).toBeNull();

    const after = proxy.log.slice(before).filter((u) => u.startsWith('/v1/changes'));
    expect(after.length).toBeGreaterThan(0);
    // Never from zero: every pull after the restart names a cursor, the first the stored one.
    expect(after.every((u) => u.includes('cursor='))).toBe(true);
    expect(after[0]).toContain(`cursor=${encodeURIComponent(meta!.cursor)}`);
    const tables = await readTables(options, ['items', 'pages']);
    expect(tables.items).toHaveLength(BOOKMARKS);
    expect(tables.pages).toHaveLength(BOOKMARKS);
    expect((await syncStatus(options)).error).toBeNull();
  });
});
