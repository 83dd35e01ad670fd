import { BlockList, isIP } from 'node:net';

/**
 * Which addresses a `sourceUrl` may be fetched from (docs/publishing-api.md, "Fetching a sourceUrl").
 * Everything that is not the public internet is refused: loopback, "this network", private,
 * carrier-grade NAT (Alibaba's metadata sits there), link-local (every cloud's metadata service,
 * 169.254.169.254), IETF protocol and documentation ranges, benchmarking, multicast, reserved;
 * in IPv6 the unspecified and loopback addresses, unique-local (AWS' fd00:ec2::254), link-local,
 * site-local, multicast, documentation, and the ranges that embed an IPv4 address a router would
 * reach (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo) — an IPv4-mapped address is judged as
 * the IPv4 address it carries. Judged on the address a hostname resolves to, never on its name.
 */
const refusedV4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const refusedV6: [string, number][] = [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible ::a.b.c.d
  ['64:ff9b::', 96], // NAT64
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const refused = new BlockList();
for (const [network, prefix] of refusedV4) refused.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of refusedV6) refused.addSubnet(network, prefix, 'ipv6');

/** `::ffff:a.b.c.d` and `::ffff:7f00:1` → `a.b.c.d`; anything else unchanged (lower-cased). */
export function unmapIPv4(address: string): string {
  const lower = address.toLowerCase();
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(.+)$/.exec(lower)?.[1];
  if (!mapped || isIP(lower) !== 6) return lower;
  if (isIP(mapped) === 4) return mapped;
  const [high, low] = mapped.split(':').map((part) => Number.parseInt(part, 16));
  if (high === undefined || low === undefined || Number.isNaN(high) || Number.isNaN(low)) return lower;
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** True for an address on the public internet; false for every refused range, and for non-addresses. */
export function isPublicAddress(address: string): boolean {
  const plain = unmapIPv4(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  const family = isIP(plain);
  if (family === 0) return false;
  return !refused.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}
