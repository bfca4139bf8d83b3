// @vitest-environment happy-dom
// @vitest-environment-options { "url": "https://news.example.com/today" }
/**
 * The links a page asks about with its state (`pageState.links`): on the first load, and after
 * moving to another address; not again when the same page is loaded again (after sharing, a
 * `#section` jump) while its links are being marked already; not at all when marks are off.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentContext } from '../../../src/content/context.ts';
import { createFeatures } from '../../../src/content/features.ts';
import { createContentStore } from '../../../src/content/state.ts';
import { type ContentSettings, noEngagement, type PageState } from '../../../src/core/messages.ts';

const MARKS_ON: ContentSettings = {
  overlay: true,
  linkMarks: true,
  excluded: false,
  signedIn: true,
  knownPages: true,
};

/** The features over a stand-in background that answers every page as `settings` say. */
function start(settings: ContentSettings) {
  const asked: Array<string[] | undefined> = [];
  const abort = new AbortController();
  const ctx: ContentContext = {
    store: createContentStore(),
    call: (async (method: string, params: { href: string; links?: string[] }) => {
      if (method === 'linkEngagement') return {};
      if (method !== 'pageState') throw new Error(`unexpected ${method}`);
      asked.push(params.links);
      const url = params.href.split('#')[0]!;
      return {
        settings,
        page: { url, normalized: url, fromCanonical: false, removed: [] },
        engagement: { ...noEngagement(url, 'k'.repeat(64)), labels: { people: '', counts: '' } },
        links: {},
        permalinkBase: null,
      } satisfies PageState;
    }) as ContentContext['call'],
    storage: { get: async () => ({}), set: async () => undefined },
    doc: document,
    win: window,
    isOwn: () => false,
  };
  const features = createFeatures(ctx, {
    injectOverlay: async () => undefined,
    signal: abort.signal,
  });
  return { features, asked, abort };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  document.body.innerHTML =
    '<a href="https://a.example/one">one</a> <a href="https://b.example/two">two</a>';
});
afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
  history.replaceState(null, '', '/today');
});

describe('the links asked about with the page state', () => {
  it('asks once per page, not again on a reload of the page being marked', async () => {
    const t = start(MARKS_ON);
    await settle();
    expect(t.asked).toEqual([['https://a.example/one', 'https://b.example/two']]);
    // Shared a snippet, or jumped to a section: the same page, its links already marked.
    await t.features.refresh();
    history.replaceState(null, '', '/today#comments');
    await t.features.refresh();
    expect(t.asked.slice(1)).toEqual([undefined, undefined]);
    // Another address (single-page navigation): its links are asked about again.
    history.pushState(null, '', '/tomorrow');
    await t.features.refresh();
    expect(t.asked[3]).toEqual(['https://a.example/one', 'https://b.example/two']);
    t.abort.abort();
  });

  it('asks about no link once the page says marks are off here', async () => {
    const t = start({ ...MARKS_ON, linkMarks: false });
    await settle();
    // The first question goes before the settings are known.
    expect(t.asked).toHaveLength(1);
    await t.features.refresh();
    history.pushState(null, '', '/tomorrow');
    await t.features.refresh();
    expect(t.asked.slice(1)).toEqual([undefined, undefined]);
    t.abort.abort();
  });
});
