/** The pure geometry of highlight boxes: tables for the cases, fast-check for the laws. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bounds,
  clip,
  contains,
  intersect,
  isDarkBackground,
  isEmpty,
  joins,
  layoutBoxes,
  mergeRects,
  paddingBox,
  type Rect,
  translate,
} from '../../../src/core/highlight-geometry.ts';

const r = (left: number, top: number, width: number, height: number): Rect => ({
  left,
  top,
  right: left + width,
  bottom: top + height,
});

/** Rects on a small integer grid, empty ones included (a collapsed text node has a 0-width rect). */
const arbRect = fc
  .record({
    left: fc.integer({ min: -50, max: 200 }),
    top: fc.integer({ min: -50, max: 200 }),
    width: fc.integer({ min: 0, max: 120 }),
    height: fc.integer({ min: 0, max: 40 }),
  })
  .map(({ left, top, width, height }) => r(left, top, width, height));
const arbRects = fc.array(arbRect, { maxLength: 12 });

const key = (x: Rect) => `${x.left},${x.top},${x.right},${x.bottom}`;
const sorted = (xs: Rect[]) => xs.map(key).sort();

describe('intersect and clip', () => {
  it.each([
    ['overlapping', r(0, 0, 10, 10), r(5, 5, 10, 10), r(5, 5, 5, 5)],
    ['one inside the other', r(0, 0, 100, 100), r(10, 10, 5, 5), r(10, 10, 5, 5)],
    ['touching edges share no area', r(0, 0, 10, 10), r(10, 0, 10, 10), null],
    ['apart', r(0, 0, 10, 10), r(50, 50, 1, 1), null],
  ])('%s', (_name, a, b, expected) => {
    expect(intersect(a, b)).toEqual(expected);
    expect(intersect(b, a)).toEqual(expected);
  });

  it('clips to every container, and to nothing when there are none', () => {
    expect(clip(r(0, 0, 100, 20), [])).toEqual(r(0, 0, 100, 20));
    expect(clip(r(0, 0, 100, 20), [r(10, -5, 50, 100), r(-5, 5, 40, 100)])).toEqual(
      r(10, 5, 25, 15),
    );
    expect(clip(r(0, 0, 100, 20), [r(10, 0, 10, 10), r(50, 0, 10, 10)])).toBeNull();
    expect(clip(r(5, 5, 0, 10), [])).toBeNull();
  });

  it('answers a rect inside every clip and inside the original, whatever the clips’ order', () => {
    fc.assert(
      fc.property(arbRect, arbRects, (a, clips) => {
        const out = clip(a, clips);
        const reversed = clip(a, [...clips].reverse());
        expect(out).toEqual(reversed);
        if (out === null) {
          // Nothing is left only when some point of `a` is outside a clip everywhere: the common
          // area of all of them (with `a`) is empty.
          let common: Rect | null = isEmpty(a) ? null : a;
          for (const c of clips) common = common && intersect(common, c);
          expect(common).toBeNull();
        } else {
          expect(isEmpty(out)).toBe(false);
          expect(contains(a, out)).toBe(true);
          for (const c of clips) expect(contains(c, out)).toBe(true);
        }
      }),
    );
  });
});

describe('mergeRects', () => {
  it.each<[string, Rect[], Rect[]]>([
    ['nothing', [], []],
    ['empty rects are dropped', [r(0, 0, 0, 10), r(0, 0, 10, 0)], []],
    ['one rect stays', [r(3, 4, 10, 16)], [r(3, 4, 10, 16)]],
    // Two text nodes of one line (plain text, then an <em>): one box.
    ['adjacent on a line', [r(0, 0, 50, 16), r(50, 0, 30, 16)], [r(0, 0, 80, 16)]],
    ['a 1 px seam', [r(0, 0, 50, 16), r(51, 0, 30, 16)], [r(0, 0, 81, 16)]],
    ['a bigger word, a little higher', [r(0, 2, 50, 16), r(50, 0, 30, 20)], [r(0, 0, 80, 20)]],
    [
      'a gap between words in two boxes',
      [r(0, 0, 50, 16), r(60, 0, 30, 16)],
      [r(0, 0, 50, 16), r(60, 0, 30, 16)],
    ],
    // Consecutive lines (a tight line-height makes them overlap a little): never one box.
    ['two lines', [r(100, 0, 300, 16), r(0, 14, 200, 16)], [r(100, 0, 300, 16), r(0, 14, 200, 16)]],
    ['a duplicate', [r(0, 0, 50, 16), r(0, 0, 50, 16)], [r(0, 0, 50, 16)]],
    ['one inside another', [r(0, 0, 50, 16), r(10, 2, 5, 10)], [r(0, 0, 50, 16)]],
    [
      'sorted top to bottom, left to right',
      [r(0, 40, 10, 10), r(30, 0, 10, 10), r(0, 0, 10, 10)],
      [r(0, 0, 10, 10), r(30, 0, 10, 10), r(0, 40, 10, 10)],
    ],
  ])('%s', (_name, input, expected) => {
    expect(mergeRects(input)).toEqual(expected);
  });

  it('covers every non-empty rect with a box', () => {
    fc.assert(
      fc.property(arbRects, (rects) => {
        const boxes = mergeRects(rects);
        for (const x of rects) {
          if (!isEmpty(x)) expect(boxes.some((b) => contains(b, x))).toBe(true);
        }
      }),
    );
  });

  it('draws each box exactly around the rects it holds, never more boxes than rects', () => {
    fc.assert(
      fc.property(arbRects, (rects) => {
        const boxes = mergeRects(rects);
        const nonEmpty = rects.filter((x) => !isEmpty(x));
        expect(boxes.length).toBeLessThanOrEqual(nonEmpty.length);
        for (const b of boxes) {
          const inside = nonEmpty.filter((x) => contains(b, x));
          expect(inside.length).toBeGreaterThan(0);
          expect(bounds(inside)).toEqual(b);
        }
      }),
    );
  });

  it('keeps apart rects that do not join, and depends not on their order', () => {
    fc.assert(
      fc.property(arbRects, fc.integer(), (rects, seed) => {
        const boxes = mergeRects(rects);
        const nonEmpty = rects.filter((x) => !isEmpty(x));
        const boxOf = (x: Rect) => boxes.findIndex((b) => contains(b, x));
        for (const a of nonEmpty) {
          for (const b of nonEmpty) {
            // Joined rects share a box (their boxes may contain others too).
            if (joins(a, b)) expect(contains(boxes[boxOf(a)]!, b)).toBe(true);
          }
        }
        const shuffled = [...rects].sort(
          (x, y) => ((key(x).length * 31 + seed) % 7) - ((key(y).length * 31 + seed) % 7),
        );
        expect(sorted(mergeRects(shuffled))).toEqual(sorted(boxes));
      }),
    );
  });

  it('never joins two lines of text, however tight the line height', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 40 }),
        fc.double({ min: 0.5, max: 1.5, noNaN: true }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 400 }),
        (height, lineHeight, first, second) => {
          const step = Math.max(height * lineHeight, height * 0.55);
          const line1 = r(400 - first, 0, first, height);
          const line2 = r(0, step, second, height);
          expect(mergeRects([line1, line2])).toHaveLength(2);
        },
      ),
    );
  });
});

describe('coordinates', () => {
  it('translate moves and keeps the size; moving back is the identity', () => {
    fc.assert(
      fc.property(arbRect, fc.integer(), fc.integer(), (a, dx, dy) => {
        const moved = translate(a, dx, dy);
        expect(moved.right - moved.left).toBe(a.right - a.left);
        expect(moved.bottom - moved.top).toBe(a.bottom - a.top);
        expect(translate(moved, -dx, -dy)).toEqual(a);
      }),
    );
  });

  it('a padding box leaves out the borders and the scroll bars', () => {
    // 200×100 border box at (10, 20), 2 px borders, a 15 px scroll bar on the right.
    expect(
      paddingBox(r(10, 20, 200, 100), { left: 2, top: 2, width: 200 - 4 - 15, height: 96 }),
    ).toEqual(r(12, 22, 181, 96));
  });

  it('places a text in a frame over the frame, clipped to the frame and into the layer', () => {
    // A frame whose viewport starts at (100, 300) in the top viewport, 400×200 in size; the
    // page scrolled by 50 px, so the layer (document coordinates) has its origin at (0, -50).
    const frameView = r(100, 300, 400, 200);
    const boxes = layoutBoxes(
      {
        rects: [r(10, 190, 80, 16), r(90, 190, 40, 16), r(10, 210, 60, 16)],
        offset: { x: 100, y: 300 },
        clips: [frameView],
      },
      { x: 0, y: -50 },
    );
    // One line merged and cut at the frame's bottom edge; the next line is out of view.
    expect(boxes).toEqual([r(110, 540, 120, 10)]);
  });

  it('layout boxes always lie inside every clip, in layer coordinates', () => {
    fc.assert(
      fc.property(
        arbRects,
        arbRects,
        fc.record({
          x: fc.integer({ min: -100, max: 100 }),
          y: fc.integer({ min: -100, max: 100 }),
        }),
        fc.record({
          x: fc.integer({ min: -100, max: 100 }),
          y: fc.integer({ min: -100, max: 100 }),
        }),
        (rects, clips, offset, origin) => {
          const boxes = layoutBoxes({ rects, offset, clips }, origin);
          for (const b of boxes) {
            const inTop = translate(b, origin.x, origin.y);
            for (const c of clips) expect(contains(c, inTop)).toBe(true);
            // …and inside one of the text's merged boxes.
            const own = mergeRects(rects).map((m) => translate(m, offset.x, offset.y));
            expect(own.some((m) => contains(m, inTop))).toBe(true);
          }
          if (clips.length === 0) expect(boxes).toHaveLength(mergeRects(rects).length);
        },
      ),
    );
  });
});

describe('isDarkBackground', () => {
  it.each([
    ['rgb(255, 255, 255)', false],
    ['rgb(0, 0, 0)', true],
    ['rgb(30, 30, 34)', true],
    ['rgb(18, 18, 18)', true],
    ['rgb(240, 240, 240)', false],
    ['rgb(128, 128, 128)', false],
    ['rgba(0, 0, 0, 0)', false],
    ['rgba(0, 0, 0, 0.9)', true],
    ['rgb(0 0 0 / 80%)', true],
    ['transparent', false],
    ['', false],
  ])('%s → %s', (color, dark) => {
    expect(isDarkBackground(color)).toBe(dark);
  });
});
