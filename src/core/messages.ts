/**
 * The one typed message protocol between the background and everything else in the extension.
 * One method map per direction; each method's parameters have a TypeBox schema that the
 * receiver validates before acting, and every answer is a `Reply`. Extension pages (popup,
 * options, side panel) may call every `UiCalls` method; content scripts only `ContentCalls`.
 */

import { type Static, type TSchema, Type } from 'typebox';
import type { Audience } from './audience.ts';
import type { ContentSettings } from './content-settings.ts';
import type { WireFailure } from './failures.ts';
import type { FlagOnItem } from './groups.ts';
import { IMPORT_WIRE, type RefusalCode } from './import-entry.ts';
import type { AuthConfig, Device } from './sign-in.ts';
import type { PageIdentity } from './url.ts';
import { MAX_URL_LENGTH } from './url-parse.ts';
import {
  type Bookmark,
  BookmarkInput,
  type Comment,
  CommentInput,
  type Group,
  type GroupDeleted,
  GroupInput,
  type GroupKind,
  GroupRole,
  Handle,
  HideInput,
  HttpUrl,
  Id,
  LIMITS,
  type Member,
  type MembersList,
  type Moderation,
  type Person,
  type Snippet,
  SnippetInput,
  type Status,
  StatusInput,
  Visibility,
} from './wire.ts';

/** Every answer: a value, or an error with a stable code and the parameters its words use. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: WireFailure };

export type LookupMode = 'local' | 'range' | 'exact';

/** The automatic choice of lookup mode (`lookup-choice.ts`): the mode, and the figures behind it. */
export type AutoMode = { mode: 'local' | 'range'; items: number; budget: number };

/** What the lookup mode is now, and why: the person's choice, or the automatic one. */
export type LookupChoice = {
  /** The mode page lookups use. */
  mode: LookupMode;
  /** True when the person chose it in the options; false when it is automatic. */
  chosen: boolean;
  /** The automatic choice from the organisation's size; null before `/v1/org` answered. */
  auto: AutoMode | null;
};

/** Which settings the organisation presets (`managed-settings.ts`); the pages show them locked. */
export type ManagedLocks = {
  /** The server address is preset (the field is read-only). */
  serverUrl: boolean;
  /** The lookup mode is preset (the choice is locked). */
  lookupMode: boolean;
  /** Sites the organisation excluded: shown, not removable. */
  excludedSites: string[];
  /** Sign-in with the organisation is the way in; the token form is folded away. */
  preferOidc: boolean;
  /** The first-run page is one "Sign in with <organisation>" button. */
  oneClickSignIn: boolean;
  /** The organisation's local-copy budget (items), when its policy sets one. */
  localCopyBudget?: number;
};

export type Settings = {
  serverUrl: string;
  /** How the overlay learns about a page: the local mirror (nothing sent), a hash prefix, or the exact key. */
  lookupMode: LookupMode;
  /**
   * True once the person picked `lookupMode` in the options; until then the extension chooses
   * by the organisation's size (`lookup-choice.ts`) and `lookupMode` is only the default.
   */
  lookupModeChosen: boolean;
  excludedSites: string[];
  overlay: boolean;
  linkMarks: boolean;
  /** What the organisation presets; absent where no policy was read (as if none). */
  managed?: ManagedLocks;
};

export type SyncStatus = {
  signedIn: boolean;
  me: Person | null;
  lastSyncAt: string | null;
  pending: number;
  failed: Array<{ id: string; type: string; op: string; code: string; message: string }>;
  /** Why the last sync attempt failed (network, auth…), or null. */
  error: { code: string; message: string } | null;
  /** The lookup mode page views use, and whether the person chose it or the size did. */
  lookup: LookupChoice;
  /**
   * While the first sync is under way (or was interrupted and will resume): the people and
   * items (comments included) applied so far, of about `total` (the server's `/v1/org`
   * count; null when it did not say). Null once the first sync is complete.
   */
  firstSync: { applied: number; total: number | null } | null;
  /**
   * Where items' web permalinks live: the server's public address (`GET /v1/org`'s
   * `publicUrl`), a permalink being `<permalinkBase>/items/{id}`; null when the server has none.
   */
  permalinkBase: string | null;
};

/** A person who engaged with a page, as the local index knows them. */
export type PagePerson = {
  handle: string;
  name: string;
  inNetwork: boolean;
  kinds: string[];
  /** Deactivated by an admin: shown as a former colleague. */
  former?: boolean;
};

/** Who did something, as item cards show them (`former`: deactivated, a former colleague). */
export type Actor = { handle: string; name: string; former?: boolean };

/** What the extension knows locally about one page. */
export type PageEngagement = {
  url: string;
  urlKey: string;
  people: PagePerson[];
  counts: { bookmarks: number; snippets: number; comments: number; likes: number };
  bookmarks: Bookmark[];
  snippets: Snippet[];
  statuses: Status[];
  comments: Comment[];
  /** Item ids the signed-in user likes, and like counts by item id. */
  likedByMe: string[];
  likeCounts: Record<string, number>;
  /** The signed-in user's own bookmark of this page, if any. */
  myBookmark: Bookmark | null;
  /**
   * Names (by id) of the groups this page's group items are shared with, as far as the known
   * groups list has them: what their labels say. Absent where no item is in a group.
   */
  groupNames?: Record<string, string>;
};

/** The pill's words, written by the background (see src/i18n/engagement-labels.ts). */
export type PillLabels = { people: string; counts: string };

/** A page nobody engaged with (so far): no people, no items, every count 0. */
export function noEngagement(url: string, urlKey: string): PageEngagement {
  return {
    url,
    urlKey,
    people: [],
    counts: { bookmarks: 0, snippets: 0, comments: 0, likes: 0 },
    bookmarks: [],
    snippets: [],
    statuses: [],
    comments: [],
    likedByMe: [],
    likeCounts: {},
    myBookmark: null,
  };
}

/** A page's engagement as the content script gets it: with the pill's words already written. */
export type OverlayEngagement = PageEngagement & { labels: PillLabels };

/** What the local index knows about a link's target, and its mark's title. */
export type LinkInfo = {
  count: number;
  people: Array<{ handle: string; name: string }>;
  label: string;
};

/** The groups list as last read from the server (`fetchedAt` null: never read yet). */
export type KnownGroups = { items: Group[]; fetchedAt: string | null };

/** One of the person's groups as the audience picker offers it. */
export type GroupChoice = { id: string; name: string; kind: GroupKind };

/** What the audience picker starts with: the choice remembered for the site, and my groups. */
export type AudienceChoices = { audience: Audience; groups: GroupChoice[] };

export type FeedEntry = {
  item: Bookmark | Snippet | Status | Comment;
  person: Actor;
};

export type Notification = {
  id: string;
  kind: 'mention' | 'comment' | 'like';
  at: string;
  actor: Actor;
  item: Bookmark | Snippet | Status | Comment;
  read: boolean;
};

/** What one `importBookmarks` batch did: refused entries carry a code the UI puts in words. */
export type ImportSummary = {
  imported: number;
  existing: number;
  refused: Array<{ url: string; code: RefusalCode }>;
};

// ---- parameter schemas -----------------------------------------------------------------------

const Empty = Type.Object({}, { additionalProperties: false });
const TabRef = Type.Object(
  { tabId: Type.Optional(Type.Integer({ minimum: 0 })) },
  { additionalProperties: false },
);
const UrlParam = Type.Object({ url: HttpUrl }, { additionalProperties: false });

/** An audience as the picker sends it (`audience.ts`): group ids are the server's UUIDs. */
const AudienceParam = Type.Union([
  Type.Object({ kind: Type.Literal('public') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('private') }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('group'),
      groups: Type.Array(Id, { minItems: 1, maxItems: LIMITS.itemGroups, uniqueItems: true }),
    },
    { additionalProperties: false },
  ),
]);

/** The page a choice is remembered for; absent away from any page (a status without one). */
const SiteParam = Type.Optional(HttpUrl);

const SettingsPatch = Type.Object(
  {
    lookupMode: Type.Optional(
      Type.Union([Type.Literal('local'), Type.Literal('range'), Type.Literal('exact')]),
    ),
    /** `false` hands the choice back to the organisation's size. */
    lookupModeChosen: Type.Optional(Type.Boolean()),
    excludedSites: Type.Optional(Type.Array(Type.String({ maxLength: 253 }), { maxItems: 1000 })),
    overlay: Type.Optional(Type.Boolean()),
    linkMarks: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const ImportEntrySchema = Type.Object(
  {
    url: Type.String({ maxLength: IMPORT_WIRE.url }),
    title: Type.String({ maxLength: IMPORT_WIRE.title }),
    description: Type.Optional(Type.String({ maxLength: IMPORT_WIRE.description })),
    tags: Type.Optional(
      Type.Array(Type.String({ maxLength: IMPORT_WIRE.tag }), { maxItems: IMPORT_WIRE.tags }),
    ),
    private: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const Credentials = Type.Object(
  { serverUrl: HttpUrl, token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/**
 * Set when the person accepted that changes which have not reached the server yet are thrown
 * away (signing out, or signing in as someone else); without it those calls refuse with code
 * `pending` while anything is undelivered.
 */
const DiscardPending = Type.Optional(Type.Boolean());

/**
 * Tags as the UI sends them: the visible-character rule (`tags.ts`) is the background's to
 * apply, so a tag of invisible characters is refused with its own code (`invisible-tag`) that
 * the UI puts in words, not as a malformed message.
 */
const TagText = Type.String({ minLength: 1, maxLength: LIMITS.tag });

/**
 * A change to a bookmark: any of `BookmarkInput`'s fields but its URL, with tags as the UI
 * sends them (`TagText`, see above).
 */
const BookmarkPatch = Type.Partial(
  Type.Evaluate(
    Type.Intersect([
      Type.Omit(BookmarkInput, ['url', 'tags']),
      Type.Object({ tags: Type.Array(TagText, { maxItems: LIMITS.tags }) }),
    ]),
  ),
  { additionalProperties: false },
);

/** One group, by id. */
const GroupRef = Type.Object({ id: Id }, { additionalProperties: false });

/** Methods extension pages call. `params` is validated on receipt; `result` is the value type. */
export const UiParams = {
  getStatus: Empty,
  getSettings: Empty,
  setSettings: SettingsPatch,
  /** Checks a server URL and token without keeping them: answers who they sign in as. */
  testConnection: Credentials,
  /**
   * Signs in. Signing in as someone other than the person whose data is stored first pushes
   * their outbox, and refuses (`pending`) while entries are left, unless `discardPending`.
   */
  signIn: Type.Object(
    { ...Credentials.properties, discardPending: DiscardPending },
    { additionalProperties: false },
  ),
  /**
   * Signs out and empties the local data, after pushing the outbox; refuses (`pending`, the
   * message says how many) while entries have not reached the server, unless `discardPending`.
   */
  signOut: Type.Object({ discardPending: DiscardPending }, { additionalProperties: false }),
  /**
   * What the server at `serverUrl` offers for signing in (`GET /v1/auth/config`): whether
   * there is "Sign in with <organisation>", and the organisation's name. A server without the
   * route answers tokens only.
   */
  authConfig: Type.Object({ serverUrl: HttpUrl }, { additionalProperties: false }),
  /**
   * Signs in with the organisation's identity provider: the background opens the server's
   * sign-in in the browser's auth window (`identity.launchWebAuthFlow`), exchanges the one-time
   * code with its PKCE verifier for a device token and signs in as `signIn` does (the same
   * `pending` refusal when someone else's changes wait, unless `discardPending`).
   */
  signInWithOrganisation: Type.Object(
    { serverUrl: HttpUrl, discardPending: DiscardPending },
    { additionalProperties: false },
  ),
  /** The signed-in person's devices (live tokens), this one marked `current`. */
  listDevices: Empty,
  /** Revokes another of the person's devices; answers the list after it. */
  revokeDevice: Type.Object(
    { id: Type.String({ minLength: 1, maxLength: 100 }) },
    { additionalProperties: false },
  ),
  /** The one-click bookmark of a tab (the active one without `tabId`); never a duplicate. */
  bookmarkTab: TabRef,
  updateBookmark: Type.Object({ id: Id, patch: BookmarkPatch }, { additionalProperties: false }),
  deleteBookmark: Type.Object({ id: Id }, { additionalProperties: false }),
  myTags: Empty,
  postStatus: StatusInput,
  searchPeople: Type.Object(
    {
      q: Type.String({ maxLength: 100 }),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    },
    { additionalProperties: false },
  ),
  follow: Type.Object({ handle: Handle }, { additionalProperties: false }),
  unfollow: Type.Object({ handle: Handle }, { additionalProperties: false }),
  tabInfo: TabRef,
  pageEngagement: UrlParam,
  /**
   * The feed; with `group`, only items shared with that group (and comments on them).
   */
  feed: Type.Object(
    {
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
      group: Type.Optional(Id),
    },
    { additionalProperties: false },
  ),
  /**
   * The groups the person may see, with their role in each, as last read from the server;
   * `refresh` reads them again first (the last known list answers when that fails).
   */
  knownGroups: Type.Object(
    { refresh: Type.Optional(Type.Boolean()) },
    { additionalProperties: false },
  ),
  /** What the audience picker starts with on the page at `url`, and the person's groups. */
  audienceChoices: Type.Object({ url: SiteParam }, { additionalProperties: false }),
  /** Remembers the audience last chosen on the site of `url` (kept in the browser only). */
  rememberAudience: Type.Object(
    { url: SiteParam, audience: AudienceParam },
    { additionalProperties: false },
  ),
  notifications: Empty,
  markNotificationsRead: Empty,
  shareSnippet: SnippetInput,
  addComment: CommentInput,
  deleteComment: Type.Object({ id: Id }, { additionalProperties: false }),
  like: Type.Object({ targetId: Id }, { additionalProperties: false }),
  unlike: Type.Object({ targetId: Id }, { additionalProperties: false }),
  syncNow: Empty,
  retryFailed: Empty,
  /**
   * Drops the refused (failed) outbox entries of one object, by the `id` `SyncStatus.failed`
   * lists, instead of retrying them; the object's local copy goes back to the server's version.
   */
  discardFailed: Type.Object(
    { id: Type.String({ minLength: 1, maxLength: 64 }) },
    { additionalProperties: false },
  ),
  /**
   * Imports one batch of bookmarks (from a bookmark file or the browser's bookmarks) through the
   * outbox, like one-click bookmarks: a page the user already bookmarked, or that appears twice,
   * is counted as `existing` and left alone, so importing the same bookmarks again adds nothing.
   */
  importBookmarks: Type.Object(
    {
      bookmarks: Type.Array(ImportEntrySchema, { maxItems: IMPORT_WIRE.batch }),
      visibility: Visibility,
    },
    { additionalProperties: false },
  ),
  /** The user's bookmarks from the local mirror as a Netscape bookmark file. */
  exportBookmarks: Empty,
  /**
   * The groups the person may see, read from the server now (`GET /v1/groups`): theirs, those
   * they asked to join, and open ones, for the popup's Groups view.
   */
  listGroups: Empty,
  /** Creates a group (the person becomes its owner); the background gives it its id. */
  createGroup: GroupInput,
  /** Edits a group's name, description and kind (owners and moderators). */
  editGroup: Type.Object({ id: Id, ...GroupInput.properties }, { additionalProperties: false }),
  /** Deletes a group (owners); items shared with it alone become private to their authors. */
  deleteGroup: GroupRef,
  /** Joins an open group as a member. */
  joinGroup: GroupRef,
  /** Asks to join a closed group (by the id its members shared). */
  askToJoin: GroupRef,
  /** Leaves a group, or withdraws a request to join it. */
  leaveGroup: GroupRef,
  /** A group's members and, for its owners and moderators, the pending requests. */
  groupMembers: GroupRef,
  /** Gives a member another role (owners and moderators). */
  setMemberRole: Type.Object(
    { id: Id, handle: Handle, role: GroupRole },
    { additionalProperties: false },
  ),
  /** Removes someone from a group (owners and moderators). */
  removeMember: Type.Object({ id: Id, handle: Handle }, { additionalProperties: false }),
  /** Approves or refuses a request to join (owners and moderators). */
  answerRequest: Type.Object(
    { id: Id, handle: Handle, approve: Type.Boolean() },
    { additionalProperties: false },
  ),
  /** The flags on what the person moderates, with what the local copy knows of each item. */
  groupFlags: Empty,
  /** Hides an item the person moderates (its author and moderators still see it, marked). */
  hideItem: Type.Object(
    { itemId: Id, reason: HideInput.properties.reason },
    { additionalProperties: false },
  ),
  /** Shows an item the person hid (or another moderator did) again. */
  unhideItem: Type.Object({ itemId: Id }, { additionalProperties: false }),
} satisfies Record<string, TSchema>;

/** What each UI method answers. */
export type UiResults = {
  getStatus: SyncStatus;
  getSettings: Settings;
  setSettings: Settings;
  testConnection: Person;
  signIn: Person;
  signOut: null;
  authConfig: AuthConfig;
  signInWithOrganisation: Person;
  listDevices: Device[];
  revokeDevice: Device[];
  bookmarkTab: { bookmark: Bookmark; created: boolean; removedParams: string[] };
  updateBookmark: Bookmark;
  deleteBookmark: null;
  myTags: string[];
  postStatus: Status;
  searchPeople: Person[];
  follow: null;
  unfollow: null;
  /** The tab's URL and title as Outloud would save them, or why it cannot. */
  tabInfo: { url: string | null; title: string; bookmarkable: boolean; reason: string | null };
  pageEngagement: PageEngagement;
  feed: FeedEntry[];
  knownGroups: KnownGroups;
  audienceChoices: AudienceChoices;
  rememberAudience: null;
  notifications: { items: Notification[]; unread: number };
  markNotificationsRead: null;
  shareSnippet: Snippet;
  addComment: Comment;
  deleteComment: null;
  like: null;
  unlike: null;
  syncNow: SyncStatus;
  retryFailed: SyncStatus;
  discardFailed: SyncStatus;
  importBookmarks: ImportSummary;
  exportBookmarks: { html: string; count: number; handle: string };
  listGroups: Group[];
  createGroup: Group;
  editGroup: Group;
  deleteGroup: GroupDeleted;
  joinGroup: Member;
  askToJoin: Group;
  leaveGroup: null;
  groupMembers: MembersList;
  setMemberRole: Member;
  removeMember: null;
  answerRequest: null;
  groupFlags: FlagOnItem[];
  hideItem: Moderation;
  unhideItem: Moderation;
};

/** Link targets a content script asks about at once (resolved hrefs without fragment). */
const LinkTargets = Type.Array(Type.String({ maxLength: LIMITS.url }), { maxItems: 5000 });

/** Methods a content script may call: read what is known about its page, share from it. */
export const ContentParams = {
  /**
   * Everything the content script needs about its page, in one round trip: the settings that
   * apply to it, its identity (from the address and `rel=canonical`, worked out here so the page
   * runs no URL code), when the overlay may show what the local index knows about it, and when
   * link marks may show what it knows about `links` (the targets of the links in view).
   */
  pageState: Type.Object(
    {
      href: Type.String({ maxLength: MAX_URL_LENGTH }),
      canonical: Type.Union([Type.String({ maxLength: MAX_URL_LENGTH }), Type.Null()]),
      links: Type.Optional(LinkTargets),
    },
    { additionalProperties: false },
  ),
  /** Engagement counts for links on the page (normalised targets looked up locally). */
  linkEngagement: Type.Object({ urls: LinkTargets }, { additionalProperties: false }),
  /** Runs the overlay bundle in the calling frame (see src/content/overlay-api.ts). */
  loadOverlay: Empty,
  /**
   * What the snippet composer's audience picker starts with on the caller's page (the choice
   * remembered for its site), and the person's groups. Sharing remembers the choice.
   */
  audienceChoices: Empty,
  shareSnippet: SnippetInput,
  searchPeople: UiParams.searchPeople,
  openSidePanel: Empty,
} satisfies Record<string, TSchema>;

export type { ContentSettings };

/**
 * `pageState`'s answer; `engagement` is null whenever the overlay may not show, `links` (keyed
 * by the targets as sent, only those someone engaged with) empty whenever link marks may not.
 */
export type PageState = {
  settings: ContentSettings;
  page: PageIdentity | null;
  engagement: OverlayEngagement | null;
  links: Record<string, LinkInfo>;
  /** Where web permalinks live (`SyncStatus.permalinkBase`); null when signed out or none. */
  permalinkBase: string | null;
};

export type ContentResults = {
  pageState: PageState;
  linkEngagement: Record<string, LinkInfo>;
  loadOverlay: null;
  audienceChoices: AudienceChoices;
  shareSnippet: Snippet;
  searchPeople: Person[];
  openSidePanel: null;
};

/**
 * Messages the background sends to a tab's content script. `outloud:canonical` is answered
 * with a `CanonicalAnswer`, `outloud:open-composer` with a `ComposerAnswer`,
 * `outloud:scroll-to` and `outloud:refresh` (the local copy changed: ask for the page's state
 * again, so an open page drops what its person may no longer see) with nothing.
 */
export type BackgroundToContent =
  | { type: 'outloud:open-composer' }
  | { type: 'outloud:scroll-to'; snippetId: string }
  | { type: 'outloud:canonical' }
  | { type: 'outloud:refresh' };

/** The page's `rel=canonical` href as written (null when none); the background vets it. */
export type CanonicalAnswer = { canonical: string | null };

/** Whether the content script opened its composer (false: signed out, excluded, no selection). */
export type ComposerAnswer = { ok: boolean };

export type UiMethod = keyof typeof UiParams;
export type ContentMethod = keyof typeof ContentParams;
export type UiParamsOf<M extends UiMethod> = Static<(typeof UiParams)[M]>;
export type ContentParamsOf<M extends ContentMethod> = Static<(typeof ContentParams)[M]>;

/** The envelope on the wire: `{ outloud: 1, channel, method, params }`. */
export type Envelope =
  | { outloud: 1; channel: 'ui'; method: UiMethod; params: unknown }
  | { outloud: 1; channel: 'content'; method: ContentMethod; params: unknown };
