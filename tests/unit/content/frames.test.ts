// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "disableIframePageLoading": false } }
/**
 * Same-origin frames seen from the top frame (src/content/frames.ts): which frame documents are
 * reachable (nested, depth- and count-limited, cross-origin and undrawn ones skipped), which
 * hold the focus, where a frame's viewport sits in the top one, and how new and reloaded
 * frames are noticed without observing the page.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  contentOrigin,
  focusedFrames,
  frameBox,
  frameDocument,
  frameOffset,
  listFrames,
  watchFrames,
} from '../../../src/content/frames.ts';
import { frameDoc, framedPage, framesLoaded } from './frame-helpers.ts';

const NESTED = `
  <p>top text</p>
  <iframe id="a" srcdoc="<p>a text</p><iframe id=&quot;a1&quot; srcdoc=&quot;<p>a1 text</p>&quot;></iframe>"></iframe>
  <iframe id="b" srcdoc="<p>b text</p>"></iframe>`;

const always = () => true;
const ids = (frames: Array<{ path: readonly Element[] }>) =>
  frames.map((f) => f.path.map((e) => e.id).join('>'));

afterEach(() => {
  document.body.replaceChildren();
});

describe('listFrames', () => {
  it('lists same-origin frames breadth first, each with its path of frame elements', async () => {
    await framedPage(NESTED);
    const frames = listFrames(document, { rendered: always });
    expect(ids(frames)).toEqual(['a', 'b', 'a>a1']);
    expect(frames.map((f) => f.doc.body.textContent)).toEqual(['a text', 'b text', 'a1 text']);
  });

  it('stops at the depth and count limits', async () => {
    await framedPage(NESTED);
    expect(ids(listFrames(document, { rendered: always, depth: 1 }))).toEqual(['a', 'b']);
    expect(ids(listFrames(document, { rendered: always, count: 2 }))).toEqual(['a', 'b']);
    expect(ids(listFrames(document, { rendered: always, count: 1 }))).toEqual(['a']);
  });

  it('skips frames it may not read, and what is inside them', async () => {
    await framedPage(NESTED);
    const crossOrigin = (frame: Element) => (frame.id === 'a' ? null : frameDocument(frame));
    expect(ids(listFrames(document, { rendered: always, contentDocument: crossOrigin }))).toEqual([
      'b',
    ]);
  });

  it('skips frames that are not drawn (display: none, 0×0)', async () => {
    await framedPage(NESTED);
    const box = (w: number, h: number) => ({ width: w, height: h }) as DOMRect;
    const a = document.getElementById('a')!;
    const b = document.getElementById('b')!;
    vi.spyOn(a, 'getBoundingClientRect').mockReturnValue(box(300, 150));
    vi.spyOn(b, 'getBoundingClientRect').mockReturnValue(box(0, 0));
    const a1 = frameDoc('a').getElementById('a1')!;
    vi.spyOn(a1, 'getBoundingClientRect').mockReturnValue(box(1, 1));
    expect(ids(listFrames(document))).toEqual(['a', 'a>a1']);
  });
});

describe('frameDocument', () => {
  it('answers null when reading the frame throws or it has no document', () => {
    const throwing = {
      get contentDocument(): Document {
        throw new DOMException('Blocked a frame', 'SecurityError');
      },
    } as unknown as Element;
    expect(frameDocument(throwing)).toBeNull();
    expect(frameDocument({ contentDocument: null } as unknown as Element)).toBeNull();
  });
});

describe('focusedFrames', () => {
  it('follows the focus from the top document through nested frames', async () => {
    await framedPage(NESTED);
    expect(focusedFrames(document)).toEqual([]);
    (document.getElementById('a') as HTMLIFrameElement).focus();
    expect(ids(focusedFrames(document))).toEqual(['a']);
    (frameDoc('a').getElementById('a1') as HTMLIFrameElement).focus();
    const chain = focusedFrames(document);
    expect(ids(chain)).toEqual(['a', 'a>a1']);
    expect(chain[1]!.doc.body.textContent).toBe('a1 text');
    expect(ids(focusedFrames(document, { depth: 1 }))).toEqual(['a']);
  });

  it('stops at a frame it may not read', async () => {
    await framedPage(NESTED);
    (document.getElementById('a') as HTMLIFrameElement).focus();
    expect(focusedFrames(document, { contentDocument: () => null })).toEqual([]);
  });
});

describe('frame offsets', () => {
  it("places a frame's viewport after its border and padding", () => {
    const box = { left: 10, top: 100, borderLeft: 2, borderTop: 3, paddingLeft: 5, paddingTop: 7 };
    expect(contentOrigin(box)).toEqual({ x: 17, y: 110 });
  });

  it('adds up the offsets of nested frames', () => {
    const outer = document.createElement('iframe');
    const inner = document.createElement('iframe');
    const boxes = new Map([
      [outer, { left: 40, top: 300, borderLeft: 7, borderTop: 7, paddingLeft: 13, paddingTop: 11 }],
      [inner, { left: 8, top: 60, borderLeft: 0, borderTop: 0, paddingLeft: 0, paddingTop: 0 }],
    ]);
    expect(frameOffset([outer, inner], (f) => boxes.get(f as HTMLIFrameElement)!)).toEqual({
      x: 68,
      y: 378,
    });
    expect(frameOffset([])).toEqual({ x: 0, y: 0 });
  });

  it("reads a frame's box from the layout and its computed border and padding", () => {
    const frame = document.createElement('iframe');
    frame.srcdoc = '<p>x</p>';
    frame.style.cssText = 'border: 3px solid black; padding: 5px 7px';
    document.body.append(frame);
    vi.spyOn(frame, 'getBoundingClientRect').mockReturnValue({ left: 20, top: 30 } as DOMRect);
    expect(frameBox(frame)).toEqual({
      left: 20,
      top: 30,
      borderLeft: 3,
      borderTop: 3,
      paddingLeft: 7,
      paddingTop: 5,
    });
  });
});

describe('watchFrames', () => {
  it('tells each frame document once, also to hooks added later, and looks again on blur', async () => {
    await framedPage(NESTED);
    const abort = new AbortController();
    const found = vi.fn();
    const find = vi.fn((top: Document) => listFrames(top, { rendered: always, depth: 1 }));
    const watch = watchFrames(document, window, find, abort.signal);
    expect(find).not.toHaveBeenCalled(); // nothing is looked up until asked
    watch.onDocument(found);
    expect(ids(watch.list())).toEqual(['a', 'b']);
    watch.list();
    expect(found.mock.calls.map(([f]) => f.path[0].id)).toEqual(['a', 'b']);
    const late = vi.fn();
    watch.onDocument(late);
    expect(late).toHaveBeenCalledTimes(2);

    // A frame added later is found when the focus moves into it (the top window blurs).
    const c = document.createElement('iframe');
    c.id = 'c';
    c.srcdoc = '<p>c text</p>';
    document.body.append(c);
    await framesLoaded();
    const calls = find.mock.calls.length;
    window.dispatchEvent(new Event('blur'));
    expect(find.mock.calls.length).toBe(calls + 1);
    expect(found.mock.calls.map(([f]) => f.path[0].id)).toEqual(['a', 'b', 'c']);
    abort.abort();
    window.dispatchEvent(new Event('blur'));
    expect(find.mock.calls.length).toBe(calls + 1);
    expect(watch.list()).toEqual([]);
  });

  it('finds the focused frame when the focus moves only after the top window blurred (Firefox)', async () => {
    await framedPage('<iframe id="a" srcdoc="<p>a text</p>"></iframe>');
    const abort = new AbortController();
    // Firefox fires the top window's `blur` while `activeElement` is still the element the
    // focus leaves, and moves it to the frame just after; Chromium moves it first.
    let focusInFrame = false;
    const find = (top: Document) => (focusInFrame ? listFrames(top, { rendered: always }) : []);
    const watch = watchFrames(document, window, find, abort.signal);
    const found = vi.fn();
    watch.onDocument(found);
    window.dispatchEvent(new Event('blur'));
    focusInFrame = true;
    expect(found).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(found.mock.calls.map(([f]) => f.path[0].id)).toEqual(['a']);
    abort.abort();
  });

  it('looks again, and tells, when a frame it found loads a new document', async () => {
    await framedPage('<iframe id="a" srcdoc="<p>first</p>"></iframe>');
    const abort = new AbortController();
    const watch = watchFrames(
      document,
      window,
      (t) => listFrames(t, { rendered: always }),
      abort.signal,
    );
    const docs: string[] = [];
    const loads = vi.fn();
    watch.onDocument((f) => docs.push(f.doc.body.textContent ?? ''));
    watch.onLoad(loads);
    watch.list();
    const a = document.getElementById('a') as HTMLIFrameElement;
    const loaded = new Promise((resolve) => a.addEventListener('load', resolve, { once: true }));
    a.srcdoc = '<p>second</p>';
    await loaded;
    await vi.waitFor(() => expect(loads).toHaveBeenCalled());
    expect(docs).toEqual(['first', 'second']);
    abort.abort();
  });

  it('keeps going when a hook throws', async () => {
    await framedPage(NESTED);
    const abort = new AbortController();
    const watch = watchFrames(
      document,
      window,
      (t) => listFrames(t, { rendered: always }),
      abort.signal,
    );
    const after = vi.fn();
    watch.onDocument(() => {
      throw new Error('a frame torn down meanwhile');
    });
    watch.onDocument(after);
    expect(() => watch.list()).not.toThrow();
    expect(after).toHaveBeenCalledTimes(3);
    abort.abort();
  });
});
