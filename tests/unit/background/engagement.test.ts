/** The engagement index: pure summaries, and the index kept equal to the mirror as items come and go. */
import { describe, expect, it } from 'vitest';
import { networkCount, orderPeople, summarizePage } from '../../../src/core/engagement.ts';
import { urlKey } from '../../../src/core/url.ts';
import type { Bookmark, Change, Comment, Like, Snippet } from '../../../src/core/wire.ts';
import { applyChanges } from '../../../src/platform/mirror.ts';
import { freshDb } from './helpers.ts';

const K = 'a'.repeat(64);
const at = (n: number) => `2025-01-01T00:00:0${n}.000Z`;
const bm = (id: string, owner: string, n = 1, key = K): Bookmark => ({
  type: 'bookmark',
  id,
  owner,
  createdAt: at(n),
  updatedAt: at(n),
  url: 'https://example.org/',
  urlKey: key,
  title: `t-${id}`,
  description: '',
  tags: [],
  visibility: 'public',
});
const sn = (id: string, owner: string): Snippet => ({
  type: 'snippet',
  id,
  owner,
  createdAt: at(2),
  updatedAt: at(2),
  url: 'https://example.org/',
  urlKey: K,
  title: 'snip',
  quote: { exact: 'q' },
  comment: '',
  mentions: [],
  visibility: 'public',
});
const cm = (id: string, owner: string, targetId: string): Comment => ({
  type: 'comment',
  id,
  owner,
  createdAt: at(3),
  updatedAt: at(3),
  targetId,
  text: 'c',
  mentions: [],
});
const lk = (owner: string, targetId: string): Like => ({
  type: 'like',
  owner,
  targetId,
  createdAt: at(4),
});

describe('summarizePage', () => {
  it('is null for a page nobody engaged with', () => {
    expect(summarizePage(K, [], [cm('c', 'x', 'b')], [lk('x', 'b')])).toBeNull();
    expect(summarizePage(K, [bm('b', 'x', 1, 'f'.repeat(64))], [], [])).toBeNull();
  });

  it('collects people and kinds, counting comments and likes on the page’s items only', () => {
    const entry = summarizePage(
      K,
      [bm('b1', 'bob', 1), sn('s1', 'carol')],
      [cm('c1', 'dave', 'b1'), cm('c2', 'erin', 'elsewhere')],
      [lk('bob', 's1'), lk('carol', 'c1'), lk('zed', 'elsewhere')],
    );
    expect(entry).toMatchObject({
      urlKey: K,
      title: 't-b1',
      people: [
        { handle: 'bob', kinds: ['bookmark', 'like'] },
        { handle: 'carol', kinds: ['snippet', 'like'] },
        { handle: 'dave', kinds: ['comment'] },
      ],
      counts: { bookmarks: 1, snippets: 1, statuses: 0, comments: 1, likes: 2 },
      itemIds: ['b1', 's1'],
      updatedAt: at(4),
    });
  });

  it('takes the title from the newest bookmark before snippets', () => {
    const entry = summarizePage(K, [bm('old', 'a', 1), bm('new', 'b', 5), sn('s', 'c')], [], []);
    expect(entry?.title).toBe('t-new');
  });
});

describe('network counts', () => {
  const people = [
    { handle: 'me', kinds: ['bookmark' as const] },
    { handle: 'bob', kinds: ['like' as const] },
    { handle: 'zed', kinds: ['snippet' as const] },
  ];
  it.each([
    [new Set<string>(), 0],
    [new Set(['bob']), 1],
    [new Set(['bob', 'zed', 'me']), 2],
  ])('network %j counts %i (never the user)', (network, n) => {
    expect(networkCount({ people }, network, 'me')).toBe(n);
  });

  it('orders the network (and the user) first', () => {
    expect(orderPeople(people, new Set(['zed']), 'me').map((p) => [p.handle, p.inNetwork])).toEqual(
      [
        ['me', true],
        ['zed', true],
        ['bob', false],
      ],
    );
  });
});

describe('the index follows the mirror', () => {
  const put = (value: Bookmark | Comment | Like): Change => ({
    type: value.type,
    key: value.type === 'like' ? `${value.owner}/${value.targetId}` : value.id,
    deleted: false,
    value,
  });
  const del = (type: Change['type'], key: string): Change => ({ type, key, deleted: true });

  it('adds, moves and removes pages as items, comments and likes arrive and leave', async () => {
    const db = await freshDb();
    const K2 = await urlKey('https://example.org/two');
    await applyChanges(db, [
      put(bm('b1', 'bob')),
      put(cm('c1', 'dave', 'b1')),
      put(lk('erin', 'b1')),
    ]);
    expect((await db.pages.get(K))?.people.map((p) => p.handle)).toEqual(['bob', 'dave', 'erin']);

    // The bookmark is edited to point at another page: both rows change.
    await applyChanges(db, [put({ ...bm('b1', 'bob', 2, K2) })]);
    expect(await db.pages.get(K)).toBeUndefined();
    expect((await db.pages.get(K2))?.counts).toMatchObject({ bookmarks: 1, comments: 1, likes: 1 });

    await applyChanges(db, [del('like', 'erin/b1'), del('comment', 'c1')]);
    expect((await db.pages.get(K2))?.people).toEqual([{ handle: 'bob', kinds: ['bookmark'] }]);
    await applyChanges(db, [del('bookmark', 'b1')]);
    expect(await db.pages.count()).toBe(0);
  });

  it('drops a page when its only item turns private (a tombstone for other users)', async () => {
    const db = await freshDb();
    await applyChanges(db, [put(bm('b1', 'bob')), put(bm('b2', 'carol'))]);
    expect((await db.pages.get(K))?.people).toHaveLength(2);
    // Bob made his bookmark private: Alice's pull brings a tombstone.
    await applyChanges(db, [del('bookmark', 'b1')]);
    expect((await db.pages.get(K))?.people).toEqual([{ handle: 'carol', kinds: ['bookmark'] }]);
  });

  it('keeps the user’s own private items in the index (the user sees them)', async () => {
    const db = await freshDb();
    await applyChanges(db, [put({ ...bm('b1', 'me'), visibility: 'private' })]);
    expect((await db.pages.get(K))?.people).toEqual([{ handle: 'me', kinds: ['bookmark'] }]);
  });

  it('counts a comment that arrived before its target once the target arrives', async () => {
    const db = await freshDb();
    await applyChanges(db, [put(cm('c1', 'dave', 'b1'))]);
    expect(await db.pages.count()).toBe(0);
    await applyChanges(db, [put(bm('b1', 'bob'))]);
    expect((await db.pages.get(K))?.counts.comments).toBe(1);
  });

  it('skips objects that still have local changes in the outbox', async () => {
    const db = await freshDb();
    await applyChanges(db, [put(bm('b1', 'me'))]);
    await applyChanges(db, [put({ ...bm('b1', 'me'), title: 'server' })], new Set(['bookmark:b1']));
    expect((await db.items.get('b1'))?.title).toBe('t-b1');
  });
});
