/**
 * The extension's IndexedDB database (Dexie): the local mirror of what the server lets the user
 * see, the engagement index by `urlKey`, the outbox of actions not yet pushed, and sync state.
 * The schema and its upgrade chain live here and nowhere else. The background owns the database;
 * every other context asks the background through the message protocol.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { PageIndexEntry, PageItem } from '../core/engagement.ts';
import { type BackoffState, INITIAL_BACKOFF } from '../core/sync-policy.ts';
import type { Comment, Follow, Group, Like, Mutation, Person } from '../core/wire.ts';

/** One queued action, pushed to `POST /v1/sync` in `seq` order. */
export type OutboxEntry = {
  /** Auto-increment: the order the user acted in. */
  seq?: number;
  mutation: Mutation;
  /** `type:key` of the object in `/v1/changes` terms (likes and follows: `owner/target`). */
  key: string;
  /** When the user acted (ISO). */
  createdAt: string;
  /** Push attempts that got no final answer (network, 5xx, 429). */
  attempts: number;
  /** `pending` until the server answers; `failed` when it refused (kept, shown, retryable). */
  state: 'pending' | 'failed';
  /** The refusal: HTTP status, error code and message, as the server gave them. */
  error: { status: number; code: string; message: string } | null;
};

export type SyncMeta = {
  key: 'sync';
  /** `/v1/changes` cursor of the last applied page, or null before the first pull. */
  cursor: string | null;
  lastSyncAt: string | null;
  /** Why the last run failed (network, auth, server), or null. */
  error: { code: string; message: string } | null;
  backoff: BackoffState;
  /**
   * While the first pull is under way: the people and items (comments included) it applied,
   * written with each page, so an interrupted first sync resumes counting where it stopped.
   * Null (or absent, in rows written before it existed) once the first pull has completed.
   */
  initial?: { applied: number } | null;
};

/**
 * What the person had seen when they last read their notifications: the ids then listed, and
 * the time of the oldest of them (older ones were past the list). Markers written before
 * `seen` existed hold only `readAt`, the time they were written.
 */
export type ReadMarker = { key: 'notifications'; readAt: string; seen?: string[] };

/** Whose data the mirror holds: signing in as someone else starts from empty. */
export type OwnerMeta = { key: 'owner'; handle: string };

/** A lease that keeps two sync runs apart where Web Locks are missing. */
export type LeaseMeta = { key: 'sync-lease'; holder: string; expiresAt: number };

/**
 * Targets that comments or likes in the mirror name but the mirror does not hold (yet): when
 * one arrives, its page's index row is recomputed so they count (`applyChanges`).
 */
export type OrphansMeta = { key: 'orphans'; ids: string[] };

/**
 * The outbox's id, sent with each push (`SyncRequest.outbox`): random, made at the first push
 * after the database was created or cleared. The server orders this outbox's `seq`s by it, so
 * one token used in two browsers (two outboxes, two counters) cannot hold the other back.
 */
export type OutboxIdMeta = { key: 'outbox'; id: string };

/**
 * The groups `GET /v1/groups` last answered (those the person may see, with their role), and
 * when: what the audience picker and the group labels use, offline too.
 */
export type GroupsMeta = { key: 'groups'; items: Group[]; fetchedAt: string };

export type MetaRow =
  | SyncMeta
  | ReadMarker
  | OwnerMeta
  | LeaseMeta
  | OrphansMeta
  | OutboxIdMeta
  | GroupsMeta;

export const INITIAL_SYNC_META: SyncMeta = {
  key: 'sync',
  cursor: null,
  lastSyncAt: null,
  error: null,
  backoff: INITIAL_BACKOFF,
};

/**
 * Schema versions, oldest first. To change the schema, append a version with the full new
 * store list and, when existing rows must change shape, an `upgrade` that rewrites them.
 */
const VERSIONS: Array<{
  version: number;
  stores: Record<string, string>;
  upgrade?: (tx: import('dexie').Transaction) => Promise<void>;
}> = [
  {
    version: 1,
    stores: {
      items: 'id, type, owner, urlKey, createdAt, *mentions',
      comments: 'id, targetId, owner, createdAt, *mentions',
      people: 'handle',
      follows: '[follower+followee], follower, followee',
      likes: '[owner+targetId], targetId, owner, createdAt',
      pages: 'urlKey',
      outbox: '++seq, state, key',
      meta: 'key',
    },
  },
];

export const DB_NAME = 'outloud';

/** The IndexedDB implementation to use (tests pass a fresh fake-indexeddb factory). */
export type IndexedDbDeps = { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange };

export class OutloudDb extends Dexie {
  /** Bookmarks, snippets and statuses visible to the user. */
  items!: EntityTable<PageItem, 'id'>;
  comments!: EntityTable<Comment, 'id'>;
  people!: EntityTable<Person, 'handle'>;
  follows!: Table<Follow, [string, string]>;
  likes!: Table<Like, [string, string]>;
  /** The engagement index: one row per page anyone visible engaged with. */
  pages!: EntityTable<PageIndexEntry, 'urlKey'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  meta!: Table<MetaRow, string>;

  constructor(name: string = DB_NAME, deps?: IndexedDbDeps) {
    super(name, deps);
    for (const v of VERSIONS) {
      const declared = this.version(v.version).stores(v.stores);
      if (v.upgrade) declared.upgrade(v.upgrade);
    }
  }
}

/** Opens (creating or upgrading) the database. */
export async function openDb(name: string = DB_NAME, deps?: IndexedDbDeps): Promise<OutloudDb> {
  const db = new OutloudDb(name, deps);
  await db.open();
  return db;
}

/**
 * The groups of tables one write transaction can span: the mirror (items, comments, people,
 * follows, likes and the engagement index `pages`), the outbox, and the meta rows (sync state,
 * read marker, owner, lease).
 */
export type Scope = 'mirror' | 'outbox' | 'meta';

function tablesOf(db: OutloudDb, scope: Scope): Table[] {
  if (scope === 'mirror') return [db.items, db.comments, db.people, db.follows, db.likes, db.pages];
  return scope === 'outbox' ? [db.outbox] : [db.meta];
}

/** Every table (what signing out clears). */
export function allTables(db: OutloudDb): Table[] {
  return [...tablesOf(db, 'mirror'), db.outbox, db.meta];
}

/**
 * Runs `fn` in ONE `rw` transaction over the tables of `scopes`: every repository call made
 * inside it (mirror, outbox, meta) joins it, so its writes commit together or not at all.
 */
export function transaction<T>(
  db: OutloudDb,
  scopes: readonly Scope[],
  fn: () => Promise<T>,
): Promise<T> {
  return db.transaction(
    'rw',
    scopes.flatMap((s) => tablesOf(db, s)),
    fn,
  );
}

/**
 * Empties every table and answers 0, in one transaction. With `keepIfPending`, when the outbox
 * holds entries it empties nothing and answers how many.
 */
export function clearAll(
  db: OutloudDb,
  options: { keepIfPending?: boolean } = {},
): Promise<number> {
  return db.transaction('rw', allTables(db), async () => {
    const pending = options.keepIfPending ? await db.outbox.count() : 0;
    if (pending === 0) await Promise.all(allTables(db).map((t) => t.clear()));
    return pending;
  });
}
