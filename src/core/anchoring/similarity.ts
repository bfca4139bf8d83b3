/**
 * How well a candidate place in the text agrees with a stored quote selector: similarity of the
 * quote, of its prefix and suffix context, and closeness to the stored position, combined into
 * one score in [0, 1].
 */

/** Characters of context a selector carries each side (`describeQuote`). */
export const CONTEXT_LENGTH = 32;

/** Weights of the score's parts (quote, prefix, suffix, position); they sum to 1. */
export const WEIGHTS = { quote: 0.5, prefix: 0.2, suffix: 0.2, position: 0.1 } as const;

/** Distance from the stored position at which the position part of the score halves. */
export const POSITION_HALF_LIFE = 1024;

/** Levenshtein distance, two rows; meant for context strings (32 characters). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Uint16Array(b.length + 1);
  let next = new Uint16Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    next[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      next[j] = Math.min(prev[j]! + 1, next[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, next] = [next, prev];
  }
  return prev[b.length]!;
}

/** 1 for equal strings, falling to 0 as the edit distance reaches the longer length. */
export function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - editDistance(a, b) / longest;
}

/** What is known about a quote when scoring places for it. */
export type ScoringQuote = {
  exact: string;
  prefix: string;
  suffix: string;
  /** The stored start offset, if any. */
  hint: number | undefined;
};

/**
 * Context shorter than CONTEXT_LENGTH says the text ended there; a place with more text beyond
 * loses a little (a tie-breaker between verbatim duplicates, not a reason to orphan a quote
 * whose page grew a header).
 */
function cutShort(context: string): number {
  return context.length < CONTEXT_LENGTH ? 0.05 : 0;
}

/** Six decimals: enough to rank, and a perfect match scores exactly 1. */
function round(score: number): number {
  return Math.round(score * 1e6) / 1e6;
}

/** Score of the place `[start, end)` matching the quote with `errors` edits, in [0, 1]. */
export function scorePlace(
  text: string,
  quote: ScoringQuote,
  start: number,
  end: number,
  errors: number,
): number {
  const quoteSim = 1 - errors / Math.max(1, quote.exact.length);
  const before = text.slice(Math.max(0, start - quote.prefix.length), start);
  const after = text.slice(end, end + quote.suffix.length);
  const prefixSim =
    similarity(quote.prefix, before) - (start > before.length ? cutShort(quote.prefix) : 0);
  const suffixSim =
    similarity(quote.suffix, after) -
    (text.length > end + after.length ? cutShort(quote.suffix) : 0);
  const textual =
    WEIGHTS.quote * quoteSim + WEIGHTS.prefix * prefixSim + WEIGHTS.suffix * suffixSim;
  // Without a stored position the other parts are scaled up to fill the whole range.
  if (quote.hint === undefined) return round(textual / (1 - WEIGHTS.position));
  const positionSim = 1 / (1 + Math.abs(start - quote.hint) / POSITION_HALF_LIFE);
  return round(textual + WEIGHTS.position * positionSim);
}
