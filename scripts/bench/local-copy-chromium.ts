/**
 * The local copy in the real browser: headless Chromium with the built extension (its real
 * service worker, Dexie on Chromium's IndexedDB) signs in to the built server on 127.0.0.1,
 * serving an organisation seeded through the server's own write path (`local-copy-data.ts`),
 * and makes its first sync. Per size: sync throughput beside a bare Dexie `bulkPut` of the same
 * objects in the same browser (and the fetch alone: the server's share), the origin's storage
 * per stored object (`navigator.storage.estimate()`), the service worker's JS heap after the
 * sync beside the same worker's before sign-in (CDP `Runtime.getHeapUsage` on the worker
 * target), and the badge's engagement lookup p50/p95 beside a raw IndexedDB `get`.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import puppeteer from 'puppeteer-core';
import {
  EXTENSION_DIR,
  type ExtensionBrowser,
  launchExtension,
  startServer,
} from '../../tests/e2e/harness.ts';
import { build, ROOT } from '../build.ts';
import { prng } from '../lib/prng.ts';
import { localCopyData, pageUrl, READER } from './local-copy-data.ts';
import { type BenchRow, median } from './types.ts';

const LOOKUPS = 2_000;

/** `dist/chrome` plus `bench.html`/`bench.js` (the page in `local-copy-page.ts`). */
async function benchExtension(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'outloud-bench-ext-'));
  await cp(EXTENSION_DIR, dir, { recursive: true });
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { bench: 'scripts/bench/local-copy-page.ts' },
    outdir: dir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome116',
    define: { 'process.env.NODE_ENV': '"production"', __OUTLOUD_BENCH__: 'false' },
    logLevel: 'warning',
  });
  await writeFile(
    path.join(dir, 'bench.html'),
    '<!doctype html><meta charset="utf-8"><title>bench</title><script src="bench.js"></script>',
  );
  return dir;
}

type Bench = Window['outloudBench'];

/** The service worker's used JS heap in bytes, after a garbage collection. */
async function workerHeap(profileDir: string, extensionId: string): Promise<number> {
  const port = (await readFile(path.join(profileDir, 'DevToolsActivePort'), 'utf8')).split('\n')[0];
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}` });
  try {
    const target = await browser.waitForTarget(
      (t) =>
        t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`),
    );
    const cdp = await target.createCDPSession();
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    await cdp.detach();
    return usedSize;
  } finally {
    await browser.disconnect();
  }
}

type Run = {
  syncMs: number;
  putMs: number;
  fetchMs: number;
  objects: number;
  bytes: number;
  rows: Record<string, number>;
  heapBefore: number;
  heapAfter: number;
  lookups: Awaited<ReturnType<Bench['lookups']>>;
};

/** One fresh profile: sign in, first sync, then every measurement over what it stored. */
async function once(
  extensionDir: string,
  serverUrl: string,
  token: string,
  urls: string[],
): Promise<Run> {
  const profileDir = await mkdtemp(path.join(tmpdir(), 'outloud-bench-profile-'));
  let browser: ExtensionBrowser | undefined;
  try {
    browser = await launchExtension({
      profileDir,
      extensionDir,
      args: ['--remote-debugging-port=0'],
    });
    const page = await browser.openPage('bench.html');
    const call = <K extends keyof Bench>(name: K, ...args: Parameters<Bench[K]>) =>
      page.evaluate(
        ([n, a]) => (window.outloudBench[n] as (...x: unknown[]) => Promise<unknown>)(...a),
        [name, args] as const,
      );
    const usageBefore = (await call('usage')) as number;
    const heapBefore = await workerHeap(profileDir, browser.extensionId);
    const { ms: syncMs } = (await call('signInAndSync', serverUrl, token)) as { ms: number };
    const heapAfter = await workerHeap(profileDir, browser.extensionId);
    const bytes = ((await call('usage')) as number) - usageBefore;
    const rows = (await call('counts')) as Record<string, number>;
    const lookups = (await call('lookups', urls, READER)) as Run['lookups'];
    const bare = (await call('bareBulkPut', serverUrl, token)) as Awaited<
      ReturnType<Bench['bareBulkPut']>
    >;
    return {
      syncMs,
      putMs: bare.putMs,
      fetchMs: bare.fetchMs,
      objects: bare.n,
      bytes,
      rows,
      heapBefore,
      heapAfter,
      lookups,
    };
  } finally {
    await browser?.close();
    await rm(profileDir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');

/** The Chromium rows for each size in `sizes` (changes), `runs` fresh profiles each. */
export async function chromiumLocalCopy(
  sizes: number[],
  runs: number,
  log: (line: string) => void,
): Promise<BenchRow[]> {
  await build();
  const extensionDir = await benchExtension();
  const rows: BenchRow[] = [];
  try {
    for (const size of sizes) {
      const data = await localCopyData(size, log);
      const server = await startServer({ dbPath: data.file });
      try {
        const random = prng(7);
        const pages = Math.max(100, Math.floor(size / 2));
        const urls = Array.from({ length: LOOKUPS }, () => pageUrl(Math.floor(random() * pages)));
        const results: Run[] = [];
        for (let r = 0; r < runs; r++) {
          const started = performance.now();
          results.push(await once(extensionDir, server.url, data.token, urls));
          log(
            `  ${fmt(size)}: run ${r + 1}/${runs} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
          );
        }
        rows.push(...summarize(size, results));
      } finally {
        await server.stop();
      }
    }
  } finally {
    await rm(extensionDir, { recursive: true, force: true });
  }
  return rows;
}

function summarize(size: number, results: Run[]): BenchRow[] {
  const m = (f: (r: Run) => number) => median(results.map(f));
  const n = results[0]!.objects;
  const rows = results[0]!.rows;
  const stored = (rows.items ?? 0) + (rows.comments ?? 0) + (rows.likes ?? 0);
  const label = `${fmt(size)} changes`;
  const runs = `median of ${results.length} fresh profiles`;
  const syncRate = m((r) => n / (r.syncMs / 1000));
  return [
    {
      name: `Chromium: first sync of ${label} (sign-in to synced, real service worker)`,
      value: syncRate,
      unit: 'changes/s',
      baseline: { name: 'bare Dexie bulkPut, same objects', value: m((r) => n / (r.putMs / 1000)) },
      note: `${runs}; ${(m((r) => r.syncMs) / 1000).toFixed(1)} s; the fetch of the same pages alone: ${fmt(m((r) => n / (r.fetchMs / 1000)))} changes/s; target ≥ 10,000`,
    },
    {
      name: `Chromium: storage per stored object (${label})`,
      value: m((r) => r.bytes) / stored,
      unit: 'B',
      note: `${fmt(m((r) => r.bytes))} B for ${fmt(rows.items ?? 0)} items, ${fmt(rows.comments ?? 0)} comments, ${fmt(rows.likes ?? 0)} likes, ${fmt(rows.people ?? 0)} people and ${fmt(rows.pages ?? 0)} index rows (navigator.storage.estimate)`,
    },
    {
      name: `Chromium: service worker JS heap after the sync (${label})`,
      value: m((r) => r.heapAfter) / 1e6,
      unit: 'MB',
      baseline: { name: 'the same worker before sign-in', value: m((r) => r.heapBefore) / 1e6 },
      note: 'CDP Runtime.getHeapUsage after a GC',
    },
    {
      name: `Chromium: engagement lookup p50 (${fmt(rows.pages ?? 0)} pages indexed)`,
      value: m((r) => r.lookups.badge.p50),
      unit: 'ms',
      baseline: { name: 'raw IndexedDB get p50', value: m((r) => r.lookups.raw.p50) },
      note: `urlKey + index row + follows + count; ${LOOKUPS} pages, ${results[0]!.lookups.hits} of them engaged`,
    },
    {
      name: `Chromium: engagement lookup p95 (${fmt(rows.pages ?? 0)} pages indexed)`,
      value: m((r) => r.lookups.badge.p95),
      unit: 'ms',
      baseline: { name: 'raw IndexedDB get p95', value: m((r) => r.lookups.raw.p95) },
      note: 'target ≤ 2 ms',
    },
  ];
}
