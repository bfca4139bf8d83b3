/**
 * `/v1/sync` against a model of one device's outbox whose pushes reach the server out of order.
 * fast-check writes a history of actions (bookmark and status edits and deletes, likes and
 * unlikes, follows and unfollows, as the extension queues them: an item's first action creates
 * it, nothing follows its delete) and a schedule of pushes between them. A push sends the outbox
 * from its oldest unanswered entry, as `pushOutbox` does; it is either answered (its entries
 * leave the outbox) or held in the network with no answer, and reaches the server later, at a
 * moment the schedule picks, sometimes while another push is being applied. At the end the
 * outbox drains, and then whatever was still held arrives (the chaos e2e loss: a stopped
 * worker's push arriving last). The server must then hold exactly the state the actions lead to
 * in the order they were made, and every answer the device hears must complete its entry (2xx,
 * or 410 for a put whose delete is queued). Each run has its own people and objects in one app.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../src/core/wire.ts';
import { addUser, call, databases, newId, type TestApp, useServer } from './helpers.ts';
import { slowProperty } from './property-params.ts';

/** The objects the device changes: two bookmarks, a status, a like and a follow. */
const OBJECTS = ['b0', 'b1', 's0', 'like', 'follow'] as const;
type Obj = (typeof OBJECTS)[number];

type Action = { obj: Obj; del: boolean };
/**
 * One step of the schedule: the person makes `make` more actions, a held push may reach the
 * server (`deliver` picks which), then a push takes the outbox from its oldest unanswered entry
 * (at most `extra` more), answered or `held`. With `together`, the held push arrives while this
 * one is being applied (on PostgreSQL, two transactions at once).
 */
type Push = {
  make: number;
  extra: number;
  held: boolean;
  deliver: number | null;
  together: boolean;
};

const action: fc.Arbitrary<Action> = fc.record({
  obj: fc.constantFrom(...OBJECTS),
  del: fc.boolean(),
});
const push: fc.Arbitrary<Push> = fc.record({
  make: fc.nat({ max: 4 }),
  extra: fc.nat({ max: 6 }),
  held: fc.boolean(),
  deliver: fc.option(fc.nat(), { nil: null }),
  together: fc.boolean(),
});

/** The actions as the extension queues them: an item's start at its create, end at its delete. */
function queueable(actions: Action[]): Action[] {
  const created = new Set<Obj>();
  const deleted = new Set<Obj>();
  return actions.filter((a) => {
    if (a.obj === 'like' || a.obj === 'follow') return true;
    if (deleted.has(a.obj) || (a.del && !created.has(a.obj))) return false;
    (a.del ? deleted : created).add(a.obj);
    return true;
  });
}

/** A run's objects: its items' ids, the liked status, and who follows whom (`me`, `other`). */
type Ids = Record<'b0' | 'b1' | 's0' | 'target' | 'me' | 'other', string>;

function mutationOf(a: Action, version: number, ids: Ids, seq: number): Mutation {
  const op = a.del ? 'delete' : 'put';
  if (a.obj === 'like') return { type: 'like', op, id: ids.target, seq };
  if (a.obj === 'follow') return { type: 'follow', op, id: ids.other, seq };
  if (a.obj === 's0') {
    return a.del
      ? { type: 'status', op, id: ids.s0, seq }
      : { type: 'status', op, id: ids.s0, seq, data: { text: `status v${version}` } };
  }
  const data = {
    url: `https://example.org/${a.obj}`,
    title: `v${version}`,
    description: `d${version}`,
    tags: [`t${version}`],
  };
  return a.del
    ? { type: 'bookmark', op, id: ids[a.obj], seq }
    : { type: 'bookmark', op, id: ids[a.obj], seq, data };
}

/** What the server should hold: each object's last action in the order they were made. */
function expected(mutations: Mutation[]): Map<string, Mutation> {
  const last = new Map<string, Mutation>();
  for (const m of mutations) last.set(`${m.type}:${m.id}`, m);
  return last;
}

async function check(t: TestApp, token: string, ids: Ids, mutations: Mutation[]): Promise<void> {
  const last = expected(mutations);
  for (const [kind, id, plural] of [
    ['bookmark', ids.b0, 'bookmarks'],
    ['bookmark', ids.b1, 'bookmarks'],
    ['status', ids.s0, 'statuses'],
  ] as const) {
    const m = last.get(`${kind}:${id}`);
    const res = await call(t, 'GET', `/v1/${plural}/${id}`, { token });
    if (!m || m.op === 'delete') {
      expect(res.statusCode, `${kind} ${id}`).toBe(404);
    } else {
      expect(res.statusCode).toBe(200);
      const data = m.data as Record<string, unknown>;
      expect(res.json()).toMatchObject(
        kind === 'status' ? { text: data.text } : { title: data.title, tags: data.tags },
      );
    }
  }
  const like = await t.db.kysely
    .selectFrom('likes')
    .select('owner')
    .where('owner', '=', ids.me)
    .where('target_id', '=', ids.target)
    .executeTakeFirst();
  expect(like !== undefined, 'liked').toBe(last.get(`like:${ids.target}`)?.op === 'put');
  const follow = await t.db.kysely
    .selectFrom('follows')
    .select('follower')
    .where('follower', '=', ids.me)
    .where('followee', '=', ids.other)
    .executeTakeFirst();
  expect(follow !== undefined, 'following').toBe(last.get(`follow:${ids.other}`)?.op === 'put');
}

/**
 * A heard answer completes its entry: 2xx, or 410 for a put whose delete the outbox holds after
 * it (`pushOutbox` checks the whole outbox, `hasLaterDelete`).
 */
function completes(result: MutationResult, m: Mutation, outbox: Mutation[]): boolean {
  if (result.status >= 200 && result.status < 300) return true;
  return (
    result.status === 410 &&
    m.op === 'put' &&
    outbox.some((later) => later.seq! > m.seq! && later.id === m.id && later.op === 'delete')
  );
}

/**
 * Forty runs by default (a fraction of a second each); `SYNC_ORDER_RUNS`, `SYNC_ORDER_SEED`:
 * `property-params.ts`.
 */
const PROPERTY = slowProperty<[Action[], Push[]]>('SYNC_ORDER', {
  runs: 40,
  runTimeoutMs: 60_000,
});

describe.each(databases())('sync order model on %s', (dialect) => {
  // One app for every run (each run has its own people and objects): a fresh PostgreSQL schema
  // per run costs more than the run, and is exposed to other suites' schemas coming and going.
  const { t } = useServer(dialect, { once: true });
  let run = 0;

  it(
    'ends with the state the actions lead to, whatever order the pushes arrive in',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(action, { minLength: 4, maxLength: 24 }),
          fc.array(push, { minLength: 1, maxLength: 10 }),
          async (actions, pushes) => {
            run++;
            const ids: Ids = {
              b0: newId(),
              b1: newId(),
              s0: newId(),
              target: newId(),
              me: `ann${run}`,
              other: `bob${run}`,
            };
            const ann = await addUser(t, ids.me);
            const bob = await addUser(t, ids.other);
            await call(t, 'PUT', `/v1/statuses/${ids.target}`, {
              token: bob,
              body: { text: 'like me' },
            });
            const outbox = queueable(actions).map((a, i) => mutationOf(a, i, ids, i + 1));
            const send = async (mutations: Mutation[]) => {
              const res = await call(t, 'POST', '/v1/sync', {
                token: ann,
                body: { mutations, outbox: 'device-1' },
              });
              expect(res.statusCode, res.body).toBe(200);
              return res.json().results as MutationResult[];
            };
            let made = 0;
            let answered = 0;
            const held: Mutation[][] = [];
            const deliverHeld = async (pick: number) => {
              const [late] = held.splice(pick % held.length, 1);
              if (late) await send(late);
            };
            const pushAnswered = async (batch: Mutation[]) => {
              const results = await send(batch);
              results.forEach((r, i) => {
                expect(completes(r, batch[i]!, outbox.slice(0, made)), JSON.stringify(r)).toBe(
                  true,
                );
              });
              answered += batch.length;
            };
            for (const p of pushes) {
              made = Math.min(outbox.length, made + p.make);
              const batch = outbox.slice(answered, Math.min(made, answered + 1 + p.extra));
              const late = p.deliver !== null && held.length > 0 ? p.deliver : null;
              const together = late !== null && p.together && batch.length > 0 && !p.held;
              if (late !== null && !together) await deliverHeld(late);
              if (batch.length === 0) continue;
              if (p.held) held.push(batch);
              else if (together) await Promise.all([deliverHeld(late), pushAnswered(batch)]);
              else await pushAnswered(batch);
            }
            // The rest of the actions, the outbox drained, then what was held arrives.
            made = outbox.length;
            if (answered < outbox.length) await pushAnswered(outbox.slice(answered));
            while (held.length > 0) await deliverHeld(0);
            await check(t, ann, ids, outbox);
          },
        ),
        PROPERTY.params,
      );
    },
    PROPERTY.testTimeoutMs,
  );
});
