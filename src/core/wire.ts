/**
 * The wire contract between extension and server, defined once in TypeBox: the server validates
 * and serialises with these schemas and generates its OpenAPI document from them; the extension
 * takes its types from them and validates what it receives. Field names are camelCase, times
 * ISO-8601 UTC strings, ids client-generated UUIDs (v7 from `ids.ts`).
 */
import { type Static, Type } from 'typebox';
import { UUID_PATTERN } from './ids.ts';
import { LIMITS } from './limits.ts';
import { HANDLE_PATTERN } from './mentions.ts';
import { VISIBLE_PATTERN } from './tags.ts';

/** The handle pattern (from `mentions.ts`, the mention grammar) and the REST limits. */
export { HANDLE_PATTERN, LIMITS };

export const Id = Type.String({ pattern: UUID_PATTERN, description: 'client-generated UUID' });
export const Handle = Type.String({ pattern: HANDLE_PATTERN, maxLength: LIMITS.handle });
export const Timestamp = Type.String({ description: 'ISO-8601 UTC time' });
export const HttpUrl = Type.String({
  minLength: 8,
  maxLength: LIMITS.url,
  pattern: '^[hH][tT][tT][pP][sS]?://',
  description: 'an http(s) URL',
});
export const SharedUrl = Type.String({
  description:
    'the URL as shared, to open and show: secrets and text-fragment directives removed, scheme ' +
    'and query kept (an http-only page stays http:); pages match on urlKey, not on this',
});
export const UrlKey = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'hex SHA-256 of the normalised URL',
});
export const Visibility = Type.Union(
  [Type.Literal('public'), Type.Literal('private'), Type.Literal('group')],
  {
    description:
      'public: everyone in the organisation; private: the owner alone; group: the members of ' +
      'the groups in `groups` (everyone, for an open group) and the owner',
  },
);
export type Visibility = Static<typeof Visibility>;

/** `visibility: "group"`: the groups an item is shared with, each one its author is in. */
export const ItemGroupsInput = Type.Array(
  Type.String({ pattern: UUID_PATTERN, description: 'a group id' }),
  { minItems: 1, maxItems: LIMITS.itemGroups, uniqueItems: true },
);

/** The groups of a group item that the reader may see (open ones and their own). */
export const ItemGroups = Type.Array(Type.String({ pattern: UUID_PATTERN }), {
  description: 'visibility "group": the groups it is shared with that the reader may see',
});

/** A tag: 1–64 characters, at least one of them visible (the rule in `tags.ts`). */
export const Tag = Type.String({
  minLength: 1,
  maxLength: LIMITS.tag,
  pattern: VISIBLE_PATTERN,
  description: 'a tag; refused when it is empty once spaces, zero-width and bidi marks are removed',
});

/** A W3C Web Annotation TextQuoteSelector with an optional TextPositionSelector hint. */
export const Quote = Type.Object(
  {
    exact: Type.String({ minLength: 1, maxLength: LIMITS.quote }),
    prefix: Type.Optional(Type.String({ maxLength: LIMITS.quoteContext })),
    suffix: Type.Optional(Type.String({ maxLength: LIMITS.quoteContext })),
    start: Type.Optional(Type.Integer({ minimum: 0 })),
    end: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type Quote = Static<typeof Quote>;

// ---- request bodies (PUT /v1/<plural>/{id}) -------------------------------------------------

export const BookmarkInput = Type.Object(
  {
    url: HttpUrl,
    title: Type.Optional(Type.String({ maxLength: LIMITS.title })),
    description: Type.Optional(Type.String({ maxLength: LIMITS.description })),
    tags: Type.Optional(Type.Array(Tag, { maxItems: LIMITS.tags })),
    visibility: Type.Optional(Visibility),
    groups: Type.Optional(ItemGroupsInput),
  },
  { additionalProperties: false },
);
export type BookmarkInput = Static<typeof BookmarkInput>;

export const SnippetInput = Type.Object(
  {
    url: HttpUrl,
    title: Type.Optional(Type.String({ maxLength: LIMITS.title })),
    quote: Quote,
    comment: Type.Optional(Type.String({ maxLength: LIMITS.comment })),
    visibility: Type.Optional(Visibility),
    groups: Type.Optional(ItemGroupsInput),
  },
  { additionalProperties: false },
);
export type SnippetInput = Static<typeof SnippetInput>;

export const StatusInput = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: LIMITS.statusText }),
    url: Type.Optional(HttpUrl),
    title: Type.Optional(Type.String({ maxLength: LIMITS.title })),
    question: Type.Optional(Type.Boolean()),
    visibility: Type.Optional(Visibility),
    groups: Type.Optional(ItemGroupsInput),
  },
  { additionalProperties: false },
);
export type StatusInput = Static<typeof StatusInput>;

export const CommentInput = Type.Object(
  {
    targetId: Id,
    text: Type.String({ minLength: 1, maxLength: LIMITS.comment }),
  },
  { additionalProperties: false },
);
export type CommentInput = Static<typeof CommentInput>;

// ---- objects as the server answers them ------------------------------------------------------

export const Person = Type.Object({
  handle: Handle,
  name: Type.String(),
  createdAt: Timestamp,
  former: Type.Optional(
    Type.Literal(true, {
      description: 'deactivated by an admin: shown as a former colleague; absent otherwise',
    }),
  ),
});
export type Person = Static<typeof Person>;

/**
 * An item a moderator hid (issue 15): only its author and the people who moderate it (the owners
 * and moderators of its groups; organisation admins for a public item) still see it. Its author
 * reads "hidden by a moderator" with the time and reason; moderators also read who hid it.
 */
export const HiddenMarker = Type.Object({
  at: Timestamp,
  reason: Type.String(),
  by: Type.Optional(Handle),
});
export type HiddenMarker = Static<typeof HiddenMarker>;

const owned = {
  id: Id,
  owner: Handle,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  hidden: Type.Optional(HiddenMarker),
};

export const Bookmark = Type.Object({
  type: Type.Literal('bookmark'),
  ...owned,
  url: SharedUrl,
  urlKey: UrlKey,
  title: Type.String(),
  description: Type.String(),
  tags: Type.Array(Type.String()),
  visibility: Visibility,
  groups: Type.Optional(ItemGroups),
});
export type Bookmark = Static<typeof Bookmark>;

export const Snippet = Type.Object({
  type: Type.Literal('snippet'),
  ...owned,
  url: SharedUrl,
  urlKey: UrlKey,
  title: Type.String(),
  quote: Quote,
  comment: Type.String(),
  mentions: Type.Array(Handle),
  visibility: Visibility,
  groups: Type.Optional(ItemGroups),
});
export type Snippet = Static<typeof Snippet>;

export const Status = Type.Object({
  type: Type.Literal('status'),
  ...owned,
  text: Type.String(),
  url: Type.Union([SharedUrl, Type.Null()]),
  urlKey: Type.Union([UrlKey, Type.Null()]),
  title: Type.String(),
  question: Type.Boolean(),
  mentions: Type.Array(Handle),
  visibility: Visibility,
  groups: Type.Optional(ItemGroups),
});
export type Status = Static<typeof Status>;

export const Comment = Type.Object({
  type: Type.Literal('comment'),
  ...owned,
  targetId: Id,
  text: Type.String(),
  mentions: Type.Array(Handle),
});
export type Comment = Static<typeof Comment>;

export const Like = Type.Object({
  type: Type.Literal('like'),
  owner: Handle,
  targetId: Id,
  createdAt: Timestamp,
});
export type Like = Static<typeof Like>;

export const Follow = Type.Object({
  type: Type.Literal('follow'),
  follower: Handle,
  followee: Handle,
  createdAt: Timestamp,
});
export type Follow = Static<typeof Follow>;

/** Items a person creates with an id of their own. */
export const Item = Type.Union([Bookmark, Snippet, Status, Comment]);
export type Item = Static<typeof Item>;
export type ItemType = Item['type'];

/**
 * How a person engages with a page or an item: by creating an item (its type) or by liking one.
 * The one list behind a page's people (`EngagedPerson.kinds`), the feed (`ActivityKind`), and,
 * extended, sync (`MutationType`) and changes (`Change.type`).
 */
export const EngagementKind = Type.Union([
  Type.Literal('bookmark'),
  Type.Literal('snippet'),
  Type.Literal('status'),
  Type.Literal('comment'),
  Type.Literal('like'),
]);
export type EngagementKind = Static<typeof EngagementKind>;

// ---- sync ------------------------------------------------------------------------------------

/**
 * What a client changes through sync: the engagement kinds (items and likes) and follows. The
 * kind lists build on each other, so a new item type is added in `EngagementKind` once.
 */
export const MutationType = Type.Union([...EngagementKind.anyOf, Type.Literal('follow')]);
export type MutationType = Static<typeof MutationType>;

/**
 * One queued action. `id` is the item id (bookmark, snippet, status, comment), the liked item's
 * id (like) or the followed handle (follow). `data` is the body the single route takes; it is
 * validated per mutation so one bad mutation cannot refuse the batch. `seq` is the action's
 * place in its device's outbox (it only grows): the server does not apply an action over a later
 * one of the same outbox on the same object (see `SyncRequest`).
 */
export const Mutation = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    op: Type.Union([Type.Literal('put'), Type.Literal('delete')]),
    type: MutationType,
    data: Type.Optional(Type.Unknown()),
    seq: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 2147483647,
        description: "the action's place in its outbox; only grows (see SyncRequest.outbox)",
      }),
    ),
  },
  { additionalProperties: false },
);
export type Mutation = Static<typeof Mutation>;

/**
 * A batch of queued actions, oldest first. `outbox` names the client's outbox (random, made once
 * per local database), within which `seq`s count. A mutation with a `seq` no greater than the
 * last one the server applied from this token and outbox to the same object is older than what
 * the server holds (a request delayed in the network, a batch sent again): it is not applied and
 * is answered 200 with the object as it is now (410 for a deleted item's PUT, `{ id, deleted:
 * true }` for a like or follow that is gone). Without `seq`, mutations apply in arrival order.
 */
export const SyncRequest = Type.Object(
  {
    mutations: Type.Array(Mutation, { minItems: 1, maxItems: LIMITS.syncBatch }),
    outbox: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]{1,64}$',
        description:
          "the client's outbox id; a mutation whose seq is not above the last one applied from " +
          'this token and outbox to the same object is not applied, and is answered with the ' +
          'object as it is now',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SyncRequest = Static<typeof SyncRequest>;

/** Each mutation's answer, exactly as the single route would give it. */
export const MutationResult = Type.Object({
  id: Type.String(),
  type: MutationType,
  op: Type.Union([Type.Literal('put'), Type.Literal('delete')]),
  status: Type.Integer(),
  body: Type.Unknown(),
});
export type MutationResult = Static<typeof MutationResult>;

export const SyncResponse = Type.Object({ results: Type.Array(MutationResult) });
export type SyncResponse = Static<typeof SyncResponse>;

/**
 * One entry of `GET /v1/changes`. `key` identifies the object within its type: the id for items,
 * the handle for people, `owner/targetId` for likes, `follower/followee` for follows. A deleted
 * object comes as a tombstone (`deleted: true`, no `value`).
 */
export const Change = Type.Object({
  /** What sync writes, and the people directory (which only the server changes). */
  type: Type.Union([...MutationType.anyOf, Type.Literal('person')]),
  key: Type.String(),
  deleted: Type.Boolean(),
  value: Type.Optional(Type.Union([Bookmark, Snippet, Status, Comment, Like, Follow, Person])),
});
export type Change = Static<typeof Change>;

/** Cursor pagination: `cursor` is opaque; pass it back to continue. */
export function Page<T extends import('typebox').TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), cursor: Type.String(), hasMore: Type.Boolean() });
}

export const ChangesPage = Page(Change);
export type ChangesPage = Static<typeof ChangesPage>;

// ---- page engagement -------------------------------------------------------------------------

export const EngagedPerson = Type.Object({
  handle: Handle,
  name: Type.String(),
  inNetwork: Type.Boolean({ description: 'the caller follows this person (or is them)' }),
  kinds: Type.Array(EngagementKind),
  former: Type.Optional(
    Type.Literal(true, { description: 'deactivated: shown as a former colleague' }),
  ),
});
export type EngagedPerson = Static<typeof EngagedPerson>;

export const PageSummary = Type.Object({
  urlKey: UrlKey,
  url: Type.String({ description: "the URL as shared by one of the page's items" }),
  title: Type.String(),
  people: Type.Array(EngagedPerson, { description: 'network first' }),
  counts: Type.Object({
    bookmarks: Type.Integer(),
    snippets: Type.Integer(),
    comments: Type.Integer(),
    likes: Type.Integer(),
  }),
  bookmarks: Type.Array(Bookmark),
  snippets: Type.Array(Snippet),
  statuses: Type.Array(Status),
  comments: Type.Array(Comment),
  likes: Type.Array(Like),
});
export type PageSummary = Static<typeof PageSummary>;

// ---- errors ----------------------------------------------------------------------------------

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    existingId: Type.Optional(
      Type.String({ description: 'code "duplicate": the id of the live bookmark of that page' }),
    ),
    reason: Type.Optional(
      Type.String({
        description:
          'code "conflict" of an admin action: `last_admin` (no active admin would remain)',
      }),
    ),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;

// ---- small answers ---------------------------------------------------------------------------

/** The answer to a DELETE: `id` is the item id, the liked item's id or the unfollowed handle. */
export const Deleted = Type.Object({ id: Type.String(), deleted: Type.Literal(true) });
export type Deleted = Static<typeof Deleted>;

/** `GET /v1/people`: the directory, for @mention autocomplete. */
export const PeopleList = Type.Object({ items: Type.Array(Person) });
export type PeopleList = Static<typeof PeopleList>;

/** `GET /v1/follows`: whom the caller follows and who follows them. */
export const Network = Type.Object({
  following: Type.Array(Person),
  followers: Type.Array(Person),
});
export type Network = Static<typeof Network>;

// ---- groups (issue 15) -----------------------------------------------------------------------

export const GroupKind = Type.Union([Type.Literal('open'), Type.Literal('closed')], {
  description:
    'open: anyone in the organisation sees its items and may join; closed: only members see ' +
    'it, people join when a moderator adds them or approves their request',
});
export type GroupKind = Static<typeof GroupKind>;

export const GroupRole = Type.Union(
  [Type.Literal('owner'), Type.Literal('moderator'), Type.Literal('member')],
  {
    description: 'owners and moderators add, remove and approve; a group keeps at least one owner',
  },
);
export type GroupRole = Static<typeof GroupRole>;

/** `PUT /v1/groups/{id}`: create a group (the caller becomes its owner) or edit it. */
export const GroupInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: LIMITS.name, pattern: VISIBLE_PATTERN }),
    description: Type.Optional(Type.String({ maxLength: LIMITS.description })),
    kind: GroupKind,
  },
  { additionalProperties: false },
);
export type GroupInput = Static<typeof GroupInput>;

/** A group as the caller sees it. */
export const Group = Type.Object({
  id: Id,
  name: Type.String(),
  description: Type.String(),
  kind: GroupKind,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  members: Type.Integer({ description: 'how many people are in it' }),
  role: Type.Union([GroupRole, Type.Null()], { description: "the caller's role; null: not in it" }),
  requested: Type.Boolean({ description: 'the caller asked to join and is waiting' }),
});
export type Group = Static<typeof Group>;

/** `GET /v1/groups`: the groups the caller may see (open ones, theirs, those they asked for). */
export const GroupsList = Type.Object({ items: Type.Array(Group) });
export type GroupsList = Static<typeof GroupsList>;

/** Someone in a group. */
export const Member = Type.Object({
  handle: Handle,
  name: Type.String(),
  role: GroupRole,
  since: Timestamp,
});
export type Member = Static<typeof Member>;

/** Someone asking to join a closed group. */
export const JoinRequest = Type.Object({
  handle: Handle,
  name: Type.String(),
  createdAt: Timestamp,
});
export type JoinRequest = Static<typeof JoinRequest>;

/** `GET /v1/groups/{id}/members`: the members, and (to its moderators) the pending requests. */
export const MembersList = Type.Object({
  items: Type.Array(Member),
  requests: Type.Array(JoinRequest, { description: 'empty unless the caller moderates it' }),
});
export type MembersList = Static<typeof MembersList>;

/** `PUT /v1/groups/{id}/members/{handle}`. */
export const MemberInput = Type.Object({ role: GroupRole }, { additionalProperties: false });
export type MemberInput = Static<typeof MemberInput>;

/** `PUT /v1/groups/{id}/requests/{handle}`: a moderator's answer to a request. */
export const RequestDecision = Type.Object(
  { approve: Type.Boolean() },
  { additionalProperties: false },
);
export type RequestDecision = Static<typeof RequestDecision>;

/** The answer to `DELETE /v1/groups/{id}`. */
export const GroupDeleted = Type.Object({
  id: Id,
  deleted: Type.Literal(true),
  itemsMadePrivate: Type.Integer({
    description: 'items shared with this group alone, now private to their authors',
  }),
});
export type GroupDeleted = Static<typeof GroupDeleted>;

// ---- moderation (issue 15) -------------------------------------------------------------------

/** `PUT /v1/flags/{itemId}`: flag an item one may see. */
export const FlagInput = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: LIMITS.flagReason, pattern: VISIBLE_PATTERN }) },
  { additionalProperties: false },
);
export type FlagInput = Static<typeof FlagInput>;

/** A flag: who flagged which item, why and when. */
export const Flag = Type.Object({
  itemId: Id,
  handle: Handle,
  reason: Type.String(),
  createdAt: Timestamp,
});
export type Flag = Static<typeof Flag>;

/**
 * `GET /v1/flags`: the flags on live items the caller moderates (items shared with a group they
 * own or moderate; public items for organisation admins), newest first.
 */
export const FlagsList = Type.Object({ items: Type.Array(Flag) });
export type FlagsList = Static<typeof FlagsList>;

/** `PUT /v1/items/{id}/hidden`: a moderator hides an item they moderate. */
export const HideInput = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: LIMITS.flagReason, pattern: VISIBLE_PATTERN }) },
  { additionalProperties: false },
);
export type HideInput = Static<typeof HideInput>;

/** An item's moderation state: `hidden` when a moderator hid it, else null. */
export const Moderation = Type.Object({
  itemId: Id,
  hidden: Type.Union([HiddenMarker, Type.Null()]),
});
export type Moderation = Static<typeof Moderation>;

/** `DELETE /v1/items/{id}?reason=`: an organisation admin deletes an item. */
export const RemovalQuery = Type.Object(
  {
    reason: Type.Optional(
      Type.String({ minLength: 1, maxLength: LIMITS.flagReason, pattern: VISIBLE_PATTERN }),
    ),
  },
  { additionalProperties: false },
);
export type RemovalQuery = Static<typeof RemovalQuery>;
