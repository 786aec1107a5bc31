import { normalizeHost } from '../egress/normalize-host.js';
import { GatewayError } from './gateway-error.js';

/** Where a provider route forwards: one https origin, checked once at start. */
export interface UpstreamOrigin {
  /** Host to connect to: a name, an IPv4 address or an IPv6 address without brackets. */
  readonly host: string;
  readonly port: number;
  /** `host:port` as logged; never carries a path or credentials. */
  readonly label: string;
}

/**
 * Parses a provider upstream such as `https://api.anthropic.com`. Only https: the real key
 * travels on this connection, so the certificate is what binds it to the provider. No path,
 * query or userinfo, so one string cannot name two places.
 */
export function parseUpstreamOrigin(raw: string): UpstreamOrigin {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GatewayError('invalid-options', `upstream "${raw}" is not a URL`);
  }
  if (url.protocol !== 'https:')
    throw new GatewayError('invalid-options', `upstream "${raw}" must use https`);
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash)
    throw new GatewayError(
      'invalid-options',
      `upstream "${raw}" must be an origin only (no credentials, path, query or fragment)`,
    );
  const host = normalizeHost(url.hostname);
  if (host.kind === 'invalid')
    throw new GatewayError('invalid-options', `upstream "${raw}": bad host (${host.reason})`);
  const port = url.port === '' ? 443 : Number(url.port);
  const shown = host.kind === 'ipv6' ? `[${host.host}]` : host.host;
  return { host: host.host, port, label: `${shown}:${port}` };
}
