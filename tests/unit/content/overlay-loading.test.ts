// @vitest-environment happy-dom
// @vitest-environment-options { "url": "https://news.example.com/today" }
/**
 * When the always-loaded half of the content script loads the overlay: never on a page nobody
 * engaged with, once on a page with activity, again (a few times, further apart) when the
 * background fails, on the person's own selection but not on a page script's synthetic events,
 * and for the composer command.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentContext } from '../../../src/content/context.ts';
import { createFeatures, OVERLAY_RETRIES } from '../../../src/content/features.ts';
import {
  OVERLAY_GLOBAL,
  type Overlay,
  type OverlayModule,
} from '../../../src/content/overlay-api.ts';
import { createContentStore } from '../../../src/content/state.ts';
import { noEngagement, type PageState } from '../../../src/core/messages.ts';

const SETTINGS = {
  overlay: true,
  linkMarks: false,
  excluded: false,
  signedIn: true,
  knownPages: false,
};

function pageState(withActivity: boolean): PageState {
  const url = 'https://news.example.com/today';
  return {
    settings: SETTINGS,
    page: { url, normalized: url, fromCanonical: false, removed: [] },
    engagement: {
      ...noEngagement(url, 'k'.repeat(64)),
      ...(withActivity
        ? {
            people: [{ handle: 'ann', name: 'Ann', inNetwork: true, kinds: ['bookmark'] }],
            counts: { bookmarks: 1, snippets: 0, comments: 0, likes: 0 },
          }
        : {}),
      labels: { people: 'Ann', counts: '1 bookmark' },
    },
    links: {},
    permalinkBase: null,
  };
}

type World = { [OVERLAY_GLOBAL]?: OverlayModule };

/** A page with the features started over a stand-in background. */
function start(options: { activity: boolean; failInjections?: number }) {
  let failures = options.failInjections ?? 0;
  const injected: number[] = [];
  const mounted: Overlay[] = [];
  const overlay: Overlay = { openComposer: vi.fn(() => true), showSnippet: vi.fn() };
  const abort = new AbortController();
  const ctx: ContentContext = {
    store: createContentStore(),
    call: (async (method: string) => {
      if (method === 'pageState') return pageState(options.activity);
      throw new Error(`unexpected ${method}`);
    }) as ContentContext['call'],
    storage: { get: async () => ({}), set: async () => undefined },
    doc: document,
    win: window,
    isOwn: () => false,
  };
  const features = createFeatures(ctx, {
    injectOverlay: async () => {
      injected.push(Date.now());
      if (failures > 0) {
        failures--;
        throw new Error('the background is restarting');
      }
      (globalThis as World)[OVERLAY_GLOBAL] = {
        mount: () => {
          mounted.push(overlay);
          return overlay;
        },
      };
    },
    signal: abort.signal,
  });
  return { features, injected, mounted, overlay, abort };
}

/** Lets the stand-in background's answers and the store's reactions run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  delete (globalThis as World)[OVERLAY_GLOBAL];
});
afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('loading the overlay', () => {
  it('never loads it on a page nobody engaged with', async () => {
    const t = start({ activity: false });
    await settle();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.injected).toEqual([]);
    t.abort.abort();
  });

  it('loads and mounts it once on a page with activity', async () => {
    const t = start({ activity: true });
    await settle();
    expect(t.injected).toHaveLength(1);
    expect(t.mounted).toHaveLength(1);
    await t.features.refresh();
    await settle();
    expect(t.injected).toHaveLength(1);
    t.abort.abort();
  });

  it('tries again, further apart each time, and then gives up', async () => {
    const t = start({ activity: true, failInjections: 99 });
    await settle();
    expect(t.injected).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.injected).toHaveLength(1 + OVERLAY_RETRIES);
    const gaps = t.injected.slice(1).map((at, i) => at - t.injected[i]!);
    expect(gaps).toEqual([1000, 2000, 3000]);
    expect(t.mounted).toEqual([]);
    t.abort.abort();
  });

  it('succeeds on a retry when the background comes back', async () => {
    const t = start({ activity: true, failInjections: 2 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.injected).toHaveLength(3);
    expect(t.mounted).toHaveLength(1);
    t.abort.abort();
  });

  it("loads it for the person's own selection, not for a page script's synthetic mouseup", async () => {
    document.body.innerHTML = '<p id="p">Some words worth sharing with colleagues.</p>';
    const t = start({ activity: false });
    await settle();
    const trusted = () => {
      const event = new MouseEvent('mouseup', { bubbles: true });
      Object.defineProperty(event, 'isTrusted', { value: true });
      return event;
    };
    // A click that selects nothing.
    document.dispatchEvent(trusted());
    await vi.advanceTimersByTimeAsync(100);
    expect(t.injected).toEqual([]);
    const text = document.getElementById('p')!.firstChild!;
    window.getSelection()!.setBaseAndExtent(text, 0, text, 10);
    document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    await vi.advanceTimersByTimeAsync(100);
    // Dispatched by a script: untrusted, as a page script's would be.
    expect(t.injected).toEqual([]);
    // The browser's own event for the person's gesture (trusted).
    document.dispatchEvent(trusted());
    await vi.advanceTimersByTimeAsync(100);
    expect(t.injected).toHaveLength(1);
    expect(t.mounted).toHaveLength(1);
    t.abort.abort();
  });

  it('loads it for the composer command, and answers what the overlay did', async () => {
    const t = start({ activity: false });
    await settle();
    await expect(t.features.openComposer()).resolves.toBe(true);
    expect(t.injected).toHaveLength(1);
    expect(t.overlay.openComposer).toHaveBeenCalledTimes(1);
    t.abort.abort();
  });
});
