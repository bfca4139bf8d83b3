/**
 * The client address a limit is counted by. An IPv4 address counts alone (an IPv4-mapped IPv6
 * address as its IPv4 address); an IPv6 address counts by its /64, the block one host or
 * household is usually given, so that stepping through the 2^64 addresses of one block does not
 * give a fresh count each time. The address itself is `request.ip`: the socket's peer, or the
 * `X-Forwarded-For` client when `OUTLOUD_TRUST_PROXY` trusts the proxy it came through.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit groups of a valid IPv6 address, as numbers. */
function groups(address: string): number[] {
  // The WHATWG URL parser writes an IPv6 host in canonical form: lowercase hex, `::` for the
  // longest zero run, an embedded IPv4 tail (`::ffff:1.2.3.4`) as two hex groups.
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head = '', tail] = canonical.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => Number.parseInt(g, 16));
}

/** The key a limit counts `ip` by: `v4:a.b.c.d`, or `v6:` and the first four groups of the /64. */
export function addressKey(ip: string): string {
  if (isIPv4(ip)) return `v4:${ip}`;
  const bare = ip.replace(/%.*$/, ''); // a link-local zone (`fe80::1%eth0`) is no part of it
  if (!isIPv6(bare)) return `other:${ip}`;
  const g = groups(bare);
  const mapped = g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
  if (mapped) {
    const [hi = 0, lo = 0] = g.slice(6);
    return `v4:${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  return `v6:${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(':')}::/64`;
}
