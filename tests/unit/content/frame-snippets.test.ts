// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "disableIframePageLoading": false }, "url": "https://team.example.com/notes" }
/**
 * Snippets and same-origin frames in happy-dom: which selection the composer takes (the focused
 * frame's, the top page's, the only frame's), the quote described over the frame's own text,
 * highlights drawn over the frame's own text (top text first, orphans when nowhere) without
 * touching any page document,
 * and content.js loading the overlay for the person's selection in a frame they moved into.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentContext } from '../../../src/content/context.ts';
import { createFeatures } from '../../../src/content/features.ts';
import { listFrames, watchFrames } from '../../../src/content/frames.ts';
import { initHighlights } from '../../../src/content/highlights.ts';
import { OVERLAY_GLOBAL, type OverlayModule } from '../../../src/content/overlay-api.ts';
import { initSelection, pickSelection } from '../../../src/content/selection.ts';
import { createContentStore } from '../../../src/content/state.ts';
import { anchorAll, describeQuote } from '../../../src/core/anchoring.ts';
import { noEngagement, type PageState } from '../../../src/core/messages.ts';
import type { Snippet } from '../../../src/core/wire.ts';
import { frameDoc, framedPage, recordingLayer, select, trusted } from './frame-helpers.ts';

const URL = 'https://team.example.com/notes';
const SETTINGS = {
  overlay: true,
  linkMarks: false,
  excluded: false,
  signedIn: true,
  knownPages: false,
};
const PAGE = `
  <p id="top">The team page quotes its own notes on staged rollouts.</p>
  <iframe id="a" srcdoc="<p>Every release is rolled out to one region first, and rollbacks take one command.</p>"></iframe>
  <iframe id="b" srcdoc="<p>Nested: <iframe id=&quot;b1&quot; srcdoc=&quot;<p>the changelog lists every migration</p>&quot;></iframe></p>"></iframe>`;

const frames = (top = document) => listFrames(top, { rendered: () => true });

function context(): ContentContext & { abort: AbortController } {
  return {
    store: createContentStore(),
    call: (async () => {
      throw new Error('no background here');
    }) as ContentContext['call'],
    storage: { get: async () => ({}), set: async () => undefined },
    doc: document,
    win: window,
    isOwn: (el) => el.localName === 'outloud-root',
    abort: new AbortController(),
  };
}

function snippet(id: string, exact: string): Snippet {
  const at = '2024-05-01T10:00:00.000Z';
  return {
    type: 'snippet',
    id,
    owner: 'ann',
    createdAt: at,
    updatedAt: at,
    url: URL,
    urlKey: 'a'.repeat(64),
    title: '',
    quote: { exact },
    comment: '',
    mentions: [],
    visibility: 'public',
  } as Snippet;
}

afterEach(() => {
  for (const d of [document, ...frames().map((f) => f.doc)]) d.getSelection()?.removeAllRanges();
  (document.activeElement as HTMLElement | null)?.blur?.();
  document.body.replaceChildren();
  delete (globalThis as { [OVERLAY_GLOBAL]?: OverlayModule })[OVERLAY_GLOBAL];
});

describe('pickSelection', () => {
  it("takes the focused frame's selection over the top page's", async () => {
    await framedPage(PAGE);
    select(document, 'staged rollouts');
    select(frameDoc('a'), 'rolled out to one region');
    expect(pickSelection(document, [])?.range.toString()).toBe('staged rollouts');
    const [a] = frames();
    const picked = pickSelection(document, [a!]);
    expect(picked?.range.toString()).toBe('rolled out to one region');
    expect(picked?.frame?.doc).toBe(frameDoc('a'));
  });

  it('falls back to the only frame with a selection, and to none when two have one', async () => {
    await framedPage(PAGE);
    expect(pickSelection(document, [], frames)).toBeNull();
    select(frameDoc('b1', frameDoc('b')), 'every migration');
    expect(pickSelection(document, [])).toBeNull(); // without the frames to look in
    expect(pickSelection(document, [], frames)?.range.toString()).toBe('every migration');
    select(frameDoc('a'), 'one region');
    expect(pickSelection(document, [], frames)).toBeNull();
  });
});

describe('the composer for a selection in a frame', () => {
  it("describes the quote over the frame's own text", async () => {
    await framedPage(PAGE);
    const ctx = context();
    ctx.store.set({ settings: SETTINGS });
    const watch = watchFrames(document, window, frames, ctx.abort.signal);
    const selection = initSelection(ctx, describeQuote, watch, ctx.abort.signal);
    select(frameDoc('a'), 'rolled out to one region first');
    expect(selection.openComposer()).toBe(true);
    const quote = ctx.store.get().composer?.quote;
    expect(quote).toMatchObject({
      exact: 'rolled out to one region first',
      prefix: 'Every release is ',
      start: 17,
      end: 47,
    });
    expect(quote?.suffix?.startsWith(', and rollbacks')).toBe(true);
    // Once shared, the frame's selection is cleared (the top page's is left alone).
    select(document, 'staged rollouts');
    selection.clear();
    expect(frameDoc('a').getSelection()?.toString()).toBe('');
    expect(document.getSelection()?.toString()).toBe('staged rollouts');
    ctx.abort.abort();
  });
});

describe('highlights in frames', () => {
  it('anchors in the top text first, then in each frame, and draws them without touching the page', async () => {
    await framedPage(PAGE);
    const layer = recordingLayer();
    const ctx = context();
    const url = URL;
    ctx.store.set({
      settings: SETTINGS,
      engagement: {
        ...noEngagement(url, 'a'.repeat(64)),
        snippets: [
          snippet('s1', 'quotes its own notes on staged rollouts'),
          snippet('s2', 'rolled out to one region first'),
          snippet('s3', 'the changelog lists every migration'),
          snippet('s4', 'a sentence that is on no page at all'),
        ],
        labels: { people: '', counts: '' },
      },
    });
    const before = document.documentElement.outerHTML;
    const watch = watchFrames(document, window, frames, ctx.abort.signal);
    const highlights = initHighlights(ctx, anchorAll, watch, layer, ctx.abort.signal);
    // Each quote drawn over the document it was found in, with the frames it lies in.
    expect(layer.drawn()).toEqual([
      { id: 's1', text: 'quotes its own notes on staged rollouts', doc: document, frames: [] },
      { id: 's2', text: 'rolled out to one region first', doc: frameDoc('a'), frames: ['a'] },
      {
        id: 's3',
        text: 'the changelog lists every migration',
        doc: frameDoc('b1', frameDoc('b')),
        frames: ['b', 'b1'],
      },
    ]);
    expect(ctx.store.get().orphans).toEqual(['s4']);
    expect(highlights.ranges().get('s2')?.startContainer.ownerDocument).toBe(frameDoc('a'));
    // No page document got a style, a sheet or a node: the page's DOM is as it was.
    for (const d of [document, frameDoc('a'), frameDoc('b'), frameDoc('b1', frameDoc('b'))]) {
      expect(d.adoptedStyleSheets).toHaveLength(0);
      expect(d.querySelectorAll('style')).toHaveLength(0);
    }
    expect(document.documentElement.outerHTML).toBe(before);
    expect((window as { CSS?: { highlights?: unknown } }).CSS?.highlights).toBeUndefined();

    // Showing a frame's snippet marks it active.
    expect(highlights.show('s2')).toBe(true);
    expect(layer.active()).toBe('s2');
    expect(highlights.show('s4')).toBe(false);
    expect(layer.active()).toBe('s2');

    // A snippet that goes away is no longer drawn.
    ctx.store.set({
      engagement: {
        ...ctx.store.get().engagement!,
        snippets: [snippet('s2', 'rolled out to one region first')],
      },
    });
    expect(layer.drawn().map((d) => d.id)).toEqual(['s2']);
    ctx.abort.abort();
  });
});

describe('content.js and a selection in a frame', () => {
  it('loads the overlay for a selection in the frame the person moved into, on their own gesture only', async () => {
    await framedPage(PAGE);
    const ctx = context();
    const state: PageState = {
      settings: SETTINGS,
      page: { url: URL, normalized: URL, fromCanonical: false, removed: [] },
      engagement: { ...noEngagement(URL, 'k'.repeat(64)), labels: { people: '', counts: '' } },
      links: {},
      permalinkBase: null,
    };
    ctx.call = (async (method: string) => {
      if (method === 'pageState') return state;
      throw new Error(`unexpected ${method}`);
    }) as ContentContext['call'];
    const injected = vi.fn(async () => {
      (globalThis as { [OVERLAY_GLOBAL]?: OverlayModule })[OVERLAY_GLOBAL] = {
        mount: () => ({ openComposer: () => true, showSnippet: () => undefined }),
      };
    });
    createFeatures(ctx, { injectOverlay: injected, signal: ctx.abort.signal });
    await vi.waitFor(() => expect(ctx.store.get().settings).not.toBeNull());

    const a = frameDoc('a');
    select(a, 'rolled out');
    // Not followed yet: the focus never went into the frame.
    a.dispatchEvent(trusted(new MouseEvent('mouseup', { bubbles: true })));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(injected).not.toHaveBeenCalled();

    // The person clicks into the frame: the top window loses the focus to it.
    (document.getElementById('a') as HTMLIFrameElement).focus();
    window.dispatchEvent(new Event('blur'));
    a.dispatchEvent(new MouseEvent('mouseup', { bubbles: true })); // a page script's: ignored
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(injected).not.toHaveBeenCalled();
    a.dispatchEvent(trusted(new MouseEvent('mouseup', { bubbles: true })));
    await vi.waitFor(() => expect(injected).toHaveBeenCalledTimes(1));
    ctx.abort.abort();
  });
});
