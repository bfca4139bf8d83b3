/**
 * Bookmark import and export for the options page. Import writes each batch the way a one-click
 * bookmark is written (mirror, engagement index and outbox), but in ONE Dexie transaction per
 * batch with bulk writes; pages the user already has a bookmark of (by `urlKey`, in the local
 * mirror or earlier in the batch) are counted as `existing` and left alone, so importing the
 * same file twice adds nothing. Export builds a Netscape bookmark file from the local mirror,
 * so it works offline and includes what has not reached the server yet.
 */
import type { PageItem } from '../core/engagement.ts';
import { uuidv7 } from '../core/ids.ts';
import { type ImportEntry, importInput } from '../core/import-entry.ts';
import { newBookmark } from '../core/local-items.ts';
import type { ImportSummary } from '../core/messages.ts';
import { serializeNetscape } from '../core/netscape.ts';
import type { Bookmark, BookmarkInput, Visibility } from '../core/wire.ts';
import { type OutboxEntry, type OutloudDb, transaction } from '../platform/db.ts';
import { putItems } from '../platform/mirror.ts';
import { itemsBy, itemsOfPages } from '../platform/mirror-queries.ts';
import { enqueueAll, pendingEntry } from '../platform/outbox.ts';
import { type PreparedUrl, prepareUrl } from './actions.ts';
import { HandlerError } from './errors.ts';

export type TransferDeps = {
  db: OutloudDb;
  /** The signed-in user's handle. */
  me: string;
  now: () => number;
  newId?: (ms: number) => string;
};

type Candidate = { input: BookmarkInput; page: PreparedUrl };

/** Prepares every entry's address (outside any transaction: hashing is not an IndexedDB request). */
async function prepare(
  entries: readonly ImportEntry[],
  visibility: Visibility,
  summary: ImportSummary,
): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  for (const entry of entries) {
    const fitted = importInput(entry, visibility);
    if ('code' in fitted) {
      summary.refused.push({ url: entry.url.slice(0, 300), code: fitted.code });
      continue;
    }
    try {
      const page = await prepareUrl(fitted.input.url);
      candidates.push({ input: { ...fitted.input, url: page.sent }, page });
    } catch (err) {
      if (!(err instanceof HandlerError)) throw err;
      const code = err.code === 'too-long' || err.code === 'not-http' ? err.code : 'invalid-url';
      summary.refused.push({ url: entry.url.slice(0, 300), code });
    }
  }
  return candidates;
}

/** Imports one batch for `deps.me`; answers what it did. Never throws for a bad entry. */
export async function importBatch(
  deps: TransferDeps,
  entries: readonly ImportEntry[],
  visibility: Visibility,
): Promise<ImportSummary> {
  const summary: ImportSummary = { imported: 0, existing: 0, refused: [] };
  const candidates = await prepare(entries, visibility, summary);
  if (candidates.length === 0) return summary;
  const { db, me } = deps;
  const ms = deps.now();
  const now = new Date(ms).toISOString();
  await transaction(db, ['outbox', 'mirror'], async () => {
    const keys = candidates.map((c) => c.page.urlKey);
    const mine = (await itemsOfPages(db, keys)).filter(
      (i) => i.type === 'bookmark' && i.owner === me,
    );
    const taken = new Set(mine.map((i) => i.urlKey));
    const items: PageItem[] = [];
    const outbox: OutboxEntry[] = [];
    for (const { input, page } of candidates) {
      if (taken.has(page.urlKey)) {
        summary.existing++;
        continue;
      }
      taken.add(page.urlKey);
      const id = deps.newId?.(ms) ?? uuidv7(ms);
      items.push(newBookmark({ id, owner: me, now }, page, input));
      const mutation = { id, op: 'put', type: 'bookmark', data: input } as const;
      outbox.push(pendingEntry(mutation, me, now));
    }
    if (items.length === 0) return;
    await putItems(db, items);
    await enqueueAll(db, outbox);
    summary.imported = items.length;
  });
  return summary;
}

/** The user's live bookmarks in the local mirror, oldest first, as a Netscape bookmark file. */
export async function exportFile(
  db: OutloudDb,
  person: { handle: string; name: string },
): Promise<{ html: string; count: number; handle: string }> {
  const mine = (await itemsBy(db, person.handle))
    .filter((i): i is Bookmark => i.type === 'bookmark')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const html = serializeNetscape(
    mine.map((b) => ({
      url: b.url,
      title: b.title,
      description: b.description,
      tags: b.tags,
      addedAt: Date.parse(b.createdAt),
      modifiedAt: Date.parse(b.updatedAt),
      private: b.visibility === 'private',
    })),
    { title: `Outloud: ${person.name} (@${person.handle})` },
  );
  return { html, count: mine.length, handle: person.handle };
}
