import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditInput } from '../../src/audit/audit-record.js';
import type { ModuleSource } from '../../src/policy/rego/rego-policy.js';
import type { ApprovalRun, ApprovalStatus, SecretApproval, SecretApprovalStore } from '../../src/store/secret-approval-store.js';
import { StsError } from '../../src/sts/sts-error.js';
import type { VerifiedClaims } from '../../src/sts/verify-oidc-token.js';
import { acceptedRun, verifiedClaims, type RunTrustDeps } from '../sts/run-trust.js';
import { refuseSuspended, type TokenServiceDeps } from '../sts/token-service.js';
import { createApprovalCheck, updateApprovalCheck, type Octokit } from './approval-check.js';
import { ApprovalError } from './approval-error.js';
import { approvedOutcome, requestOutcome } from './approval-outcome.js';
import { parseApprovalRequest } from './approval-request.js';
import { judgeSecrets, secretsPolicyInput } from './secrets-policy.js';

export interface ApprovalServiceDeps extends RunTrustDeps {
  store: SecretApprovalStore;
  /** The policy set loaded at App start; `airlock.secrets` decides. */
  policies: ModuleSource[];
  /** Appends to the hash-chained audit log; never given a secret value or a token. */
  audit: (input: AuditInput) => Promise<void>;
  /** An Octokit acting as the App on one installation (check runs). */
  installationOctokit: (installationId: number) => Promise<Octokit>;
  log: Logger;
  /** Suspended identities get no secrets resolved either (app/containment/). */
  suspensions?: TokenServiceDeps['suspensions'];
}

/** GET / DELETE /airlock/v1/approvals/{id}, and the decided POST. */
export interface ApprovalView {
  id: string;
  status: ApprovalStatus;
  decided_by?: string;
  message: string;
}

export type PostResult =
  | { status: 200; body: ApprovalView }
  | { status: 202; body: ApprovalView & { poll_token: string; expires_at: string; approve_command: string; check_run_url: string } };

const FULL_SHA = /^([0-9a-f]{40}|[0-9a-f]{64})$/;
const EXPIRED_MESSAGE = 'nobody approved before the deadline; the secrets are refused';

export const approveCommand = (id: string): string => `/airlock approve-secret ${id}`;

const view = (a: SecretApproval): ApprovalView => ({ id: a.id, status: a.status, ...(a.decidedBy ? { decided_by: a.decidedBy } : {}), message: a.message });

/** The run's facts from its verified token; the body never supplies them. */
function runFacts(claims: VerifiedClaims): ApprovalRun {
  const claim = (name: string) => (typeof claims.all[name] === 'string' ? (claims.all[name] as string) : '');
  const sha = claim('sha');
  if (!FULL_SHA.test(sha)) throw new StsError('oidc_claims_invalid', 'OIDC token claim "sha" must be the full commit SHA the run checks out');
  if (!claim('actor')) throw new StsError('oidc_claims_invalid', 'OIDC token claim "actor" is missing; expected a GitHub Actions OIDC token');
  return { sha, actor: claim('actor'), repository: claims.repository, repositoryId: String(claims.repositoryId), runId: claim('run_id'), workflowRef: claim('workflow_ref'), eventName: claims.eventName, ref: claims.ref };
}

const requestData = (a: Pick<SecretApproval, 'identity' | 'secrets' | 'destination' | 'run'>) => ({
  identity: a.identity,
  secrets: a.secrets.map((s) => ({ path: s.path, key: s.key, env: s.env, approval: s.approval })),
  destination: a.destination,
  sha: a.run.sha,
  run_id: a.run.runId,
  workflow_ref: a.run.workflowRef,
});

/**
 * POST /airlock/v1/approvals (issue 12 item 6): the job's OIDC token, verified as the token
 * exchange verifies it, names the run; `airlock.secrets` decides at once or asks a human on a
 * check run of the run's commit. Every outcome on a verified token is audited; unverified
 * requests are only logged, so anonymous traffic cannot fill the audit log.
 */
export async function requestApproval(deps: ApprovalServiceDeps, oidcToken: string | undefined, body: unknown): Promise<PostResult> {
  const claims = await verifiedClaims(deps, oidcToken);
  const actor = `github:${String(claims.all.actor ?? 'unknown')}`;
  try {
    return await openApproval(deps, claims, body);
  } catch (error) {
    const known = error instanceof StsError || error instanceof ApprovalError;
    const code = known ? error.code : 'internal_error';
    await deps.audit({ kind: 'decision', actor, subject: claims.repository, data: { policy: 'airlock.secrets', decision: 'deny', code, message: known ? error.message : 'internal error', run_id: String(claims.all.run_id ?? ''), workflow_ref: String(claims.all.workflow_ref ?? ''), sha: String(claims.all.sha ?? '') } });
    throw error;
  }
}

async function openApproval(deps: ApprovalServiceDeps, claims: VerifiedClaims, body: unknown): Promise<PostResult> {
  const request = parseApprovalRequest(body);
  const trust = await acceptedRun(deps, claims, request.identity);
  await refuseSuspended(deps, trust.repo.id, `${trust.repo.owner}/${trust.repo.name}`, trust.policy.name);
  const run = runFacts(claims);
  const requested = request.secrets.some((s) => s.approval === 'required');
  const judgement = judgeSecrets(deps.policies, secretsPolicyInput(request.secrets, request.destination, run, { approved: false }));
  const outcome = requestOutcome(judgement, requested);
  if (outcome.status === 'denied') throw new ApprovalError('secrets_denied', outcome.message);

  const pollToken = randomBytes(32).toString('base64url');
  const approval = await deps.store.create(
    {
      status: outcome.status,
      installationId: trust.installation.id,
      repositoryId: trust.repo.id,
      repository: `${trust.repo.owner}/${trust.repo.name}`,
      identity: trust.policy.name,
      run,
      secrets: request.secrets,
      destination: request.destination,
      expiresAt: deps.clock() + request.timeoutSeconds * 1000,
      message: outcome.message,
    },
    pollToken,
  );
  const audited = { policy: 'airlock.secrets', approval_id: approval.id, ...requestData(approval), policy_digest: judgement.decision.policy_digest, input_digest: judgement.decision.input_digest };
  if (approval.status === 'approved') {
    await deps.audit({ kind: 'decision', actor: `github:${run.actor}`, subject: approval.repository, data: { ...audited, decision: 'approved', by: 'policy', message: approval.message } });
    return { status: 200, body: view(approval) };
  }

  let check: { id: number; htmlUrl: string };
  try {
    check = await createApprovalCheck(await deps.installationOctokit(approval.installationId), approval);
  } catch (error) {
    // Without its check run nobody can approve: refuse now rather than let the run wait for nothing.
    deps.log.error({ approval_id: approval.id, err: { message: (error as Error).message } }, 'could not create the secret approval check run');
    await deps.store.decide(approval.id, { status: 'denied', message: 'the App could not create the approval check run' });
    throw new ApprovalError('github_unavailable', 'GitHub refused or failed to create the approval check run; nothing was approved, retry later');
  }
  await deps.store.setCheckRun(approval.id, check.id);
  await deps.audit({ kind: 'decision', actor: `github:${run.actor}`, subject: approval.repository, data: { ...audited, decision: 'pending', check_run_id: check.id, expires_at: new Date(approval.expiresAt).toISOString(), message: approval.message } });
  deps.log.info({ approval_id: approval.id, repository: approval.repository, run_id: run.runId, secrets: approval.secrets.length }, 'secret approval pending');
  return {
    status: 202,
    body: { ...view(approval), poll_token: pollToken, expires_at: new Date(approval.expiresAt).toISOString(), approve_command: approveCommand(approval.id), check_run_url: check.htmlUrl },
  };
}

/** After a decision: the check run completes with it and the audit log records it. */
async function finish(deps: ApprovalServiceDeps, approval: SecretApproval, extra: Record<string, unknown> = {}): Promise<void> {
  await deps.audit({
    kind: 'decision',
    actor: approval.decidedBy ? `github:${approval.decidedBy}` : 'airlock',
    subject: approval.repository,
    data: { policy: 'airlock.secrets', approval_id: approval.id, decision: approval.status, by: approval.decidedBy ?? null, message: approval.message, check_run_id: approval.checkRunId ?? null, ...requestData(approval), ...extra },
  });
  try {
    await updateApprovalCheck(await deps.installationOctokit(approval.installationId), approval);
  } catch (error) {
    // The decision stands (it is recorded and audited); only its display is stale.
    deps.log.error({ approval_id: approval.id, err: { message: (error as Error).message } }, 'could not update the secret approval check run');
  }
}

/** A pending approval past its deadline is expired first: a timeout is never read as yes. */
async function settled(deps: ApprovalServiceDeps, approval: SecretApproval): Promise<SecretApproval> {
  if (approval.status !== 'pending' || deps.clock() < approval.expiresAt) return approval;
  const expired = await deps.store.decide(approval.id, { status: 'expired', message: EXPIRED_MESSAGE });
  if (!expired) return (await deps.store.findById(approval.id)) ?? approval;
  await finish(deps, expired);
  return expired;
}

async function owned(deps: ApprovalServiceDeps, id: string, pollToken: string | undefined): Promise<SecretApproval> {
  const approval = pollToken ? await deps.store.findByPollToken(id, pollToken) : undefined;
  // The same answer for an unknown id and a wrong token: existence is not revealed.
  if (!approval) throw new ApprovalError('approval_not_found', `no approval ${id} for this poll token; send the poll_token from the POST as \`Authorization: Bearer <poll_token>\``);
  return approval;
}

/** GET /airlock/v1/approvals/{id} with the poll token. */
export async function pollApproval(deps: ApprovalServiceDeps, id: string, pollToken: string | undefined): Promise<ApprovalView> {
  return view(await settled(deps, await owned(deps, id, pollToken)));
}

/** DELETE /airlock/v1/approvals/{id} with the poll token: the run no longer waits. */
export async function cancelApproval(deps: ApprovalServiceDeps, id: string, pollToken: string | undefined): Promise<ApprovalView> {
  const approval = await settled(deps, await owned(deps, id, pollToken));
  if (approval.status !== 'pending') return view(approval);
  const cancelled = await deps.store.decide(approval.id, { status: 'cancelled', message: 'the run stopped waiting (the Action cancelled the request)' });
  if (!cancelled) return view((await deps.store.findById(approval.id)) ?? approval);
  await finish(deps, cancelled);
  return view(cancelled);
}

/** Expires every pending approval past its deadline (the App's periodic sweep). */
export async function expireDueApprovals(deps: ApprovalServiceDeps): Promise<number> {
  const expired = await deps.store.expireDue(EXPIRED_MESSAGE);
  for (const approval of expired) await finish(deps, approval);
  return expired.length;
}

export interface HumanAttempt {
  login: string;
  verb: 'approve' | 'deny';
  via: 'button' | 'comment';
  /** Why this person may not decide (approval-eligibility.ts); empty when they may. */
  refusals: string[];
  delivery: string;
}

export type AttemptResult = { result: 'decided' | 'refused' | 'closed'; approval: SecretApproval; reason: string };

/**
 * A person pressed a button or commented. A refused attempt changes nothing but is recorded on
 * the check run and in the audit log; an approval is judged by `airlock.secrets` again with the
 * approver bound to the run's commit.
 */
export async function decideAsHuman(deps: ApprovalServiceDeps, approval: SecretApproval, attempt: HumanAttempt): Promise<AttemptResult> {
  const auditAttempt = (accepted: boolean, reason: string) =>
    deps.audit({ kind: 'approval', actor: `github:${attempt.login}`, subject: approval.repository, data: { policy: 'airlock.secrets', approval_id: approval.id, verb: attempt.verb, via: attempt.via, accepted, reason, sha: approval.run.sha, delivery: attempt.delivery } });
  const current = await settled(deps, approval);
  if (current.status !== 'pending') {
    const reason = `secret approval ${current.id} is already ${current.status}`;
    await auditAttempt(false, reason);
    return { result: 'closed', approval: current, reason };
  }
  if (attempt.refusals.length) {
    const reason = attempt.refusals.join('; ');
    await auditAttempt(false, reason);
    const updated = await deps.store.addRefused(current.id, { login: attempt.login, via: attempt.via, reason, at: new Date(deps.clock()).toISOString() });
    if (updated) {
      try {
        await updateApprovalCheck(await deps.installationOctokit(updated.installationId), updated);
      } catch (error) {
        deps.log.error({ approval_id: updated.id, err: { message: (error as Error).message } }, 'could not show a refused attempt on the check run');
      }
    }
    return { result: 'refused', approval: updated ?? current, reason };
  }
  let decision: { status: 'approved' | 'denied'; message: string };
  if (attempt.verb === 'deny') decision = { status: 'denied', message: `${attempt.login} refused to resolve these secrets` };
  else {
    const judgement = judgeSecrets(deps.policies, secretsPolicyInput(current.secrets, current.destination, current.run, { approved: true, by: attempt.login, sha: current.run.sha }));
    decision = approvedOutcome(judgement, attempt.login);
  }
  const decided = await deps.store.decide(current.id, { status: decision.status, by: attempt.login, message: decision.message });
  if (!decided) {
    const now = (await deps.store.findById(current.id)) ?? current;
    const reason = `secret approval ${current.id} was decided meanwhile (${now.status})`;
    await auditAttempt(false, reason);
    return { result: 'closed', approval: now, reason };
  }
  await auditAttempt(true, decision.message);
  await finish(deps, decided, { delivery: attempt.delivery, via: attempt.via });
  return { result: 'decided', approval: decided, reason: decision.message };
}
