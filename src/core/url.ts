/**
 * URL identity: the normalised form of a page's URL, its key (`urlKey`), and the checks a URL
 * passes before it leaves the browser (`stripSecrets`, `pageIdentity`, re-exported here).
 *
 * The normalised string is an identity key, not a fetchable address: `http:` and `https:` of
 * the same URL are one page, so the normal form always says `https:`. Keep the URL as shared
 * (`sharedUrl`) for display and for opening the page.
 */

import { MAX_URL_LENGTH, parseHttpUrl, UrlError } from './url-parse.ts';
import { joinQuery, normalizePercentEncoding, type QueryPart, splitQuery } from './url-query.ts';
import { stripSecrets } from './url-secrets.ts';
import { trustedCanonical } from './url-site.ts';

export {
  MAX_URL_LENGTH,
  parseHttpUrl,
  UrlError,
  type UrlErrorCode,
} from './url-parse.ts';
export { SECRET_PARAM_PREFIXES, SECRET_PARAMS, stripSecrets } from './url-secrets.ts';
export { registrableDomain } from './url-site.ts';

/**
 * Query parameters that only track how a visitor arrived, compared case-insensitively. `ref`
 * is deliberately absent: it is a branch or tag on GitHub and GitLab.
 */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'fbclid', // Facebook
  'gclid', // Google Ads
  'gclsrc',
  'dclid', // Google Display
  'gbraid',
  'wbraid',
  'srsltid', // Google Merchant search results
  '_ga', // Google Analytics cross-domain
  '_gl',
  'msclkid', // Microsoft Ads
  'mc_cid', // Mailchimp
  'mc_eid',
  'igshid', // Instagram
  'igsh',
  'yclid', // Yandex
  '_openstat',
  'twclid', // X/Twitter
  'ref_src',
  'ref_url',
  'ttclid', // TikTok
  'li_fat_id', // LinkedIn
  'trk',
  'trkcampaign',
  '_hsenc', // HubSpot
  '_hsmi',
  '__hssc',
  '__hstc',
  '__hsfp',
  'hsctatracking',
  'mkt_tok', // Marketo
  'vero_id', // Vero
  'vero_conv',
  'oly_anon_id', // Omeda
  'oly_enc_id',
  'rb_clickid',
  's_cid', // Adobe
  'wickedid',
  'spm', // Alibaba
  'scm',
]);

/** Name prefixes of tracking parameters (`utm_source`, `pk_campaign`, `mtm_kwd`, `hsa_ad`…). */
export const TRACKING_PARAM_PREFIXES: readonly string[] = ['utm_', 'pk_', 'mtm_', 'hsa_'];

/** True when a query parameter name (decoded) is a tracking parameter. */
export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PARAM_PREFIXES.some((p) => lower.startsWith(p));
}

/**
 * The fragment kept in the identity: SPA routes (`#/…`, `#!…`) only. Text fragments and any
 * other fragment directive (`:~:…`) are dropped, also when they follow a route.
 */
function routingFragment(hash: string): string {
  const directive = hash.indexOf(':~:');
  const fragment = directive === -1 ? hash : hash.slice(0, directive);
  if (!fragment.startsWith('#/') && !fragment.startsWith('#!')) return '';
  return normalizePercentEncoding(fragment);
}

/**
 * The identity form of an http(s) URL. Throws `UrlError` for anything else.
 *
 * - scheme is always `https:` (http and https of one URL are one page);
 * - host lowercased, IDN as punycode (WHATWG URL), trailing dots removed;
 * - user name, password and secret-looking parameters dropped (`stripSecrets`), so a URL and
 *   its stripped form have one key and the key never depends on a session token;
 * - ports 80 and 443 dropped (both are a default port of the one merged scheme);
 * - path as the URL parser leaves it (dot segments resolved, empty path is `/`), with
 *   percent-escapes normalised (uppercase hex, unreserved characters decoded);
 * - tracking parameters removed, the rest sorted by name, stably (repeated names keep their
 *   order), values left as written; an empty `?` removed;
 * - fragment dropped except SPA routes `#/…` and `#!…`; text fragments always dropped.
 *
 * Idempotent: `normalizeUrl(normalizeUrl(u)) === normalizeUrl(u)`.
 */
export function normalizeUrl(input: string): string {
  const url = new URL(stripSecrets(parseHttpUrl(input).href).url);
  const host = url.hostname.replace(/\.+$/, '');
  if (host === '') throw new UrlError('invalid', 'no host');
  const port = url.port === '' || url.port === '80' || url.port === '443' ? '' : `:${url.port}`;
  const path = normalizePercentEncoding(url.pathname);
  const kept: QueryPart[] = splitQuery(url.search)
    .filter((part) => !isTrackingParam(part.name))
    .map((part) => {
      const raw = normalizePercentEncoding(part.raw);
      return { raw, name: raw.split('=', 1)[0]! };
    });
  kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const result = `https://${host}${port}${path}${joinQuery(kept)}${routingFragment(url.hash)}`;
  if (result.length > MAX_URL_LENGTH) {
    throw new UrlError('too-long', `normalised URL longer than ${MAX_URL_LENGTH} characters`);
  }
  return result;
}

/** Lowercase hex SHA-256 of `normalizeUrl(url)`, through WebCrypto. Throws `UrlError`. */
export async function urlKey(url: string): Promise<string> {
  const bytes = new TextEncoder().encode(normalizeUrl(url));
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * `fragment` (with or without its `#`) made safe to take a text directive after it: one ending
 * in `:~` would swallow the `:` of the `:~:` appended to it (`#:~` + `:~:text=…` reads as a
 * directive at `#:~:`, leaving `~:text=…`), so a snippet's link would neither scroll nor keep
 * the fragment. The same `~`, percent-encoded, cannot. `sharedUrl` stores fragments this way;
 * `textFragmentLink` applies it to URLs stored before.
 */
export function fragmentBeforeDirective(fragment: string): string {
  return fragment.endsWith(':~') ? `${fragment.slice(0, -1)}%7E` : fragment;
}

/**
 * The URL to store and show for a page, as the person shared it: an http(s) URL serialised by
 * the URL parser, secrets removed (`stripSecrets`), tracking parameters removed (they never
 * change the page and some name the person, e.g. `mc_eid`) and a fragment directive
 * (`:~:text=…`) dropped; the scheme, port, order of the other parameters and other fragments
 * are kept, so the address opens the page it was shared from (an http-only intranet page
 * stays `http:`). Its identity is `urlKey` of the same string. Idempotent. Throws `UrlError`.
 */
export function sharedUrl(input: string): string {
  const url = parseHttpUrl(stripSecrets(parseHttpUrl(input).href).url);
  const parts = splitQuery(url.search);
  const kept = parts.filter((part) => !isTrackingParam(part.name));
  if (kept.length !== parts.length) url.search = joinQuery(kept);
  const directive = url.hash.indexOf(':~:');
  if (directive !== -1) {
    const head = url.hash.slice(0, directive);
    url.hash = head === '#' ? '' : head;
  }
  url.hash = fragmentBeforeDirective(url.hash);
  if (url.href.length > MAX_URL_LENGTH) {
    throw new UrlError('too-long', `URL longer than ${MAX_URL_LENGTH} characters`);
  }
  return url.href;
}

/** What to save for the page being read. */
export type PageIdentity = {
  /** The URL to save and show: location or canonical, with secrets removed. */
  url: string;
  /** Its normalised identity form (see `normalizeUrl`). */
  normalized: string;
  /** True when `url` came from `rel=canonical`. */
  fromCanonical: boolean;
  /** Names of the secret-looking parts removed from `url` (see `stripSecrets`); tell the user. */
  removed: string[];
};

function isHomePage(href: string): boolean {
  const url = new URL(normalizeUrl(href));
  return url.pathname === '/' && url.search === '' && url.hash === '';
}

/**
 * The identity of the page at `locationHref`, preferring `canonicalHref` (a `rel=canonical`
 * href, absolute or relative) when it is http(s) on the same registrable site and not a bare
 * home page for a deeper location (same site by the Public Suffix List, see `url-site.ts`).
 * Secrets are stripped before normalising, so the key never depends on a session token.
 * Throws `UrlError` when the location is not an http(s) URL.
 */
export function pageIdentity(locationHref: string, canonicalHref?: string): PageIdentity {
  const { href, fromCanonical } = pageAddress(locationHref, canonicalHref);
  const { url, removed } = stripSecrets(href);
  return { url, normalized: normalizeUrl(url), fromCanonical, removed };
}

/**
 * The address `pageIdentity` saves for a page, before secrets are stripped: the trusted
 * `rel=canonical` href (resolved) or the location. The background uses it for a tab with the
 * canonical its content script reports, so popup and page agree on one identity. Throws
 * `UrlError` when the location is not an http(s) URL.
 */
export function pageAddress(
  locationHref: string,
  canonicalHref?: string,
): { href: string; fromCanonical: boolean } {
  const location = parseHttpUrl(locationHref);
  let canonical = trustedCanonical(location, canonicalHref);
  // A site-wide canonical pointing at the home page is a template bug, not a statement.
  if (canonical && isHomePage(canonical.href) && !isHomePage(location.href)) canonical = null;
  return canonical
    ? { href: canonical.href, fromCanonical: true }
    : { href: location.href, fromCanonical: false };
}
