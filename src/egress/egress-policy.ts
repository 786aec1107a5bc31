import { GlobError } from '../glob/glob-error.js';
import { globToRegExp } from '../glob/glob-to-regexp.js';
import { normalizeHost, type NormalizedHost } from './normalize-host.js';
import type { ProxyTarget } from './parse-proxy-target.js';

/** One allowed destination. `host` is an exact name, `*.example.com` (subdomains only, not the apex) or an IP literal. */
export interface HostRule {
  readonly host: string;
  /** Default [443]. Plain HTTP needs 80 listed explicitly. */
  readonly ports?: readonly number[];
  /** Upper-case methods; absent = any method. A host with method or path rules cannot be tunnelled (CONNECT hides both). */
  readonly methods?: readonly string[];
  /** Path globs (`*` within a segment, `**` across segments; src/glob/glob-to-regexp.ts); absent = any path. */
  readonly paths?: readonly string[];
  /** CONNECT tunnels to this host; default true. */
  readonly connect?: boolean;
}

export interface EgressPolicy {
  readonly hosts: readonly HostRule[];
  /**
   * Request bodies above this are refused with 413: before anything is sent upstream when the
   * length is declared or the cap is at most HOLD_BYTES (inspect-request.ts); otherwise the
   * upstream request, already streaming, is aborted and never complete.
   */
  readonly maxRequestBodyBytes: number;
  /** Token bucket per destination host: sustained rate and burst. */
  readonly requestsPerMinute: number;
  readonly burst: number;
  /** Further client connections are dropped, not queued (THREATS.md §E 27). */
  readonly maxConnections: number;
  /** Request body bytes held at once (each request's unsent hold-back); beyond it requests get 503 rather than memory growing. */
  readonly maxBufferedBytes: number;
}

export const DEFAULT_EGRESS_LIMITS = {
  maxRequestBodyBytes: 10 * 1024 * 1024,
  requestsPerMinute: 600,
  burst: 60,
  maxConnections: 256,
  maxBufferedBytes: 64 * 1024 * 1024,
} as const;

export class EgressPolicyError extends Error {
  override readonly name = 'EgressPolicyError';
  constructor(
    readonly code:
      'invalid-host' | 'invalid-port' | 'invalid-method' | 'invalid-path' | 'invalid-limit',
    message: string,
  ) {
    super(message);
  }
}

interface CompiledRule {
  readonly rule: HostRule;
  readonly exact?: string;
  readonly suffix?: string;
  readonly kind: NormalizedHost['kind'];
  readonly ports: ReadonlySet<number>;
  readonly methods?: ReadonlySet<string>;
  readonly paths?: readonly RegExp[];
}

export interface CompiledEgressPolicy {
  readonly policy: EgressPolicy;
  readonly rules: readonly CompiledRule[];
}

export type EgressDenyReason =
  | 'host-not-allowed'
  | 'ip-literal-not-allowed'
  | 'port-not-allowed'
  | 'method-not-allowed'
  | 'path-not-allowed'
  | 'connect-not-allowed'
  | 'connect-bypasses-rules'
  | 'host-header-mismatch';

export type EgressDecision =
  | { readonly allow: true; readonly rule: HostRule }
  | { readonly allow: false; readonly status: 403; readonly reason: EgressDenyReason };

/** A path rule as the one glob matcher reads it (src/glob/glob-to-regexp.ts); it must start with `/`. */
function pathRule(glob: string): RegExp {
  if (!glob.startsWith('/'))
    throw new EgressPolicyError('invalid-path', `path rule "${glob}" must start with /`);
  try {
    return globToRegExp(glob);
  } catch (error) {
    if (error instanceof GlobError) throw new EgressPolicyError('invalid-path', `path rule: ${error.message}`);
    throw error;
  }
}

/** Validates and normalises a policy once; refuses entries that could never match safely. */
export function compileEgressPolicy(policy: EgressPolicy): CompiledEgressPolicy {
  for (const [name, value] of Object.entries({
    maxRequestBodyBytes: policy.maxRequestBodyBytes,
    requestsPerMinute: policy.requestsPerMinute,
    burst: policy.burst,
    maxConnections: policy.maxConnections,
    maxBufferedBytes: policy.maxBufferedBytes,
  })) {
    if (!Number.isInteger(value) || value < 0)
      throw new EgressPolicyError('invalid-limit', `${name} must be a non-negative integer`);
  }
  const rules = policy.hosts.map((rule): CompiledRule => {
    const wildcard = rule.host.startsWith('*.');
    const normalized = normalizeHost(wildcard ? rule.host.slice(2) : rule.host);
    if (normalized.kind === 'invalid')
      throw new EgressPolicyError(
        'invalid-host',
        `allow-list entry "${rule.host}": ${normalized.reason}`,
      );
    if (wildcard && normalized.kind !== 'name')
      throw new EgressPolicyError(
        'invalid-host',
        `allow-list entry "${rule.host}": wildcards apply to names only`,
      );
    const ports = rule.ports ?? [443];
    for (const p of ports)
      if (!Number.isInteger(p) || p < 1 || p > 65535)
        throw new EgressPolicyError(
          'invalid-port',
          `allow-list entry "${rule.host}": bad port ${p}`,
        );
    for (const m of rule.methods ?? [])
      if (!/^[A-Z]+$/.test(m) || m === 'CONNECT')
        throw new EgressPolicyError(
          'invalid-method',
          `allow-list entry "${rule.host}": bad method "${m}"`,
        );
    return {
      rule,
      kind: normalized.kind,
      ...(wildcard ? { suffix: `.${normalized.host}` } : { exact: normalized.host }),
      ports: new Set(ports),
      ...(rule.methods ? { methods: new Set(rule.methods) } : {}),
      ...(rule.paths ? { paths: rule.paths.map(pathRule) } : {}),
    };
  });
  return { policy, rules };
}

function findRule(host: NormalizedHost, policy: CompiledEgressPolicy): CompiledRule | undefined {
  return policy.rules.find(
    (r) =>
      r.kind === host.kind &&
      (r.exact === host.host || (r.suffix !== undefined && host.host.endsWith(r.suffix))),
  );
}

/** Whether `host:port` matches a rule of `policy` (name, wildcard suffix or IP literal, and port). */
export function hostMatches(host: NormalizedHost, port: number, policy: CompiledEgressPolicy): boolean {
  const rule = findRule(host, policy);
  return rule !== undefined && rule.ports.has(port);
}

const deny = (reason: EgressDenyReason): EgressDecision => ({ allow: false, status: 403, reason });

function decideHost(
  target: ProxyTarget,
  policy: CompiledEgressPolicy,
): CompiledRule | EgressDecision {
  const rule = findRule(target.host, policy);
  if (!rule)
    return deny(target.host.kind === 'name' ? 'host-not-allowed' : 'ip-literal-not-allowed');
  if (!rule.ports.has(target.port)) return deny('port-not-allowed');
  return rule;
}

/** A plain HTTP request in absolute-form. `hostHeader` is the normalised `Host:` header, if sent. */
export function decideHttpRequest(
  method: string,
  target: ProxyTarget,
  hostHeader: ProxyTarget | undefined | 'unparseable',
  policy: CompiledEgressPolicy,
): EgressDecision {
  // RFC 9112 §3.2.2 lets a proxy ignore Host; a mismatch is a host-confusion attempt (THREATS.md §C 11), so refuse it.
  if (
    hostHeader === 'unparseable' ||
    (hostHeader && (hostHeader.host.host !== target.host.host || hostHeader.port !== target.port))
  )
    return deny('host-header-mismatch');
  const found = decideHost(target, policy);
  if ('allow' in found) return found;
  if (found.methods && !found.methods.has(method)) return deny('method-not-allowed');
  if (found.paths && !found.paths.some((re) => re.test(target.path)))
    return deny('path-not-allowed');
  return { allow: true, rule: found.rule };
}

/**
 * CONNECT: only the target can be checked, so hosts with method or path rules are never tunnelled
 * opaquely. `inspected`: the proxy terminates this tunnel's TLS and checks every request in it
 * (a host a credential is bound to), so its method and path rules still apply.
 */
export function decideConnect(target: ProxyTarget, policy: CompiledEgressPolicy, inspected = false): EgressDecision {
  const found = decideHost(target, policy);
  if ('allow' in found) return found;
  if (found.rule.connect === false) return deny('connect-not-allowed');
  if (!inspected && (found.methods || found.paths)) return deny('connect-bypasses-rules');
  return { allow: true, rule: found.rule };
}
