/** Small pure helpers for showing people in the overlay: initials, colours, names by handle. */
import type { PagePerson } from '../../core/messages.ts';
import { visibleText } from '../../core/tags.ts';

/** A name's words without the characters nobody sees (zero-width, bidi controls…). */
function wordsOf(text: string): string[] {
  return text
    .split(/[\s._-]+/u)
    .map(visibleText)
    .filter(Boolean);
}

/**
 * Up to two initials from a name (or the handle when the name has no visible letter): an
 * initial is never a zero-width or bidi control character, which would show an empty face.
 */
export function initials(name: string, handle: string): string {
  const named = wordsOf(name);
  const words = named.length > 0 ? named : wordsOf(handle);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words.slice(0, 1);
  return letters.map((w) => [...w][0]!.toUpperCase()).join('') || '?';
}

/**
 * A stable colour for a handle, dark enough at every hue for the white initials on it to keep a
 * 4.5:1 contrast (WCAG AA for small text; yellow at 30% lightness is the worst case, 4.7:1).
 */
export function colourFor(handle: string): string {
  let h = 0;
  for (let i = 0; i < handle.length; i++) h = (h * 31 + handle.charCodeAt(i)) >>> 0;
  return `hsl(${h % 360} 55% 30%)`;
}

/** A handle → display name lookup over the page's people. */
export function nameLookup(people: readonly PagePerson[]): (handle: string) => string {
  const names = new Map(people.map((p) => [p.handle, p.name || p.handle]));
  return (handle) => names.get(handle) ?? handle;
}
