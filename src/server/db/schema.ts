/**
 * The database's tables as Kysely sees them. Times are ISO-8601 UTC strings and booleans
 * integers (0/1) on both SQLite and PostgreSQL, so rows read the same from either.
 */
import type { ColumnType, Insertable, Selectable } from 'kysely';

export type ItemTypeColumn = 'bookmark' | 'snippet' | 'status' | 'comment';

/** The kinds of object the change log tracks. */
export type ChangeKind =
  | 'bookmark'
  | 'snippet'
  | 'status'
  | 'comment'
  | 'like'
  | 'follow'
  | 'person';

export type Role = 'member' | 'admin';

export interface UsersTable {
  handle: string;
  name: string;
  created_at: string;
  /** From the identity provider; null for people added with a token. */
  email: ColumnType<string | null, string | null | undefined, string | null>;
  role: ColumnType<Role, Role | undefined, Role>;
  /** When an admin deactivated them; null while active. */
  deactivated_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A token is a device: one sign-in of one person in one browser (or one script). */
export interface TokensTable {
  /** hex SHA-256 of the token; the token itself is never stored. */
  hash: string;
  /** The device's public id (routes name devices by it, never by hash). */
  id: string;
  handle: string;
  /** "Chrome on Linux", or what `tokens create --device` was given; may be empty. */
  device: ColumnType<string, string | undefined, string>;
  created_at: string;
  last_used_at: ColumnType<string | null, string | null | undefined, string | null>;
  revoked_at: string | null;
}

/** Which identity-provider subject is which person (`iss` + `sub`, never e-mail alone). */
export interface IdentitiesTable {
  issuer: string;
  subject: string;
  handle: string;
  email: string | null;
  created_at: string;
}

/** Who did what to whom and when: admin and moderation actions. */
export interface AuditLogTable {
  id: string;
  at: string;
  /** The handle that acted. */
  actor: string;
  /** e.g. `person.deactivate`, `item.hide`. */
  action: string;
  /** What it was done to: a handle, an item id, a group id. */
  target: string;
  /** JSON object with the action's particulars (reason, old and new values). */
  detail: ColumnType<string, string | undefined, string>;
}

/** A sign-in waiting for the identity provider (`009-auth-flows`). */
export interface AuthFlowsTable {
  state_hash: string;
  verifier: string;
  nonce: string;
  redirect_uri: string;
  code_challenge: string;
  expires_at: string;
}

/** A one-time code for the extension, bound to its PKCE challenge (`009-auth-flows`). */
export interface AuthCodesTable {
  code_hash: string;
  handle: string;
  code_challenge: string;
  expires_at: string;
}

/** A former handle of a renamed person. */
export interface HandleAliasesTable {
  old_handle: string;
  handle: string;
}

export interface FollowsTable {
  follower: string;
  followee: string;
  created_at: string;
}

/** Bookmarks, snippets, statuses and comments: one table, unused columns left at defaults. */
export interface ItemsTable {
  id: string;
  type: ItemTypeColumn;
  owner: string;
  /** Normalised URL (secrets stripped), or null for a status without a page and comments. */
  url: string | null;
  url_key: string | null;
  title: string;
  description: string;
  /** JSON array of strings. */
  tags: string;
  /** JSON `Quote` for snippets, null otherwise. */
  quote: string | null;
  /** A snippet's comment. */
  comment: string;
  /** A status's or a comment's text. */
  text: string;
  /** 1 when a status is a question. */
  question: number;
  /** The item a comment is on. */
  target_id: string | null;
  /** `group`: the groups in `item_groups` (and the owner). */
  visibility: 'public' | 'private' | 'group';
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** When a moderator hid it (`016-hides`); null while shown. */
  hidden_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** Who hid it. */
  hidden_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** Why, as the moderator wrote it. */
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface MentionsTable {
  item_id: string;
  handle: string;
}

export interface LikesTable {
  owner: string;
  target_id: string;
  created_at: string;
}

/**
 * The change log, compacted: one row per object (`kind`, `key`), moved to a new `seq` on every
 * change. `owner` and `target_owner` may always read the row; everyone may when `public` is 1,
 * which stays 1 once an object was ever public so that a later tombstone still reaches readers.
 */
export interface ChangesTable {
  kind: ChangeKind;
  key: string;
  seq: number;
  owner: string;
  target_owner: string | null;
  public: number;
  /** 1 when organisation admins may read it (under a public item; sticky like `public`). */
  admins: ColumnType<number, number | undefined, number>;
}

/** Named monotonic counters; `changes` numbers the change log. */
export interface CountersTable {
  name: string;
  value: number;
}

/** A page's version for the page answer cache (`db/page-versions.ts`). */
export interface PageVersionsTable {
  url_key: string;
  version: number;
}

/** A discussion's version for the permalink cache (`db/discussion-versions.ts`). */
export interface DiscussionVersionsTable {
  item_id: string;
  version: number;
}

/** The version of every page as one person sees it (`db/page-versions.ts`). */
export interface ViewVersionsTable {
  handle: string;
  version: number;
}

/** Up to when a person has read their notifications. */
export interface NotificationReadsTable {
  handle: string;
  read_at: string;
}

export type GroupKind = 'open' | 'closed';
export type GroupRole = 'owner' | 'moderator' | 'member';

/** A group (`db/groups-migration.ts`); a deleted one keeps its row as a tombstone. */
export interface GroupsTable {
  id: string;
  name: string;
  description: string;
  kind: GroupKind;
  created_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface GroupMembersTable {
  group_id: string;
  handle: string;
  role: GroupRole;
  created_at: string;
}

export interface GroupRequestsTable {
  group_id: string;
  handle: string;
  created_at: string;
}

/** The groups a `visibility = 'group'` item is shared with. */
export interface ItemGroupsTable {
  item_id: string;
  group_id: string;
}

/** The groups whose members may read a change-log row (`db/changes.ts`). */
export interface ChangeGroupsTable {
  kind: ChangeKind;
  key: string;
  group_id: string;
}

/** Change-log entries for one reader alone (`db/changes.ts`). */
export interface PersonalChangesTable {
  handle: string;
  kind: ChangeKind;
  key: string;
  seq: number;
}

/**
 * A web sign-in (`src/web`): the browser holds the session id in an HTTP-only cookie, the
 * database only its SHA-256. A session signed in with a token (`token_id`, a device) ends when
 * that token is revoked; `token_id` is null only for sessions opened another way (the
 * organisation's OpenID Connect, later). `csrf` is the per-session token every form carries.
 */
export interface WebSessionsTable {
  /** hex SHA-256 of the cookie's session id. */
  id: string;
  handle: string;
  token_id: string | null;
  csrf: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

/** A moderation flag on an item (`db/groups-migration.ts`, 010). */
export interface FlagsTable {
  item_id: string;
  handle: string;
  reason: string;
  created_at: string;
}

export type WebhookScope = 'person' | 'org' | 'group';
export type WebhookFormat = 'json' | 'slack' | 'teams';
export type WebhookLanguage = 'en' | 'sv';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'skipped';

/** An outgoing webhook (`webhooks/migration.ts`, 011). */
export interface WebhooksTable {
  id: string;
  /** `person`: `owner`'s own; `org`: the organisation's (admins); `group`: `group_id`'s. */
  scope: WebhookScope;
  /** Who made it (for `person`, whose it is). */
  owner: string;
  group_id: string | null;
  name: ColumnType<string, string | undefined, string>;
  url: string;
  format: WebhookFormat;
  /** JSON array of event names. */
  events: string;
  /** The HMAC key of `X-Outloud-Signature`; shown once, at creation. */
  secret: string;
  created_at: string;
  /** Failed attempts since the last success. */
  failures: ColumnType<number, number | undefined, number>;
  /** Since when it counts as failing (`failures` reached the limit); null when healthy. */
  failing_since: ColumnType<string | null, string | null | undefined, string | null>;
  /** The language of its chat messages (015). */
  lang: ColumnType<WebhookLanguage, WebhookLanguage | undefined, WebhookLanguage>;
}

/** One event for one hook: the queue and the hook's delivery log (`webhooks/worker.ts`). */
export interface WebhookDeliveriesTable {
  id: string;
  /** The event's id, the same for every hook it goes to (`X-Outloud-Event-Id`). */
  event_id: string;
  hook_id: string;
  /** Queue order (the `webhooks` counter): a hook's deliveries go out by `seq`. */
  seq: ColumnType<number, number, number>;
  event: string;
  item_id: string | null;
  actor: string | null;
  status: DeliveryStatus;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: string;
  lease_until: string | null;
  lease_owner: string | null;
  response_status: number | null;
  error: string | null;
  created_at: string;
  attempted_at: string | null;
  delivered_at: string | null;
}

/**
 * A feed token (`db/feed-tokens-migration.ts`, 013): read-only, for `GET /feeds/…` alone, named
 * by its person; only its SHA-256 is kept.
 */
export interface FeedTokensTable {
  id: string;
  handle: string;
  name: string;
  /** hex SHA-256 of the token. */
  hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/**
 * Where each device's outbox stands on each object (`handlers/order.ts`, 014): the `seq` of the
 * last mutation of `type`/`key` that `/v1/sync` applied from this token and outbox. Kept after
 * the object is deleted, so a late, older mutation cannot bring it back.
 */
export interface SyncOrderTable {
  /** The mutation type (`bookmark`, …, `like`, `follow`). */
  type: string;
  /** The mutation's `id`: the item id, the liked item's id or the followed handle. */
  key: string;
  token_id: string;
  /** The client's outbox id (`SyncRequest.outbox`); '' when it sent none. */
  outbox: string;
  seq: number;
}

export interface Database {
  users: UsersTable;
  tokens: TokensTable;
  follows: FollowsTable;
  items: ItemsTable;
  mentions: MentionsTable;
  likes: LikesTable;
  changes: ChangesTable;
  counters: CountersTable;
  notification_reads: NotificationReadsTable;
  page_versions: PageVersionsTable;
  view_versions: ViewVersionsTable;
  discussion_versions: DiscussionVersionsTable;
  identities: IdentitiesTable;
  audit_log: AuditLogTable;
  handle_aliases: HandleAliasesTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  group_requests: GroupRequestsTable;
  item_groups: ItemGroupsTable;
  change_groups: ChangeGroupsTable;
  personal_changes: PersonalChangesTable;
  flags: FlagsTable;
  web_sessions: WebSessionsTable;
  auth_flows: AuthFlowsTable;
  auth_codes: AuthCodesTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  feed_tokens: FeedTokensTable;
  sync_order: SyncOrderTable;
}

export type UserRow = Selectable<UsersTable>;
export type ItemRow = Selectable<ItemsTable>;
export type NewItemRow = Insertable<ItemsTable>;
export type LikeRow = Selectable<LikesTable>;
export type FollowRow = Selectable<FollowsTable>;
export type ChangeRow = Selectable<ChangesTable>;
export type GroupRow = Selectable<GroupsTable>;
export type MemberRow = Selectable<GroupMembersTable>;
export type WebhookRow = Selectable<WebhooksTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;
