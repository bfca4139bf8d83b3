/**
 * `npm run bench -- bucket`: what one miss of `GET /v1/pages?prefix=` costs (issue 18), in
 * process, on SQLite and on PostgreSQL when `OUTLOUD_TEST_PG` is set. The organisation has
 * `PAGES` engaged pages (about 110 under each 2-character prefix: k = 50 keeps buckets of 50 to
 * 200) with about three rows a page (items, comments, likes; some private, some shared with
 * groups, some hidden, some mentioning people). A bucket answer of 100 pages (the extension's
 * `limit`) is split into the SQL, the JavaScript assembly and the serialisation (the route's
 * own schema serializer), beside one primary-key SELECT measured in the same run. The SQL is
 * measured three ways, interleaved call by call: as it was before issue 18's change
 * (`server-bucket-before.ts`: its items read through `items_target` when the planner has no
 * statistics, which the server never gathers), by table (the key selection and 4–6 statements,
 * what SQLite serves) and in one statement (what PostgreSQL serves); the single-page lookup the
 * same way. The tables are freshly written and never analysed, as on a new server. Then the whole request through `app.inject()` for a caller who has not asked for
 * that bucket yet (a miss) and again (a hit). Medians of `BENCH_ROUNDS` (default 40), minima
 * in the notes.
 */
import { createHash } from 'node:crypto';
import fastJson from 'fast-json-stringify';
import type { Kysely } from 'kysely';
import { PageSummariesPage } from '../../src/core/wire-read.ts';
import type { Database } from '../../src/server/db/schema.ts';
import {
  bucketRowsByTable,
  bucketRowsInOneStatement,
  loadBucketRows,
  loadPageRows,
} from '../../src/server/repos/page-query.ts';
import { pagesByPrefix, summariesFromRows } from '../../src/server/repos/pages.ts';
import { addUser } from '../../src/server/repos/users.ts';
import { prng } from '../lib/prng.ts';
import { type InProcessTarget, onEachDatabase, perCall } from './in-process.ts';
import { loadBucketRowsBefore, loadPageRowsBefore } from './server-bucket-before.ts';
import { type BenchRow, type BenchSuite, median } from './types.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
/** 256 two-character prefixes × ~110 pages. */
const PAGES = Number(process.env.BENCH_PAGES ?? 28_000);
const PEOPLE = 400;
const GROUPS = 20;
const LIMIT = 100;

const handleOf = (i: number) => `p${String(i).padStart(4, '0')}`;
const keyOf = (i: number) => createHash('sha256').update(`page ${i}`).digest('hex');

async function insertAll<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: Array<Record<string, unknown>>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    // Rows of any table: the seed writes them column by column, as the schema has them.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 500) as never)
      .execute();
  }
}

/** Seeds the organisation; answers the callers' tokens. */
export async function seed(t: InProcessTarget): Promise<string[]> {
  const random = prng(18);
  const pick = (n: number) => Math.floor(random() * n);
  const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
  const tokens: string[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const token = await addUser(t.db, handleOf(i), `Person ${i}`);
    if (i < ROUNDS * 2 + 10) tokens.push(token);
  }
  const q = t.db.kysely;
  const follows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < PEOPLE; i++) {
    for (const j of new Set(Array.from({ length: 20 }, () => pick(PEOPLE)))) {
      if (j !== i)
        follows.push({ follower: handleOf(i), followee: handleOf(j), created_at: at(0) });
    }
  }
  await insertAll(q, 'follows', follows);
  const groups = Array.from({ length: GROUPS }, (_, g) => ({
    id: `00000000-0000-4000-8000-${String(g).padStart(12, '0')}`,
    name: `group ${g}`,
    description: '',
    kind: g % 2 ? 'closed' : 'open',
    created_by: handleOf(g),
    created_at: at(0),
    updated_at: at(0),
    deleted_at: null,
  }));
  await insertAll(q, 'groups', groups);
  const members: Array<Record<string, unknown>> = [];
  for (let i = 0; i < PEOPLE; i++) {
    for (const g of new Set(Array.from({ length: 3 }, () => pick(GROUPS)))) {
      members.push({
        group_id: groups[g]!.id,
        handle: handleOf(i),
        role: i % 50 === 0 ? 'moderator' : 'member',
        created_at: at(0),
      });
    }
  }
  await insertAll(q, 'group_members', members);
  const items: Array<Record<string, unknown>> = [];
  const itemGroups: Array<Record<string, unknown>> = [];
  const mentions: Array<Record<string, unknown>> = [];
  const likes: Array<Record<string, unknown>> = [];
  let n = 0;
  const id = () => `10000000-0000-4000-8000-${String(n++).padStart(12, '0')}`;
  for (let p = 0; p < PAGES; p++) {
    const url = `https://intranet.example.org/wiki/article-${p}`;
    const roots = 1 + (random() < 0.5 ? 1 : 0);
    const firstOwner = pick(PEOPLE);
    for (let r = 0; r < roots; r++) {
      const type = (['bookmark', 'snippet', 'status'] as const)[pick(3)]!;
      const roll = random();
      const visibility = roll < 0.1 ? 'private' : roll < 0.2 ? 'group' : 'public';
      const root = id();
      items.push({
        id: root,
        type,
        owner: handleOf((firstOwner + r) % PEOPLE),
        url,
        url_key: keyOf(p),
        title: `Article ${p}`,
        description: type === 'bookmark' ? 'A page worth reading again' : '',
        tags: type === 'bookmark' ? '["wiki"]' : '[]',
        quote:
          type === 'snippet'
            ? JSON.stringify({
                exact: 'a quoted sentence',
                prefix: '',
                suffix: '',
                start: 0,
                end: 17,
              })
            : null,
        comment: '',
        text: type === 'status' ? `Read article ${p}, @${handleOf(pick(PEOPLE))} will like it` : '',
        question: 0,
        target_id: null,
        visibility,
        created_at: at(n),
        updated_at: at(n),
        deleted_at: null,
        hidden_at: random() < 0.02 ? at(n) : null,
      });
      if (visibility === 'group')
        itemGroups.push({ item_id: root, group_id: groups[pick(GROUPS)]!.id });
      if (type === 'status') mentions.push({ item_id: root, handle: handleOf(pick(PEOPLE)) });
      if (random() < 0.3) {
        const comment = id();
        items.push({
          id: comment,
          type: 'comment',
          owner: handleOf(pick(PEOPLE)),
          url: null,
          url_key: null,
          title: '',
          description: '',
          tags: '[]',
          quote: null,
          comment: '',
          text: 'Agreed, and the second half is even better',
          question: 0,
          target_id: root,
          visibility: 'public',
          created_at: at(n),
          updated_at: at(n),
          deleted_at: null,
          hidden_at: null,
        });
        if (random() < 0.5)
          likes.push({ owner: handleOf(pick(PEOPLE)), target_id: comment, created_at: at(n) });
      }
      for (const who of new Set(Array.from({ length: pick(3) }, () => pick(PEOPLE)))) {
        likes.push({ owner: handleOf(who), target_id: root, created_at: at(n) });
      }
    }
  }
  await insertAll(q, 'items', items);
  await insertAll(q, 'item_groups', itemGroups);
  await insertAll(q, 'mentions', mentions);
  await insertAll(q, 'likes', likes);
  return tokens;
}

/**
 * Per-call microseconds of each of `fns` over `inputs`, interleaved (on each input every
 * function once, the order rotating from one input to the next), so that whatever else the
 * machine does weighs on all alike.
 */
async function interleaved<T, const F extends ReadonlyArray<(input: T) => unknown>>(
  inputs: readonly T[],
  fns: F,
): Promise<{ [K in keyof F]: number[] }> {
  for (const input of inputs) for (const fn of fns) await fn(input);
  const times: number[][] = fns.map(() => []);
  for (const [i, input] of inputs.entries()) {
    for (let n = 0; n < fns.length; n++) {
      const which = (i + n) % fns.length;
      const start = performance.now();
      await fns[which]!(input);
      times[which]!.push((performance.now() - start) * 1000);
    }
  }
  return times as { [K in keyof F]: number[] };
}

async function measure(t: InProcessTarget): Promise<BenchRow[]> {
  const tokens = await seed(t);
  const { db } = t;
  const me = handleOf(1);
  const prefixes = Array.from({ length: ROUNDS }, (_, i) => keyOf(i * 7).slice(0, 2));
  const serialize = fastJson(PageSummariesPage as object);
  const pk = await perCall(prefixes, (_p) =>
    db.kysely.selectFrom('users').select('name').where('handle', '=', me).executeTakeFirst(),
  );
  const baseline = { name: `one primary-key SELECT (${t.label})`, value: median(pk) };
  const [sqlBefore, byTable, oneStatement] = await interleaved(prefixes, [
    (p) => loadBucketRowsBefore(db, me, p, '', LIMIT),
    (p) => bucketRowsByTable(db, me, p, '', LIMIT),
    (p) => bucketRowsInOneStatement(db, me, p, '', LIMIT),
  ]);
  const loaded = await Promise.all(prefixes.map((p) => loadBucketRows(db, me, p, '', LIMIT)));
  const assemble = await perCall(loaded, (l) => summariesFromRows(l.rows, me));
  const pages = await Promise.all(prefixes.map((p) => pagesByPrefix(db, me, p, '', LIMIT)));
  const bodies = pages.map((page) => ({
    items: page.items,
    cursor: page.last ?? '',
    hasMore: page.hasMore,
  }));
  const json = await perCall(bodies, (body) => serialize(body));
  const singleKeys = pages.map((page) => page.items[Math.floor(page.items.length / 2)]!.urlKey);
  const [singleBefore, singleNow, singleOne] = await interleaved(singleKeys, [
    (key) => loadPageRowsBefore(db, me, key, key),
    (key) => loadPageRows(db, me, key, key),
    (key) => bucketRowsInOneStatement(db, me, key, '', 1),
  ]);
  // Whole requests: each caller asks for a bucket once (a miss), then again (a hit).
  let next = 0;
  const ask = (p: string, token: string) =>
    t.app.inject({
      method: 'GET',
      url: `/v1/pages?prefix=${p}&limit=${LIMIT}`,
      headers: { authorization: `Bearer ${token}` },
    });
  const miss: number[] = [];
  const hit: number[] = [];
  for (const p of prefixes) {
    const token = tokens[next++]!;
    let start = performance.now();
    const first = await ask(p, token);
    miss.push((performance.now() - start) * 1000);
    if (first.statusCode !== 200) throw new Error(`bucket answered ${first.statusCode}`);
    start = performance.now();
    await ask(p, token);
    hit.push((performance.now() - start) * 1000);
  }
  const rowsPer = median(
    loaded.map((l) => l.rows.items.length + l.rows.comments.length + l.rows.likes.length),
  );
  const bytes = median(bodies.map((b) => serialize(b).length));
  const row = (
    name: string,
    list: number[],
    base: { name: string; value: number } = baseline,
    note?: string,
  ): BenchRow => ({
    name: `${t.label}: ${name}`,
    value: median(list),
    unit: 'µs',
    baseline: base,
    note: `min ${Math.min(...list).toFixed(0)} µs${note ? `; ${note}` : ''}`,
  });
  const before = (list: number[], what: string) => ({
    name: `${what} (same run, interleaved)`,
    value: median(list),
  });
  const served = t.label === 'SQLite' ? 'by table' : 'one statement';
  return [
    row('bucket of 100 pages, SQL before: key selection + 4–6 statements', sqlBefore),
    row(
      'bucket of 100 pages, SQL: key selection + 4–6 statements, items read by urlKey only',
      byTable,
      before(sqlBefore, 'before'),
      t.label === 'SQLite' ? 'what SQLite serves' : undefined,
    ),
    row(
      'bucket of 100 pages, SQL: one statement',
      oneStatement,
      before(byTable, 'by table'),
      `${t.label === 'SQLite' ? '' : 'what PostgreSQL serves; '}median ${rowsPer} items+comments+likes a bucket, ${bytes} B of JSON`,
    ),
    row('bucket of 100 pages, JS assembly (summariesFromRows)', assemble),
    row('bucket of 100 pages, serialisation (schema serializer)', json),
    row('single page, SQL before: 4–6 statements', singleBefore),
    row(
      'single page, SQL: 4–6 statements, items read by urlKey only',
      singleNow,
      before(singleBefore, 'before'),
      t.label === 'SQLite' ? 'what SQLite serves' : undefined,
    ),
    row(
      'single page, SQL: the bucket statement',
      singleOne,
      before(singleNow, 'by table'),
      t.label === 'SQLite' ? undefined : 'what PostgreSQL serves',
    ),
    row(`GET /v1/pages?prefix= miss, whole request (${served})`, miss),
    row('GET /v1/pages?prefix= hit, whole request', hit),
  ];
}

const suite: BenchSuite = {
  name: 'bucket',
  title: 'One bucket miss of GET /v1/pages?prefix= split into SQL, assembly and serialisation',
  run: () => onEachDatabase({ rateLimit: false, logger: false }, measure),
};

export default suite;
