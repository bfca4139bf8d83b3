/**
 * `npm run bench -- pages`: `GET /v1/pages/{urlKey}` on SQLite with 1,000,000 engagements, at 50
 * connections for 10 s (autocannon), beside a bare `node:http` server answering a constant JSON
 * body of the same size, measured in the same run. Both servers run as child processes (one
 * core each way: the server in the child, autocannon in this process); rounds alternate between
 * them and the table quotes medians. `BENCH_SECONDS` and `BENCH_ROUNDS` shorten or lengthen it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { benchData } from './server-pages-data.ts';
import { type BenchRow, type BenchSuite, median } from './types.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 50;

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

const suite: BenchSuite = {
  name: 'pages',
  title: 'Page engagement: GET /v1/pages/{urlKey}, 1,000,000 engagements in SQLite',
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
    const bodyFile = `/tmp/outloud-bench-pages-body-${process.pid}.json`;
    writeFileSync(bodyFile, body);
    const bare = await startServer(['bare', bodyFile]);

    const runs = { bare: [] as Load[], typical: [] as Load[], popular: [] as Load[] };
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        runs.bare.push(await load(bare.port, ['/'], data.token));
        runs.typical.push(await load(app.port, typical, data.token));
        runs.popular.push(await load(app.port, popular, data.token));
        log(
          `round ${round}: bare ${runs.bare.at(-1)!.rps.toFixed(0)}/s, typical ` +
            `${runs.typical.at(-1)!.rps.toFixed(0)}/s, popular ${runs.popular.at(-1)!.rps.toFixed(0)}/s`,
        );
      }
    } finally {
      await stop(app);
      await stop(bare);
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
