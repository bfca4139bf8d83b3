/**
 * Turns what a person types into a search box into a full-text query that cannot fail: the
 * input is cut into words (letters, digits and marks, with inner `.`, `_`, `-` kept so
 * `example.com` stays one term), and every word is quoted, so FTS5 operators (`AND`, `NEAR`,
 * `*`, `^`, `:`, parentheses, quotes) and tsquery operators (`&`, `|`, `!`, `<->`) are only
 * ever searched for as text, never obeyed. Every term must match, the last one as a prefix.
 */

/** At most this many terms are searched; the rest are ignored. */
export const MAX_TERMS = 12;

const TERM = /[\p{L}\p{N}\p{M}]+(?:[._-][\p{L}\p{N}\p{M}]+)*/gu;

/** The search terms in `q`, lowercased, deduplicated, at most `MAX_TERMS`. */
export function searchTerms(q: string): string[] {
  const seen = new Set<string>();
  for (const match of q.normalize('NFC').matchAll(TERM)) {
    seen.add(match[0].toLowerCase());
    if (seen.size === MAX_TERMS) break;
  }
  return [...seen];
}

/**
 * An FTS5 MATCH expression: `"a" "b" "c"*` (implicit AND; the last term a prefix). Quotes are
 * doubled as FTS5 escapes them, although `searchTerms` never yields one.
 */
export function fts5Query(terms: readonly string[]): string {
  return terms
    .map((t, i) => `"${t.replace(/"/g, '""')}"${i === terms.length - 1 ? '*' : ''}`)
    .join(' ');
}

/**
 * A `to_tsquery('simple', …)` text: `'a' & 'b' & 'c':*`. Each term is a quoted lexeme (quotes
 * and backslashes escaped), so PostgreSQL parses it as words, never as operators.
 */
export function tsQuery(terms: readonly string[]): string {
  return terms
    .map(
      (t, i) =>
        `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${i === terms.length - 1 ? ':*' : ''}`,
    )
    .join(' & ');
}
