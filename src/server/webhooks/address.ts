/**
 * Where a webhook may point (SSRF). A hook's URL is `http(s)` without credentials. Its host's
 * addresses must be ordinary public unicast ones (ipaddr.js `range() === 'unicast'`, IPv4-mapped
 * IPv6 read as IPv4): loopback, private, link-local, unique-local, carrier-grade NAT, multicast,
 * reserved and unspecified addresses are refused, except the ranges the server allows:
 * `OUTLOUD_WEBHOOK_ALLOW_PRIVATE` for organisation hooks (an admin may point at the
 * organisation's own chat server) and `OUTLOUD_WEBHOOK_ALLOW_PRIVATE_ALL` for every hook (tests,
 * single-team installations). An address literal is checked when the hook is saved; a host
 * name when it is resolved, on every delivery (`guardedLookup`), so a name that later resolves
 * to an internal address (DNS rebinding) is refused where the connection is made.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { WebhookScope } from '../db/schema.ts';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** The private ranges hooks may reach (parsed from the two settings). */
export type AddressPolicy = { org: readonly Range[]; all: readonly Range[] };

export const NO_PRIVATE: AddressPolicy = { org: [], all: [] };

/** Longest hook URL accepted. */
export const MAX_URL_LENGTH = 2048;

/**
 * Parses a comma-separated list of CIDR ranges or single addresses (`10.0.0.0/8,127.0.0.1`);
 * throws naming the entry that is neither.
 */
export function parseRanges(text: string | undefined, name: string): Range[] {
  const entries = (text ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  return entries.map((entry) => {
    try {
      if (entry.includes('/')) return ipaddr.parseCIDR(entry);
      const address = ipaddr.parse(entry);
      return [address, address.kind() === 'ipv4' ? 32 : 128] as Range;
    } catch {
      throw new Error(`${name}: ${JSON.stringify(entry)} is not an address or a CIDR range`);
    }
  });
}

/** True when `address` (an IP literal) may be reached by a hook of `scope`. */
export function addressAllowed(address: string, scope: WebhookScope, policy: AddressPolicy) {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  if (parsed.range() === 'unicast') return true;
  const ranges = scope === 'org' ? [...policy.org, ...policy.all] : policy.all;
  return ranges.some(
    ([base, bits]) => base.kind() === parsed.kind() && parsed.match([base, bits] as never),
  );
}

/** The host of `url` without IPv6 brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Why `text` cannot be a hook URL for `scope`, or undefined when it can (so far as can be
 * told before resolving its host name).
 */
export function urlProblem(
  text: string,
  scope: WebhookScope,
  policy: AddressPolicy,
): string | undefined {
  if (text.length > MAX_URL_LENGTH) return `is longer than ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be http or https';
  if (url.username !== '' || url.password !== '') return 'must not hold a user name or password';
  const host = bareHost(url);
  if (host === '') return 'has no host';
  const literal = ipaddr.isValid(host) ? host : isLocalName(host) ? '127.0.0.1' : undefined;
  if (literal !== undefined && !addressAllowed(literal, scope, policy)) {
    return 'points at a private or internal address this server does not allow';
  }
  return undefined;
}

/** `localhost` and its subdomains resolve to loopback whatever DNS says (RFC 6761). */
function isLocalName(host: string): boolean {
  const lower = host.toLowerCase().replace(/\.$/, '');
  return lower === 'localhost' || lower.endsWith('.localhost');
}

/** The error a refused address gives (shown in the delivery log). */
export class RefusedAddress extends Error {
  constructor(address: string) {
    super(`refused address ${address} (private or internal)`);
    this.name = 'RefusedAddress';
  }
}

/**
 * A `lookup` for `http.request` that resolves like `dns.lookup` and fails when any address of
 * the name is not allowed for `scope`, so the connection is only ever made to a checked one.
 */
export function guardedLookup(scope: WebhookScope, policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const list = isLocalName(hostname)
        ? addresses.filter((a) => ipaddr.process(a.address).range() === 'loopback')
        : addresses;
      const refused = list.find((a) => !addressAllowed(a.address, scope, policy));
      if (refused || list.length === 0) {
        return callback(new RefusedAddress(refused?.address ?? hostname), '', 0);
      }
      if ((options as { all?: boolean }).all) {
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      }
      const first = list[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });
  };
}
