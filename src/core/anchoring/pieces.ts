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
/** Bits of the hash used by the membership filter (a 512 KiB bit set). */
const FILTER_BITS = 22;
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
 * windows (at most `maxWindows`, most votes first) span the predicted starts of a cluster of
 * votes widened by `slack[i]` on each side, plus the quote's length.
 */
export function findWindows(
  text: string,
  quotes: readonly IndexedQuote[],
  slack: readonly number[],
  maxWindows: number,
): Window[][] {
  // piece text -> where it sits relative to the start of each quote that has it
  const sources = new Map<string, Source[]>();
  const add = (piece: string, source: Source) => {
    const list = sources.get(piece);
    if (list) list.push(source);
    else sources.set(piece, [source]);
  };
  quotes.forEach((q, quote) => {
    for (const i of pieceOffsets(q.exact.length)) {
      add(q.exact.slice(i, i + PIECE_LENGTH), { quote, offset: i });
    }
    for (const i of pieceOffsets(q.prefix.length)) {
      add(q.prefix.slice(i, i + PIECE_LENGTH), { quote, offset: i - q.prefix.length });
    }
    for (const i of pieceOffsets(q.suffix.length)) {
      add(q.suffix.slice(i, i + PIECE_LENGTH), { quote, offset: q.exact.length + i });
    }
  });

  const filter = new Uint32Array(1 << (FILTER_BITS - 5));
  const mask = (1 << FILTER_BITS) - 1;
  const byHash = new Map<number, string[]>();
  for (const piece of sources.keys()) {
    const h = hashPiece(piece, 0);
    const bit = h & mask;
    filter[bit >>> 5]! |= 1 << (bit & 31);
    const list = byHash.get(h);
    if (list) list.push(piece);
    else byHash.set(h, [piece]);
  }

  const occurrences = new Map<string, number[]>();
  if (text.length >= PIECE_LENGTH && sources.size > 0) {
    let h = hashPiece(text, 0);
    for (let pos = 0; ; pos++) {
      const bit = h & mask;
      if ((filter[bit >>> 5]! & (1 << (bit & 31))) !== 0) {
        for (const piece of byHash.get(h) ?? []) {
          if (!text.startsWith(piece, pos)) continue;
          const list = occurrences.get(piece);
          if (!list) occurrences.set(piece, [pos]);
          else if (list.length <= MAX_OCCURRENCES) list.push(pos);
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
  for (const [piece, positions] of occurrences) {
    if (positions.length > MAX_OCCURRENCES) continue;
    for (const { quote, offset } of sources.get(piece)!) {
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
  return found.sort((a, b) => b.votes - a.votes).slice(0, maxWindows);
}
