/**
 * `GET /v1/search`: full-text search over every searchable field, only over what the caller may
 * see, with a type filter and complete pagination; hostile input (quotes, FTS5 and tsquery
 * operators, `NEAR`, `*`, unicode) never breaks the query and never yields a 5xx.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/core/wire.ts';
import { fts5Query, searchTerms, tsQuery } from '../../src/server/repos/search-query.ts';
import { call, databases, useServer } from './helpers.ts';
import { bookmark, collectPages, comment, snippet, status } from './read-helpers.ts';

const HOSTILE = [
  '"',
  '""',
  "'",
  "''",
  '"unbalanced',
  'NEAR(alpha beta, 2)',
  'NEAR',
  'alpha NEAR/2 beta',
  '*',
  'alph*',
  '* OR *',
  'alpha OR',
  'AND',
  'NOT alpha',
  '-alpha',
  '+alpha',
  '^alpha',
  'title:alpha',
  '{title description}: alpha',
  '(alpha',
  'alpha)',
  '()',
  'alpha & beta | !gamma <-> delta',
  "alpha:* & 'beta'",
  '\\',
  '\\"',
  "'; DROP TABLE items; --",
  '%_%',
  '😀 🚀',
  '日本語のテキスト',
  'e\u0301',
  '\u0301\u0301',
  '\u200b',
  'ﬁ ß İ',
  'a'.repeat(500),
  Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '),
];

describe('search terms', () => {
  it('keeps words, drops operators, and quotes every term', () => {
    expect(searchTerms('NEAR(alpha "beta", 2) OR gam*')).toEqual([
      'near',
      'alpha',
      'beta',
      '2',
      'or',
      'gam',
    ]);
    expect(searchTerms('example.com rust-lang')).toEqual(['example.com', 'rust-lang']);
    expect(searchTerms('"*" () ^')).toEqual([]);
    expect(fts5Query(['a', 'b'])).toBe('"a" "b"*');
    expect(tsQuery(['a', "o'k"])).toBe("'a' & 'o''k':*");
  });

  it('never yields a term with a quote, backslash or FTS operator character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (q) => {
        for (const term of searchTerms(q)) expect(term).not.toMatch(/["'\\*^:(){}&|!<>+\s]/);
      }),
    );
  });
});

describe.each(databases())('search on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob'], once: true });
  let ids: Record<string, string>;

  // One dataset for the suite: searches do not write.
  beforeAll(async () => {
    ids = {};
    ids.title = await bookmark(t, tokens.ada, 'https://example.org/1', {
      title: 'Zebra crossings',
    });
    ids.description = await bookmark(t, tokens.bob, 'https://example.org/2', {
      description: 'All about giraffes',
    });
    ids.tag = await bookmark(t, tokens.bob, 'https://example.org/3', { tags: ['okapi'] });
    ids.quote = await snippet(t, tokens.bob, 'https://example.org/4', 'the walrus said', {
      comment: 'and the narwhal replied',
    });
    ids.status = await status(t, tokens.bob, 'Café meeting about pangolins');
    ids.comment = await comment(t, tokens.ada, ids.description, 'lemurs are better');
    ids.private = await bookmark(t, tokens.bob, 'https://example.org/5', {
      title: 'Zebra secrets',
      visibility: 'private',
    });
    ids.privateComment = await comment(t, tokens.bob, ids.private, 'zebra private remark');
  });

  const search = async (token: string, query: string) => {
    const res = await call(t, 'GET', `/v1/search?${query}`, { token });
    expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
    return (res.json() as { items: Item[] }).items.map((i) => i.id);
  };

  it('finds words in every searchable field, whole or as a last-word prefix', async () => {
    expect(await search(tokens.ada, 'q=zebra')).toEqual([ids.title]);
    expect(await search(tokens.ada, 'q=giraffes')).toEqual([ids.description]);
    expect(await search(tokens.ada, 'q=okapi')).toEqual([ids.tag]);
    expect(await search(tokens.ada, 'q=walrus')).toEqual([ids.quote]);
    expect(await search(tokens.ada, 'q=narwhal')).toEqual([ids.quote]);
    expect(await search(tokens.ada, 'q=pangolins')).toEqual([ids.status]);
    expect(await search(tokens.ada, 'q=lemurs')).toEqual([ids.comment]);
    expect(await search(tokens.ada, 'q=ZEBRA%20cross')).toEqual([ids.title]);
    expect(await search(tokens.ada, 'q=caf%C3%A9')).toEqual([ids.status]);
    expect(await search(tokens.ada, 'q=walrus%20giraffes')).toEqual([]);
  });

  it('finds nothing the caller may not see', async () => {
    expect(await search(tokens.ada, 'q=secrets')).toEqual([]);
    expect(await search(tokens.ada, 'q=remark')).toEqual([]);
    expect((await search(tokens.bob, 'q=zebra')).sort()).toEqual(
      [ids.title, ids.private, ids.privateComment].sort(),
    );
  });

  it('filters by type', async () => {
    expect(await search(tokens.bob, 'q=zebra&type=comment')).toEqual([ids.privateComment]);
    expect((await search(tokens.bob, 'q=zebra&type=bookmark')).sort()).toEqual(
      [ids.title, ids.private].sort(),
    );
    const res = await call(t, 'GET', '/v1/search?q=zebra&type=like', { token: tokens.ada });
    expect(res.statusCode).toBe(400);
  });

  it('answers every hostile query with 200', async () => {
    for (const q of HOSTILE) await search(tokens.ada, `q=${encodeURIComponent(q)}`);
    // NUL is refused for every query string by the app's validation, as a 400.
    const nul = await call(t, 'GET', '/v1/search?q=a%00b', { token: tokens.ada });
    expect(nul.statusCode).toBe(400);
    expect(await search(tokens.ada, `q=${encodeURIComponent('"zebra"')}`)).toEqual([ids.title]);
    expect(await search(tokens.ada, `q=${encodeURIComponent('zebra*')}`)).toEqual([ids.title]);
    expect(await search(tokens.ada, `q=${encodeURIComponent('NEAR(zebra)')}`)).toEqual([]);
  });

  it('answers random queries with 200', async () => {
    const piece = fc.oneof(
      fc.constantFrom(
        '"',
        '*',
        'NEAR',
        '(',
        ')',
        ':',
        '^',
        'OR',
        'AND',
        '-',
        "'",
        '&',
        '|',
        '!',
        '\\',
      ),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
    );
    const query = fc.array(piece, { minLength: 1, maxLength: 8 }).map((p) => p.join(' '));
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const res = await call(t, 'GET', `/v1/search?q=${encodeURIComponent(q)}`, {
          token: tokens.ada,
        });
        expect(res.statusCode, q).toBe(200);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a missing, empty or over-long query and callers without a token', async () => {
    for (const query of ['', 'q=', `q=${'a'.repeat(501)}`]) {
      const res = await call(t, 'GET', `/v1/search?${query}`, { token: tokens.ada });
      expect(res.statusCode, query).toBe(400);
    }
    expect((await call(t, 'GET', '/v1/search?q=zebra')).statusCode).toBe(401);
  });

  it('paginates completely, most recent first, and refuses foreign cursors', async () => {
    const made: string[] = [];
    for (let i = 0; i < 9; i++) {
      made.push(await status(t, tokens.ada, `capybara number ${i}`));
      // Distinct creation times, so PostgreSQL's order (by creation) is the order made.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const all = await collectPages<Item>(t, tokens.ada, '/v1/search?q=capybara', 2);
    expect(all.map((i) => i.id)).toEqual([...made].reverse());
    for (const cursor of ['nonsense', Buffer.from('f12x').toString('base64url')]) {
      const res = await call(t, 'GET', `/v1/search?q=capybara&cursor=${cursor}`, {
        token: tokens.ada,
      });
      expect(res.statusCode, cursor).toBe(400);
    }
    const nothing = await call(t, 'GET', '/v1/search?q=%22%22&cursor=nonsense', {
      token: tokens.ada,
    });
    expect(nothing.statusCode).toBe(400);
  });
});
