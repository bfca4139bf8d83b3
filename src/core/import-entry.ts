/**
 * Bookmarks on their way in from elsewhere (a Netscape bookmark file, the browser's own
 * bookmarks): one plain shape for both sources, the cut into batches the options page sends
 * to the background, and the fitting of each one to the bookmark contract (over-long title,
 * description and tags shortened; non-web and over-long addresses refused with a stable code).
 */
import { LIMITS } from './limits.ts';
import { type NetscapeBookmark, readNetscape } from './netscape.ts';
import { isVisibleTag, tagKey } from './tags.ts';
import type { BookmarkInput, Visibility } from './wire.ts';

/** One bookmark to import, as the options page sends it to the background. */
export type ImportEntry = {
  url: string;
  title: string;
  description?: string;
  tags?: string[];
  /** The source marks it private (a file's `PRIVATE="1"`): it stays private. */
  private?: boolean;
};

/** What may travel in one `importBookmarks` message, field by field. */
export const IMPORT_WIRE = {
  batch: 100,
  url: 8192,
  title: 2000,
  description: 20_000,
  tags: 100,
  tag: 256,
} as const;

/** Why an entry was not imported: codes the UI words in the person's language. */
export type RefusalCode = 'not-http' | 'too-long' | 'invalid-url';

/** At most `max` UTF-16 units of `text`, never ending inside a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * Tags that fit the contract: white space collapsed, trimmed, ≤ 64 characters, no repeats (the
 * rule of `tags.ts`: regardless of case), ≤ 20.
 */
export function fitTags(tags: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const tag of tags) {
    const fitted = truncate(tag.replace(/\s+/g, ' ').trim(), LIMITS.tag).trim();
    // A tag of invisible characters only is no tag (the rule in tags.ts): left out, not refused.
    if (fitted && isVisibleTag(fitted) && !seen.has(tagKey(fitted)))
      seen.set(tagKey(fitted), fitted);
    if (seen.size === LIMITS.tags) break;
  }
  return [...seen.values()];
}

/**
 * The bookmark body for an entry, or why it cannot be one. `visibility` is the person's choice
 * for the whole import; an entry its source marks private stays private whatever it is.
 */
export function importInput(
  entry: ImportEntry,
  visibility: Visibility,
): { input: BookmarkInput } | { code: RefusalCode } {
  const url = entry.url.trim();
  if (!/^https?:\/\//i.test(url)) return { code: 'not-http' };
  if (url.length > LIMITS.url) return { code: 'too-long' };
  const input: BookmarkInput = {
    url,
    title: truncate(entry.title.replace(/\s+/g, ' ').trim(), LIMITS.title),
    visibility: entry.private === true || visibility === 'private' ? 'private' : 'public',
  };
  const description = truncate((entry.description ?? '').trim(), LIMITS.description);
  if (description) input.description = description;
  const tags = fitTags(entry.tags ?? []);
  if (tags.length > 0) input.tags = tags;
  return { input };
}

/** An entry that fits the message schema (the background still fits it to the contract). */
function wireSized(entry: ImportEntry): ImportEntry {
  const out: ImportEntry = {
    url: truncate(entry.url, IMPORT_WIRE.url),
    title: truncate(entry.title, IMPORT_WIRE.title),
  };
  if (entry.description) out.description = truncate(entry.description, IMPORT_WIRE.description);
  if (entry.tags && entry.tags.length > 0) {
    out.tags = entry.tags.slice(0, IMPORT_WIRE.tags).map((t) => truncate(t, IMPORT_WIRE.tag));
  }
  if (entry.private !== undefined) out.private = entry.private;
  return out;
}

/** The entries of a parsed Netscape bookmark file. */
export function fromNetscape(bookmarks: readonly NetscapeBookmark[]): ImportEntry[] {
  return bookmarks.map((b) =>
    wireSized({
      url: b.url,
      title: b.title,
      description: b.description,
      tags: b.tags,
      ...(b.private === undefined ? {} : { private: b.private }),
    }),
  );
}

/**
 * The entries of a bookmark file the person chose, read with the same linear reader as the
 * server, or how many bookmarks it holds when that is more than one import takes
 * (`LIMITS.importBookmarks`): then nothing is imported, as the server would answer 413.
 */
export function fileEntries(html: string): { entries: ImportEntry[] } | { tooMany: number } {
  const file = readNetscape(html, { maxBookmarks: LIMITS.importBookmarks });
  if (file.count > LIMITS.importBookmarks) return { tooMany: file.count };
  return { entries: fromNetscape(file.bookmarks) };
}

/** The parts of the browser's `bookmarks.BookmarkTreeNode` an import reads. */
export type BookmarkTreeNode = { url?: string; title?: string; children?: BookmarkTreeNode[] };

/** Every bookmark (a node with a `url`) in the browser's bookmark tree, depth first. */
export function fromBookmarkTree(roots: readonly BookmarkTreeNode[]): ImportEntry[] {
  const out: ImportEntry[] = [];
  const stack = [...roots].reverse();
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.url) out.push(wireSized({ url: node.url, title: node.title ?? '' }));
    if (node.children)
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/** `items` cut into consecutive batches of at most `size`. */
export function batches<T>(items: readonly T[], size: number = IMPORT_WIRE.batch): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
