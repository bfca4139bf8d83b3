/**
 * The tag rule (`src/core/tags.ts`): a tag must keep a visible character once white space,
 * controls, format characters (zero-width, bidi marks and overrides…) and other
 * default-ignorable code points are removed. Table tests, fast-check properties, and the wire
 * schema (`Tag`, compiled as the server compiles it) agreeing with the function.
 */
import fc from 'fast-check';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { patchBookmark } from '../../../src/core/local-items.ts';
import {
  firstInvisibleTag,
  isVisibleTag,
  rankTags,
  tagKey,
  uniqueTags,
  visibleText,
} from '../../../src/core/tags.ts';
import { type Bookmark, Tag } from '../../../src/core/wire.ts';
import { addTags } from '../../../src/ui/tags.ts';

/** Characters nobody sees, one of each kind the rule names. */
const INVISIBLE = [
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '\u3000',
  '\u2028', // white space
  '\u0000',
  '\u0007',
  '\u007f',
  '\u0085', // controls
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad', // zero-width, soft hyphen, BOM
  '\u200e',
  '\u200f',
  '\u061c', // direction marks
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e', // embeddings and overrides
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069', // isolates
  '\u034f',
  '\ufe0f',
  '\u115f',
  '\u3164',
  '\uffa0', // CGJ, variation selector, Hangul fillers
  '\u{e0041}',
  '\u{e007f}',
  '\u2800', // tag characters, blank Braille pattern
];

const check = Compile(Tag);

describe('isVisibleTag', () => {
  it.each<[string, string, boolean]>([
    ['a word', 'reading', true],
    ['one letter', 'x', true],
    ['words with spaces', 'work out loud', true],
    ['a visible letter between invisibles', '\u202e\u200bx\u200d ', true],
    ['the override attack keeps its letters', 'invoice \u202egnp.exe', true],
    ['non-Latin', 'läsning', true],
    ['Arabic', 'قراءة', true],
    ['CJK', '読書', true],
    ['an emoji', '🔖', true],
    ['an emoji with a variation selector', '❤\ufe0f', true],
    ['a combining mark alone is drawn (on a dotted circle)', '\u0301', true],
    ['punctuation', '#', true],
    ['empty', '', false],
    ['spaces', '   ', false],
    ['a zero-width space', '\u200b', false],
    ['a right-to-left override alone', '\u202e', false],
    ['bidi controls and zero-width joiners', '\u202e\u2066\u200d\u200c\u2069', false],
    ['a byte order mark and no-break spaces', '\ufeff\u00a0\u00a0', false],
    ['Hangul fillers', '\u3164\u115f', false],
    ['tag characters', '\u{e0074}\u{e0061}\u{e0067}', false],
    ['a blank Braille pattern', '\u2800\u2800', false],
  ])('%s: %s', (_name, tag, visible) => {
    expect(isVisibleTag(tag)).toBe(visible);
    if (tag.length > 0) expect(check.Check(tag)).toBe(visible);
  });

  it('says which tag of a list breaks the rule', () => {
    expect(firstInvisibleTag(['a', 'b'])).toBe(-1);
    expect(firstInvisibleTag(['a', '\u200b\u202e', 'c'])).toBe(1);
  });

  it('refuses any string made only of invisible characters (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...INVISIBLE), { minLength: 1, maxLength: 30 }),
        (cs) => {
          const tag = cs.join('');
          expect(isVisibleTag(tag)).toBe(false);
          expect(visibleText(tag)).toBe('');
          expect(check.Check(tag)).toBe(false);
        },
      ),
    );
  });

  it('accepts a visible character wherever invisible ones surround it (property)', () => {
    const invisible = fc
      .array(fc.constantFrom(...INVISIBLE), { maxLength: 10 })
      .map((a) => a.join(''));
    const visible = fc.constantFrom('a', 'Z', '7', 'é', 'ß', 'ж', 'ع', '字', '🔖', '-', '#');
    fc.assert(
      fc.property(invisible, visible, invisible, (before, letter, after) => {
        const tag = `${before}${letter}${after}`;
        expect(isVisibleTag(tag)).toBe(true);
        expect(visibleText(tag)).toBe(letter);
      }),
    );
  });

  it('is the same rule as “something is left after removing invisibles” (property)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 64 });
    fc.assert(
      fc.property(text, (tag) => {
        expect(isVisibleTag(tag)).toBe(visibleText(tag).length > 0);
        if (tag.length > 0 && tag.length <= 64) expect(check.Check(tag)).toBe(isVisibleTag(tag));
      }),
    );
  });
});

/** Property tests run hundreds of cases; give them room on a loaded machine. */
const PROPERTY_TIMEOUT = 60_000;

describe('one tag regardless of case (uniqueTags)', () => {
  it.each<[string[], string[]]>([
    [['Design', 'design'], ['Design']],
    [['design', 'Design', 'DESIGN'], ['design']],
    [
      [' Design ', 'design', 'api', ' ', ''],
      ['Design', 'api'],
    ],
    [
      ['Straße', 'STRASSE', 'straße'],
      ['Straße', 'STRASSE'],
    ],
    [
      ['a', 'b', 'A', 'c', 'B'],
      ['a', 'b', 'c'],
    ],
  ])('%j → %j', (tags, expected) => {
    expect(uniqueTags(tags)).toEqual(expected);
  });

  it('is what the bookmark editor and the local copy of a bookmark both apply', () => {
    expect(addTags(['Design'], ['design', 'api', 'API'])).toEqual(['Design', 'api']);
    const bookmark: Bookmark = {
      type: 'bookmark',
      id: '01930000-0000-7000-8000-0000000000aa',
      owner: 'ann',
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-01-01T00:00:00Z',
      url: 'https://example.org/',
      urlKey: 'a'.repeat(64),
      title: '',
      description: '',
      tags: [],
      visibility: 'public',
    };
    const patched = patchBookmark(bookmark, { tags: ['Design', ' design', 'api'] }, 'now');
    expect(patched.tags).toEqual(['Design', 'api']);
  });

  it(
    'keeps the first of each tag, trimmed, in order, and nothing twice',
    () => {
      const tag = fc.stringMatching(/^ ?[a-cA-C ]{0,3} ?$/);
      fc.assert(
        fc.property(fc.array(tag, { maxLength: 12 }), (tags) => {
          const kept = uniqueTags(tags);
          expect(new Set(kept.map(tagKey)).size).toBe(kept.length);
          expect(uniqueTags(kept)).toEqual(kept);
          const firsts = tags
            .map((t) => t.trim())
            .filter((t, i, all) => t !== '' && all.findIndex((o) => tagKey(o) === tagKey(t)) === i);
          expect(kept).toEqual(firsts);
        }),
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('rankTags (suggestions from my bookmarks)', () => {
  it.each([
    { name: 'nothing', lists: [], want: [] },
    { name: 'most used first', lists: [['a'], ['b'], ['b']], want: ['b', 'a'] },
    { name: 'ties alphabetical', lists: [['b'], ['a']], want: ['a', 'b'] },
    {
      name: 'spellings count together, the most used spelling shown',
      lists: [['Design'], ['design'], ['Design'], ['ux'], ['ux']],
      want: ['Design', 'ux'],
    },
    {
      name: 'spellings together outrank a tag used more than either spelling',
      lists: [['Go'], ['go'], ['rust'], ['rust'], ['GO']],
      want: ['go', 'rust'],
    },
    { name: 'a tie prefers the lowercase spelling', lists: [['UX'], ['ux']], want: ['ux'] },
    { name: 'else the first in code-unit order', lists: [['Ux'], ['UX']], want: ['UX'] },
    {
      name: 'one bookmark counts a tag once',
      lists: [['a', 'A', ' a '], ['b'], ['b']],
      want: ['b', 'a'],
    },
    { name: 'blank tags dropped', lists: [[' ', 'x']], want: ['x'] },
  ])('$name', ({ lists, want }) => {
    expect(rankTags(lists)).toEqual(want);
  });

  it('offers each tag once, and every offered tag is one of the given spellings', () => {
    const spelling = fc.constantFrom('Design', 'design', 'DESIGN', 'ux', 'UX', 'go', 'rust');
    fc.assert(
      fc.property(fc.array(fc.array(spelling, { maxLength: 4 }), { maxLength: 20 }), (lists) => {
        const ranked = rankTags(lists);
        // The order the lists are read in does not matter.
        expect(rankTags([...lists].reverse())).toEqual(ranked);
        expect(new Set(ranked.map(tagKey)).size).toBe(ranked.length);
        const given = new Set(lists.flat().map((t) => t.trim()));
        for (const tag of ranked) expect(given.has(tag)).toBe(true);
        expect(new Set(ranked.map(tagKey))).toEqual(new Set([...given].map(tagKey)));
      }),
    );
  });
});
