/**
 * Hostile input for the route fuzzer (`fuzz.test.ts`): strings (random unicode, lone
 * surrogates, NUL, huge, SQL- and FTS-looking, non-web URLs), JSON values with
 * prototype-pollution keys, raw payloads (deep nesting, invalid UTF-8 bytes), query strings and
 * path parameters, and the encoders that put them on the wire without "fixing" them first.
 */
import fc from 'fast-check';

/** Strings every route should see at least once: each one has broken some server somewhere. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(document.cookie)',
  'data:text/html,<script>alert(1)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'file:///etc/passwd',
  'ftp://example.org/',
  'https://',
  'https://exa mple.org/',
  'https://example.org/\u0000',
  'http://[::1]:99999/',
  'https://user:pass@example.org/?token=abc&utm_source=x#frag',
  "'; DROP TABLE users; --",
  "' OR '1'='1",
  "%' OR 1=1 --",
  '1; SELECT pg_sleep(10)',
  '"',
  '\\',
  '%_%',
  'NEAR(a b)',
  'a* OR b AND NOT c',
  '!&|:*()',
  '"unterminated',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '__proto__',
  'constructor',
  'prototype',
  '$'.concat('{7*7}{{7*7}}'),
  '../../../../etc/passwd',
  '\u202e\u2066RTL override',
  'שלום עולם مرحبا',
  '\ufeffBOM',
  '\u200b\u200c\u200d',
  'e\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '\ud800',
  'a\udfffb',
  '\udbff\udbff',
  'a\u0000b',
  '\u0000',
  '\u0001\u001f\u007f',
  'line\r\nbreak',
  'null',
  'NaN',
  '-1',
  '1e309',
  '0x7fffffffffffffff',
  '00000000-0000-0000-0000-000000000000',
  '@ada @bob @@ @',
];

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Any string: graphemes, any code point, any UTF-16 code unit (lone surrogates), hostile ones. */
export const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 40 }) },
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', 'é', '😀', '\u0000'), fc.integer({ min: 400, max: 70_000 }))
      .map(([c, n]) => c.repeat(n)),
  },
);

/** Keys that try to reach `Object.prototype`, and keys the schemas do not know. */
export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'];

const key = fc.oneof(
  fc.constantFrom(...POLLUTION_KEYS, 'url', 'title', 'text', 'quote', 'exact', 'targetId'),
  fc.string({ maxLength: 8 }),
);

/** Any JSON value (as JSON text: pollution keys survive only as text), nested a few levels. */
export const anyJsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    anyString.map(jsonString),
    fc.constantFrom('null', 'true', 'false', '0', '-0', '1e308', '-1', '3.5', '9007199254740993'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(key, tie('value')), { maxLength: 5 })
      .map((entries) => `{${entries.map(([k, v]) => `${jsonString(k)}:${v}`).join(',')}}`),
  ),
})).value;

/** A JSON string literal for `s`, lone surrogates kept as `\uXXXX` escapes as JSON allows. */
export function jsonString(s: string): string {
  return JSON.stringify(s);
}

/** `{ field: value, … }` as JSON text, from entries whose values are JSON text. */
export function objectText(entries: ReadonlyArray<readonly [string, string]>): string {
  return `{${entries.map(([k, v]) => `${jsonString(k)}:${v}`).join(',')}}`;
}

/** Byte sequences that are not UTF-8: stray continuation, overlong, encoded surrogates, cut. */
const BAD_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0x80],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xc3],
  [0xf0, 0x9f, 0x98],
];

/** A JSON body for a text field whose string holds raw invalid UTF-8 bytes. */
export function invalidUtf8Body(): fc.Arbitrary<Buffer> {
  return fc
    .tuple(
      fc.constantFrom('text', 'title', 'url', 'html', 'comment'),
      fc.array(fc.constantFrom(...BAD_UTF8), { minLength: 1, maxLength: 4 }),
    )
    .map(([field, bad]) =>
      Buffer.concat([
        Buffer.from(`{"${field}":"x`),
        ...bad.map((b) => Buffer.from(b)),
        Buffer.from('y"}'),
      ]),
    );
}

/** Raw payloads that are not JSON a parser should accept, or nest past any sane depth. */
export const rawPayload: fc.Arbitrary<Buffer> = fc.oneof(
  fc.integer({ min: 1, max: 60_000 }).map((n) => Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`)),
  fc
    .integer({ min: 1, max: 40_000 })
    .map((n) => Buffer.from(`${'{"a":'.repeat(n)}1${'}'.repeat(n)}`)),
  fc.integer({ min: 1, max: 40_000 }).map((n) => Buffer.from(`{"text":${'['.repeat(n)}`)),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.string().map((s) => Buffer.from(s)),
  invalidUtf8Body(),
);

/**
 * Percent-encodes `s` for a URL. Lone surrogates (which `encodeURIComponent` refuses) are sent
 * as the bytes of their WTF-8 form, i.e. invalid UTF-8 on the wire.
 */
export function percent(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16)}`;
      out += `%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}`;
      out += `%${(0x80 | (code & 0x3f)).toString(16)}`;
    } else out += encodeURIComponent(ch);
  }
  return out;
}

/** Query keys: the ones routes take, pollution keys, bracket syntax, unknown ones. */
export const queryKey = fc.constantFrom(
  'q',
  'cursor',
  'limit',
  'prefix',
  'type',
  'days',
  'visibility',
  'foldersAsTags',
  '__proto__',
  'constructor',
  'prototype',
  '__proto__[polluted]',
  'constructor[prototype][polluted]',
  'q[]',
  'limit[0]',
  'x',
);

/** A query string (without `?`): valid and hostile values, repeated keys, broken escapes. */
export const queryString: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(
      fc.tuple(
        queryKey,
        fc.oneof(
          anyString,
          fc.constantFrom('1', '0', '100', '101', '-5', '2.5', 'true', 'abcd', 'deadbeef'),
        ),
      ),
      { maxLength: 5 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${percent(k)}=${percent(v)}`).join('&')),
  fc.constantFrom('%', '%zz', 'q=%ff%fe', 'q=%ed%a0%80', 'q=%00', 'prefix=%c0%af', '&&==&', 'q'),
);

/** Path parameters: ids, handles, keys, hostile strings, traversal, broken escapes. */
export function pathParam(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...known),
    fc.uuid().map((u) => u),
    fc.stringMatching(/^[a-z0-9_.-]{1,40}$/),
    fc.stringMatching(/^[0-9a-f]{64}$/),
    anyString.map((s) => percent(s)),
    fc.constantFrom('..', '%2e%2e', '..%2f..%2fetc', '%00', '%ff', '%', 'a%2Fb', ' ', '%20'),
    fc.integer({ min: 100, max: 8000 }).map((n) => 'a'.repeat(n)),
  );
}

/** Content types a client might send, right and wrong. */
export const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
);
