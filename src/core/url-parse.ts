/** Parsing an http(s) URL, and the typed error every URL function in src/core throws. */

/** Why a URL was refused. */
export type UrlErrorCode = 'invalid' | 'scheme' | 'too-long';

/** A URL that cannot be saved or shared: not parseable, not http(s), or too long. */
export class UrlError extends Error {
  override readonly name = 'UrlError';
  constructor(
    readonly code: UrlErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Longest URL accepted, before and after normalisation (characters). */
export const MAX_URL_LENGTH = 8192;

/** Parses `input` (trimmed) as an absolute URL of any scheme or throws a `UrlError`. */
export function parseUrl(input: string): URL {
  const trimmed = input.trim();
  if (trimmed.length > MAX_URL_LENGTH) {
    throw new UrlError('too-long', `URL longer than ${MAX_URL_LENGTH} characters`);
  }
  try {
    return new URL(trimmed);
  } catch {
    throw new UrlError('invalid', 'not an absolute URL');
  }
}

/** Parses `input` as an absolute http(s) URL or throws a `UrlError`. */
export function parseHttpUrl(input: string): URL {
  const url = parseUrl(input);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UrlError('scheme', `only http and https pages can be saved, not ${url.protocol}`);
  }
  return url;
}
