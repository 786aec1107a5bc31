import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// src/egress/normalize-host.ts
import { isIPv6 } from "node:net";
import { domainToASCII } from "node:url";
var CANONICAL_OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
var CANONICAL_IPV4 = new RegExp(`^${CANONICAL_OCTET}(?:\\.${CANONICAL_OCTET}){3}$`);
var NUMERIC_LAST_LABEL = /(?:^|\.)(?:\d+|0x[0-9a-f]*)$/i;
var LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
function hasControlCharacter(s) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c >= 127 && c <= 159) return true;
  }
  return false;
}
var refuse = (reason) => ({ kind: "invalid", reason });
function normalizeIpv6(literal) {
  if (!isIPv6(literal)) return refuse("bad-ipv6");
  const canonical = new URL(`http://[${literal}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (mapped) {
    const hi = parseInt(mapped[1], 16);
    const lo = parseInt(mapped[2], 16);
    return { kind: "ipv4", host: [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".") };
  }
  return { kind: "ipv6", host: canonical };
}
function normalizeHost(raw) {
  if (raw.length === 0) return refuse("empty");
  if (raw.length > 255) return refuse("too-long");
  if (hasControlCharacter(raw)) return refuse("control-character");
  if (raw.includes("@")) return refuse("userinfo");
  if (raw.includes("%")) return refuse("percent-encoding");
  if (raw.startsWith("[")) {
    if (!raw.endsWith("]")) return refuse("bad-ipv6");
    return normalizeIpv6(raw.slice(1, -1));
  }
  if (/[#/?\\:[\]]/.test(raw)) return refuse("bad-character");
  let host = raw;
  if (!/^[\x21-\x7e]*$/.test(host)) {
    const ascii = domainToASCII(host);
    if (!ascii) return refuse("idn-invalid");
    if (NUMERIC_LAST_LABEL.test(ascii.replace(/\.$/, ""))) return refuse("non-canonical-ipv4");
    host = ascii;
  }
  host = host.toLowerCase();
  if (host.endsWith(".")) host = host.slice(0, -1);
  if (host.length === 0) return refuse("empty");
  if (host.length > 253) return refuse("too-long");
  if (NUMERIC_LAST_LABEL.test(host))
    return CANONICAL_IPV4.test(host) ? { kind: "ipv4", host } : refuse("non-canonical-ipv4");
  const labels = host.split(".");
  if (labels.some((l) => l.length === 0)) return refuse("empty-label");
  if (!labels.every((l) => LDH_LABEL.test(l))) return refuse("bad-label");
  if (labels.some((l) => l.startsWith("xn--")) && domainToASCII(host) !== host)
    return refuse("idn-invalid");
  return { kind: "name", host };
}

export {
  normalizeHost
};
