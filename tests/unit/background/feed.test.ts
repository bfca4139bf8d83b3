/**
 * Feed, notifications with a read marker (what was listed when read, so a mention made offline
 * and arriving late is still news), tags and the people directory from the mirror.
 */
import { describe, expect, it } from 'vitest';
import type { FeedEntry, Notification } from '../../../src/core/messages.ts';
import type { Bookmark, Person, Status } from '../../../src/core/wire.ts';
import { idle, setup } from './helpers.ts';

type Ok<T> = { ok: true; value: T };
const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;

/**
 * A status by `owner` mentioning alice, made at `createdAt`, to put straight into the mirror
 * (the fake server does not parse mentions).
 */
const mention = (n: number, owner: string, createdAt: string): Status =>
  ({
    type: 'status',
    id: id(n),
    owner,
    createdAt,
    updatedAt: createdAt,
    text: `ask @alice ${n}`,
    url: null,
    urlKey: null,
    title: '',
    question: true,
    mentions: ['alice'],
    visibility: 'public',
  }) as Status;

describe('feed and notifications', () => {
  it('shows the network and the user, newest first, and notifies about others’ engagement', async () => {
    const t = await setup();
    await t.signIn('alice', 'Alice A');
    t.server.addUser('bob', 'Bob B');
    t.server.addUser('carol', 'Carol C');
    const mine = (await t.bookmarkPage({ url: 'https://example.org/mine' })) as Ok<{
      bookmark: Bookmark;
    }>;
    await idle(t.bg);
    const myId = mine.value.bookmark.id;
    await t.server.mutate('bob', [
      { id: id(1), op: 'put', type: 'bookmark', data: { url: 'https://example.org/bob' } },
      { id: myId, op: 'put', type: 'like' },
      { id: id(2), op: 'put', type: 'comment', data: { targetId: myId, text: 'good one' } },
    ]);
    await t.server.mutate('carol', [
      { id: id(3), op: 'put', type: 'bookmark', data: { url: 'https://example.org/carol' } },
    ]);
    await t.ui('follow', { handle: 'bob' });
    await idle(t.bg);

    const feed = (await t.ui('feed', { limit: 10 })) as Ok<FeedEntry[]>;
    expect(feed.value.map((e) => [e.person.handle, e.item.type])).toEqual([
      ['bob', 'comment'],
      ['bob', 'bookmark'],
      ['alice', 'bookmark'],
    ]);
    expect(feed.value[0]?.person.name).toBe('Bob B');

    const n = (await t.ui('notifications')) as Ok<{ items: Notification[]; unread: number }>;
    expect(n.value.items.map((x) => [x.kind, x.actor.handle, x.read])).toEqual([
      ['comment', 'bob', false],
      ['like', 'bob', false],
    ]);
    expect(n.value.unread).toBe(2);

    t.advance(60_000);
    await t.ui('markNotificationsRead');
    const after = (await t.ui('notifications')) as Ok<{ unread: number; items: Notification[] }>;
    expect(after.value.unread).toBe(0);
    expect(after.value.items.every((x) => x.read)).toBe(true);
  });

  it('notifies mentions in others’ items once, not the user’s own', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.addUser('bob');
    await t.db.items.put(mention(9, 'bob', '2025-06-01T12:00:00.000Z'));
    await t.ui('postStatus', { text: 'note to self @alice' });
    const n = (await t.ui('notifications')) as Ok<{ items: Notification[] }>;
    expect(n.value.items.map((x) => [x.id, x.kind])).toEqual([[`mention:${id(9)}`, 'mention']]);
  });
});

describe('notifications read marker', () => {
  const unread = async (t: Awaited<ReturnType<typeof setup>>) => {
    const n = (await t.ui('notifications')) as Ok<{ items: Notification[]; unread: number }>;
    return n.value.items.filter((x) => !x.read).map((x) => x.id);
  };

  it('keeps a mention written offline before the last read, but arriving after it, unread', async () => {
    const t = await setup();
    await t.signIn('alice');
    await t.db.items.put(mention(1, 'bob', '2025-06-01T12:00:00.000Z'));
    expect(await unread(t)).toEqual([`mention:${id(1)}`]);
    await t.ui('markNotificationsRead');
    expect(await unread(t)).toEqual([]);
    // Carol wrote hers an hour before Alice read her notifications, on a plane; it syncs now.
    await t.db.items.put(mention(2, 'carol', '2025-06-01T11:00:00.000Z'));
    expect(await unread(t)).toEqual([`mention:${id(2)}`]);
    await t.ui('markNotificationsRead');
    expect(await unread(t)).toEqual([]);
  });

  it('marks a former colleague (deactivated) in notifications by their mirrored person', async () => {
    const t = await setup();
    await t.signIn('alice');
    const at = '2025-06-01T12:00:00.000Z';
    await t.db.people.put({ handle: 'bob', name: 'Bob B', createdAt: at, former: true });
    await t.db.people.put({ handle: 'carol', name: 'Carol C', createdAt: at });
    await t.db.items.put(mention(1, 'bob', at));
    await t.db.items.put(mention(2, 'carol', at));
    const n = (await t.ui('notifications')) as Ok<{ items: Notification[] }>;
    const actors = n.value.items.map((x) => x.actor);
    expect(actors).toContainEqual({ handle: 'bob', name: 'Bob B', former: true });
    expect(actors).toContainEqual({ handle: 'carol', name: 'Carol C' });
  });

  it('counts what was past the end of a full list as read', async () => {
    const t = await setup();
    await t.signIn('alice');
    const at = (i: number) => new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString();
    for (let i = 1; i <= 101; i++) await t.db.items.put(mention(i, 'bob', at(i)));
    await t.ui('markNotificationsRead');
    expect(await unread(t)).toEqual([]);
    // Older than all 100 listed: it could not be shown, and it is not news.
    await t.db.items.put(mention(200, 'bob', at(0)));
    expect(await unread(t)).toEqual([]);
    // Newer than the oldest listed but never seen: unread.
    await t.db.items.put(mention(201, 'carol', at(50)));
    expect(await unread(t)).toContain(`mention:${id(201)}`);
  });

  it('reads a marker written before the ids were kept by its time', async () => {
    const t = await setup();
    await t.signIn('alice');
    await t.db.items.put(mention(1, 'bob', '2025-06-01T12:00:00.000Z'));
    await t.db.items.put(mention(2, 'bob', '2025-06-01T14:00:00.000Z'));
    await t.db.meta.put({ key: 'notifications', readAt: '2025-06-01T13:00:00.000Z' });
    expect(await unread(t)).toEqual([`mention:${id(2)}`]);
  });
});

describe('tags and people', () => {
  it('lists the user’s tags by use and finds people by handle or name prefix', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.addUser('bob', 'Robert Smith');
    t.server.addUser('bobby', 'Roberta Jones');
    t.server.addUser('carol', 'Carol Smith');
    t.server.down = true;
    for (const [url, tags] of [
      ['https://example.org/1', ['rust', 'db']],
      ['https://example.org/2', ['db']],
      ['https://example.org/3', ['Rust']],
      ['https://example.org/4', ['RUST']],
    ] as const) {
      const r = (await t.bookmarkPage({ url })) as Ok<{ bookmark: Bookmark }>;
      await t.ui('updateBookmark', { id: r.value.bookmark.id, patch: { tags: [...tags] } });
    }
    // Spellings of one tag count together: rust ×3 outranks db ×2, shown as first spelled.
    expect(await t.ui('myTags')).toEqual({ ok: true, value: ['rust', 'db'] });
    t.server.down = false;
    await t.bg.sync.run('manual');
    await t.ui('follow', { handle: 'carol' });
    await idle(t.bg);
    const find = async (q: string) =>
      ((await t.ui('searchPeople', { q })) as Ok<Person[]>).value.map((p) => p.handle);
    expect(await find('bob')).toEqual(['bob', 'bobby']);
    expect(await find('@Rob')).toEqual(['bob', 'bobby']);
    expect(await find('smith')).toEqual(['carol', 'bob']);
    expect(await find('ali')).toEqual([]);
  });
});
