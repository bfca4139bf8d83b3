/** Pure helpers behind the pages: mention queries, tags, the ?tab= parameter, excluded sites. */
import { describe, expect, it } from 'vitest';
import { cannotBookmarkText } from '../../../src/popup/cannot-bookmark.ts';
import { tabFromQuery } from '../../../src/popup/tab-param.ts';
import { feedVerbKey, itemText, itemTitle, itemUrl } from '../../../src/ui/items.ts';
import { completeMention, mentionQueryAt } from '../../../src/ui/mention-query.ts';
import { addTags, splitTags, suggestTags } from '../../../src/ui/tags.ts';
import { bookmark } from './fake-env.ts';
import { installI18n } from './fake-i18n.ts';

describe('mentionQueryAt', () => {
  it.each([
    ['@', 1, { start: 0, query: '' }],
    ['hi @an', 6, { start: 3, query: 'an' }],
    ['hi @an there', 6, { start: 3, query: 'an' }],
    ['(@bo', 4, { start: 1, query: 'bo' }],
    ['ask @ann.b', 10, { start: 4, query: 'ann.b' }],
  ])('finds the mention being typed in %j at %i', (text, caret, expected) => {
    expect(mentionQueryAt(text, caret)).toEqual(expected);
  });

  it.each([
    ['mail ann@example.org', 20],
    ['no mention here', 5],
    ['hi @ann there', 12],
    [`@${'a'.repeat(41)}`, 42],
  ])('finds nothing in %j at %i', (text, caret) => {
    expect(mentionQueryAt(text, caret)).toBeNull();
  });
});

describe('completeMention', () => {
  it('replaces the partial handle and puts the caret after a space', () => {
    const text = 'ask @an about it';
    const done = completeMention(text, { start: 4, query: 'an' }, 7, 'ann');
    expect(done.text).toBe('ask @ann about it');
    expect(done.text.slice(0, done.caret)).toBe('ask @ann ');
  });

  it('adds a space at the end of the text', () => {
    const done = completeMention('hi @b', { start: 3, query: 'b' }, 5, 'bob');
    expect(done).toEqual({ text: 'hi @bob ', caret: 8 });
  });
});

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
