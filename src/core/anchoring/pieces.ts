/**
 * Candidate windows for quotes that are not in the text verbatim. Each quote is cut into short
 * exact pieces (of the quote and of its context); one pass over the text with a rolling hash
 * finds every occurrence of every piece of every quote at once; each occurrence votes for where
 * its quote would start, and dense clusters of votes become the windows an approximate matcher
 * searches. An edit breaks only the few pieces that overlap it, so an edited quote keeps most
 * of its votes.
 */

/** Piece length, in UTF-16 code units. */
export const PIECE_LENGTH = 8;
/** Distance between the starts of consecutive pieces. */
const PIECE_STRIDE = 4;
/** A piece found more often than this says nothing about where the quote is; it is ignored. */
const MAX_OCCURRENCES = 64;
/** Bits of the hash used to pick a bucket of the membership filter (1 MiB of counters). */
const FILTER_BITS = 20;
const BASE = 0x01000193;

/** A stretch of text to search, `[start, end)`, and how many piece votes it got. */
export type Window = { start: number; end: number; votes: number };

/** What the index needs of each quote. */
export type IndexedQuote = { exact: string; prefix: string; suffix: string };

function hashPiece(s: string, from: number): number {
  let h = 0;
  for (let i = 0; i < PIECE_LENGTH; i++) h = (Math.imul(h, BASE) + s.charCodeAt(from + i)) | 0;
  return h;
}

/** BASE^(PIECE_LENGTH-1), to remove the outgoing character from the rolling hash. */
const OUT_FACTOR = (() => {
  let f = 1;
  for (let i = 1; i < PIECE_LENGTH; i++) f = Math.imul(f, BASE);
  return f;
})();

/** Offsets of pieces in a string of `length`: every PIECE_STRIDE, plus one flush at the end. */
function pieceOffsets(length: number): number[] {
  if (length < PIECE_LENGTH) return [];
  const offsets: number[] = [];
  for (let i = 0; i + PIECE_LENGTH <= length; i += PIECE_STRIDE) offsets.push(i);
  if (offsets.at(-1) !== length - PIECE_LENGTH) offsets.push(length - PIECE_LENGTH);
  return offsets;
}

type Source = { quote: number; offset: number };

/**
 * Finds candidate windows for several quotes with one pass over `text`. For each quote, the
 * windows (at most `maxWindows`, most votes first, none with under a quarter of the best one's
 * votes) span the predicted starts of a cluster of
 * votes widened by `slack[i]` on each side, plus the quote's length.
 */
export function findWindows(
  text: string,
  quotes: readonly IndexedQuote[],
  slack: readonly number[],
  maxWindows: number,
): Window[][] {
  // Pieces are keyed by their 32-bit hash and never compared as strings: a false match needs a
  // full hash collision (about one per million positions for thousands of pieces) and costs one
  // stray vote, which a cluster of real votes outweighs.
  const sources = new Map<number, Source[]>();
  const add = (s: string, from: number, source: Source) => {
    const h = hashPiece(s, from);
    const list = sources.get(h);
    if (list) list.push(source);
    else sources.set(h, [source]);
  };
  quotes.forEach((q, quote) => {
    for (const i of pieceOffsets(q.exact.length)) add(q.exact, i, { quote, offset: i });
    for (const i of pieceOffsets(q.prefix.length)) {
      add(q.prefix, i, { quote, offset: i - q.prefix.length });
    }
    for (const i of pieceOffsets(q.suffix.length)) {
      add(q.suffix, i, { quote, offset: q.exact.length + i });
    }
  });

  // How many live pieces fall in each bucket: a piece found too often is taken out, so the
  // common ones ("the ", "tion") stop costing anything for the rest of the pass.
  const buckets = new Uint8Array(1 << FILTER_BITS);
  const mask = (1 << FILTER_BITS) - 1;
  for (const h of sources.keys()) buckets[h & mask]!++;
  const occurrences = new Map<number, number[]>();
  if (text.length >= PIECE_LENGTH && sources.size > 0) {
    let h = hashPiece(text, 0);
    for (let pos = 0; ; pos++) {
      if (buckets[h & mask] !== 0 && sources.has(h)) {
        const list = occurrences.get(h);
        if (!list) occurrences.set(h, [pos]);
        else if (list.length <= MAX_OCCURRENCES) {
          list.push(pos);
          if (list.length > MAX_OCCURRENCES) buckets[h & mask]!--; // retired from the filter
        }
      }
      const next = pos + PIECE_LENGTH;
      if (next >= text.length) break;
      h =
        (Math.imul(h - Math.imul(text.charCodeAt(pos), OUT_FACTOR), BASE) + text.charCodeAt(next)) |
        0;
    }
  }

  const votes: number[][] = quotes.map(() => []);
  for (const [h, positions] of occurrences) {
    if (positions.length > MAX_OCCURRENCES) continue;
    for (const { quote, offset } of sources.get(h)!) {
      for (const pos of positions) votes[quote]!.push(pos - offset);
    }
  }
  return votes.map((v, i) =>
    clusters(v, slack[i]!, quotes[i]!.exact.length, text.length, maxWindows),
  );
}

/** Groups predicted starts that lie within `slack` of each other into windows. */
function clusters(
  starts: number[],
  slack: number,
  length: number,
  textLength: number,
  maxWindows: number,
): Window[] {
  if (starts.length === 0) return [];
  starts.sort((a, b) => a - b);
  const gap = slack + PIECE_LENGTH;
  const found: Window[] = [];
  let first = starts[0]!;
  let last = first;
  let count = 1;
  const close = () =>
    found.push({
      start: Math.max(0, first - slack),
      end: Math.min(textLength, last + length + slack),
      votes: count,
    });
  for (let i = 1; i < starts.length; i++) {
    const s = starts[i]!;
    if (s - last <= gap) {
      last = s;
      count++;
    } else {
      close();
      first = s;
      last = s;
      count = 1;
    }
  }
  close();
  found.sort((a, b) => b.votes - a.votes);
  // Stray votes (a common phrase elsewhere) are not worth a search next to a strong cluster.
  const enough = found[0]!.votes / 4;
  return found.filter((w) => w.votes >= enough).slice(0, maxWindows);
}
