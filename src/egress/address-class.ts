import { isIPv4, isIPv6 } from 'node:net';

/** IPv4 ranges a resolved allow-listed name must not point at: loopback, private, CGNAT, link-local (cloud metadata 169.254.169.254), multicast, reserved. */
const BLOCKED_V4: readonly [number, number][] = [
  [0x00000000, 8],
  [0x0a000000, 8],
  [0x64400000, 10],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xac100000, 12],
  [0xc0000000, 24],
  [0xc0000200, 24],
  [0xc0a80000, 16],
  [0xc6120000, 15],
  [0xc6336400, 24],
  [0xcb007100, 24],
  [0xe0000000, 3],
  // Azure's wireserver (THREATS.md §B 6) is a public address but a metadata endpoint.
  [0xa83f8110, 32],
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function v4Blocked(ip: string): boolean {
  const n = v4ToInt(ip);
  return BLOCKED_V4.some(
    ([base, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)),
  );
}

function expandV6(ip: string): number[] {
  let text = ip.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = v4ToInt(v4[1]!);
    text =
      text.slice(0, -v4[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

/**
 * Whether the proxy may connect to an address it resolved for an allowed name. Fails closed:
 * anything that is not a public unicast address is refused, so a name whose DNS points inside
 * (rebinding, metadata, the runner's own services) is not reachable through the allow-list.
 */
export function isPublicAddress(ip: string): boolean {
  if (isIPv4(ip)) return !v4Blocked(ip);
  if (!isIPv6(ip)) return false;
  const g = expandV6(ip);
  if (g.length !== 8) return false;
  // IPv4-mapped, IPv4-compatible and NAT64 (64:ff9b::/96): judge the embedded IPv4 address.
  const embedded = `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0))
    return g[5] === 0xffff && !v4Blocked(embedded);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))
    return !v4Blocked(embedded);
  const first = g[0]!;
  // Only global unicast 2000::/3 is public; fc00::/7 (incl. fd00:ec2::254), fe80::/10, ff00::/8, ::/8 are not.
  if ((first & 0xe000) !== 0x2000) return false;
  // Documentation 2001:db8::/32.
  if (first === 0x2001 && g[1] === 0x0db8) return false;
  return true;
}
