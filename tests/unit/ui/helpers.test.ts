/** Pure helpers behind the pages: tags, the ?tab= parameter, excluded sites. */
import { describe, expect, it } from 'vitest';
import { cannotBookmarkText } from '../../../src/popup/cannot-bookmark.ts';
import { tabFromQuery } from '../../../src/popup/tab-param.ts';
import { feedVerbKey, itemText, itemTitle, itemUrl } from '../../../src/ui/items.ts';
import { addTags, splitTags, suggestTags } from '../../../src/ui/tags.ts';
import { bookmark } from './fake-env.ts';
import { installI18n } from './fake-i18n.ts';

describe('tags', () => {
  it('splits typed text on commas, trimming and dropping empty and over-long tags', () => {
    expect(splitTags(` a, b ,, c ,${'x'.repeat(65)}`)).toEqual(['a', 'b', 'c']);
  });

  it('adds tags once, case-insensitively, up to 20', () => {
    expect(addTags(['Docs'], ['docs', 'api', 'api'])).toEqual(['Docs', 'api']);
    const many = Array.from({ length: 25 }, (_, i) => `t${i}`);
    expect(addTags([], many)).toHaveLength(20);
  });

  it('suggests prefix matches first, then inner matches, skipping tags already taken', () => {
    const known = ['javascript', 'java', 'typescript', 'scripting', 'rust'];
    expect(suggestTags('scr', known, [])).toEqual(['scripting', 'javascript', 'typescript']);
    expect(suggestTags('ja', known, ['java'])).toEqual(['javascript']);
    expect(suggestTags(' ', known, [])).toEqual([]);
    expect(suggestTags('java', known, [])).toEqual(['javascript']);
  });
});

describe('tabFromQuery', () => {
  it('reads a numeric tab id and ignores anything else', () => {
    expect(tabFromQuery('?tab=42')).toBe(42);
    expect(tabFromQuery('?tab=0')).toBe(0);
    expect(tabFromQuery('')).toBeUndefined();
    expect(tabFromQuery('?tab=-1')).toBeUndefined();
    expect(tabFromQuery('?tab=12abc')).toBeUndefined();
  });
});

describe('items', () => {
  it('describes bookmarks, statuses and comments', () => {
    const b = bookmark({ title: '', description: 'Worth it' });
    expect(itemUrl(b)).toBe('https://example.org/article');
    expect(itemTitle(b)).toBe('example.org/article');
    expect(itemText(b)).toBe('Worth it');
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

describe('cannotBookmarkText', () => {
  it('words known reason codes and passes sentences through', () => {
    installI18n();
    expect(cannotBookmarkText('not-http')).toContain('web pages only');
    expect(cannotBookmarkText('too-long')).toContain('2,048');
    expect(cannotBookmarkText('Private browsing is off-limits.')).toBe(
      'Private browsing is off-limits.',
    );
    expect(cannotBookmarkText(null)).toContain('web pages only');
  });
});
