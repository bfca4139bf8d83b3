/**
 * Chaos sync: two browser profiles (Ann and Bo) make 1,000 changes through the background's
 * message protocol — bookmarks, edits, deletes, statuses, snippets, likes, comments — while a
 * fault proxy between extension and server drops connections, answers 500 and 429, stalls, and
 * loses answers after the server committed; meanwhile the server is SIGKILLed and restarted on
 * the same database and port, and the service workers are stopped through CDP. Then the faults
 * stop, both outboxes drain, and the server must hold exactly what each person intended (no
 * loss, no duplicate) and each mirror must equal what the server lets its person see.
 *
 * A worker is stopped only between two protocol calls of its profile, never during one: a call
 * cut off by a stop leaves the CALLER unsure whether the action was taken (the popup would show
 * an error), which is not what this test measures. Sync runs, which the background starts by
 * itself after every action, are cut off freely.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng as seededRandom } from '../../scripts/lib/prng.ts';
import {
  compareViews,
  compareWithServer,
  latest,
  newPerson,
  nextStep,
  type PersonModel,
  type Step,
} from './chaos-model.ts';
import { callUi, outboxSize, readMirror, syncStatus, ui } from './extension-probe.ts';
import { type FaultProxy, startFaultProxy } from './fault-proxy.ts';
import {
  type ExtensionBrowser,
  type FixtureServer,
  launchExtension,
  type RunningServer,
  serveFixtures,
  startServer,
} from './harness.ts';
import { addUser, freePort, rest } from './journey-helpers.ts';

const SEED = Number(process.env.OUTLOUD_CHAOS_SEED ?? 7_2024);
const MUTATIONS = 1_000;
const CHECKPOINT_EVERY = 40;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A FIFO mutex: protocol calls and worker stops of one profile take turns. */
class Turns {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

type Profile = {
  browser: ExtensionBrowser;
  page: Page;
  token: string;
  model: PersonModel;
  turns: Turns;
  performed: number;
};

describe('chaos sync', () => {
  let port: number;
  let server: RunningServer;
  let proxy: FaultProxy;
  let fixtures: FixtureServer;
  const profiles: Profile[] = [];

  beforeAll(async () => {
    port = await freePort();
    [server, fixtures] = await Promise.all([startServer({ port }), serveFixtures()]);
    proxy = await startFaultProxy({
      upstream: () => `http://127.0.0.1:${port}`,
      seed: SEED,
      plan: { drop: 0.08, error500: 0.08, tooMany: 0.06, stall: 0.04, loseResponse: 0.12 },
      stallMs: [1_000, 3_000],
    });
    for (const [handle, name] of [
      ['ann', 'Ann Chaos'],
      ['bo', 'Bo Chaos'],
    ] as const) {
      const token = await addUser(server, handle, name);
      const browser = await launchExtension();
      const page = await browser.openPage('options.html');
      await ui(page, 'signIn', { serverUrl: proxy.url, token });
      profiles.push({
        browser,
        page,
        token,
        model: newPerson(handle),
        turns: new Turns(),
        performed: 0,
      });
    }
    await ui(profiles[0]!.page, 'follow', { handle: 'bo' });
    await ui(profiles[1]!.page, 'follow', { handle: 'ann' });
  });

  afterAll(async () => {
    for (const p of profiles) await p.browser.close();
    await proxy?.close();
    await fixtures?.close();
    await server?.stop();
  });

  /** Sends one action through the protocol and records it in the model once the background took it. */
  async function perform(p: Profile, step: Step): Promise<void> {
    await p.turns.run(async () => {
      const reply = await callUi(p.page, step.method, step.params);
      if (!reply.ok) {
        throw new Error(`${p.model.handle} ${step.method} refused: ${JSON.stringify(reply.error)}`);
      }
      let looked: unknown;
      if (step.lookup) {
        const answer = await callUi(p.page, step.lookup.method, step.lookup.params);
        if (!answer.ok) {
          throw new Error(
            `${p.model.handle} ${step.lookup.method} refused: ${JSON.stringify(answer.error)}`,
          );
        }
        looked = answer.value;
      }
      step.record(reply.value, looked);
      p.performed++;
    });
  }

  /** Asks for a sync (faults may fail it) and learns which of the other's items `p` can see now. */
  async function checkpoint(p: Profile, other: Profile): Promise<void> {
    await p.turns.run(() => callUi(p.page, 'syncNow'));
    for (const key of (await readMirror(p.page)).keys()) {
      const id = key.slice(key.indexOf(':') + 1);
      if (other.model.targets.has(id)) p.model.targets.add(id);
    }
  }

  async function drive(p: Profile, other: Profile, quota: number, seed: number): Promise<void> {
    const random = seededRandom(seed);
    for (let n = 1; p.performed < quota; n++) {
      const step = nextStep(p.model, n, random, fixtures.origin);
      await perform(p, step);
      const follow = step.followUp?.();
      if (follow) await perform(p, follow);
      if (n % CHECKPOINT_EVERY === 0) await checkpoint(p, other);
    }
  }

  /**
   * The storm, paced by progress (so a fast or slow machine gets the same number of events):
   * every 200 mutations the server is SIGKILLed and restarted after a seeded pause (actions
   * keep being made meanwhile), and every 80 one profile's service worker (both, every third
   * time) is stopped through CDP.
   */
  async function storm(done: () => boolean, events: { kills: number; stops: number }) {
    const random = seededRandom(SEED + 1);
    const progress = () => profiles.reduce((sum, p) => sum + p.performed, 0);
    const kills = async () => {
      for (let at = 100; !done(); await sleep(50)) {
        if (progress() < at) continue;
        at += 200;
        await server.stop('SIGKILL');
        events.kills++;
        await sleep(300 + random() * 1_500);
        server = await startServer({ dbPath: server.dbPath, port });
      }
    };
    const stops = async () => {
      for (let at = 40; !done(); await sleep(50)) {
        if (progress() < at) continue;
        at += 80;
        const n = events.stops++;
        const which = n % 3 === 2 ? [0, 1] : [n % 2];
        await Promise.all(
          which.map((i) => profiles[i]!.turns.run(() => profiles[i]!.browser.stopServiceWorkers())),
        );
      }
    };
    await Promise.all([kills(), stops()]);
  }

  /** Syncs both profiles until neither has anything waiting and the last run went well. */
  async function drain(deadlineMs: number): Promise<void> {
    for (;;) {
      for (const p of profiles) await callUi(p.page, 'syncNow');
      const statuses = await Promise.all(profiles.map((p) => syncStatus(p.page)));
      if (statuses.every((s) => s.pending === 0 && s.failed.length === 0 && s.error === null)) {
        break;
      }
      if (Date.now() > deadlineMs) {
        throw new Error(`outboxes did not drain: ${JSON.stringify(statuses)}`);
      }
      await sleep(500);
    }
    // One more successful run each, started after both outboxes were empty: each pulls the
    // other's last changes.
    for (const p of profiles) {
      const since = new Date().toISOString();
      await expect
        .poll(
          async () => {
            await callUi(p.page, 'syncNow');
            const s = await syncStatus(p.page);
            return s.error === null && (s.lastSyncAt ?? '') >= since;
          },
          { timeout: 30_000, interval: 300 },
        )
        .toBe(true);
    }
  }

  it('loses nothing and duplicates nothing through faults, kills and worker stops', async () => {
    const started = Date.now();
    const [ann, bo] = profiles as [Profile, Profile];
    proxy.setEnabled(true);
    let driving = true;
    const events = { kills: 0, stops: 0 };
    const chaos = storm(() => !driving, events);
    try {
      await Promise.all([
        drive(ann, bo, MUTATIONS / 2, SEED + 101),
        drive(bo, ann, MUTATIONS / 2, SEED + 202),
      ]);
    } finally {
      driving = false;
      await chaos;
    }
    const droveMs = Date.now() - started;
    proxy.setEnabled(false);
    await drain(Date.now() + 120_000);

    let lost = 0;
    let duplicated = 0;
    let intended = 0;
    const problems: string[] = [];
    for (const [p, other] of [
      [ann, bo],
      [bo, ann],
    ] as const) {
      const view = latest(await rest(server.url, p.token).changes());
      const tally = compareWithServer(p.model, view);
      intended += tally.intended;
      lost += tally.lost.length;
      duplicated += tally.duplicated.length;
      problems.push(...tally.lost, ...tally.duplicated);
      const mirror = await readMirror(p.page);
      problems.push(...compareViews(mirror, view).map((d) => `${p.model.handle}'s mirror: ${d}`));
      for (const b of other.model.bookmarks.values()) {
        if (b.visibility === 'private' && mirror.has(`bookmark:${b.id}`)) {
          problems.push(`${p.model.handle}'s mirror holds ${other.model.handle}'s private ${b.id}`);
        }
      }
      expect(await outboxSize(p.page)).toBe(0);
    }
    const mutations = ann.performed + bo.performed;
    console.log(`mutations: ${mutations}, lost: ${lost}, duplicated: ${duplicated}`);
    console.log(
      `chaos: ${intended} intended objects checked; faults ${JSON.stringify(proxy.counts())}; ` +
        `server SIGKILLs ${events.kills}; worker stop rounds ${events.stops}; ` +
        `drive ${(droveMs / 1000).toFixed(1)} s, total ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(problems.slice(0, 20)).toEqual([]);
    expect(mutations).toBeGreaterThanOrEqual(MUTATIONS);
    expect(events.kills).toBeGreaterThanOrEqual(4);
    expect(events.stops).toBeGreaterThanOrEqual(11);
  }, 360_000);
});
