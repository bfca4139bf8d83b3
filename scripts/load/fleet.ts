/**
 * `npm run load -- --instances N [--pg]`: N server processes on one database (PostgreSQL: with
 * `--pg` a cluster the script starts on 127.0.0.1 as the tests do, `scripts/test-postgres.sh`,
 * on its own port), and three measurements in one run:
 *
 * 1. an organisation's extensions (`extension-client.ts`, `--clients`, default 1,000, spread
 *    round-robin over the instances) for `--seconds`, a "minute" lasting `--minute-ms`: p50/p99
 *    per route, errors, and the PostgreSQL connections the instances hold (pg_stat_activity,
 *    sampled every 500 ms: peak total and peak active);
 * 2. capacity, one instance against all N: closed-loop load (autocannon, 50 connections per
 *    instance) of the read mix an organisation sends most (60 % `/v1/changes` polls with
 *    nothing new, 40 % prefix lookups), tokens rotating over every person so the per-person
 *    rate limit never binds; rounds alternate, medians quoted, and the ratio;
 * 3. the cost of a `/v1/changes` poll when nothing changed against the token lookup alone
 *    (`GET /v1/me`), on one instance, alternated, medians.
 *
 * Everything goes to 127.0.0.1 and stops after the bounded phases.
 */
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { openDatabase } from '../../src/server/db/index.ts';
import { type ServerProcess, startServer } from '../server-process.ts';
import { newRouteStats, ROUTES, type RouteStats, runExtension } from './extension-client.ts';
import type { Seeded } from './seed.ts';

export type FleetOptions = {
  dbUrl: string;
  instances: number;
  clients: number;
  seconds: number;
  minuteMs: number;
  capacitySeconds: number;
  rounds: number;
};

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Samples the PostgreSQL sessions of the instances (their `application_name`) until stopped. */
function sampleConnections(dbUrl: string): { stop(): Promise<{ total: number; active: number }> } {
  const url = new URL(dbUrl);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  const admin = openDatabase(url.toString(), { poolSize: 1 });
  const peak = { total: 0, active: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await sql<{ total: number; active: number }>`
        SELECT count(*)::int AS total, count(*) FILTER (WHERE state = 'active')::int AS active
        FROM pg_stat_activity WHERE application_name = ${`outloud:${schema}`}`.execute(
        admin.kysely,
      );
      peak.total = Math.max(peak.total, rows[0]?.total ?? 0);
      peak.active = Math.max(peak.active, rows[0]?.active ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await admin.close();
      return peak;
    },
  };
}

/** Each person's `/v1/changes` cursor at the end of what they can see now. */
async function endCursors(base: string, tokens: readonly string[]): Promise<string[]> {
  const cursors: string[] = new Array(tokens.length).fill('');
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < tokens.length; i = next++) {
      for (let more = true; more; ) {
        const c = cursors[i] ? `&cursor=${encodeURIComponent(cursors[i]!)}` : '';
        // A server still draining the previous phase may time a request out: ask again.
        let res = new Response(null, { status: 599 });
        for (let attempt = 0; attempt < 5 && res.status !== 200; attempt++) {
          res = await fetch(`${base}/v1/changes?limit=500${c}`, {
            headers: { authorization: `Bearer ${tokens[i]}` },
          });
        }
        if (res.status !== 200) throw new Error(`end cursor: ${res.status} ${await res.text()}`);
        const page = (await res.json()) as { cursor: string; hasMore: boolean };
        cursors[i] = page.cursor || cursors[i]!;
        more = page.hasMore;
      }
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  return cursors;
}

type Cannon = { rps: number; p50: number; p99: number; errors: number };

/** Closed-loop load on `base` for `seconds`: each request's path and token from `next()`. */
async function cannon(
  base: string,
  seconds: number,
  next: () => { path: string; token: string },
): Promise<Cannon> {
  const result = await autocannon({
    url: base,
    connections: 50,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const { path, token } = next();
          return { ...request, path, headers: { authorization: `Bearer ${token}` } };
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

/** Runs the three measurements and prints what they found. */
export async function runFleet(seeded: Seeded, options: FleetOptions): Promise<void> {
  const log = (line: string) => console.log(line);
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < options.instances; i++) servers.push(await startServer(options.dbUrl));
    log(`${options.instances} instances: ${servers.map((s) => s.url).join(', ')}`);
    const postgres = /^postgres/.test(options.dbUrl);

    // 1. The organisation's extensions.
    const stats: RouteStats = newRouteStats();
    const sampler = postgres ? sampleConnections(options.dbUrl) : undefined;
    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    await Promise.all(
      Array.from({ length: options.clients }, (_, n) =>
        runExtension(
          servers[n % servers.length]!.url,
          seeded,
          n,
          deadline,
          stats,
          options.minuteMs,
        ),
      ),
    );
    const elapsed = (performance.now() - started) / 1000;
    const connections = await sampler?.stop();
    const total = ROUTES.reduce((sum, r) => sum + stats.latencies[r].length, 0);
    log(
      `\n${options.clients} extensions on ${options.instances} instances for ${elapsed.toFixed(1)} s ` +
        `(a "minute" = ${options.minuteMs / 1000} s): ${total} requests, ` +
        `${(total / elapsed).toFixed(0)} req/s, ${stats.errors.length} errors\n`,
    );
    log('| route | requests | p50 ms | p99 ms | max ms | errors |');
    log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const route of ROUTES) {
      const sorted = [...stats.latencies[route]].sort((a, b) => a - b);
      const errors = stats.errors.filter((e) => e.route === route).length;
      log(
        `| ${route} | ${sorted.length} | ${percentile(sorted, 50).toFixed(1)} | ` +
          `${percentile(sorted, 99).toFixed(1)} | ${(sorted.at(-1) ?? 0).toFixed(1)} | ${errors} |`,
      );
    }
    if (connections) {
      log(
        `\nPostgreSQL sessions of the instances (pg_stat_activity): peak ${connections.total} open, ` +
          `peak ${connections.active} active (pool of 10 per instance)`,
      );
    }
    for (const e of stats.errors.slice(0, 10)) log(`error: ${e.route} ${e.what}`);
    if (stats.errors.length > 0) process.exitCode = 1;

    // 2. Capacity: one instance against all of them, the read mix, alternated rounds.
    const cursors = await endCursors(servers[0]!.url, seeded.tokens);
    let i = 0;
    const mix = () => {
      const n = i++ % seeded.tokens.length;
      const token = seeded.tokens[n]!;
      if (i % 5 < 3) {
        return { path: `/v1/changes?limit=200&cursor=${encodeURIComponent(cursors[n]!)}`, token };
      }
      const key = seeded.pageKeys[i % seeded.pageKeys.length]!;
      return { path: `/v1/pages?prefix=${key.slice(0, 2)}&limit=100`, token };
    };
    const one: Cannon[] = [];
    const all: Cannon[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      one.push(await cannon(servers[0]!.url, options.capacitySeconds, mix));
      const each = await Promise.all(
        servers.map((s) => cannon(s.url, options.capacitySeconds, mix)),
      );
      all.push({
        rps: each.reduce((sum, c) => sum + c.rps, 0),
        p50: median(each.map((c) => c.p50)),
        p99: Math.max(...each.map((c) => c.p99)),
        errors: each.reduce((sum, c) => sum + c.errors, 0),
      });
      log(
        `capacity round ${round}: 1 instance ${one.at(-1)!.rps.toFixed(0)} req/s, ` +
          `${options.instances} instances ${all.at(-1)!.rps.toFixed(0)} req/s`,
      );
    }
    const rps1 = median(one.map((c) => c.rps));
    const rpsN = median(all.map((c) => c.rps));
    log(
      `\ncapacity (60 % polls with nothing new, 40 % prefix lookups; ${options.capacitySeconds} s × ` +
        `${options.rounds} rounds, medians): 1 instance ${rps1.toFixed(0)} req/s ` +
        `(p50 ${median(one.map((c) => c.p50))} ms, p99 ${median(one.map((c) => c.p99))} ms), ` +
        `${options.instances} instances ${rpsN.toFixed(0)} req/s (p50 ${median(all.map((c) => c.p50))} ms, ` +
        `p99 ${median(all.map((c) => c.p99))} ms): ratio ${(rpsN / rps1).toFixed(2)}×; errors ` +
        `${[...one, ...all].reduce((sum, c) => sum + c.errors, 0)}`,
    );

    // 3. A poll with nothing new against the token lookup alone, one instance.
    const polls: Cannon[] = [];
    const mes: Cannon[] = [];
    let j = 0;
    for (let round = 1; round <= options.rounds; round++) {
      polls.push(
        await cannon(servers[0]!.url, options.capacitySeconds, () => {
          const n = j++ % seeded.tokens.length;
          const path = `/v1/changes?limit=200&cursor=${encodeURIComponent(cursors[n]!)}`;
          return { path, token: seeded.tokens[n]! };
        }),
      );
      mes.push(
        await cannon(servers[0]!.url, options.capacitySeconds, () => ({
          path: '/v1/me',
          token: seeded.tokens[j++ % seeded.tokens.length]!,
        })),
      );
    }
    const pollRps = median(polls.map((c) => c.rps));
    const meRps = median(mes.map((c) => c.rps));
    log(
      `\nGET /v1/changes with nothing new: ${pollRps.toFixed(0)} req/s (${(1e6 / pollRps).toFixed(0)} µs ` +
        `a request, p50 ${median(polls.map((c) => c.p50))} ms) against GET /v1/me (token lookup alone) ` +
        `${meRps.toFixed(0)} req/s (${(1e6 / meRps).toFixed(0)} µs, p50 ${median(mes.map((c) => c.p50))} ms): ` +
        `a poll costs ${(meRps / pollRps).toFixed(2)}× the token lookup; errors ` +
        `${[...polls, ...mes].reduce((sum, c) => sum + c.errors, 0)}`,
    );
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
  }
}
