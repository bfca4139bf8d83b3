/**
 * `npm run bench -- pages`: `GET /v1/pages/{urlKey}` on SQLite with 1,000,000 engagements, at 50
 * connections for 10 s (autocannon), beside a bare `node:http` server answering a constant JSON
 * body of the same size, measured in the same run. Both servers run as child processes (one
 * core each way: the server in the child, autocannon in this process); rounds alternate between
 * them and the table quotes medians. Each round also measures the typical page while 50 new
 * bookmarks a second are written to other pages by a writer child process
 * (`server-pages-writer.ts`; per-page invalidation keeps the answers cached), and prints the
 * successful writes a second it achieved and its failures. `BENCH_SECONDS` and `BENCH_ROUNDS`
 * shorten or lengthen it; `BENCH_PAGES_SCALE` (e.g. 0.01) seeds a smaller organisation for a
 * smoke run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { connect } from '../../src/server/db/index.ts';
import { pageAnswer, pageVersion, stampOf } from '../../src/server/repos/page-cache.ts';
import { pageSummary } from '../../src/server/repos/pages.ts';
import { authenticate } from '../../src/server/repos/users.ts';
import { perCall } from './in-process.ts';
import { benchData, ENGAGEMENTS } from './server-pages-data.ts';
import { type BenchRow, type BenchSuite, median, percentile } from './types.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 50;
/** Writes a second to other pages in the mixed round (issue 18). */
const WRITES_PER_SECOND = 50;

type Server = { port: number; child: ChildProcess };

/** Starts `server-pages-server.ts` with `args` and waits for its port. */
function startServer(args: string[]): Promise<Server> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(HERE, 'server-pages-server.ts'), ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^port (\d+)$/.exec(line);
      if (match) resolve({ port: Number(match[1]), child });
    });
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.child.removeAllListeners('exit');
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

type Load = { rps: number; p99: number; errors: number };

/** Drives `port` for `SECONDS` at `CONNECTIONS`, cycling through `paths`. */
async function load(port: number, paths: readonly string[], token: string): Promise<Load> {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

export type Wrote = {
  sent: number;
  written: number;
  failed: number;
  /** Each kind of failure: how many, and the first one's answer. */
  reasons: string[];
  /** The writer's window, from its first write to its stop. */
  seconds: number;
  p50: number;
  p99: number;
};

/**
 * Starts the writer child (`server-pages-writer.ts`): `perSecond` new bookmarks a second to
 * `port`, each of a fresh page no lookup asks for, until stopped. Resolves once it writes.
 */
async function writesElsewhere(
  port: number,
  token: string,
  perSecond: number,
): Promise<{ stop(): Promise<Wrote> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(HERE, 'server-pages-writer.ts'),
      String(port),
      token,
      String(perSecond),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.value !== 'writing') throw new Error(`the writer said ${String(first.value)}`);
  return {
    async stop() {
      child.stdin!.end();
      const last = await lines.next();
      if (last.done) throw new Error('the writer stopped without its figures');
      return JSON.parse(last.value) as Wrote;
    },
  };
}

/**
 * Where a request's time goes, measured in this process with the servers stopped: the page
 * lookup's SQL and assembly, the same answer from the page cache, and the bearer-token lookup
 * every request makes, beside one
 * primary-key SELECT through better-sqlite3 (the floor of any query).
 */
async function breakdown(data: Awaited<ReturnType<typeof benchData>>): Promise<BenchRow[]> {
  const db = await connect(data.file);
  try {
    const byKey = db.sqlite!.prepare('SELECT * FROM users WHERE handle = ?');
    const handles = Array.from({ length: 2_000 }, (_, i) => `u${String(i).padStart(5, '0')}`);
    const floor = await perCall(handles, (h) => byKey.get(h));
    const page = await perCall(data.typicalKeys, (k) => pageSummary(db, 'bench', k));
    const auth = await perCall(handles, () => authenticate(db, data.token));
    const json = (summary: unknown) => JSON.stringify(summary);
    const view = (await authenticate(db, data.token))!.view;
    const answer = async (k: string) =>
      pageAnswer(db, stampOf(await pageVersion(db, k), view), 'bench', k, json);
    for (const k of data.typicalKeys) await answer(k);
    const hit = await perCall(data.typicalKeys, answer);
    const baseline = { name: 'one primary-key SELECT (better-sqlite3)', value: median(floor) };
    return [
      {
        name: 'in-process: page summary, typical page, median',
        value: median(page),
        unit: 'µs',
        baseline,
        note:
          `mean ${(page.reduce((a, b) => a + b, 0) / page.length).toFixed(0)} µs, p99 ` +
          `${percentile(page, 99).toFixed(0)} µs; SQL (≤ 5 prepared statements) + assembly`,
      },
      {
        name: 'in-process: bearer-token lookup + change counter + view version (every request), median',
        value: median(auth),
        unit: 'µs',
        baseline,
        note: 'one statement prepared once per connection; no cache, so a revoke holds at once',
      },
      {
        name: 'in-process: page answer from the cache (nothing written since), median',
        value: median(hit),
        unit: 'µs',
        baseline,
        note: "the page's version read (the caller's view version comes with the token) + map lookup; a write to this page, or a follow by the caller, recomputes on the next request",
      },
    ];
  } finally {
    await db.close();
  }
}

const suite: BenchSuite = {
  name: 'pages',
  title: `Page engagement: GET /v1/pages/{urlKey}, ${ENGAGEMENTS.toLocaleString('en')} engagements in SQLite`,
  async run() {
    const log = (line: string) => console.error(`  ${line}`);
    const data = await benchData(log);
    const typical = data.typicalKeys.map((k) => `/v1/pages/${k}`);
    const popular = data.popularKeys.map((k) => `/v1/pages/${k}`);

    const app = await startServer(['app', data.file]);
    const sample = await fetch(`http://127.0.0.1:${app.port}${typical[0]}`, {
      headers: { authorization: `Bearer ${data.token}` },
    });
    if (sample.status !== 200) throw new Error(`sample page answered ${sample.status}`);
    const body = await sample.text();
    const bodyFile = path.join(tmpdir(), `outloud-bench-pages-body-${process.pid}.json`);
    writeFileSync(bodyFile, body);
    const bare = await startServer(['bare', bodyFile]);
    // A popular page's answer is ~100 KB: its fair ceiling writes a body that large too.
    const popularSample = await fetch(`http://127.0.0.1:${app.port}${popular[0]}`, {
      headers: { authorization: `Bearer ${data.token}` },
    });
    const bigBody = await popularSample.text();
    const bigFile = path.join(tmpdir(), `outloud-bench-pages-big-${process.pid}.json`);
    writeFileSync(bigFile, bigBody);
    const bareBig = await startServer(['bare', bigFile]);

    const runs = {
      bare: [] as Load[],
      bareBig: [] as Load[],
      typical: [] as Load[],
      typicalWrites: [] as Load[],
      popular: [] as Load[],
    };
    const writes: Wrote[] = [];
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        runs.bare.push(await load(bare.port, ['/'], data.token));
        runs.typical.push(await load(app.port, typical, data.token));
        const writer = await writesElsewhere(app.port, data.token, WRITES_PER_SECOND);
        runs.typicalWrites.push(await load(app.port, typical, data.token));
        const wrote = await writer.stop();
        writes.push(wrote);
        runs.popular.push(await load(app.port, popular, data.token));
        runs.bareBig.push(await load(bareBig.port, ['/'], data.token));
        log(
          `round ${round}: bare ${runs.bare.at(-1)!.rps.toFixed(0)}/s, typical ` +
            `${runs.typical.at(-1)!.rps.toFixed(0)}/s (with writes elsewhere ` +
            `${runs.typicalWrites.at(-1)!.rps.toFixed(0)}/s, ${(wrote.written / wrote.seconds).toFixed(1)} ` +
            `successful writes/s, ${wrote.failed} failed), popular ${runs.popular.at(-1)!.rps.toFixed(0)}/s`,
        );
        for (const reason of wrote.reasons) log(`  write failures: ${reason}`);
      }
    } finally {
      await stop(app);
      await stop(bare);
      await stop(bareBig);
      rmSync(bodyFile, { force: true });
      rmSync(bigFile, { force: true });
    }

    const med = (list: Load[], key: keyof Load) => median(list.map((l) => l[key]));
    const bareRps = med(runs.bare, 'rps');
    const bareP99 = med(runs.bare, 'p99');
    const rows: BenchRow[] = [];
    for (const [label, list] of [
      ['typical page', runs.typical],
      ['popular page (top 100)', runs.popular],
    ] as const) {
      const errors = list.reduce((sum, l) => sum + l.errors, 0);
      rows.push(
        {
          name: `throughput, ${label}`,
          value: med(list, 'rps'),
          unit: 'req/s',
          baseline: { name: 'bare node:http, constant JSON', value: bareRps },
          note: `${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS}; target ≥ 0.5×; ${errors} non-2xx/errors`,
        },
        {
          name: `p99 latency, ${label}`,
          value: med(list, 'p99'),
          unit: 'ms',
          baseline: { name: 'bare node:http, constant JSON', value: bareP99 },
        },
      );
    }
    const written = writes.reduce((sum, w) => sum + w.written, 0);
    const failed = writes.reduce((sum, w) => sum + w.failed, 0);
    const reasons = [...new Set(writes.flatMap((w) => w.reasons))];
    const achieved = median(writes.map((w) => w.written / w.seconds));
    rows.push({
      name: `throughput, typical page, with ${WRITES_PER_SECOND} writes/s to other pages`,
      value: med(runs.typicalWrites, 'rps'),
      unit: 'req/s',
      baseline: { name: 'typical page, read-only (same rounds)', value: med(runs.typical, 'rps') },
      note:
        `${achieved.toFixed(1)} successful writes/s (median of rounds); ` +
        `${runs.typicalWrites.reduce((sum, l) => sum + l.errors, 0)} read errors; per-page ` +
        'versions keep the typical pages cached',
    });
    rows.push({
      name: 'writes elsewhere during that round: successful new bookmarks a second (PUT /v1/bookmarks)',
      value: achieved,
      unit: 'writes/s',
      baseline: { name: 'the rate aimed at', value: WRITES_PER_SECOND },
      note:
        `median of ${writes.length} rounds; ${written} written, ${failed} failed` +
        `${reasons.length ? ` (${reasons.join('; ')})` : ''}; write p50 ` +
        `${median(writes.map((w) => w.p50)).toFixed(1)} ms, p99 ${median(writes.map((w) => w.p99)).toFixed(1)} ms ` +
        '(a writer child process paced by timestamps, its own keep-alive agent)',
    });
    rows.push({
      name: 'throughput, popular page (top 100), against a ceiling writing as much',
      value: med(runs.popular, 'rps'),
      unit: 'req/s',
      baseline: {
        name: `bare node:http, constant ${(bigBody.length / 1024).toFixed(0)} KB JSON`,
        value: med(runs.bareBig, 'rps'),
      },
      note: 'a popular page answers up to 100 of each kind: the same ceiling, for its body size',
    });
    rows.push(...(await breakdown(data)));
    rows.push({
      name: 'response body, typical page',
      value: body.length,
      unit: 'bytes',
      note: 'the bare server answers this same body',
    });
    return rows;
  },
};

export default suite;
