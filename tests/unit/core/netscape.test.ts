/** The Netscape bookmark file format: real exporters' files, entities, malformed input, round trips. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanTags,
  escapeHtml,
  type NetscapeEntry,
  parseFileTime,
  parseNetscape,
  serializeNetscape,
} from '../../../src/core/netscape.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/netscape/${name}.html`, import.meta.url), 'utf8');

const s = (seconds: number) => seconds * 1000;

describe('parseNetscape on real exports', () => {
  it('reads a Chrome export with nested folders', () => {
    const got = parseNetscape(fixture('chrome'));
    expect(got.map((b) => [b.url, b.title, b.folders, b.addedAt])).toEqual([
      [
        'https://developer.mozilla.org/en-US/docs/Web/HTML',
        'HTML: HyperText Markup Language | MDN',
        ['Bookmarks bar'],
        s(1700000100),
      ],
      [
        'https://github.com/fastify/fastify?tab=readme-ov-file&x=1',
        'GitHub - fastify/fastify: Fast and low overhead web framework, for Node.js',
        ['Bookmarks bar', 'Work & Play'],
        s(1700000250),
      ],
      ['https://www.sqlite.org/wal.html', 'Write-Ahead Logging', ['Bookmarks bar'], s(1700000350)],
      ['https://example.com/', 'Example Domain', ['Other bookmarks'], s(1700000400)],
    ]);
    for (const b of got) {
      expect(b.tags).toEqual([]);
      expect(b.description).toBe('');
      expect(b.private).toBeUndefined();
    }
  });

  it('reads a Firefox export: TAGS, descriptions, place: URLs, folder descriptions ignored', () => {
    const got = parseNetscape(fixture('firefox'));
    expect(got).toEqual([
      {
        url: 'place:parent=menu________&queryType=1&sort=14&maxResults=10',
        title: 'Recent Tags',
        description: '',
        tags: [],
        addedAt: s(1690000000),
        modifiedAt: s(1690000000),
        private: undefined,
        folders: [],
      },
      {
        url: 'https://support.mozilla.org/products/firefox',
        title: 'Get Help',
        description: '',
        tags: [],
        addedAt: s(1690000001),
        modifiedAt: s(1690000002),
        private: undefined,
        folders: ['Mozilla Firefox'],
      },
      {
        url: 'https://www.rust-lang.org/',
        title: 'Rust Programming Language',
        description: 'A language empowering everyone to build reliable & efficient software.',
        tags: ['rust', 'lang'],
        addedAt: s(1690000200),
        modifiedAt: s(1690000300),
        private: undefined,
        folders: ['Bookmarks Toolbar'],
      },
      {
        url: 'https://en.wikipedia.org/wiki/Caf%C3%A9',
        title: 'Café — Wikipedia',
        description: '',
        tags: [],
        addedAt: s(1690000400),
        modifiedAt: s(1690000400),
        private: undefined,
        folders: ['Bookmarks Toolbar'],
      },
    ]);
  });

  it('reads a Pinboard export: PRIVATE, TAGS with repeats, entity-escaped descriptions', () => {
    const got = parseNetscape(fixture('pinboard'));
    expect(got.map((b) => [b.url, b.private, b.tags, b.description])).toEqual([
      [
        'https://www.sqlite.org/fts5.html',
        false,
        ['sqlite', 'fts', 'search'],
        'Full-text search & ranking with <bm25>',
      ],
      ['https://secret.example.org/plan?id=7', true, [], ''],
      ['https://www.postgresql.org/docs/current/textsearch.html', false, ['postgres', 'fts'], ''],
    ]);
  });

  it('reads a del.icio.us export: entities in titles and tags, multi-line descriptions', () => {
    const got = parseNetscape(fixture('delicious'));
    expect(got).toHaveLength(2);
    expect(got[0]).toMatchObject({
      url: 'http://www.example.com/caf%C3%A9',
      title: 'Café – "Paris" – 😀',
      tags: ['café', 'français'],
      description: 'Line one\nline two <b>not bold</b>',
      private: false,
      addedAt: s(1200000000),
    });
    expect(got[1]).toMatchObject({ title: 'Example & co', private: true, tags: ['toread'] });
  });

  it('tolerates malformed markup (an unterminated quote swallows up to the next quote, as in browsers)', () => {
    const got = parseNetscape(fixture('malformed'));
    expect(got.map((b) => [b.url, b.title, b.folders])).toEqual([
      ['https://bare.example/path?a=1&b=2', 'Unquoted attributes', []],
      ['https://single.example/', 'Single quotes', []],
      ['javascript:alert(1)', 'Bookmarklet', []],
      ['https://nested.example/', 'Inside the folder', ['Folder without close']],
      ['https://after.example/', '3 < 4 and a stray > sign', []],
      ['https://last.example/', 'Last, no close tag', []],
    ]);
    expect(got[0]!.addedAt).toBe(s(1500000000));
    expect(got[1]!.tags).toEqual(['one', 'two']);
    expect(got[3]!.addedAt).toBeUndefined();
    expect(got[4]!.addedAt).toBe(1500000000000);
    expect(got[4]!.description).toBe('desc with \nbreak');
    expect(got[5]!.addedAt).toBe(1500000000000);
  });

  it('finds nothing in what is not a bookmark file', () => {
    expect(parseNetscape('')).toEqual([]);
    expect(parseNetscape('just text & <b>markup</b>')).toEqual([]);
    expect(parseNetscape('{"url":"https://example.com/"}')).toEqual([]);
  });

  it('never throws and only returns bookmarks with a URL', () => {
    const chunks = fc.constantFrom(
      '<DT>',
      '<DL><p>',
      '</DL>',
      '<A HREF="https://a.example/">',
      '<a href=x',
      '</A>',
      '<H3>',
      '</H3>',
      '<DD>',
      '&amp;',
      '&#',
      '<!--',
      '-->',
      '"',
      "'",
      '<',
      '>',
      'text',
      '\n',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(chunks, fc.string()), { maxLength: 60 }), (parts) => {
        for (const b of parseNetscape(parts.join(''))) {
          expect(b.url.length).toBeGreaterThan(0);
          expect(b.folders.every((f) => typeof f === 'string')).toBe(true);
        }
      }),
    );
  });
});

/** The title the parser reads from an anchor whose title is `html`. */
const titleOf = (html: string) =>
  parseNetscape(`<DT><A HREF="https://a.example/">${html}</A>`)[0]?.title;

describe('entities (the HTML table, through the tokenizer)', () => {
  it.each([
    ['&amp;&lt;&gt;&quot;&apos;', '&<>"\''],
    ['caf&eacute; na&iuml;ve &Aring; &yuml;', 'café naïve Å ÿ'],
    ['&ldquo;q&rdquo; &ndash; &mdash; &hellip; &trade; &euro;', '“q” – — … ™ €'],
    ['&#233;&#xE9;&#XE9;', 'ééé'],
    ['&#128512; &#x1f600;', '😀 😀'],
    ['&#146;&#150;&#128;', '’–€'],
    ['&#0; &#xD800; &#x110000;', '\uFFFD \uFFFD \uFFFD'],
    ['&#65', 'A'],
    ['a &amp b', 'a & b'],
    ['&unknown; & &;', '&unknown; & &;'],
    ['&amp;amp;', '&amp;'],
    ['no entities', 'no entities'],
  ])('%s', (input, expected) => {
    expect(titleOf(input)).toBe(expected);
  });

  it('leaves legacy names without ";" in a URL as written (?a=1&copy=2)', () => {
    const [b] = parseNetscape('<A HREF="https://a.example/?a=1&copy=2&amp;b=3">x</A>');
    expect(b?.url).toBe('https://a.example/?a=1&copy=2&b=3');
  });

  it('inverts escapeHtml', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(titleOf(escapeHtml(text))).toBe(text.replace(/\s+/g, ' ').trim());
      }),
    );
  });
});

describe('markup the tokenizer reads as a browser does', () => {
  it('lowercases names, reads every attribute style, keeps the first repeat and stray <', () => {
    const [b] = parseNetscape(
      `<A HREF="https://x.example/" href="https://y.example/" add_date='1' PRIVATE=1 D>t < u</A>`,
    );
    expect(b).toMatchObject({ url: 'https://x.example/', title: 't < u', addedAt: 1000 });
    expect(b?.private).toBe(true);
  });

  it('skips the content of raw-text elements and an unterminated comment', () => {
    expect(
      parseNetscape(
        '<style><A HREF="https://style.example/">s</A></style>' +
          '<A HREF="https://1.example/">x</A><!-- never closed <a href="https://3.example/">',
      ).map((b) => b.url),
    ).toEqual(['https://1.example/']);
  });
});

describe('parseFileTime and TAGS', () => {
  it.each([
    ['1700000000', 1700000000000],
    ['1700000000123', 1700000000123],
    ['1700000000123456', 1700000000123],
    [' 42 ', 42000],
    ['0', undefined],
    ['-5', undefined],
    ['1.5', undefined],
    ['', undefined],
    ['soon', undefined],
    [undefined, undefined],
  ])('time %s', (input, expected) => {
    expect(parseFileTime(input)).toBe(expected);
  });

  it('splits on commas before decoding, trims, collapses spaces and drops repeats', () => {
    const tagsOf = (attr: string) =>
      parseNetscape(`<A HREF="https://a.example/"${attr}>t</A>`)[0]?.tags;
    expect(tagsOf(' TAGS="a, b  c ,,a,x&#44;y, &amp; "')).toEqual(['a', 'b c', 'x,y', '&']);
    expect(tagsOf(" tags='x&#44;y,z' TAGS='ignored'")).toEqual(['x,y', 'z']);
    expect(tagsOf('')).toEqual([]);
  });
});

describe('serializeNetscape', () => {
  it('writes the standard header, escapes everything and marks privacy and tags', () => {
    const html = serializeNetscape(
      [
        {
          url: 'https://example.com/?a=1&b="2"',
          title: '<script>alert(1)</script>',
          description: 'x & y',
          tags: ['a,b', 'c'],
          addedAt: 1700000000999,
          modifiedAt: 1700000001000,
          private: true,
        },
      ],
      { title: 'Ada & co' },
    );
    expect(html.startsWith('<!DOCTYPE NETSCAPE-Bookmark-file-1>\n')).toBe(true);
    expect(html).toContain('<TITLE>Ada &amp; co</TITLE>');
    expect(html).toContain(
      '<DT><A HREF="https://example.com/?a=1&amp;b=&quot;2&quot;" ADD_DATE="1700000000" ' +
        'LAST_MODIFIED="1700000001" PRIVATE="1" TAGS="a&#44;b,c">&lt;script&gt;alert(1)&lt;/script&gt;</A>',
    );
    expect(html).toContain('<DD>x &amp; y');
    expect(html).not.toContain('<script>');
  });

  it('round-trips through parseNetscape', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 });
    const entry = fc.record({
      url: fc.webUrl({ withQueryParameters: true, withFragments: true }),
      title: text,
      description: text,
      tags: fc.array(text, { maxLength: 5 }),
      addedAt: fc.option(fc.integer({ min: 1000, max: 4e12 }), { nil: undefined }),
      private: fc.option(fc.boolean(), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries: NetscapeEntry[]) => {
        const back = parseNetscape(serializeNetscape(entries));
        expect(back).toHaveLength(entries.length);
        back.forEach((b, i) => {
          const e = entries[i]!;
          expect(b.url).toBe(e.url.trim());
          expect(b.title).toBe(e.title.replace(/\s+/g, ' ').trim());
          expect(b.description).toBe((e.description ?? '').trim());
          expect(b.tags).toEqual(cleanTags(e.tags ?? []));
          expect(b.addedAt).toBe(
            e.addedAt === undefined ? undefined : Math.floor(e.addedAt / 1000) * 1000,
          );
          expect(b.private).toBe(e.private);
          expect(b.folders).toEqual([]);
        });
      }),
    );
  });
});
