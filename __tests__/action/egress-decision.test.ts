import { describe, expect, it } from '@jest/globals';
import { egressDecision, type EgressRunFacts } from '../../src/action/egress-decision.js';
import { githubHosts } from '../../src/action/github-hosts.js';
import { loadPolicyModules, policyDir } from '../../src/policy/policy-modules.js';

const run = (): EgressRunFacts => ({ repository: 'acme/widgets', repositories: ['acme/widgets'], identity: 'agent', event_name: 'push', sha: 'a'.repeat(40) });
const request = (host: string, path = '/') => ({ method: 'POST', scheme: 'https' as const, host, port: 443, path });

// A team's egress grant that reads a GraphQL document with a builtin the Action loads only when a policy calls it.
const GRAPHQL_GRANT = `package airlock.egress
import rego.v1

allow if {
  input.request.host == "graphql.example"
  graphql.is_valid(input.request.path, "type Query { a: String }")
}
`;

describe('egressDecision', () => {
  it('decides with the shipped policy at once: it calls no builtin loaded on demand', async () => {
    const egress = egressDecision(await loadPolicyModules(policyDir()), githubHosts({}), run);
    expect(egress.problem).toBeUndefined();
    // Without a credential the policy has nothing to refuse (allowed-hosts is the proxy's); with one of a kind it does not know, it refuses.
    expect(egress.decide(request('plain.example'), undefined).decision).toBe('allow');
    const unknown = { credential: { id: 'x', kind: 'mystery' }, placement: { kind: 'header', name: 'x-key' } } as unknown as Parameters<typeof egress.decide>[1];
    expect(egress.decide(request('plain.example'), unknown).reasons.join(' ')).toContain('which this policy does not know');
    await egress.ready;
  });

  it('a policy that calls graphql.is_valid decides with it once its builtins are loaded, and denies before', async () => {
    const egress = egressDecision([{ file: 'grant.rego', source: GRAPHQL_GRANT }], githubHosts({}), run);
    expect(egress.problem).toBeUndefined();
    const early = egress.decide(request('graphql.example', '{ a }'), undefined);
    expect(early.decision).toBe('deny');
    expect(early.reasons.join(' ')).toContain('graphql.is_valid');
    await egress.ready;
    expect(egress.decide(request('graphql.example', '{ a }'), undefined).decision).toBe('allow');
    expect(egress.decide(request('graphql.example', '{ b }'), undefined).decision).toBe('deny');
    expect(egress.counts).toEqual({ allowed: 1, resolved: 0, denied: 2 });
  });

  it('a policy that does not compile is a problem, and every request is denied with its error', () => {
    const egress = egressDecision([{ file: 'broken.rego', source: 'package airlock.egress\nallow if {\n' }], githubHosts({}), run);
    expect(egress.problem?.message).toContain('broken.rego');
    expect(egress.decide(request('evil.example'), undefined)).toEqual({ decision: 'deny', reasons: [expect.stringMatching(/^policy error \(rego_parse_error\)/)] });
  });
});
