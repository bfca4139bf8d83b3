/**
 * Discarding a refused outbox entry: it leaves the outbox and the status, its local effect is
 * handed back to the server (the next pull starts from scratch), and nothing else is touched.
 */
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../src/core/messages.ts';
import { urlKey } from '../../../src/core/url.ts';
import type { Bookmark } from '../../../src/core/wire.ts';
import { readSyncMeta } from '../../../src/platform/meta.ts';
import { idle, setup } from './helpers.ts';

type Ok<T> = { ok: true; value: T };
type T = Awaited<ReturnType<typeof setup>>;

async function bookmark(t: T, url: string): Promise<Bookmark> {
  const reply = (await t.bookmarkPage({ url, title: 'Page' })) as Ok<{ bookmark: Bookmark }>;
  expect(reply.ok).toBe(true);
  return reply.value.bookmark;
}

/** Refuses every mutation whose data carries the tag `secret` or whose title is `Refused`. */
function refuseMarked(t: T) {
  t.server.rules.push((m) => {
    const data = m.data as { tags?: string[]; title?: string } | undefined;
    return data?.tags?.includes('secret') || data?.title === 'Refused'
      ? { status: 400, code: 'invalid', message: 'not allowed here' }
      : null;
  });
}

describe('discardFailed', () => {
  it('drops a refused edit and brings back the server version of the bookmark', async () => {
    const t = await setup();
    await t.signIn('alice');
    const a = await bookmark(t, 'https://example.org/a');
    await idle(t.bg);
    refuseMarked(t);
    await t.ui('updateBookmark', { id: a.id, patch: { tags: ['secret'] } });
    await idle(t.bg);
    expect(((await t.ui('getStatus')) as Ok<SyncStatus>).value.failed).toHaveLength(1);
    expect(((await t.db.items.get(a.id)) as Bookmark).tags).toEqual(['secret']);

    const reply = (await t.ui('discardFailed', { id: a.id })) as Ok<SyncStatus>;
    expect(reply.value).toMatchObject({ failed: [], pending: 0, error: null });
    expect(await t.db.outbox.count()).toBe(0);
    expect(((await t.db.items.get(a.id)) as Bookmark).tags).toEqual([]);
    expect(await t.db.pages.get(await urlKey('https://example.org/a'))).toBeDefined();
    expect((await readSyncMeta(t.db)).cursor).not.toBeNull();
  });

  it('drops a refused creation, which the server never had, from the mirror and the index', async () => {
    const t = await setup();
    await t.signIn('alice');
    refuseMarked(t);
    const reply = (await t.bookmarkPage({
      url: 'https://example.org/r',
      title: 'Refused',
    })) as Ok<{ bookmark: Bookmark }>;
    await idle(t.bg);
    const { id } = reply.value.bookmark;
    expect(await t.db.items.get(id)).toBeDefined();

    const status = (await t.ui('discardFailed', { id })) as Ok<SyncStatus>;
    expect(status.value.failed).toEqual([]);
    expect(await t.db.items.get(id)).toBeUndefined();
    expect(await t.db.pages.get(await urlKey('https://example.org/r'))).toBeUndefined();
  });

  it('reverts a refused like, leaving the liked item itself', async () => {
    const t = await setup();
    await t.signIn('alice');
    const a = await bookmark(t, 'https://example.org/a');
    await idle(t.bg);
    t.server.rules.push((m) =>
      m.type === 'like' ? { status: 403, code: 'forbidden', message: 'no likes today' } : null,
    );
    await t.ui('like', { targetId: a.id });
    await idle(t.bg);
    expect(await t.db.likes.count()).toBe(1);
    const status = (await t.ui('discardFailed', { id: a.id })) as Ok<SyncStatus>;
    expect(status.value.failed).toEqual([]);
    expect(await t.db.likes.count()).toBe(0);
    expect(await t.db.items.get(a.id)).toBeDefined();
  });

  it('keeps the local state when a later action on the same object still waits', async () => {
    const t = await setup();
    await t.signIn('alice');
    const a = await bookmark(t, 'https://example.org/a');
    await idle(t.bg);
    refuseMarked(t);
    await t.ui('updateBookmark', { id: a.id, patch: { tags: ['secret'] } });
    await idle(t.bg);
    t.server.down = true;
    await t.ui('updateBookmark', { id: a.id, patch: { title: 'Renamed' } });
    await idle(t.bg);

    const status = (await t.ui('discardFailed', { id: a.id })) as Ok<SyncStatus>;
    expect(status.value).toMatchObject({ failed: [], pending: 1 });
    expect(await t.db.items.get(a.id)).toMatchObject({ title: 'Renamed' });
    expect((await t.db.outbox.toArray()).map((e) => e.state)).toEqual(['pending']);
  });

  it('changes nothing for an id with no refused entry, and never drops pending ones', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.down = true;
    const a = await bookmark(t, 'https://example.org/a');
    await idle(t.bg);
    const cursor = (await readSyncMeta(t.db)).cursor;
    const status = (await t.ui('discardFailed', { id: a.id })) as Ok<SyncStatus>;
    expect(status.value).toMatchObject({ failed: [], pending: 1 });
    expect(await t.db.items.get(a.id)).toBeDefined();
    expect((await readSyncMeta(t.db)).cursor).toBe(cursor);
    expect(await t.ui('discardFailed', { id: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });

  it('resets the cursor even offline, so the next sync pulls from scratch', async () => {
    const t = await setup();
    await t.signIn('alice');
    refuseMarked(t);
    const reply = (await t.bookmarkPage({
      url: 'https://example.org/r',
      title: 'Refused',
    })) as Ok<{ bookmark: Bookmark }>;
    await idle(t.bg);
    expect((await readSyncMeta(t.db)).cursor).not.toBeNull();
    t.server.down = true;
    const status = (await t.ui('discardFailed', { id: reply.value.bookmark.id })) as Ok<SyncStatus>;
    expect(status.value.failed).toEqual([]);
    expect((await readSyncMeta(t.db)).cursor).toBeNull();
    t.server.down = false;
    expect(await t.bg.sync.run('manual')).toMatchObject({ ok: true });
    expect((await readSyncMeta(t.db)).cursor).not.toBeNull();
  });
});
