/**
 * `npm run load -- --instances N [--pg]`: N server processes on one database (PostgreSQL: with
 * `--pg` a cluster the script starts on 127.0.0.1 as the tests do, `scripts/test-postgres.sh`,
 * on its own port), and up to three measurements in one run (`--phases`, default all three):
 *
 * 1. `fleet`: an organisation's extensions (`extension-client.ts`, `--clients`, default 1,000,
 *    spread round-robin over the instances) for `--seconds`, a "minute" lasting `--minute-ms`:
 *    p50/p99 per route, errors, and the PostgreSQL connections the instances hold
 *    (pg_stat_activity, sampled every 500 ms: peak total and peak active);
 * 2. `capacity`: one instance against all N: closed-loop load (autocannon, 50 connections per
 *    instance) of the read mix an organisation sends most (60 % `/v1/changes` polls with
 *    nothing new, 40 % prefix lookups), tokens rotating over every person so the per-person
 *    rate limit never binds; rounds alternate, medians quoted, and the ratio;
 * 3. `poll`: the cost of a `/v1/changes` poll when nothing changed against the token lookup
 *    alone (`GET /v1/me`), on one instance, alternated, medians.
 *
 * Every phase is bounded: `fleet` starts no request after `--seconds` (so it ends within one
 * request timeout, 30 s, of it), `capacity` and `poll` are `--rounds` × 2 autocannon runs of
 * `--capacity-seconds`. Both need each person's `/v1/changes` cursor at the end of what they
 * see: it is read from near the end of the change log (`endCursors`), about one short request
 * a person, not by paging through everyone's whole history (which, for 1,000 people, was about
 * 30 pages each: the half hour that kept these phases from finishing). `fleetPlan` says up front
 * how long each phase takes.
 */
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { encodeCursor } from '../../src/server/db/changes.ts';
import { openDatabase } from '../../src/server/db/index.ts';
import { type ServerProcess, startServer } from '../server-process.ts';
import { newRouteStats, ROUTES, type RouteStats, runExtension } from './extension-client.ts';
import type { Seeded } from './seed.ts';

export const PHASES = ['fleet', 'capacity', 'poll'] as const;
export type FleetPhase = (typeof PHASES)[number];

/** How long a request may take before the clients count it as an error. */
const REQUEST_TIMEOUT_S = 30;

export type FleetOptions = {
  dbUrl: string;
  phases: ReadonlySet<FleetPhase>;
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

/**
 * Samples the PostgreSQL sessions of the instances (their `application_name` in the run's
 * database) until stopped.
 */
function sampleConnections(dbUrl: string): { stop(): Promise<{ total: number; active: number }> } {
  const url = new URL(dbUrl);
  const schema = url.searchParams.get('schema');
  const database = decodeURIComponent(url.pathname.slice(1));
  url.searchParams.delete('schema');
  const admin = openDatabase(url.toString(), { poolSize: 1 });
  const peak = { total: 0, active: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await sql<{ total: number; active: number }>`
        SELECT count(*)::int AS total, count(*) FILTER (WHERE state = 'active')::int AS active
        FROM pg_stat_activity
        WHERE application_name = ${`outloud:${schema}`} AND datname = ${database}`.execute(
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

/** The change log's last sequence number (both logs share the counter). */
async function lastSeq(dbUrl: string): Promise<number> {
  const db = openDatabase(dbUrl, { poolSize: 1 });
  try {
    const { rows } = await sql<{ n: number | string | null }>`
      SELECT max(seq) AS n FROM (
        SELECT max(seq) AS seq FROM changes UNION ALL SELECT max(seq) AS seq FROM personal_changes
      ) AS last`.execute(db.kysely);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await db.close();
  }
}

/**
 * How far before the end of the log the end cursors start reading: the last 100 changes
 * first, then ten times as many, and so on, then the whole log.
 */
const END_WINDOWS = [100, 1_000, 10_000, 100_000];

/**
 * Each person's `/v1/changes` cursor at the end of what they can see now: exactly the cursor an
 * extension holds after pulling everything (the sequence number of the last change it may see),
 * read from shortly before the end of the log (`END_WINDOWS`) instead of from the beginning: a
 * person who sees nothing in the last 100 changes is read from the last 1,000, and so on, up
 * to the whole log. Answers the cursors, the requests made and how many people needed the
 * whole log.
 */
async function endCursors(
  base: string,
  tokens: readonly string[],
  dbUrl: string,
): Promise<{ cursors: string[]; requests: number; full: number }> {
  const last = await lastSeq(dbUrl);
  const starts = [
    ...new Set([...END_WINDOWS.filter((w) => w < last).map((w) => encodeCursor(last - w)), '']),
  ];
  const cursors: string[] = new Array(tokens.length).fill('');
  let requests = 0;
  let full = 0;
  const readToEnd = async (token: string, start: string): Promise<string> => {
    let cursor = start;
    for (let more = true; more; ) {
      const c = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      // A server still draining the previous phase may time a request out: ask again.
      let res = new Response(null, { status: 599 });
      for (let attempt = 0; attempt < 5 && res.status !== 200; attempt++) {
        requests++;
        res = await fetch(`${base}/v1/changes?limit=500${c}`, {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_S * 1000),
        }).catch(() => new Response(null, { status: 599 }));
      }
      if (res.status !== 200) throw new Error(`end cursor: ${res.status} ${await res.text()}`);
      const page = (await res.json()) as { cursor: string; hasMore: boolean };
      cursor = page.cursor || cursor;
      more = page.hasMore;
    }
    return cursor;
  };
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < tokens.length; i = next++) {
      for (const start of starts) {
        const cursor = await readToEnd(tokens[i]!, start);
        // Nothing of theirs after `start`: look further back (the empty cursor: everything).
        if (cursor === start && start !== '') continue;
        if (start === '') full++;
        cursors[i] = cursor;
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  return { cursors, requests, full };
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

/**
 * What each chosen phase will take, in seconds (at most: `fleet` may end up to a request timeout
 * after its `--seconds`; the end cursors depend on the machine), for the line printed up front.
 */
export function fleetPlan(options: Omit<FleetOptions, 'dbUrl'>): Array<[string, number]> {
  const plan: Array<[string, number]> = [];
  const cannonRounds = options.rounds * 2 * options.capacitySeconds;
  if (options.phases.has('fleet')) {
    plan.push([
      `fleet: ${options.clients} extensions for ${options.seconds} s (+ up to ${REQUEST_TIMEOUT_S} s for the last requests)`,
      options.seconds + REQUEST_TIMEOUT_S,
    ]);
  }
  if (options.phases.has('capacity') || options.phases.has('poll')) {
    // About one short request a person (the last 100 changes), 20 at a time.
    plan.push([
      `end cursors: ${options.clients} people, about one short request each`,
      Math.ceil(options.clients / 25),
    ]);
  }
  if (options.phases.has('capacity')) {
    plan.push([
      `capacity: ${options.rounds} rounds × (1 instance, then ${options.instances}) × ${options.capacitySeconds} s`,
      cannonRounds,
    ]);
  }
  if (options.phases.has('poll')) {
    plan.push([
      `poll: ${options.rounds} rounds × (poll, then /v1/me) × ${options.capacitySeconds} s`,
      cannonRounds,
    ]);
  }
  return plan;
}

/** Runs the chosen measurements and prints what they found, each phase with its duration. */
export async function runFleet(seeded: Seeded, options: FleetOptions): Promise<void> {
  const log = (line: string) => console.log(line);
  const servers: ServerProcess[] = [];
  const took = (started: number, what: string) =>
    log(`(${what} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  try {
    for (let i = 0; i < options.instances; i++) servers.push(await startServer(options.dbUrl));
    log(`${options.instances} instances: ${servers.map((s) => s.url).join(', ')}`);
    const postgres = /^postgres/.test(options.dbUrl);

    if (options.phases.has('fleet')) {
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
      const { changes, summaries } = stats.carried;
      log(
        `The answers carried ${changes} change rows (${(changes / elapsed).toFixed(0)} a second, ` +
          `${(changes / Math.max(1, stats.latencies['GET /v1/changes'].length)).toFixed(1)} a poll) ` +
          `and ${summaries} page summaries (${(summaries / elapsed).toFixed(0)} a second, ` +
          `${(summaries / Math.max(1, stats.latencies['GET /v1/pages?prefix='].length)).toFixed(1)} a lookup)\n`,
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
      took(started, 'fleet');
    }
    if (!options.phases.has('capacity') && !options.phases.has('poll')) return;

    let started = performance.now();
    const ends = await endCursors(servers[0]!.url, seeded.tokens, options.dbUrl);
    const { cursors } = ends;
    log(
      `\nend cursors: ${seeded.tokens.length} people, ${ends.requests} requests` +
        `${ends.full ? `, ${ends.full} read from the beginning (nothing of theirs in the last ${END_WINDOWS.at(-1)} changes)` : ''}`,
    );
    took(started, 'end cursors');

    if (options.phases.has('capacity')) {
      // 2. Capacity: one instance against all of them, the read mix, alternated rounds.
      started = performance.now();
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
      took(started, 'capacity');
    }

    if (options.phases.has('poll')) {
      // 3. A poll with nothing new against the token lookup alone, one instance.
      started = performance.now();
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
      took(started, 'poll');
    }
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
  }
}
