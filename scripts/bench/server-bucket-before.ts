/**
 * The bucket lookup as it was before it became one statement (issue 18), kept as the `bucket`
 * bench's same-run baseline: a key-selection statement, then 4–6 statements for the rows
 * (src/server/repos/page-query.ts at 22469be, unchanged but for the import paths and the names
 * `loadBucketRowsBefore`/`loadPageRowsBefore`). Not used by the server.
 */
import { CompiledQuery } from 'kysely';
import type { Db } from '../../src/server/db/open.ts';
import type { ItemRow, LikeRow } from '../../src/server/db/schema.ts';
import { preparedStatement } from '../../src/server/db/statement-cache.ts';
import { ITEM_COLUMNS } from '../../src/server/repos/items.ts';
import { visibleItemSql } from '../../src/server/repos/visibility.ts';

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
/** `{{name}}` stands for a table function over the JSON array parameter `:name` (rows `j.value`). */
const TEXTS = {
  /** The pages' own items (bookmarks, snippets, statuses) visible to `:me`. */
  items: `SELECT ${cols('p')} FROM items p
    WHERE p.url_key >= :lo AND p.url_key <= :hi AND p.target_id IS NULL AND ${visible('p')}
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

type Name = keyof typeof TEXTS;
type Params = Record<string, string>;

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

const STATEMENTS = Object.fromEntries(
  Object.entries(TEXTS).map(([name, text]) => [name, dialect(text)]),
) as Record<Name, Dialected>;

async function run<R>(db: Db, name: Name, params: Params): Promise<R[]> {
  const statement = STATEMENTS[name];
  if (db.sqlite) return preparedStatement(db.sqlite, statement.sqlite).all(params) as R[];
  const values = statement.order.map((p) => params[p]);
  const result = await db.kysely.executeQuery<R>(CompiledQuery.raw(statement.postgres, values));
  return result.rows as R[];
}

/** Everything `me` may see of the pages whose urlKey is in [lo, hi]. */
export type PageRows = {
  /** The pages' own items. */
  items: ItemRow[];
  /** Comments on them. */
  comments: ItemRow[];
  likes: LikeRow[];
  mentions: Array<{ item_id: string; handle: string }>;
  /** The groups `me` sees of the group items among them. */
  groups: Array<{ item_id: string; group_id: string }>;
  people: Array<{ handle: string; name: string; followed: number; former: number }>;
};

const ids = (rows: readonly ItemRow[]) => JSON.stringify(rows.map((r) => r.id));

/**
 * Loads what `me` may see of the pages whose urlKey is in [lo, hi]: each table is read once,
 * comments and likes through their target index.
 */
export async function loadPageRowsBefore(
  db: Db,
  me: string,
  lo: string,
  hi: string,
): Promise<PageRows> {
  const items = await run<ItemRow>(db, 'items', { lo, hi, me });
  if (items.length === 0) {
    return { items, comments: [], likes: [], mentions: [], groups: [], people: [] };
  }
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

/** What `me` may see of one page of a prefix bucket: the rows, whether more follow, the last key. */
export type BucketRows = { rows: PageRows; hasMore: boolean; last: string | undefined };

/**
 * Loads what `me` may see of the pages whose urlKey starts with `prefix`, in urlKey order, from
 * just after `after` (a urlKey; '' for the start): at most `limit` pages.
 */
export async function loadBucketRowsBefore(
  db: Db,
  me: string,
  prefix: string,
  after: string,
  limit: number,
): Promise<BucketRows> {
  // Keys are lowercase hex, which sorts the same in every collation and below 'g', so
  // [prefix, prefix + 'g') holds exactly the keys with the prefix (an index range scan).
  const keyRows = await db.kysely
    .selectFrom('items')
    .select('url_key')
    .distinct()
    .where('url_key', after >= prefix ? '>' : '>=', after >= prefix ? after : prefix)
    .where('url_key', '<', `${prefix}g`)
    .where('target_id', 'is', null)
    .where(visibleItemSql(me))
    .orderBy('url_key')
    .limit(limit + 1)
    .execute();
  const keys = keyRows.map((r) => r.url_key!).slice(0, limit);
  const first = keys[0];
  const last = keys.at(-1);
  // The chosen keys are consecutive among the visible ones, so their range holds no others.
  const rows =
    first && last
      ? await loadPageRowsBefore(db, me, first, last)
      : { items: [], comments: [], likes: [], mentions: [], groups: [], people: [] };
  return { rows, hasMore: keyRows.length > limit, last };
}
