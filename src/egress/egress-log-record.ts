/**
 * What the proxy records per request or tunnel: metadata only. Never bodies, query strings or
 * header values (Authorization, cookies), since any of them can carry the secret being exfiltrated.
 */
export interface EgressLogRecord {
  readonly time: string;
  /** `https`: a request inside a tunnel the proxy terminated (a host a credential is bound to). */
  readonly kind: 'http' | 'https' | 'connect' | 'upgrade';
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
  /** The credential the request carried (its id, never a value), and whether the proxy put the real one in. */
  readonly credential?: string;
  readonly resolved?: boolean;
  /** What `data.airlock.egress` decided, when it was asked. */
  readonly policy?: 'allow' | 'resolve' | 'deny';
}
