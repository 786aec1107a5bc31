import { StsError } from './sts-error.js';
import type { GrantLevel, TrustPolicy } from './trust-policy.js';
import { UNTRUSTED_TRIGGERS } from './trust-policy.js';
import type { VerifiedClaims } from './verify-oidc-token.js';

export interface GrantRequest {
  permissions?: Record<string, unknown>;
  repositories?: unknown;
}

export interface Grant {
  permissions: Record<string, GrantLevel>;
  /** Repository names within the policy repository's owner; never empty (no owner-wide tokens). */
  repositories: string[];
  lifetimeSeconds: number;
}

export interface PolicyRepository {
  id: number;
  ownerId: number;
  owner: string;
  name: string;
}

/**
 * Whether the trust policy read from the default branch of `repo` accepts the run behind the
 * verified claims, pure: ids (not names) bind, then issuer, subject, claim patterns, event, ref
 * and workflow. Throws a refusal with a specific code. Shared by the token exchange and by
 * secret approvals (app/approvals), so both accept exactly the same runs.
 */
export function acceptRun(claims: VerifiedClaims, policy: TrustPolicy, repo: PolicyRepository): void {
  if (claims.repositoryId !== repo.id || claims.repositoryOwnerId !== repo.ownerId) {
    throw new StsError('repository_mismatch', `the OIDC token is for repository id ${claims.repositoryId} (owner ${claims.repositoryOwnerId}), not ${repo.owner}/${repo.name} (id ${repo.id}); a renamed or re-created repository needs a new policy`);
  }
  if (claims.all.iss !== policy.issuer) throw new StsError('policy_issuer_mismatch', `trust policy ${policy.name} accepts tokens from ${policy.issuer} only`);
  // The subject is compared whole, never split on ':' (its parts can contain ':' themselves).
  const subjectOk = policy.subject !== undefined ? claims.sub === policy.subject : policy.subjectPattern!.matcher(claims.sub).matches();
  if (!subjectOk) throw new StsError('policy_subject_mismatch', `OIDC subject ${JSON.stringify(claims.sub)} does not match trust policy ${policy.name}`);
  for (const [claim, pattern] of policy.claimPatterns) {
    const value = claims.all[claim];
    if (typeof value !== 'string' || !pattern.matcher(value).matches()) {
      throw new StsError('policy_claim_mismatch', `OIDC claim ${claim} does not match trust policy ${policy.name}`);
    }
  }
  if (!policy.eventNames.includes(claims.eventName)) {
    const hint = UNTRUSTED_TRIGGERS.includes(claims.eventName) ? ' (it runs with the base repository\'s identity on untrusted input; list it in event_name only if you accept that)' : '';
    throw new StsError('event_not_allowed', `event ${claims.eventName} is not in trust policy ${policy.name}'s event_name${hint}`);
  }
  if (policy.refs && !policy.refs.includes(claims.ref)) throw new StsError('ref_not_allowed', `ref ${claims.ref} is not allowed by trust policy ${policy.name}`);
  if (policy.jobWorkflowRefs && !policy.jobWorkflowRefs.includes(String(claims.all.job_workflow_ref))) {
    throw new StsError('workflow_not_allowed', `workflow ${String(claims.all.job_workflow_ref)} is not allowed by trust policy ${policy.name}`);
  }
}

/**
 * The broker's decision, pure: verified claims, the trust policy read from the default branch
 * of `repo`, and the request in; the narrowed grant out, or a refusal with a specific code.
 * The policy must accept the run (`acceptRun`); request ⊆ policy; the policy's own repository
 * unless it names others.
 */
export function decideGrant(claims: VerifiedClaims, policy: TrustPolicy, repo: PolicyRepository, request: GrantRequest): Grant {
  acceptRun(claims, policy, repo);

  const permissions: Record<string, GrantLevel> = {};
  const requested = request.permissions ?? policy.permissions;
  if (typeof requested !== 'object' || requested === null || Array.isArray(requested)) throw new StsError('request_invalid', 'permissions must be an object such as {"contents": "read"}');
  for (const [name, level] of Object.entries(requested)) {
    if (level !== 'read' && level !== 'write') throw new StsError('request_invalid', `permission ${name} must be "read" or "write"`);
    const allowed = policy.permissions[name];
    if (!allowed || (level === 'write' && allowed !== 'write')) {
      throw new StsError('permission_not_allowed', `permission ${name}: ${level} is beyond trust policy ${policy.name} (allows ${allowed ?? 'nothing'})`);
    }
    permissions[name] = level;
  }
  if (Object.keys(permissions).length === 0) throw new StsError('request_invalid', 'permissions must name at least one permission');

  const allowedRepos = policy.repositories ?? [repo.name];
  let repositories: string[];
  if (request.repositories === undefined) repositories = [repo.name];
  else if (Array.isArray(request.repositories) && request.repositories.length > 0 && request.repositories.every((r) => typeof r === 'string')) repositories = request.repositories as string[];
  else throw new StsError('request_invalid', 'repositories must be a non-empty list of repository names (without the owner)');
  for (const name of repositories) {
    if (!allowedRepos.includes(name)) throw new StsError('repository_not_allowed', `repository ${name} is not allowed by trust policy ${policy.name} (allows ${allowedRepos.join(', ')})`);
  }
  return { permissions, repositories, lifetimeSeconds: policy.maxLifetimeSeconds };
}
