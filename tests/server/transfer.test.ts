/**
 * `POST /v1/import/bookmarks` and `GET /v1/export/bookmarks.html`: real exporters' files, both
 * body forms, idempotent re-import, refusals with reasons, privacy, the 256 KiB limit, imported
 * bookmarks in `/v1/changes`, and an export → import round trip between two people.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type NetscapeBookmark, parseNetscape } from '../../src/core/netscape.ts';
import type { Bookmark, Change } from '../../src/core/wire.ts';
import type { ImportSummary } from '../../src/core/wire-read.ts';
import { call, databases, useServer } from './helpers.ts';
import { bookmark, collectPages } from './read-helpers.ts';

/** Bookmarks written in the same millisecond may come in any order: compare them by URL. */
const byUrl = (list: NetscapeBookmark[]) =>
  [...list].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/netscape/${name}.html`, import.meta.url), 'utf8');

describe.each(databases())('import and export on %s', (dialect) => {
  const { t, tokens } = useServer(dialect, { people: ['ada', 'bob'] });

  const importHtml = (token: string, html: string, query = '') =>
    call(t, 'POST', `/v1/import/bookmarks${query}`, {
      token,
      body: html,
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
  const exported = async (token: string): Promise<NetscapeBookmark[]> => {
    const res = await call(t, 'GET', '/v1/export/bookmarks.html', { token });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="outloud-/);
    return parseNetscape(res.body);
  };

  it('imports a Pinboard export, keeps PRIVATE private, and adds nothing the second time', async () => {
    const first = await importHtml(tokens.ada, fixture('pinboard'));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ imported: 3, existing: 0, refused: [] });
    const again = await importHtml(tokens.ada, fixture('pinboard'));
    expect(again.json()).toEqual({ imported: 0, existing: 3, refused: [] });

    const mine = byUrl(await exported(tokens.ada));
    expect(mine.map((b) => [b.url, b.private, b.tags])).toEqual([
      ['https://secret.example.org/plan?id=7', true, []],
      ['https://www.postgresql.org/docs/current/textsearch.html', false, ['postgres', 'fts']],
      ['https://www.sqlite.org/fts5.html', false, ['sqlite', 'fts', 'search']],
    ]);
    expect(mine[2]!.description).toBe('Full-text search & ranking with <bm25>');
    expect(await exported(tokens.bob)).toEqual([]);
  });

  it('refuses what cannot be a bookmark, with the reason, and imports the rest', async () => {
    const res = await importHtml(tokens.ada, fixture('firefox'));
    const summary = res.json() as ImportSummary;
    expect(summary.imported).toBe(3);
    expect(summary.refused).toEqual([
      {
        url: 'place:parent=menu________&queryType=1&sort=14&maxResults=10',
        reason: 'only http and https pages can be imported',
      },
    ]);
    const long = `https://example.org/${'x'.repeat(2100)}`;
    const odd = await importHtml(
      tokens.ada,
      `<DT><A HREF="${long}">long</A><DT><A HREF="javascript:alert(1)">js</A>
       <DT><A HREF="https://">no host</A><DT><A HREF="https://ok.example/" TAGS="${'t,'.repeat(30)}">
       ${'T'.repeat(600)}</A>`,
    );
    const oddSummary = odd.json() as ImportSummary;
    expect(oddSummary.imported).toBe(1);
    expect(oddSummary.refused.map((r) => r.reason)).toEqual([
      'URL longer than 2048 characters',
      'only http and https pages can be imported',
      expect.stringMatching(/url/),
    ]);
    expect(oddSummary.refused[0]!.url).toHaveLength(2048);
    const ok = (await exported(tokens.ada)).find((b) => b.url === 'https://ok.example/')!;
    expect(ok.title).toHaveLength(500);
    expect(ok.tags).toEqual(['t']);
  });

  it('takes JSON with options: everything private, folders as tags', async () => {
    const res = await call(t, 'POST', '/v1/import/bookmarks', {
      token: tokens.bob,
      body: { html: fixture('chrome'), visibility: 'private', foldersAsTags: true },
    });
    expect(res.json()).toEqual({ imported: 4, existing: 0, refused: [] });
    const mine = await exported(tokens.bob);
    expect(mine.every((b) => b.private === true)).toBe(true);
    expect(mine.find((b) => b.url.includes('fastify'))!.tags).toEqual([
      'Bookmarks bar',
      'Work & Play',
    ]);
    const query = await importHtml(tokens.ada, fixture('chrome'), '?visibility=private');
    expect(query.json().imported).toBe(4);
    expect((await exported(tokens.ada)).every((b) => b.private)).toBe(true);
  });

  it('writes imported bookmarks to the change log, private ones for their owner only', async () => {
    await importHtml(tokens.ada, fixture('pinboard'));
    const own = await collectPages<Change>(t, tokens.ada, '/v1/changes', 100);
    const ownUrls = own.filter((c) => c.type === 'bookmark').map((c) => (c.value as Bookmark).url);
    expect(ownUrls).toHaveLength(3);
    const other = await collectPages<Change>(t, tokens.bob, '/v1/changes', 100);
    const otherUrls = other
      .filter((c) => c.type === 'bookmark')
      .map((c) => (c.value as Bookmark).url);
    expect(otherUrls.sort()).toEqual([
      'https://www.postgresql.org/docs/current/textsearch.html',
      'https://www.sqlite.org/fts5.html',
    ]);
  });

  it('round-trips: what one person exports, another imports to the same bookmarks', async () => {
    await importHtml(tokens.ada, fixture('delicious'));
    await importHtml(tokens.ada, fixture('chrome'));
    await bookmark(t, tokens.ada, 'https://example.org/tags', {
      title: 'Tagged "quotes" & <angles>',
      description: 'two\nlines',
      tags: ['a,b', 'ünï'],
    });
    const file = await call(t, 'GET', '/v1/export/bookmarks.html', { token: tokens.ada });
    const res = await importHtml(tokens.bob, file.body);
    expect(res.json()).toEqual({ imported: 7, existing: 0, refused: [] });
    const strip = (list: NetscapeBookmark[]) =>
      byUrl(list).map(({ url, title, description, tags, private: p }) => ({
        url,
        title,
        description,
        tags,
        p,
      }));
    expect(strip(await exported(tokens.bob))).toEqual(strip(await exported(tokens.ada)));
  });

  it('exports only live bookmarks of the caller', async () => {
    const id = await bookmark(t, tokens.ada, 'https://example.org/gone');
    await bookmark(t, tokens.ada, 'https://example.org/kept');
    await bookmark(t, tokens.bob, 'https://example.org/bobs');
    await call(t, 'DELETE', `/v1/bookmarks/${id}`, { token: tokens.ada });
    expect((await exported(tokens.ada)).map((b) => b.url)).toEqual(['https://example.org/kept']);
  });

  it('refuses bodies over 256 KiB, other media types, bad options and missing tokens', async () => {
    const big = `<DL>${'<DT><A HREF="https://example.org/">x</A>\n'.repeat(7000)}</DL>`;
    expect(big.length).toBeGreaterThan(256 * 1024);
    expect((await importHtml(tokens.ada, big)).statusCode).toBe(413);
    const bigJson = await call(t, 'POST', '/v1/import/bookmarks', {
      token: tokens.ada,
      body: { html: big },
    });
    expect(bigJson.statusCode).toBe(413);
    const plain = await call(t, 'POST', '/v1/import/bookmarks', {
      token: tokens.ada,
      body: 'x',
      headers: { 'content-type': 'application/xml' },
    });
    expect(plain.statusCode).toBe(415);
    const text = await call(t, 'POST', '/v1/import/bookmarks', {
      token: tokens.ada,
      body: fixture('pinboard'),
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.json().imported).toBe(3);
    const bad = await call(t, 'POST', '/v1/import/bookmarks', {
      token: tokens.ada,
      body: { html: '', visibility: 'friends' },
    });
    expect(bad.statusCode).toBe(400);
    expect((await importHtml(tokens.ada, 'not a bookmark file')).json()).toEqual({
      imported: 0,
      existing: 0,
      refused: [],
    });
    expect((await call(t, 'GET', '/v1/export/bookmarks.html')).statusCode).toBe(401);
    expect((await importHtml('', fixture('pinboard'))).statusCode).toBe(401);
    expect(await exported(tokens.ada)).toHaveLength(3);
  });
});
