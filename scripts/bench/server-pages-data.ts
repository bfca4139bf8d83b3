/**
 * The page-engagement benchmark's data: a SQLite database with 1,000,000 engagements (items and
 * likes) by 5,000 people over 200,000 pages, written with prepared statements inside one
 * transaction and cached in the temporary directory (`TMPDIR`, /tmp by default) keyed by a
 * version, so re-runs start at once. Page
 * popularity is skewed (a few pages draw thousands of engagements, most a handful), 10% of items
 * are private, 10% are shared with one or two groups of their author's (issue 15: 1,000 groups,
 * half open, half closed; everyone is in 3 to 10 of them), and everyone follows 30 others.
 */
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { normalizeUrl } from '../../src/core/url.ts';
import { connect } from '../../src/server/db/index.ts';
import { addUser, createToken, findUser } from '../../src/server/repos/users.ts';
import { prng } from '../lib/prng.ts';

/** Bump when the generator changes, so a stale cached file is not reused. */
export const DATA_VERSION = 3;

/**
 * `BENCH_PAGES_SCALE` (default 1) scales every count but the follows, for smoke runs of the bench
 * on a small organisation (0.01: 10,000 engagements, seconds to generate); its figures are not
 * the 1,000,000-engagement ones.
 */
const SCALE = Number(process.env.BENCH_PAGES_SCALE ?? 1);
if (!(SCALE > 0 && SCALE <= 1)) throw new Error('BENCH_PAGES_SCALE must be in (0, 1]');
const scaled = (n: number, least: number) => Math.max(least, Math.round(n * SCALE));

export const SHAPE = {
  people: scaled(5_000, 100),
  follows: 30,
  pages: scaled(200_000, 1_000),
  bookmarks: scaled(450_000, 1_000),
  snippets: scaled(200_000, 100),
  statuses: scaled(100_000, 100),
  comments: scaled(150_000, 100),
  likes: scaled(100_000, 100),
  groups: scaled(1_000, 10),
} as const;

/** The engagements (items and likes) the shape holds, for the suite's title. */
export const ENGAGEMENTS =
  SHAPE.bookmarks + SHAPE.snippets + SHAPE.statuses + SHAPE.comments + SHAPE.likes;

export type BenchData = {
  file: string;
  /** A token of `u00000`, the person the requests are made as. */
  token: string;
  /** Keys of 2,000 pages drawn uniformly from those with public engagement. */
  typicalKeys: string[];
  /** Keys of the 100 most engaged pages. */
  popularKeys: string[];
};

const handleOf = (i: number) => `u${String(i).padStart(5, '0')}`;
const pageUrl = (i: number) => `https://intranet.example.org/wiki/article-${i}`;
/** The urlKey of page `i`, as `src/core/url.ts` computes it (synchronously here). */
const keyOf = (i: number) =>
  createHash('sha256')
    .update(normalizeUrl(pageUrl(i)), 'utf8')
    .digest('hex');

/** A UUID-shaped id (version 7 layout) from a counter, so ids sort by creation. */
function idOf(n: number): string {
  const hex = n.toString(16).padStart(20, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(12, 15)}-8${hex.slice(15, 18)}-${hex.slice(18)}0000000000`;
}

/** Opens the cached database for this version, generating it first when missing. */
export async function benchData(log: (line: string) => void): Promise<BenchData> {
  const file = path.join(
    tmpdir(),
    `outloud-bench-pages-v${DATA_VERSION}${SCALE === 1 ? '' : `-x${SCALE}`}.db`,
  );
  if (!existsSync(file)) {
    const started = performance.now();
    log(
      `generating ${file} (${ENGAGEMENTS.toLocaleString('en')} engagements; once per data version)…`,
    );
    await generate(`${file}.tmp`);
    for (const ext of ['-wal', '-shm']) rmSync(`${file}.tmp${ext}`, { force: true });
    renameSync(`${file}.tmp`, file);
    log(`generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const db = await connect(file);
  const sqlite = db.sqlite!;
  // Requests are made as `bench`, who follows the same people as u00000.
  const token = (await findUser(db.kysely, 'bench'))
    ? (await createToken(db, 'bench'))!
    : await addUser(db, 'bench', 'Bench');
  sqlite
    .prepare(
      `INSERT OR IGNORE INTO follows (follower, followee, created_at)
       SELECT 'bench', followee, created_at FROM follows WHERE follower = ?`,
    )
    .run(handleOf(0));
  // …and is in the same groups.
  sqlite
    .prepare(
      `INSERT OR IGNORE INTO group_members (group_id, handle, role, created_at)
       SELECT group_id, 'bench', 'member', created_at FROM group_members WHERE handle = ?`,
    )
    .run(handleOf(0));
  // Every k-th engaged page in key order: a uniform, deterministic sample.
  const engaged = sqlite
    .prepare(
      `SELECT DISTINCT url_key FROM items WHERE url_key IS NOT NULL AND visibility = 'public'
       ORDER BY url_key`,
    )
    .pluck()
    .all() as string[];
  const step = Math.max(1, Math.floor(engaged.length / 2_000));
  const typicalKeys = engaged.filter((_, i) => i % step === 0);
  const popularKeys = Array.from({ length: 100 }, (_, i) => keyOf(i));
  await db.close();
  return { file, token, typicalKeys, popularKeys };
}

async function generate(file: string): Promise<void> {
  rmSync(file, { force: true });
  const db = await connect(file);
  const sqlite = db.sqlite!;
  // A 1 GiB page cache keeps the one big transaction from spilling pages to the WAL.
  sqlite.pragma('cache_size = -1000000');
  const random = prng(42);
  const pick = (n: number) => Math.floor(random() * n);
  // Skewed popularity: page i is drawn with probability falling off like a power law.
  const page = () => Math.min(SHAPE.pages - 1, Math.floor(SHAPE.pages * random() ** 3));
  const start = Date.parse('2025-01-01T00:00:00Z');
  const span = 365 * 24 * 3600 * 1000;
  const total =
    SHAPE.bookmarks + SHAPE.snippets + SHAPE.statuses + SHAPE.comments + SHAPE.likes + 1;
  let n = 0;
  const nextTime = () => new Date(start + Math.floor((++n / total) * span)).toISOString();

  const user = sqlite.prepare('INSERT INTO users (handle, name, created_at) VALUES (?, ?, ?)');
  const follow = sqlite.prepare(
    'INSERT OR IGNORE INTO follows (follower, followee, created_at) VALUES (?, ?, ?)',
  );
  const item = sqlite.prepare(
    `INSERT INTO items (id, type, owner, url, url_key, title, description, tags, quote, comment,
       text, question, target_id, visibility, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const mention = sqlite.prepare('INSERT OR IGNORE INTO mentions (item_id, handle) VALUES (?, ?)');
  const group = sqlite.prepare(
    `INSERT INTO groups (id, name, description, kind, created_by, created_at, updated_at)
     VALUES (?, ?, '', ?, ?, ?, ?)`,
  );
  const member = sqlite.prepare(
    'INSERT INTO group_members (group_id, handle, role, created_at) VALUES (?, ?, ?, ?)',
  );
  const shared = sqlite.prepare('INSERT INTO item_groups (item_id, group_id) VALUES (?, ?)');
  /** Each person's groups (ids), filled in below. */
  const groupsOf: string[][] = [];
  const like = sqlite.prepare(
    'INSERT OR IGNORE INTO likes (owner, target_id, created_at) VALUES (?, ?, ?)',
  );
  const keys = new Map<number, string>();
  const key = (p: number) => {
    let k = keys.get(p);
    if (k === undefined) {
      k = keyOf(p);
      keys.set(p, k);
    }
    return k;
  };
  const visibility = () => {
    const r = random();
    return r < 0.1 ? 'private' : r < 0.2 ? 'group' : 'public';
  };
  const TAGS = ['design', 'research', 'api', 'security', 'howto', 'policy', 'data', 'ops'];
  const items: string[] = [];
  let nextId = 1;

  sqlite.transaction(() => {
    const t0 = '2024-12-01T00:00:00.000Z';
    for (let u = 0; u < SHAPE.people; u++) user.run(handleOf(u), `Person ${u}`, t0);
    // Groups: group g is created (owned) by person g; everyone joins 3 to 10 of them.
    const groupIds = Array.from({ length: SHAPE.groups }, (_, g) => idOf(10_000_000 + g));
    const members = groupIds.map(() => new Set<number>());
    for (const [g, id] of groupIds.entries()) {
      group.run(id, `Group ${g}`, g % 2 === 0 ? 'open' : 'closed', handleOf(g), t0, t0);
      member.run(id, handleOf(g), 'owner', t0);
      members[g]!.add(g);
    }
    for (let u = 0; u < SHAPE.people; u++) {
      const mine = new Set<number>(u < SHAPE.groups ? [u] : []);
      const want = 3 + pick(8);
      while (mine.size < want) mine.add(pick(SHAPE.groups));
      for (const g of mine) {
        if (!members[g]!.has(u)) member.run(groupIds[g]!, handleOf(u), 'member', t0);
        members[g]!.add(u);
      }
      groupsOf.push([...mine].map((g) => groupIds[g]!));
    }
    for (let u = 0; u < SHAPE.people; u++) {
      for (let f = 0; f < SHAPE.follows; f++) {
        const other = pick(SHAPE.people);
        if (other !== u) follow.run(handleOf(u), handleOf(other), t0);
      }
    }
    const bookmarked = new Set<number>();
    const put = (
      type: string,
      owner: string,
      p: number | null,
      fields: Partial<Record<string, unknown>>,
    ) => {
      const id = idOf(nextId++);
      const at = nextTime();
      const audience = (fields.visibility as string | undefined) ?? visibility();
      item.run(
        id,
        type,
        owner,
        p === null ? null : normalizeUrl(pageUrl(p)),
        p === null ? null : key(p),
        p === null ? '' : `Article ${p}: notes on the intranet wiki`,
        fields.description ?? '',
        fields.tags ?? '[]',
        fields.quote ?? null,
        fields.comment ?? '',
        fields.text ?? '',
        fields.question ?? 0,
        fields.target ?? null,
        audience,
        at,
        at,
      );
      if (audience === 'group') {
        // One or two of the author's groups.
        const mine = groupsOf[Number(owner.slice(1))]!;
        const first = pick(mine.length);
        const chosen = new Set([mine[first]!, mine[(first + pick(2)) % mine.length]!]);
        for (const g of chosen) shared.run(id, g);
      }
      items.push(id);
      return id;
    };
    for (let i = 0; i < SHAPE.bookmarks; i++) {
      let u = pick(SHAPE.people);
      let p = page();
      while (bookmarked.has(u * SHAPE.pages + p)) {
        u = pick(SHAPE.people);
        p = page();
      }
      bookmarked.add(u * SHAPE.pages + p);
      const tags = JSON.stringify([TAGS[pick(TAGS.length)], TAGS[pick(TAGS.length)]]);
      put('bookmark', handleOf(u), p, { tags, description: random() < 0.3 ? 'Worth a read.' : '' });
    }
    for (let i = 0; i < SHAPE.snippets; i++) {
      const quote = JSON.stringify({ exact: `the passage number ${i} that matters` });
      put('snippet', handleOf(pick(SHAPE.people)), page(), { quote, comment: 'See this.' });
    }
    for (let i = 0; i < SHAPE.statuses; i++) {
      const mentioned = handleOf(pick(SHAPE.people));
      const id = put('status', handleOf(pick(SHAPE.people)), random() < 0.6 ? page() : null, {
        text: `Working on item ${i}, @${mentioned} what do you think?`,
        question: random() < 0.2 ? 1 : 0,
      });
      mention.run(id, mentioned);
    }
    const pageItems = items.length;
    for (let i = 0; i < SHAPE.comments; i++) {
      const target = items[pick(pageItems)]!;
      put('comment', handleOf(pick(SHAPE.people)), null, {
        text: 'Agreed, thanks for sharing.',
        target,
        visibility: 'public',
      });
    }
    for (let i = 0; i < SHAPE.likes; ) {
      const at = nextTime();
      i += like.run(handleOf(pick(SHAPE.people)), items[pick(items.length)]!, at).changes;
    }
  })();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.exec('ANALYZE');
  await db.close();
}
