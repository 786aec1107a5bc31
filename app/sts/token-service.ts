import type { Logger } from 'pino';
import { decideGrant, type GrantRequest } from '../../src/sts/decide-grant.js';
import { checkCeiling } from '../../src/sts/org-ceiling.js';
import { StsError } from '../../src/sts/sts-error.js';
import type { VerifiedClaims } from '../../src/sts/verify-oidc-token.js';
import type { AuditInput } from '../../src/audit/audit-record.js';
import { evaluatePolicy } from '../../src/policy/evaluate-policy.js';
import type { PolicyDecider } from '../../src/policy/backends/policy-decider.js';
import { REQUEST_PATH_LIMITS } from '../../src/policy/policy-modules.js';
import type { ModuleSource } from '../../src/policy/rego/rego-policy.js';
import { loadRunTrust, verifiedClaims, type RunTrustDeps } from './run-trust.js';
import type { LedgerEntry, TokenLedger } from './token-ledger.js';

export interface TokenServiceDeps extends RunTrustDeps {
  ledger: TokenLedger;
  /** The `airlock.sts` policy (with the rest of the policy set), evaluated after the trust policy. */
  policies: ModuleSource[];
  /** Where `airlock.sts` is evaluated (AIRLOCK_POLICY_BACKEND); the embedded evaluator over `policies` when absent. */
  decide?: PolicyDecider;
  /** Appends to the hash-chained audit log; never given a credential. */
  audit: (input: AuditInput) => Promise<void>;
  log: Logger;
}

export interface TokenResponse {
  token: string;
  token_id: string;
  expires_at: string;
  permissions: Record<string, string>;
  repositories: string[];
}

/**
 * POST /airlock/v1/token: OIDC token + trust policy from the default branch -> a narrowed token.
 * Every decision on a verified token is audited; unverified requests are only logged, so
 * anonymous traffic cannot fill the audit log.
 */
export async function exchangeToken(deps: TokenServiceDeps, oidcToken: string | undefined, body: unknown): Promise<TokenResponse> {
  const claims = await verifiedClaims(deps, oidcToken);
  try {
    return await grantToken(deps, claims, body);
  } catch (error) {
    const code = error instanceof StsError ? error.code : 'internal_error';
    await deps.audit({ kind: 'decision', actor: `github:${String(claims.all.actor ?? 'unknown')}`, subject: claims.repository, data: { decision: 'deny', code, run_id: String(claims.all.run_id ?? ''), workflow_ref: String(claims.all.workflow_ref ?? ''), event_name: claims.eventName, ref: claims.ref } });
    throw error;
  }
}

async function grantToken(deps: TokenServiceDeps, claims: VerifiedClaims, body: unknown): Promise<TokenResponse> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new StsError('request_invalid', 'body must be JSON: {"identity": "<trust policy name>", "permissions": {...}}');
  const request = body as { identity?: unknown } & GrantRequest;
  const { installation, repo, policy, ceiling } = await loadRunTrust(deps, claims, request.identity);
  const grant = decideGrant(claims, policy, repo, request);
  checkCeiling(grant, policy, ceiling);
  for (const [name, level] of Object.entries(grant.permissions)) {
    const held = installation.permissions[name];
    if (!held || (level === 'write' && held === 'read')) throw new StsError('permission_not_allowed', `the App installation does not hold ${name}: ${level}`);
  }
  // Policy as code on top of the built-in checks: `data.airlock.sts` must allow. Any policy
  // error (parse, conflict, limits) is a denial.
  const decide: PolicyDecider = deps.decide ?? (async (request) => evaluatePolicy({ modules: deps.policies, limits: REQUEST_PATH_LIMITS, ...request }));
  const decision = await decide({
    entrypoint: 'airlock.sts',
    input: {
      identity: policy.name,
      claims: claims.all,
      repository: { id: repo.id, owner: repo.owner, name: repo.name, default_branch: repo.defaultBranch },
      request: { permissions: grant.permissions, repositories: grant.repositories },
      trust_policy: { permissions: policy.permissions, event_names: policy.eventNames, max_lifetime_seconds: policy.maxLifetimeSeconds, repositories: policy.repositories ?? [repo.name], ...(policy.refs ? { refs: policy.refs } : {}), ...(policy.jobWorkflowRefs ? { job_workflow_refs: policy.jobWorkflowRefs } : {}) },
      ceiling: { max_permissions: ceiling.maxPermissions, repository_writes: ceiling.repositoryWrites, allowed_issuers: ceiling.allowedIssuers },
      installation: { permissions: installation.permissions },
    },
  });
  if (!decision.allow) {
    throw new StsError(decision.error ? 'policy_error' : 'policy_denied', `policy airlock.sts denied the request: ${decision.deny.join('; ')} (policy ${decision.policy_digest.slice(0, 12)}, input ${decision.input_digest.slice(0, 12)})`);
  }
  const minted = await deps.github.mintToken(installation.id, grant.permissions, grant.repositories);
  const now = deps.clock();
  const claim = (name: string) => (typeof claims.all[name] === 'string' ? (claims.all[name] as string) : '');
  const entry = await deps.ledger.record(
    {
      repositoryId: repo.id,
      runId: claim('run_id'),
      identity: policy.name,
      permissions: grant.permissions,
      repositories: grant.repositories,
      expiresAt: Date.parse(minted.expiresAt),
      revokeBy: now + grant.lifetimeSeconds * 1000,
      claims: { workflow: claim('workflow'), workflowRef: claim('workflow_ref'), actor: claim('actor'), ref: claims.ref, eventName: claims.eventName, sha: claim('sha') },
    },
    minted.token,
  );
  await deps.audit({ kind: 'token_minted', actor: `github:${claim('actor') || 'unknown'}`, subject: `${repo.owner}/${repo.name}`, data: { token_id: entry.id, identity: policy.name, permissions: grant.permissions, repositories: grant.repositories, run_id: claim('run_id'), workflow_ref: claim('workflow_ref'), event_name: claims.eventName, ref: claims.ref, revoke_by: new Date(entry.revokeBy).toISOString() } });
  deps.log.info({ token_id: entry.id, repository: claims.repository, run_id: claims.all.run_id, identity: policy.name, permissions: grant.permissions }, 'minted installation token');
  return { token: minted.token, token_id: entry.id, expires_at: new Date(entry.revokeBy).toISOString(), permissions: grant.permissions, repositories: grant.repositories };
}

export async function revokeEntry(deps: TokenServiceDeps, entry: LedgerEntry, token: string, reason: string): Promise<void> {
  if (!(await deps.github.revokeToken(token))) throw new StsError('github_unavailable', 'GitHub did not confirm the revocation; retry');
  await deps.ledger.markRevoked(entry.id, deps.clock());
  await deps.audit({ kind: 'token_revoked', actor: 'airlock', subject: entry.id, data: { token_id: entry.id, repository_id: entry.repositoryId, run_id: entry.runId, reason } });
  deps.log.info({ token_id: entry.id, reason }, 'revoked installation token');
}

/** DELETE /airlock/v1/token with the token itself. */
export async function revokeByToken(deps: TokenServiceDeps, token: string | undefined): Promise<void> {
  if (!token) throw new StsError('request_invalid', 'send the token to revoke as `Authorization: token <token>`');
  const entry = await deps.ledger.findByToken(token);
  if (!entry) throw new StsError('token_not_found', 'this token was not minted by this broker');
  if (entry.revokedAt === undefined) await revokeEntry(deps, entry, token, 'agent step ended');
}

/**
 * DELETE /airlock/v1/tokens/{id} with a fresh OIDC token of the same run: the post step's
 * backstop, which never needs the credential on disk.
 */
export async function revokeById(deps: TokenServiceDeps, oidcToken: string | undefined, id: string): Promise<void> {
  const claims = await verifiedClaims(deps, oidcToken);
  const entry = await deps.ledger.findById(id);
  if (!entry) throw new StsError('token_not_found', `no token ${id}`);
  if (entry.repositoryId !== claims.repositoryId || entry.runId !== String(claims.all.run_id ?? '')) {
    throw new StsError('token_not_owned', 'this token was minted for another repository or workflow run');
  }
  if (entry.revokedAt !== undefined) return;
  const token = await deps.ledger.reveal(id);
  if (token === undefined) return;
  await revokeEntry(deps, entry, token, 'post step backstop');
}
