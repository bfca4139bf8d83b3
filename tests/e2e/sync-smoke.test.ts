/**
 * Smoke test of the background's sync in real Chromium against the real server: sign in from
 * an extension page through the message protocol, bookmark a fixture tab, see it arrive on the
 * server; then stop the service worker between an action and its push and see nothing lost.
 * (The full user journeys through the popup and options pages live in journeys/offline tests.)
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bookmark } from '../../src/core/wire.ts';
import { startServer } from './harness.ts';
import { useExtension } from './journey-helpers.ts';

/** Calls a background `ui` method from an extension page, answering the raw `Reply`. */
function callUi(page: Page, method: string, params: unknown = {}) {
  return page.evaluate(
    ([m, p]) => chrome.runtime.sendMessage({ outloud: 1, channel: 'ui', method: m, params: p }),
    [method, params] as const,
  ) as Promise<
    { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }
  >;
}

async function value<T>(reply: Promise<{ ok: boolean; value?: unknown; error?: unknown }>) {
  const r = await reply;
  if (!r.ok) throw new Error(`background refused: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

describe('sync with the real server', () => {
  const world = useExtension({ people: { alice: 'Alice Example' }, fixtures: true });
  let options: Page;

  const serverGet = async (path: string) => {
    const res = await fetch(`${world.server.url}${path}`, {
      headers: { authorization: `Bearer ${world.tokens.alice}` },
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    options = await world.browser.openPage('options.html');
  });

  it('signs in, bookmarks a fixture tab and the bookmark arrives on the server', async () => {
    const me = await value<{ handle: string }>(
      callUi(options, 'signIn', { serverUrl: world.server.url, token: world.tokens.alice }),
    );
    expect(me.handle).toBe('alice');

    const article = await world.browser.context.newPage();
    await article.goto(world.fixtures.url('/journeys/one.html?utm_source=smoke&token=hunter2'));
    const tabId = await options.evaluate(
      async (url) => (await chrome.tabs.query({ url }))[0]?.id,
      world.fixtures.url('/journeys/one.html*'),
    );
    expect(tabId).toEqual(expect.any(Number));

    const saved = await value<{ bookmark: Bookmark; created: boolean; removedParams: string[] }>(
      callUi(options, 'bookmarkTab', { tabId }),
    );
    expect(saved.created).toBe(true);
    expect(saved.removedParams).toEqual(['token']);

    await expect
      .poll(async () => (await serverGet(`/v1/bookmarks/${saved.bookmark.id}`)).status, {
        timeout: 15_000,
      })
      .toBe(200);
    const onServer = (await serverGet(`/v1/bookmarks/${saved.bookmark.id}`)).body as Bookmark;
    expect(onServer.url).not.toContain('hunter2');
    expect(onServer.urlKey).toBe(saved.bookmark.urlKey);

    const status = await value<{ pending: number; failed: unknown[]; error: unknown }>(
      callUi(options, 'getStatus'),
    );
    expect(status).toMatchObject({ pending: 0, failed: [], error: null });

    // The badge path reaches the browser: the tab's tooltip says what the local index knows.
    await expect
      .poll(() => options.evaluate((id) => chrome.action.getTitle({ tabId: id }), tabId!))
      .toBe('No one in your network has engaged with this page');

    // The same page again: the existing bookmark, never a duplicate.
    const again = await value<{ bookmark: Bookmark; created: boolean }>(
      callUi(options, 'bookmarkTab', { tabId }),
    );
    expect(again).toMatchObject({ created: false, bookmark: { id: saved.bookmark.id } });
    await article.close();
  });

  it('keeps an action made while the server is down through a service-worker stop', async () => {
    const port = Number(new URL(world.server.url).port);
    await world.server.stop();
    const status = await value<{ id: string }>(
      callUi(options, 'postStatus', { text: 'Working on the sync smoke test' }),
    );
    await world.browser.stopServiceWorkers();
    world.server = await startServer({ dbPath: world.server.dbPath, port });

    // The next message wakes the worker; "Sync now" pushes what the outbox kept.
    await expect
      .poll(
        async () => {
          await callUi(options, 'syncNow').catch(() => undefined);
          return (await serverGet(`/v1/statuses/${status.id}`)).status;
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(200);
    const after = await value<{ pending: number }>(callUi(options, 'getStatus'));
    expect(after.pending).toBe(0);
  });
});
