import type { IncomingHttpHeaders } from 'node:http';
import { KnownValues } from '../scan/known-values.js';
import type { CustomAwsEndpoint } from './aws-endpoint.js';
import type { AwsCredentials } from './aws-resign.js';
import { queryParameters, readAwsSignature } from './aws-signed-request.js';
import { compileEgressPolicy, DEFAULT_EGRESS_LIMITS, hostMatches, type CompiledEgressPolicy, type HostRule } from './egress-policy.js';
import type { ProxyTarget } from './parse-proxy-target.js';
import type { ResolutionStop, ResolutionSwitch } from './resolution-switch.js';

/** `cloud`: an AWS session (re-signed); `gcp-token`, `azure-token`: a Google Cloud or Azure access token (a bearer token). */
export type CredentialKind = 'github-token' | 'vault-secret' | 'llm-key' | 'cloud' | 'gcp-token' | 'azure-token';

/**
 * Where in a request a credential may stand (and so be replaced by the real value):
 * `authorization`: `Authorization: Bearer|token <credential>`;
 * `basic`: `Authorization: Basic base64(user:<credential>)`, as git sends `x-access-token:<token>`
 * (or the credential as the user name with an empty password, the other form GitHub accepts);
 * `header`: the whole value of one named header (e.g. `x-api-key`);
 * `aws-sigv4`: an AWS Signature Version 4 made with the placeholder credentials (the access key id
 * in the credential scope, the session token in `x-amz-security-token`, or both in the query of a
 * presigned URL), which the proxy checks and makes again with the real ones (aws-resign.ts).
 */
export type Placement =
  | { readonly kind: 'authorization'; readonly schemes: readonly ('bearer' | 'token')[] }
  | { readonly kind: 'basic' }
  | { readonly kind: 'header'; readonly name: string }
  | { readonly kind: 'aws-sigv4' };

/** An AWS session the agent holds placeholders for: it signs with these, the proxy re-signs with the real session. */
export interface AwsBinding {
  /** The agent's credentials; their access key id is the binding's `placeholder`. */
  readonly placeholder: AwsCredentials;
  readonly real: () => AwsCredentials;
  /** Hosts that are not under amazonaws.com, by `host:port`, mapped to the service they serve (the `aws-endpoints` input). */
  readonly endpoints: ReadonlyMap<string, CustomAwsEndpoint>;
  /** The role the session was assumed as, for the policy and the attestation. */
  readonly roleArn: string;
}

/** A Google Cloud or Azure access token the agent holds a placeholder bearer token for: what the egress policy learns of it. */
export interface BearerCloudBinding {
  readonly provider: 'gcp' | 'azure';
  /** The service account or workload identity principal (GCP), the client id (Azure). */
  readonly identity: string;
  /** The service a bound host serves, for the policy (`cloud.service` of policies/schemas/egress-input.schema.json). */
  serviceOf(host: string, port: number): string;
}

/**
 * One credential the run holds, as the egress proxy knows it: the agent holds `placeholder`, and
 * only a request to one of `hosts` that carries it in one of `placements` gets the real value.
 */
export interface CredentialBinding {
  /** Safe to print and to hand to the policy, e.g. `github-token`, `vault:NPM_TOKEN`. */
  readonly id: string;
  readonly kind: CredentialKind;
  readonly placeholder: string;
  readonly hosts: readonly HostRule[];
  readonly placements: readonly Placement[];
  /** The real value now; a refreshed token replaces it while the placeholder stays. */
  readonly real: () => string;
  /** Resolution waits for a human's approval through the App (see approval-client.ts). */
  readonly approval?: 'required' | 'policy';
  /**
   * Forwarded as the placeholder, for a local service that swaps it itself (the LLM gateway,
   * which holds the real key). The proxy still checks host and placement.
   */
  readonly resolvedDownstream?: boolean;
  /** Set for an AWS session (placement `aws-sigv4`): every request to its hosts must be signed with it. */
  readonly aws?: AwsBinding;
  /** Set for a Google Cloud or Azure access token (kind `gcp-token`, `azure-token`). */
  readonly cloud?: BearerCloudBinding;
}

export type ResolutionRefusal =
  | 'placeholder-in-url'
  | 'placeholder-misplaced'
  | 'placeholder-wrong-host'
  | 'placeholders-mixed'
  | 'placeholder-over-plain-http'
  | 'aws-unsigned'
  | 'aws-foreign-credential'
  | 'aws-session-token-mismatch'
  | 'aws-signing-unsupported'
  | ResolutionStop;

/** A credential found in its place: `header` is replaced by `value(real)` when it is resolved. */
export interface FoundCredential {
  readonly credential: CredentialBinding;
  readonly placement: Placement['kind'];
  readonly header: string;
  readonly value: (real: string) => string;
}

export type CredentialSearch =
  | { readonly ok: true; readonly found?: FoundCredential }
  | {
      readonly ok: false;
      readonly reason: ResolutionRefusal;
      readonly detail?: string;
      /** For a placeholder refused where it stood: the credential's id (never a value), for the log and telemetry. */
      readonly credential?: string;
    };

/** The bindings compiled once: host rules per credential, and every encoding of every placeholder. */
export interface CredentialSet {
  readonly bindings: readonly CredentialBinding[];
  /** Placeholders and their encodings (base64 at each alignment, hex, URL, reversed). */
  readonly placeholders: KnownValues;
  /** Whether some credential (other than those resolved downstream) is bound to this destination. */
  terminates(host: ProxyTarget['host'], port: number): boolean;
  /** Where a request's credential stands, or why it may not go at all. */
  find(request: { readonly scheme: 'http' | 'https'; readonly target: ProxyTarget; readonly headers: IncomingHttpHeaders; readonly url: string }): CredentialSearch;
  /** Why no credential may be resolved any more (resolution-switch.ts), asked again just before one is put in. */
  stopped(): ResolutionStop | undefined;
}

function compiled(hosts: readonly HostRule[]): CompiledEgressPolicy {
  return compileEgressPolicy({ hosts, ...DEFAULT_EGRESS_LIMITS });
}

/** `Authorization` forms the proxy understands; anything else carrying a placeholder is misplaced. */
function authorizationCandidate(value: string, byPlaceholder: ReadonlyMap<string, CredentialBinding>): Omit<FoundCredential, 'header'> | undefined {
  const scheme = /^(Bearer|token)[ ]+(\S+)$/i.exec(value);
  if (scheme) {
    const credential = byPlaceholder.get(scheme[2]!);
    const kind = scheme[1]!.toLowerCase() as 'bearer' | 'token';
    const word = scheme[1]!;
    if (credential?.placements.some((p) => p.kind === 'authorization' && p.schemes.includes(kind)))
      return { credential, placement: 'authorization', value: (real) => `${word} ${real}` };
    return undefined;
  }
  const basic = /^Basic[ ]+([A-Za-z0-9+/]+={0,2})$/i.exec(value);
  if (!basic) return undefined;
  const text = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const user = text.slice(0, colon);
  const password = text.slice(colon + 1);
  const asPassword = byPlaceholder.get(password);
  // GitHub takes a token as the password (any user name) or as the user name with no password
  // (or the literal x-oauth-basic). https://docs.github.com/en/get-started/git-basics/about-remote-repositories
  const asUser = password === '' || password === 'x-oauth-basic' ? byPlaceholder.get(user) : undefined;
  const credential = asPassword ?? asUser;
  if (!credential?.placements.some((p) => p.kind === 'basic')) return undefined;
  return {
    credential,
    placement: 'basic',
    value: (real) => `Basic ${Buffer.from(asPassword ? `${user}:${real}` : `${real}:${password}`, 'utf8').toString('base64')}`,
  };
}

/**
 * Compiles the run's credentials for the proxy. A placeholder is resolved only in a place its
 * binding names, toward a host its binding names, over TLS; anywhere else (URL, query, another
 * header, another host) the request is refused, so no encoding of a real value can be made to
 * leave through a place the proxy fills in (THREATS.md §F 33).
 */
export function compileCredentials(bindings: readonly CredentialBinding[], options: { readonly resolution?: ResolutionSwitch } = {}): CredentialSet {
  const byPlaceholder = new Map(bindings.map((b) => [b.placeholder, b]));
  if (byPlaceholder.size !== bindings.length) throw new Error('two credentials share a placeholder');
  const hosts = new Map(bindings.map((b) => [b, compiled(b.hosts)]));
  // Binding by binding: one policy of every binding's hosts would match only the first rule for a host,
  // and two credentials bound to one host on different ports (two local endpoints) would lose the second.
  const terminating = bindings.filter((b) => !b.resolvedDownstream).map((b) => hosts.get(b)!);
  // An AWS session's secret and token placeholders are the agent's too: found anywhere, they are misplaced.
  const placeholders = new KnownValues(
    bindings.flatMap((b) => [
      { value: b.placeholder, label: b.id },
      ...(b.aws ? [{ value: b.aws.placeholder.secretAccessKey, label: b.id }, ...(b.aws.placeholder.sessionToken ? [{ value: b.aws.placeholder.sessionToken, label: b.id }] : [])] : []),
    ]),
  );
  /** The id of a credential whose placeholder (in any encoding) the text carries, or undefined. */
  const carrier = (text: string): string | undefined => {
    let label: string | undefined;
    placeholders.find(text, 0, text.length, (_, needle) => (label ??= needle.label));
    return label;
  };
  const carries = (text: string): boolean => carrier(text) !== undefined;
  const awsBindings = bindings.filter((b) => b.aws);
  /**
   * Every request to a host an AWS session is bound to must be signed with that session's
   * placeholders (THREATS.md §F 36): unsigned, signed with another key or token, or in a form
   * the proxy cannot check, it is refused. Undefined: not an AWS request of this run.
   */
  const awsSearch = (target: ProxyTarget, headers: IncomingHttpHeaders, url: string): { ok: true; found: FoundCredential; form: 'header' | 'query' } | { ok: false; reason: ResolutionRefusal; detail?: string; credential?: string } | undefined => {
    if (awsBindings.length === 0) return undefined;
    const q = url.indexOf('?');
    const read = readAwsSignature(headers, q < 0 ? '' : url.slice(q + 1));
    const signedWith = read.kind === 'signed' ? awsBindings.find((b) => b.placeholder === read.signature.accessKeyId) : undefined;
    const bound = awsBindings.find((b) => hostMatches(target.host, target.port, hosts.get(b)!));
    if (!bound) return signedWith ? { ok: false, reason: 'placeholder-wrong-host', credential: signedWith.id } : undefined;
    const host = target.host.host;
    if (read.kind === 'none') return { ok: false, reason: 'aws-unsigned', detail: `requests to ${host} must be signed (SigV4) with the AWS credentials this run gave the agent` };
    if (read.kind === 'unsupported') return { ok: false, reason: 'aws-signing-unsupported', detail: read.why };
    if (signedWith !== bound) return { ok: false, reason: 'aws-foreign-credential', detail: `the request to ${host} is signed with an access key this run did not give the agent` };
    if (read.signature.sessionToken !== bound.aws!.placeholder.sessionToken) return { ok: false, reason: 'aws-session-token-mismatch', detail: 'the request must carry the session token this run gave the agent' };
    const found: FoundCredential = {
      credential: bound,
      placement: 'aws-sigv4',
      header: 'authorization',
      value: () => {
        throw new Error('an AWS request is signed again, never given a value in place');
      },
    };
    return { ok: true, found, form: read.signature.form };
  };
  return {
    bindings,
    placeholders,
    terminates: (host, port) => terminating.some((policy) => hostMatches(host, port, policy)),
    stopped: () => options.resolution?.stopped,
    find({ scheme, target, headers, url }) {
      const aws = awsSearch(target, headers, url);
      if (aws && !aws.ok) return aws;
      // Where an AWS signature carries its placeholders (its credential and token), and nowhere else.
      const consumed = new Set(aws?.form === 'header' ? ['authorization', 'x-amz-security-token'] : []);
      const checkedUrl = aws?.form === 'query' ? withoutQueryParameters(url, ['X-Amz-Credential', 'X-Amz-Security-Token']) : url;
      const inUrl = carrier(checkedUrl);
      if (inUrl) return { ok: false, reason: 'placeholder-in-url', credential: inUrl };
      let found: FoundCredential | undefined = aws?.found;
      for (const [name, raw] of Object.entries(headers)) {
        if (raw === undefined || consumed.has(name)) continue;
        const values = Array.isArray(raw) ? raw : [raw];
        if (!values.some(carries)) continue;
        // One credential per request, in one header, once: anything more is not a client's normal use.
        if (found || values.length !== 1) return { ok: false, reason: 'placeholders-mixed', credential: values.map(carrier).find(Boolean)! };
        const value = values[0]!;
        const candidate =
          name === 'authorization'
            ? authorizationCandidate(value, byPlaceholder)
            : (() => {
                const credential = byPlaceholder.get(value);
                return credential?.placements.some((p) => p.kind === 'header' && p.name.toLowerCase() === name)
                  ? { credential, placement: 'header' as const, value: (real: string) => real }
                  : undefined;
              })();
        if (!candidate) return { ok: false, reason: 'placeholder-misplaced', credential: carrier(value)! };
        found = { ...candidate, header: name };
      }
      if (!found) return { ok: true };
      if (!hostMatches(target.host, target.port, hosts.get(found.credential)!)) return { ok: false, reason: 'placeholder-wrong-host', credential: found.credential.id };
      // Containment revoked the run's credentials: no binding resolves any more (misuse is still named above).
      const stopped = options.resolution?.stopped;
      if (stopped) return { ok: false, reason: stopped, detail: `the Airlock App's containment revoked this run's credentials; ${found.credential.id} is no longer resolved`, credential: found.credential.id };
      // A real credential never crosses the network in clear; a local downstream resolver is not the network.
      if (scheme === 'http' && !found.credential.resolvedDownstream) return { ok: false, reason: 'placeholder-over-plain-http' };
      return { ok: true, found };
    },
  };
}

/** `url` without the named query parameters (their values are checked elsewhere). */
function withoutQueryParameters(url: string, names: readonly string[]): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const kept = url
    .slice(q + 1)
    .split('&')
    .filter((part) => {
      const name = part.slice(0, part.includes('=') ? part.indexOf('=') : part.length);
      return !names.some((n) => [...queryParameters(name).keys()][0] === n);
    });
  return `${url.slice(0, q)}?${kept.join('&')}`;
}
