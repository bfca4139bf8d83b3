/** Page lookups by mode: local sends nothing, range sends a 5-hex prefix, exact the key. */
import { describe, expect, it } from 'vitest';
import { linkEngagement, pageEngagement } from '../../../src/background/page-engagement.ts';
import { urlKey } from '../../../src/core/url.ts';
import type { Bookmark, PageSummary } from '../../../src/core/wire.ts';
import { Api } from '../../../src/platform/api.ts';
import { applyChanges } from '../../../src/platform/mirror.ts';
import { freshDb } from './helpers.ts';

const URL_A = 'https://example.org/a?utm_source=x';

async function bookmarkOf(owner: string, id: string): Promise<Bookmark> {
  return {
    type: 'bookmark',
    id,
    owner,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    url: 'https://example.org/a',
    urlKey: await urlKey(URL_A),
    title: 'A',
    description: '',
    tags: [],
    visibility: 'public',
  };
}

function recordingApi(answer: (path: string) => unknown) {
  const paths: string[] = [];
  const api = new Api({
    serverUrl: 'https://server.test/',
    token: 'T',
    fetch: async (input) => {
      const path = input.replace('https://server.test', '');
      paths.push(path);
      const body = answer(path);
      return body === undefined
        ? new Response(JSON.stringify({ error: { code: 'not-found', message: 'none' } }), {
            status: 404,
          })
        : new Response(JSON.stringify(body), { status: 200 });
    },
  });
  return { api, paths };
}

describe('pageEngagement', () => {
  it('answers from the mirror in local mode without any request', async () => {
    const db = await freshDb();
    const b = await bookmarkOf('bob', '0190a000-0000-7000-8000-000000000001');
    await applyChanges(db, [
      {
        type: 'person',
        key: 'bob',
        deleted: false,
        value: { handle: 'bob', name: 'Bob', createdAt: b.createdAt },
      },
      { type: 'bookmark', key: b.id, deleted: false, value: b },
      {
        type: 'like',
        key: `me/${b.id}`,
        deleted: false,
        value: { type: 'like', owner: 'me', targetId: b.id, createdAt: b.createdAt },
      },
    ]);
    const { api, paths } = recordingApi(() => undefined);
    const page = await pageEngagement(db, api, 'me', URL_A, 'local');
    expect(paths).toEqual([]);
    expect(page).toMatchObject({
      urlKey: b.urlKey,
      counts: { bookmarks: 1, likes: 1 },
      likedByMe: [b.id],
      likeCounts: { [b.id]: 1 },
      myBookmark: null,
    });
    expect(page.people.map((p) => [p.handle, p.name, p.inNetwork])).toEqual([
      ['me', 'me', true],
      ['bob', 'Bob', false],
    ]);
  });

  it('asks only for a 5-hex prefix in range mode and matches locally', async () => {
    const db = await freshDb();
    const b = await bookmarkOf('bob', '0190a000-0000-7000-8000-000000000002');
    const summary: PageSummary = {
      urlKey: b.urlKey,
      url: b.url,
      title: 'A',
      people: [{ handle: 'bob', name: 'Bob', inNetwork: false, kinds: ['bookmark'] }],
      counts: { bookmarks: 1, snippets: 0, comments: 0, likes: 0 },
      bookmarks: [b],
      snippets: [],
      statuses: [],
      comments: [],
      likes: [],
    };
    const decoy = { ...summary, urlKey: `${b.urlKey.slice(0, 5)}${'0'.repeat(59)}` };
    const { api, paths } = recordingApi((p) =>
      p.startsWith('/v1/pages?')
        ? { items: [decoy, summary], cursor: '', hasMore: false }
        : undefined,
    );
    const page = await pageEngagement(db, api, 'me', URL_A, 'range');
    expect(paths).toEqual([`/v1/pages?prefix=${b.urlKey.slice(0, 5)}&limit=100`]);
    expect(page.bookmarks).toEqual([b]);
    expect(page.people[0]).toMatchObject({ handle: 'bob', name: 'Bob' });
  });

  it('asks for the exact key in exact mode, and a 404 means nobody engaged', async () => {
    const db = await freshDb();
    const key = await urlKey(URL_A);
    const { api, paths } = recordingApi(() => undefined);
    const page = await pageEngagement(db, api, 'me', URL_A, 'exact');
    expect(paths).toEqual([`/v1/pages/${key}`]);
    expect(page.people).toEqual([]);
    expect(page.counts.bookmarks).toBe(0);
  });

  it('refuses non-http pages', async () => {
    const db = await freshDb();
    await expect(pageEngagement(db, null, 'me', 'chrome://newtab', 'local')).rejects.toMatchObject({
      code: 'not-http',
    });
  });
});

describe('linkEngagement', () => {
  it('marks links whose normalised target is in the local index', async () => {
    const db = await freshDb();
    const b = await bookmarkOf('bob', '0190a000-0000-7000-8000-000000000003');
    await applyChanges(db, [{ type: 'bookmark', key: b.id, deleted: false, value: b }]);
    const marks = await linkEngagement(db, [
      'http://EXAMPLE.org/a#top',
      'https://example.org/b',
      'mailto:x@y',
    ]);
    expect(marks).toEqual({
      'http://EXAMPLE.org/a#top': { count: 1, people: [{ handle: 'bob', name: 'bob' }] },
    });
  });
});
