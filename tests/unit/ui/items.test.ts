/** What the pages show of an item: its address, title and feed verb. */
import { describe, expect, it } from 'vitest';
import { feedVerbKey, itemTitle, itemUrl } from '../../../src/ui/items.ts';
import { bookmark } from './fake-env.ts';

describe('items', () => {
  it('describes bookmarks, statuses and comments', () => {
    const b = bookmark({ title: '', description: 'Worth it' });
    expect(itemUrl(b)).toBe('https://example.org/article');
    expect(itemTitle(b)).toBe('example.org/article');
    expect(feedVerbKey(b)).toBe('feedVerbBookmark');
    const status = {
      ...b,
      type: 'status' as const,
      text: 'Who knows Kysely?',
      url: null,
      urlKey: null,
      question: true,
      mentions: [],
    };
    expect(itemUrl(status)).toBeNull();
    expect(itemTitle(status)).toBe('');
    expect(feedVerbKey(status)).toBe('feedVerbQuestion');
  });
});
