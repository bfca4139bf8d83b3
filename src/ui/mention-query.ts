/**
 * Finding the `@handle` being typed at the caret and completing it: pure string helpers behind
 * the status composer's mention autocomplete.
 */

/** The partial mention before the caret: where its `@` is and what follows it so far. */
export type MentionQuery = { start: number; query: string };

const HANDLE_CHAR = /[A-Za-z0-9_.-]/;

/**
 * The mention being typed when the caret is at `caret`: an `@` at the start of the text or
 * after white space or an opening bracket/quote, followed by up to 40 handle characters that
 * reach the caret. `null` when the caret is not inside such a word (an e-mail address, say).
 */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  let i = caret;
  while (i > 0 && HANDLE_CHAR.test(text[i - 1]!)) i--;
  if (i === 0 || text[i - 1] !== '@') return null;
  const at = i - 1;
  const before = at === 0 ? '' : text[at - 1]!;
  if (before !== '' && !/[\s([{<"'“‘«]/u.test(before)) return null;
  const query = text.slice(i, caret);
  if (query.length > 40) return null;
  return { start: at, query };
}

/**
 * Replaces the partial mention `query` (starting at its `@`, ending at `caret`) with
 * `@handle ` and answers the new text and where the caret goes.
 */
export function completeMention(
  text: string,
  query: MentionQuery,
  caret: number,
  handle: string,
): { text: string; caret: number } {
  const after = text.slice(caret);
  const insert = after.startsWith(' ') ? `@${handle}` : `@${handle} `;
  const next = text.slice(0, query.start) + insert + after;
  const nextCaret = query.start + insert.length + (after.startsWith(' ') ? 1 : 0);
  return { text: next, caret: nextCaret };
}
