import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { awsEndpointOf, type AwsEndpoint } from './aws-endpoint.js';
import { awsOperationOf } from './aws-operation.js';
import type { AwsSigningRefusal, Resigned } from './aws-resign.js';
import { queryParameters, readAwsSignature } from './aws-signed-request.js';
import type { AwsBinding } from './credential-binding.js';
import type { ProxyTarget } from './parse-proxy-target.js';

/** What the egress policy learns about an AWS request (`aws` of policies/schemas/egress-input.schema.json). */
export interface AwsRequestFacts {
  readonly service: string;
  readonly region: string;
  /** The API operation (`GetObject`, `ListObjectsV2`, `GetCallerIdentity`…), null when the request names none the proxy can read. */
  readonly operation: string | null;
  readonly bucket: string | null;
  readonly key: string | null;
  /** Signed in the query string (a presigned URL) rather than in the Authorization header. */
  readonly presigned: boolean;
  /** The role the session was assumed as. */
  readonly role: string;
}

export type AwsRefusal = AwsSigningRefusal | 'aws-endpoint-unknown' | 'aws-scope-mismatch';

export type PreparedAwsRequest =
  | { readonly ok: true; readonly facts: AwsRequestFacts; resign(forwarded: OutgoingHttpHeaders): Promise<Resigned> }
  | { readonly ok: false; readonly reason: AwsRefusal; readonly detail: string };

/** Header values by lower-case name from `rawHeaders`, every repeat kept, as SigV4 canonicalises them. */
function headerMap(rawHeaders: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    out.set(name, [...(out.get(name) ?? []), rawHeaders[i + 1]!]);
  }
  return out;
}

/**
 * An AWS request found carrying the run's placeholder signature (credential-binding.ts), read whole:
 * the service and region its host serves (or the `aws-endpoints` mapping), which must be what it was
 * signed for; the signature checked with the placeholder credentials; the operation, for the policy.
 * `resign` then signs what the proxy forwards with the real session.
 */
export async function prepareAwsRequest(input: {
  readonly binding: AwsBinding;
  readonly target: ProxyTarget;
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly now: number;
}): Promise<PreparedAwsRequest> {
  const { binding, target } = input;
  const rawQuery = target.query.replace(/^\?/, '');
  const read = readAwsSignature(input.headers, rawQuery);
  if (read.kind !== 'signed') return { ok: false, reason: 'aws-signing-unsupported', detail: read.kind === 'unsupported' ? read.why : 'the request carries no SigV4 signature' };
  const signature = read.signature;
  const custom = binding.endpoints.get(`${target.host.host}:${target.port}`);
  const endpoint: AwsEndpoint | undefined = custom ?? (target.port === 443 ? awsEndpointOf(target.host.host) : undefined);
  if (!endpoint) return { ok: false, reason: 'aws-endpoint-unknown', detail: `${target.host.host}:${target.port} is not an AWS endpoint Airlock recognises (<service>.<region>.amazonaws.com, S3's bucket and path styles, or one listed in aws-endpoints)` };
  if (signature.service !== endpoint.service || signature.region !== endpoint.region) {
    return { ok: false, reason: 'aws-scope-mismatch', detail: `the request is signed for ${signature.service} in ${signature.region}, but ${target.host.host} serves ${endpoint.service} in ${endpoint.region}` };
  }
  const query = queryParameters(rawQuery);
  const signed = { method: input.method, rawPath: target.path, query, headers: headerMap(input.rawHeaders), body: input.body };
  // Loaded on the first AWS request: SigV4 (@smithy/signature-v4) is not what every run needs at start
  // (scripts/build.js splits what is reached only through import() into its own chunk).
  const { checkAwsSignature, resignAwsRequest } = await import('./aws-resign.js');
  const checked = await checkAwsSignature(signed, signature, binding.placeholder, input.now);
  if (!checked.ok) return checked;
  const operation = awsOperationOf({ service: endpoint.service, method: input.method, path: target.path, query, headers: input.headers, body: input.body, ...(endpoint.bucket !== undefined ? { hostBucket: endpoint.bucket } : {}) });
  return {
    ok: true,
    facts: { service: endpoint.service, region: endpoint.region, ...operation, presigned: signature.form === 'query', role: binding.roleArn },
    resign: (forwarded) => resignAwsRequest(signed, signature, checked, forwarded, binding.real()),
  };
}
