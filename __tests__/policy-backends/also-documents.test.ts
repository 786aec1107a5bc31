import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OpaRestBackend } from '../../src/policy/backends/opa-rest-backend.js';
import { EmbeddedPolicyBackend } from '../../src/policy/evaluate-policy.js';
import type { ModuleSource } from '../../src/policy/rego/rego-policy.js';
import { defaultPolicyCases, loadDefaultPolicies, type PolicyCase } from '../policies/default-policy-cases.js';
import { startOpaRestTestServer, type OpaRestTestServer } from './opa-rest-test-server.js';

// The gate asks airlock.pr for `low_risk_lane` beside allow and deny, to say in the check run
// that the lane approved: an OPA server must answer it as the embedded evaluator does.

const LANE_ON: ModuleSource = { file: 'org_lane.rego', source: 'package airlock.pr\n\nlow_risk_lane_enabled := true\n' };

let modules: ModuleSource[];
let cases: PolicyCase[];
let server: OpaRestTestServer;

beforeAll(async () => {
  const files = await loadDefaultPolicies();
  cases = defaultPolicyCases(files);
  modules = [...files.modules, LANE_ON];
  server = await startOpaRestTestServer(modules, files.data);
});
afterAll(() => server.close());

const input = (name: string) => cases.find((c) => c.pkg === 'pr' && c.name === name)!.input;

describe('rules asked for beside allow and deny (also)', () => {
  it('come back from an OPA server as from the embedded evaluator, and an undefined one is absent', async () => {
    const rest = new OpaRestBackend({ url: server.url, modules });
    const embedded = new EmbeddedPolicyBackend({ modules });
    for (const [name, lane] of [['lane_docs_only', true], ['lane_code_file', undefined]] as const) {
      const request = { entrypoint: 'airlock.pr', input: input(name), also: ['low_risk_lane'] };
      const [a, b] = [await rest.evaluate(request), await embedded.evaluate(request)];
      expect({ name, allow: a.allow, documents: a.documents }).toEqual({ name, allow: lane === true, documents: lane === undefined ? {} : { low_risk_lane: lane } });
      expect(a.documents).toEqual(b.documents);
      expect(a.allow).toBe(b.allow);
    }
  });

  it('are left out when not asked for', async () => {
    const decision = await new OpaRestBackend({ url: server.url, modules }).evaluate({ entrypoint: 'airlock.pr', input: input('lane_docs_only') });
    expect(decision.documents).toBeUndefined();
  });
});
