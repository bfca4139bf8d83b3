/**
 * `npm run bench -- group-changes`: what a person's first `/v1/changes` pull costs after they join
 * a closed group of `ITEMS` items (issue 15), in items a second, beside pulling as many public
 * items from scratch in the same run, in process through `app.inject()` on a SQLite file and on
 * PostgreSQL when `OUTLOUD_TEST_PG` is set. The items are written through the server's own write
 * path (`insertItem`: rows, change log and its groups, page versions), 500 per transaction. Each
 * new member has already pulled everything else; a moderator adds them (`PUT .../members/{h}`,
 * which logs the group's items for them alone, timed too), then they pull from their cursor in
 * pages of 500, as the extension does, until `hasMore` is false. `MEMBERS` members in turn, and
 * as many public readers: medians quoted.
 */
import type { App } from '../../src/server/app.ts';
import type { Db } from '../../src/server/db/index.ts';
import type { ItemRow } from '../../src/server/db/schema.ts';
import { insertItem } from '../../src/server/repos/items.ts';
import { addUser } from '../../src/server/repos/users.ts';
import { type InProcessTarget, ok, onEachDatabase } from './in-process.ts';
import { type BenchRow, type BenchSuite, median } from './types.ts';

const ITEMS = Number(process.env.BENCH_GROUP_ITEMS ?? 10_000);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 3);

/** Pulls `/v1/changes` from `cursor` to the end; the live items received and the last cursor. */
async function pull(app: App, token: string, cursor = '') {
  let items = 0;
  for (;;) {
    const query = `limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = (await ok(app, 'GET', `/v1/changes?${query}`, token)).json() as {
      items: Array<{ type: string; deleted: boolean }>;
      cursor: string;
      hasMore: boolean;
    };
    items += page.items.filter((c) => !c.deleted && c.type !== 'person').length;
    cursor = page.cursor || cursor;
    if (!page.hasMore) return { items, cursor };
  }
}

/** Writes `count` statuses by `owner` (public, or shared with `group`) through `insertItem`. */
async function writeItems(db: Db, owner: string, count: number, group?: string) {
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let done = 0; done < count; done += 500) {
    await db.kysely.transaction().execute(async (trx) => {
      for (let i = done; i < Math.min(count, done + 500); i++) {
        const at = new Date(start + i * 1000).toISOString();
        const row: ItemRow = {
          id: crypto.randomUUID(),
          type: 'status',
          owner,
          url: null,
          url_key: null,
          title: '',
          description: '',
          tags: '[]',
          quote: null,
          comment: '',
          text: `Status ${i} of ${owner}: what I am working on this week, with a few words more`,
          question: 0,
          target_id: null,
          visibility: group ? 'group' : 'public',
          created_at: at,
          updated_at: at,
          deleted_at: null,
          hidden_at: null,
          hidden_by: null,
          hidden_reason: null,
        };
        await insertItem(trx, row, [], undefined, group ? [group] : []);
      }
    });
  }
}

async function measure(t: InProcessTarget): Promise<BenchRow[]> {
  const owner = await addUser(t.db, 'owner', 'Owner');
  await addUser(t.db, 'writer', 'Writer');
  await writeItems(t.db, 'writer', ITEMS);
  // Public readers: a fresh person's first pull, from scratch, of ITEMS public items (after one
  // pull that warms the code and the database's cache, not counted).
  await pull(t.app, await addUser(t.db, 'warmup', 'Warm-up'));
  const publicRates: number[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const token = await addUser(t.db, `reader${i}`, `Reader ${i}`);
    const started = performance.now();
    const { items } = await pull(t.app, token);
    const seconds = (performance.now() - started) / 1000;
    if (items !== ITEMS) throw new Error(`public pull got ${items} items, not ${ITEMS}`);
    publicRates.push(items / seconds);
  }
  const group = crypto.randomUUID();
  await ok(t.app, 'PUT', `/v1/groups/${group}`, owner, { name: 'Bench', kind: 'closed' });
  await ok(t.app, 'PUT', `/v1/groups/${group}/members/writer`, owner, { role: 'member' });
  await writeItems(t.db, 'writer', ITEMS, group);
  const joinMs: number[] = [];
  const memberRates: number[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const handle = `member${i}`;
    const token = await addUser(t.db, handle, `Member ${i}`);
    const before = await pull(t.app, token);
    let started = performance.now();
    await ok(t.app, 'PUT', `/v1/groups/${group}/members/${handle}`, owner, { role: 'member' });
    joinMs.push(performance.now() - started);
    started = performance.now();
    const { items } = await pull(t.app, token, before.cursor);
    const seconds = (performance.now() - started) / 1000;
    if (items !== ITEMS) throw new Error(`new member's pull got ${items} items, not ${ITEMS}`);
    memberRates.push(items / seconds);
  }
  const range = (v: number[]) => `${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)}`;
  return [
    {
      name: `${t.label}: new member's pull of a group of ${ITEMS} items`,
      value: median(memberRates),
      unit: 'items/s',
      baseline: { name: `first pull of ${ITEMS} public items`, value: median(publicRates) },
      note: `${MEMBERS} members: ${range(memberRates)} items/s; public ${range(publicRates)}`,
    },
    {
      name: `${t.label}: the join itself (logs ${ITEMS} items for the member)`,
      value: median(joinMs),
      unit: 'ms',
      note: `${MEMBERS} joins: ${range(joinMs)} ms`,
    },
  ];
}

const suite: BenchSuite = {
  name: 'group-changes',
  title: "A new group member's first change pull",
  run: () => onEachDatabase({ rateLimit: false, authRateLimit: false }, measure),
};

export default suite;
