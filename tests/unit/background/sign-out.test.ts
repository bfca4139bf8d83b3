/**
 * Signing out, or signing in as someone else, never silently loses what was made: the outbox is
 * pushed first, and what is still undelivered refuses the wipe with code `pending` and the
 * count, unless the call says `discardPending`. Signing in again as the same person keeps all.
 */
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../src/core/messages.ts';
import type { Bookmark, Person } from '../../../src/core/wire.ts';
import { pendingEntry } from '../../../src/platform/outbox.ts';
import { idle, setup } from './helpers.ts';

type Ok<T> = { ok: true; value: T };
type Fail = {
  ok: false;
  error: { code: string; message: string; params?: Record<string, unknown> };
};
type T = Awaited<ReturnType<typeof setup>>;

async function bookmark(t: T, url: string, title = 'Page'): Promise<Bookmark> {
  const reply = (await t.bookmarkPage({ url, title })) as Ok<{ bookmark: Bookmark }>;
  expect(reply.ok).toBe(true);
  return reply.value.bookmark;
}

const status = async (t: T) => ((await t.ui('getStatus')) as Ok<SyncStatus>).value;
const serverBookmarks = (t: T) =>
  [...t.server.items.values()].filter((i) => i.type === 'bookmark') as Bookmark[];

/** Local data left: mirror rows of every kind and outbox entries. */
async function localRows(t: T) {
  const [items, outbox, pages] = await Promise.all([
    t.db.items.count(),
    t.db.outbox.count(),
    t.db.pages.count(),
  ]);
  return { items, outbox, pages };
}

/** A bookmark made while the server is down: one entry waits in the outbox. */
async function bookmarkOffline(t: T, url = 'https://example.org/offline'): Promise<Bookmark> {
  t.server.down = true;
  const made = await bookmark(t, url);
  await idle(t.bg);
  expect(await t.db.outbox.count()).toBe(1);
  return made;
}

describe('signOut', () => {
  it('signs out at once when nothing waits, without a push', async () => {
    const t = await setup();
    await t.signIn('alice');
    await bookmark(t, 'https://example.org/a');
    await idle(t.bg);
    const requests = t.server.syncRequests.length;

    const reply = await t.ui('signOut');
    expect(reply).toEqual({ ok: true, value: null });
    expect(t.server.syncRequests).toHaveLength(requests);
    expect(await status(t)).toMatchObject({ signedIn: false, me: null, pending: 0 });
    expect(await localRows(t)).toEqual({ items: 0, outbox: 0, pages: 0 });
  });

  it('refuses with the count while the server is down, changing nothing', async () => {
    const t = await setup();
    await t.signIn('alice');
    const made = await bookmarkOffline(t);

    const reply = (await t.ui('signOut')) as Fail;
    expect(reply.ok).toBe(false);
    expect(reply.error.code).toBe('pending');
    expect(reply.error.params).toEqual({ total: 1, refused: 0, reason: 'sign-out' });
    expect(await status(t)).toMatchObject({ signedIn: true, me: { handle: 'alice' }, pending: 1 });
    expect(await t.db.items.get(made.id)).toMatchObject({ id: made.id });
  });

  it('counts refused items too, and says so', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.rules.push((m) =>
      (m.data as { title?: string } | undefined)?.title === 'Refused'
        ? { status: 400, code: 'invalid', message: 'not allowed here' }
        : null,
    );
    await bookmark(t, 'https://example.org/r', 'Refused');
    await idle(t.bg);
    t.server.down = true;
    await bookmark(t, 'https://example.org/w');
    await idle(t.bg);
    expect(await status(t)).toMatchObject({ pending: 1, failed: [{ code: 'invalid' }] });

    const reply = (await t.ui('signOut')) as Fail;
    expect(reply.error).toEqual({
      code: 'pending',
      message: expect.any(String),
      params: { total: 2, refused: 1, reason: 'sign-out' },
    });
    expect(await t.db.outbox.count()).toBe(2);
  });

  it('with discardPending, signs out and throws the undelivered entries away', async () => {
    const t = await setup();
    await t.signIn('alice');
    await bookmarkOffline(t);

    const reply = await t.ui('signOut', { discardPending: true });
    expect(reply).toEqual({ ok: true, value: null });
    expect(await status(t)).toMatchObject({ signedIn: false, pending: 0 });
    expect(await localRows(t)).toEqual({ items: 0, outbox: 0, pages: 0 });
    expect(serverBookmarks(t)).toEqual([]);
  });

  it('delivers what waits when the server is back, then signs out', async () => {
    const t = await setup();
    await t.signIn('alice');
    const made = await bookmarkOffline(t);
    t.server.down = false;

    const reply = await t.ui('signOut');
    expect(reply).toEqual({ ok: true, value: null });
    expect(serverBookmarks(t).map((b) => [b.id, b.owner])).toEqual([[made.id, 'alice']]);
    expect(await status(t)).toMatchObject({ signedIn: false, pending: 0 });
    expect(await localRows(t)).toEqual({ items: 0, outbox: 0, pages: 0 });
  });

  it('stays signed in and refuses when a change is written while signing out', async () => {
    const t = await setup();
    await t.signIn('alice');
    const settings = t.bg.settings;
    const removeCredentials = settings.signOut.bind(settings);
    // The instant between the delivery check and the wipe: an action lands in the outbox.
    settings.signOut = async () => {
      await removeCredentials();
      await t.db.outbox.add(
        pendingEntry({ type: 'follow', op: 'put', id: 'bob' }, 'alice', '2025-06-01T12:00:00Z'),
      );
    };

    const reply = (await t.ui('signOut')) as Fail;
    expect(reply.error.code).toBe('pending');
    expect(await status(t)).toMatchObject({ signedIn: true, me: { handle: 'alice' }, pending: 1 });
    expect(await t.bg.settings.credentials()).toMatchObject({ serverUrl: 'http://server.test' });
  });

  it('rejects an unknown param (the schema stays closed)', async () => {
    const t = await setup();
    await t.signIn('alice');
    const reply = (await t.ui('signOut', { discard: true })) as Fail;
    expect(reply.ok).toBe(false);
    expect(await status(t)).toMatchObject({ signedIn: true });
  });
});

describe('clearLocalData', () => {
  it('with keepIfPending, empties nothing and answers the count while entries wait', async () => {
    const t = await setup();
    await t.signIn('alice');
    await bookmarkOffline(t);
    expect(await t.bg.clearLocalData({ keepIfPending: true })).toBe(1);
    expect(await localRows(t)).toMatchObject({ items: 1, outbox: 1 });
    expect(await t.bg.clearLocalData()).toBe(0);
    expect(await localRows(t)).toEqual({ items: 0, outbox: 0, pages: 0 });
  });
});

describe('signIn as someone else', () => {
  /** Signs in with `token` through the ui channel. */
  const signInWith = (t: T, token: string, extra: object = {}) =>
    t.ui('signIn', { serverUrl: 'http://server.test', token, ...extra }) as Promise<
      Ok<Person> | Fail
    >;

  it("refuses while the previous person's changes are undelivered, keeping them signed in", async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.rules.push((m) =>
      m.type === 'bookmark' ? { status: 503, code: 'unavailable', message: 'try later' } : null,
    );
    const made = await bookmark(t, 'https://example.org/a');
    await idle(t.bg);
    const bob = t.server.addUser('bob', 'Bob');

    const reply = (await signInWith(t, bob)) as Fail;
    expect(reply.error.code).toBe('pending');
    expect(reply.error.params).toEqual({
      total: 1,
      refused: 0,
      reason: 'switch',
      from: 'alice',
      to: 'bob',
    });
    expect(await status(t)).toMatchObject({ signedIn: true, me: { handle: 'alice' }, pending: 1 });
    expect(await t.db.items.get(made.id)).toBeDefined();
  });

  it("with discardPending, drops the previous person's data and signs in", async () => {
    const t = await setup();
    await t.signIn('alice');
    await bookmarkOffline(t);
    t.server.down = false;
    t.server.rules.push(() => ({ status: 400, code: 'invalid', message: 'no' }));
    await t.bg.sync.run('manual');
    const bob = t.server.addUser('bob', 'Bob');

    const reply = (await signInWith(t, bob, { discardPending: true })) as Ok<Person>;
    expect(reply.value.handle).toBe('bob');
    await idle(t.bg);
    expect(await status(t)).toMatchObject({ signedIn: true, me: { handle: 'bob' }, pending: 0 });
    expect(await t.db.outbox.count()).toBe(0);
    expect(await t.db.meta.get('owner')).toEqual({ key: 'owner', handle: 'bob' });
  });

  it("delivers the previous person's changes under their name first, then switches", async () => {
    const t = await setup();
    await t.signIn('alice');
    const made = await bookmarkOffline(t);
    t.server.down = false;
    const bob = t.server.addUser('bob', 'Bob');

    const reply = (await signInWith(t, bob)) as Ok<Person>;
    expect(reply.ok).toBe(true);
    await idle(t.bg);
    expect(serverBookmarks(t).map((b) => [b.id, b.owner])).toEqual([[made.id, 'alice']]);
    expect(await status(t)).toMatchObject({ me: { handle: 'bob' }, pending: 0 });
    expect(await t.db.meta.get('owner')).toEqual({ key: 'owner', handle: 'bob' });
  });

  it('signing in again as the same person keeps everything, undelivered entries included', async () => {
    const t = await setup();
    const token = await t.signIn('alice');
    const made = await bookmarkOffline(t);
    t.server.down = false;
    t.server.rules.push(() => ({ status: 503, code: 'unavailable', message: 'try later' }));

    const reply = (await signInWith(t, token)) as Ok<Person>;
    expect(reply.value.handle).toBe('alice');
    await idle(t.bg);
    expect(await t.db.items.get(made.id)).toMatchObject({ id: made.id });
    expect(await t.db.outbox.count()).toBe(1);
    expect(await status(t)).toMatchObject({ signedIn: true, me: { handle: 'alice' } });
  });
});
