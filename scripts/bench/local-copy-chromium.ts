/**
 * The local copy in the real browser: headless Chromium with the built extension (its real
 * service worker, Dexie on Chromium's IndexedDB) signs in to the built server on 127.0.0.1,
 * serving an organisation seeded through the server's own write path (`local-copy-data.ts`),
 * and makes its first sync. Per size: sync throughput beside a bare Dexie `bulkPut` of the same
 * objects in the same browser (and the fetch alone: the server's share), the origin's storage
 * per stored object (`navigator.storage.estimate()`), the service worker's JS heap after the
 * sync beside the same worker's before sign-in (CDP `Runtime.getHeapUsage` on the worker
 * target), and the badge's engagement lookup p50/p95 beside a raw IndexedDB `get`. The first
 * sync waits through transient errors as the extension recovers from them (`waitForFirstSync`);
 * each figure is the median over the profiles, every profile's value beside it.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
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
/**
 * How long the first sync may go without progress (more changes applied, or the sync done)
 * before the bench gives up: `OUTLOUD_BENCH_STALL_S` seconds, 5 minutes by default. It must
 * outlast the extension's recovery from a failed run: the next sync alarm (every minute) once
 * the backoff (2 s, 4 s, 8 s… after each failure in a row) has passed.
 */
const STALL_MS = Number(process.env.OUTLOUD_BENCH_STALL_S ?? 300) * 1000;
/** How often the driver asks how the first sync stands. */
const POLL_MS = 100;
/**
 * `OUTLOUD_BENCH_FAIL_PULL=N` (a check of the bench itself, off by default): the extension
 * reaches the server through a proxy that answers the N-th `GET /v1/changes` of each profile with
 * a 503, once, so a run shows the sync waiting through a transient error. The baseline's fetches
 * go to the server directly.
 */
const FAIL_PULL = Number(process.env.OUTLOUD_BENCH_FAIL_PULL ?? 0);
/** Errors retrying cannot fix: the extension itself stops and asks the person to sign in. */
const FINAL_ERRORS = new Set(['unauthorized', 'token-expired']);

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

/**
 * A pass-through HTTP proxy to `target` that answers the `nth` `GET /v1/changes` with a 503
 * (`FAIL_PULL`); closed by `close`.
 */
async function failingProxy(
  target: string,
  nth: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(target);
  let pulls = 0;
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/v1/changes') && ++pulls === nth) {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'unavailable', message: 'bench: injected 503' } }));
      return;
    }
    const upstream = httpRequest(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type SyncState = Awaited<ReturnType<Bench['syncState']>>;

/** What waiting for the first sync met on its way. */
type Waited = {
  /** Failed sync runs the extension recovered from (its `backoff.failures`, summed). */
  errors: number;
  /** Each different error seen, with how many failed runs reported it. */
  reasons: Map<string, number>;
  /** Polls whose `getStatus` call itself failed (the worker restarting, say). */
  unanswered: number;
  /** Wall time during which the status reported an error. */
  errorMs: number;
};

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the extension reports its first sync complete, through transient errors, the way
 * the extension recovers from them: a failed run (network, timeout, 5xx, 429…) leaves an error
 * in the status and a backoff, and the next alarm runs the sync again, which resumes where the
 * last applied page left it. Only an error retrying cannot fix (the token refused) is final, or
 * `STALL_MS` without progress (applied changes growing, the error clearing, the sync done).
 * Logs each error as it appears; answers how many it waited through.
 */
async function waitForFirstSync(
  state: () => Promise<SyncState>,
  log: (line: string) => void,
): Promise<Waited> {
  const waited: Waited = { errors: 0, reasons: new Map(), unanswered: 0, errorMs: 0 };
  let lastProgress = performance.now();
  let applied = -1;
  let failures = 0;
  let error: string | null = null;
  let lastPoll = performance.now();
  for (;;) {
    const now = performance.now();
    let s: SyncState;
    try {
      s = await state();
    } catch (err) {
      waited.unanswered++;
      if (waited.unanswered === 1 || waited.unanswered % 50 === 0) {
        log(
          `    status unanswered (${String(err).slice(0, 160)}); waiting (${waited.unanswered} so far)`,
        );
      }
      if (performance.now() - lastProgress > STALL_MS) {
        throw new Error(`first sync: no status for ${STALL_MS / 1000} s: ${err}`);
      }
      await sleep(POLL_MS);
      continue;
    }
    if (error !== null) waited.errorMs += now - lastPoll;
    lastPoll = now;
    if (s.synced && !s.error) return waited;
    if (!s.signedIn) throw new Error('first sync: the extension is signed out');
    const reason = s.error ? `${s.error.code}: ${s.error.message}` : null;
    if (s.error && FINAL_ERRORS.has(s.error.code)) throw new Error(`first sync: ${reason}`);
    // Each failed run in a row adds one to `failures`; a run that ends well resets it.
    if (s.failures > failures || (reason !== null && reason !== error && s.failures === failures)) {
      const added = Math.max(1, s.failures - failures);
      waited.errors += added;
      if (reason) waited.reasons.set(reason, (waited.reasons.get(reason) ?? 0) + added);
      log(
        `    sync error (${reason ?? 'cleared before it was seen'}) after ${fmt(Math.max(0, s.applied ?? 0))} changes: ` +
          `waiting for the extension's next run (${waited.errors} so far)`,
      );
    }
    if ((s.applied ?? 0) > applied || (reason === null && error !== null)) {
      lastProgress = now;
    }
    if (reason === null && error !== null) log('    the sync recovered');
    applied = Math.max(applied, s.applied ?? 0);
    failures = s.failures;
    error = reason;
    if (now - lastProgress > STALL_MS) {
      throw new Error(
        `first sync: no progress for ${STALL_MS / 1000} s at ${fmt(applied)} changes` +
          `${reason ? ` (last error ${reason})` : ''}; ${waited.errors} errors waited through`,
      );
    }
    await sleep(POLL_MS);
  }
}

type Run = {
  syncMs: number;
  waited: Waited;
  bareRetries: number;
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
  log: (line: string) => void,
): Promise<Run> {
  const profileDir = await mkdtemp(path.join(tmpdir(), 'outloud-bench-profile-'));
  let browser: ExtensionBrowser | undefined;
  let proxy: Awaited<ReturnType<typeof failingProxy>> | undefined;
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
    proxy = FAIL_PULL > 0 ? await failingProxy(serverUrl, FAIL_PULL) : undefined;
    const started = performance.now();
    await call('signIn', proxy?.url ?? serverUrl, token);
    const waited = await waitForFirstSync(() => call('syncState') as Promise<SyncState>, log);
    const syncMs = performance.now() - started;
    const heapAfter = await workerHeap(profileDir, browser.extensionId);
    const bytes = ((await call('usage')) as number) - usageBefore;
    const rows = (await call('counts')) as Record<string, number>;
    const lookups = (await call('lookups', urls, READER)) as Run['lookups'];
    const bare = (await call('bareBulkPut', serverUrl, token)) as Awaited<
      ReturnType<Bench['bareBulkPut']>
    >;
    return {
      syncMs,
      waited,
      bareRetries: bare.retries,
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
    await proxy?.close();
    await rm(profileDir, { recursive: true, force: true });
  }
}

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
        const lost: string[] = [];
        for (let r = 0; r < runs; r++) {
          const started = performance.now();
          try {
            const run = await once(extensionDir, server.url, data.token, urls, log);
            results.push(run);
            log(
              `  ${fmt(size)}: run ${r + 1}/${runs} in ${((performance.now() - started) / 1000).toFixed(0)} s: ` +
                describe(run),
            );
          } catch (error) {
            // One profile's failure (its first sync gave up, say) does not lose the others.
            lost.push(String(error).slice(0, 300));
            log(`  ${fmt(size)}: run ${r + 1}/${runs} gave up: ${lost.at(-1)}`);
          }
        }
        if (results.length === 0) {
          throw new Error(`every run at ${fmt(size)} changes gave up: ${lost.join(' | ')}`);
        }
        rows.push(...summarize(size, results, runs, lost));
      } finally {
        await server.stop();
      }
    }
  } finally {
    await rm(extensionDir, { recursive: true, force: true });
  }
  return rows;
}

/** One run's figures in a line, logged as it ends (a long run's figures are never all lost). */
function describe(run: Run): string {
  const rate = (ms: number) => fmt(run.objects / (ms / 1000));
  return (
    `sync ${rate(run.syncMs)} changes/s (${(run.syncMs / 1000).toFixed(1)} s, ` +
    `${waitedText(run.waited)}), bare bulkPut ${rate(run.putMs)}/s, fetch alone ${rate(run.fetchMs)}/s, ` +
    `${fmt(run.bytes)} B stored, heap ${(run.heapBefore / 1e6).toFixed(2)} → ${(run.heapAfter / 1e6).toFixed(2)} MB, ` +
    `lookup p50/p95 ${run.lookups.badge.p50.toFixed(2)}/${run.lookups.badge.p95.toFixed(2)} ms ` +
    `(raw get ${run.lookups.raw.p50.toFixed(2)}/${run.lookups.raw.p95.toFixed(2)} ms)`
  );
}

/** "waited through 2 sync errors (2× network: …), 61.0 s in error", or "no sync errors". */
function waitedText(w: Waited): string {
  if (w.errors === 0 && w.unanswered === 0) return 'no sync errors';
  return `waited through ${w.errors} sync error${w.errors === 1 ? '' : 's'} (${waitedDetail(w)})`;
}

function waitedDetail(w: Waited): string {
  const reasons = [...w.reasons].map(([why, n]) => `${n}× ${why.slice(0, 120)}`);
  return [
    ...reasons,
    `${(w.errorMs / 1000).toFixed(1)} s in error`,
    ...(w.unanswered ? [`${w.unanswered} unanswered status polls`] : []),
  ].join('; ');
}

function summarize(size: number, results: Run[], runs: number, lost: string[]): BenchRow[] {
  const m = (f: (r: Run) => number) => median(results.map(f));
  /** "median of 3 fresh profiles: a / b / c" for a figure, every run's value in run order. */
  const of = (f: (r: Run) => number, digits = 0) => {
    const each = results.map((r) => (digits ? f(r).toFixed(digits) : fmt(f(r))));
    const gaveUp = lost.length ? `; ${lost.length} of ${runs} gave up` : '';
    return results.length > 1
      ? `median of ${results.length} fresh profiles (${each.join(' / ')})${gaveUp}`
      : `1 fresh profile${gaveUp}`;
  };
  const n = results[0]!.objects;
  const rows = results[0]!.rows;
  const stored = (rows.items ?? 0) + (rows.comments ?? 0) + (rows.likes ?? 0);
  const label = `${fmt(size)} changes`;
  const syncRate = (r: Run) => n / (r.syncMs / 1000);
  const errors = results.reduce((sum, r) => sum + r.waited.errors, 0);
  const bareRetries = results.reduce((sum, r) => sum + r.bareRetries, 0);
  return [
    {
      name: `Chromium: first sync of ${label} (sign-in to synced, real service worker)`,
      value: m(syncRate),
      unit: 'changes/s',
      baseline: { name: 'bare Dexie bulkPut, same objects', value: m((r) => n / (r.putMs / 1000)) },
      note:
        `${of(syncRate)}; ${(m((r) => r.syncMs) / 1000).toFixed(1)} s; the fetch of the same pages ` +
        `alone: ${fmt(m((r) => n / (r.fetchMs / 1000)))} changes/s; ` +
        `${errors} sync error${errors === 1 ? '' : 's'} waited through` +
        `${errors ? ` (by run: ${results.map((r) => waitedDetail(r.waited)).join(' | ')}; the wait for the extension's next run is part of the sync time)` : ''}` +
        `${bareRetries ? `; the baseline's fetch tried ${bareRetries} pages again` : ''}; target ≥ 10,000`,
    },
    {
      name: `Chromium: storage per stored object (${label})`,
      value: m((r) => r.bytes) / stored,
      unit: 'B',
      note: `${of((r) => r.bytes / stored)}; ${fmt(m((r) => r.bytes))} B for ${fmt(rows.items ?? 0)} items, ${fmt(rows.comments ?? 0)} comments, ${fmt(rows.likes ?? 0)} likes, ${fmt(rows.people ?? 0)} people and ${fmt(rows.pages ?? 0)} index rows (navigator.storage.estimate)`,
    },
    {
      name: `Chromium: service worker JS heap after the sync (${label})`,
      value: m((r) => r.heapAfter) / 1e6,
      unit: 'MB',
      baseline: { name: 'the same worker before sign-in', value: m((r) => r.heapBefore) / 1e6 },
      note: `${of((r) => r.heapAfter / 1e6, 2)}; CDP Runtime.getHeapUsage after a GC`,
    },
    {
      name: `Chromium: engagement lookup p50 (${fmt(rows.pages ?? 0)} pages indexed)`,
      value: m((r) => r.lookups.badge.p50),
      unit: 'ms',
      baseline: { name: 'raw IndexedDB get p50', value: m((r) => r.lookups.raw.p50) },
      note: `${of((r) => r.lookups.badge.p50, 2)}; urlKey + index row + follows + count; ${LOOKUPS} pages, ${results[0]!.lookups.hits} of them engaged`,
    },
    {
      name: `Chromium: engagement lookup p95 (${fmt(rows.pages ?? 0)} pages indexed)`,
      value: m((r) => r.lookups.badge.p95),
      unit: 'ms',
      baseline: { name: 'raw IndexedDB get p95', value: m((r) => r.lookups.raw.p95) },
      note: `${of((r) => r.lookups.badge.p95, 2)}; target ≤ 2 ms`,
    },
  ];
}
