/**
 * When a page's `rel=canonical` may stand for its location: http(s) and on the same
 * registrable site.
 *
 * "Same registrable site" is an approximation of the Public Suffix List, which is not bundled
 * (≈200 kB, and it changes): the site is the last two labels of the host, or the last three when
 * the last two are a known multi-part public suffix (`co.uk`, `com.au`…) or a shared hosting
 * domain (`github.io`…) listed below. IP addresses and single-label intranet hosts are their own
 * site. A suffix missing from the list makes the check more permissive only within that suffix.
 */

/** Public suffixes of two labels (and shared hosting domains) where sites sit one level below. */
export const MULTI_PART_SUFFIXES: ReadonlySet<string> = new Set([
  ...['co', 'ac', 'gov', 'org', 'net', 'ltd', 'plc', 'me', 'nhs', 'police', 'sch'].map(
    (l) => `${l}.uk`,
  ),
  ...['com', 'net', 'org', 'edu', 'gov', 'asn', 'id'].map((l) => `${l}.au`),
  ...['co', 'ac', 'go', 'or', 'ne', 'gr', 'ed', 'lg'].map((l) => `${l}.jp`),
  ...['co', 'org', 'net', 'ac', 'govt', 'school', 'geek'].map((l) => `${l}.nz`),
  ...['com', 'net', 'org', 'gov', 'edu'].map((l) => `${l}.br`),
  ...['com', 'net', 'org', 'gov', 'edu', 'ac'].map((l) => `${l}.cn`),
  ...['co', 'net', 'org', 'gen', 'firm', 'ind', 'ac', 'edu', 'gov', 'nic', 'res'].map(
    (l) => `${l}.in`,
  ),
  ...['co', 'or', 'ne', 'go', 'ac', 're'].map((l) => `${l}.kr`),
  ...['com', 'org', 'net', 'edu', 'gov'].map((l) => `${l}.tr`),
  ...['com', 'org', 'net', 'edu', 'gob'].map((l) => `${l}.mx`),
  ...['com', 'org', 'net', 'edu', 'gob'].map((l) => `${l}.ar`),
  ...['co', 'ac', 'org', 'gov'].map((l) => `${l}.za`),
  ...['co', 'ac', 'org'].map((l) => `${l}.il`),
  ...['com', 'net', 'org', 'edu', 'gov'].map((l) => `${l}.sg`),
  ...['com', 'net', 'org', 'edu', 'gov', 'idv'].map((l) => `${l}.tw`),
  ...['com', 'net', 'org', 'edu', 'gov'].map((l) => `${l}.hk`),
  ...['com', 'edu', 'gov', 'net', 'org'].map((l) => `${l}.pl`),
  ...['co', 'com', 'org'].map((l) => `${l}.id`),
  'gv.at',
  'co.at',
  'or.at',
  'ac.at',
  // shared hosting: every subdomain is a different owner
  'github.io',
  'gitlab.io',
  'blogspot.com',
  'wordpress.com',
  'herokuapp.com',
  'netlify.app',
  'vercel.app',
  'pages.dev',
  'workers.dev',
  'web.app',
  'firebaseapp.com',
  'appspot.com',
  'azurewebsites.net',
  'cloudfront.net',
  'amazonaws.com',
  'readthedocs.io',
  'substack.com',
  'notion.site',
  'glitch.me',
]);

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The registrable part of a (lowercase, ASCII) host, by the approximation described in this
 * module's header: `news.bbc.co.uk` → `bbc.co.uk`, `docs.github.com` → `github.com`,
 * `alice.github.io` → `alice.github.io`, `intranet` → `intranet`, `10.0.0.1` → `10.0.0.1`.
 */
export function registrableDomain(host: string): string {
  const bare = host.replace(/\.+$/, '').toLowerCase();
  if (bare.startsWith('[') || IPV4.test(bare)) return bare;
  const labels = bare.split('.');
  if (labels.length <= 2) return bare;
  const lastTwo = labels.slice(-2).join('.');
  return MULTI_PART_SUFFIXES.has(lastTwo) ? labels.slice(-3).join('.') : lastTwo;
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
