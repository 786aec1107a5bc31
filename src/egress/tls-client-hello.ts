/**
 * Reads the SNI from the first TLS records a client sends through a CONNECT tunnel, so a tunnel
 * opened to an allowed host cannot carry a handshake for another name on the same IP or CDN
 * (THREATS.md §C 11). RFC 8446 §4.1.2 (ClientHello) and RFC 6066 §3 (server_name).
 * What this cannot see: the HTTP Host inside the encrypted stream (domain fronting on a shared
 * CDN) — inspecting that needs TLS interception, which is what the LLM gateway does.
 */
export type ClientHelloResult =
  | { readonly status: 'need-more' }
  | { readonly status: 'sni'; readonly serverName: string | undefined }
  | {
      readonly status: 'invalid';
      readonly reason: 'not-tls-handshake' | 'not-client-hello' | 'malformed' | 'too-large' | 'ech';
    };

/** Upper bound on the ClientHello the proxy buffers before deciding. */
export const MAX_CLIENT_HELLO_BYTES = 64 * 1024;

const RECORD_HANDSHAKE = 22;
const HANDSHAKE_CLIENT_HELLO = 1;
const EXT_SERVER_NAME = 0x0000;
const EXT_ENCRYPTED_CLIENT_HELLO = 0xfe0d;

/** Joins handshake-record payloads until the ClientHello message is complete. */
function handshakeBytes(data: Buffer): Buffer | ClientHelloResult {
  const parts: Buffer[] = [];
  let have = 0;
  let need: number | undefined;
  let off = 0;
  while (need === undefined || have < need) {
    if (data.length < off + 5)
      return data.length > MAX_CLIENT_HELLO_BYTES
        ? { status: 'invalid', reason: 'too-large' }
        : { status: 'need-more' };
    if (data[off] !== RECORD_HANDSHAKE) return { status: 'invalid', reason: 'not-tls-handshake' };
    if (data[off + 1] !== 3) return { status: 'invalid', reason: 'not-tls-handshake' };
    const len = data.readUInt16BE(off + 3);
    if (data.length < off + 5 + len)
      return off + 5 + len > MAX_CLIENT_HELLO_BYTES
        ? { status: 'invalid', reason: 'too-large' }
        : { status: 'need-more' };
    parts.push(data.subarray(off + 5, off + 5 + len));
    have += len;
    off += 5 + len;
    if (need === undefined && have >= 4) {
      const first = Buffer.concat(parts);
      if (first[0] !== HANDSHAKE_CLIENT_HELLO)
        return { status: 'invalid', reason: 'not-client-hello' };
      need = 4 + first.readUIntBE(1, 3);
      if (need > MAX_CLIENT_HELLO_BYTES) return { status: 'invalid', reason: 'too-large' };
    }
  }
  return Buffer.concat(parts).subarray(0, need);
}

export function readClientHelloSni(data: Buffer): ClientHelloResult {
  const hs = handshakeBytes(data);
  if (!Buffer.isBuffer(hs)) return hs;
  const malformed: ClientHelloResult = { status: 'invalid', reason: 'malformed' };
  let p = 4 + 2 + 32;
  if (hs.length < p + 1) return malformed;
  p += 1 + hs[p]!;
  if (hs.length < p + 2) return malformed;
  p += 2 + hs.readUInt16BE(p);
  if (hs.length < p + 1) return malformed;
  p += 1 + hs[p]!;
  if (hs.length === p) return { status: 'sni', serverName: undefined };
  if (hs.length < p + 2) return malformed;
  const extEnd = p + 2 + hs.readUInt16BE(p);
  if (extEnd > hs.length) return malformed;
  p += 2;
  let serverName: string | undefined;
  while (p < extEnd) {
    if (p + 4 > extEnd) return malformed;
    const type = hs.readUInt16BE(p);
    const len = hs.readUInt16BE(p + 2);
    const body = hs.subarray(p + 4, p + 4 + len);
    if (body.length !== len) return malformed;
    // ECH hides the real name behind a public one: the tunnel's destination would be unverifiable.
    if (type === EXT_ENCRYPTED_CLIENT_HELLO) return { status: 'invalid', reason: 'ech' };
    if (type === EXT_SERVER_NAME) {
      if (serverName !== undefined || len < 2) return malformed;
      const listEnd = 2 + body.readUInt16BE(0);
      if (listEnd > len) return malformed;
      let q = 2;
      while (q < listEnd) {
        if (q + 3 > listEnd) return malformed;
        const nameType = body[q]!;
        const nameLen = body.readUInt16BE(q + 1);
        if (q + 3 + nameLen > listEnd) return malformed;
        // Only one host_name entry is allowed (RFC 6066 §3); a second one is a confusion attempt.
        if (nameType === 0) {
          if (serverName !== undefined) return malformed;
          serverName = body.subarray(q + 3, q + 3 + nameLen).toString('latin1');
        }
        q += 3 + nameLen;
      }
    }
    p += 4 + len;
  }
  return { status: 'sni', serverName };
}
