/**
 * When a page's `rel=canonical` may stand for its location: http(s) and on the same
 * registrable site by the Public Suffix List, private section included (`tldts`), so one
 * tenant of a shared host (`*.s3.amazonaws.com`, `*.onrender.com`, `*.github.io`…) can never
 * claim another tenant's page. IP addresses, single-label intranet hosts and hosts that are
 * themselves a public suffix are their own site.
 *
 * Bundled where canonicals are judged (background, server), not in the content script: tldts
 * carries the whole list (≈140 kB minified).
 */
import { getDomain } from 'tldts';

/** The ICANN and the private section: every subdomain of a shared host is another owner. */
const PSL_OPTIONS = { allowPrivateDomains: true } as const;

/**
 * The registrable part of a host (lowercased, trailing dots removed) by the Public Suffix List:
 * `news.bbc.co.uk` → `bbc.co.uk`, `docs.github.com` → `github.com`, `alice.github.io` →
 * `alice.github.io`, `bucket.s3.amazonaws.com` → `bucket.s3.amazonaws.com`; a host without
 * one (`intranet`, `10.0.0.1`, `[::1]`, `github.io`) is its own site.
 */
export function registrableDomain(host: string): string {
  const bare = host.replace(/\.+$/, '').toLowerCase();
  if (bare.startsWith('[')) return bare;
  return getDomain(bare, PSL_OPTIONS) ?? bare;
}

/**
 * The canonical URL resolved against `location`, when it may stand for the page: http(s) and
 * on the same registrable site. Else `null`.
 */
export function trustedCanonical(location: URL, canonicalHref: string | undefined): URL | null {
  if (!canonicalHref) return null;
  let canonical: URL;
  try {
    canonical = new URL(canonicalHref.trim(), location);
  } catch {
    return null;
  }
  if (canonical.protocol !== 'http:' && canonical.protocol !== 'https:') return null;
  if (registrableDomain(canonical.hostname) !== registrableDomain(location.hostname)) return null;
  return canonical;
}
