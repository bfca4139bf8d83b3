/**
 * Limits from the REST contract, in a module of their own so extension pages can use them
 * without bundling the TypeBox schemas of `wire.ts` (which re-exports them).
 */
export const LIMITS = {
  url: 2048,
  title: 500,
  description: 5000,
  comment: 5000,
  quote: 5000,
  quoteContext: 500,
  statusText: 2000,
  tags: 20,
  tag: 64,
  handle: 40,
  name: 200,
  /** Groups one item may be shared with. */
  itemGroups: 5,
  /** A moderation flag's reason. */
  flagReason: 1000,
  syncBatch: 200,
  pageSize: 500,
  body: 256 * 1024,
  /** Folder levels an imported file keeps; deeper folders are flattened into the last one. */
  folderDepth: 64,
  /** Bookmarks one import (a file, one request) may hold. */
  importBookmarks: 10_000,
  /** Bookmarks a person may import an hour by default (`OUTLOUD_IMPORT_LIMIT`). */
  importPerHour: 20_000,
} as const;
