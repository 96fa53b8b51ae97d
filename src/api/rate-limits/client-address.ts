import { isIPv4, isIPv6 } from 'node:net';

/**
 * The name a client address's budget is counted under. An IPv4 address counts
 * as itself (also when written IPv4-mapped, `::ffff:203.0.113.9`); an IPv6
 * address by its /64 network, the block one subscriber is usually handed, so
 * that hopping through one's own 2^64 addresses earns no fresh budget.
 */
export function clientAddressKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(ip)) return ip;
  const address = ip.replace(/%.*$/, ''); // a zone (fe80::1%eth0) names an interface of ours, not the client
  if (isIPv6(address)) return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
  // Not an address (a proxy's header with something else in it): counted as written, bounded in length.
  return `other:${ip.slice(0, 64)}`;
}

/** The eight 16-bit groups of a valid IPv6 address, in lowercase hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const parse = (part: string): string[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16).toString(16)];
          // An embedded IPv4 tail (64:ff9b::192.0.2.1) fills the last two groups.
          const [a, b, c, d] = group.split('.').map(Number) as [number, number, number, number];
          return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
        });
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
}
