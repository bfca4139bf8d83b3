/** A page URL from a request body, as stored: secrets stripped, normalised, with its key. */

import { normalizeUrl, stripSecrets, UrlError, urlKey } from '../../core/url.ts';
import { LIMITS } from '../../core/wire.ts';
import { invalid } from '../errors.ts';

/**
 * `{ url, url_key }` for `input`: parameters that look like secrets removed, normalised by the
 * shared core, keyed. A URL the core refuses is a 400 naming `field`.
 */
export async function urlColumns(
  input: string,
  field: string,
): Promise<{ url: string; url_key: string }> {
  try {
    const url = normalizeUrl(stripSecrets(input).url);
    if (url.length > LIMITS.url) throw invalid(`${field} must be at most ${LIMITS.url} characters`);
    return { url, url_key: await urlKey(url) };
  } catch (error) {
    if (error instanceof UrlError) throw invalid(`${field} ${error.message}`);
    throw error;
  }
}
