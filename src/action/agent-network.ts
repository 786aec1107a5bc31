import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import type { AgentRunPredicate } from '../attest/agent-run-statement.js';
import { connectPublicUpstream } from '../egress/connect-upstream.js';
import { compileCredentials, type CredentialBinding } from '../egress/credential-binding.js';
import type { EgressLogRecord } from '../egress/egress-log-record.js';
import { DEFAULT_EGRESS_LIMITS, type HostRule } from '../egress/egress-policy.js';
import { startEgressProxy, type EgressProxy } from '../egress/egress-proxy.js';
import type { ApproveResolution, DecideRequest } from '../egress/inspect-request.js';
import type { ResolutionSwitch } from '../egress/resolution-switch.js';
import { routedUpstream } from '../egress/routed-upstream.js';
import { SYSTEM_BUNDLE } from '../egress/runner-trust-store.js';
import { gatewayEnvironment } from '../gateway/gateway-environment.js';
import type { GatewayLogRecord } from '../gateway/gateway-log-record.js';
import { startLlmGateway, type LlmGateway } from '../gateway/llm-gateway.js';
import { PROVIDER_DEFINITIONS, type LlmProvider } from '../gateway/llm-providers.js';
import type { KnownValue } from '../scan/known-values.js';
import { createCertificateAuthority, type CertificateAuthority } from '../tls/certificate-authority.js';
import type { ActionSettings } from './action-settings.js';
import { RESERVED_SUFFIX } from './allowed-hosts.js';

/** The virtual host the sandboxed agent reaches the LLM gateway at, through the egress proxy. */
export const GATEWAY_HOST = `llm${RESERVED_SUFFIX}`;

/** What the attestation states about the agent's isolation and network. */
export interface NetworkFacts {
  sandbox: AgentRunPredicate['sandbox'];
  egress: AgentRunPredicate['egress'];
}

/** The run's credentials as the network sees them (see run-main.ts). */
export interface NetworkCredentials {
  /** Credentials the proxy resolves toward their hosts (GitHub token, bound Vault secrets). */
  readonly bindings: readonly CredentialBinding[];
  /** Every real value the run holds, asked per request: refused on the way out, scrubbed from resolved answers. */
  readonly protectedValues: () => readonly KnownValue[];
  readonly decide?: DecideRequest;
  readonly approve?: ApproveResolution;
  /** The egress policy's decision counts, for the attestation. */
  readonly policyCounts?: () => { allowed: number; resolved: number; denied: number };
  /** Shared by the proxy and the gateway: once stopped (containment), no credential is resolved. */
  readonly resolution?: ResolutionSwitch;
  /** Each record as it is made, for run telemetry (src/telemetry/run-telemetry.ts). */
  readonly onEgressLog?: (record: EgressLogRecord) => void;
  readonly onGatewayLog?: (record: GatewayLogRecord) => void;
  /** The run CA when made ahead (runMain makes it while the exchange waits); made here otherwise. Used only when a credential is bound. */
  readonly authority?: CertificateAuthority;
}

/** The run's CA, for the TLS the proxy terminates toward bound hosts: its key never leaves this process. */
export const runCertificateAuthority = (): CertificateAuthority => createCertificateAuthority({ commonName: 'Airlock run CA (this job only)' });

export interface AgentNetwork {
  /** Variables for the agent: gateway base URLs and placeholder keys (no secret among them). */
  readonly env: Record<string, string>;
  /** The egress proxy's socket for the sandbox; absent when the agent has no network at all. */
  readonly egress?: { socketPath: string };
  /** The run CA's certificate and the trust bundle with it, for the sandbox's trust stores. */
  readonly trust?: { caFile: string; bundleFile: string };
  facts(): NetworkFacts;
  /** One line for the job log: request counts and each refused destination (host:port, reason), never paths or bodies. */
  summary(): string | undefined;
  close(): Promise<void>;
}

/** The gateway's own routes as an allow-list rule: plain http on port 80, listed methods and paths only (so never tunnelled). */
function gatewayRule(providers: readonly LlmProvider[]): HostRule {
  const routes = providers.flatMap((p) => PROVIDER_DEFINITIONS[p].routes.map((r) => ({ method: r.method, path: `/${p}${r.path}` })));
  return { host: GATEWAY_HOST, ports: [80], methods: [...new Set(routes.map((r) => r.method))], paths: routes.map((r) => r.path) };
}

/** The LLM placeholders as credentials the proxy lets through only toward the gateway, which swaps them itself. */
function gatewayBindings(placeholders: Readonly<Partial<Record<LlmProvider, string>>>): CredentialBinding[] {
  return (Object.entries(placeholders) as [LlmProvider, string][]).map(([provider, placeholder]) => ({
    id: `llm:${provider}`,
    kind: 'llm-key',
    placeholder,
    hosts: [{ host: GATEWAY_HOST, ports: [80] }],
    placements: PROVIDER_DEFINITIONS[provider].keyConvention === 'x-api-key' ? [{ kind: 'header', name: 'x-api-key' }] : [{ kind: 'authorization', schemes: ['bearer'] }],
    real: () => placeholder,
    resolvedDownstream: true,
  }));
}

/** One rule per host, ports merged: the proxy matches the first rule for a host, so a second would never be reached. */
function mergeHostRules(rules: readonly HostRule[]): HostRule[] {
  const merged = new Map<string, HostRule>();
  for (const rule of rules) {
    const seen = merged.get(rule.host);
    if (!seen) merged.set(rule.host, rule);
    // A rule with method or path limits is kept as it is (only the gateway's has them; its host is reserved).
    else if (!seen.methods && !seen.paths && !rule.methods && !rule.paths) merged.set(rule.host, { host: rule.host, ports: [...new Set([...(seen.ports ?? [443]), ...(rule.ports ?? [443])])].sort((a, b) => a - b) });
  }
  return [...merged.values()];
}

const entries = (rules: readonly HostRule[]) => rules.flatMap((r) => (r.ports ?? [443]).map((p) => `${r.host}:${p}`));

/** The system roots plus the run CA: what the sandbox's tools trust (the run CA alone would cut them off from every opaque tunnel). */
async function trustBundle(caPem: string): Promise<string> {
  const system = await readFile(SYSTEM_BUNDLE, 'utf8').catch(() => rootCertificates.join('\n'));
  return `${system.trimEnd()}\n${caPem}`;
}

/**
 * Starts what the agent's network is made of for this run. With `sandbox: bwrap` or `container`: the egress proxy
 * on a private unix socket, allowing `allowed-hosts` plus every host a credential is bound to. Those
 * bound hosts get their TLS terminated with a CA created for this run (its key never leaves this
 * process; the sandbox trusts its certificate), so each request to them is inspected and the
 * agent's placeholder replaced there and only there. With LLM keys, the gateway sits behind the
 * virtual host `llm.airlock`. With no host and no key, nothing is started: the sandbox has
 * loopback only. With `sandbox: none` (which gets no credential, see action-settings.ts) nothing
 * is started and the agent keeps the runner's network.
 */
export async function startAgentNetwork(settings: Pick<ActionSettings, 'sandbox' | 'allowedHosts' | 'llm' | 'egressEnforcement'>, credentials: NetworkCredentials): Promise<AgentNetwork> {
  const providers = Object.keys(settings.llm) as LlmProvider[];
  const egressLogs: EgressLogRecord[] = [];
  const gatewayLogs: GatewayLogRecord[] = [];
  // Private (0700) directory for the sockets and the run CA's public certificate.
  const dir = await mkdtemp(join(tmpdir(), 'airlock-network-'));
  let gateway: LlmGateway | undefined;
  let proxy: EgressProxy | undefined;
  let trust: AgentNetwork['trust'];
  let closing: Promise<void> | undefined;
  // Idempotent: main closes it when the agent ends, and again on its way out after an error.
  const close = () =>
    (closing ??= (async () => {
      await proxy?.close();
      await gateway?.close();
      await rm(dir, { recursive: true, force: true });
    })());
  const sandboxed = settings.sandbox !== 'none';
  const backend = settings.sandbox === 'container' ? 'container' : 'bwrap';
  const bound = credentials.bindings.flatMap((b) => b.hosts);
  const hosts = mergeHostRules([...settings.allowedHosts.rules, ...bound]);
  try {
    if (providers.length) {
      gateway = await startLlmGateway({
        providers: settings.llm,
        onLog: (r) => {
          gatewayLogs.push(r);
          credentials.onGatewayLog?.(r);
        },
        sensitiveValues: credentials.protectedValues,
        ...(credentials.resolution ? { resolution: credentials.resolution } : {}),
        socketPath: join(dir, 'gateway.sock'),
      });
    }
    const rules = [...hosts, ...(gateway ? [gatewayRule(providers)] : [])];
    if (sandboxed && rules.length) {
      const bindings = [...credentials.bindings, ...gatewayBindings(gateway?.placeholderKeys ?? {})];
      const authority = credentials.bindings.length ? (credentials.authority ?? runCertificateAuthority()) : undefined;
      if (authority) {
        trust = { caFile: join(dir, 'airlock-run-ca.pem'), bundleFile: join(dir, 'airlock-ca-bundle.pem') };
        await writeFile(trust.caFile, authority.certPem, { mode: 0o644 });
        await writeFile(trust.bundleFile, await trustBundle(authority.certPem), { mode: 0o644 });
      }
      proxy = await startEgressProxy({
        policy: { hosts: rules, ...DEFAULT_EGRESS_LIMITS },
        enforcement: settings.egressEnforcement,
        socketPath: join(dir, 'egress.sock'),
        onLog: (r) => {
          egressLogs.push(r);
          credentials.onEgressLog?.(r);
        },
        credentials: compileCredentials(bindings, credentials.resolution ? { resolution: credentials.resolution } : {}),
        ...(authority ? { authority } : {}),
        protectedValues: credentials.protectedValues,
        ...(credentials.decide ? { decide: credentials.decide } : {}),
        ...(credentials.approve ? { approve: credentials.approve } : {}),
        // Some clients tunnel even http:// base URLs with CONNECT (the Node build of Claude Code's proxy agent): read as plain HTTP, checked per request.
        ...(gateway?.socketPath ? { connectUpstream: routedUpstream({ [GATEWAY_HOST]: { socketPath: gateway.socketPath } }, connectPublicUpstream()), plainTunnelHosts: [GATEWAY_HOST] } : {}),
      });
    }
  } catch (error) {
    await close();
    throw error;
  }
  const allowedHosts = [...entries(hosts), ...(gateway ? [`${GATEWAY_HOST}:80`] : [])];
  return {
    env: gateway ? gatewayEnvironment(`http://${GATEWAY_HOST}`, gateway.placeholderKeys) : {},
    ...(proxy ? { egress: { socketPath: proxy.socketPath } } : {}),
    ...(trust ? { trust } : {}),
    facts: () => {
      if (!sandboxed) return { sandbox: { backend: 'none', network: 'host' }, egress: { mode: 'unrestricted' } };
      if (!proxy) return { sandbox: { backend, network: 'none' }, egress: { mode: 'none' } };
      const resolutions: Record<string, number> = {};
      for (const r of egressLogs) if (r.resolved && r.credential) resolutions[r.credential] = (resolutions[r.credential] ?? 0) + 1;
      for (const r of gatewayLogs) if (r.decision !== 'deny' && r.provider) resolutions[`llm:${r.provider}`] = (resolutions[`llm:${r.provider}`] ?? 0) + 1;
      const requests = egressLogs.filter((r) => !(r.kind === 'connect' && r.reason === 'terminated'));
      return {
        sandbox: { backend, network: 'proxy' },
        egress: {
          mode: 'proxy',
          enforcement: settings.egressEnforcement,
          allowedHosts,
          requests: requests.length,
          blocked: requests.filter((r) => r.decision === 'deny').length,
          ...(settings.egressEnforcement === 'audit' ? { wouldBlock: requests.filter((r) => r.reason?.startsWith('audit:')).length } : {}),
          ...(Object.keys(resolutions).length ? { resolutions } : {}),
          ...(credentials.policyCounts ? { policy: credentials.policyCounts() } : {}),
        },
      };
    },
    summary: () => {
      if (!proxy && !gateway) return undefined;
      const requests = egressLogs.filter((r) => !(r.kind === 'connect' && r.reason === 'terminated'));
      const denied = requests.filter((r) => r.decision === 'deny');
      const refused = [...new Set(denied.map((r) => `${r.host || '(unparseable)'}${r.port ? `:${r.port}` : ''} ${r.reason ?? r.status}`))];
      const resolved = requests.filter((r) => r.resolved).length;
      // Audit mode: every destination block would have refused, so the allow-list can be built from it.
      const audited = [...new Set(requests.filter((r) => r.reason?.startsWith('audit:')).map((r) => `${r.host}${r.port ? `:${r.port}` : ''} ${r.reason!.slice('audit:'.length)}`))];
      const egress = proxy
        ? `Egress: ${requests.length} request(s), ${denied.length} refused${refused.length ? ` (${refused.slice(0, 10).join(', ')}${refused.length > 10 ? ', …' : ''})` : ''}${resolved ? `, ${resolved} with a credential resolved` : ''}${settings.egressEnforcement === 'audit' ? `; audit mode, block would refuse ${audited.length ? audited.join(', ') : 'nothing'}` : ''}`
        : `Egress: ${sandboxed ? 'none' : 'unrestricted (sandbox: none)'}`;
      const llm = gateway ? `; LLM gateway: ${gatewayLogs.length} request(s), ${gatewayLogs.filter((r) => r.decision === 'deny').length} refused` : '';
      return `${egress}${llm}.`;
    },
    close,
  };
}
