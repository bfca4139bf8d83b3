/**
 * Text people wrote (titles, tags, names, comments, descriptions, statuses, quotes) shown
 * isolated from the words around it, so bidirectional controls in it (`U+202E` RIGHT-TO-LEFT
 * OVERRIDE, embeddings, isolates) and right-to-left script reorder only that text, never the
 * sentence, list or line it sits in: `invoice \u202egnp.exe` cannot make "— Ann" or the next
 * name read backwards. In markup the `Bdi` component (`<bdi>`) isolates; in plain strings
 * (translated messages, `title` and `aria-label` attributes, lists of names) `isolate` wraps
 * the text in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, which also closes whatever the
 * text left open.
 */

/** FIRST STRONG ISOLATE: starts an isolate whose direction is its text's first strong letter. */
export const FSI = '\u2068';
/** POP DIRECTIONAL ISOLATE: ends it, and any embedding or override opened inside. */
export const PDI = '\u2069';

/** `text` as a directional isolate inside plain text. */
export function isolate(text: string): string {
  return `${FSI}${text}${PDI}`;
}

/**
 * Only digits, punctuation and spaces (a count formatted by `Intl`, a time): written by
 * Outloud, never a person's words, and left as they are so counts read and compare plainly.
 */
const NUMERIC = /^[\p{N}\p{P}\p{S}\p{Zs}]*$/u;

/** `value` isolated unless it is numeric (see `NUMERIC`): what `t()` does to substitutions. */
export function isolateValue(value: string): string {
  return NUMERIC.test(value) ? value : isolate(value);
}
