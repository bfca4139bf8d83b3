/** Well-formed text: lone surrogates become U+FFFD, NUL goes, and the server accepts the result. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepWellFormed, isStorableText, toWellFormed } from '../../../src/core/well-formed.ts';
import { isStorableText as serverAccepts } from '../../../src/server/well-formed.ts';

/** Strings of arbitrary UTF-16 code units: lone surrogates and NUL included. */
const codeUnits = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 0xffff }),
      fc.constantFrom(0, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0x61),
    ),
    { maxLength: 40 },
  )
  .map((units) => String.fromCharCode(...units));

describe('toWellFormed', () => {
  it.each<[string, string, string]>([
    ['plain ASCII', 'hello', 'hello'],
    ['an empty string', '', ''],
    ['a surrogate pair (emoji)', 'a😀b', 'a😀b'],
    ['a lone high surrogate', 'a\ud83db', 'a\ufffdb'],
    ['a lone low surrogate', 'a\ude00b', 'a\ufffdb'],
    ['a high surrogate at the end', 'cut\ud83d', 'cut\ufffd'],
    ['a low surrogate at the start', '\ude00x', '\ufffdx'],
    ['two high surrogates then a low one', '\ud83d\ud83d\ude00', '\ufffd😀'],
    ['reversed pair', '\ude00\ud83d', '\ufffd\ufffd'],
    ['NUL', 'a\u0000b', 'ab'],
    ['only NULs', '\u0000\u0000', ''],
    ['NUL between halves of a pair: both halves stay lone', '\ud83d\u0000\ude00', '\ufffd\ufffd'],
  ])('%s', (_name, input, expected) => {
    expect(toWellFormed(input)).toBe(expected);
    expect(serverAccepts(toWellFormed(input))).toBe(true);
  });

  it('always yields text the server accepts, and keeps accepted text unchanged', () => {
    fc.assert(
      fc.property(codeUnits, (s) => {
        const out = toWellFormed(s);
        expect(serverAccepts(out)).toBe(true);
        expect(toWellFormed(out)).toBe(out);
        if (serverAccepts(s)) expect(out).toBe(s);
        // Only NUL is removed: length shrinks by exactly the NUL count.
        expect(out.length).toBe(s.length - s.split('\u0000').length + 1);
      }),
    );
  });

  it('matches String.prototype.toWellFormed on NUL-free text', () => {
    const native = (String.prototype as { toWellFormed?: () => string }).toWellFormed;
    if (!native) return;
    fc.assert(
      fc.property(codeUnits, (s) => {
        const clean = s.replaceAll('\u0000', '');
        expect(toWellFormed(clean)).toBe(native.call(clean));
      }),
    );
  });

  it('shares one predicate with the server', () => {
    expect(serverAccepts).toBe(isStorableText);
  });
});

describe('deepWellFormed', () => {
  it('repairs strings in nested objects and arrays, leaving other values alone', () => {
    const input = {
      title: 'T\ud800',
      n: 3,
      flag: true,
      none: null,
      tags: ['ok', 'x\u0000y'],
      quote: { exact: '\udc00q', prefix: 'p' },
    };
    expect(deepWellFormed(input)).toEqual({
      title: 'T\ufffd',
      n: 3,
      flag: true,
      none: null,
      tags: ['ok', 'xy'],
      quote: { exact: '\ufffdq', prefix: 'p' },
    });
    expect(input.title).toBe('T\ud800');
  });

  it('returns well-formed params as the very same object', () => {
    const input = { a: 'x', b: ['y', { c: 'z' }] };
    expect(deepWellFormed(input)).toBe(input);
  });

  it('leaves every string in any JSON value accepted by the server', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        codeUnits,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 5 }), tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    const strings = (v: unknown): string[] =>
      typeof v === 'string'
        ? [v]
        : Array.isArray(v)
          ? v.flatMap(strings)
          : v !== null && typeof v === 'object'
            ? Object.values(v).flatMap(strings)
            : [];
    fc.assert(
      fc.property(json, (v) => {
        for (const s of strings(deepWellFormed(v))) expect(serverAccepts(s)).toBe(true);
      }),
    );
  });
});
