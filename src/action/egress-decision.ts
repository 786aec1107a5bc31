import type { DecideRequest, RequestDecision } from '../egress/inspect-request.js';
import { EmbeddedPolicyBackend } from '../policy/evaluate-policy.js';
import { modulesForPackage } from '../policy/modules-for-package.js';
import { REQUEST_PATH_LIMITS } from '../policy/policy-modules.js';
import type { ModuleSource } from '../policy/rego/rego-policy.js';
import { classifyGithubRequest, type GithubHosts } from './github-hosts.js';

/** The run's facts the egress policy sees (`run` of policies/schemas/egress-input.schema.json). */
export interface EgressRunFacts {
  readonly repository: string;
  /** `owner/name`, lower case: what the run's GitHub token is narrowed to. */
  readonly repositories: readonly string[];
  readonly identity: string;
  readonly event_name: string;
  readonly sha: string;
}

export interface EgressDecisionCounts {
  allowed: number;
  resolved: number;
  denied: number;
}

/**
 * `data.airlock.egress` as the proxy's per-request hook: the input built from the request, the
 * credential it carries and the run; compiled once, evaluated in process for every inspected
 * request. Any error denies. Counts are kept for the attestation. Only the modules
 * `data.airlock.egress` can reach are compiled (the policy directory also holds the App's).
 */
export function egressDecision(modules: ModuleSource[], hosts: GithubHosts, run: () => EgressRunFacts): { decide: DecideRequest; counts: EgressDecisionCounts; problem: Error | undefined } {
  const backend = new EmbeddedPolicyBackend({ modules: modulesForPackage('airlock.egress', modules), limits: REQUEST_PATH_LIMITS });
  const counts: EgressDecisionCounts = { allowed: 0, resolved: 0, denied: 0 };
  const decide: DecideRequest = (request, found): RequestDecision => {
    const credential = found?.credential;
    const input = {
      request: { method: request.method, scheme: request.scheme, host: request.host, port: request.port, path: request.path },
      credential: found ? { id: found.credential.id, kind: found.credential.kind, placement: found.placement } : null,
      github: classifyGithubRequest(hosts, request),
      aws: request.aws ?? null,
      cloud: credential?.cloud ? { provider: credential.cloud.provider, service: credential.cloud.serviceOf(request.host, request.port), identity: credential.cloud.identity } : null,
      run: run(),
    };
    const d = backend.decide({ entrypoint: 'airlock.egress', input, also: ['resolve'] });
    let result: RequestDecision;
    if (!d.allow) result = { decision: 'deny', reasons: d.deny.length ? d.deny : ['the egress policy did not allow this request'] };
    else if (credential && d.documents?.resolve === true) result = { decision: 'resolve', reasons: [] };
    else result = { decision: 'allow', reasons: [] };
    counts[result.decision === 'deny' ? 'denied' : result.decision === 'resolve' ? 'resolved' : 'allowed']++;
    return result;
  };
  return { decide, counts, problem: backend.problem };
}
