/**
 * User actions: one transaction for the local change and its outbox entry, visible at once in
 * the mirror and the engagement index; one-click bookmark semantics (secrets stripped,
 * non-http refused, never a duplicate).
 */
import { describe, expect, it } from 'vitest';
import { urlKey } from '../../../src/core/url.ts';
import type { Bookmark, Status } from '../../../src/core/wire.ts';
import { idle, setup } from './helpers.ts';

type Ok<T> = { ok: true; value: T };

describe('bookmarkTab', () => {
  it('saves the tab at once: mirror, index and outbox, secrets stripped and reported', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.down = true;
    t.platform.tabs.set(5, {
      id: 5,
      url: 'https://example.org/doc?id=7&token=abc123&utm_source=mail',
      title: 'Doc',
    });
    const reply = (await t.ui('bookmarkTab', { tabId: 5 })) as Ok<{
      bookmark: Bookmark;
      created: boolean;
      removedParams: string[];
    }>;
    expect(reply.ok).toBe(true);
    expect(reply.value.created).toBe(true);
    expect(reply.value.removedParams).toEqual(['token']);
    const b = reply.value.bookmark;
    expect(b).toMatchObject({ owner: 'alice', title: 'Doc', visibility: 'public', tags: [] });
    expect(b.url).not.toContain('token');
    expect(await t.db.items.get(b.id)).toEqual(b);
    expect(await t.db.pages.get(b.urlKey)).toMatchObject({
      people: [{ handle: 'alice', kinds: ['bookmark'] }],
      counts: { bookmarks: 1 },
    });
    const [entry] = await t.db.outbox.toArray();
    expect(entry).toMatchObject({ state: 'pending', key: `bookmark:${b.id}` });
    expect(entry?.mutation).toEqual({
      id: b.id,
      op: 'put',
      type: 'bookmark',
      data: { url: 'https://example.org/doc?id=7&utm_source=mail', title: 'Doc' },
    });
  });

  it('returns the existing bookmark instead of a duplicate', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.platform.tabs.set(1, { id: 1, url: 'https://example.org/a#section', title: 'A' });
    t.platform.tabs.set(2, { id: 2, url: 'http://EXAMPLE.org/a?utm_medium=x', title: 'A again' });
    const first = (await t.ui('bookmarkTab', { tabId: 1 })) as Ok<{ bookmark: Bookmark }>;
    const second = (await t.ui('bookmarkTab', { tabId: 2 })) as Ok<{
      bookmark: Bookmark;
      created: boolean;
    }>;
    expect(second.value.created).toBe(false);
    expect(second.value.bookmark.id).toBe(first.value.bookmark.id);
    await idle(t.bg);
    expect(t.server.items.size).toBe(1);
  });

  it.each([
    ['chrome://extensions', 'not-http'],
    ['file:///home/me/notes.txt', 'not-http'],
    ['about:blank', 'not-http'],
  ])('refuses %s with %s', async (url, code) => {
    const t = await setup();
    await t.signIn('alice');
    t.platform.tabs.set(1, { id: 1, url, title: 'x' });
    t.platform.activeId = 1;
    expect(await t.ui('bookmarkTab', {})).toMatchObject({ ok: false, error: { code } });
    const info = (await t.ui('tabInfo', {})) as Ok<{ bookmarkable: boolean; reason: string }>;
    expect(info.value).toMatchObject({ bookmarkable: false, reason: code });
    expect(await t.db.outbox.count()).toBe(0);
  });

  it('tabInfo gives the URL as it would be saved', async () => {
    const t = await setup();
    t.platform.tabs.set(1, { id: 1, url: 'https://x.example/p?session=s3cr3t&q=1', title: 'P' });
    expect(await t.ui('tabInfo', { tabId: 1 })).toEqual({
      ok: true,
      value: { url: 'https://x.example/p?q=1', title: 'P', bookmarkable: true, reason: null },
    });
  });
});

describe('transactions', () => {
  it('writes neither the item nor the outbox entry when the transaction fails', async () => {
    const t = await setup();
    await t.signIn('alice');
    // A failing outbox write (e.g. quota) must take the item down with it.
    const realAdd = t.db.outbox.add.bind(t.db.outbox);
    t.db.outbox.add = (() =>
      Promise.reject(new Error('QuotaExceededError'))) as unknown as typeof realAdd;
    const reply = await t.bookmarkPage({ url: 'https://example.org/q' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    t.db.outbox.add = realAdd;
    expect(await t.db.items.count()).toBe(0);
    expect(await t.db.pages.count()).toBe(0);
    expect(await t.db.outbox.count()).toBe(0);
  });
});

describe('other actions', () => {
  it('posts a status with mentions and an attached page, visible on that page', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.down = true;
    const reply = (await t.ui('postStatus', {
      text: 'Anyone tried this? @Bob @carol.',
      url: 'https://example.org/tool?access_token=zzz',
      question: true,
    })) as Ok<Status>;
    expect(reply.value).toMatchObject({ mentions: ['bob', 'carol'], question: true });
    expect(reply.value.url).toBe('https://example.org/tool');
    const page = await t.db.pages.get(await urlKey('https://example.org/tool'));
    expect(page?.people).toEqual([{ handle: 'alice', kinds: ['status'] }]);
    const [entry] = await t.db.outbox.toArray();
    expect(entry?.mutation.data).toMatchObject({ url: 'https://example.org/tool' });
  });

  it('likes, comments and deletes update the index and queue in order', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.down = true;
    const { value } = (await t.bookmarkPage({ url: 'https://example.org/z' })) as Ok<{
      bookmark: Bookmark;
    }>;
    const id = value.bookmark.id;
    await t.ui('like', { targetId: id });
    const comment = (await t.ui('addComment', { targetId: id, text: 'nice @bob' })) as Ok<{
      id: string;
    }>;
    let page = await t.db.pages.get(value.bookmark.urlKey);
    expect(page?.counts).toMatchObject({ bookmarks: 1, likes: 1, comments: 1 });
    expect(page?.people).toEqual([{ handle: 'alice', kinds: ['bookmark', 'comment', 'like'] }]);

    await t.ui('unlike', { targetId: id });
    await t.ui('deleteComment', { id: comment.value.id });
    page = await t.db.pages.get(value.bookmark.urlKey);
    expect(page?.counts).toMatchObject({ likes: 0, comments: 0 });
    await t.ui('deleteBookmark', { id });
    expect(await t.db.pages.get(value.bookmark.urlKey)).toBeUndefined();
    const queued = (await t.db.outbox.orderBy('seq').toArray()).map((e) => [
      e.mutation.type,
      e.mutation.op,
    ]);
    expect(queued).toEqual([
      ['bookmark', 'put'],
      ['like', 'put'],
      ['comment', 'put'],
      ['like', 'delete'],
      ['comment', 'delete'],
      ['bookmark', 'delete'],
    ]);
    t.server.down = false;
    await t.bg.sync.run('manual');
    expect(await t.db.outbox.count()).toBe(0);
    expect(t.server.items.size).toBe(0);
    expect(t.server.likes.size).toBe(0);
  });

  it('refuses to edit or delete what is not the user’s', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.addUser('bob');
    const id = '0190a000-0000-7000-8000-0000000000bb';
    await t.server.mutate('bob', [
      { id, op: 'put', type: 'bookmark', data: { url: 'https://example.org/bob' } },
    ]);
    await t.bg.sync.run('manual');
    expect(await t.ui('updateBookmark', { id, patch: { title: 'mine now' } })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await t.ui('deleteBookmark', { id })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('refuses tags with no visible character (invisible-tag), changing nothing', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.down = true;
    t.platform.tabs.set(5, { id: 5, url: 'https://example.org/doc', title: 'Doc' });
    const made = (await t.ui('bookmarkTab', { tabId: 5 })) as Ok<{ bookmark: Bookmark }>;
    const { id } = made.value.bookmark;
    const queued = await t.db.outbox.toArray();
    for (const tag of ['\u200b', '\u202e\u2066\u2069', ' \ufeff ']) {
      const reply = await t.ui('updateBookmark', {
        id,
        patch: { title: 'new', tags: ['ok', tag] },
      });
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'invisible-tag', message: expect.stringMatching(/^tags\.1: /) },
      });
    }
    expect(await t.db.items.get(id)).toEqual(made.value.bookmark);
    expect(await t.db.outbox.toArray()).toEqual(queued);
    // A visible character among invisible ones is a tag, kept as typed.
    const kept = await t.ui('updateBookmark', { id, patch: { tags: ['\u200bx'] } });
    expect(kept).toMatchObject({ ok: true, value: { tags: ['\u200bx'] } });
  });

  it('follows and unfollows through the outbox', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.addUser('bob');
    await t.ui('follow', { handle: 'bob' });
    await idle(t.bg);
    expect([...t.server.follows.keys()]).toEqual(['alice/bob']);
    expect(await t.db.follows.count()).toBe(1);
    await t.ui('unfollow', { handle: 'bob' });
    await idle(t.bg);
    expect(t.server.follows.size).toBe(0);
    expect(await t.db.follows.count()).toBe(0);
    expect(await t.ui('follow', { handle: 'alice' })).toMatchObject({ ok: false });
  });
});
