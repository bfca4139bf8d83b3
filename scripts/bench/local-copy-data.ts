/**
 * The Chromium local-copy benchmark's organisation: a SQLite database whose `/v1/changes` holds
 * about `changes` changes for one reader, written through the server's own write path (people
 * with `addUser`, everything else as `POST /v1/sync` batches into an in-process app, exactly as
 * extensions push), so the change log, visibility and mentions are what a real organisation's
 * are. Cached in the temporary directory (`TMPDIR`, /tmp by default) by size and data version:
 * re-runs start at once.
 *
 * Mix of the changes: 1,000 people, the reader's 150 follows, then bookmarks 55%, snippets 15%,
 * comments 15% and likes 15% over `changes / 2` pages, by everyone.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LIMITS } from '../../src/core/limits.ts';
import { buildApp } from '../../src/server/app.ts';
import { connect } from '../../src/server/db/index.ts';
import { addUser, createToken } from '../../src/server/repos/users.ts';
import { prng } from '../lib/prng.ts';

/** Bump when the generator changes, so a stale cached file is not reused. */
export const DATA_VERSION = 1;
export const PEOPLE = 1_000;
export const FOLLOWS = 150;
export const READER = 'reader';

export type LocalCopyData = {
  file: string;
  /** A fresh token of the reader, who sees every public change. */
  token: string;
  /** Changes in the reader's `/v1/changes` (counted when generated). */
  changes: number;
};

const handleOf = (i: number) => `p${String(i).padStart(4, '0')}`;
export const pageUrl = (i: number) => `https://intranet.example.org/wiki/page-${i}`;

/** A UUID-shaped id (version 7 layout) from a counter. */
function idOf(n: number): string {
  const hex = n.toString(16).padStart(20, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(12, 15)}-8${hex.slice(15, 18)}-${hex.slice(18)}0000000000`;
}

/** The cached database with about `changes` changes, generated first when missing. */
export async function localCopyData(
  changes: number,
  log: (line: string) => void,
): Promise<LocalCopyData> {
  const file = path.join(tmpdir(), `outloud-bench-local-copy-v${DATA_VERSION}-${changes}.db`);
  if (!existsSync(file)) {
    const started = performance.now();
    log(`generating ${file} (${changes.toLocaleString('en')} changes; once per data version)…`);
    await generate(`${file}.tmp`, changes, log);
    for (const ext of ['-wal', '-shm']) rmSync(`${file}.tmp${ext}`, { force: true });
    renameSync(`${file}.tmp`, file);
    log(`generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const db = await connect(file);
  const token = (await createToken(db, READER))!;
  const counted = db.sqlite!.prepare('SELECT COUNT(*) FROM changes WHERE public = 1').pluck();
  const total = Number(counted.get());
  await db.close();
  return { file, token, changes: total };
}

async function generate(file: string, changes: number, log: (line: string) => void) {
  rmSync(file, { force: true });
  const db = await connect(file);
  // A throwaway file: no fsync per transaction (what makes it durable, not what it holds).
  db.sqlite?.pragma('synchronous = OFF');
  const app = await buildApp({ db, rateLimit: false, authRateLimit: false });
  const random = prng(18);
  const pick = (n: number) => Math.floor(random() * n);
  const pages = Math.max(100, Math.floor(changes / 2));
  // Skewed popularity: a few pages draw many engagements, most a handful.
  const page = () => Math.min(pages - 1, Math.floor(pages * random() ** 2));
  try {
    const t0 = '2025-01-01T00:00:00.000Z';
    const tokens: string[] = [];
    for (let p = 0; p < PEOPLE; p++) tokens.push(await addUser(db, handleOf(p), `Person ${p}`, t0));
    const reader = await addUser(db, READER, 'Reader', t0);
    const queues = new Map<number, unknown[]>();
    const flush = async (p: number) => {
      const mutations = queues.get(p) ?? [];
      queues.delete(p);
      if (mutations.length === 0) return;
      const res = await app.inject({
        method: 'POST',
        url: '/v1/sync',
        headers: { authorization: `Bearer ${p < 0 ? reader : tokens[p]}` },
        payload: { mutations },
      });
      if (res.statusCode !== 200) throw new Error(`seed sync: ${res.statusCode} ${res.body}`);
      for (const r of res.json().results as Array<{ status: number; body: unknown }>) {
        if (r.status >= 300) throw new Error(`seed mutation: ${JSON.stringify(r)}`);
      }
    };
    const push = async (p: number, mutation: unknown) => {
      const queue = queues.get(p) ?? [];
      queue.push(mutation);
      queues.set(p, queue);
      if (queue.length >= LIMITS.syncBatch) await flush(p);
    };
    for (let f = 0; f < FOLLOWS; f++) {
      await push(-1, { id: handleOf(f * 3), op: 'put', type: 'follow' });
    }
    await flush(-1);

    // Items first, then comments and likes on them (a target must exist when its reaction is
    // pushed; batches are per person, so interleaving would reach items still queued).
    const items: string[] = [];
    const bookmarked = new Set<number>();
    const total = changes - (PEOPLE + 1 + FOLLOWS);
    const itemCount = Math.round(total * 0.7);
    let next = 1;
    for (let n = 0; n < total; n++) {
      if (n === itemCount) for (const p of [...queues.keys()]) await flush(p);
      const p = pick(PEOPLE);
      const id = idOf(next++);
      if (n < itemCount && random() < 0.55 / 0.7) {
        let url = page();
        while (bookmarked.has(p * pages + url)) url = page();
        bookmarked.add(p * pages + url);
        const data = {
          url: pageUrl(url),
          title: `Page ${url}: notes on the intranet wiki`,
          description: random() < 0.3 ? 'Worth a read for anyone working on this.' : '',
          tags: ['wiki', `topic${url % 40}`],
          visibility: 'public',
        };
        await push(p, { id, op: 'put', type: 'bookmark', data });
        items.push(id);
      } else if (n < itemCount) {
        const data = {
          url: pageUrl(page()),
          quote: {
            exact: `the passage number ${n} that matters to the team`,
            prefix: 'Before it, ',
            suffix: ' and after it.',
          },
          comment: 'See this part.',
          visibility: 'public',
        };
        await push(p, { id, op: 'put', type: 'snippet', data });
        items.push(id);
      } else if (random() < 0.5) {
        const data = { targetId: items[pick(items.length)], text: 'Agreed, thanks for sharing.' };
        await push(p, { id, op: 'put', type: 'comment', data });
      } else {
        await push(p, { id: items[pick(items.length)], op: 'put', type: 'like' });
      }
      if ((n + 1) % 100_000 === 0) log(`  ${(n + 1).toLocaleString('en')} changes`);
    }
    for (const p of [...queues.keys()]) await flush(p);
    db.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await app.close();
    await db.close();
  }
}
