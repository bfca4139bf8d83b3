/**
 * `@handle` mentions in status updates, comments and snippets. A mention starts a word; an `@`
 * inside an e-mail address, a URL or a fediverse address (`@alice@example.org`) is not one.
 */

/** One mention: the lowercased handle and the offsets of `@handle` in the text. */
export type Mention = {
  handle: string;
  /** Offset of the `@`. */
  start: number;
  /** Offset just after the handle (trailing `.`/`-` excluded). */
  end: number;
};

/** Longest handle, in characters. */
export const MAX_HANDLE_LENGTH = 40;

/** A well-formed handle (already lowercased). */
export const HANDLE_PATTERN = /^[a-z0-9_.-]{1,40}$/;

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
 * The mentions in `text`, in order. A mention is `@` at the start of the text, after white
 * space or after opening punctuation, followed by 1–40 handle characters `[A-Za-z0-9_.-]`
 * (lowercased in `handle`); trailing `.` and `-` are punctuation. Not a mention: an `@` after a
 * letter, digit or other address character (e-mail), inside a URL, followed by a longer run of
 * handle characters, or followed by a letter outside the set or another `@` (`@josé`,
 * `@alice@example.org`).
 */
export function parseMentions(text: string): Mention[] {
  const mentions: Mention[] = [];
  let spans: Array<[number, number]> | undefined;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    const before = at === 0 ? '' : text[at - 1]!;
    if (before !== '' && !/\s/u.test(before) && !OPENERS.has(before)) continue;
    let runEnd = at + 1;
    while (runEnd < text.length && isHandleChar(text.charCodeAt(runEnd))) runEnd++;
    if (runEnd < text.length && CONTINUES.test(text[runEnd]!)) continue;
    let end = runEnd;
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    const length = end - at - 1;
    if (length < 1 || length > MAX_HANDLE_LENGTH) continue;
    spans ??= urlSpans(text);
    if (spans.some(([s, e]) => at >= s && at < e)) continue;
    mentions.push({ handle: text.slice(at + 1, end).toLowerCase(), start: at, end });
  }
  return mentions;
}
