import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { CREDENTIAL_HEADERS, credentialHeader } from './provider-credential.js';
import type { KeyConvention } from './llm-providers.js';

/**
 * Never forwarded upstream: hop-by-hop headers (RFC 9110 §7.6.1), headers the gateway sets
 * itself (Host, framing, encoding) and every credential-bearing header, so the only key that
 * leaves is the one the gateway puts in.
 */
const DROP_UPSTREAM = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  'host',
  'content-length',
  'content-encoding',
  'accept-encoding',
  'cookie',
  ...CREDENTIAL_HEADERS,
]);

/** Never passed back to the agent: hop-by-hop, framing and encoding the gateway redoes, cookies. */
const DROP_DOWNSTREAM = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'content-encoding',
  'set-cookie',
]);

function connectionNamed(headers: IncomingHttpHeaders): Set<string> {
  return new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase()),
  );
}

/** Headers for the upstream request: the agent's, filtered, with the real key swapped in. */
export function upstreamRequestHeaders(
  incoming: IncomingHttpHeaders,
  convention: KeyConvention,
  realKey: string,
  bodyLength: number | undefined,
): OutgoingHttpHeaders {
  const named = connectionNamed(incoming);
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(incoming))
    if (v !== undefined && !DROP_UPSTREAM.has(k) && !named.has(k)) out[k] = v;
  const [name, value] = credentialHeader(convention, realKey);
  out[name] = value;
  // Uncompressed answers only: the scrubber must see the bytes a key would appear in.
  out['accept-encoding'] = 'identity';
  if (bodyLength !== undefined) out['content-length'] = bodyLength;
  return out;
}

/** Headers for the agent's response, each value passed through `scrub`. */
export function agentResponseHeaders(
  upstream: IncomingHttpHeaders,
  scrub: (value: string) => string,
): OutgoingHttpHeaders {
  const named = connectionNamed(upstream);
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(upstream)) {
    if (v === undefined || DROP_DOWNSTREAM.has(k) || named.has(k)) continue;
    out[k] = Array.isArray(v) ? v.map(scrub) : scrub(v);
  }
  return out;
}
