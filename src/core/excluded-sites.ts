/**
 * Excluded sites: hosts where Outloud shows no overlay, captures nothing and shows no count.
 * A pattern is a host name (`paypal.com`: the host and its subdomains) or a wildcard suffix
 * (`*.bank`: any subdomain of `bank`). The defaults cover common webmail and banking hosts.
 */

export const DEFAULT_EXCLUDED_SITES: readonly string[] = [
  'mail.google.com',
  'outlook.live.com',
  'outlook.office.com',
  'outlook.office365.com',
  'mail.yahoo.com',
  'mail.proton.me',
  'app.fastmail.com',
  'icloud.com',
  '*.bank',
  'paypal.com',
  'chase.com',
  'bankofamerica.com',
  'wellsfargo.com',
  'citi.com',
  'hsbc.com',
  'barclays.co.uk',
  'santander.com',
  'ing.com',
  'revolut.com',
  'wise.com',
];

/** A pattern as the user typed it, trimmed and lowercased; `null` when it cannot match anything. */
export function normalizePattern(pattern: string): string | null {
  let p = pattern.trim().toLowerCase();
  if (p === '') return null;
  // Accept a pasted URL: keep its host.
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(p)) {
    try {
      p = new URL(p).hostname;
    } catch {
      return null;
    }
  }
  p = p.replace(/\/.*$/, '').replace(/\.+$/, '');
  if (p.startsWith('*.')) return p.length > 2 ? p : null;
  return /^[a-z0-9.-]+$/.test(p) ? p : null;
}

/** True when host `host` (lowercase, no port) matches `pattern`. */
export function hostMatches(host: string, pattern: string): boolean {
  const p = normalizePattern(pattern);
  if (p === null) return false;
  const h = host.toLowerCase().replace(/\.+$/, '');
  if (p.startsWith('*.')) return h.endsWith(p.slice(1));
  return h === p || h.endsWith(`.${p}`);
}

/** True when `url` is on an excluded site. URLs that do not parse count as excluded. */
export function isExcludedUrl(url: string, patterns: readonly string[]): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return true;
  }
  return patterns.some((p) => hostMatches(host, p));
}
