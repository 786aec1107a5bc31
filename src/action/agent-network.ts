import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentRunPredicate } from '../attest/agent-run-statement.js';
import { connectPublicUpstream } from '../egress/connect-upstream.js';
import type { EgressLogRecord } from '../egress/egress-log-record.js';
import { DEFAULT_EGRESS_LIMITS, type HostRule } from '../egress/egress-policy.js';
import { startEgressProxy, type EgressProxy } from '../egress/egress-proxy.js';
import { routedUpstream } from '../egress/routed-upstream.js';
import { gatewayEnvironment } from '../gateway/gateway-environment.js';
import type { GatewayLogRecord } from '../gateway/gateway-log-record.js';
import { startLlmGateway, type LlmGateway } from '../gateway/llm-gateway.js';
import { PROVIDER_DEFINITIONS, type LlmProvider } from '../gateway/llm-providers.js';
import { placeholderInspector } from '../gateway/placeholder-inspector.js';
import type { KnownValue } from '../scan/known-values.js';
import type { ActionSettings } from './action-settings.js';
import { RESERVED_SUFFIX } from './allowed-hosts.js';

/** The virtual host the sandboxed agent reaches the LLM gateway at, through the egress proxy. */
export const GATEWAY_HOST = `llm${RESERVED_SUFFIX}`;

/** What the attestation states about the agent's isolation and network. */
export interface NetworkFacts {
  sandbox: AgentRunPredicate['sandbox'];
  egress: AgentRunPredicate['egress'];
}

export interface AgentNetwork {
  /** Variables for the agent: gateway base URLs and placeholder keys (no secret among them). */
  readonly env: Record<string, string>;
  /** The egress proxy's socket for the sandbox; absent when the agent has no network at all. */
  readonly egress?: { socketPath: string };
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

/**
 * Starts what the agent's network is made of for this run. With `sandbox: bwrap`: the egress proxy
 * on a private unix socket (allow-list from `allowed-hosts`), and when LLM keys are given the
 * gateway behind the virtual host `llm.airlock`, so the agent holds placeholders and base URLs
 * only, and any body carrying a placeholder elsewhere is refused (THREATS.md §C 18). With no
 * allowed host and no key, nothing is started: the sandbox has loopback only. With
 * `sandbox: none` the agent keeps the runner's network; a gateway, if keys are given, listens on
 * loopback so the real keys still never reach the agent.
 * `sensitiveValues` is every credential the step holds, asked per request (see LlmGatewayOptions).
 */
export async function startAgentNetwork(settings: Pick<ActionSettings, 'sandbox' | 'allowedHosts' | 'llm'>, sensitiveValues: () => readonly KnownValue[]): Promise<AgentNetwork> {
  const providers = Object.keys(settings.llm) as LlmProvider[];
  const egressLogs: EgressLogRecord[] = [];
  const gatewayLogs: GatewayLogRecord[] = [];
  // Private (0700) directory for the sockets: the proxy's is bound into the sandbox, the gateway's is reached only by the proxy.
  const dir = await mkdtemp(join(tmpdir(), 'airlock-network-'));
  let gateway: LlmGateway | undefined;
  let proxy: EgressProxy | undefined;
  let closing: Promise<void> | undefined;
  // Idempotent: main closes it when the agent ends, and again on its way out after an error.
  const close = () =>
    (closing ??= (async () => {
      await proxy?.close();
      await gateway?.close();
      await rm(dir, { recursive: true, force: true });
    })());
  try {
    if (providers.length) {
      gateway = await startLlmGateway({
        providers: settings.llm,
        onLog: (r) => gatewayLogs.push(r),
        sensitiveValues,
        ...(settings.sandbox === 'bwrap' ? { socketPath: join(dir, 'gateway.sock') } : {}),
      });
    }
    const placeholders = Object.values(gateway?.placeholderKeys ?? {});
    const hosts = [...settings.allowedHosts.rules, ...(gateway ? [gatewayRule(providers)] : [])];
    if (settings.sandbox === 'bwrap' && hosts.length) {
      proxy = await startEgressProxy({
        policy: { hosts, ...DEFAULT_EGRESS_LIMITS },
        socketPath: join(dir, 'egress.sock'),
        onLog: (r) => egressLogs.push(r),
        ...(gateway?.socketPath ? { inspectBody: placeholderInspector(placeholders), connectUpstream: routedUpstream({ [GATEWAY_HOST]: { socketPath: gateway.socketPath } }, connectPublicUpstream()) } : {}),
      });
    }
  } catch (error) {
    await close();
    throw error;
  }
  const origin = settings.sandbox === 'bwrap' ? `http://${GATEWAY_HOST}` : gateway?.origin;
  const allowedHosts = [...settings.allowedHosts.entries, ...(gateway ? [`${GATEWAY_HOST}:80`] : [])];
  return {
    env: gateway && origin ? gatewayEnvironment(origin, gateway.placeholderKeys) : {},
    ...(proxy ? { egress: { socketPath: proxy.socketPath } } : {}),
    facts: () => {
      if (settings.sandbox === 'none') return { sandbox: { backend: 'none', network: 'host' }, egress: { mode: 'unrestricted' } };
      if (!proxy) return { sandbox: { backend: 'bwrap', network: 'none' }, egress: { mode: 'none' } };
      return { sandbox: { backend: 'bwrap', network: 'proxy' }, egress: { mode: 'proxy', allowedHosts, requests: egressLogs.length, blocked: egressLogs.filter((r) => r.decision === 'deny').length } };
    },
    summary: () => {
      if (!proxy && !gateway) return undefined;
      const denied = egressLogs.filter((r) => r.decision === 'deny');
      const refused = [...new Set(denied.map((r) => `${r.host || '(unparseable)'}${r.port ? `:${r.port}` : ''} ${r.reason ?? r.status}`))];
      const egress = proxy ? `Egress: ${egressLogs.length} request(s), ${denied.length} refused${refused.length ? ` (${refused.slice(0, 10).join(', ')}${refused.length > 10 ? ', …' : ''})` : ''}` : `Egress: ${settings.sandbox === 'none' ? 'unrestricted (sandbox: none)' : 'none'}`;
      const llm = gateway ? `; LLM gateway: ${gatewayLogs.length} request(s), ${gatewayLogs.filter((r) => r.decision === 'deny').length} refused` : '';
      return `${egress}${llm}.`;
    },
    close,
  };
}
