/** `contentSettings`, what the content script asks first on every page. */
import { describe, expect, it } from 'vitest';
import { MENU } from '../../../src/background/menus.ts';
import { contentSender, idle, setup } from './helpers.ts';

const TAB = { id: 9, url: 'https://example.org/post', title: 'Post' };

async function contentSettings(t: Awaited<ReturnType<typeof setup>>) {
  const reply = (await t.bg.router(
    { outloud: 1, channel: 'content', method: 'contentSettings', params: {} },
    contentSender,
  )) as { ok: boolean; value: Record<string, unknown> };
  expect(reply.ok).toBe(true);
  return reply.value;
}

describe('contentSettings', () => {
  it('says whether the local index knows any page, so links are collected only then', async () => {
    const t = await setup();
    await t.signIn('alice');
    expect(await contentSettings(t)).toMatchObject({ signedIn: true, knownPages: false });

    t.platform.tabs.set(9, TAB);
    await t.bg.menus.onClicked({ menuItemId: MENU.bookmarkPage, pageUrl: TAB.url }, TAB);
    await idle(t.bg);
    expect(await t.db.pages.count()).toBeGreaterThan(0);
    expect(await contentSettings(t)).toMatchObject({ signedIn: true, knownPages: true });
  });
});

describe('loadOverlay', () => {
  const call = (t: Awaited<ReturnType<typeof setup>>, sender: Record<string, unknown>) =>
    t.bg.router(
      { outloud: 1, channel: 'content', method: 'loadOverlay', params: {} },
      sender,
    ) as Promise<{ ok: boolean; error?: { code: string } }>;

  it('runs the overlay bundle in the frame that asked, and nowhere else', async () => {
    const t = await setup();
    await t.signIn('alice');
    expect(await call(t, { ...contentSender, frameId: 0 })).toEqual({ ok: true, value: null });
    expect(t.platform.overlays).toEqual([{ tabId: 7, frameId: 0 }]);
  });

  it('refuses on an excluded site and without a tab, injecting nothing', async () => {
    const t = await setup();
    await t.signIn('alice');
    await t.bg.settings.update({ excludedSites: ['example.org'] });
    expect((await call(t, { ...contentSender, frameId: 0 })).error?.code).toBe('excluded');
    const { tab: _tab, ...noTab } = contentSender;
    expect((await call(t, { ...noTab, frameId: 0 })).ok).toBe(false);
    expect(t.platform.overlays).toEqual([]);
  });
});
