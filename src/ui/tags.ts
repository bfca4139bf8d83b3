/** Tag helpers for the bookmark editor: parsing what is typed and ranking suggestions. */
import { LIMITS } from '../core/limits.ts';

/** Splits typed text into tags: on commas, trimmed, empty and over-long ones dropped. */
export function splitTags(input: string): string[] {
  return input
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && s.length <= LIMITS.tag);
}

/** Adds tags not already present (case-insensitively), keeping order and the tag limit. */
export function addTags(current: string[], added: string[]): string[] {
  const seen = new Set(current.map((t) => t.toLowerCase()));
  const next = [...current];
  for (const tag of added) {
    if (next.length >= LIMITS.tags) break;
    if (seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    next.push(tag);
  }
  return next;
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
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const skip = new Set(taken.map((t) => t.toLowerCase()));
  const prefix: string[] = [];
  const inner: string[] = [];
  for (const tag of known) {
    const lower = tag.toLowerCase();
    if (skip.has(lower) || lower === q) continue;
    if (lower.startsWith(q)) prefix.push(tag);
    else if (lower.includes(q)) inner.push(tag);
  }
  return [...prefix, ...inner].slice(0, limit);
}
