/**
 * Browser restart: with the server down, a person bookmarks, edits, comments, likes, posts a
 * status and deletes one bookmark; the browser is CLOSED while all of it waits in the outbox,
 * then the same profile directory is launched again and the server started: everything arrives
 * exactly once (one live copy per object, the deleted one not live, and a further sync adds no
 * change to the server's log).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedUrl } from '../../src/core/url.ts';
import type { Bookmark, Comment, Status } from '../../src/core/wire.ts';
import { latest } from './chaos-model.ts';
import { bookmarkUrl, readTables, syncStatus, ui } from './extension-probe.ts';
import { startServer } from './harness.ts';
import { poll, useExtension } from './journey-helpers.ts';

describe('browser restart', () => {
  const world = useExtension({ people: { rae: 'Rae Restart' } });

  beforeAll(async () => {
    const page = await world.browser.openPage('options.html');
    await ui(page, 'signIn', { serverUrl: world.server.url, token: world.tokens.rae });
    await page.close();
  });

  it('delivers what waited in the outbox across closing and reopening the profile, once', async () => {
    const { dbPath } = world.server;
    await world.server.stop('SIGKILL');

    const page = await world.browser.openPage('options.html');
    const urls = [1, 2, 3, 4].map((n) => `https://intranet.example/restart/${n}?utm_medium=x`);
    const made: Bookmark[] = [];
    for (const [i, url] of urls.entries()) {
      const r = await bookmarkUrl(page, url, `Page ${i}`);
      made.push(r.bookmark);
    }
    const [first, second, , doomed] = made as [Bookmark, Bookmark, Bookmark, Bookmark];
    await ui(page, 'updateBookmark', {
      id: first.id,
      patch: { tags: ['restart', 'outbox'], description: 'kept across a restart' },
    });
    await ui(page, 'updateBookmark', { id: second.id, patch: { visibility: 'private' } });
    const comment = await ui<Comment>(page, 'addComment', { targetId: first.id, text: 'noted' });
    await ui(page, 'like', { targetId: first.id });
    const status = await ui<Status>(page, 'postStatus', { text: 'Written offline, sent later' });
    await ui(page, 'deleteBookmark', { id: doomed.id });
    const waiting = (await syncStatus(page)).pending;
    expect(waiting).toBe(10);
    await page.close();

    world.browser = await world.browser.relaunch();
    const again = await world.browser.openPage('options.html');
    // Nothing left the browser, nothing was lost by closing it.
    expect((await syncStatus(again)).pending).toBe(waiting);
    expect(((await readTables(again, ['outbox'])).outbox ?? []).length).toBe(waiting);

    world.server = await startServer({ dbPath, port: world.port });
    await poll(async () => (await ui<{ pending: number }>(again, 'syncNow')).pending).toBe(0);
    const status2 = await syncStatus(again);
    expect(status2).toMatchObject({ pending: 0, failed: [], error: null });

    const api = world.rest.rae;
    const changes = await api.changes();
    const view = latest(changes);
    const live = [...view.values()].filter((v) => v !== null) as Array<{ type: string }>;
    expect(live.filter((v) => v.type === 'bookmark')).toHaveLength(3);
    expect(view.get(`bookmark:${doomed.id}`) ?? null).toBeNull();
    expect(view.get(`bookmark:${first.id}`)).toMatchObject({
      url: sharedUrl(urls[0]!),
      tags: expect.arrayContaining(['restart', 'outbox']),
      description: 'kept across a restart',
      visibility: 'public',
    });
    expect(view.get(`bookmark:${second.id}`)).toMatchObject({ visibility: 'private' });
    expect(view.get(`comment:${comment.id}`)).toMatchObject({ targetId: first.id, text: 'noted' });
    expect(view.get(`like:rae/${first.id}`)).toMatchObject({ targetId: first.id });
    expect(live.filter((v) => v.type === 'status')).toEqual([
      expect.objectContaining({ id: status.id, text: 'Written offline, sent later' }),
    ]);

    // Another sync sends nothing new: the server's change log does not grow.
    await ui(again, 'syncNow');
    expect((await api.changes()).length).toBe(changes.length);
  });
});
