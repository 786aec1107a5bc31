import { describe, expect, it } from '@jest/globals';
import { policyDecisionsOf, recordedDecision } from '../../src/action/broker-decision.js';
import type { CredentialRecord } from '../../src/action/credential-record.js';
import { agentRunStatement, parseAgentRunStatement, type AgentRunPredicate } from '../../src/attest/agent-run-statement.js';
import { decisionDigest } from '../../src/policy/decision-digest.js';

const digest = decisionDigest('airlock.sts', { allow: true, deny: [], policy_digest: 'a'.repeat(64), input_digest: 'b'.repeat(64) });
const token = (id: string, decision?: unknown): CredentialRecord => ({
  kind: 'github',
  id,
  scope: 'contents: read',
  mintedAt: '2026-01-01T00:00:00Z',
  expiresAt: '2026-01-01T01:00:00Z',
  ...recordedDecision({ policy_decision: decision as never }),
});

describe("the broker's decision in the attestation (policyDecisions)", () => {
  it('is recorded from a well-formed token response and stated once per decision', () => {
    const records = [token('t1', { policy: 'airlock.sts', allow: true, decision_digest: digest }), token('t2', { policy: 'airlock.sts', allow: true, decision_digest: digest }), token('t3', { policy: 'airlock.sts', allow: true, decision_digest: 'c'.repeat(64) })];
    expect(policyDecisionsOf(records)).toEqual([
      { policy: 'airlock.sts', allow: true, decisionDigest: { sha256: digest } },
      { policy: 'airlock.sts', allow: true, decisionDigest: { sha256: 'c'.repeat(64) } },
    ]);
  });

  it('is left out when the broker sent none or a malformed one, never made up', () => {
    for (const bad of [undefined, null, 'digest', { policy: 'airlock.sts', allow: true, decision_digest: 'XYZ' }, { policy: 'airlock.sts', allow: 'yes', decision_digest: digest }, { allow: true, decision_digest: digest }]) {
      expect(policyDecisionsOf([token('t', bad)])).toEqual([]);
    }
  });

  it('fits schemas/agent-run-v1.schema.json', () => {
    const predicate: AgentRunPredicate = {
      agent: { identity: 'agent', commandDigest: { sha256: digest }, exitCode: 0 },
      run: { serverUrl: 'https://github.com', repository: 'acme/widgets', repositoryId: '1', workflowRef: 'w', runId: '1', runAttempt: '1', ref: 'refs/heads/main', sha: 'c'.repeat(40), eventName: 'push' },
      inputsDigest: { sha256: digest },
      base: { commit: 'c'.repeat(40) },
      changes: { files: 0, needsApproval: [] },
      credentials: [],
      sandbox: { backend: 'bwrap' },
      egress: { mode: 'proxy' },
      redaction: { outputRedactions: 0 },
      policyDecisions: policyDecisionsOf([token('t1', { policy: 'airlock.sts', allow: true, decision_digest: digest })]),
      timestamps: { startedOn: '2026-01-01T00:00:00Z', finishedOn: '2026-01-01T00:01:00Z' },
    };
    const parsed = parseAgentRunStatement(Buffer.from(JSON.stringify(agentRunStatement(digest, predicate))));
    expect(parsed.predicate.policyDecisions).toEqual([{ policy: 'airlock.sts', allow: true, decisionDigest: { sha256: digest } }]);
  });
});
