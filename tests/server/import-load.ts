/**
 * The load of the import limits' health checks, shared by `import-limits.test.ts` and
 * `npm run bench -- import`: the worst files the limits allow, and a prober that times
 * `/v1/health` from another thread while the server works.
 */
import { Worker } from 'node:worker_threads';
import { LIMITS } from '../../src/core/limits.ts';

/** `count` distinct http bookmarks, as short as an anchor can be: `<a href=http://e.io/…>`. */
export function anchors(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => `<a href=http://e.io/${(from + i).toString(36)}>`);
}

/**
 * Probes `url` from another thread every `everyMs`, so a blocked server thread cannot also hold
 * back the probes: each sample is [start, end] in epoch milliseconds.
 */
export function startProber(url: string, everyMs: number): { stop(): Promise<[number, number][]> } {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const samples = []; let stopped = false;
     parentPort.on('message', () => { stopped = true; });
     (async () => {
       while (!stopped) {
         const start = performance.timeOrigin + performance.now();
         const res = await fetch(workerData.url); await res.arrayBuffer();
         samples.push([start, performance.timeOrigin + performance.now()]);
         await new Promise((r) => setTimeout(r, workerData.everyMs));
       }
       parentPort.postMessage(samples);
     })();`,
    { eval: true, workerData: { url, everyMs } },
  );
  return {
    stop: () =>
      new Promise((resolve, reject) => {
        worker.once('message', (samples: [number, number][]) => {
          void worker.terminate();
          resolve(samples);
        });
        worker.once('error', reject);
        worker.postMessage('stop');
      }),
  };
}

export const epochNow = () => performance.timeOrigin + performance.now();

/** The worst files the limits allow: for writing (10,000 new bookmarks) and for parsing. */
export function worstFiles(): { writes: string; parse: string } {
  // 10,000 new bookmarks under 64+ levels of folders, the rest of the 256 KiB in raw-text tags
  // spread between the bookmarks.
  const folders = '<h3>f<dl>'.repeat(LIMITS.folderDepth + 10);
  const marks = anchors(LIMITS.importBookmarks);
  const room = LIMITS.body - 1024 - folders.length - marks.join('').length;
  const styles = Math.floor(room / '<style></style>'.length);
  const every = Math.max(1, Math.floor(marks.length / styles));
  let writes = folders;
  let added = 0;
  marks.forEach((mark, i) => {
    writes += mark;
    if (i % every === 0 && added < styles) {
      writes += '<style></style>';
      added++;
    }
  });
  // The file that took 28.5 s of one request before: nothing but raw-text tags.
  const parse = '<style></style>'.repeat(Math.floor((LIMITS.body - 1024) / 15));
  return { writes, parse };
}
