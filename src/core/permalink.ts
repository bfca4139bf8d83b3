/**
 * Web permalinks of items (issue 16): the server answers `<public URL>/items/{id}` for every
 * bookmark, snippet, status and comment (a comment's leads to its item at the comment). The
 * public URL comes from the server (`GET /v1/org`'s `publicUrl`), so it is checked before any
 * page builds a link from it.
 */

/**
 * The base of permalinks from a server's `publicUrl`: an absolute http(s) address without
 * credentials, query or fragment, trailing slashes dropped; null for none or anything else.
 */
export function permalinkBaseOf(publicUrl: string | null | undefined): string | null {
  if (!publicUrl) return null;
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.search || url.hash) return null;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Item `id`'s permalink under `base` (`permalinkBaseOf`). */
export const permalinkOf = (base: string, id: string): string =>
  `${base}/items/${encodeURIComponent(id)}`;
