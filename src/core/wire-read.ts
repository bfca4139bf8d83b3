/**
 * Wire schemas of the read routes beside `wire.ts`: the feed, notifications, search, trending
 * and bookmark import. Same conventions: TypeBox once for validation, serialisation, OpenAPI and
 * types; camelCase; ISO-8601 UTC times; opaque cursors.
 */
import { type Static, Type } from 'typebox';
import {
  EngagementKind,
  Handle,
  Item,
  LIMITS,
  Page,
  PageSummary,
  Timestamp,
  UrlKey,
  Visibility,
} from './wire.ts';

// ---- pages -----------------------------------------------------------------------------------

/**
 * `GET /v1/pages?prefix=`: 0–16 lowercase hex characters of a urlKey (the length `GET /v1/org`
 * names; empty asks for every page, for an organisation with fewer than k pages).
 */
export const PagePrefixQuery = Type.Object(
  {
    prefix: Type.String({
      pattern: '^[0-9a-f]{0,16}$',
      description: 'urlKey prefix, 0–16 hex (see `GET /v1/org` for the length to use)',
    }),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
export type PagePrefixQuery = Static<typeof PagePrefixQuery>;

export const PageSummariesPage = Page(PageSummary);
export type PageSummariesPage = Static<typeof PageSummariesPage>;

/** `GET /v1/org`: the organisation's size and the `range` mode's prefix length. */
export const OrgSize = Type.Object({
  pages: Type.Integer({
    description: 'distinct pages with live public bookmarks, snippets or statuses',
  }),
  items: Type.Integer({ description: 'live public items, comments included' }),
  people: Type.Integer({ description: 'people with an account' }),
  bucketMinPages: Type.Integer({ description: 'k: the fewest pages a prefix bucket may hold' }),
  prefixLength: Type.Integer({
    minimum: 0,
    maximum: 16,
    description:
      'urlKey prefix length for `GET /v1/pages?prefix=` so every bucket holds ≥ k pages (0: all)',
  }),
  publicUrl: Type.Optional(
    Type.String({
      description:
        'the address people reach the server at (`OUTLOUD_PUBLIC_URL`), when set: permalinks ' +
        'are `<publicUrl>/items/{id}`',
    }),
  ),
});
export type OrgSize = Static<typeof OrgSize>;

// ---- feed ------------------------------------------------------------------------------------

/** What an activity is: an item created (its type) or liked; the engagement kinds of `wire.ts`. */
export const ActivityKind = EngagementKind;
export type ActivityKind = EngagementKind;

/**
 * One entry of the feed: someone created `item` (kind = its type) or liked it (kind `like`).
 * A comment comes with the item it is on as `target`.
 */
export const Activity = Type.Object({
  key: Type.String({ description: 'unique within the feed: the item id, or like:owner/targetId' }),
  kind: ActivityKind,
  actor: Handle,
  at: Timestamp,
  item: Item,
  target: Type.Optional(Item),
});
export type Activity = Static<typeof Activity>;

export const FeedPage = Page(Activity);
export type FeedPage = Static<typeof FeedPage>;

/** Query of the cursor-paginated read routes. */
export const CursorQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
export type CursorQuery = Static<typeof CursorQuery>;

// ---- notifications ---------------------------------------------------------------------------

/**
 * Something that happened to the caller: `mention` (item mentions them), `comment` (item is a
 * comment on their `target`), `like` (actor liked their `item`). Never the caller's own actions.
 */
export const Notification = Type.Object({
  key: Type.String({ description: 'mention:<id>, comment:<id> or like:<owner>/<targetId>' }),
  kind: Type.Union([Type.Literal('mention'), Type.Literal('comment'), Type.Literal('like')]),
  actor: Handle,
  at: Timestamp,
  item: Item,
  target: Type.Optional(Item),
  unread: Type.Boolean(),
});
export type Notification = Static<typeof Notification>;

export const NotificationsPage = Type.Object({
  items: Type.Array(Notification),
  cursor: Type.String(),
  hasMore: Type.Boolean(),
  unread: Type.Integer({ description: 'how many notifications are newer than the read mark' }),
});
export type NotificationsPage = Static<typeof NotificationsPage>;

/** `POST /v1/notifications/read`: everything up to `upTo` (default: now) is read. */
export const MarkReadInput = Type.Object(
  {
    upTo: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z$',
        description: 'ISO-8601 UTC time',
      }),
    ),
  },
  { additionalProperties: false },
);
export type MarkReadInput = Static<typeof MarkReadInput>;

export const UnreadCount = Type.Object({ unread: Type.Integer(), readUpTo: Timestamp });
export type UnreadCount = Static<typeof UnreadCount>;

// ---- search ----------------------------------------------------------------------------------

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 500 }),
    type: Type.Optional(
      Type.Union([
        Type.Literal('bookmark'),
        Type.Literal('snippet'),
        Type.Literal('status'),
        Type.Literal('comment'),
      ]),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchPage = Page(Item);
export type SearchPage = Static<typeof SearchPage>;

// ---- trending --------------------------------------------------------------------------------

export const TrendingQuery = Type.Object(
  { days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 7 })) },
  { additionalProperties: false },
);

export const Trending = Type.Object({
  days: Type.Integer(),
  since: Timestamp,
  pages: Type.Array(
    Type.Object({
      urlKey: UrlKey,
      url: Type.String(),
      title: Type.String(),
      score: Type.Number(),
      people: Type.Integer({ description: 'distinct people who engaged' }),
      counts: Type.Object({
        bookmarks: Type.Integer(),
        snippets: Type.Integer(),
        statuses: Type.Integer(),
        comments: Type.Integer(),
        likes: Type.Integer(),
      }),
    }),
  ),
  tags: Type.Array(Type.Object({ tag: Type.String(), count: Type.Integer() })),
  people: Type.Array(Type.Object({ handle: Handle, name: Type.String(), score: Type.Number() })),
});
export type Trending = Static<typeof Trending>;

// ---- import ----------------------------------------------------------------------------------

/** `POST /v1/import/bookmarks` as JSON; the same options go in the query for `text/html`. */
export const ImportInput = Type.Object(
  {
    html: Type.String({ maxLength: LIMITS.body }),
    visibility: Type.Optional(Visibility),
    foldersAsTags: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ImportInput = Static<typeof ImportInput>;

export const ImportQuery = Type.Object(
  {
    visibility: Type.Optional(Visibility),
    foldersAsTags: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ImportQuery = Static<typeof ImportQuery>;

export const ImportSummary = Type.Object({
  imported: Type.Integer(),
  existing: Type.Integer({ description: 'already bookmarked: left as they are' }),
  refused: Type.Array(Type.Object({ url: Type.String(), reason: Type.String() })),
  flattenedFolders: Type.Optional(
    Type.Integer({
      description: `folders nested deeper than ${LIMITS.folderDepth} levels: their bookmarks went to the ${LIMITS.folderDepth}th-level folder`,
    }),
  ),
});
export type ImportSummary = Static<typeof ImportSummary>;
