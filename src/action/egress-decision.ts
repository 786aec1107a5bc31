import type { DecideRequest, RequestDecision } from '../egress/inspect-request.js';
import { modulesForPackage } from '../policy/modules-for-package.js';
import { REQUEST_PATH_LIMITS } from '../policy/policy-modules.js';
import { verdictOf } from '../policy/policy-verdict.js';
import { RegoError } from '../policy/rego/rego-error.js';
import { RegoProgram, type ModuleSource } from '../policy/rego/rego-program.js';
import { fromJS } from '../policy/rego/value.js';
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

/** The documents that decide, evaluated together: `allow` and `deny` as every Airlock policy's, and whether to resolve. */
const DOCUMENTS = ['allow', 'deny', 'resolve'].map((rule) => ['airlock', 'egress', rule]);

/**
 * `data.airlock.egress` as the proxy's per-request hook: the input built from the request, the
 * credential it carries and the run; compiled once, evaluated in process for every inspected
 * request, decided as the embedded policy backend decides (policy-verdict.ts). Any error denies.
 * Counts are kept for the attestation. Only the modules `data.airlock.egress` can reach are
 * compiled (the policy directory also holds the App's), and only the builtins they call are
 * loaded (RegoProgram.onDemand: `ready` settles when they are; before, a call to one denies).
 */
export function egressDecision(modules: ModuleSource[], hosts: GithubHosts, run: () => EgressRunFacts): { decide: DecideRequest; counts: EgressDecisionCounts; problem: Error | undefined; ready: Promise<void> } {
  let program: RegoProgram | undefined;
  let problem: Error | undefined;
  let ready = Promise.resolve();
  try {
    ({ program, ready } = RegoProgram.onDemand(modulesForPackage('airlock.egress', modules)));
  } catch (error) {
    problem = error instanceof Error ? error : new Error(String(error));
  }
  // Awaited by the Action before anything is minted; a caller that never awaits it must not see it unhandled.
  ready.catch(() => undefined);
  const evaluate = (input: unknown): { allow: boolean; deny: string[]; resolve: boolean } => {
    try {
      if (!program) throw problem;
      const [allow, deny, resolve] = program.documents(DOCUMENTS, { input: fromJS(input), limits: REQUEST_PATH_LIMITS });
      return { ...verdictOf(allow, deny), resolve: resolve === true };
    } catch (error) {
      const code = error instanceof RegoError ? error.code : 'internal_error';
      return { allow: false, deny: [`policy error (${code}): ${error instanceof Error ? error.message : String(error)}`], resolve: false };
    }
  };
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
    const d = evaluate(input);
    let result: RequestDecision;
    if (!d.allow) result = { decision: 'deny', reasons: d.deny.length ? d.deny : ['the egress policy did not allow this request'] };
    else if (credential && d.resolve) result = { decision: 'resolve', reasons: [] };
    else result = { decision: 'allow', reasons: [] };
    counts[result.decision === 'deny' ? 'denied' : result.decision === 'resolve' ? 'resolved' : 'allowed']++;
    return result;
  };
  return { decide, counts, problem, ready };
}
