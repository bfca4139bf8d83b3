/**
 * The popup's "Groups" view as pure logic (issue 15): which groups go in which list, what the
 * caller may do to a member (the server's rules, `server/handlers/groups.ts`, so the view offers
 * only what the server allows), which flags belong to a group, reading a group's id out of what
 * a person pastes, and which refusal a server answer to a group action is.
 */
import type { Bookmark, Comment, Group, GroupRole, HiddenMarker, Snippet, Status } from './wire.ts';

/** The caller's groups, the closed ones they asked to join, and open ones they may join. */
export type GroupLists = { mine: Group[]; pending: Group[]; open: Group[] };

const byName = (a: Group, b: Group) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id);

/** Splits `GET /v1/groups` into the view's three lists, each sorted by name. */
export function groupLists(groups: readonly Group[]): GroupLists {
  const lists: GroupLists = { mine: [], pending: [], open: [] };
  for (const g of groups) {
    if (g.role !== null) lists.mine.push(g);
    else if (g.requested) lists.pending.push(g);
    else if (g.kind === 'open') lists.open.push(g);
  }
  lists.mine.sort(byName);
  lists.pending.sort(byName);
  lists.open.sort(byName);
  return lists;
}

/** Owners and moderators answer requests, manage members and see flags. */
export function moderates(role: GroupRole | null): boolean {
  return role === 'owner' || role === 'moderator';
}

const ROLES: readonly GroupRole[] = ['owner', 'moderator', 'member'];

/**
 * The roles the caller (with `myRole`) may give member `target` (now `current`), the current
 * one included; empty when they may not change it. Owners change anyone's, moderators those of
 * members and moderators but never make or unmake an owner. One's own role is changed by
 * another (an owner stepping down would leave through `Leave` or be refused as the last owner).
 */
export function roleChoices(
  myRole: GroupRole | null,
  current: GroupRole,
  self: boolean,
): GroupRole[] {
  if (self) return [];
  if (myRole === 'owner') return [...ROLES];
  if (myRole === 'moderator' && current !== 'owner') return ['moderator', 'member'];
  return [];
}

/** Whether the caller may remove member `target` (now `current`); oneself leaves instead. */
export function canRemove(myRole: GroupRole | null, current: GroupRole, self: boolean): boolean {
  if (self) return false;
  if (myRole === 'owner') return true;
  return myRole === 'moderator' && current !== 'owner';
}

const UUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/i;

/**
 * The group id in what a person pasted to ask to join a closed group: the id alone, or any text
 * holding one (a link or a message with it); lowercased, as ids are. Null when there is none.
 */
export function groupIdFrom(text: string): string | null {
  const found = UUID_IN_TEXT.exec(text.trim());
  return found ? found[0].toLowerCase() : null;
}

/** A flag with what the local copy knows of the flagged item. */
export type FlagOnItem = {
  itemId: string;
  handle: string;
  reason: string;
  createdAt: string;
  /** The flagged item as the local copy holds it; null when it does not. */
  item: FlaggedItem | null;
};

/** What the view shows of a flagged item, and the groups it is shared with. */
export type FlaggedItem = {
  type: 'bookmark' | 'snippet' | 'status' | 'comment';
  owner: string;
  /** The words that identify it: a bookmark's title, a snippet's quote, a status's text. */
  text: string;
  url: string | null;
  groups: string[];
  /** Set while a moderator keeps it hidden (as the local copy last heard). */
  hidden: HiddenMarker | null;
};

/**
 * What the view shows of a flagged item from the local copy: a comment is shown by its words
 * and belongs to the groups of the item it is on (`target`), as its visibility does.
 */
export function flaggedItem(
  item: Bookmark | Snippet | Status | Comment,
  target?: Bookmark | Snippet | Status,
): FlaggedItem {
  const base = { type: item.type, owner: item.owner, hidden: item.hidden ?? null };
  switch (item.type) {
    case 'bookmark':
      return { ...base, text: item.title || item.url, url: item.url, groups: item.groups ?? [] };
    case 'snippet':
      return { ...base, text: item.quote.exact, url: item.url, groups: item.groups ?? [] };
    case 'status':
      return { ...base, text: item.text, url: item.url, groups: item.groups ?? [] };
    case 'comment':
      return { ...base, text: item.text, url: target?.url ?? null, groups: target?.groups ?? [] };
  }
}

/** A flagged item of a group, with every flag on it (newest first, as the server lists them). */
export type FlaggedEntry = {
  itemId: string;
  item: FlaggedItem | null;
  flags: Array<{ handle: string; reason: string; createdAt: string }>;
};

/**
 * The flagged items shared with group `id`, each once with all its flags, in the order of their
 * newest flag. Flags on items the local copy does not hold cannot be placed in a group: left out.
 */
export function flaggedItemsOf(flags: readonly FlagOnItem[], id: string): FlaggedEntry[] {
  const entries = new Map<string, FlaggedEntry>();
  for (const f of flags) {
    if (f.item?.groups.includes(id) !== true) continue;
    let entry = entries.get(f.itemId);
    if (!entry) {
      entry = { itemId: f.itemId, item: f.item, flags: [] };
      entries.set(f.itemId, entry);
    }
    entry.flags.push({ handle: f.handle, reason: f.reason, createdAt: f.createdAt });
  }
  return [...entries.values()];
}

/** What a person was doing when the server refused. */
export type GroupAction =
  | 'moderate'
  | 'read'
  | 'create'
  | 'edit'
  | 'delete'
  | 'join'
  | 'ask'
  | 'leave'
  | 'role'
  | 'remove'
  | 'answer';

/** The refusals of group actions the view puts in words of their own. */
export type GroupRefusal =
  | 'last-owner'
  | 'not-allowed'
  | 'group-gone'
  | 'group-changed'
  | 'not-found';

/**
 * Which refusal a server answer (`status`) to `action` is, or null when it has no words of its
 * own (the server's reason is then shown as given). A hidden item's 404 is the item's, not
 * the group's. 409 is the last owner when leaving or
 * changing roles, and a group that changed meanwhile (opened, or already joined) when asking.
 */
export function groupRefusal(action: GroupAction, status: number): GroupRefusal | null {
  if (status === 403) return 'not-allowed';
  // Hiding: the item is gone, or the person may no longer see it.
  if (action === 'moderate' && status === 404) return 'not-found';
  if (status === 404 || status === 410) return 'group-gone';
  if (status === 409) {
    return action === 'leave' || action === 'role' || action === 'remove'
      ? 'last-owner'
      : 'group-changed';
  }
  return null;
}
