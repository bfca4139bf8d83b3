/**
 * The statements that load everything the caller may see of the pages in a urlKey range or a
 * prefix bucket: the pages' items and the comments on them, the likes on both, their mentions,
 * the groups the caller sees of the group items, and the people involved with their names and
 * whether the caller follows them. Written once for both databases (id lists travel as one
 * JSON parameter) and, on SQLite, prepared once and reused: the page lookup is the hottest read
 * the extension makes, the bucket lookup what every extension in `range` mode asks for each
 * page opened.
 *
 * On PostgreSQL a bucket answer, and a page's (the bucket of its whole key), is ONE statement
 * (CTEs, their rows tagged by kind into the item columns): each statement there costs a round
 * trip, planning and a pool connection, and one statement also keeps its plan when the tables
 * have no statistics yet. On SQLite (in process, no round trip) the key selection and one
 * statement per table are cheaper (2.6× for a bucket, 19× for a page in `npm run bench --
 * bucket`; 1.7× and 5× on the pages bench's analysed data), so SQLite keeps them. BENCHMARKS.md,
 * issue 18, has the figures.
 */
import { CompiledQuery } from 'kysely';
import type { Db } from '../db/open.ts';
import type { ItemRow, LikeRow } from '../db/schema.ts';
import { preparedStatement } from '../db/statement-cache.ts';
import { ITEM_COLUMNS } from './items.ts';

const cols = (alias: string) => ITEM_COLUMNS.map((c) => `${alias}.${c}`).join(', ');
/** As `visibleItemSql` (`visibility.ts`) says for one row: public, mine, or via a group I see. */
const visible = (alias: string) =>
  `${alias}.deleted_at IS NULL AND (${alias}.visibility = 'public' OR ${alias}.owner = :me
    OR (${alias}.visibility = 'group' AND ${seenThroughGroup(`${alias}.id`, alias)}))`;
/** The item `item` is shared with a group `:me` sees: open, or one they are in. */
const seenThroughGroup = (item: string, p: string) =>
  `EXISTS (SELECT 1 FROM item_groups ${p}_ig JOIN groups ${p}_g ON ${p}_g.id = ${p}_ig.group_id
    WHERE ${p}_ig.item_id = ${item} AND (${p}_g.kind = 'open' OR EXISTS (
      SELECT 1 FROM group_members ${p}_m
      WHERE ${p}_m.group_id = ${p}_ig.group_id AND ${p}_m.handle = :me)))`;
/**
 * As `shownSql` (`visibility.ts`): the row under `alias` is not hidden from `:me`, who sees it
 * hidden only as its author or as a moderator of `root` (`moderatesSql`). A row no one hid is
 * decided by its first test.
 */
const shown = (alias: string, root: string) =>
  `(${alias}.hidden_at IS NULL OR ${alias}.owner = :me
    OR EXISTS (SELECT 1 FROM item_groups ${alias}_hg
      JOIN groups ${alias}_hgg ON ${alias}_hgg.id = ${alias}_hg.group_id
        AND ${alias}_hgg.deleted_at IS NULL
      JOIN group_members ${alias}_hm ON ${alias}_hm.group_id = ${alias}_hg.group_id
        AND ${alias}_hm.handle = :me AND ${alias}_hm.role IN ('owner', 'moderator')
      WHERE ${alias}_hg.item_id = ${root}.id)
    OR (${root}.visibility = 'public' AND EXISTS (SELECT 1 FROM users ${alias}_hu
      WHERE ${alias}_hu.handle = :me AND ${alias}_hu.role = 'admin')))`;
/**
 * The row under `alias` is an item, not a comment (`target_id IS NULL`), said so that no index
 * can serve it: both databases would otherwise read `items_target` for IS NULL (an equality to
 * SQLite without statistics, half of a BitmapAnd to PostgreSQL) and walk every root item of the
 * organisation for each page, where the urlKey index alone finds a page's few rows. Ids are
 * never empty.
 */
const isRoot = (alias: string) => `COALESCE(${alias}.target_id, '') = ''`;
/** The keys in [:lo, :hi) but :skip with a root item `:me` sees, in order, at most :more. */
const KEYS = `SELECT DISTINCT k.url_key FROM items k
    WHERE k.url_key >= :lo AND k.url_key < :hi AND k.url_key <> :skip AND ${isRoot('k')}
      AND ${visible('k')} AND ${shown('k', 'k')}
    ORDER BY k.url_key LIMIT :more`;

/** `{{name}}` stands for a table function over the JSON array parameter `:name` (rows `j.value`). */
const TEXTS = {
  keys: KEYS,
  /** The pages' own items (bookmarks, snippets, statuses) visible to `:me`. */
  items: `SELECT ${cols('p')} FROM items p
    WHERE p.url_key >= :lo AND p.url_key <= :hi AND ${isRoot('p')} AND ${visible('p')}
      AND ${shown('p', 'p')}`,
  /** The visible comments on the (visible) items whose ids are the JSON array `:ids`. */
  comments: `SELECT ${cols('c')} FROM {{ids}} JOIN items c ON c.target_id = j.value
    JOIN items t ON t.id = j.value
    WHERE c.type = 'comment' AND ${visible('c')} AND ${shown('c', 't')}`,
  /** Likes on the items and comments whose ids are the JSON array `:ids`. */
  likes: `SELECT l.owner, l.target_id, l.created_at FROM {{ids}}
    JOIN likes l ON l.target_id = j.value`,
  /** The groups `:me` sees (open, or theirs) of the group items whose ids are `:ids`. */
  groups: `SELECT ig.item_id, ig.group_id FROM {{ids}} JOIN item_groups ig ON ig.item_id = j.value
    JOIN groups g ON g.id = ig.group_id WHERE g.kind = 'open' OR EXISTS (
      SELECT 1 FROM group_members m WHERE m.group_id = ig.group_id AND m.handle = :me)
    ORDER BY ig.group_id`,
  /** Mentions of the items whose ids are the JSON array `:ids`. */
  mentions: 'SELECT m.item_id, m.handle FROM {{ids}} JOIN mentions m ON m.item_id = j.value',
  /**
   * The people in the JSON array `:handles`, whether `:me` follows each (1/0), and whether an
   * admin deactivated them (`former`, 1/0).
   */
  people: `SELECT u.handle, u.name, CASE WHEN f.followee IS NULL THEN 0 ELSE 1 END AS followed,
    CASE WHEN u.deactivated_at IS NULL THEN 0 ELSE 1 END AS former
    FROM {{handles}} JOIN users u ON u.handle = j.value
    LEFT JOIN follows f ON f.follower = :me AND f.followee = u.handle`,
} as const;

/** The union's columns: the kind of row, then the item columns (other kinds fill some). */
type Column = (typeof ITEM_COLUMNS)[number];

/**
 * One branch of the union: `kind` and, per item column, the expression `fill` gives (NULL for
 * the rest), from `from`.
 */
const tagged = (kind: string, fill: Partial<Record<Column, string>>, from: string) =>
  `SELECT '${kind}' AS kind, ${ITEM_COLUMNS.map((c) => `${fill[c] ?? 'NULL'} AS ${c}`).join(', ')}
    FROM ${from}`;

const itemColumns = (alias: string) =>
  Object.fromEntries(ITEM_COLUMNS.map((c) => [c, `${alias}.${c}`])) as Record<Column, string>;

/**
 * The bucket in one statement: the keys (`KEYS`), of which the first :limit are the chosen
 * pages. Then, of those pages, the items `:me` sees (p),
 * the comments on them `:me` sees (c), the likes on either (l), the mentions of statuses,
 * snippets and comments (m), the groups `:me` sees (open, or theirs) of the group items (g),
 * and the people among the authors with whether `:me` follows them and whether an admin
 * deactivated them (u). Same conditions as `visibleItemSql` and `shownSql` (`visibility.ts`).
 * CTEs read more than once are MATERIALIZED (computed once), as PostgreSQL does by default.
 */
const BUCKET = `WITH bucket_keys AS MATERIALIZED (${KEYS}),
  chosen AS (SELECT url_key FROM bucket_keys ORDER BY url_key LIMIT :limit),
  p AS MATERIALIZED (SELECT ${cols('p')} FROM items p
    WHERE p.url_key IN (SELECT url_key FROM chosen) AND ${isRoot('p')} AND ${visible('p')}
      AND ${shown('p', 'p')}),
  c AS MATERIALIZED (SELECT ${cols('c')} FROM items c JOIN items t ON t.id = c.target_id
    WHERE c.target_id IN (SELECT id FROM p) AND c.type = 'comment' AND ${visible('c')}
      AND ${shown('c', 't')}),
  l AS MATERIALIZED (SELECT lk.owner, lk.target_id, lk.created_at FROM likes lk
    WHERE lk.target_id IN (SELECT id FROM p UNION ALL SELECT id FROM c)),
  m AS (SELECT mn.item_id, mn.handle FROM mentions mn
    WHERE mn.item_id IN (SELECT id FROM p WHERE type <> 'bookmark' UNION ALL SELECT id FROM c)),
  g AS (SELECT ig.item_id, ig.group_id FROM item_groups ig JOIN groups gg ON gg.id = ig.group_id
    WHERE ig.item_id IN (SELECT id FROM p WHERE visibility = 'group') AND (gg.kind = 'open'
      OR EXISTS (SELECT 1 FROM group_members gm
        WHERE gm.group_id = ig.group_id AND gm.handle = :me))),
  u AS (SELECT us.handle, us.name, us.deactivated_at,
      CASE WHEN f.followee IS NULL THEN 0 ELSE 1 END AS followed
    FROM users us LEFT JOIN follows f ON f.follower = :me AND f.followee = us.handle
    WHERE us.handle IN (SELECT owner FROM p UNION SELECT owner FROM c UNION SELECT owner FROM l))
  ${[
    tagged('k', { url_key: 'bucket_keys.url_key' }, 'bucket_keys'),
    tagged('p', itemColumns('p'), 'p'),
    tagged('c', itemColumns('c'), 'c'),
    tagged('l', { owner: 'l.owner', target_id: 'l.target_id', created_at: 'l.created_at' }, 'l'),
    tagged('m', { id: 'm.item_id', owner: 'm.handle' }, 'm'),
    tagged('g', { id: 'g.item_id', target_id: 'g.group_id' }, 'g'),
    tagged(
      'u',
      {
        owner: 'u.handle',
        title: 'u.name',
        question: 'u.followed',
        deleted_at: 'u.deactivated_at',
      },
      'u',
    ),
  ].join('\n  UNION ALL ')}`;

/** A statement's text for SQLite (named parameters) and PostgreSQL (`$n`, in `order`). */
type Dialected = { sqlite: string; postgres: string; order: string[] };

function dialect(text: string): Dialected {
  const sqlite = text.replace(/\{\{(\w+)\}\}/g, (_, p) => `json_each(:${p}) j`);
  const withLists = text.replace(
    /\{\{(\w+)\}\}/g,
    (_, p) => `jsonb_array_elements_text(CAST(:${p} AS jsonb)) AS j(value)`,
  );
  const order: string[] = [];
  const postgres = withLists.replace(/:([a-z]+)\b/g, (_, name: string) => {
    if (!order.includes(name)) order.push(name);
    return `$${order.indexOf(name) + 1}`;
  });
  return { sqlite, postgres, order };
}

type Name = keyof typeof TEXTS | 'bucket';
const STATEMENTS = Object.fromEntries(
  Object.entries({ ...TEXTS, bucket: BUCKET }).map(([name, text]) => [name, dialect(text)]),
) as Record<Name, Dialected>;

type Params = Record<string, string | number>;

async function run<R>(db: Db, name: Name, params: Params): Promise<R[]> {
  const statement = STATEMENTS[name];
  if (db.sqlite) return preparedStatement(db.sqlite, statement.sqlite).all(params) as R[];
  const values = statement.order.map((p) => params[p]);
  const result = await db.kysely.executeQuery<R>(CompiledQuery.raw(statement.postgres, values));
  return result.rows as R[];
}

/** Everything `me` may see of some pages. */
export type PageRows = {
  /** The pages' own items. */
  items: ItemRow[];
  /** Comments on them. */
  comments: ItemRow[];
  likes: LikeRow[];
  mentions: Array<{ item_id: string; handle: string }>;
  /** The groups `me` sees of the group items among them, sorted by group id. */
  groups: Array<{ item_id: string; group_id: string }>;
  people: Array<{ handle: string; name: string; followed: number; former: number }>;
};

const none = (): PageRows => ({
  items: [],
  comments: [],
  likes: [],
  mentions: [],
  groups: [],
  people: [],
});

const ids = (rows: readonly ItemRow[]) => JSON.stringify(rows.map((r) => r.id));

/**
 * Loads what `me` may see of the pages whose urlKey is in [lo, hi]: each table is read once,
 * comments and likes through their target index (4–6 statements).
 */
export async function loadPageRows(db: Db, me: string, lo: string, hi: string): Promise<PageRows> {
  const items = await run<ItemRow>(db, 'items', { lo, hi, me });
  if (items.length === 0) return none();
  const comments = await run<ItemRow>(db, 'comments', { ids: ids(items), me });
  const likes = await run<LikeRow>(db, 'likes', { ids: ids([...items, ...comments]) });
  const mentionable = [...items, ...comments].filter((i) => i.type !== 'bookmark');
  const handles = new Set<string>();
  for (const list of [items, comments, likes]) for (const r of list) handles.add(r.owner);
  const grouped = items.filter((i) => i.visibility === 'group');
  const [mentions, groups, people] = await Promise.all([
    mentionable.length === 0
      ? []
      : run<PageRows['mentions'][number]>(db, 'mentions', { ids: ids(mentionable) }),
    grouped.length === 0
      ? []
      : run<PageRows['groups'][number]>(db, 'groups', { ids: ids(grouped), me }),
    run<PageRows['people'][number]>(db, 'people', { handles: JSON.stringify([...handles]), me }),
  ]);
  return { items, comments, likes, mentions, groups, people };
}

/**
 * What `me` may see of page `urlKey`: the bucket statement over the page's own key on
 * PostgreSQL, `loadPageRows` on SQLite.
 */
export async function loadPage(db: Db, me: string, urlKey: string): Promise<PageRows> {
  if (db.sqlite) return loadPageRows(db, me, urlKey, urlKey);
  return (await bucketRowsInOneStatement(db, me, urlKey, '', 1)).rows;
}

/** What `me` may see of one page of a prefix bucket: the rows, whether more follow, the last key. */
export type BucketRows = { rows: PageRows; hasMore: boolean; last: string | undefined };

/** A row of the bucket statement: its kind, and the item columns (`ItemRow`'s) that kind fills. */
type Tagged = ItemRow & { kind: 'k' | 'p' | 'c' | 'l' | 'm' | 'g' | 'u' };

/** The bucket's key range for `after` and `limit`, as the statements' parameters. */
function bucketRange(me: string, prefix: string, after: string, limit: number) {
  // Keys are lowercase hex, which sorts the same in every collation and below 'g', so
  // [prefix, prefix + 'g') holds exactly the keys with the prefix (an index range scan).
  return {
    lo: after >= prefix ? after : prefix,
    hi: `${prefix}g`,
    skip: after >= prefix ? after : '',
    more: limit + 1,
    me,
  };
}

/**
 * Loads what `me` may see of the pages whose urlKey starts with `prefix`, in urlKey order, from
 * just after `after` (a urlKey of the bucket; '' for the start): at most `limit` pages. One
 * statement on PostgreSQL (`bucketRowsInOneStatement`), the key selection and `loadPageRows` on
 * SQLite (`bucketRowsByTable`).
 */
export function loadBucketRows(
  db: Db,
  me: string,
  prefix: string,
  after: string,
  limit: number,
): Promise<BucketRows> {
  return db.sqlite
    ? bucketRowsByTable(db, me, prefix, after, limit)
    : bucketRowsInOneStatement(db, me, prefix, after, limit);
}

/** `loadBucketRows` as the key selection, then `loadPageRows` over the chosen keys' range. */
export async function bucketRowsByTable(
  db: Db,
  me: string,
  prefix: string,
  after: string,
  limit: number,
): Promise<BucketRows> {
  const found = await run<{ url_key: string }>(db, 'keys', bucketRange(me, prefix, after, limit));
  const keys = found.slice(0, limit).map((r) => r.url_key);
  const first = keys[0];
  const last = keys.at(-1);
  // The chosen keys are consecutive among the visible ones, so their range holds no others.
  const rows = first && last ? await loadPageRows(db, me, first, last) : none();
  return { rows, hasMore: found.length > limit, last };
}

/** `loadBucketRows` in one statement (`BUCKET`); a single page is the bucket of its key. */
export async function bucketRowsInOneStatement(
  db: Db,
  me: string,
  prefix: string,
  after: string,
  limit: number,
): Promise<BucketRows> {
  const params = { ...bucketRange(me, prefix, after, limit), limit };
  const tagged = await run<Tagged>(db, 'bucket', params);
  const rows = none();
  const keys: string[] = [];
  for (const r of tagged) {
    switch (r.kind) {
      case 'k':
        keys.push(r.url_key!);
        break;
      case 'p':
        rows.items.push(itemRow(r));
        break;
      case 'c':
        rows.comments.push(itemRow(r));
        break;
      case 'l':
        rows.likes.push({ owner: r.owner, target_id: r.target_id!, created_at: r.created_at });
        break;
      case 'm':
        rows.mentions.push({ item_id: r.id, handle: r.owner });
        break;
      case 'g':
        rows.groups.push({ item_id: r.id, group_id: r.target_id! });
        break;
      case 'u':
        rows.people.push({
          handle: r.owner,
          name: r.title,
          followed: Number(r.question),
          former: r.deleted_at === null ? 0 : 1,
        });
        break;
    }
  }
  keys.sort();
  rows.groups.sort((a, b) => (a.group_id < b.group_id ? -1 : a.group_id > b.group_id ? 1 : 0));
  return { rows, hasMore: keys.length > limit, last: keys.slice(0, limit).at(-1) };
}

/** The item columns of a bucket statement's row, without its kind. */
function itemRow(r: Tagged): ItemRow {
  const { kind: _, ...row } = r;
  return row;
}
