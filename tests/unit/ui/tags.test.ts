/** Tags as typed into the pages: split, added once, suggested. */
import { describe, expect, it } from 'vitest';
import { addTags, splitTags, suggestTags } from '../../../src/ui/tags.ts';

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
