/**
 * A page cannot make the extension act. A fixture page (`tests/fixtures/security/forge.js`)
 * posts `window.postMessage`s and dispatches `CustomEvent`s shaped like Outloud's envelopes and
 * background-to-content messages, tries `chrome.runtime.sendMessage` to the extension's id, and
 * fakes the selection gestures: nothing reaches the outbox or the server, no tab or UI opens,
 * and nobody answers. Then the router's sender checks, exercised in the real browser: code in
 * the content script's own isolated world (reached through the DevTools protocol) is refused
 * every `ui` method, while its `content` methods work for its own page and are refused
 * (`page-mismatch`) for an address that is not that page; an extension page is refused `content`.
 */
import type { CDPSession, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { OutloudUi } from './content-harness.ts';
import { callUi, outboxSize, syncStatus, ui, until } from './extension-probe.ts';
import { poll, useExtension } from './journey-helpers.ts';

type ForgeReport = { posted: number; events: number; runtime: string[]; replies: string[] };

describe('forged messages', () => {
  const world = useExtension({ people: { vic: 'Vic Victim' }, fixtures: true });
  let options: Page;

  beforeAll(async () => {
    options = await world.browser.openPage('options.html');
    await ui(options, 'signIn', { serverUrl: world.server.url, token: world.tokens.vic });
    await until(async () => (await syncStatus(options)).lastSyncAt !== null, 'the first sync');
  });

  /** Opens the forged page and answers a CDP session that sees the content script's world. */
  async function openForged(): Promise<{ page: Page; cdp: CDPSession; contentWorld: number }> {
    const page = await world.browser.context.newPage();
    const cdp = await world.browser.context.newCDPSession(page);
    const worlds: Array<{ id: number; origin: string; type?: string }> = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      const aux = context.auxData as { type?: string } | undefined;
      worlds.push({ id: context.id, origin: context.origin, type: aux?.type });
    });
    await cdp.send('Runtime.enable');
    await page.goto(world.fixtures.url('/security/forged.html'));
    const ours = `chrome-extension://${world.browser.extensionId}`;
    await poll(() => worlds.some((w) => w.type === 'isolated' && w.origin.startsWith(ours))).toBe(
      true,
    );
    const isolated = worlds
      .filter((w) => w.type === 'isolated' && w.origin.startsWith(ours))
      .at(-1)!;
    return { page, cdp, contentWorld: isolated.id };
  }

  it('does nothing for forged postMessages, CustomEvents, runtime calls and fake gestures', async () => {
    const api = world.rest.vic;
    const before = (await api.changes()).length;
    const tabsBefore = world.browser.context.pages().map((p) => p.url());
    const { page, cdp } = await openForged();
    const report = (await page.evaluate(
      (id) => (window as unknown as { forge(id: string): Promise<unknown> }).forge(id),
      world.browser.extensionId,
    )) as ForgeReport;

    expect(report.posted).toBeGreaterThan(40);
    expect(report.events).toBeGreaterThan(90);
    expect(report.runtime).toEqual(['no chrome.runtime.sendMessage on the page']);
    expect(report.replies).toEqual([]);

    await ui(options, 'syncNow');
    expect(await outboxSize(options)).toBe(0);
    expect(await syncStatus(options)).toMatchObject({ signedIn: true, pending: 0, failed: [] });
    expect((await api.changes()).length).toBe(before);
    // No tab, popup or side panel opened, and nothing of Outloud's was added to the page.
    expect(world.browser.context.pages().map((p) => p.url())).toEqual([...tabsBefore, page.url()]);
    const outloud = await OutloudUi.attach(page);
    expect(await outloud.host()).toEqual({ count: 0, mode: null });
    await outloud.detach();
    await cdp.detach();
    await page.close();
  });

  it('refuses ui methods to the content script world and content methods to extension pages', async () => {
    const { page, cdp, contentWorld } = await openForged();
    const inContentWorld = async (envelope: object) => {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
        contextId: contentWorld,
        expression: `chrome.runtime.sendMessage(${JSON.stringify(envelope)})`,
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails) throw new Error(exceptionDetails.text);
      return result.value as { ok: boolean; error?: { code: string }; value?: unknown };
    };

    for (const [method, params] of [
      ['postStatus', { text: 'from the content world' }],
      ['bookmarkTab', {}],
      ['signOut', {}],
      ['getSettings', {}],
      ['syncNow', {}],
    ] as const) {
      const reply = await inContentWorld({ outloud: 1, channel: 'ui', method, params });
      expect({ method, reply }).toEqual({
        method,
        reply: { ok: false, error: expect.objectContaining({ code: 'forbidden' }) },
      });
    }
    // The same world may use its own channel (so the refusals above are the sender check).
    const settings = await inContentWorld({
      outloud: 1,
      channel: 'content',
      method: 'pageState',
      params: { href: page.url(), canonical: null },
    });
    expect(settings).toMatchObject({
      ok: true,
      value: { settings: { signedIn: true, excluded: false } },
    });

    // Content methods speak for the sender's own page only: an address naming another page
    // (another site, or a page the canonical rule does not allow) is refused, nothing queued.
    const victim = 'https://victim.example/internal/report';
    for (const [method, params] of [
      ['pageState', { href: victim, canonical: null }],
      ['shareSnippet', { url: victim, quote: { exact: 'This paragraph' }, comment: 'forged' }],
      ['shareSnippet', { url: new URL('/', page.url()).href, quote: { exact: 'This paragraph' } }],
    ] as const) {
      const reply = await inContentWorld({ outloud: 1, channel: 'content', method, params });
      expect({ method, reply }).toEqual({
        method,
        reply: { ok: false, error: expect.objectContaining({ code: 'page-mismatch' }) },
      });
    }

    const fromPage = await callUi(options, 'pageEngagement', { url: page.url() });
    expect(fromPage.ok).toBe(true);
    const contentFromPage = (await options.evaluate(
      (url) =>
        chrome.runtime.sendMessage({
          outloud: 1,
          channel: 'content',
          method: 'shareSnippet',
          params: { url, quote: { exact: 'This paragraph' } },
        }),
      page.url(),
    )) as { ok: boolean; error?: { code: string } };
    expect(contentFromPage).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    expect(await outboxSize(options)).toBe(0);
    expect(await syncStatus(options)).toMatchObject({ signedIn: true, pending: 0 });
    await cdp.detach();
    await page.close();
  });
});
