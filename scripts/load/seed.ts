/**
 * Seeds the load run's database through the public API (an in-process app over the same
 * database, `POST /v1/sync` batches): people who follow a few others, bookmarks, snippets and
 * statuses on a shared set of pages, then likes and comments on them.
 */

import { urlKey } from '../../src/core/url.ts';
import { buildApp } from '../../src/server/app.ts';
import { connect } from '../../src/server/db/index.ts';
import { addUser } from '../../src/server/repos/users.ts';
import { prng } from '../lib/prng.ts';

export type Seeded = {
  /** One token per person, `handles[i]`'s at `tokens[i]`. */
  tokens: string[];
  handles: string[];
  /** urlKeys of pages with engagement. */
  pageKeys: string[];
  /** Ids of public items, for likes during the run. */
  itemIds: string[];
  /** A `/v1/changes` cursor at the end of the seeded history (clients that start synced). */
  endCursor: string;
};

/** Seeds `db` with `people` people and about `perPerson` items each over `pages` pages. */
export async function seed(
  dbUrl: string,
  options: { people: number; perPerson: number; pages: number },
): Promise<Seeded> {
  const random = prng(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const db = await connect(dbUrl);
  const app = await buildApp({ db, rateLimit: false });
  try {
    const handles = Array.from({ length: options.people }, (_, i) => `load${i}`);
    const tokens: string[] = [];
    for (const h of handles) tokens.push(await addUser(db, h, `Load ${h.slice(4)}`));
    const pages = Array.from({ length: options.pages }, (_, i) => `https://load.example/p/${i}`);
    const itemIds: string[] = [];
    const sync = async (token: string, mutations: unknown[]) => {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/sync',
        headers: { authorization: `Bearer ${token}` },
        payload: { mutations },
      });
      if (res.statusCode !== 200) throw new Error(`seed sync: ${res.statusCode} ${res.body}`);
      for (const r of res.json().results as Array<{ status: number; body: unknown }>) {
        if (r.status >= 300) throw new Error(`seed mutation: ${JSON.stringify(r)}`);
      }
    };
    for (const [i, token] of tokens.entries()) {
      const mutations: unknown[] = [];
      const followees = new Set<string>();
      for (let f = 1; f <= 8; f++) followees.add(handles[(i + f * 7) % handles.length] ?? '');
      followees.delete(handles[i] ?? '');
      for (const h of followees) mutations.push({ id: h, op: 'put', type: 'follow' });
      const mine = new Set<string>();
      for (let n = 0; n < options.perPerson; n++) {
        const id = crypto.randomUUID();
        const url = pick(pages);
        const visibility = random() < 0.2 ? 'private' : 'public';
        const kind = random();
        if (kind < 0.5 && !mine.has(url)) {
          mine.add(url);
          const data = {
            url,
            title: `Page ${url.slice(-4)} notes`,
            tags: ['load', `t${n % 9}`],
            visibility,
          };
          mutations.push({ id, op: 'put', type: 'bookmark', data });
        } else if (kind < 0.75) {
          const data = {
            url,
            quote: { exact: `quoted passage ${n}` },
            comment: 'worth reading',
            visibility,
          };
          mutations.push({ id, op: 'put', type: 'snippet', data });
        } else {
          const data = { text: `working on ${url} with @${pick(handles)}`, url, visibility };
          mutations.push({ id, op: 'put', type: 'status', data });
        }
        if (visibility === 'public') itemIds.push(id);
      }
      await sync(token, mutations);
    }
    for (const token of tokens) {
      const mutations: unknown[] = [];
      for (let n = 0; n < Math.ceil(options.perPerson / 2); n++) {
        mutations.push({ id: pick(itemIds), op: 'put', type: 'like' });
      }
      for (let n = 0; n < Math.ceil(options.perPerson / 4); n++) {
        const data = { targetId: pick(itemIds), text: `agreed, @${pick(handles)}` };
        mutations.push({ id: crypto.randomUUID(), op: 'put', type: 'comment', data });
      }
      await sync(token, mutations);
    }
    const pageKeys = await Promise.all(pages.map((p) => urlKey(p)));
    let endCursor = '';
    for (let more = true; more; ) {
      const res = await app.inject({
        method: 'GET',
        url: `/v1/changes?limit=500${endCursor ? `&cursor=${encodeURIComponent(endCursor)}` : ''}`,
        headers: { authorization: `Bearer ${tokens[0]}` },
      });
      const page = res.json() as { cursor: string; hasMore: boolean };
      endCursor = page.cursor || endCursor;
      more = page.hasMore;
    }
    return { tokens, handles, pageKeys, itemIds, endCursor };
  } finally {
    await app.close();
    await db.close();
  }
}
