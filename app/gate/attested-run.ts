import type { AgentRunPredicate } from '../../src/attest/agent-run-statement.js';

/** The verified run as `airlock.pr` sees it under `input.attestation` (policies/schemas/pr-input.schema.json). */
export type AttestedRunInput = Pick<AgentRunPredicate, 'agent' | 'sandbox' | 'egress' | 'redaction' | 'credentials' | 'changes' | 'policyDecisions'>;

/**
 * What a policy can require of the run that produced a pull request, taken from its verified
 * agent-run predicate as the attestation states it (schemas/agent-run-v1.schema.json): where the
 * agent ran (`sandbox`), what its network did (`egress`: requests, refusals, audit-mode
 * would-blocks, credential resolutions, egress policy counts), what was redacted (`redaction`),
 * which credentials it held and whether each was revoked (`credentials`), its changes and exit
 * code, and the broker's decisions (`policyDecisions`). Only a verified predicate gets here: the
 * signature and the changeset digest bind it to this pull request's files.
 */
export function attestedRunInput(p: AgentRunPredicate): AttestedRunInput {
  return { agent: p.agent, sandbox: p.sandbox, egress: p.egress, redaction: p.redaction, credentials: p.credentials, changes: p.changes, policyDecisions: p.policyDecisions };
}
