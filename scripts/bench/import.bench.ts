/**
 * `npm run bench -- import`: the bookmark file reader's time on adversarial shapes at n = 64 KiB
 * and 4n = 256 KiB (the largest file the server takes), as the ratio 4n/n of median CPU times
 * (linear: about 4), and `/v1/health` latency over a real socket, probed from another thread,
 * while the worst import the limits allow runs on SQLite, beside the same probe with no import.
 */
import { readNetscape } from '../../src/core/netscape.ts';
import { buildApp } from '../../src/server/app.ts';
import { connect } from '../../src/server/db/index.ts';
import { addUser } from '../../src/server/repos/users.ts';
import { epochNow, startProber, worstFiles } from '../../tests/server/import-load.ts';
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

async function healthRows(): Promise<BenchRow[]> {
  const db = await connect(':memory:');
  const token = await addUser(db, 'ada', 'Ada');
  const app = await buildApp({ db, rateLimit: false, authRateLimit: false });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const idle = startProber(`${address}/v1/health`, 5);
    await new Promise((r) => setTimeout(r, 2000));
    const idleLatencies = (await idle.stop()).map(([s, e]) => e - s);

    const html = worstFiles().writes;
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
