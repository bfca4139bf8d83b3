/**
 * The reference model for the visibility model test: people, follows, items and likes as plain
 * data, and from them what each person may see on every read route. The rules, from the
 * contract and DESIGN.md's privacy model: an item is visible to a person when it is live and
 * public or theirs, or shared with a live group that is open or that they are in (issue 15); a
 * comment also needs its item visible; a like needs its item visible. Moderation: an item or
 * comment a moderator hid is visible only to its author and to those who moderate its root (the
 * item, or a comment's item): owners and moderators of a live group it is shared with, and
 * organisation admins when it is public; they also read the flags on it.
 */

export type Kind = 'bookmark' | 'snippet' | 'status' | 'comment';
export type Visibility = 'public' | 'private' | 'group';
export type Role = 'owner' | 'moderator' | 'member';

/** A group: its kind, who is in it with which role, and whether it still exists. */
export type ModelGroup = {
  id: string;
  kind: 'open' | 'closed';
  members: Map<string, Role>;
  live: boolean;
};

export type ModelItem = {
  id: string;
  kind: Kind;
  owner: string;
  visibility: Visibility;
  /** `visibility: group`: the groups it is shared with. */
  groups: string[];
  /** The page it is about (bookmarks, snippets, statuses that attach one). */
  url: string | null;
  /** The item a comment is on. */
  targetId: string | null;
  /** People it @mentions. */
  mentions: string[];
  /** A word found in this item alone: it must never reach anyone who may not see the item. */
  marker: string;
  /** Bookmarks: their one tag (a marker too). */
  tag: string | null;
  /** The PUT body, for visibility flips. */
  body: Record<string, unknown>;
  live: boolean;
  /** A moderator hid it. */
  hidden: boolean;
};

export type ModelLike = { owner: string; targetId: string };

/** What one page's summary should hold for one person: ids (and like keys) per list. */
export type PageExpectation = {
  bookmarks: string[];
  snippets: string[];
  statuses: string[];
  comments: string[];
  likes: string[];
  people: string[];
};

const sorted = (values: Iterable<string>) => [...values].sort();

export class VisibilityModel {
  readonly follows = new Set<string>();
  readonly items: ModelItem[] = [];
  readonly likes = new Map<string, ModelLike>();
  readonly groups: ModelGroup[] = [];
  /** Flags as `flagger>itemId`. */
  readonly flags = new Set<string>();
  private readonly byId = new Map<string, ModelItem>();

  /** `admins`: the organisation admins among `people`. */
  constructor(
    readonly people: readonly string[],
    readonly admins: ReadonlySet<string> = new Set(),
  ) {}

  add(item: ModelItem): void {
    this.items.push(item);
    this.byId.set(item.id, item);
  }

  item(id: string): ModelItem | undefined {
    return this.byId.get(id);
  }

  following(me: string): string[] {
    return this.people.filter((p) => this.follows.has(`${me}>${p}`));
  }

  /** True when `me` sees what group `id` shares: it exists and is open or theirs. */
  seesGroup(id: string, me: string): boolean {
    const group = this.groups.find((g) => g.id === id);
    return !!group && group.live && (group.kind === 'open' || group.members.has(me));
  }

  /** The item whose moderators moderate `item`: a comment's item, else itself. */
  root(item: ModelItem): ModelItem | undefined {
    return item.targetId === null ? item : this.byId.get(item.targetId);
  }

  /**
   * True when `me` moderates `item` (by its root): they own or moderate a live group the root
   * is shared with, or the root is public and they are an admin.
   */
  moderates(item: ModelItem, me: string): boolean {
    const root = this.root(item);
    if (!root) return false;
    const role = (g: string) => this.groups.find((x) => x.id === g && x.live)?.members.get(me);
    if (
      root.visibility === 'group' &&
      root.groups.some((g) => ['owner', 'moderator'].includes(role(g) ?? ''))
    ) {
      return true;
    }
    return root.visibility === 'public' && this.admins.has(me);
  }

  private ownVisible(item: ModelItem, me: string, moderator: boolean): boolean {
    if (!item.live) return false;
    if (item.hidden && item.owner !== me && !moderator) return false;
    if (item.visibility === 'public' || item.owner === me) return true;
    return item.visibility === 'group' && item.groups.some((g) => this.seesGroup(g, me));
  }

  /**
   * The contract's rule: live and public or mine, not hidden from me, and (comments) on an item
   * I may see.
   */
  visible(item: ModelItem, me: string): boolean {
    const moderator = this.moderates(item, me);
    if (!this.ownVisible(item, me, moderator)) return false;
    if (item.targetId === null) return true;
    const target = this.byId.get(item.targetId);
    return target !== undefined && this.ownVisible(target, me, moderator);
  }

  /** The flags `me` reads (`flagger>itemId`): on live items whose live root they moderate. */
  flagsFor(me: string): string[] {
    return sorted(
      [...this.flags].filter((f) => {
        const item = this.byId.get(f.split('>')[1] ?? '');
        const root = item && this.root(item);
        return !!item && item.live && !!root && root.live && this.moderates(item, me);
      }),
    );
  }

  /** Visible to everyone (what trending may count). */
  isPublic(item: ModelItem): boolean {
    return this.people.every((p) => this.visible(item, p));
  }

  visibleItems(me: string): ModelItem[] {
    return this.items.filter((i) => this.visible(i, me));
  }

  /** Like keys `owner/targetId` whose item `me` may see. */
  visibleLikes(me: string): string[] {
    return sorted(
      [...this.likes.entries()]
        .filter(([, like]) => {
          const target = this.byId.get(like.targetId);
          return target !== undefined && this.visible(target, me);
        })
        .map(([key]) => key),
    );
  }

  /** Feed keys: my and my network's visible items (by id) and likes (`like:owner/targetId`). */
  feed(me: string): string[] {
    const network = new Set([me, ...this.following(me)]);
    const items = this.visibleItems(me).filter((i) => network.has(i.owner));
    const likes = this.visibleLikes(me).filter((k) => network.has(k.split('/')[0] ?? ''));
    return sorted([...items.map((i) => i.id), ...likes.map((k) => `like:${k}`)]);
  }

  /** Notification keys: others' mentions of me, comments on my items, likes on my items. */
  notifications(me: string): string[] {
    const keys: string[] = [];
    for (const item of this.visibleItems(me)) {
      if (item.owner === me) continue;
      const onMine = item.kind === 'comment' && this.byId.get(item.targetId ?? '')?.owner === me;
      if (onMine) keys.push(`comment:${item.id}`);
      else if (item.mentions.includes(me)) keys.push(`mention:${item.id}`);
    }
    for (const key of this.visibleLikes(me)) {
      const like = this.likes.get(key);
      if (like && like.owner !== me && this.byId.get(like.targetId)?.owner === me) {
        keys.push(`like:${key}`);
      }
    }
    return sorted(keys);
  }

  /** What `me` should see of the page at `url`, or null when nothing (a 404). */
  page(me: string, url: string): PageExpectation | null {
    const visible = this.visibleItems(me);
    const onPage = visible.filter((i) => i.url === url && i.kind !== 'comment');
    const pageIds = new Set(onPage.map((i) => i.id));
    const comments = visible.filter((i) => i.kind === 'comment' && pageIds.has(i.targetId ?? ''));
    const likeable = new Set([...pageIds, ...comments.map((c) => c.id)]);
    const likes = this.visibleLikes(me).filter((k) => likeable.has(k.split('/')[1] ?? ''));
    if (onPage.length === 0) return null;
    const ids = (kind: Kind) => sorted(onPage.filter((i) => i.kind === kind).map((i) => i.id));
    const people = new Set([
      ...onPage.map((i) => i.owner),
      ...comments.map((c) => c.owner),
      ...likes.map((k) => k.split('/')[0] ?? ''),
    ]);
    return {
      bookmarks: ids('bookmark'),
      snippets: ids('snippet'),
      statuses: ids('status'),
      comments: sorted(comments.map((c) => c.id)),
      likes,
      people: sorted(people),
    };
  }

  /** The live bookmark `owner` has on `url`, if any (one per person and page). */
  liveBookmark(owner: string, url: string): ModelItem | undefined {
    return this.items.find(
      (i) => i.kind === 'bookmark' && i.live && i.owner === owner && i.url === url,
    );
  }
}
