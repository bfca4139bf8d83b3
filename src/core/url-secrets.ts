/**
 * Removing what looks like a credential from a URL before it leaves the browser: query and
 * fragment parameters with secret-sounding names, `;jsessionid=` path parameters, and
 * `user:password@` in the authority. The caller shows `removed` to the user.
 */
import { parseUrl } from './url-parse.ts';
import { joinQuery, splitQuery } from './url-query.ts';

/** Parameter names that carry credentials, compared case-insensitively. */
export const SECRET_PARAMS: ReadonlySet<string> = new Set([
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'auth_token',
  'api_token',
  'apitoken',
  'key',
  'api_key',
  'apikey',
  'secret',
  'client_secret',
  'sig',
  'signature',
  'session',
  'session_id',
  'sessionid',
  'sid',
  'jsessionid',
  'phpsessid',
  'code',
  'password',
  'passwd',
  'pwd',
  'auth',
  'authorization',
  'otp',
  'ticket',
  'samlresponse',
  'awsaccesskeyid', // legacy S3 signed URLs
  'googleaccessid', // legacy GCS signed URLs
]);

/** Name prefixes of signed-URL parameters (AWS SigV4 `X-Amz-*`, GCS V4 `X-Goog-*`). */
export const SECRET_PARAM_PREFIXES: readonly string[] = ['x-amz-', 'x-goog-'];

function isSecretParam(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_PARAMS.has(lower) || SECRET_PARAM_PREFIXES.some((p) => lower.startsWith(p));
}

/** Removes secret parameters from a `k=v&k=v` string; appends their names to `removed`. */
function stripParams(search: string, removed: string[]): string {
  const parts = splitQuery(search);
  const kept = parts.filter((part) => {
    if (!isSecretParam(part.name)) return true;
    removed.push(part.name);
    return false;
  });
  return kept.length === parts.length ? search : joinQuery(kept);
}

/**
 * A fragment without secret parameters: `#k=v&…` (OAuth implicit flow) or an SPA route with
 * its own query (`#/route?token=…`). A fragment directive (`:~:text=…`) is left alone.
 */
function stripFragment(fragment: string, removed: string[]): string {
  const directive = fragment.indexOf(':~:');
  const head = directive === -1 ? fragment : fragment.slice(0, directive);
  const tail = directive === -1 ? '' : fragment.slice(directive);
  // Only a fragment with a value in it holds parameters (as `stripSecrets` asks of the whole
  // fragment): `#key` followed by a directive's `text=` is still a plain anchor.
  if (!head.includes('=')) return fragment;
  const q = head.indexOf('?');
  const route = q === -1 ? '' : head.slice(0, q + 1);
  const params = q === -1 ? head : head.slice(q + 1);
  const kept = stripParams(params, removed);
  if (kept === params) return fragment;
  return `${route.slice(0, kept === '' ? -1 : undefined)}${kept.replace(/^\?/, '')}${tail}`;
}

/**
 * `url` without parameters that look like credentials, and the names of what was removed
 * (parameter names as written; `'userinfo'` for `user:password@`). Query parameters, a
 * fragment made of `k=v` pairs (OAuth implicit flow: `#access_token=…`) and Java-style
 * `;jsessionid=…` path parameters are checked. Returns `url` unchanged when nothing is found.
 * Throws a `UrlError` when `url` is not an absolute URL (any scheme is accepted).
 */
export function stripSecrets(url: string): { url: string; removed: string[] } {
  const parsed = parseUrl(url);
  const removed: string[] = [];
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = '';
    parsed.password = '';
    removed.push('userinfo');
  }
  const path = parsed.pathname.replace(/;(jsessionid|phpsessid|sid)=[^/;?]*/gi, (_, name) => {
    removed.push(name);
    return '';
  });
  if (path !== parsed.pathname) parsed.pathname = path;
  const search = stripParams(parsed.search, removed);
  if (search !== parsed.search) parsed.search = search;
  if (parsed.hash.includes('=')) parsed.hash = stripFragment(parsed.hash.slice(1), removed);
  return removed.length === 0 ? { url, removed } : { url: parsed.href, removed };
}
