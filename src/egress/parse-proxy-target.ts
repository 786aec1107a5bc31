import { normalizeHost, type HostRefusalReason, type NormalizedHost } from './normalize-host.js';

/** Where a proxied request goes, after strict parsing. */
export interface ProxyTarget {
  readonly host: NormalizedHost;
  readonly port: number;
  /** Path without the query; always starts with `/`. Empty for CONNECT. */
  readonly path: string;
  /** Raw query including the leading `?`, or ''. Forwarded, never logged. */
  readonly query: string;
}

export type TargetRefusalReason =
  | HostRefusalReason
  | 'not-a-proxy-request'
  | 'https-needs-connect'
  | 'unsupported-scheme'
  | 'fragment'
  | 'bad-port'
  | 'missing-port'
  | 'bad-path';

export type ParsedTarget =
  | { readonly ok: true; readonly target: ProxyTarget }
  | { readonly ok: false; readonly reason: TargetRefusalReason };

const fail = (reason: TargetRefusalReason): ParsedTarget => ({ ok: false, reason });

function parsePort(raw: string): number | undefined {
  // Canonical decimal only: `0443` or `+443` are read differently by different parsers.
  if (!/^[1-9]\d{0,4}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= 65535 ? n : undefined;
}

/** Splits `host[:port]` / `[v6][:port]`; the host is normalised, the port canonical. */
function parseAuthority(authority: string, defaultPort: number | undefined): ParsedTarget {
  if (authority.includes('@')) return fail('userinfo');
  let hostPart: string;
  let portPart: string | undefined;
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end < 0) return fail('bad-ipv6');
    hostPart = authority.slice(0, end + 1);
    const rest = authority.slice(end + 1);
    if (rest !== '' && !rest.startsWith(':')) return fail('bad-character');
    portPart = rest === '' ? undefined : rest.slice(1);
  } else {
    const colon = authority.lastIndexOf(':');
    hostPart = colon < 0 ? authority : authority.slice(0, colon);
    portPart = colon < 0 ? undefined : authority.slice(colon + 1);
  }
  const host = normalizeHost(hostPart);
  if (host.kind === 'invalid') return fail(host.reason);
  let port = defaultPort;
  if (portPart !== undefined) {
    port = parsePort(portPart);
    if (port === undefined) return fail('bad-port');
  }
  if (port === undefined) return fail('missing-port');
  return { ok: true, target: { host, port, path: '', query: '' } };
}

/** Dot segments (literal or encoded), encoded slashes and backslashes: the upstream's path normaliser would see another path than the rules did. */
const AMBIGUOUS_PATH = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)|%2f|%5c|\\|%00/i;

/**
 * Request-target of a proxied HTTP request: absolute-form `http://host[:port]/path?query`
 * (RFC 9112 §3.2.2). `https://` must use CONNECT; origin-form is not a proxy request.
 */
export function parseAbsoluteTarget(requestTarget: string): ParsedTarget {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(requestTarget);
  if (!scheme) return fail('not-a-proxy-request');
  const name = scheme[1]!.toLowerCase();
  if (name === 'https') return fail('https-needs-connect');
  if (name !== 'http') return fail('unsupported-scheme');
  // A fragment never belongs in a request; `evil.com#@allowed.com` relies on parsers disagreeing about it.
  if (requestTarget.includes('#')) return fail('fragment');
  const rest = requestTarget.slice(scheme[0].length);
  const end = rest.search(/[/?\\]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  if (end >= 0 && rest[end] === '\\') return fail('bad-character');
  const parsed = parseAuthority(authority, 80);
  if (!parsed.ok) return parsed;
  const pathAndQuery = end < 0 ? '/' : rest.slice(end);
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const query = q < 0 ? '' : pathAndQuery.slice(q);
  const fullPath = path === '' ? '/' : path;
  if (!fullPath.startsWith('/') || AMBIGUOUS_PATH.test(fullPath)) return fail('bad-path');
  return { ok: true, target: { ...parsed.target, path: fullPath, query } };
}

/**
 * Request-target inside a tunnel the proxy terminated: origin-form `/path?query` (RFC 9112 §3.2.1)
 * toward the tunnel's own authority, checked like an absolute-form target's path.
 */
export function parseOriginTarget(requestTarget: string, authority: ProxyTarget): ParsedTarget {
  if (!requestTarget.startsWith('/')) return fail('not-a-proxy-request');
  if (requestTarget.includes('#')) return fail('fragment');
  const q = requestTarget.indexOf('?');
  const path = q < 0 ? requestTarget : requestTarget.slice(0, q);
  const query = q < 0 ? '' : requestTarget.slice(q);
  if (AMBIGUOUS_PATH.test(path)) return fail('bad-path');
  return { ok: true, target: { host: authority.host, port: authority.port, path, query } };
}

/** Request-target of CONNECT: authority-form `host:port` with an explicit port (RFC 9112 §3.2.3). */
export function parseConnectTarget(requestTarget: string): ParsedTarget {
  if (/[/?#\\]/.test(requestTarget)) return fail('bad-character');
  return parseAuthority(requestTarget, undefined);
}

/** The host a `Host:` header names, normalised like the target; undefined when unparseable. */
export function hostHeaderTarget(value: string, defaultPort: number): ProxyTarget | undefined {
  const parsed = parseAuthority(value, defaultPort);
  return parsed.ok ? parsed.target : undefined;
}
