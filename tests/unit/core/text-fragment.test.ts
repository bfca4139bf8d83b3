import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeQuote } from '../../../src/core/anchoring.ts';
import { encodeTerm, textDirective, textFragmentLink } from '../../../src/core/text-fragment.ts';

const TEXT =
  'The quick brown fox jumps over the lazy dog again and again. Self-driving cars, trains & planes.\n' +
  'A new paragraph starts here with more words and then it ends.';

function quote(exact: string) {
  const start = TEXT.indexOf(exact);
  return describeQuote(TEXT, start, start + exact.length);
}

/** Decodes a directive into its terms, as a browser would. */
function terms(link: string): string[] {
  return link.split(':~:text=')[1]!.split(',').map(decodeURIComponent);
}

describe('encodeTerm', () => {
  it('percent-encodes the directive syntax characters', () => {
    expect(encodeTerm('a-b, c & d')).toBe('a%2Db%2C%20c%20%26%20d');
  });
});

describe('textFragmentLink', () => {
  it('links a short quote with a few words of context', () => {
    expect(textFragmentLink('https://example.com/a', quote('brown fox'))).toBe(
      'https://example.com/a#:~:text=The%20quick-,brown%20fox,-jumps%20over%20the',
    );
  });

  it('widens a quote that starts or ends inside a word to whole words', () => {
    expect(terms(textFragmentLink('https://example.com/', quote('ick brown fo')))).toEqual([
      'The-',
      'quick brown fox',
      '-jumps over the',
    ]);
  });

  it('encodes -, comma and & inside terms', () => {
    const link = textFragmentLink(
      'https://example.com/',
      quote('Self-driving cars, trains & planes.'),
    );
    expect(link).toContain('Self%2Ddriving%20cars%2C%20trains%20%26%20planes.');
    expect(terms(link)).toContain('Self-driving cars, trains & planes.');
  });

  it('uses a textStart,textEnd range for a quote across blocks, and no context across lines', () => {
    const link = textFragmentLink('https://example.com/', quote('planes.\nA new paragraph'));
    expect(terms(link)).toEqual([
      'cars, trains &-',
      'planes.',
      'A new paragraph',
      '-starts here with',
    ]);
  });

  it('uses a range of a few words each for a long quote', () => {
    const long =
      'The quick brown fox jumps over the lazy dog again and again. Self-driving cars, trains & planes.';
    const t = terms(textFragmentLink('https://example.com/', quote(long)));
    expect(t).toEqual(['The quick brown fox', 'cars, trains & planes.']);
  });

  it('keeps an existing fragment and replaces an existing directive', () => {
    const sel = quote('lazy dog');
    expect(textFragmentLink('https://example.com/app#/inbox', sel)).toMatch(
      /^https:\/\/example\.com\/app#\/inbox:~:text=/,
    );
    expect(textFragmentLink('https://example.com/#:~:text=old', sel)).toBe(
      'https://example.com/#:~:text=jumps%20over%20the-,lazy%20dog,-again%20and%20again.',
    );
  });

  it('returns the URL unchanged for an empty quote', () => {
    expect(textFragmentLink('https://example.com/', { exact: '  ', prefix: '', suffix: '' })).toBe(
      'https://example.com/',
    );
    expect(textDirective({ exact: '', prefix: 'a', suffix: 'b' })).toBeNull();
  });

  it('always yields terms that occur in the text, in order', () => {
    const flat = TEXT.replace(/\s+/g, ' ');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: TEXT.length - 1 }),
        fc.integer({ min: 1, max: 120 }),
        (s, n) => {
          const sel = describeQuote(TEXT, s, Math.min(TEXT.length, s + n));
          fc.pre(sel.exact.trim() !== '');
          let from = 0;
          for (const term of terms(textFragmentLink('https://example.com/', sel))) {
            const bare = term.replace(/^-|-$/g, '');
            const at = flat.indexOf(bare, from);
            expect(at, bare).toBeGreaterThanOrEqual(0);
            from = at;
          }
        },
      ),
    );
  });
});
