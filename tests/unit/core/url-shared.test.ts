/** `sharedUrl`: the URL stored and shown for a page, as shared, beside its key. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeUrl, sharedUrl, UrlError, urlKey } from '../../../src/core/url.ts';

/** [as shared, as stored] */
const CASES: Array<[string, string]> = [
  // an http-only intranet page keeps its scheme and port
  ['http://intranet.corp:8080/wiki/Home', 'http://intranet.corp:8080/wiki/Home'],
  ['http://127.0.0.1:5173/article.html', 'http://127.0.0.1:5173/article.html'],
  // query order and plain fragments are kept as written, tracking parameters removed
  ['https://example.com/a?b=2&utm_source=x&a=1#part', 'https://example.com/a?b=2&a=1#part'],
  ['https://example.com/a?mc_eid=abc123&fbclid=x', 'https://example.com/a'],
  // the URL parser's serialisation: host lowercased, default port dropped, empty path is `/`
  ['HTTP://Example.COM:80', 'http://example.com/'],
  // secrets removed
  ['https://user:pw@example.com/p?token=abc&q=1', 'https://example.com/p?q=1'],
  ['https://app.example.com/cb#access_token=xyz&state=1', 'https://app.example.com/cb#state=1'],
  // fragment directives dropped, a fragment before them kept
  ['https://nodejs.org/api/url.html#:~:text=WHATWG%20URL', 'https://nodejs.org/api/url.html'],
  ['https://example.com/doc#intro:~:text=hello', 'https://example.com/doc#intro'],
  ['https://example.com/app#/route?x=1', 'https://example.com/app#/route?x=1'],
  // a fragment ending in `:~` cannot take a directive after it: its `~` is stored encoded
  ['http://a.aa#:~', 'http://a.aa/#:%7E'],
  ['https://example.com/doc#a:~', 'https://example.com/doc#a:%7E'],
  ['https://example.com/doc#a:~:~:text=x', 'https://example.com/doc#a'],
];

describe('sharedUrl', () => {
  it.each(CASES)('%s is stored as %s', (input, expected) => {
    expect(sharedUrl(input)).toBe(expected);
  });

  it('has the key of the URL it came from', async () => {
    for (const [input, stored] of CASES) {
      expect(await urlKey(stored)).toBe(await urlKey(input));
    }
  });

  it('refuses what is not an http(s) URL, and over-long URLs', () => {
    expect(() => sharedUrl('ftp://example.com/')).toThrow(UrlError);
    expect(() => sharedUrl('not a url')).toThrow(UrlError);
    expect(() => sharedUrl(`https://example.com/${'a'.repeat(9000)}`)).toThrow(UrlError);
  });

  it('is idempotent and keeps the identity of any http(s) URL (property)', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (input) => {
        const stored = sharedUrl(input);
        expect(sharedUrl(stored)).toBe(stored);
        expect(normalizeUrl(stored)).toBe(normalizeUrl(input));
        expect(stored.includes(':~:')).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
