/**
 * Bookmark import and export in the background: a batch lands in the mirror, the engagement
 * index and the outbox in one go (offline too); pages already bookmarked, or named twice, are
 * counted as already there; non-web and over-long addresses are refused with a code; importing
 * again adds nothing; the server ends with each page once; export writes the mirror's bookmarks.
 */
import { describe, expect, it } from 'vitest';
import type { ImportEntry } from '../../../src/core/import-entry.ts';
import type { ImportSummary, UiResults } from '../../../src/core/messages.ts';
import { parseNetscape } from '../../../src/core/netscape.ts';
import { urlKey } from '../../../src/core/url.ts';
import type { Bookmark } from '../../../src/core/wire.ts';
import { idle, setup } from './helpers.ts';

type Ok<T> = { ok: true; value: T };

const ENTRIES: ImportEntry[] = [
  // (A tag of invisible characters only is left out, as the server would refuse it.)
  { url: 'https://example.org/a', title: 'A', tags: ['one', 'One', ' two ', '\u200b\u202e'] },
  { url: 'https://example.org/b?utm_source=x', title: 'B', description: 'About B' },
  { url: 'https://example.org/secret', title: 'Secret', private: true },
  { url: 'https://EXAMPLE.org/a#again', title: 'A again' },
  { url: 'javascript:alert(1)', title: 'Bookmarklet' },
  { url: `https://example.org/${'x'.repeat(2100)}`, title: 'Too long' },
  { url: 'place:sort=8', title: 'Firefox smart folder' },
];

async function importAll(t: Awaited<ReturnType<typeof setup>>, visibility = 'public') {
  const reply = (await t.ui('importBookmarks', { bookmarks: ENTRIES, visibility })) as Ok<
    UiResults['importBookmarks']
  >;
  expect(reply.ok).toBe(true);
  return reply.value;
}

describe('importBookmarks', () => {
  it('writes new bookmarks to the mirror, index and outbox at once, offline', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.server.down = true;
    const summary = await importAll(t);
    expect(summary.imported).toBe(3);
    expect(summary.existing).toBe(1);
    expect(summary.refused.map((r) => r.code)).toEqual(['not-http', 'too-long', 'not-http']);
    expect(summary.refused[0]).toEqual({ url: 'javascript:alert(1)', code: 'not-http' });

    const mine = (await t.db.items.toArray()) as Bookmark[];
    expect(mine.map((b) => [b.url, b.visibility]).sort()).toEqual([
      ['https://example.org/a', 'public'],
      ['https://example.org/b', 'public'],
      ['https://example.org/secret', 'private'],
    ]);
    expect(mine.find((b) => b.title === 'A')?.tags).toEqual(['one', 'two']);
    const keyA = await urlKey('https://example.org/a');
    expect(await t.db.pages.get(keyA)).toMatchObject({ counts: { bookmarks: 1 } });
    const outbox = await t.db.outbox.toArray();
    expect(outbox).toHaveLength(3);
    expect(outbox.every((e) => e.state === 'pending' && e.mutation.type === 'bookmark')).toBe(true);
  });

  it('adds nothing the second time, and the server ends with each page once', async () => {
    const t = await setup();
    await t.signIn('alice');
    const first = await importAll(t);
    await idle(t.bg);
    const second = await importAll(t, 'private');
    expect(second).toEqual({ ...first, imported: 0, existing: first.imported + first.existing });
    await idle(t.bg);
    await t.ui('syncNow');
    const onServer = [...t.server.items.values()].filter((i) => i.type === 'bookmark');
    expect(onServer.map((b) => (b as Bookmark).url).sort()).toEqual([
      'https://example.org/a',
      'https://example.org/b',
      'https://example.org/secret',
    ]);
    expect(await t.db.outbox.count()).toBe(0);
  });

  it('leaves a page bookmarked with one click as it is', async () => {
    const t = await setup();
    await t.signIn('alice');
    t.platform.tabs.set(3, { id: 3, url: 'https://example.org/b', title: 'Mine' });
    await t.ui('bookmarkTab', { tabId: 3 });
    const summary = await importAll(t);
    expect(summary.imported).toBe(2);
    expect(summary.existing).toBe(2);
    const b = (await t.db.items.toArray()).find((i) => i.url === 'https://example.org/b');
    expect(b).toMatchObject({ title: 'Mine' });
  });

  it('makes everything private when asked, and refuses while signed out', async () => {
    const t = await setup();
    const refused = await t.ui('importBookmarks', { bookmarks: ENTRIES, visibility: 'public' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'signed-out' } });
    await t.signIn('alice');
    await importAll(t, 'private');
    const all = (await t.db.items.toArray()) as Bookmark[];
    expect(all.map((b) => b.visibility)).toEqual(['private', 'private', 'private']);
  });

  it('refuses a batch larger than the message allows', async () => {
    const t = await setup();
    await t.signIn('alice');
    const many = Array.from({ length: 101 }, (_, i) => ({ url: `https://e.org/${i}`, title: '' }));
    const reply = await t.ui('importBookmarks', { bookmarks: many, visibility: 'public' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});

describe('exportBookmarks', () => {
  it('writes the user’s bookmarks from the mirror, private ones marked, others’ left out', async () => {
    const t = await setup();
    t.server.addUser('bob', 'Bob');
    await t.server.mutate('bob', [
      {
        id: '01930000-0000-7000-8000-0000000000b0',
        op: 'put',
        type: 'bookmark',
        data: { url: 'https://example.org/bobs', title: 'Bob’s' },
      },
    ]);
    await t.signIn('alice', 'Alice Ek');
    const summary: ImportSummary = await importAll(t);
    expect(summary.imported).toBe(3);
    await idle(t.bg);
    expect(await t.db.items.count()).toBe(4);
    const reply = (await t.ui('exportBookmarks')) as Ok<UiResults['exportBookmarks']>;
    expect(reply.value.count).toBe(3);
    expect(reply.value.handle).toBe('alice');
    expect(reply.value.html).toContain('Alice Ek (@alice)');
    const back = parseNetscape(reply.value.html);
    expect(back.map((b) => [b.url, b.private])).toEqual([
      ['https://example.org/a', false],
      ['https://example.org/b', false],
      ['https://example.org/secret', true],
    ]);
    expect(back[1]?.description).toBe('About B');
  });
});
