import type { AgentRunPredicate } from '../attest/agent-run-statement.js';
import type { MintedToken } from './broker-client.js';
import type { CredentialRecord } from './credential-record.js';

/**
 * The broker's decision for a minted token, as its credential record keeps it: only a
 * well-formed one (`{policy, allow, decision_digest}` with a sha256 hex digest). A broker that
 * sends none (an older App) or a malformed one leaves the record without it, and the attestation
 * then states no decision for that token rather than one the Action made up.
 */
export function recordedDecision(minted: Pick<MintedToken, 'policy_decision'>): Pick<CredentialRecord, 'policyDecision'> {
  const d = minted.policy_decision;
  if (typeof d !== 'object' || d === null) return {};
  if (typeof d.policy !== 'string' || typeof d.allow !== 'boolean' || typeof d.decision_digest !== 'string' || !/^[0-9a-f]{64}$/.test(d.decision_digest)) return {};
  return { policyDecision: { policy: d.policy, allow: d.allow, decisionDigest: d.decision_digest } };
}

/** The attestation's `policyDecisions`: each broker decision the run's credentials were minted under, once. */
export function policyDecisionsOf(records: readonly CredentialRecord[]): AgentRunPredicate['policyDecisions'] {
  const seen = new Set<string>();
  const decisions: AgentRunPredicate['policyDecisions'] = [];
  for (const { policyDecision: d } of records) {
    if (!d || seen.has(d.decisionDigest)) continue;
    seen.add(d.decisionDigest);
    decisions.push({ policy: d.policy, allow: d.allow, decisionDigest: { sha256: d.decisionDigest } });
  }
  return decisions;
}
