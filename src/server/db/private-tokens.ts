/**
 * Words of private items as SQLite's private search index stores them: each word carries the
 * audience token of the one person who may find it (`o` + hex of the handle, then `z`), so the
 * index lists one person's words apart from everyone else's. A search for a prefix (`hidd*`)
 * then expands only over the caller's own words: FTS5 merges every term under a prefix before
 * it can skip rows, and with plain words that merge would walk other people's private matches.
 *
 * Words are cut as FTS5's `unicode61` tokenizer cuts them (letters, digits and private-use
 * characters; the text NFC-composed first so accented letters stay inside their word), so the
 * tokenizer keeps each prefixed word whole and folds case and diacritics on it as usual. The
 * index side runs in SQLite as the function `outloud_private_words` (registered on every
 * connection in `open.ts`); the query side calls `privateWords` directly.
 */

const WORD = /[\p{L}\p{N}\p{Co}]+/gu;

/** The audience token naming `handle` as the one person who may find a row. */
export function ownerToken(handle: string): string {
  return `o${Buffer.from(handle, 'utf8').toString('hex').toUpperCase()}`;
}

/** `text`'s words, each prefixed with `audience` and `z`, space-separated. */
export function privateWords(audience: string, text: string): string {
  const words = text.normalize('NFC').match(WORD) ?? [];
  return words.map((w) => `${audience}z${w}`).join(' ');
}

/** The SQL function name the private index triggers call. */
export const PRIVATE_WORDS_FUNCTION = 'outloud_private_words';
