import { hash } from 'node:crypto';
import type { Decision } from './policy-backend.js';

/**
 * The digest that names one policy decision outside the App, as an agent-run attestation's
 * `policyDecisions[].decisionDigest` does (schemas/agent-run-v1.schema.json): sha256 over the
 * RFC 8785 canonical JSON (src/json/canonical-json.ts) of the deciding package, the outcome, its
 * messages and the policy and input digests. Anyone holding those (the App's audit log and policy set) can recompute it; it says
 * nothing about the input beyond its digest.
 */
export function decisionDigest(policy: string, decision: Pick<Decision, 'allow' | 'deny' | 'policy_digest' | 'input_digest'>): string {
  // Canonical JSON of a fixed shape: keys in sorted order, strings, a boolean and sorted messages
  // (every backend sorts deny), so JSON.stringify gives the one serialisation.
  const document = { allow: decision.allow, deny: [...decision.deny].sort(), input_digest: decision.input_digest, policy, policy_digest: decision.policy_digest };
  return hash('sha256', JSON.stringify(document), 'hex');
}
