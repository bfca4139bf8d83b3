/**
 * Seeded, realistic-looking text for anchoring tests and the anchoring benchmark: sentences of
 * words from a vocabulary, paragraphs, and boilerplate paragraphs repeated verbatim (so exact
 * duplicates exist and disambiguation matters), plus random edits of a span.
 */

import { prng } from '../../../scripts/lib/prng.ts';

export { prng };

/** An integer in [min, max]. */
export function int(rng: () => number, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

const COMMON = (
  'the of and to in is that it for was on are as with his they at be this from have or by ' +
  'one had not but what all were when we there can an your which their said if do will each ' +
  'about how up out them then she many some so these would other into has more her two like ' +
  'him see time could no make than first been its who now people my made over did down only ' +
  'way find use may water long little very after words called just where most know get through ' +
  'back much before go good new write our used me man too any day same right look think also ' +
  'around another came come work three word must because does part even place well such here ' +
  'take why things help put years different away again off went old number great tell men say ' +
  'small every found still between name should home big give air line set own under read last ' +
  'never us left end along while might next sound below saw something thought both few those'
).split(' ');

const DOMAIN = (
  'project team meeting budget release customer feature roadmap review design deadline ' +
  'quarter report analysis platform service migration database network security policy ' +
  'document proposal workshop onboarding colleague manager engineer product market strategy ' +
  'decision question answer update status launch pipeline incident outage recovery backlog ' +
  'priority estimate risk metric dashboard survey feedback training process workflow'
).split(' ');

const SYLLABLES = 'ka lo mi ne ra su ti ve do pa re sho lin tor mar gen vel quin bar dis'.split(
  ' ',
);

/** A vocabulary of `size` words: common English, domain words, and made-up names. */
export function vocabulary(rng: () => number, size = 2000): string[] {
  const words = [...COMMON, ...DOMAIN];
  while (words.length < size) {
    let w = '';
    for (let i = int(rng, 2, 4); i > 0; i--) w += SYLLABLES[int(rng, 0, SYLLABLES.length - 1)];
    words.push(w);
  }
  return words;
}

/** One sentence: 5–20 words, frequent words more likely (Zipf-like), capitalised, punctuated. */
export function sentence(rng: () => number, words: readonly string[]): string {
  const parts: string[] = [];
  for (let i = int(rng, 5, 20); i > 0; i--) {
    parts.push(words[Math.floor(rng() ** 2.5 * words.length)]!);
    if (i > 2 && rng() < 0.08) parts[parts.length - 1] += ',';
  }
  const s = parts.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}${rng() < 0.1 ? '?' : '.'}`;
}

function paragraph(rng: () => number, words: readonly string[]): string {
  return Array.from({ length: int(rng, 3, 7) }, () => sentence(rng, words)).join(' ');
}

/**
 * Exactly `length` characters of paragraphs separated by blank lines. Every 6th paragraph on
 * average is one of `boilerplate` fixed paragraphs (navigation, notices), repeated verbatim.
 */
export function generateText(seed: number, length: number): string {
  const rng = prng(seed);
  const words = vocabulary(rng);
  const boilerplate = Array.from({ length: 5 }, () => paragraph(rng, words));
  const paragraphs: string[] = [];
  let total = 0;
  while (total < length) {
    const p = rng() < 1 / 6 ? boilerplate[int(rng, 0, 4)]! : paragraph(rng, words);
    total += p.length + (paragraphs.length > 0 ? 2 : 0);
    paragraphs.push(p);
  }
  return paragraphs.join('\n\n').slice(0, length);
}

/** A text edited inside `[start, end)`, and where that span is now. */
export type Edited = { text: string; start: number; end: number };

/**
 * Applies `count` random single-character edits (substitute, insert, delete) inside
 * `[start, end)` of `text`, never emptying the span. Inserted characters are letters.
 */
export function editSpan(
  rng: () => number,
  text: string,
  start: number,
  end: number,
  count: number,
): Edited {
  let span = text.slice(start, end);
  for (let i = 0; i < count; i++) {
    const at = int(rng, 0, Math.max(0, span.length - 1));
    const letter = String.fromCharCode(97 + int(rng, 0, 25));
    const kind = span.length <= 1 ? 1 : int(rng, 0, 2);
    if (kind === 0) span = `${span.slice(0, at)}${letter}${span.slice(at + 1)}`;
    else if (kind === 1) span = `${span.slice(0, at)}${letter}${span.slice(at)}`;
    else span = `${span.slice(0, at)}${span.slice(at + 1)}`;
  }
  return {
    text: `${text.slice(0, start)}${span}${text.slice(end)}`,
    start,
    end: start + span.length,
  };
}
