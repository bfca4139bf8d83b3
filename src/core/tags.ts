/**
 * The one rule for what a tag is, shared by the server's schema (`Tag` in `wire.ts`) and the
 * extension's background: a tag must keep at least one visible character once the characters
 * nobody sees are taken away. Those are white space, control characters (`\p{Cc}`), format
 * characters (`\p{Cf}`: zero-width space and joiners, bidirectional marks, embeddings,
 * overrides and isolates, soft hyphen, byte order mark, tag characters…), the other
 * default-ignorable code points (combining grapheme joiner, variation selectors, Hangul
 * fillers…) and the blank Braille pattern. A tag like `\u202E\u200B` would otherwise show as
 * nothing, or reorder what is shown after it, while counting as a tag.
 *
 * And the one rule for when two tags are the same: once trimmed, regardless of case, so `Design`
 * and `design` are one tag; the first one given is kept as it was typed. The bookmark editor,
 * the background's local copy and the server all deduplicate with `uniqueTags`.
 */

/** One character nobody sees (see the module header). */
const INVISIBLE_CLASS = '\\p{White_Space}\\p{Cc}\\p{Cf}\\p{Default_Ignorable_Code_Point}\\u2800';

/**
 * An (unanchored, JSON Schema) pattern a string matches when it holds a visible character.
 * Validators compile it with the `u` flag, as TypeBox does.
 */
export const VISIBLE_PATTERN = `[^${INVISIBLE_CLASS}]`;

const VISIBLE = new RegExp(VISIBLE_PATTERN, 'u');
const INVISIBLE = new RegExp(`[${INVISIBLE_CLASS}]`, 'gu');

/** What a tag refused by the rule is told, on the server and in the extension. */
export const INVISIBLE_TAG_MESSAGE =
  'a tag needs at least one visible character (not only spaces, zero-width or direction marks)';

/** `text` without the characters nobody sees. */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** True when `tag` keeps a visible character once invisible ones are removed. */
export function isVisibleTag(tag: string): boolean {
  return VISIBLE.test(tag);
}

/** The index of the first tag that breaks the rule, or -1. */
export function firstInvisibleTag(tags: readonly string[]): number {
  return tags.findIndex((tag) => !isVisibleTag(tag));
}

/** What two tags that are the same share: the tag trimmed and lowercased. */
export function tagKey(tag: string): string {
  return tag.trim().toLowerCase();
}

/**
 * `tags` trimmed, empty ones dropped, and each tag once: a later tag equal to an earlier one but
 * for case (`design` after `Design`) is dropped, the first kept as given.
 */
export function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const tag of tags) {
    const trimmed = tag.trim();
    const key = trimmed.toLowerCase();
    if (trimmed === '' || seen.has(key)) continue;
    seen.add(key);
    kept.push(trimmed);
  }
  return kept;
}

/** True when tag spelling `a` is preferred to `b` on equal use (see `rankTags`). */
function preferredSpelling(a: string, b: string): boolean {
  const aLower = a === a.toLowerCase();
  const bLower = b === b.toLowerCase();
  return aLower !== bLower ? aLower : a < b;
}

/**
 * Tags ranked for suggestions from the tag lists of a person's bookmarks: most used first, then
 * alphabetically; spellings that are the same tag (`tagKey`) count together and are offered once,
 * as the spelling used most often, so `Design` ×2 and `design` ×1 suggest `Design` with a count
 * of 3. Spellings used equally often: the all-lowercase one if there is one, else the first in
 * code-unit order, so the choice never depends on the order bookmarks are read in.
 */
export function rankTags(tagLists: Iterable<readonly string[]>): string[] {
  const byKey = new Map<string, { count: number; spellings: Map<string, number> }>();
  for (const tags of tagLists) {
    for (const tag of uniqueTags(tags)) {
      const key = tagKey(tag);
      let entry = byKey.get(key);
      if (!entry) {
        entry = { count: 0, spellings: new Map() };
        byKey.set(key, entry);
      }
      entry.count += 1;
      entry.spellings.set(tag, (entry.spellings.get(tag) ?? 0) + 1);
    }
  }
  const ranked = [...byKey.values()].map(({ count, spellings }) => {
    let best = '';
    let bestCount = 0;
    for (const [spelling, n] of spellings) {
      if (n > bestCount || (n === bestCount && preferredSpelling(spelling, best))) {
        best = spelling;
        bestCount = n;
      }
    }
    return { tag: best, count };
  });
  return ranked
    .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0))
    .map(({ tag }) => tag);
}
