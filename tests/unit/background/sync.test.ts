/**
 * Push and pull against a fake server that answers like the contract: batches in order,
 * 5xx and 429 with Retry-After, a response lost after the commit, 409 duplicate bookmarks,
 * 4xx refusals kept with their reason, tombstones, and two runs at once.
 */
import { describe, expect, it } from 'vitest';
import { urlKey } from '../../../src/core/url.ts';
import type { Bookmark } from '../../../src/core/wire.ts';
import { readSyncMeta } from '../../../src/platform/meta.ts';
import { idle, setup } from './helpers.ts';

const PAGE = 'https://example.org/article';
const OTHER_ID = '0190a000-0000-7000-8000-0000000000aa';

type Ok<T> = { ok: true; value: T };

async function bookmark(t: Awaited<ReturnType<typeof setup>>, url = PAGE) {
  const reply = (await t.bookmarkPage({ url, title: 'Article' })) as Ok<{
    bookmark: Bookmark;
    created: boolean;
  }>;
  expect(reply.ok).toBe(true);
  return reply.value.bookmark;
}

const serverBookmarks = (t: Awaited<ReturnType<typeof setup>>) =>
  [...t.server.items.values()].filter((i) => i.type === 'bookmark') as Bookmark[];

describe('push', () => {
  it('sends what the user did, in order, and empties the outbox as the server answers', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.down = true;
    const a = await bookmark(t, 'https://example.org/a');
    const b = await bookmark(t, 'https://example.org/b');
    await t.ui('updateBookmark', { id: a.id, patch: { tags: ['x'] } });
    await t.ui('deleteBookmark', { id: b.id });
    await idle(t.bg);
    expect(await t.db.outbox.count()).toBe(4);

    t.server.down = false;
    const run = await t.bg.sync.run('manual');
    expect(run).toMatchObject({ ran: true, ok: true, pushed: 4 });
    expect(t.server.syncRequests.at(-1)!.map((m) => [m.type, m.op, m.id])).toEqual([
      ['bookmark', 'put', a.id],
      ['bookmark', 'put', b.id],
      ['bookmark', 'put', a.id],
      ['bookmark', 'delete', b.id],
    ]);
    expect(await t.db.outbox.count()).toBe(0);
    expect(serverBookmarks(t).map((x) => [x.id, x.tags])).toEqual([[a.id, ['x']]]);
    const status = (await t.ui('getStatus')) as Ok<{ pending: number; error: unknown }>;
    expect(status.value).toMatchObject({ pending: 0, failed: [], error: null });
  });

  it('keeps everything pending on a 500 and backs off; the next run delivers exactly once', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.failNext(1, 500);
    await bookmark(t);
    await idle(t.bg);
    const entry = await t.db.outbox.toCollection().first();
    expect(entry).toMatchObject({ state: 'pending', attempts: 1 });
    const meta = await readSyncMeta(t.db);
    expect(meta.error?.code).toBe('unavailable');
    expect(meta.backoff.failures).toBe(1);
    expect(meta.backoff.notBefore).toBeGreaterThan(t.now());
    expect(await t.bg.sync.run('alarm')).toEqual({ ran: false, reason: 'backoff' });

    t.advance(meta.backoff.notBefore - t.now());
    expect(await t.bg.sync.run('alarm')).toMatchObject({ ran: true, ok: true });
    expect(serverBookmarks(t)).toHaveLength(1);
    expect(await t.db.outbox.count()).toBe(0);
    expect((await readSyncMeta(t.db)).backoff.failures).toBe(0);
  });

  it('honours 429 Retry-After: actions and alarms wait, "Sync now" does not', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.failNext(1, 429, { 'retry-after': '120' });
    await bookmark(t, 'https://example.org/1');
    await idle(t.bg);
    const meta = await readSyncMeta(t.db);
    expect(meta.backoff).toEqual({ failures: 1, notBefore: t.now() + 120_000, serverAsked: true });

    await bookmark(t, 'https://example.org/2');
    await idle(t.bg);
    expect(t.server.syncRequests).toHaveLength(0);
    t.advance(60_000);
    expect(await t.bg.sync.run('alarm')).toEqual({ ran: false, reason: 'backoff' });
    expect(await t.bg.sync.run('manual')).toMatchObject({ ran: true, ok: true, pushed: 2 });
    expect(serverBookmarks(t)).toHaveLength(2);
  });

  it('converges when the response is lost after the server committed', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.down = true;
    const local = await bookmark(t, 'https://Example.org/article?utm_source=feed');
    await idle(t.bg);
    t.server.down = false;
    t.server.loseNextResponse();
    const lost = await t.bg.sync.run('manual');
    expect(lost).toMatchObject({ ran: true, ok: false, error: { code: 'network' } });
    expect(serverBookmarks(t)).toHaveLength(1);
    expect(await t.db.outbox.count()).toBe(1);

    expect(await t.bg.sync.run('manual')).toMatchObject({ ok: true });
    expect(t.server.syncRequests).toHaveLength(2);
    expect(serverBookmarks(t)).toHaveLength(1);
    expect(await t.db.outbox.count()).toBe(0);
    const mirrored = await t.db.items.get(local.id);
    expect(mirrored).toEqual(t.server.items.get(local.id));
  });

  it('adopts the existing id on a 409 duplicate bookmark, with later edits following it', async () => {
    const t = await setup();
    await t.signIn('alice');
    // Another device of Alice's bookmarked the page; this one has not pulled it yet.
    await t.server.mutate('alice', [
      { id: OTHER_ID, op: 'put', type: 'bookmark', data: { url: PAGE, tags: ['elsewhere'] } },
    ]);
    t.server.down = true;
    const local = await bookmark(t);
    await t.ui('updateBookmark', { id: local.id, patch: { description: 'from here' } });
    await idle(t.bg);
    t.server.down = false;
    expect(await t.bg.sync.run('manual')).toMatchObject({ ok: true });

    expect(serverBookmarks(t).map((b) => b.id)).toEqual([OTHER_ID]);
    expect(serverBookmarks(t)[0]?.description).toBe('from here');
    expect(await t.db.items.get(local.id)).toBeUndefined();
    expect(((await t.db.items.get(OTHER_ID)) as Bookmark | undefined)?.description).toBe(
      'from here',
    );
    expect(await t.db.outbox.count()).toBe(0);
    const page = await t.db.pages.get(await urlKey(PAGE));
    expect(page?.itemIds).toEqual([OTHER_ID]);
    // Bookmarking the page again finds the adopted bookmark: never a duplicate.
    const again = (await t.bookmarkPage({ url: PAGE })) as Ok<{
      created: boolean;
      bookmark: Bookmark;
    }>;
    expect(again.value.created).toBe(false);
    expect(again.value.bookmark.id).toBe(OTHER_ID);
  });

  it('keeps a 4xx refusal as failed with its reason while the rest goes through; retry sends it again', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.rules.push((m) =>
      (m.data as { tags?: string[] } | undefined)?.tags?.includes('secret')
        ? { status: 400, code: 'invalid', message: 'tags.0: not allowed here' }
        : null,
    );
    t.server.down = true;
    const a = await bookmark(t, 'https://example.org/a');
    await t.ui('updateBookmark', { id: a.id, patch: { tags: ['secret'] } });
    await bookmark(t, 'https://example.org/b');
    await idle(t.bg);
    t.server.down = false;
    expect(await t.bg.sync.run('manual')).toMatchObject({ ok: true });

    const status = (await t.ui('getStatus')) as Ok<{ pending: number; failed: unknown[] }>;
    expect(status.value.pending).toBe(0);
    expect(status.value.failed).toEqual([
      {
        id: a.id,
        type: 'bookmark',
        op: 'put',
        code: 'invalid',
        message: 'tags.0: not allowed here',
      },
    ]);
    expect(serverBookmarks(t)).toHaveLength(2);
    // The local edit stays visible, and the pulled server copy does not overwrite it.
    expect(((await t.db.items.get(a.id)) as Bookmark | undefined)?.tags).toEqual(['secret']);

    t.server.rules.length = 0;
    const retried = (await t.ui('retryFailed')) as Ok<{ failed: unknown[]; pending: number }>;
    expect(retried.value).toMatchObject({ failed: [], pending: 0 });
    expect(t.server.items.get(a.id)).toMatchObject({ tags: ['secret'] });
  });

  it('stops on 401 and reports it until the user signs in again', async () => {
    const t = await setup();
    await t.signIn('alice');
    await t.store.set({ credentials: { serverUrl: 'http://server.test', token: 'revoked' } });
    await bookmark(t);
    await idle(t.bg);
    const status = (await t.ui('getStatus')) as Ok<{ error: { code: string }; pending: number }>;
    expect(status.value.error.code).toBe('unauthorized');
    expect(status.value.pending).toBe(1);
  });
});

describe('pull', () => {
  it('applies changes from the cursor, including tombstones, into the mirror and the index', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.addUser('bob', 'Bob');
    await t.server.mutate('bob', [
      { id: OTHER_ID, op: 'put', type: 'bookmark', data: { url: PAGE, title: 'Bob reads' } },
    ]);
    await t.bg.sync.run('manual');
    const key = await urlKey(PAGE);
    expect(await t.db.items.get(OTHER_ID)).toMatchObject({ owner: 'bob', title: 'Bob reads' });
    expect(await t.db.people.get('bob')).toMatchObject({ name: 'Bob' });
    expect((await t.db.pages.get(key))?.people).toEqual([{ handle: 'bob', kinds: ['bookmark'] }]);
    const cursor = (await readSyncMeta(t.db)).cursor;
    expect(cursor).toBe(String(t.server.changes.length));

    await t.server.mutate('bob', [{ id: OTHER_ID, op: 'delete', type: 'bookmark' }]);
    await t.bg.sync.run('manual');
    expect(await t.db.items.get(OTHER_ID)).toBeUndefined();
    expect(await t.db.pages.get(key)).toBeUndefined();
  });

  it('pulls in pages and resumes after a failure at the first page it had not applied', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.addUser('bob');
    const ids = Array.from(
      { length: 1200 },
      (_, i) => `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`,
    );
    await t.server.mutate(
      'bob',
      ids.map((id, i) => ({
        id,
        op: 'put' as const,
        type: 'bookmark' as const,
        data: { url: `https://example.org/p${i}` },
      })),
    );
    // The first page arrives; the second request fails (the worker "dies").
    const realFetch = t.server.fetch;
    let calls = 0;
    t.server.fetch = async (input, init) => {
      if (input.includes('/v1/changes') && ++calls === 2) throw new TypeError('killed');
      return realFetch(input, init);
    };
    expect(await t.bg.sync.run('manual')).toMatchObject({ ok: false });
    // Sign-in pulled change 1 (alice); page one (bob, 499 bookmarks) is applied with its cursor.
    expect((await readSyncMeta(t.db)).cursor).toBe('501');
    expect(await t.db.items.count()).toBe(499);

    expect(await t.bg.sync.run('manual')).toMatchObject({ ok: true, pulled: 701 });
    expect(await t.db.items.count()).toBe(1200);
    expect(await t.db.pages.count()).toBe(1200);
    expect((await readSyncMeta(t.db)).cursor).toBe('1202');
  });

  it('pushes an offline edit before pulling, so it wins over a remote edit made meanwhile', async () => {
    const t = await setup();
    await t.signIn('alice');
    const mine = await bookmark(t);
    await idle(t.bg);
    t.server.down = true;
    await t.ui('updateBookmark', { id: mine.id, patch: { title: 'Local title' } });
    await idle(t.bg);
    // Another device renames it on the server meanwhile.
    await t.server.mutate('alice', [
      { id: mine.id, op: 'put', type: 'bookmark', data: { url: PAGE, title: 'Remote title' } },
    ]);
    t.server.down = false;
    const before = t.server.syncRequests.length;
    await t.bg.sync.run('manual');
    expect(t.server.syncRequests.length).toBe(before + 1);
    // The local edit was pushed last, so it is the server's state too.
    expect(t.server.items.get(mine.id)).toMatchObject({ title: 'Local title' });
    expect(await t.db.items.get(mine.id)).toMatchObject({ title: 'Local title' });
  });
});

describe('concurrency', () => {
  it('never runs two syncs at once; the second asks the first to go round again', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.down = true;
    await bookmark(t);
    await idle(t.bg);
    t.server.down = false;
    const [a, b] = await Promise.all([t.bg.sync.run('manual'), t.bg.sync.run('manual')]);
    const outcomes = [a, b].map((r) => (r.ran ? 'ran' : r.reason)).sort();
    expect(outcomes).toEqual(['busy', 'ran']);
    expect(serverBookmarks(t)).toHaveLength(1);
  });
});
