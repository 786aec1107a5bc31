/**
 * What the proxy records per request or tunnel: metadata only. Never bodies, query strings or
 * header values (Authorization, cookies), since any of them can carry the secret being exfiltrated.
 */
export interface EgressLogRecord {
  readonly time: string;
  readonly kind: 'http' | 'connect' | 'upgrade';
  readonly method: string;
  /** Normalised host, or '' when the target did not parse. */
  readonly host: string;
  readonly port: number | undefined;
  /** Path without query, cut to 200 characters. '' for CONNECT. */
  readonly path: string;
  readonly decision: 'allow' | 'deny';
  readonly reason?: string;
  readonly status: number;
  readonly requestBytes: number;
  readonly responseBytes: number;
  readonly durationMs: number;
}
