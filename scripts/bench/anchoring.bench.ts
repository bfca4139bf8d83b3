/**
 * `npm run bench -- anchoring`: time and accuracy of `anchorAll` on a generated ~1 MB text with
 * 100 quotes of 50–300 characters, unchanged and with every quote edited by 2–5 characters,
 * beside Hypothesis' building blocks run on the same input in the same process
 * (`approx-string-match` over the whole text with Hypothesis' error budget, scored like
 * Hypothesis' match-quote; `dom-anchor-text-quote`) and a plain `indexOf` as the floor.
 */
import { createRequire } from 'node:module';
import search from 'approx-string-match';
import { similarity } from '../../src/core/anchoring/similarity.ts';
import {
  type Anchor,
  type AnchorInput,
  anchorAll,
  describeQuote,
  type QuoteSelector,
} from '../../src/core/anchoring.ts';
import { editSpan, generateText, int, prng } from '../../tests/unit/core/corpus.ts';
import { type BenchRow, type BenchSuite, median } from './types.ts';

type Span = { start: number; end: number; edits: number };
type TextQuote = {
  toTextPosition(
    root: { textContent: string },
    selector: { exact: string; prefix?: string; suffix?: string },
    options?: { hint?: number },
  ): { start: number; end: number } | null;
};
// CommonJS without types. It reads only `root.textContent`, so a plain object stands in for the
// DOM node (cheaper than a real node, whose textContent is recomputed on every read).
const textQuote = createRequire(import.meta.url)('dom-anchor-text-quote') as TextQuote;

const TEXT_LENGTH = 1_000_000;
const QUOTES = 100;
const RUNS = 7;
const SLOW_RUNS = 3;
/** Text inserted at the top for the "moved" case, so stored positions are 20 000 off. */
const MOVED_BY = 20_000;

/** The fixture: text, quotes, and the same text with every quote edited. */
export function fixture() {
  const text = generateText(20240601, TEXT_LENGTH);
  const rng = prng(7);
  const spans: Array<[number, number]> = [];
  while (spans.length < QUOTES) {
    const length = int(rng, 50, 300);
    const start = int(rng, 0, text.length - length);
    if (spans.some(([s, e]) => start < e + 40 && s < start + length + 40)) continue;
    spans.push([start, start + length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const selectors = spans.map(([s, e]) => describeQuote(text, s, e));
  // Edit from the last quote back, so earlier offsets stay valid; then shift the later spans.
  let edited = text;
  const editedSpans: Span[] = new Array(QUOTES);
  for (let i = QUOTES - 1; i >= 0; i--) {
    const [s, e] = spans[i]!;
    const edits = int(rng, 2, 5);
    const r = editSpan(rng, edited, s, e, edits);
    edited = r.text;
    editedSpans[i] = { start: r.start, end: r.end, edits };
  }
  let shift = 0;
  for (let i = 0; i < QUOTES; i++) {
    const span = editedSpans[i]!;
    const grew = span.end - span.start - (spans[i]![1] - spans[i]![0]);
    editedSpans[i] = { start: span.start + shift, end: span.end + shift, edits: span.edits };
    shift += grew;
  }
  const unchangedSpans = spans.map(([start, end]) => ({ start, end, edits: 0 }));
  return { text, edited, selectors, unchangedSpans, editedSpans };
}

type Accuracy = { correct: number; misplaced: number; copies: number; orphaned: number };

/**
 * Correct: within as many characters of the expected span as the quote had edits. A misplaced
 * quote is also counted in `copies` when it landed on a verbatim copy of the original quote with
 * the same 32 characters of context each side (repeated boilerplate): no selector can tell
 * those apart once the stored position no longer points at the right one.
 */
function accuracy(
  text: string,
  selectors: readonly QuoteSelector[],
  found: ReadonlyArray<Anchor | null>,
  expected: readonly Span[],
): Accuracy {
  const a: Accuracy = { correct: 0, misplaced: 0, copies: 0, orphaned: 0 };
  found.forEach((f, i) => {
    const e = expected[i]!;
    const s = selectors[i]!;
    if (!f) a.orphaned++;
    else if (Math.abs(f.start - e.start) <= e.edits && Math.abs(f.end - e.end) <= e.edits) {
      a.correct++;
    } else {
      a.misplaced++;
      const there = describeQuote(text, f.start, f.end);
      if (there.exact === s.exact && there.prefix === s.prefix && there.suffix === s.suffix) {
        a.copies++;
      }
    }
  });
  return a;
}

const show = (a: Accuracy) =>
  `${a.correct} found / ${a.misplaced} misplaced${a.copies ? ` (${a.copies} on an identical copy)` : ''} / ${a.orphaned} orphaned`;

/** Hypothesis' pipeline: Myers over the whole text, budget min(256, len/2), match-quote scoring. */
function hypothesisMatch(text: string, s: QuoteSelector, hint: number | undefined): Anchor | null {
  const matches = search(text, s.exact, Math.min(256, Math.floor(s.exact.length / 2)));
  let best: Anchor | null = null;
  for (const m of matches) {
    const quote = 1 - m.errors / s.exact.length;
    const prefix = similarity(
      s.prefix,
      text.slice(Math.max(0, m.start - s.prefix.length), m.start),
    );
    const suffix = similarity(s.suffix, text.slice(m.end, m.end + s.suffix.length));
    const position = hint === undefined ? 1 : 1 - Math.abs(m.start - hint) / text.length;
    const score = (50 * quote + 20 * prefix + 20 * suffix + 2 * position) / 92;
    if (!best || score > best.score) best = { start: m.start, end: m.end, score };
  }
  return best;
}

/** CPU time (user + system) of this process, in milliseconds. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Runs every function once per round, in turn, for `rounds` rounds, and returns each one's
 * median CPU time and last result. The machine is shared (2 cores, often a load of 10), so
 * wall time mostly measures the scheduler; CPU time of this single-threaded work does not, and
 * interleaving lets a measurement and its baseline see the same cache and memory pressure.
 */
function interleaved<K extends string>(
  rounds: number,
  fns: Record<K, () => Array<Anchor | null>>,
): Record<K, { ms: number; result: Array<Anchor | null> }> {
  const keys = Object.keys(fns) as K[];
  const times = new Map<K, number[]>(keys.map((k) => [k, []]));
  const results = new Map<K, Array<Anchor | null>>();
  for (let r = 0; r < rounds; r++) {
    for (const k of keys) {
      const t = cpuMs();
      results.set(k, fns[k]());
      times.get(k)!.push(cpuMs() - t);
    }
  }
  return Object.fromEntries(
    keys.map((k) => [k, { ms: median(times.get(k)!), result: results.get(k)! }]),
  ) as Record<K, { ms: number; result: Array<Anchor | null> }>;
}

const perQuote = (ms: number) => ms / QUOTES;

const suite: BenchSuite = {
  name: 'anchoring',
  title: 'Text-quote anchoring: anchorAll vs indexOf and Hypothesis building blocks',
  async run(): Promise<BenchRow[]> {
    const { text, edited, selectors, unchangedSpans, editedSpans } = fixture();
    const bare: AnchorInput[] = selectors.map(({ exact, prefix, suffix }) => ({
      exact,
      prefix,
      suffix,
    }));
    const moved = `${generateText(1, MOVED_BY)}${edited}`;
    const movedSpans = editedSpans.map((s) => ({
      ...s,
      start: s.start + MOVED_BY,
      end: s.end + MOVED_BY,
    }));
    const rows: BenchRow[] = [];
    const acc = (input: string, found: Array<Anchor | null>, spans: readonly Span[]) =>
      show(accuracy(input, selectors, found, spans));

    const fast = interleaved(RUNS, {
      floor: () =>
        selectors.map((s): Anchor | null => {
          const at = text.indexOf(s.exact);
          return at === -1 ? null : { start: at, end: at + s.exact.length, score: 1 };
        }),
      withPositions: () => anchorAll(text, selectors),
      withoutPositions: () => anchorAll(text, bare),
    });
    const floor = { name: 'indexOf of each quote', value: perQuote(fast.floor.ms) };
    rows.push({
      name: 'unchanged text, stored positions',
      value: perQuote(fast.withPositions.ms),
      unit: 'ms CPU/quote',
      baseline: floor,
      note: `${acc(text, fast.withPositions.result, unchangedSpans)}; indexOf: ${acc(text, fast.floor.result, unchangedSpans)}`,
    });
    rows.push({
      name: 'unchanged text, no stored positions',
      value: perQuote(fast.withoutPositions.ms),
      unit: 'ms CPU/quote',
      baseline: floor,
      note: acc(text, fast.withoutPositions.result, unchangedSpans),
    });

    for (const [label, input, spans] of [
      ['edited 2–5 chars', edited, editedSpans],
      [`edited, moved ${MOVED_BY / 1000}k chars`, moved, movedSpans],
    ] as const) {
      const t = interleaved(SLOW_RUNS, {
        ours: () => anchorAll(input, selectors),
        asm: () => selectors.map((s) => hypothesisMatch(input, s, s.start)),
        dmp: () =>
          selectors.map((s): Anchor | null => {
            const p = textQuote.toTextPosition({ textContent: input }, s, { hint: s.start });
            return p && { ...p, score: 1 };
          }),
      });
      rows.push({
        name: `${label}: anchorAll`,
        value: perQuote(t.ours.ms),
        unit: 'ms CPU/quote',
        baseline: { name: 'approx-string-match, whole text', value: perQuote(t.asm.ms) },
        note: `${acc(input, t.ours.result, spans)}; baseline: ${acc(input, t.asm.result, spans)}`,
      });
      rows.push({
        name: `${label}: anchorAll`,
        value: perQuote(t.ours.ms),
        unit: 'ms CPU/quote',
        baseline: { name: 'dom-anchor-text-quote', value: perQuote(t.dmp.ms) },
        note: `baseline: ${acc(input, t.dmp.result, spans)}`,
      });
    }
    return rows;
  },
};

export default suite;
