/**
 * Bookmark import and export in the Netscape bookmark file format, shared by
 * `POST /v1/import/bookmarks`, `GET /v1/export/bookmarks.html` and the CLI. Import writes every
 * bookmark through `putBookmark`, exactly as `PUT /v1/bookmarks/{id}` would (validation, URL
 * normalisation, the change log), so imported bookmarks reach `/v1/changes` like any other; a
 * page the person already bookmarked is left as it is, which makes importing the same file
 * twice add nothing.
 *
 * The file is read and written in bounded slices that yield to the event loop, so other
 * requests keep being answered while a large import runs; the route caps what one file may
 * hold and what a person may import an hour.
 */
import { uuidv7 } from '../../core/ids.ts';
import { type NetscapeBookmark, NetscapeReader, serializeNetscape } from '../../core/netscape.ts';
import { isVisibleTag } from '../../core/tags.ts';
import { BookmarkInput, LIMITS, type Visibility } from '../../core/wire.ts';
import type { ImportSummary } from '../../core/wire-read.ts';
import { HttpError } from '../errors.ts';
import type { ImportQuota } from '../import-quota.ts';
import { yieldEvery } from '../slices.ts';
import { putBookmark } from './bookmarks.ts';
import { type HandlerContext, validate } from './context.ts';

export type ImportOptions = {
  /** `private` makes every imported bookmark private; otherwise the file's `PRIVATE` decides. */
  visibility?: Visibility;
  /** Add the names of enclosing folders to each bookmark's tags. */
  foldersAsTags?: boolean;
};

/** At most `max` UTF-16 units of `text`, never ending inside a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Tags that fit the contract: trimmed, ≤ 64 characters, no repeats, at most 20. */
export function fitTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const tag of tags) {
    const fitted = truncate(tag.replace(/\s+/g, ' ').trim(), LIMITS.tag).trim();
    // A tag of invisible characters only is no tag (the rule in tags.ts): left out, not refused.
    if (fitted && isVisibleTag(fitted)) seen.add(fitted);
    if (seen.size === LIMITS.tags) break;
  }
  return [...seen];
}

/**
 * The `PUT /v1/bookmarks` body for a bookmark from a file, or the reason it cannot be one.
 * Over-long titles, descriptions and tags are shortened rather than refused; a bookmark the file
 * marks private stays private whatever `options.visibility` says.
 */
export function toBookmarkInput(
  b: NetscapeBookmark,
  options: ImportOptions,
): { input: BookmarkInput } | { reason: string } {
  if (!/^https?:\/\//i.test(b.url)) return { reason: 'only http and https pages can be imported' };
  if (b.url.length > LIMITS.url) return { reason: `URL longer than ${LIMITS.url} characters` };
  const tags = fitTags(options.foldersAsTags ? [...b.tags, ...b.folders] : b.tags);
  const input: BookmarkInput = {
    url: b.url,
    title: truncate(b.title, LIMITS.title),
    visibility: b.private === true || options.visibility === 'private' ? 'private' : 'public',
  };
  if (b.description) input.description = truncate(b.description, LIMITS.description);
  if (tags.length > 0) input.tags = tags;
  return { input };
}

/** What may be imported: the route's caps (the CLI, run by an administrator, has none). */
export type ImportLimits = {
  /** Bookmarks one file may hold: more is refused with 413 before anything is written. */
  maxBookmarks?: number;
  /** The person's hourly allowance: taken once the file is read, before anything is written. */
  quota?: ImportQuota;
};

/** Characters of the file tokenized between chances to yield. */
const READ_SLICE = 16 * 1024;

/**
 * Imports the bookmarks in `html` for the caller. Never throws for a bad bookmark; throws 413
 * (too many bookmarks) or 429 (hourly allowance, with `retryAfter`) before writing anything.
 */
export async function importBookmarks(
  ctx: HandlerContext,
  html: string,
  options: ImportOptions = {},
  limits: ImportLimits = {},
): Promise<ImportSummary> {
  const pause = yieldEvery();
  const reader = new NetscapeReader(html, { maxBookmarks: limits.maxBookmarks });
  while (!reader.done) {
    reader.read(READ_SLICE);
    await pause();
  }
  const file = reader.end();
  if (limits.maxBookmarks !== undefined && file.count > limits.maxBookmarks) {
    throw new HttpError(
      413,
      'too_large',
      `this file holds ${file.count} bookmarks; one import takes at most ` +
        `${limits.maxBookmarks}: split it into smaller files`,
    );
  }
  limits.quota?.take(ctx.user.handle, file.count);
  const summary: ImportSummary = { imported: 0, existing: 0, refused: [] };
  if (file.flattenedFolders > 0) summary.flattenedFolders = file.flattenedFolders;
  for (const bookmark of file.bookmarks) {
    await importOne(ctx, bookmark, options, summary);
    await pause();
  }
  return summary;
}

async function importOne(
  ctx: HandlerContext,
  bookmark: NetscapeBookmark,
  options: ImportOptions,
  summary: ImportSummary,
): Promise<void> {
  const url = truncate(bookmark.url, LIMITS.url);
  const fitted = toBookmarkInput(bookmark, options);
  if ('reason' in fitted) {
    summary.refused.push({ url, reason: fitted.reason });
    return;
  }
  try {
    const input = validate<BookmarkInput>(BookmarkInput, fitted.input, 'bookmark');
    await putBookmark({ ...ctx, quiet: true }, uuidv7(), input);
    summary.imported++;
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    if (error.code === 'duplicate') summary.existing++;
    else summary.refused.push({ url, reason: error.message });
  }
}

/** The caller's live bookmarks (private ones included) as a Netscape bookmark file. */
export async function exportBookmarks(ctx: HandlerContext): Promise<string> {
  const rows = await ctx.db.kysely
    .selectFrom('items')
    .select(['url', 'title', 'description', 'tags', 'visibility', 'created_at', 'updated_at'])
    .where('owner', '=', ctx.user.handle)
    .where('type', '=', 'bookmark')
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return serializeNetscape(
    rows.map((r) => ({
      url: r.url ?? '',
      title: r.title,
      description: r.description,
      tags: JSON.parse(r.tags) as string[],
      addedAt: Date.parse(r.created_at),
      modifiedAt: Date.parse(r.updated_at),
      // Only what everyone may see is exported as public: a group item is not.
      private: r.visibility !== 'public',
    })),
    { title: `Outloud bookmarks of ${ctx.user.name} (@${ctx.user.handle})` },
  );
}
