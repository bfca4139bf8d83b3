/**
 * Raw query-string and percent-encoding helpers shared by URL normalisation and secret
 * stripping. They work on the encoded text so values are never re-encoded differently from how
 * the page wrote them (URLSearchParams would rewrite `%20` as `+`, `~` as `%7E`, and so on).
 */

/** One `name=value` piece of a query string, kept as written, with its decoded name. */
export type QueryPart = {
  /** The piece exactly as it appeared between `&`s (no leading `?`). */
  raw: string;
  /** The name decoded as `application/x-www-form-urlencoded` (`+` is a space). */
  name: string;
};

/** Splits a query (with or without its leading `?`) into its non-empty pieces. */
export function splitQuery(search: string): QueryPart[] {
  const body = search.startsWith('?') ? search.slice(1) : search;
  if (body === '') return [];
  const parts: QueryPart[] = [];
  for (const raw of body.split('&')) {
    if (raw === '') continue;
    const eq = raw.indexOf('=');
    parts.push({ raw, name: decodeFormComponent(eq === -1 ? raw : raw.slice(0, eq)) });
  }
  return parts;
}

/** Joins pieces back into a search string: `''` when there are none, else `?a=1&b=2`. */
export function joinQuery(parts: readonly QueryPart[]): string {
  return parts.length === 0 ? '' : `?${parts.map((p) => p.raw).join('&')}`;
}

/** Decodes a form-encoded component, leaving malformed escapes as written. */
export function decodeFormComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

const UNRESERVED = /[A-Za-z0-9\-_~]/;

/**
 * Normalises percent-escapes (RFC 3986 §6.2.2): hex digits uppercased, escapes of unreserved
 * characters (letters, digits, `-`, `_`, `~`) decoded. `%2E` (`.`) stays encoded because a
 * decoded dot could turn a path segment into `.`/`..`; everything else stays as written.
 */
export function normalizePercentEncoding(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}
