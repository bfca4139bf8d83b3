/**
 * The bookmark file reader's bounds: linear time on adversarial shapes (a property over
 * generated inputs, timed as a ratio of medians, never an absolute time), one shared path per
 * folder, folder depth capped with the flattened folders counted, bookmarks past a cap counted
 * but not kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_FOLDER_DEPTH, parseNetscape, readNetscape } from '../../../src/core/netscape.ts';

/** Pieces that made the old hand-written tokenizer quadratic, or that stress a parser's stacks. */
const ADVERSARIAL = [
  '<style></style>', // raw-text tag: the old tokenizer lowercased the rest of the file each time
  '<script>', // unclosed raw text
  '<textarea></textarea>',
  '<title>',
  '<h3>a<dl>', // deep folders
  '<dl>',
  '</dl>',
  '</x>', // close tags that match nothing
  '<a href=h>', // unclosed anchors
  '<DT><A HREF="https://e.example/">t',
  '<b>', // unclosed ordinary tags
  '<a href="', // unterminated attribute
  `<a href="${'h'.repeat(2000)}" x="${'y'.repeat(2000)}">`, // huge attributes
  '&amp;&eacute;&#x1F600;&#150;&bogus;&', // many entities
  '&ampampampampampampamp', // entity-like runs
  '<!--',
  '<!-- c -->',
  '<',
  'text ',
];

/** `unit` repeated to `size` characters. */
const fill = (unit: string, size: number) =>
  unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** CPU time (user + system) of this process in ms: unlike the clock, it stops while other
 * processes have the CPU, which on a shared machine is most of the noise. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Median CPU time of `readNetscape` on `small` and on `large`, measured alternately. Each
 * sample is the best of three back-to-back runs, and the median of the samples ignores a GC
 * pause.
 */
function medianTimes(small: string, large: string, samples = 5): { small: number; large: number } {
  const times = { small: [] as number[], large: [] as number[] };
  for (let i = 0; i < samples; i++) {
    for (const [key, input] of [
      ['small', small],
      ['large', large],
    ] as const) {
      let best = Number.POSITIVE_INFINITY;
      for (let j = 0; j < 3; j++) {
        const start = cpuMs();
        readNetscape(input);
        best = Math.min(best, cpuMs() - start);
      }
      times[key].push(best);
    }
  }
  return { small: median(times.small), large: median(times.large) };
}

/** 4n is the largest file the server takes (256 KiB). */
const N = 64 * 1024;
/**
 * A linear parser gives about 4 (n log n about 4.5); a quadratic one 16 (the old parser: 63).
 * 10 leaves room for a loaded CI machine's garbage collector (unclosed anchors measured up to 7.6).
 */
const BOUND = 10;

/**
 * The ratio of median CPU times of 4n to n for `unit` repeated. The GC moves with heap size and
 * caches are shared, and both only ever make one measurement slower: so up to three
 * measurements are taken and the smallest ratio stands for the parser (a quadratic parser
 * never measures under 16).
 */
function linearRatio(unit: string): { small: number; large: number; ratio: number } {
  const small = fill(unit, N);
  const large = fill(unit, 4 * N);
  readNetscape(small); // warm up the JIT
  let best = { small: 0, large: 0, ratio: Number.POSITIVE_INFINITY };
  for (let attempt = 0; attempt < 3 && best.ratio >= BOUND; attempt++) {
    const t = medianTimes(small, large);
    const ratio = t.large / Math.max(t.small, 0.05);
    if (ratio < best.ratio) best = { ...t, ratio };
  }
  return best;
}

describe('readNetscape time is linear in the file', () => {
  it.each(ADVERSARIAL.map((unit) => [unit.slice(0, 40), unit]))(
    `%s repeated: 4n takes well under ${BOUND}× the time of n`,
    (_label, unit) => {
      const t = linearRatio(unit);
      console.log(
        `parse ${JSON.stringify(unit.slice(0, 24))}: n=${N} ${t.small.toFixed(2)} ms, 4n ${t.large.toFixed(2)} ms, ratio ${t.ratio.toFixed(2)}`,
      );
      expect(t.ratio).toBeLessThan(BOUND);
    },
    60_000,
  );

  it('holds for random mixtures of the adversarial pieces', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ADVERSARIAL), { minLength: 1, maxLength: 6 }),
        (pieces) => {
          expect(linearRatio(pieces.join('')).ratio).toBeLessThan(BOUND);
        },
      ),
      { numRuns: 12 },
    );
  }, 180_000);
});

describe('folders', () => {
  it('gives every bookmark of a folder the same path object', () => {
    const got = parseNetscape(
      '<DL><DT><H3>A</H3><DL><DT><A HREF="https://1.example/">1</A><DT><A HREF="https://2.example/">2</A></DL></DL>',
    );
    expect(got.map((b) => b.folders)).toEqual([['A'], ['A']]);
    expect(got[0]!.folders).toBe(got[1]!.folders);
  });

  it(`keeps ${MAX_FOLDER_DEPTH} levels, flattens deeper folders into the last one and counts them`, () => {
    const depth = MAX_FOLDER_DEPTH + 36;
    let html = '';
    for (let i = 1; i <= depth; i++)
      html += `<DT><H3>f${i}</H3><DL><DT><A HREF="https://${i}.example/">b${i}</A>`;
    html += '</DL>'.repeat(depth);
    html += '<DT><A HREF="https://after.example/">after</A>';
    const file = readNetscape(`<DL>${html}</DL>`);
    expect(file.flattenedFolders).toBe(36);
    expect(file.count).toBe(depth + 1);
    const levels = file.bookmarks.map((b) => b.folders.length);
    expect(levels.slice(0, MAX_FOLDER_DEPTH)).toEqual(
      Array.from({ length: MAX_FOLDER_DEPTH }, (_, i) => i + 1),
    );
    expect(new Set(levels.slice(MAX_FOLDER_DEPTH, depth))).toEqual(new Set([MAX_FOLDER_DEPTH]));
    const deepest = file.bookmarks[depth - 1]!.folders;
    expect(deepest.at(-1)).toBe(`f${MAX_FOLDER_DEPTH}`);
    expect(file.bookmarks[depth]!.folders).toEqual([]); // closing every </DL> comes back to the root
  });

  it('bounds the memory of the issue’s deep-folder file: paths never exceed the cap', () => {
    const html = '<h3>a<dl>'.repeat(14_563) + '<a href=h>'.repeat(13_107);
    const file = readNetscape(html);
    expect(file.count).toBe(13_107);
    expect(file.flattenedFolders).toBe(14_563 - MAX_FOLDER_DEPTH);
    const paths = new Set(file.bookmarks.map((b) => b.folders));
    expect(paths.size).toBe(1);
    expect(file.bookmarks[0]!.folders).toHaveLength(MAX_FOLDER_DEPTH);
  });
});

describe('maxBookmarks', () => {
  it('keeps the first ones and counts them all', () => {
    const html = Array.from(
      { length: 25 },
      (_, i) => `<DT><A HREF="https://${i}.example/">${i}</A>`,
    ).join('');
    const file = readNetscape(html, { maxBookmarks: 10 });
    expect(file.count).toBe(25);
    expect(file.bookmarks.map((b) => b.title)).toEqual(
      Array.from({ length: 10 }, (_, i) => `${i}`),
    );
  });

  it('reads the same in slices of any size as at once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), (size) => {
        const html =
          '<DL><DT><H3>F &amp; G</H3><DL><DT><A HREF="https://a.example/?x=1&amp;y=2" TAGS="p&#44;q,r">T&eacute;</A><DD>d</DL></DL>';
        expect(readNetscapeInSlices(html, size)).toEqual(readNetscape(html));
      }),
    );
  });
});

import { NetscapeReader } from '../../../src/core/netscape.ts';

function readNetscapeInSlices(html: string, size: number) {
  const reader = new NetscapeReader(html);
  while (!reader.done) reader.read(size);
  return reader.end();
}
