/**
 * `npm run bench -- server-write`: the write and sync paths of the REST endpoint, in process
 * through `app.inject()` on a SQLite file (WAL), and on PostgreSQL too when `OUTLOUD_TEST_PG`
 * is set. `POST /v1/sync` of 100 new bookmarks beside 100 bare inserts of the same rows (one
 * transaction each, as sync does), and pulling 100,000 changes from `/v1/changes` in pages of
 * 500 beside a bare keyset scan of the same rows serialised to JSON. Medians of `BENCH_ROUNDS`.
 */
import { urlKey } from '../../src/core/url.ts';
import { nextSeqs } from '../../src/server/db/changes.ts';
import { addUser } from '../../src/server/repos/users.ts';
import { type InProcessTarget, onEachDatabase } from './in-process.ts';
import { type BenchRow, type BenchSuite, median } from './types.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 100_000);

type Target = InProcessTarget & { token: string };

/** Row values for a bookmark, as the server would store them. */
async function bookmarkRow(id: string, url: string, now: string) {
  return {
    id,
    type: 'bookmark' as const,
    owner: 'bench',
    url,
    url_key: await urlKey(url),
    title: `Page ${id.slice(0, 8)}`,
    description: '',
    tags: '["bench"]',
    quote: null,
    comment: '',
    text: '',
    question: 0,
    target_id: null,
    visibility: 'public' as const,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
}

async function timeSync(t: Target, round: number): Promise<{ sync: number; replay: number }> {
  const mutations = Array.from({ length: 100 }, (_, i) => ({
    id: crypto.randomUUID(),
    op: 'put' as const,
    type: 'bookmark' as const,
    data: { url: `https://example.org/sync/${round}/${i}?utm_source=x`, tags: ['bench'] },
  }));
  const run = async () => {
    const start = performance.now();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/sync',
      headers: { authorization: `Bearer ${t.token}` },
      payload: { mutations },
    });
    if (res.statusCode !== 200) throw new Error(`sync answered ${res.statusCode}`);
    return performance.now() - start;
  };
  return { sync: await run(), replay: await run() };
}

/** The floor: the same 100 rows inserted bare, one transaction each (as sync does). */
async function timeBareInserts(t: Target, round: number): Promise<number> {
  const now = new Date().toISOString();
  const rows = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      bookmarkRow(crypto.randomUUID(), `https://example.org/bare/${round}/${i}`, now),
    ),
  );
  const start = performance.now();
  for (const row of rows) {
    await t.db.kysely.transaction().execute((trx) => trx.insertInto('items').values(row).execute());
  }
  return performance.now() - start;
}

/** Seeds `count` public bookmarks with their change-log rows, in batches. */
async function seedChanges(t: Target, count: number): Promise<void> {
  const now = new Date().toISOString();
  for (let done = 0; done < count; done += 1000) {
    const n = Math.min(1000, count - done);
    const rows = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        bookmarkRow(crypto.randomUUID(), `https://example.org/seed/${done + i}`, now),
      ),
    );
    await t.db.kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < n; i += 250) {
        await trx
          .insertInto('items')
          .values(rows.slice(i, i + 250))
          .execute();
      }
      const seqs = await nextSeqs(trx, n);
      const log = rows.map((r, i) => ({
        kind: 'bookmark' as const,
        key: r.id,
        seq: seqs[i]!,
        owner: 'bench',
        target_owner: null,
        public: 1,
      }));
      for (let i = 0; i < n; i += 250) {
        await trx
          .insertInto('changes')
          .values(log.slice(i, i + 250))
          .execute();
      }
    });
  }
}

async function timePull(t: Target): Promise<{ ms: number; count: number }> {
  let cursor = '';
  let count = 0;
  const start = performance.now();
  for (;;) {
    const res = await t.app.inject({
      url: `/v1/changes?limit=500&cursor=${cursor}`,
      headers: { authorization: `Bearer ${t.token}` },
    });
    const page = res.json() as { items: unknown[]; cursor: string; hasMore: boolean };
    count += page.items.length;
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return { ms: performance.now() - start, count };
}

/** The floor: the same rows read bare in keyset pages of 500 and serialised. */
async function timeBareScan(t: Target): Promise<number> {
  let after = '';
  const start = performance.now();
  for (;;) {
    const rows = await t.db.kysely
      .selectFrom('items')
      .select([
        'id',
        'owner',
        'url',
        'url_key',
        'title',
        'description',
        'tags',
        'visibility',
        'created_at',
        'updated_at',
      ])
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    JSON.stringify(rows);
    if (rows.length < 500) break;
    after = rows.at(-1)!.id;
  }
  return performance.now() - start;
}

async function measure(t: Target): Promise<BenchRow[]> {
  const sync: number[] = [];
  const replay: number[] = [];
  const bare: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const s = await timeSync(t, r);
    sync.push(s.sync);
    replay.push(s.replay);
    bare.push(await timeBareInserts(t, r));
  }
  await seedChanges(t, CHANGES);
  const pulls: number[] = [];
  const scans: number[] = [];
  let pulled = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const p = await timePull(t);
    pulls.push(p.ms);
    pulled = p.count;
    scans.push(await timeBareScan(t));
  }
  const floor = { name: `${t.label}: 100 bare inserts, 1 tx each`, value: median(bare) };
  const scan = { name: `${t.label}: bare keyset scan + JSON`, value: median(scans) / 1000 };
  return [
    {
      name: `${t.label}: POST /v1/sync, 100 new bookmarks`,
      value: median(sync),
      unit: 'ms',
      baseline: floor,
    },
    {
      name: `${t.label}: same sync replayed (all unchanged)`,
      value: median(replay),
      unit: 'ms',
      baseline: floor,
    },
    {
      name: `${t.label}: pull ${pulled.toLocaleString('en')} changes, pages of 500`,
      value: median(pulls) / 1000,
      unit: 's',
      baseline: scan,
      note: `${Math.round(pulled / (median(pulls) / 1000)).toLocaleString('en')} changes/s`,
    },
  ];
}

const suite: BenchSuite = {
  name: 'server-write',
  title: 'Server writes and change pulls',
  run: () =>
    onEachDatabase({ rateLimit: false }, async (t) =>
      measure({ ...t, token: await addUser(t.db, 'bench', 'Bench') }),
    ),
};

export default suite;
