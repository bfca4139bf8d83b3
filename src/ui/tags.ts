/** Tag helpers for the bookmark editor: parsing what is typed and ranking suggestions. */
import { LIMITS } from '../core/limits.ts';
import { tagKey, uniqueTags } from '../core/tags.ts';

/** Splits typed text into tags: on commas, trimmed, empty and over-long ones dropped. */
export function splitTags(input: string): string[] {
  return input
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s.length <= LIMITS.tag);
}

/** Adds tags not already present (the rule of `core/tags.ts`), keeping order and the tag limit. */
export function addTags(current: string[], added: string[]): string[] {
  return uniqueTags([...current, ...added]).slice(0, LIMITS.tags);
}

/**
 * Suggestions for the partial tag `query` from the user's own tags: those starting with it
 * first, then those containing it, skipping tags already on the bookmark; at most `limit`.
 */
export function suggestTags(
  query: string,
  known: readonly string[],
  taken: readonly string[],
  limit = 8,
): string[] {
  const q = tagKey(query);
  if (!q) return [];
  const skip = new Set(taken.map(tagKey));
  const prefix: string[] = [];
  const inner: string[] = [];
  for (const tag of known) {
    const lower = tagKey(tag);
    if (skip.has(lower) || lower === q) continue;
    if (lower.startsWith(q)) prefix.push(tag);
    else if (lower.includes(q)) inner.push(tag);
  }
  return [...prefix, ...inner].slice(0, limit);
}
