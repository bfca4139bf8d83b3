/**
 * The first sync and the organisation's size: an interrupted first sync resumes at the page it
 * stopped on (never from zero) and reports "n of about N" throughout; `GET /v1/org` decides the
 * lookup mode unless the person chose one, and gives range mode its prefix length.
 */
import { describe, expect, it } from 'vitest';
import { LOCAL_COPY_BUDGET, ORG_REFRESH_MS } from '../../../src/core/lookup-choice.ts';
import type { SyncStatus } from '../../../src/core/messages.ts';
import { urlKey } from '../../../src/core/url.ts';
import type { Mutation } from '../../../src/core/wire.ts';
import { readSyncMeta } from '../../../src/platform/meta.ts';
import { idle, setup } from './helpers.ts';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function bookmarks(n: number): Mutation[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `0190a000-0000-7000-8000-${i.toString(16).padStart(12, '0')}`,
    op: 'put' as const,
    type: 'bookmark' as const,
    data: { url: `https://intranet.example/page/${i}`, title: `Page ${i}` },
  }));
}

const status = async (t: Awaited<ReturnType<typeof setup>>) => {
  const reply = await t.ui('getStatus');
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value as SyncStatus;
};

describe('an interrupted first sync', () => {
  it('resumes at the page it stopped on and shows how far it got', async () => {
    const t = await setup();
    t.server.addUser('bob', 'Bob');
    await t.server.mutate('bob', bookmarks(1_200));
    // The connection drops after the first page of changes (500 of about 1,203).
    let pages = 0;
    t.server.intercept = (url) =>
      url.pathname === '/v1/changes' && ++pages > 1 ? json(503, { error: { code: 'down' } }) : null;
    await t.signIn();

    const meta = await readSyncMeta(t.db);
    expect(meta.cursor).toBe('500');
    // Bob, then 499 of his bookmarks.
    expect(await t.db.items.count()).toBe(499);
    const during = await status(t);
    // 1,200 bookmarks and Bob and Alice: people and items, as /v1/org counts them.
    expect(during.firstSync).toEqual({ applied: 500, total: 1_202 });
    expect(during.error?.code).toBe('down');

    t.server.intercept = null;
    t.server.requests.length = 0;
    await t.ui('syncNow');
    await idle(t.bg);
    const changes = t.server.requests.filter((r) => r.startsWith('/v1/changes'));
    expect(changes[0]).toBe('/v1/changes?limit=500&cursor=500');
    expect(changes.some((r) => !r.includes('cursor='))).toBe(false);
    expect(await t.db.items.count()).toBe(1_200);
    expect(await t.db.pages.count()).toBe(1_200);
    const after = await status(t);
    expect(after.firstSync).toBeNull();
    expect(after.error).toBeNull();
  });

  it('counts on across a restart of the worker: the count is stored with each page', async () => {
    const t = await setup();
    t.server.addUser('bob', 'Bob');
    await t.server.mutate('bob', bookmarks(1_100));
    let pages = 0;
    t.server.intercept = (url) =>
      url.pathname === '/v1/changes' && ++pages === 2
        ? json(503, { error: { code: 'down' } })
        : null;
    await t.signIn();
    expect((await readSyncMeta(t.db)).initial).toEqual({ applied: 500 });
    // Another page lands, then the next fails again: the count carries on from the stored one.
    pages = 0;
    t.server.intercept = (url) =>
      url.pathname === '/v1/changes' && ++pages === 2
        ? json(503, { error: { code: 'down' } })
        : null;
    await t.ui('syncNow');
    expect((await readSyncMeta(t.db)).initial).toEqual({ applied: 1_000 });
    t.server.intercept = null;
    await t.ui('syncNow');
    expect((await readSyncMeta(t.db)).initial).toBeNull();
    expect(await t.db.items.count()).toBe(1_100);
  });
});

describe('the lookup mode by the organisation’s size', () => {
  const large = { pages: 400_000, items: LOCAL_COPY_BUDGET + 1, people: 90_000 };

  it('chooses range above the budget, with the server’s prefix length, and says so', async () => {
    const t = await setup();
    t.server.intercept = (url) => {
      if (url.pathname === '/v1/org') {
        return json(200, { ...large, bucketMinPages: 50, prefixLength: 3 });
      }
      if (url.pathname === '/v1/pages') return json(200, { items: [], cursor: '', hasMore: false });
      return null;
    };
    await t.signIn();
    expect((await status(t)).lookup).toEqual({
      mode: 'range',
      chosen: false,
      auto: { mode: 'range', items: LOCAL_COPY_BUDGET + 1, budget: LOCAL_COPY_BUDGET },
    });
    const url = 'https://intranet.example/range';
    const reply = await t.ui('pageEngagement', { url });
    expect(reply.ok).toBe(true);
    const asked = t.server.requests.filter((r) => r.startsWith('/v1/pages?'));
    expect(asked).toEqual([`/v1/pages?prefix=${(await urlKey(url)).slice(0, 3)}&limit=100`]);

    // The person's own choice wins, and handing it back makes it automatic again.
    await t.ui('setSettings', { lookupMode: 'local' });
    expect((await status(t)).lookup).toMatchObject({ mode: 'local', chosen: true });
    await t.ui('pageEngagement', { url });
    expect(t.server.requests.filter((r) => r.startsWith('/v1/pages?'))).toHaveLength(1);
    await t.ui('setSettings', { lookupModeChosen: false });
    expect((await status(t)).lookup).toMatchObject({ mode: 'range', chosen: false });
  });

  it('stays local within the budget, and reads the size again only after a few hours', async () => {
    const t = await setup();
    await t.signIn();
    expect((await status(t)).lookup).toEqual({
      mode: 'local',
      chosen: false,
      auto: { mode: 'local', items: 0, budget: LOCAL_COPY_BUDGET },
    });
    const orgReads = () => t.server.requests.filter((r) => r === '/v1/org').length;
    await t.ui('syncNow');
    expect(orgReads()).toBe(1);
    t.advance(ORG_REFRESH_MS);
    await t.ui('syncNow');
    expect(orgReads()).toBe(2);
  });

  it('keeps the local default with a server that has no /v1/org', async () => {
    const t = await setup();
    t.server.org = null;
    await t.signIn();
    const s = await status(t);
    expect(s.lookup).toEqual({ mode: 'local', chosen: false, auto: null });
    expect(s.error).toBeNull();
    expect(s.permalinkBase).toBeNull();
    await t.ui('syncNow');
    expect(t.server.requests.filter((r) => r === '/v1/org')).toHaveLength(1);
  });

  it("tells the pages where permalinks live: the server's public address, checked", async () => {
    const t = await setup();
    t.server.org = { bucketMinPages: 50, prefixLength: 3, publicUrl: 'https://outloud.example/' };
    await t.signIn();
    expect((await status(t)).permalinkBase).toBe('https://outloud.example');

    const other = await setup();
    other.server.org = { bucketMinPages: 50, prefixLength: 3, publicUrl: 'javascript:alert(1)' };
    await other.signIn();
    expect((await status(other)).permalinkBase).toBeNull();

    const none = await setup();
    await none.signIn();
    expect((await status(none)).permalinkBase).toBeNull();
  });
});
