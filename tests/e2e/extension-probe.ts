/**
 * Looking into a running extension from the fault and security tests: calling the background's
 * `ui` methods from an extension page exactly as the popup does (`runtime.sendMessage` with an
 * `Envelope`), and reading the background's IndexedDB (the local mirror and the outbox) from
 * that page with the raw IndexedDB API, so what is checked is what is stored, not what a
 * handler chooses to answer.
 */
import type { Page } from 'playwright-core';
import type { PageEngagement, Reply, SyncStatus, UiMethod } from '../../src/core/messages.ts';
import type { Bookmark } from '../../src/core/wire.ts';

/** Calls a background `ui` method from an extension page and answers the raw `Reply`. */
export function callUi<T = unknown>(
  page: Page,
  method: UiMethod,
  params: unknown = {},
): Promise<Reply<T>> {
  return page.evaluate(
    ([m, p]) => chrome.runtime.sendMessage({ outloud: 1, channel: 'ui', method: m, params: p }),
    [method, params] as const,
  ) as Promise<Reply<T>>;
}

/** Calls a background `ui` method and answers its value, throwing when the background refused. */
export async function ui<T = unknown>(
  page: Page,
  method: UiMethod,
  params: unknown = {},
): Promise<T> {
  const reply = await callUi<T>(page, method, params);
  if (!reply.ok) throw new Error(`${method} refused: ${JSON.stringify(reply.error)}`);
  return reply.value;
}

/**
 * Bookmarks `url` (public) through methods the pages use, for tests that need a bookmark of a
 * page no tab shows: the options page's import with one entry, then the bookmark as the page's
 * engagement names it. `created` is false when the user had bookmarked the page already.
 */
export async function bookmarkUrl(
  page: Page,
  url: string,
  title = '',
): Promise<{ bookmark: Bookmark; created: boolean }> {
  const summary = await ui<{ imported: number; refused: unknown[] }>(page, 'importBookmarks', {
    bookmarks: [{ url, title }],
    visibility: 'public',
  });
  if (summary.refused.length > 0) throw new Error(`import of ${url} refused: ${summary.refused}`);
  const { myBookmark } = await ui<PageEngagement>(page, 'pageEngagement', { url });
  if (!myBookmark) throw new Error(`no bookmark of ${url} after importing it`);
  return { bookmark: myBookmark, created: summary.imported === 1 };
}

/** `getStatus` through the protocol. */
export function syncStatus(page: Page): Promise<SyncStatus> {
  return ui<SyncStatus>(page, 'getStatus');
}

/** Every row of the background's database, by table (`items`, `comments`, `outbox`, …). */
export type StoredTables = Record<string, unknown[]>;

/** Reads every row of the named tables of the extension's IndexedDB `outloud`. */
export function readTables(page: Page, tables: string[]): Promise<StoredTables> {
  return page.evaluate(async (names) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('outloud');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      const present = names.filter((n) => db.objectStoreNames.contains(n));
      const tx = db.transaction(present, 'readonly');
      const out: Record<string, unknown[]> = {};
      await Promise.all(
        present.map(
          (name) =>
            new Promise<void>((resolve, reject) => {
              const all = tx.objectStore(name).getAll();
              all.onsuccess = () => {
                out[name] = all.result;
                resolve();
              };
              all.onerror = () => reject(all.error);
            }),
        ),
      );
      return out;
    } finally {
      db.close();
    }
  }, tables);
}

/** The mirror's objects keyed `type:key` as `/v1/changes` names them. */
export async function readMirror(page: Page): Promise<Map<string, unknown>> {
  const t = await readTables(page, ['items', 'comments', 'likes', 'follows', 'people']);
  const mirror = new Map<string, unknown>();
  type Row = Record<string, string>;
  for (const row of (t.items ?? []) as Row[]) mirror.set(`${row.type}:${row.id}`, row);
  for (const row of (t.comments ?? []) as Row[]) mirror.set(`comment:${row.id}`, row);
  for (const row of (t.likes ?? []) as Row[]) mirror.set(`like:${row.owner}/${row.targetId}`, row);
  for (const row of (t.follows ?? []) as Row[]) {
    mirror.set(`follow:${row.follower}/${row.followee}`, row);
  }
  for (const row of (t.people ?? []) as Row[]) mirror.set(`person:${row.handle}`, row);
  return mirror;
}

/** How many entries the outbox holds (pending and failed). */
export async function outboxSize(page: Page): Promise<number> {
  return ((await readTables(page, ['outbox'])).outbox ?? []).length;
}

/** Resolves once `check` answers true (for hooks, where `expect.poll` is not allowed). */
export async function until(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
