/**
 * Randomised model-based visibility test, on SQLite and PostgreSQL: fast-check draws sequences
 * of steps (follows and unfollows; public, private and group bookmarks, snippets and statuses
 * with @mentions; comments; likes and unlikes; moves between audiences; deletes, by owners and
 * others; groups created, joined (open: by oneself, closed: by request and approval), left,
 * members removed and roles changed, opened and closed by an edit, groups deleted; flags; hides and unhides by moderators;
 * deletes by an organisation admin), runs
 * each against the real app and a plain model (`visibility-model.ts`), and after EVERY step
 * checks what each person gets from every read route (`visibility-checks.ts`): no one sees an
 * item they may not, and everyone sees what they may.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { urlKey } from '../../src/core/url.ts';
import { addUser, call, databases, makeApp, type TestApp } from './helpers.ts';
import { slowProperty } from './property-params.ts';
import { COMMON_WORD, checkPerson, emptyMirror, type Mirror } from './visibility-checks.ts';
import {
  type Kind,
  type ModelGroup,
  type ModelItem,
  type Visibility,
  VisibilityModel,
} from './visibility-model.ts';

const PEOPLE = ['ada', 'bob', 'cy', 'dee'];
/** The organisation admin among them (they moderate public items). */
const ADMIN = 'dee';
const PAGES = ['https://one.example/a', 'https://two.example/b?x=1', 'https://three.example/'];
const PLURAL: Record<Kind, string> = {
  bookmark: 'bookmarks',
  snippet: 'snippets',
  status: 'statuses',
  comment: 'comments',
};

type Step =
  | { op: 'follow' | 'unfollow'; who: number; other: number }
  | {
      op: 'create';
      who: number;
      kind: Exclude<Kind, 'comment'>;
      page: number | null;
      aud: Visibility;
      gpick: number;
      mention: number | null;
    }
  | { op: 'group'; who: number; open: boolean }
  | { op: 'join' | 'leave' | 'gdelete' | 'gkind'; who: number; g: number }
  | { op: 'remove'; who: number; other: number; g: number }
  | { op: 'role'; who: number; other: number; g: number; role: 'owner' | 'moderator' | 'member' }
  | { op: 'comment'; who: number; target: number; mention: number | null }
  | { op: 'like' | 'unlike' | 'delete'; who: number; target: number }
  | { op: 'flip'; target: number }
  | { op: 'hide' | 'unhide' | 'flag' | 'remove-item'; who: number; target: number };

const who = fc.nat({ max: PEOPLE.length - 1 });
const target = fc.nat({ max: 1000 });
const mention = fc.option(who, { nil: null });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constantFrom('follow', 'unfollow'),
    who,
    other: fc.integer({ min: 1, max: PEOPLE.length - 1 }),
  }),
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('create'),
      who,
      kind: fc.constantFrom('bookmark', 'snippet', 'status'),
      page: fc.option(fc.nat({ max: PAGES.length - 1 }), { nil: null }),
      aud: fc.constantFrom('public', 'private', 'group'),
      gpick: fc.nat({ max: 1000 }),
      mention,
    }),
  },
  fc.record({ op: fc.constant('group'), who, open: fc.boolean() }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant('join'), who, g: target }) },
  fc.record({ op: fc.constantFrom('leave', 'gdelete'), who, g: target }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant('gkind'), who, g: target }) },
  fc.record({
    op: fc.constant('remove'),
    who,
    other: fc.integer({ min: 1, max: PEOPLE.length - 1 }),
    g: target,
  }),
  fc.record({
    op: fc.constant('role'),
    who,
    other: fc.integer({ min: 1, max: PEOPLE.length - 1 }),
    g: target,
    role: fc.constantFrom('owner', 'moderator', 'member'),
  }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant('comment'), who, target, mention }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('like', 'unlike'), who, target }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('flip'), target }) },
  fc.record({ op: fc.constant('delete'), who, target }),
  { weight: 6, arbitrary: fc.record({ op: fc.constant('hide'), who, target }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('unhide'), who, target }) },
  fc.record({ op: fc.constantFrom('flag', 'remove-item'), who, target }),
) as fc.Arbitrary<Step>;

/** Runs one step against the app and the model, asserting each answer the model predicts. */
async function run(t: TestApp, model: VisibilityModel, tokens: string[], s: Step, n: number) {
  const me = PEOPLE[s.op === 'flip' ? 0 : s.who] ?? '';
  const token = tokens[PEOPLE.indexOf(me)];
  const pick = (i: number) => model.items[i % Math.max(1, model.items.length)];
  const marker = `mk${n}q`;
  const at = (m: number | null) => (m === null ? '' : ` @${PEOPLE[m]}`);
  switch (s.op) {
    case 'follow':
    case 'unfollow': {
      const other = PEOPLE[(s.who + s.other) % PEOPLE.length] ?? '';
      const res = await call(t, s.op === 'follow' ? 'PUT' : 'DELETE', `/v1/follows/${other}`, {
        token,
      });
      const edge = `${me}>${other}`;
      if (s.op === 'follow') {
        expect(res.statusCode, res.body).toBeLessThan(300);
        model.follows.add(edge);
      } else {
        // Unfollowing someone not followed is answered 200 (idempotent) or 404: both are fine.
        expect([200, 404], res.body).toContain(res.statusCode);
        model.follows.delete(edge);
      }
      return [];
    }
    case 'create': {
      const id = crypto.randomUUID();
      const url = s.page === null ? null : (PAGES[s.page] ?? null);
      const mine = model.groups.filter((g) => g.live && g.members.has(me));
      const others = model.groups.filter((g) => g.live && !g.members.has(me));
      // A group item: one or two of my groups; with none, a group I am not in (refused, 403).
      const refused = s.aud === 'group' && mine.length === 0 && others.length > 0;
      const visibility: Visibility =
        s.aud === 'group' && mine.length === 0 && !refused ? 'public' : s.aud;
      const groups =
        visibility !== 'group'
          ? []
          : refused
            ? [others[s.gpick % others.length]!.id]
            : pickGroups(mine, s.gpick);
      const audience = visibility === 'group' ? { visibility, groups } : { visibility };
      const text = `${COMMON_WORD} ${marker}${at(s.mention)}`;
      const page = url ?? `https://solo.example/${id}`;
      const body: Record<string, unknown> =
        s.kind === 'bookmark'
          ? { url: page, title: text, tags: [`tg${n}t`], ...audience }
          : s.kind === 'snippet'
            ? {
                url: page,
                quote: { exact: `${COMMON_WORD} ${marker}` },
                comment: text,
                ...audience,
              }
            : { text, ...(url ? { url } : {}), ...audience };
      const res = await call(t, 'PUT', `/v1/${PLURAL[s.kind]}/${id}`, { token, body });
      const clash = s.kind === 'bookmark' && model.liveBookmark(me, page);
      expect(res.statusCode, res.body).toBe(clash ? 409 : refused ? 403 : 201);
      if (clash || refused) return [];
      const mentions = s.kind === 'bookmark' || s.mention === null ? [] : [PEOPLE[s.mention] ?? ''];
      const item: ModelItem = {
        id,
        kind: s.kind,
        owner: me,
        visibility,
        groups,
        url: s.kind === 'status' ? url : page,
        targetId: null,
        mentions,
        marker,
        tag: s.kind === 'bookmark' ? `tg${n}t` : null,
        body,
        live: true,
        hidden: false,
      };
      model.add(item);
      return [item];
    }
    case 'comment': {
      const on = pick(s.target);
      if (!on) return [];
      const id = crypto.randomUUID();
      const body = { targetId: on.id, text: `${COMMON_WORD} ${marker}${at(s.mention)}` };
      const res = await call(t, 'PUT', `/v1/comments/${id}`, { token, body });
      if (!model.visible(on, me)) expect(res.statusCode, res.body).toBe(404);
      else if (on.kind === 'comment') expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      else expect(res.statusCode, res.body).toBe(201);
      if (res.statusCode !== 201) return [on];
      const mentions = s.mention === null ? [] : [PEOPLE[s.mention] ?? ''];
      const item: ModelItem = {
        ...{ id, kind: 'comment', owner: me, visibility: 'public', groups: [], url: null },
        targetId: on.id,
        ...{ mentions, marker, tag: null, body, live: true, hidden: false },
      };
      model.add(item);
      return [item, on];
    }
    case 'like':
    case 'unlike': {
      const on = pick(s.target);
      if (!on) return [];
      const res = await call(t, s.op === 'like' ? 'PUT' : 'DELETE', `/v1/likes/${on.id}`, {
        token,
      });
      const key = `${me}/${on.id}`;
      // One's own like is always removable, even on an item one can no longer see.
      if (s.op === 'unlike' && model.likes.has(key)) expect(res.statusCode, res.body).toBe(200);
      else if (!model.visible(on, me)) expect(res.statusCode, res.body).toBe(404);
      else if (s.op === 'like') expect(res.statusCode, res.body).toBeLessThan(300);
      else expect([200, 404], res.body).toContain(res.statusCode); // unliking twice: either
      if (res.statusCode < 300 && s.op === 'like')
        model.likes.set(key, { owner: me, targetId: on.id });
      if (res.statusCode < 300 && s.op === 'unlike') model.likes.delete(key);
      return [on];
    }
    case 'flip': {
      const live = model.items.filter((i) => i.live && i.kind !== 'comment');
      const on = live[s.target % Math.max(1, live.length)];
      if (!on) return [];
      // public -> private -> a group of the owner's (when they are in one) -> public.
      const mine = model.groups.filter((g) => g.live && g.members.has(on.owner));
      const visibility: Visibility =
        on.visibility === 'public'
          ? 'private'
          : on.visibility === 'private' && mine.length > 0
            ? 'group'
            : 'public';
      const groups = visibility === 'group' ? pickGroups(mine, s.target) : [];
      const owner = tokens[PEOPLE.indexOf(on.owner)];
      const { groups: _old, ...rest } = on.body;
      const body = { ...rest, visibility, ...(visibility === 'group' ? { groups } : {}) };
      const res = await call(t, 'PUT', `/v1/${PLURAL[on.kind]}/${on.id}`, { token: owner, body });
      expect(res.statusCode, res.body).toBe(200);
      on.visibility = visibility;
      on.groups = groups;
      on.body = body;
      return [on, ...model.items.filter((i) => i.targetId === on.id)];
    }
    case 'group':
    case 'join':
    case 'leave':
    case 'remove':
    case 'role':
    case 'gdelete':
    case 'gkind':
      return groupStep(t, model, tokens, s, me);
    case 'hide':
    case 'unhide':
    case 'flag':
    case 'remove-item':
      return moderationStep(t, model, tokens, s, me);
    case 'delete': {
      const on = pick(s.target);
      if (!on) return [];
      const res = await call(t, 'DELETE', `/v1/${PLURAL[on.kind]}/${on.id}`, { token });
      // One's own item is always deletable: again once deleted (a retried delete), and a comment
      // whose item its author may no longer see (README: 'deleting your own item answers 200').
      // Anyone else's is 404 unless they may see it (then 403).
      if (on.owner === me) expect(res.statusCode, res.body).toBe(200);
      else if (!on.live || !model.visible(on, me)) expect(res.statusCode, res.body).toBe(404);
      else expect(res.statusCode, res.body).toBe(403);
      if (res.statusCode === 200) on.live = false;
      return [on, ...model.items.filter((i) => i.targetId === on.id)];
    }
  }
}

/** Moderation steps that took effect (hides, unhides, flags, admin deletes), for the log line. */
const tally = { hide: 0, unhide: 0, flag: 0, 'remove-item': 0 };
/** Groups opened or closed by an edit (`gkind` steps that took effect), for the log line. */
let kindChanges = 0;

/**
 * A moderation step against the app and the model (`handlers/moderation.ts`, `flags.ts`): 404 for
 * an item one may not see, 403 for one not moderated (delete: not an admin), else done; replays
 * answer 200. Returns the items whose readers it changed.
 */
async function moderationStep(
  t: TestApp,
  model: VisibilityModel,
  tokens: string[],
  s: Extract<Step, { op: 'hide' | 'unhide' | 'flag' | 'remove-item' }>,
  drawn: string,
): Promise<ModelItem[]> {
  // Hides mostly of live items someone moderates, unhides mostly of hidden ones, and unless
  // `who` is 0 by one of their moderators (else refusals would be nearly all this tests).
  const moderatorsOf = (i: ModelItem) =>
    PEOPLE.filter((p) => model.visible(i, p) && model.moderates(i, p));
  const pool =
    s.op === 'hide'
      ? model.items.filter((i) => i.live && !i.hidden && moderatorsOf(i).length > 0)
      : s.op === 'unhide'
        ? model.items.filter((i) => i.hidden)
        : [];
  const from = pool.length > 0 && s.target % 4 !== 0 ? pool : model.items;
  const on = from[s.target % Math.max(1, from.length)];
  if (!on) return [];
  const moderators = moderatorsOf(on);
  const me =
    (s.op === 'hide' || s.op === 'unhide') && s.who !== 0 && moderators.length > 0
      ? moderators[s.target % moderators.length]!
      : drawn;
  const token = tokens[PEOPLE.indexOf(me)] ?? '';
  const touched = [on, ...model.items.filter((i) => i.targetId === on.id)];
  const seen = model.visible(on, me);
  if (s.op === 'flag') {
    const res = await call(t, 'PUT', `/v1/flags/${on.id}`, { token, body: { reason: 'flagged' } });
    const key = `${me}>${on.id}`;
    expect(res.statusCode, res.body).toBe(!seen ? 404 : model.flags.has(key) ? 200 : 201);
    if (res.statusCode < 300) model.flags.add(key);
    if (res.statusCode === 201) tally.flag++;
    return [];
  }
  if (s.op === 'remove-item') {
    const res = await call(t, 'DELETE', `/v1/items/${on.id}?reason=removed`, { token });
    const admin = me === ADMIN;
    const expected = admin && !on.live ? 200 : !seen ? 404 : !admin ? 403 : 200;
    expect(res.statusCode, res.body).toBe(expected);
    if (res.statusCode === 200 && on.live) tally['remove-item']++;
    if (res.statusCode === 200) on.live = false;
    return touched;
  }
  const res =
    s.op === 'hide'
      ? await call(t, 'PUT', `/v1/items/${on.id}/hidden`, { token, body: { reason: 'hidden' } })
      : await call(t, 'DELETE', `/v1/items/${on.id}/hidden`, { token });
  const allowed = seen && model.moderates(on, me);
  const done = s.op === 'hide' && !on.hidden ? 201 : 200;
  expect(res.statusCode, res.body).toBe(!seen ? 404 : !allowed ? 403 : done);
  if (allowed && on.hidden !== (s.op === 'hide')) tally[s.op]++;
  if (allowed) on.hidden = s.op === 'hide';
  return touched;
}

/** One or two of `groups` (by `pick`), as ids, sorted. */
function pickGroups(groups: readonly ModelGroup[], pick: number): string[] {
  const first = groups[pick % groups.length]!;
  const second = groups[(pick + 1) % groups.length]!;
  return [...new Set(pick % 2 === 0 ? [first.id] : [first.id, second.id])].sort();
}

const owners = (g: ModelGroup) => [...g.members.values()].filter((r) => r === 'owner').length;
const moderates = (role: string | undefined) => role === 'owner' || role === 'moderator';

/**
 * A group step against the app and the model; the expected answers are the rules of
 * `handlers/groups.ts`. Returns the items whose readers it changed.
 */
async function groupStep(
  t: TestApp,
  model: VisibilityModel,
  tokens: string[],
  s: Extract<Step, { g: number } | { op: 'group' }>,
  me: string,
): Promise<ModelItem[]> {
  const token = tokens[PEOPLE.indexOf(me)];
  const shared = (g: ModelGroup) => model.items.filter((i) => i.groups.includes(g.id));
  const withComments = (items: ModelItem[]) => [
    ...items,
    ...model.items.filter((c) => items.some((i) => i.id === c.targetId)),
  ];
  if (s.op === 'group') {
    const id = crypto.randomUUID();
    const kind = s.open ? 'open' : 'closed';
    const res = await call(t, 'PUT', `/v1/groups/${id}`, {
      token,
      body: { name: `g${model.groups.length}`, kind },
    });
    expect(res.statusCode, res.body).toBe(201);
    model.groups.push({ id, kind, members: new Map([[me, 'owner']]), live: true });
    return [];
  }
  const g = model.groups[s.g % Math.max(1, model.groups.length)];
  if (!g) return [];
  const role = g.members.get(me);
  // What an outsider meets: a deleted group or a closed one not theirs is 404.
  const hiddenFromMe = !g.live || (g.kind === 'closed' && role === undefined);
  const url = `/v1/groups/${g.id}`;
  switch (s.op) {
    case 'join': {
      if (role !== undefined) return [];
      if (g.kind === 'open' || !g.live) {
        const res = await call(t, 'PUT', `${url}/members/${me}`, {
          token,
          body: { role: 'member' },
        });
        expect(res.statusCode, res.body).toBe(g.live ? 201 : 404);
      } else {
        const asked = await call(t, 'POST', `${url}/requests`, { token });
        expect(asked.statusCode, asked.body).toBe(201);
        const owner = [...g.members].find(([, r]) => r === 'owner')![0];
        const approved = await call(t, 'PUT', `${url}/requests/${me}`, {
          token: tokens[PEOPLE.indexOf(owner)],
          body: { approve: true },
        });
        expect(approved.statusCode, approved.body).toBe(201);
      }
      if (g.live) g.members.set(me, 'member');
      return withComments(shared(g));
    }
    case 'leave': {
      const res = await call(t, 'DELETE', `${url}/members/${me}`, { token });
      const last = role === 'owner' && owners(g) === 1;
      expect(res.statusCode, res.body).toBe(hiddenFromMe ? 404 : last ? 409 : 200);
      if (res.statusCode === 200) g.members.delete(me);
      return withComments(shared(g));
    }
    case 'remove': {
      const other = PEOPLE[(PEOPLE.indexOf(me) + s.other) % PEOPLE.length] ?? '';
      const theirs = g.members.get(other);
      const res = await call(t, 'DELETE', `${url}/members/${other}`, { token });
      const expected = hiddenFromMe
        ? 404
        : !moderates(role) || (theirs === 'owner' && role !== 'owner')
          ? 403
          : 200;
      expect(res.statusCode, res.body).toBe(expected);
      if (res.statusCode === 200) g.members.delete(other);
      return withComments(shared(g));
    }
    case 'role': {
      const other = PEOPLE[(PEOPLE.indexOf(me) + s.other) % PEOPLE.length] ?? '';
      const theirs = g.members.get(other);
      const res = await call(t, 'PUT', `${url}/members/${other}`, {
        token,
        body: { role: s.role },
      });
      const allowed =
        role === 'owner' || (role === 'moderator' && s.role !== 'owner' && theirs !== 'owner');
      const expected = hiddenFromMe ? 404 : !allowed ? 403 : theirs === undefined ? 201 : 200;
      expect(res.statusCode, res.body).toBe(expected);
      if (res.statusCode < 300) g.members.set(other, s.role);
      return withComments(shared(g));
    }
    case 'gkind': {
      // An edit that opens a closed group or closes an open one: its items gain or lose every
      // reader outside it, on every route.
      // Half the time by one of its moderators (else few edits would be allowed).
      const mod = [...g.members].find(([, r]) => moderates(r))?.[0];
      const by = s.who % 2 === 0 && mod !== undefined ? mod : me;
      const byRole = g.members.get(by);
      const kind = g.kind === 'open' ? 'closed' : 'open';
      const res = await call(t, 'PUT', url, {
        token: tokens[PEOPLE.indexOf(by)],
        body: { name: `g-${kind}`, kind },
      });
      const outsider = g.kind === 'closed' && byRole === undefined;
      const expected = !g.live ? 410 : outsider ? 404 : moderates(byRole) ? 200 : 403;
      expect(res.statusCode, res.body).toBe(expected);
      if (res.statusCode !== 200) return [];
      g.kind = kind;
      kindChanges++;
      return withComments(shared(g));
    }
    case 'gdelete': {
      const res = await call(t, 'DELETE', url, { token });
      const expected = !g.live
        ? role === 'owner'
          ? 200
          : 404
        : hiddenFromMe
          ? 404
          : role === 'owner'
            ? 200
            : 403;
      expect(res.statusCode, res.body).toBe(expected);
      if (res.statusCode !== 200 || !g.live) return [];
      const items = shared(g);
      let madePrivate = 0;
      for (const item of items) {
        item.groups = item.groups.filter((id) => id !== g.id);
        const { groups: _old, ...rest } = item.body;
        if (item.groups.length === 0 && item.visibility === 'group') {
          item.visibility = 'private';
          item.body = { ...rest, visibility: 'private' };
          if (item.live) madePrivate++;
        } else item.body = { ...rest, groups: item.groups };
      }
      expect(res.json().itemsMadePrivate, res.body).toBe(madePrivate);
      g.live = false;
      return withComments(items);
    }
  }
}

/** Three runs by default (a run is ~1.5 s on SQLite, ~3 s on PostgreSQL); two minutes a run at
 * most. `VISIBILITY_RUNS`, `VISIBILITY_SEED`/`VISIBILITY_PATH` and `VISIBILITY_SHRINK=1`:
 * `property-params.ts`. */
const PROPERTY = slowProperty<[Step[]]>('VISIBILITY', { runs: 3, runTimeoutMs: 120_000 });

describe.each(databases())('visibility model on %s', (dialect) => {
  it(
    'shows no one an item they may not see, on any route, after every step',
    async () => {
      const keys = new Map<string, string>();
      for (const page of PAGES) keys.set(page, await urlKey(page));
      let steps = 0;
      let requests = 0;
      let hidden = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 20, maxLength: 40 }), async (steps_) => {
          const t = await makeApp(dialect);
          try {
            const tokens = await Promise.all(PEOPLE.map((p) => addUser(t, p)));
            await t.db.kysely
              .updateTable('users')
              .set({ role: 'admin' })
              .where('handle', '=', ADMIN)
              .execute();
            const model = new VisibilityModel(PEOPLE, new Set([ADMIN]));
            const mirrors: Mirror[] = PEOPLE.map(() => emptyMirror());
            for (const [n, s] of steps_.entries()) {
              const touched = await run(t, model, tokens, s, n);
              steps++;
              const all = model.items;
              const spread = [1, 2, 3].map((k) => all[(n * 31 + k * 17) % Math.max(1, all.length)]);
              const sample = [...touched, ...spread.filter((i) => i !== undefined)];
              for (const [i, me] of PEOPLE.entries()) {
                const seen = await checkPerson(
                  t,
                  model,
                  me,
                  tokens[i] ?? '',
                  mirrors[i] ?? emptyMirror(),
                  keys,
                  sample,
                );
                requests += seen.requests;
                hidden += seen.hidden;
              }
            }
          } finally {
            await t.close();
          }
        }),
        PROPERTY.params,
      );
      console.log(
        `visibility model (${dialect}): ${steps} steps, ${requests} read requests checked, ` +
          `${hidden} hidden (person, item) pairs looked for on every route; moderation done: ` +
          `${tally.hide} hides, ${tally.unhide} unhides, ${tally.flag} flags, ` +
          `${tally['remove-item']} admin deletes; ${kindChanges} groups opened or closed`,
      );
    },
    PROPERTY.testTimeoutMs,
  );
});
