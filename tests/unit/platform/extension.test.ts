/** The side panel where each browser has one: Chrome's `sidePanel`, Firefox's `sidebarAction`. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Browser } from '../../../src/platform/browser.ts';
import { browserPlatform } from '../../../src/platform/extension.ts';

const g = globalThis as { chrome?: unknown };
const original = g.chrome;
afterEach(() => {
  g.chrome = original;
});

/** A fake of the part of the browser API `openSidePanel` touches, recording calls. */
function fakeBrowser(withSidebar: boolean): { browser: Browser; calls: string[] } {
  const calls: string[] = [];
  const sidebarAction = withSidebar
    ? { open: async () => void calls.push('sidebarAction.open') }
    : undefined;
  return { browser: { sidebarAction } as unknown as Browser, calls };
}

describe('openSidePanel', () => {
  it('opens Firefox’s sidebar (sidebar_action) where there is no chrome.sidePanel', async () => {
    g.chrome = { runtime: {} };
    const { browser, calls } = fakeBrowser(true);
    await browserPlatform(browser).openSidePanel(7);
    expect(calls).toEqual(['sidebarAction.open']);
  });

  it('opens Chrome’s side panel for the tab', async () => {
    const opened: unknown[] = [];
    g.chrome = { sidePanel: { open: async (o: unknown) => void opened.push(o) } };
    const { browser, calls } = fakeBrowser(false);
    await browserPlatform(browser).openSidePanel(7);
    expect(opened).toEqual([{ tabId: 7 }]);
    expect(calls).toEqual([]);
  });

  it('says so where the browser has neither', async () => {
    g.chrome = undefined;
    const { browser } = fakeBrowser(false);
    await expect(browserPlatform(browser).openSidePanel(7)).rejects.toThrow(/no side panel/);
  });
});
