/**
 * `@handle` mentions in status updates, comments and snippets: the one grammar behind both what
 * the server records (`parseMentions`) and what the text boxes offer to complete while typing
 * (`mentionQueryAt`). A mention starts a word; an `@` inside an e-mail address, a URL or a
 * fediverse address (`@alice@example.org`) is not one.
 */
import { LIMITS } from './limits.ts';

/** One mention: the lowercased handle and the offsets of `@handle` in the text. */
export type Mention = {
  handle: string;
  /** Offset of the `@`. */
  start: number;
  /** Offset just after the handle (trailing `.`/`-` excluded). */
  end: number;
};

/** Longest handle, in characters. */
export const MAX_HANDLE_LENGTH = LIMITS.handle;

/** A well-formed handle (already lowercased), as a pattern string for JSON Schema and `RegExp`. */
export const HANDLE_PATTERN = `^[a-z0-9_.-]{1,${MAX_HANDLE_LENGTH}}$`;

/** Characters that may come just before the `@` of a mention (besides white space). */
const OPENERS = new Set([...'([{<"\'“‘«‹„,;:!?*']);

/** Runs of text that are URLs: `scheme://…`, `www.…`, `mailto:…`, up to white space. */
const URL_RE = /(?:\b[a-z][a-z0-9+.-]*:\/\/|\bwww\.|\bmailto:)[^\s<>"]*/gi;

/** The character after a handle must not continue a word or an address. */
const CONTINUES = /[\p{L}\p{N}@]/u;

function urlSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of text.matchAll(URL_RE)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

function isHandleChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 95 || // _
    code === 46 || // .
    code === 45 // -
  );
}

/**
 * Whether the `@` at `at` may begin a mention: it is at the start of the text, after white space
 * or after opening punctuation, and not inside a URL. Depends only on `text` up to `at` (a URL
 * that covers the `@` starts before it), so it holds the same while the handle is being typed.
 */
function mayOpenMention(text: string, at: number, spans: () => Array<[number, number]>): boolean {
  const before = at === 0 ? '' : text[at - 1]!;
  if (before !== '' && !/\s/u.test(before) && !OPENERS.has(before)) return false;
  return !spans().some(([s, e]) => at >= s && at < e);
}

/**
 * The mentions in `text`, in order. A mention is `@` at the start of the text, after white
 * space or after opening punctuation, followed by 1–40 handle characters `[A-Za-z0-9_.-]`
 * (lowercased in `handle`); trailing `.` and `-` are punctuation. Not a mention: an `@` after a
 * letter, digit or other address character (e-mail), inside a URL, followed by a longer run of
 * handle characters, or followed by a letter outside the set or another `@` (`@josé`,
 * `@alice@example.org`).
 */
export function parseMentions(text: string): Mention[] {
  const mentions: Mention[] = [];
  let found: Array<[number, number]> | undefined;
  const spans = () => (found ??= urlSpans(text));
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let runEnd = at + 1;
    while (runEnd < text.length && isHandleChar(text.charCodeAt(runEnd))) runEnd++;
    if (runEnd < text.length && CONTINUES.test(text[runEnd]!)) continue;
    let end = runEnd;
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    const length = end - at - 1;
    if (length < 1 || length > MAX_HANDLE_LENGTH) continue;
    if (!mayOpenMention(text, at, spans)) continue;
    mentions.push({ handle: text.slice(at + 1, end).toLowerCase(), start: at, end });
  }
  return mentions;
}

/** The partial mention before the caret: where its `@` is and the handle typed so far. */
export type MentionQuery = { start: number; query: string };

/**
 * The mention being typed when the caret is at `caret`, for autocomplete: an `@` that may begin
 * a mention (the same rule as `parseMentions`) followed by up to 40 handle characters reaching
 * the caret. What follows the caret does not count, since picking a person ends the handle with
 * a space. `null` when the caret is not in such a word (an e-mail address, a URL, a selection).
 */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  let i = caret;
  while (i > 0 && isHandleChar(text.charCodeAt(i - 1))) i--;
  if (i === 0 || text[i - 1] !== '@' || caret - i > MAX_HANDLE_LENGTH) return null;
  const at = i - 1;
  if (!mayOpenMention(text, at, () => urlSpans(text.slice(0, caret)))) return null;
  return { start: at, query: text.slice(i, caret) };
}

/**
 * Replaces the partial mention `query` (from its `@` to `caret`) with `@handle` and a space
 * (reusing a space already after the caret), and answers the new text and where the caret goes.
 */
export function completeMention(
  text: string,
  query: MentionQuery,
  caret: number,
  handle: string,
): { text: string; caret: number } {
  const after = text.slice(caret);
  const spaced = after.startsWith(' ');
  const insert = spaced ? `@${handle}` : `@${handle} `;
  return {
    text: text.slice(0, query.start) + insert + after,
    caret: query.start + insert.length + (spaced ? 1 : 0),
  };
}
