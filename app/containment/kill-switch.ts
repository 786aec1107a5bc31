import type { AuditInput } from '../../src/audit/audit-record.js';
import type { IdentitySuspensions } from './identity-suspensions.js';
import { revokeIdentityTokens, type RevokeReport, type RevokerDeps } from './revoke-identity-tokens.js';

export interface KillSwitchDeps {
  suspensions: IdentitySuspensions;
  revoker: RevokerDeps;
  audit: (input: AuditInput) => Promise<void>;
  clock: () => number;
}

export interface KillTarget {
  repositoryId: number;
  /** owner/name */
  repository: string;
  identity: string;
  /** `cli:<user>` or `github:<login>`. */
  by: string;
}

export interface SuspendReport {
  /** False when it was suspended already (nothing written, tokens still revoked). */
  suspended: boolean;
  revoke: RevokeReport;
}

/**
 * The kill switch (`airlock identity suspend`): suspends the identity in the repository (the
 * broker refuses it from now on), then revokes its live broker tokens at GitHub. Tokens it cannot
 * revoke here are made due, so the App's sweep revokes them. Audited: the suspension with its
 * change, each revocation, and one record of the whole action.
 */
export async function suspendIdentity(deps: KillSwitchDeps, target: KillTarget, reason: string): Promise<SuspendReport> {
  const data = { identity: target.identity, repository_id: target.repositoryId, via: 'kill-switch', reason };
  const suspended = await deps.suspensions.suspend({ ...target, reason, at: deps.clock(), audit: { kind: 'containment', actor: target.by, subject: target.repository, data: { action: 'suspend', ...data } } });
  const revoke = await revokeIdentityTokens(deps.revoker, target, `kill switch: ${reason}`);
  await deps.audit({ kind: 'containment', actor: target.by, subject: target.repository, data: { action: 'kill-switch', ...data, newly_suspended: suspended, revoked: revoke.revoked, left_to_sweep: revoke.leftToSweep } });
  return { suspended, revoke };
}

/** `airlock identity resume`: the broker grants the identity again. False when it was not suspended. */
export async function resumeIdentity(deps: Pick<KillSwitchDeps, 'suspensions' | 'audit' | 'clock'>, target: KillTarget): Promise<boolean> {
  const data = { action: 'resume', identity: target.identity, repository_id: target.repositoryId, via: 'cli' };
  const resumed = await deps.suspensions.resume({ ...target, at: deps.clock(), audit: { kind: 'containment', actor: target.by, subject: target.repository, data: { ...data, resumed: true } } });
  if (!resumed) await deps.audit({ kind: 'containment', actor: target.by, subject: target.repository, data: { ...data, resumed: false, reason: 'not suspended' } });
  return resumed;
}
