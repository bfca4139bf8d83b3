/** A page URL from a request body, as stored: the URL as shared (secrets stripped), with its key. */

import { sharedUrl, UrlError, urlKey } from '../../core/url.ts';
import { LIMITS } from '../../core/wire.ts';
import { invalid } from '../errors.ts';

/**
 * `{ url, url_key }` for `input`: `url` is the address as the person shared it (`sharedUrl`:
 * secrets and text-fragment directives removed, scheme kept) so colleagues can open it;
 * `url_key` is the key of its normalised form, on which pages match and bookmarks deduplicate.
 * A URL the core refuses is a 400 naming `field`.
 */
export async function urlColumns(
  input: string,
  field: string,
): Promise<{ url: string; url_key: string }> {
  try {
    const url = sharedUrl(input);
    if (url.length > LIMITS.url) throw invalid(`${field} must be at most ${LIMITS.url} characters`);
    return { url, url_key: await urlKey(url) };
  } catch (error) {
    if (error instanceof UrlError) throw invalid(`${field} ${error.message}`);
    throw error;
  }
}
