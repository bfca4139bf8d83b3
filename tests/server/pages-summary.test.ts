/**
 * Assembling a page summary from what the caller may see: totals in `counts`, lists newest
 * first and capped, people network first (the caller counts as in their network) and capped
 * after ordering, names looked up with the handle as the fallback.
 */
import { describe, expect, it } from 'vitest';
import type { Bookmark, Comment, Like } from '../../src/core/wire.ts';
import { assembleSummary, SUMMARY_LIST_LIMIT } from '../../src/server/repos/page-summary.ts';

const KEY = 'a'.repeat(64);
const time = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
const handle = (i: number) => `p${String(i).padStart(3, '0')}`;

function bookmark(i: number): Bookmark {
  return {
    type: 'bookmark',
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    owner: handle(i),
    createdAt: time(i),
    updatedAt: time(i),
    url: 'https://example.org/',
    urlKey: KEY,
    title: `title ${i}`,
    description: '',
    tags: [],
    visibility: 'public',
  };
}

describe('assembleSummary', () => {
  const count = SUMMARY_LIST_LIMIT + 50;
  const items = Array.from({ length: count }, (_, i) => bookmark(i));
  const comments: Comment[] = items.slice(0, 3).map((b, i) => ({
    type: 'comment',
    id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    owner: 'zed',
    createdAt: time(1000 + i),
    updatedAt: time(1000 + i),
    targetId: b.id,
    text: 'hm',
    mentions: [],
  }));
  const likes: Like[] = items.map((b, i) => ({
    type: 'like',
    owner: handle(count - 1 - i),
    targetId: b.id,
    createdAt: time(2000 + i),
  }));
  const names = new Map([[handle(140), 'Person 140']]);
  const network = new Set([handle(149), 'zed']);

  it('counts everything, lists the newest of each kind up to the cap', () => {
    const summary = assembleSummary(
      { urlKey: KEY, items, comments, likes },
      names,
      network,
      handle(120),
    )!;
    expect(summary.counts).toEqual({ bookmarks: count, snippets: 0, comments: 3, likes: count });
    expect(summary.bookmarks).toHaveLength(SUMMARY_LIST_LIMIT);
    expect(summary.bookmarks[0]!.id).toBe(items[count - 1]!.id);
    expect(summary.likes).toHaveLength(SUMMARY_LIST_LIMIT);
    expect(summary.likes[0]!.createdAt).toBe(time(2000 + count - 1));
    expect(summary.comments.map((c) => c.createdAt)).toEqual([time(1002), time(1001), time(1000)]);
    expect(summary.title).toBe(`title ${count - 1}`);
  });

  it('orders people network first, caps them after ordering, and falls back to handles', () => {
    const summary = assembleSummary(
      { urlKey: KEY, items, comments, likes },
      names,
      network,
      handle(120),
    )!;
    expect(summary.people).toHaveLength(SUMMARY_LIST_LIMIT);
    expect(summary.people.slice(0, 3).map((p) => [p.handle, p.inNetwork])).toEqual([
      [handle(120), true],
      [handle(149), true],
      ['zed', true],
    ]);
    expect(summary.people[3]).toMatchObject({ handle: handle(0), inNetwork: false });
    expect(summary.people.find((p) => p.handle === 'zed')!.kinds).toEqual(['comment']);
    expect(summary.people.find((p) => p.handle === handle(5))).toMatchObject({
      name: handle(5),
      kinds: ['bookmark', 'like'],
    });
  });

  it('is null when nothing of the page is visible', () => {
    expect(
      assembleSummary({ urlKey: KEY, items: [], comments: [], likes: [] }, names, network, 'x'),
    ).toBeNull();
  });
});
