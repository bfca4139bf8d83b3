/** Small pure helpers for showing people in the overlay: initials, colours, names by handle. */
import type { PagePerson } from '../../core/messages.ts';

/** Up to two initials from a name (or the handle when the name is empty). */
export function initials(name: string, handle: string): string {
  const words = (name.trim() || handle).split(/[\s._-]+/u).filter(Boolean);
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
