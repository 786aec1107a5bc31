import { isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';

/**
 * A host name in the one form the proxy both checks and connects to: ASCII (IDN converted to
 * punycode), lower case, no trailing dot; IPv4 as a canonical dotted quad; IPv6 in WHATWG
 * canonical form without brackets, with IPv4-mapped addresses (`::ffff:a.b.c.d`) turned into
 * the IPv4 address they reach. Checking one string and connecting to another is how
 * allow-lists get bypassed (THREATS.md §C 12), so nothing downstream re-parses the input.
 */
export type NormalizedHost =
  | { readonly kind: 'name'; readonly host: string }
  | { readonly kind: 'ipv4'; readonly host: string }
  | { readonly kind: 'ipv6'; readonly host: string };

export type HostRefusalReason =
  | 'empty'
  | 'too-long'
  | 'control-character'
  | 'userinfo'
  | 'percent-encoding'
  | 'bad-character'
  | 'empty-label'
  | 'bad-label'
  | 'idn-invalid'
  | 'non-canonical-ipv4'
  | 'bad-ipv6';

export interface HostRefusal {
  readonly kind: 'invalid';
  readonly reason: HostRefusalReason;
}

const CANONICAL_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const CANONICAL_IPV4 = new RegExp(`^${CANONICAL_OCTET}(?:\\.${CANONICAL_OCTET}){3}$`);
/** WHATWG's "ends in a number" check: such a host is parsed as IPv4 by URL parsers and resolvers. https://url.spec.whatwg.org/#ends-in-a-number-checker */
const NUMERIC_LAST_LABEL = /(?:^|\.)(?:\d+|0x[0-9a-f]*)$/i;
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

const refuse = (reason: HostRefusalReason): HostRefusal => ({ kind: 'invalid', reason });

function normalizeIpv6(literal: string): NormalizedHost | HostRefusal {
  if (!isIPv6(literal)) return refuse('bad-ipv6');
  const canonical = new URL(`http://[${literal}]/`).hostname.slice(1, -1);
  // ::ffff:0:0/96 reaches the IPv4 host: check it as that host, never as an opaque IPv6 string.
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (mapped) {
    const hi = parseInt(mapped[1]!, 16);
    const lo = parseInt(mapped[2]!, 16);
    return { kind: 'ipv4', host: [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.') };
  }
  return { kind: 'ipv6', host: canonical };
}

/** Normalises the host part of a URL or CONNECT authority (no port, IPv6 in brackets). */
export function normalizeHost(raw: string): NormalizedHost | HostRefusal {
  if (raw.length === 0) return refuse('empty');
  if (raw.length > 255) return refuse('too-long');
  // NUL, whitespace, DEL and C1 controls: parsers disagree about where the host ends.
  if (hasControlCharacter(raw)) return refuse('control-character');
  if (raw.includes('@')) return refuse('userinfo');
  if (raw.includes('%')) return refuse('percent-encoding');
  if (raw.startsWith('[')) {
    if (!raw.endsWith(']')) return refuse('bad-ipv6');
    return normalizeIpv6(raw.slice(1, -1));
  }
  if (/[#/?\\:[\]]/.test(raw)) return refuse('bad-character');
  let host = raw;
  if (!/^[\x21-\x7e]*$/.test(host)) {
    // IDN: UTS #46 mapping to punycode. A non-ASCII spelling of an IP address is an evasion.
    const ascii = domainToASCII(host);
    if (!ascii) return refuse('idn-invalid');
    if (NUMERIC_LAST_LABEL.test(ascii.replace(/\.$/, ''))) return refuse('non-canonical-ipv4');
    host = ascii;
  }
  host = host.toLowerCase();
  // One trailing dot is the fully qualified spelling of the same name.
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host.length === 0) return refuse('empty');
  if (host.length > 253) return refuse('too-long');
  if (NUMERIC_LAST_LABEL.test(host))
    return CANONICAL_IPV4.test(host) ? { kind: 'ipv4', host } : refuse('non-canonical-ipv4');
  const labels = host.split('.');
  if (labels.some((l) => l.length === 0)) return refuse('empty-label');
  if (!labels.every((l) => LDH_LABEL.test(l))) return refuse('bad-label');
  // A punycode label must decode; otherwise two parsers may read two different names.
  if (labels.some((l) => l.startsWith('xn--')) && domainToASCII(host) !== host)
    return refuse('idn-invalid');
  return { kind: 'name', host };
}
