/**
 * `npm run load [-- --seconds 60 --clients 200 --db postgres://…]`: the load test (not part of
 * `npm test`). With `--instances N` (and `--pg` to start a PostgreSQL cluster on 127.0.0.1 for
 * it, as the tests do, on its own port) it runs the organisation scenario of `load/fleet.ts`
 * instead: N server processes on one database, 1,000 extensions by default, its phases chosen
 * with `--phases fleet,capacity,poll` (all three by default). Without it: seeds a database
 * (SQLite in a temp dir, or a fresh schema of the given PostgreSQL), starts the real server on
 * 127.0.0.1 (`scripts/server-process.ts`), runs `--clients` simulated extensions, each with its
 * own person and token, mixing pulls, pushes and page lookups for `--seconds`, then prints
 * errors (should be 0), p50/p99 per kind beside the same clients against a bare `node:http`
 * server run first (`--baseline-seconds`), and the server's resident memory (/proc VmRSS) at
 * start, at its peak, right after the run and after `--settle` idle seconds and a forced GC
 * (through the inspector, which the load run enables on the server). Each client waits
 * `--think-ms` on average (0.5–1.5×) between its requests, as an active extension would, and
 * never sends more than the per-token rate limit allows.
 *
 * The seeded data is cached (`load/seed-cache.ts`: a SQLite file, or a PostgreSQL template
 * database on the `--pg` cluster) and each run gets a fresh copy; `--fresh-seed` seeds again.
 * Before anything runs, the script prints each phase's duration and the total.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { type Kind, newStats, runClient, SLOW_MS, type Stats } from './load/client.ts';
import { type FleetPhase, fleetPlan, PHASES, runFleet } from './load/fleet.ts';
import type { Seeded } from './load/seed.ts';
import { seededDatabase, seedIsCached } from './load/seed-cache.ts';
import { forceGc, rssKiB, serverCommand, startBareServer, startServer } from './server-process.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    clients: { type: 'string', default: '200' },
    db: { type: 'string' },
    settle: { type: 'string', default: '15' },
    'baseline-seconds': { type: 'string', default: '10' },
    'think-ms': { type: 'string', default: '1000' },
    instances: { type: 'string' },
    pg: { type: 'boolean', default: false },
    'minute-ms': { type: 'string', default: '10000' },
    'capacity-seconds': { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    phases: { type: 'string', default: PHASES.join(',') },
    'fresh-seed': { type: 'boolean', default: false },
  },
});
const fleet = values.instances !== undefined;
const phases = new Set(values.phases.split(',').map((p) => p.trim()));
for (const p of phases) {
  if (!(PHASES as readonly string[]).includes(p)) {
    console.error(`--phases: unknown phase ${p} (known: ${PHASES.join(', ')})`);
    process.exit(2);
  }
}

const ownCluster = values.pg && !values.db;
if (values.pg && !values.db) {
  // Its own cluster (port 54339), so the tests' cluster and their load do not share it.
  values.db = execFileSync('bash', ['scripts/test-postgres.sh'], {
    env: {
      ...process.env,
      OUTLOUD_TEST_PG_PORT: '54339',
      OUTLOUD_TEST_PG_DIR: '/tmp/outloud-load-pg',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  }).trim();
}
if (fleet && values.clients === '200' && !process.argv.includes('--clients'))
  values.clients = '1000';
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const settleSeconds = Number(values.settle);
const baselineSeconds = Number(values['baseline-seconds']);
const thinkMs = Number(values['think-ms']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

type Phase = { stats: Stats; elapsed: number; total: number; started: number };

/** Runs `clients` clients against `url` for `secs` seconds. */
async function phase(url: string, seeded: Seeded, secs: number): Promise<Phase> {
  const stats = newStats();
  const deadline = performance.now() + secs * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, (_, n) => runClient(url, seeded, n, deadline, stats, thinkMs)),
  );
  const elapsed = (performance.now() - started) / 1000;
  const total = Object.values(stats.latencies).reduce((sum, l) => sum + l.length, 0);
  return { stats, elapsed, total, started };
}

function sortedLatencies(p: Phase, kind: Kind): number[] {
  return [...p.stats.latencies[kind]].sort((a, b) => a - b);
}

const shape = {
  people: Math.max(clients, 1),
  perPerson: fleet ? 8 : 20,
  pages: fleet ? 2000 : 1000,
};
const fleetOptions = {
  phases: phases as Set<FleetPhase>,
  instances: Number(values.instances),
  clients,
  seconds,
  minuteMs: Number(values['minute-ms']),
  capacitySeconds: Number(values['capacity-seconds']),
  rounds: Number(values.rounds),
};

// The plan, before anything runs: each phase's duration and the total.
{
  const where = { pg: values.db, ownCluster: Boolean(ownCluster) };
  const cached = !values['fresh-seed'] && (await seedIsCached(shape, where));
  const plan: Array<[string, number]> = fleet
    ? fleetPlan(fleetOptions)
    : [
        [
          `baseline: ${clients} clients against bare node:http for ${baselineSeconds} s`,
          baselineSeconds,
        ],
        [
          `run: ${clients} clients for ${seconds} s (+ up to 30 s for the last requests)`,
          seconds + 30,
        ],
        [`settle: ${settleSeconds} s idle, then a forced GC`, settleSeconds + 2],
      ];
  const total = plan.reduce((sum, [, s]) => sum + s, 0);
  console.log(
    `plan: seed ${shape.people} people (${cached ? 'cached: a copy, seconds' : 'not cached: seeding through the API, about a minute per 1,000 people on a quiet machine, then cached'})`,
  );
  for (const [what, secs] of plan) console.log(`plan: ${what}: ≤ ${secs} s`);
  console.log(
    `plan: total ≤ ${Math.ceil(total / 60)} min ${cached ? '' : 'after seeding '}(${total} s)`,
  );
}

const database = await seededDatabase(
  shape,
  { pg: values.db, ownCluster: Boolean(ownCluster), fresh: values['fresh-seed'] },
  (line) => console.log(line),
);
try {
  const { seeded } = database;
  const pages = shape.pages;
  console.log(
    `${database.how === 'cached' ? 'copied the cached seed of' : 'seeded'} ${seeded.tokens.length} people, ` +
      `${seeded.itemIds.length} public items on ${pages} pages in ${database.seconds.toFixed(1)} s ` +
      `(${values.db ? 'PostgreSQL' : 'SQLite'})`,
  );
  if (fleet) {
    await runFleet(seeded, { dbUrl: database.url, ...fleetOptions });
  } else {
    // Baseline: the same clients against a bare node:http server, to show the machine's ceiling.
    const bare = await startBareServer();
    const baseline = await phase(bare.url, seeded, baselineSeconds);
    bare.child.kill('SIGTERM');
    await bare.exited;

    const server = await startServer(database.url, {}, { inspect: true });
    const { built } = serverCommand();
    console.log(
      `server ${built ? 'dist/server/cli.js' : 'tsx src/server/cli.ts'} at ${server.url}, pid ${server.pid}`,
    );
    try {
      await sleep(2000);
      await forceGc(server);
      const rssStart = rssKiB(server.pid);
      let rssPeak = rssStart;
      const sampler = setInterval(() => {
        rssPeak = Math.max(rssPeak, rssKiB(server.pid));
      }, 250);
      const run = await phase(server.url, seeded, seconds);
      clearInterval(sampler);
      const rssAfter = rssKiB(server.pid);
      rssPeak = Math.max(rssPeak, rssAfter);
      await sleep(settleSeconds * 1000);
      await forceGc(server);
      await forceGc(server);
      const rssSettled = rssKiB(server.pid);

      const rate = (p: Phase) => `${(p.total / p.elapsed).toFixed(0)} req/s`;
      console.log(
        `\n${clients} clients for ${run.elapsed.toFixed(1)} s: ${run.total} requests, ${rate(run)}, ` +
          `${run.stats.errors.length} errors (bare node:http baseline, ${baseline.elapsed.toFixed(1)} s: ` +
          `${rate(baseline)}, ${baseline.stats.errors.length} errors)\n`,
      );
      console.log(
        '| kind | requests | p50 ms | p99 ms | max ms | errors | bare p50 ms | bare p99 ms |',
      );
      console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
      for (const kind of ['pull', 'push', 'page', 'prefix'] as Kind[]) {
        const sorted = sortedLatencies(run, kind);
        const base = sortedLatencies(baseline, kind);
        const errors = run.stats.errors.filter((e) => e.kind === kind).length;
        const ms = (v: number) => v.toFixed(1);
        console.log(
          `| ${kind} | ${sorted.length} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 99))} | ` +
            `${ms(sorted.at(-1) ?? 0)} | ${errors} | ${ms(percentile(base, 50))} | ${ms(percentile(base, 99))} |`,
        );
      }
      console.log(
        `\nserver RSS: start ${mib(rssStart)}, peak ${mib(rssPeak)}, right after ${mib(rssAfter)}, ` +
          `after ${settleSeconds} s idle and a forced GC ${mib(rssSettled)} (${(rssSettled / rssStart).toFixed(2)}× start)`,
      );
      if (run.stats.slow.length > 0) {
        const at = run.stats.slow.map((r) => (r.at - run.started) / 1000).sort((a, b) => a - b);
        console.log(
          `${run.stats.slow.length} requests over ${SLOW_MS / 1000} s, started between ` +
            `${at[0]?.toFixed(1)} s and ${at.at(-1)?.toFixed(1)} s into the run`,
        );
      }
      for (const e of run.stats.errors.slice(0, 10)) console.log(`error: ${e.kind} ${e.what}`);
      if (run.stats.errors.length > 0) process.exitCode = 1;
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }
} finally {
  await database.drop();
}
