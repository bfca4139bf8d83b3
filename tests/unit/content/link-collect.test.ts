// @vitest-environment happy-dom
// @vitest-environment-options { "url": "https://news.example.com/today?id=1" }
/**
 * Link collection for link marks: targets normalised, self-links and non-http links skipped;
 * the links in view found first.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  ALL_AT_ONCE,
  anchorsIn,
  collectInView,
  createLinkIndex,
  firstLinks,
  indexLinks,
  indexLinksSliced,
  linkTarget,
  nearViewport,
  type VerticalBox,
} from '../../../src/content/link-collect.ts';
import { LIMITS } from '../../../src/core/limits.ts';

function page(html: string): void {
  document.body.innerHTML = html;
}

const PAGE = 'https://news.example.com/today?id=1';

describe('linkTarget', () => {
  it('answers the resolved href without its fragment (the background normalises)', () => {
    page('<a href="https://Example.org/guide?utm_source=x&b=2&a=1#part">g</a>');
    const a = document.querySelector('a')!;
    expect(linkTarget(a, PAGE)).toBe('https://example.org/guide?utm_source=x&b=2&a=1');
  });

  it('keeps SPA route fragments', () => {
    page('<a href="https://app.example/#/inbox">r</a><a href="https://app.example/#!/x">b</a>');
    const targets = [...document.querySelectorAll('a')].map((a) => linkTarget(a, PAGE));
    expect(targets).toEqual(['https://app.example/#/inbox', 'https://app.example/#!/x']);
  });

  it('resolves relative links against the page', () => {
    page('<a href="/other.html">o</a>');
    expect(linkTarget(document.querySelector('a')!, PAGE)).toBe(
      'https://news.example.com/other.html',
    );
  });

  it('skips mailto, javascript, ftp and links to the page itself', () => {
    page(
      '<a href="mailto:a@b.c">m</a><a href="javascript:void 0">j</a><a href="ftp://x.example/">f</a><a href="#top">t</a><a href="?id=1#x">self</a>',
    );
    const targets = [...document.querySelectorAll('a')].map((a) => linkTarget(a, PAGE));
    expect(targets).toEqual([null, null, null, null, null]);
  });

  it('skips targets longer than the index keeps, and keeps one exactly at the limit', () => {
    const base = 'https://a.example/';
    const fits = base + 'x'.repeat(LIMITS.url - base.length);
    page(`<a href="${fits}">fits</a><a href="${fits}y">too long</a>`);
    const targets = [...document.querySelectorAll('a')].map((a) => linkTarget(a, PAGE));
    expect(targets).toEqual([fits, null]);
  });
});

describe('indexLinks', () => {
  it('groups anchors by target and answers only the targets new to the index', () => {
    page(
      '<a href="https://a.example/x">1</a><a href="https://a.example/x#part">2</a><a href="https://b.example/">3</a>',
    );
    const index = createLinkIndex();
    const anchors = anchorsIn(document);
    expect(indexLinks(anchors, index, PAGE)).toEqual(['https://a.example/x', 'https://b.example/']);
    expect(index.targets.get('https://a.example/x')).toHaveLength(2);
    // Seen anchors are not counted twice; a new anchor to a known target is not a new target.
    const extra = document.createElement('a');
    extra.href = 'https://b.example/';
    document.body.append(extra);
    expect(indexLinks([...anchors, extra], index, PAGE)).toEqual([]);
    expect(index.targets.get('https://b.example/')).toHaveLength(2);
    expect(index.seen.get(extra)).toBe('https://b.example/');
  });

  it('respects the skip predicate', () => {
    page('<div contenteditable><a href="https://a.example/">e</a></div>');
    const index = createLinkIndex();
    indexLinks(anchorsIn(document), index, PAGE, (a) => a.closest('[contenteditable]') !== null);
    expect(index.targets.size).toBe(0);
  });

  it('finds the root itself when it is a link', () => {
    page('<a id="x" href="https://a.example/">a</a>');
    expect(anchorsIn(document.getElementById('x')!)).toHaveLength(1);
  });
});

describe('indexLinksSliced', () => {
  it('indexes 2,000 links in slices and stops when aborted', async () => {
    page(
      Array.from(
        { length: 2000 },
        (_, i) => `<a href="https://site${i % 500}.example/p">${i}</a>`,
      ).join(''),
    );
    const anchors = anchorsIn(document);
    const index = createLinkIndex();
    const fresh = await indexLinksSliced(
      window,
      anchors,
      index,
      PAGE,
      new AbortController().signal,
      1,
    );
    expect(fresh).toHaveLength(500);
    expect(index.targets.get('https://site7.example/p')).toHaveLength(4);

    const aborted = new AbortController();
    aborted.abort();
    const none = await indexLinksSliced(window, anchors, createLinkIndex(), PAGE, aborted.signal);
    expect(none).toEqual([]);
  });
});

describe('nearViewport', () => {
  /** Stand-in anchors with given boxes (nearViewport only reads them through `box`). */
  function laidOut(boxes: VerticalBox[]) {
    const anchors = boxes.map((_, i) => ({ i }) as unknown as HTMLAnchorElement);
    const boxOf = new Map(anchors.map((a, i) => [a, boxes[i]!]));
    let reads = 0;
    const box = (a: HTMLAnchorElement) => {
      reads++;
      return boxOf.get(a)!;
    };
    const indexOf = (found: HTMLAnchorElement[]) =>
      found.map((a) => (a as unknown as { i: number }).i);
    return { anchors, box, indexOf, reads: () => reads };
  }
  /** A list of links 20 px apart, the page scrolled by `scroll`. */
  const list = (n: number, scroll = 0) =>
    Array.from({ length: n }, (_, i) => ({ top: i * 20 - scroll, bottom: i * 20 + 16 - scroll }));

  it.each([
    ['an empty page', [], []],
    ['a page scrolled to its top', list(100), Array.from({ length: 23 }, (_, i) => i)],
    ['a page scrolled down', list(100, 1000), Array.from({ length: 31 }, (_, i) => i + 42)],
    ['links all above the viewport', list(10, 5000), []],
    ['links all below the viewport', list(10, -5000), []],
    [
      'hidden links (no box) in view',
      [
        { top: 0, bottom: 0 },
        { top: 10, bottom: 26 },
        { top: 0, bottom: 0 },
      ],
      [1],
    ],
  ])('finds the links in and near a 300 px viewport on %s', (_, boxes, expected) => {
    const page = laidOut(boxes);
    expect(page.indexOf(nearViewport(page.anchors, page.box, 300, { margin: 150 }))).toEqual(
      expected,
    );
  });

  it('stops at `max`, and reads few boxes on a long page', () => {
    const page = laidOut(list(10_000, 100_000));
    const found = page.indexOf(nearViewport(page.anchors, page.box, 800, { max: 10 }));
    expect(found).toEqual(Array.from({ length: 10 }, (_, i) => i + 4980));
    expect(page.reads()).toBeLessThan(40);
  });

  it('answers exactly the links in range when tops and bottoms never rise in document order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            gap: fc.integer({ min: 0, max: 400 }),
            height: fc.integer({ min: 1, max: 60 }),
          }),
          {
            maxLength: 300,
          },
        ),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 100, max: 1200 }),
        (links, scroll, height) => {
          let y = -scroll;
          let lowest = -Infinity;
          const boxes = links.map(({ gap, height: h }) => {
            y += gap;
            lowest = Math.max(lowest, y + h);
            return { top: y, bottom: lowest };
          });
          const page = laidOut(boxes);
          const margin = height / 2;
          const expected = boxes
            .map((b, i) => [b, i] as const)
            .filter(([b]) => b.bottom >= -margin && b.top <= height + margin)
            .map(([, i]) => i)
            .slice(0, 400);
          // Gaps can exceed the walk's slack only past the viewport's far edge.
          const found = page.indexOf(nearViewport(page.anchors, page.box, height, { slack: 1000 }));
          expect(found).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('firstLinks and collectInView', () => {
  /** A page of `n` links. */
  function linksPage(n: number): HTMLAnchorElement[] {
    page(Array.from({ length: n }, (_, i) => `<a href="https://a.example/${i}">${i}</a>`).join(''));
    return anchorsIn(document);
  }

  it('takes every link of a page with few, without reading a single position', () => {
    const anchors = linksPage(ALL_AT_ONCE);
    const read = vi.spyOn(Element.prototype, 'getBoundingClientRect');
    try {
      expect(firstLinks(anchors, 800)).toHaveLength(ALL_AT_ONCE);
      const first = collectInView(document, 800);
      expect(first.targets).toHaveLength(ALL_AT_ONCE);
      expect(read).not.toHaveBeenCalled();
    } finally {
      read.mockRestore();
    }
  });

  it('takes only the links near the viewport of a page with more', () => {
    const anchors = linksPage(ALL_AT_ONCE + 1);
    // Rows 20 px tall from the top: a 100 px viewport and half a screen around it hold 8.
    const boxes = new Map(anchors.map((a, i) => [a, { top: i * 20, bottom: i * 20 + 20 }]));
    const read = vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (
      this: Element,
    ) {
      const b = boxes.get(this as HTMLAnchorElement) ?? { top: 0, bottom: 0 };
      return { ...b, left: 0, right: 10, width: 10, height: 20, x: 0, y: b.top } as DOMRect;
    });
    try {
      expect(firstLinks(anchors, 100)).toEqual(anchors.slice(0, 8));
      const first = collectInView(document, 100);
      expect(first.targets).toEqual(Array.from({ length: 8 }, (_, i) => `https://a.example/${i}`));
      // Indexed: the rest of the page is scanned later without asking about these again.
      expect(first.index.seen.has(anchors[0]!)).toBe(true);
      expect(first.index.seen.has(anchors[8]!)).toBe(false);
    } finally {
      read.mockRestore();
    }
  });
});
