/**
 * Trending over the last `days`: the most engaged pages, the most used tags and the most active
 * contributors. Only public engagement counts (public live items no moderator hid, comments on
 * them, likes on them), so trending is the same for everyone and can never reveal a private item, not even the
 * caller's own. Engagement is weighted: a bookmark or snippet says more than a like.
 */
import { sql } from 'kysely';
import type { Trending } from '../../core/wire-read.ts';
import type { Db } from '../db/open.ts';
import { changeCounter } from './page-cache.ts';

/** Weight of each kind of engagement in a score. */
export const WEIGHTS = { bookmark: 3, snippet: 3, status: 2, comment: 2, like: 1 } as const;

/** How many pages, tags and people trending lists. */
export const TRENDING_LIMIT = { pages: 10, tags: 20, people: 10 } as const;

const PAGE_TYPES = ['bookmark', 'snippet', 'status'] as const;
const live = (alias: string) =>
  sql.raw<boolean>(
    `${alias}.deleted_at IS NULL AND ${alias}.visibility = 'public' AND ${alias}.hidden_at IS NULL`,
  );

const SCORE = sql.raw(
  Object.entries(WEIGHTS)
    .map(([kind, w]) => `${w} * SUM(CASE WHEN kind = '${kind}' THEN 1 ELSE 0 END)`)
    .join(' + '),
);

type PageRow = {
  url_key: string;
  bookmarks: number;
  snippets: number;
  statuses: number;
  comments: number;
  likes: number;
  people: number;
  score: number;
};

/** Trending since `now - days`. */
export async function trending(db: Db, days: number, now = new Date()): Promise<Trending> {
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  const engagements = sql`
    SELECT i.url_key AS url_key, i.owner AS owner, i.type AS kind FROM items i
      WHERE ${live('i')} AND i.url_key IS NOT NULL AND i.created_at >= ${since}
    UNION ALL
    SELECT t.url_key, c.owner, 'comment' FROM items c JOIN items t ON t.id = c.target_id
      WHERE c.type = 'comment' AND ${live('c')} AND ${live('t')} AND t.url_key IS NOT NULL
        AND c.created_at >= ${since}
    UNION ALL
    SELECT t.url_key, l.owner, 'like' FROM likes l JOIN items t ON t.id = l.target_id
      WHERE ${live('t')} AND t.url_key IS NOT NULL AND l.created_at >= ${since}`;
  const count = (kind: string) => sql.raw(`SUM(CASE WHEN kind = '${kind}' THEN 1 ELSE 0 END)`);
  const pages = await sql<PageRow>`
    SELECT url_key, ${count('bookmark')} AS bookmarks, ${count('snippet')} AS snippets,
      ${count('status')} AS statuses, ${count('comment')} AS comments, ${count('like')} AS likes,
      COUNT(DISTINCT owner) AS people, ${SCORE} AS score
    FROM (${engagements}) e GROUP BY url_key
    ORDER BY score DESC, people DESC, url_key LIMIT ${TRENDING_LIMIT.pages}`.execute(db.kysely);

  const titles = await pageTitles(
    db,
    pages.rows.map((r) => r.url_key),
  );
  return {
    days,
    since,
    pages: pages.rows.map((r) => ({
      urlKey: r.url_key,
      url: titles.get(r.url_key)?.url ?? '',
      title: titles.get(r.url_key)?.title ?? '',
      score: Number(r.score),
      people: Number(r.people),
      counts: {
        bookmarks: Number(r.bookmarks),
        snippets: Number(r.snippets),
        statuses: Number(r.statuses),
        comments: Number(r.comments),
        likes: Number(r.likes),
      },
    })),
    tags: await trendingTags(db, since),
    people: await trendingPeople(db, since),
  };
}

/**
 * URL and title of each page: the latest public bookmark's (else snippet's, else status's), the
 * title from the latest of those that has one.
 */
async function pageTitles(
  db: Db,
  keys: readonly string[],
): Promise<Map<string, { url: string; title: string }>> {
  const out = new Map<string, { url: string; title: string }>();
  if (keys.length === 0) return out;
  const rows = await db.kysely
    .selectFrom('items')
    .select(['url_key', 'url', 'title', 'type'])
    .where('url_key', 'in', keys)
    .where('type', 'in', PAGE_TYPES)
    .where(live('items'))
    .orderBy('created_at', 'desc')
    .execute();
  const preferred = [...rows].sort(
    (a, b) => PAGE_TYPES.indexOf(a.type as never) - PAGE_TYPES.indexOf(b.type as never),
  );
  for (const r of preferred) {
    const seen = out.get(r.url_key!);
    if (!seen) out.set(r.url_key!, { url: r.url ?? '', title: r.title });
    else if (!seen.title && r.title) seen.title = r.title;
  }
  return out;
}

/** The tags of public bookmarks made in the window, most used first. */
async function trendingTags(db: Db, since: string): Promise<Trending['tags']> {
  const each =
    db.dialect === 'postgres'
      ? sql`jsonb_array_elements_text(i.tags::jsonb) AS t(value)`
      : sql`json_each(i.tags) AS t`;
  const rows = await sql<{ tag: string; count: number }>`
    SELECT t.value AS tag, COUNT(*) AS count FROM items i, ${each}
    WHERE i.type = 'bookmark' AND ${live('i')} AND i.created_at >= ${since}
    GROUP BY t.value ORDER BY count DESC, tag LIMIT ${TRENDING_LIMIT.tags}`.execute(db.kysely);
  return rows.rows.map((r) => ({ tag: r.tag, count: Number(r.count) }));
}

/**
 * The people whose public items made in the window weigh most, plus one per like those items
 * received in the window.
 */
async function trendingPeople(db: Db, since: string): Promise<Trending['people']> {
  const rows = await sql<{ handle: string; name: string; score: number }>`
    SELECT e.owner AS handle, u.name AS name, SUM(e.w) AS score FROM (
      SELECT i.owner AS owner, CASE i.type ${sql.raw(
        Object.entries(WEIGHTS)
          .map(([k, w]) => `WHEN '${k}' THEN ${w}`)
          .join(' '),
      )} ELSE 0 END AS w
        FROM items i WHERE ${live('i')} AND i.created_at >= ${since}
          AND (i.target_id IS NULL OR EXISTS (SELECT 1 FROM items t WHERE t.id = i.target_id
            AND ${live('t')}))
      UNION ALL
      SELECT t.owner, 1 FROM likes l JOIN items t ON t.id = l.target_id
        WHERE ${live('t')} AND l.created_at >= ${since}
          AND (t.target_id IS NULL OR EXISTS (SELECT 1 FROM items tt WHERE tt.id = t.target_id
            AND ${live('tt')}))
    ) e JOIN users u ON u.handle = e.owner
    GROUP BY e.owner, u.name ORDER BY score DESC, handle LIMIT ${TRENDING_LIMIT.people}`.execute(
    db.kysely,
  );
  return rows.rows.map((r) => ({ handle: r.handle, name: r.name, score: Number(r.score) }));
}

/** How long a computed trending answer is served at most (the window slides meanwhile). */
export const TRENDING_TTL_MS = 60_000;

type Entry = { version: number; expires: number; value: Promise<Trending> };
const cache = new WeakMap<Db, Map<number, Entry>>();

/**
 * `trending(db, days)`, reused while nothing was written since and for at most
 * `TRENDING_TTL_MS`: it is the same for everyone (public engagement only) and costs a scan of
 * the window, so popups opening across the organisation share one computation. Any write
 * (an item turning private or deleted among them) makes the next request compute afresh, so a
 * cached answer never shows what is no longer public. A failed computation is not kept.
 */
export async function cachedTrending(db: Db, days: number, now = Date.now()): Promise<Trending> {
  let byDays = cache.get(db);
  if (!byDays) {
    byDays = new Map();
    cache.set(db, byDays);
  }
  const version = await changeCounter(db);
  const hit = byDays.get(days);
  if (hit && hit.version === version && hit.expires > now) return hit.value;
  const entry: Entry = {
    version,
    expires: now + TRENDING_TTL_MS,
    value: trending(db, days, new Date(now)),
  };
  byDays.set(days, entry);
  entry.value.catch(() => {
    if (byDays.get(days) === entry) byDays.delete(days);
  });
  return entry.value;
}
