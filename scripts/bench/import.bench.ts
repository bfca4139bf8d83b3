/**
 * `npm run bench -- import`: the bookmark file reader's time on adversarial shapes at n = 64 KiB
 * and 4n = 256 KiB (the largest file the server takes), as the ratio 4n/n of median CPU times
 * (linear: about 4), and `/v1/health` latency over a real socket, probed from another thread,
 * while the worst import the limits allow runs on SQLite, beside the same probe with no import.
 */
import { Worker } from 'node:worker_threads';
import { LIMITS } from '../../src/core/limits.ts';
import { readNetscape } from '../../src/core/netscape.ts';
import { buildApp } from '../../src/server/app.ts';
import { connect } from '../../src/server/db/index.ts';
import { addUser } from '../../src/server/repos/users.ts';
import { type BenchRow, type BenchSuite, median } from './types.ts';

const N = 64 * 1024;
const SHAPES: Record<string, string> = {
  'raw-text tags <style></style>': '<style></style>',
  'unclosed tags <b>': '<b>',
  'deep folders <h3>a<dl>': '<h3>a<dl>',
  'unclosed anchors <a href=h>': '<a href=h>',
  'huge attributes': `<a href="${'h'.repeat(4000)}" x="${'y'.repeat(4000)}">`,
  'many entities': '&amp;&eacute;&#x1F600;&#150;&bogus;&',
  'Chrome-like bookmarks':
    '<DT><A HREF="https://example.com/a/b?c=d" ADD_DATE="1700000000">Title</A>\n',
};

const fill = (unit: string, size: number) =>
  unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function medianCpu(input: string, runs = 9): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = cpuMs();
    readNetscape(input);
    times.push(cpuMs() - start);
  }
  return median(times);
}

/** Probes `url` every `everyMs` from a worker thread; samples are [start, end] epoch ms. */
function startProber(url: string, everyMs: number): { stop(): Promise<[number, number][]> } {
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
      new Promise((resolve) => {
        worker.once('message', (samples: [number, number][]) => {
          void worker.terminate();
          resolve(samples);
        });
        worker.postMessage('stop');
      }),
  };
}

const epochNow = () => performance.timeOrigin + performance.now();

/** 10,000 new bookmarks under 74 folder levels, the rest of 256 KiB in `<style></style>`. */
function worstFile(): string {
  const marks = Array.from(
    { length: LIMITS.importBookmarks },
    (_, i) => `<a href=http://e.io/${i.toString(36)}>`,
  );
  let html = '<h3>f<dl>'.repeat(LIMITS.folderDepth + 10);
  const room = LIMITS.body - 1024 - html.length - marks.join('').length;
  let styles = Math.floor(room / 15);
  const every = Math.max(1, Math.floor(marks.length / styles));
  marks.forEach((mark, i) => {
    html += mark;
    if (i % every === 0 && styles-- > 0) html += '<style></style>';
  });
  return html;
}

async function healthRows(): Promise<BenchRow[]> {
  const db = await connect(':memory:');
  const token = await addUser(db, 'ada', 'Ada');
  const app = await buildApp({ db, rateLimit: false, authRateLimit: false });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const idle = startProber(`${address}/v1/health`, 5);
    await new Promise((r) => setTimeout(r, 2000));
    const idleLatencies = (await idle.stop()).map(([s, e]) => e - s);

    const html = worstFile();
    const prober = startProber(`${address}/v1/health`, 5);
    await new Promise((r) => setTimeout(r, 100));
    const from = epochNow();
    const res = await fetch(`${address}/v1/import/bookmarks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/html' },
      body: html,
    });
    const summary = (await res.json()) as { imported: number };
    const to = epochNow();
    const during = (await prober.stop())
      .filter(([s, e]) => s < to && e > from)
      .map(([s, e]) => e - s);
    const sorted = [...during].sort((a, b) => a - b);
    return [
      {
        name: '/v1/health p50 during the worst import (SQLite)',
        value: median(during),
        unit: 'ms',
        baseline: { name: '/v1/health p50, no import', value: median(idleLatencies) },
        note:
          `${during.length} probes; p99 ${sorted[Math.floor(sorted.length * 0.99)]!.toFixed(1)} ms, ` +
          `max ${sorted.at(-1)!.toFixed(1)} ms; import of ${summary.imported} new bookmarks ` +
          `(${html.length} B) took ${((to - from) / 1000).toFixed(1)} s; status ${res.status}`,
      },
    ];
  } finally {
    await app.close();
    await db.close();
  }
}

const suite: BenchSuite = {
  name: 'import',
  title: 'Bookmark import: linear parse, health under the worst import',
  async run() {
    const rows: BenchRow[] = [];
    for (const [name, unit] of Object.entries(SHAPES)) {
      const small = fill(unit, N);
      const large = fill(unit, 4 * N);
      medianCpu(small, 3); // warm up
      const s = medianCpu(small);
      const l = medianCpu(large);
      rows.push({
        name: `parse ${name}, 4n = 256 KiB`,
        value: l,
        unit: 'ms CPU',
        baseline: { name: 'n = 64 KiB', value: s },
        note: `${((4 * N) / 1024 / l).toFixed(0)} KiB/ms; linear is 4×, quadratic 16×`,
      });
    }
    rows.push(...(await healthRows()));
    return rows;
  },
};

export default suite;
