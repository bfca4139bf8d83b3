/**
 * Text-quote anchoring: a snippet is stored as a W3C Web Annotation TextQuoteSelector (exact
 * text with 32 characters of context each side) plus a TextPositionSelector (offsets), and found
 * again in the page's text even after the page changed. Strings in, offsets out; mapping
 * offsets to DOM ranges is the content script's business.
 *
 * Anchoring a quote, cheapest first:
 * 1. the stored position, if the text there is still `exact`;
 * 2. every verbatim occurrence of `exact`, plus the best approximate match near the stored
 *    position (so an edited copy where the snippet was can beat an untouched duplicate far
 *    away); if nothing is verbatim, a near match scoring `GOOD_ENOUGH_SCORE` is taken as is;
 * 3. otherwise, windows where exact pieces of the quote and its context cluster (one pass over
 *    the text for all quotes of a page, `anchoring/pieces.ts`), searched with Myers'
 *    bit-parallel approximate matcher (`approx-string-match`).
 * Candidates are ranked by `scorePlace` (quote, prefix, suffix and position similarity), after
 * the boundaries of each approximate match are moved to where its context agrees (`align`).
 *
 * When a quote is an orphan: an approximate match is accepted only with at most
 * `MAX_ERROR_RATE` of the quote's length in edits AND a score of at least `MIN_APPROX_SCORE`;
 * a verbatim match of a quote shorter than `MIN_EXACT_LENGTH` also needs that score (a short
 * phrase recurs by chance). Anything weaker returns `null` rather than a wrong place.
 */
import search from 'approx-string-match';
import { findWindows, type Window } from './anchoring/pieces.ts';
import {
  CONTEXT_LENGTH,
  type ScoringQuote,
  scorePlace,
  similarity,
  WEIGHTS,
} from './anchoring/similarity.ts';

export { CONTEXT_LENGTH };

/** A quote selector: W3C TextQuoteSelector and TextPositionSelector in one object. */
export type QuoteSelector = {
  exact: string;
  prefix: string;
  suffix: string;
  /** Offset of the quote's first character in the text it was taken from. */
  start: number;
  /** Offset just after the quote's last character. */
  end: number;
};

/** A selector to anchor: the position and context are optional (W3C selectors may lack them). */
export type AnchorInput = Pick<QuoteSelector, 'exact'> & Partial<Omit<QuoteSelector, 'exact'>>;

/** Where a quote was found, and how sure (1 = verbatim at the same place with its context). */
export type Anchor = { start: number; end: number; score: number };

/** Most edits accepted in an approximate match, as a fraction of the quote's length. */
export const MAX_ERROR_RATE = 0.25;
/** Lowest score accepted for an approximate match or a short verbatim one. */
export const MIN_APPROX_SCORE = 0.75;
/** Verbatim matches of quotes at least this long are accepted whatever their context. */
export const MIN_EXACT_LENGTH = 16;
/** A match near the stored position scoring this much ends the search early. */
const GOOD_ENOUGH_SCORE = 0.9;
/** Windows searched per quote after the one around the stored position. */
const MAX_WINDOWS = 4;
/** Farthest a boundary of an approximate match is moved to line its context up (`align`). */
const MAX_BOUNDARY_SHIFT = 8;

/** The selector for `text.slice(start, end)`, with `CONTEXT_LENGTH` characters each side. */
export function describeQuote(text: string, start: number, end: number): QuoteSelector {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  return {
    exact: text.slice(s, e),
    prefix: text.slice(Math.max(0, s - CONTEXT_LENGTH), s),
    suffix: text.slice(e, e + CONTEXT_LENGTH),
    start: s,
    end: e,
  };
}

type Candidate = Anchor & { errors: number };

function toScoring(selector: AnchorInput): ScoringQuote {
  return {
    exact: selector.exact,
    prefix: selector.prefix ?? '',
    suffix: selector.suffix ?? '',
    hint: selector.start,
  };
}

function maxErrors(quote: ScoringQuote): number {
  return Math.floor(quote.exact.length * MAX_ERROR_RATE);
}

/** Best approximate matches of the quote inside `window`, scored, boundaries aligned. */
function matchInWindow(text: string, quote: ScoringQuote, window: Window): Candidate[] {
  const slice = text.slice(window.start, window.end);
  return search(slice, quote.exact, maxErrors(quote)).map((m) => {
    const start = window.start + m.start;
    const end = window.start + m.end;
    const score = scorePlace(text, quote, start, end, m.errors);
    return align(text, quote, { start, end, errors: m.errors, score });
  });
}

type Shift = { by: number; value: number };

/** Moves of a boundary at `at` by up to `budget` that keep it in `[min, max]`, each valued. */
function shifts(
  at: number,
  budget: number,
  min: number,
  max: number,
  value: (at: number) => number,
): Shift[] {
  const out: Shift[] = [];
  for (let by = -budget; by <= budget; by++) {
    if (at + by >= min && at + by <= max) out.push({ by, value: value(at + by) });
  }
  return out;
}

/**
 * Moves the boundaries of an approximate match to where its context agrees best. Myers' matcher
 * reports the spans with the fewest edits, but an edit at the quote's edge leaves the boundary
 * ambiguous: a quote ending "…vellodisk" before the suffix "a", edited to "…vellodicfn", matches
 * with one edit fewer by a span that stops before the "n", and then "n" is compared with the
 * stored suffix. With 32 characters of context that costs little; a quote at the end (or start)
 * of a text has only a few, which misaligned count as no context at all and orphaned quotes
 * with a tenth of their characters edited. Each boundary may move up to `MAX_BOUNDARY_SHIFT`
 * characters within the edit budget. A character moved into or out of a span changes its edit
 * distance by at most one, so the match's errors plus the distance moved bound the new span's
 * errors from above; the moved span is scored and accepted with that bound, never better than
 * it is. A boundary moves only when the stored context, compared as text, agrees with the text
 * there by more than the added edits cost: neither the tie-breakers of `scorePlace` (position,
 * context cut short by the end of the text) nor an empty context can pull a boundary over text
 * that was added next to the quote.
 */
function align(text: string, quote: ScoringQuote, c: Candidate): Candidate {
  const budget = Math.min(MAX_BOUNDARY_SHIFT, maxErrors(quote) - c.errors);
  if (c.errors === 0 || budget <= 0) return c;
  const { prefix, suffix } = quote;
  const before = (s: number) =>
    WEIGHTS.prefix * similarity(prefix, text.slice(Math.max(0, s - prefix.length), s));
  const after = (e: number) =>
    WEIGHTS.suffix * similarity(suffix, text.slice(e, e + suffix.length));
  // Context that agrees where the match is cannot agree better anywhere else.
  if (before(c.start) === WEIGHTS.prefix && after(c.end) === WEIGHTS.suffix) return c;
  const starts = shifts(c.start, budget, 0, c.end - 1, before);
  const ends = shifts(c.end, budget, c.start + 1, text.length, after);
  const perEdit = WEIGHTS.quote / quote.exact.length;
  let top = { start: c.start, end: c.end, moved: 0, value: Number.NEGATIVE_INFINITY };
  for (const s of starts) {
    for (const e of ends) {
      const moved = Math.abs(s.by) + Math.abs(e.by);
      if (moved > budget || c.start + s.by >= c.end + e.by) continue;
      const value = s.value + e.value - perEdit * moved;
      // Ties (within rounding) go to the smaller move, so an unambiguous match stays put.
      const better = value > top.value + 1e-9 || (value >= top.value - 1e-9 && moved < top.moved);
      if (better) top = { start: c.start + s.by, end: c.end + e.by, moved, value };
    }
  }
  if (top.moved === 0) return c;
  const errors = c.errors + top.moved;
  return {
    start: top.start,
    end: top.end,
    errors,
    score: scorePlace(text, quote, top.start, top.end, errors),
  };
}

/** The window around the stored position, wide enough for edits and a moderate shift. */
function hintWindow(text: string, quote: ScoringQuote): Window | null {
  if (quote.hint === undefined) return null;
  const slack = maxErrors(quote) + 2 * CONTEXT_LENGTH + 256;
  const start = Math.max(0, Math.min(quote.hint, text.length) - slack);
  const end = Math.min(text.length, quote.hint + quote.exact.length + slack);
  return { start, end, votes: 0 };
}

function best(candidates: Candidate[]): Candidate | undefined {
  let top: Candidate | undefined;
  for (const c of candidates) if (!top || c.score > top.score) top = c;
  return top;
}

function acceptable(quote: ScoringQuote, c: Candidate | undefined): Anchor | null {
  if (!c) return null;
  const verbatim = c.errors === 0 && c.end - c.start === quote.exact.length;
  if (verbatim && quote.exact.length >= MIN_EXACT_LENGTH) return strip(c);
  return c.errors <= maxErrors(quote) && c.score >= MIN_APPROX_SCORE ? strip(c) : null;
}

function strip({ start, end, score }: Candidate): Anchor {
  return { start, end, score };
}

/** Either a final answer, or the candidates found so far for a quote still to be searched. */
type Progress = { done: Anchor | null } | { candidates: Candidate[] };

/**
 * Steps 1 and 2: the stored position, verbatim occurrences and the window around the stored
 * position. Decides when the best of these scores `GOOD_ENOUGH_SCORE`; a verbatim match in a
 * different context is kept as a candidate while windows elsewhere are searched.
 */
function nearOrVerbatim(text: string, quote: ScoringQuote): Progress {
  const { exact, hint } = quote;
  if (hint !== undefined && text.startsWith(exact, hint)) {
    const end = hint + exact.length;
    return { done: { start: hint, end, score: scorePlace(text, quote, hint, end, 0) } };
  }
  const candidates: Candidate[] = [];
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
    const end = at + exact.length;
    candidates.push({ start: at, end, errors: 0, score: scorePlace(text, quote, at, end, 0) });
  }
  const window = hintWindow(text, quote);
  if (window) candidates.push(...matchInWindow(text, quote, window));
  const top = best(candidates);
  if (top && top.score >= GOOD_ENOUGH_SCORE) return { done: acceptable(quote, top) };
  return { candidates };
}

/**
 * Anchors a page's worth of quotes in `text` at once; the result is aligned with `selectors`,
 * `null` for an orphan. Quotes that are not settled verbatim or near their stored position
 * share one pass over the text that finds the windows to search.
 */
export function anchorAll(text: string, selectors: readonly AnchorInput[]): Array<Anchor | null> {
  const results: Array<Anchor | null> = selectors.map(() => null);
  const pending: Array<{ index: number; quote: ScoringQuote; candidates: Candidate[] }> = [];
  selectors.map(toScoring).forEach((quote, index) => {
    if (quote.exact.length === 0) return;
    const progress = nearOrVerbatim(text, quote);
    if ('done' in progress) results[index] = progress.done;
    else pending.push({ index, quote, candidates: progress.candidates });
  });
  if (pending.length === 0) return results;

  const windows = findWindows(
    text,
    pending.map((p) => p.quote),
    pending.map((p) => maxErrors(p.quote) + CONTEXT_LENGTH),
    MAX_WINDOWS,
  );
  pending.forEach(({ index, quote, candidates }, k) => {
    for (const w of windows[k]!) candidates.push(...matchInWindow(text, quote, w));
    results[index] = acceptable(quote, best(candidates));
  });
  return results;
}

/**
 * Finds one quote in `text`: `{ start, end, score }` with `score` in [0, 1], or `null` when
 * the quote is gone (see the module header for the thresholds).
 */
export function anchorQuote(text: string, selector: AnchorInput): Anchor | null {
  return anchorAll(text, [selector])[0] ?? null;
}
