/**
 * Building the local copy of what the user just made, shaped exactly like the server's answer
 * (`wire.ts`), so the item shows at once and the server's version later replaces it without a
 * visible change. Also the request body (`data`) each outbox mutation carries.
 */
import { LIMITS } from './limits.ts';
import { parseMentions } from './mentions.ts';
import { uniqueTags } from './tags.ts';
import type {
  Bookmark,
  BookmarkInput,
  Comment,
  CommentInput,
  Snippet,
  SnippetInput,
  Status,
  StatusInput,
  Visibility,
} from './wire.ts';

/**
 * The audience fields of a new or edited item as the server will keep them: `groups` (sorted,
 * deduplicated) only with `visibility: "group"`. Null when they do not fit together (a group
 * audience without groups, groups with another visibility): the server would refuse it.
 */
export function itemAudience(input: {
  visibility?: Visibility;
  groups?: readonly string[];
}): { visibility: Visibility; groups?: string[] } | null {
  const visibility = input.visibility ?? 'public';
  if (visibility !== 'group') return input.groups === undefined ? { visibility } : null;
  const groups = [...new Set(input.groups ?? [])].sort();
  return groups.length > 0 && groups.length <= LIMITS.itemGroups ? { visibility, groups } : null;
}

/**
 * `itemAudience` of an input the actions already checked with it; one that did not fit is kept
 * to its author (`private`), never shared wider than meant.
 */
function audienceFieldsOf(input: { visibility?: Visibility; groups?: readonly string[] }) {
  return itemAudience(input) ?? { visibility: 'private' as const };
}

/** Who and when: the signed-in user's handle and the current ISO time. */
export type Stamp = { id: string; owner: string; now: string };

/** A page as the background resolved it: the URL as the server will store it (`sharedUrl`) and its key. */
export type ResolvedUrl = { url: string; urlKey: string };

/** Distinct lowercase handles mentioned in `text`, in order of appearance. */
export function mentionedHandles(text: string): string[] {
  return [...new Set(parseMentions(text).map((m) => m.handle))];
}

/** What every new object carries, as the wire's `owned` fields: its id, owner and times. */
function owned(s: Stamp) {
  return { id: s.id, owner: s.owner, createdAt: s.now, updatedAt: s.now };
}

/** A new bookmark (public unless the input says otherwise). */
export function newBookmark(s: Stamp, page: ResolvedUrl, input: BookmarkInput): Bookmark {
  return {
    type: 'bookmark',
    ...owned(s),
    url: page.url,
    urlKey: page.urlKey,
    title: input.title ?? '',
    description: input.description ?? '',
    tags: uniqueTags(input.tags ?? []),
    ...audienceFieldsOf(input),
  };
}

export type BookmarkPatch = Partial<
  Pick<Bookmark, 'title' | 'description' | 'tags' | 'visibility' | 'groups'>
>;

/** `bookmark` with `patch` applied (tags trimmed and deduplicated, `uniqueTags`) at `now`. */
export function patchBookmark(bookmark: Bookmark, patch: BookmarkPatch, now: string): Bookmark {
  const tags = patch.tags ? uniqueTags(patch.tags) : bookmark.tags;
  // A new visibility brings its own groups (none unless "group"); otherwise they stay.
  const { groups: _old, ...rest } = bookmark;
  const audience =
    patch.visibility === undefined
      ? audienceFieldsOf({ visibility: bookmark.visibility, groups: bookmark.groups })
      : audienceFieldsOf({ visibility: patch.visibility, groups: patch.groups });
  return {
    ...rest,
    title: patch.title ?? bookmark.title,
    description: patch.description ?? bookmark.description,
    tags,
    ...audience,
    updatedAt: now,
  };
}

/** The `PUT /v1/bookmarks/{id}` body that makes the server's copy equal `bookmark`. */
export function bookmarkBody(bookmark: Bookmark): BookmarkInput {
  return {
    url: bookmark.url,
    title: bookmark.title,
    description: bookmark.description,
    tags: bookmark.tags,
    visibility: bookmark.visibility,
    ...(bookmark.visibility === 'group' && bookmark.groups ? { groups: bookmark.groups } : {}),
  };
}

/** A new snippet; mentions come from its comment. */
export function newSnippet(s: Stamp, page: ResolvedUrl, input: SnippetInput): Snippet {
  const comment = input.comment ?? '';
  return {
    type: 'snippet',
    ...owned(s),
    url: page.url,
    urlKey: page.urlKey,
    title: input.title ?? '',
    quote: input.quote,
    comment,
    mentions: mentionedHandles(comment),
    ...audienceFieldsOf(input),
  };
}

/** A new status update, optionally about a page. */
export function newStatus(s: Stamp, page: ResolvedUrl | null, input: StatusInput): Status {
  return {
    type: 'status',
    ...owned(s),
    text: input.text,
    url: page?.url ?? null,
    urlKey: page?.urlKey ?? null,
    title: input.title ?? '',
    question: input.question ?? false,
    mentions: mentionedHandles(input.text),
    ...audienceFieldsOf(input),
  };
}

/** A new comment on item `input.targetId`. */
export function newComment(s: Stamp, input: CommentInput): Comment {
  return {
    type: 'comment',
    ...owned(s),
    targetId: input.targetId,
    text: input.text,
    mentions: mentionedHandles(input.text),
  };
}
