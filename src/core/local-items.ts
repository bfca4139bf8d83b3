/**
 * Building the local copy of what the user just made, shaped exactly like the server's answer
 * (`wire.ts`), so the item shows at once and the server's version later replaces it without a
 * visible change. Also the request body (`data`) each outbox mutation carries.
 */
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
} from './wire.ts';

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
    visibility: input.visibility ?? 'public',
  };
}

export type BookmarkPatch = Partial<
  Pick<Bookmark, 'title' | 'description' | 'tags' | 'visibility'>
>;

/** `bookmark` with `patch` applied (tags trimmed and deduplicated, `uniqueTags`) at `now`. */
export function patchBookmark(bookmark: Bookmark, patch: BookmarkPatch, now: string): Bookmark {
  const tags = patch.tags ? uniqueTags(patch.tags) : bookmark.tags;
  return {
    ...bookmark,
    title: patch.title ?? bookmark.title,
    description: patch.description ?? bookmark.description,
    tags,
    visibility: patch.visibility ?? bookmark.visibility,
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
    visibility: input.visibility ?? 'public',
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
    visibility: input.visibility ?? 'public',
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
