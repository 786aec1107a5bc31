import type { AuditInput } from '../../src/audit/audit-record.js';
import type { IntentState, MintIntent } from './token-ledger.js';

/**
 * The audit record of an intent's move to `state` when no token came of it (failed) or none is
 * known (uncertain, lapsed): a `decision` on the intent, with what it asked for and why.
 */
export function intentDecision(intent: MintIntent, state: Extract<IntentState, 'failed' | 'uncertain' | 'lapsed'>, code: string, reason: string, actor: string): AuditInput {
  const decision = state === 'failed' ? 'deny' : state === 'uncertain' ? 'mint_uncertain' : 'mint_lapsed';
  return {
    kind: 'decision',
    actor,
    subject: intent.repository,
    data: {
      decision,
      code,
      intent_id: intent.id,
      intent_state: state,
      reason,
      run_id: intent.runId,
      repository_id: intent.repositoryId,
      installation_id: intent.installationId,
      identity: intent.identity,
      permissions: intent.permissions,
      repositories: intent.repositories,
      created_at: new Date(intent.createdAt).toISOString(),
    },
  };
}

/** The audit record of a token's revocation (`token_id` is also its intent's id). */
export function tokenRevoked(token: { id: string; repositoryId: number; runId: string }, reason: string, intentState?: 'abandoned'): AuditInput {
  return {
    kind: 'token_revoked',
    actor: 'airlock',
    subject: token.id,
    data: { token_id: token.id, repository_id: token.repositoryId, run_id: token.runId, reason, ...(intentState ? { intent_state: intentState } : {}) },
  };
}
