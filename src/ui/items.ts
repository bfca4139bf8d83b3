/** What the item cards show of an item: its page, its title and the verb for what was done. */
import { snippetLink } from '../core/text-fragment.ts';
import type { Bookmark, Comment, Snippet, Status } from '../core/wire.ts';

export type AnyItem = Bookmark | Snippet | Status | Comment;

/** The page an item is about, when it has one (comments point at items, not pages). */
export function itemUrl(item: AnyItem): string | null {
  switch (item.type) {
    case 'bookmark':
    case 'snippet':
      return item.url;
    case 'status':
      return item.url;
    case 'comment':
      return null;
  }
}

/** The address that opens the item: a snippet's page at its quote (`snippetLink`), else its page. */
export function itemLink(item: AnyItem): string | null {
  return item.type === 'snippet' ? snippetLink(item) : itemUrl(item);
}

/** The item's page title, falling back to its URL without the scheme; '' without a page. */
export function itemTitle(item: AnyItem): string {
  const url = itemUrl(item);
  if (item.type !== 'comment' && item.title) return item.title;
  return url ? url.replace(/^https?:\/\//i, '') : '';
}

/** The message key of the verb for an item in the feed ("bookmarked", "asked", …). */
export function feedVerbKey(item: AnyItem): string {
  switch (item.type) {
    case 'bookmark':
      return 'feedVerbBookmark';
    case 'snippet':
      return 'feedVerbSnippet';
    case 'status':
      return item.question ? 'feedVerbQuestion' : 'feedVerbStatus';
    case 'comment':
      return 'feedVerbComment';
  }
}
