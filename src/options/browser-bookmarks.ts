/**
 * The browser's own bookmarks, for the import in the options page, behind a small interface so
 * the component can be tested with a fake. `bookmarks` is an OPTIONAL permission: it is asked
 * for only when the person presses the import button, and `request()` must be called from that
 * click handler (browsers refuse a permission request without a user gesture). Uses the native
 * promise-returning API (`browser` in Firefox, `chrome` in Chrome, both MV3), looked up only when
 * called, so rendering the page needs no extension API at all.
 */
import type { BookmarkTreeNode } from '../core/import-entry.ts';

export type BookmarkSource = {
  /** Asks for the `bookmarks` permission (answers at once when already granted). */
  request(): Promise<boolean>;
  /** The whole bookmark tree, once the permission is granted. */
  tree(): Promise<BookmarkTreeNode[]>;
};

type Api = typeof chrome;
const api = (): Api => (globalThis as { browser?: Api }).browser ?? chrome;

/** The real source over the browser's `permissions` and `bookmarks` APIs. */
export function browserBookmarks(): BookmarkSource {
  return {
    request: () => api().permissions.request({ permissions: ['bookmarks'] }),
    tree: () => api().bookmarks.getTree(),
  };
}
