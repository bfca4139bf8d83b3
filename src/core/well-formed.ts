/**
 * Text the server can store as it was sent: well-formed UTF-16 without U+0000. The server
 * refuses anything else with a 400 (PostgreSQL `text` cannot hold NUL, and a lone surrogate has
 * no UTF-8 form), so the extension repairs user-supplied text before queueing it: a lone
 * surrogate becomes U+FFFD (as `String.prototype.toWellFormed` does) and NUL is dropped.
 * The server and the extension share `isStorableText`, so both sides agree on one rule.
 */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** True when `text` can be stored and read back unchanged: well-formed UTF-16 without NUL. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/**
 * `text` made storable: every lone UTF-16 surrogate replaced with U+FFFD and every U+0000
 * removed; storable text comes back unchanged (the same string).
 */
export function toWellFormed(text: string): string {
  if (isStorableText(text)) return text;
  return text.replace(LONE_SURROGATES, '\ufffd').replaceAll('\u0000', '');
}

/**
 * `value` with `toWellFormed` applied to every string in it, through arrays and plain objects
 * (own enumerable values; keys are left as they are, since params schemas name their keys and
 * refuse others). Other values (numbers, booleans, null…) pass through. Returns a copy only
 * where something changed, so well-formed params come back as the very same object.
 */
export function deepWellFormed<T>(value: T): T {
  if (typeof value === 'string') return toWellFormed(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const next = deepWellFormed(item);
      if (next !== item) changed = true;
      return next;
    });
    return (changed ? out : value) as T;
  }
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    let out: Record<string, unknown> | null = null;
    for (const [key, item] of Object.entries(value)) {
      const next = deepWellFormed(item);
      if (next === item) continue;
      out ??= { ...(value as Record<string, unknown>) };
      out[key] = next;
    }
    return (out ?? value) as T;
  }
  return value;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
