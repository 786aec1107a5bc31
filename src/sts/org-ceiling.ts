import { firstProblem, formatProblem, validateDocument, type Checked } from '../config/validate-document.js';
import type { Grant } from './decide-grant.js';
import { StsError } from './sts-error.js';
import { REPOSITORY_PERMISSIONS, type GrantLevel, type TrustPolicy } from './trust-policy.js';

/** Where an organization sets the ceiling for every repository policy: its `.github` repository. */
export const CEILING_REPO = '.github';
export const CEILING_PATH = '.github/airlock/ceiling.yaml';

/**
 * The org's ceiling (request ⊆ repository policy ⊆ org ceiling ⊆ installation).
 * `maxPermissions` caps each permission; `repositoryWrites: false` caps every one at read.
 */
export interface OrgCeiling {
  allowedIssuers: string[];
  maxPermissions: Record<string, GrantLevel>;
  repositoryWrites: boolean;
}

/** Permissions that change who can do what (settings, secrets, workflows, hooks, environments):
 * a repository policy may grant them only when the org ceiling says so explicitly. */
// `packages`: a package write publishes an artifact others install; publishing needs a human
// (issue 19 item 3), so an org must raise its ceiling to grant it.
export const SENSITIVE_PERMISSIONS = ['administration', 'secrets', 'workflows', 'repository_hooks', 'environments', 'packages'];

/** With no ceiling file, the org accepts the configured issuer and everything but the
 * sensitive permissions. */
export function defaultCeiling(issuer: string): OrgCeiling {
  const maxPermissions: Record<string, GrantLevel> = {};
  for (const name of REPOSITORY_PERMISSIONS) if (!SENSITIVE_PERMISSIONS.includes(name)) maxPermissions[name] = 'write';
  return { allowedIssuers: [issuer], maxPermissions, repositoryWrites: true };
}

/** The file as schemas/org-ceiling.schema.json admits it. */
interface CeilingDocument {
  allowed_issuers: string[];
  max_permissions: Record<string, GrantLevel>;
  repository_writes?: boolean;
}

/** Validates the ceiling against schemas/org-ceiling.schema.json, the schema `airlock config check` uses. */
export function validateCeiling(text: string): Checked<OrgCeiling> {
  const doc = validateDocument('org-ceiling', text);
  if (doc.problems.length) return { ok: false, problems: doc.problems };
  const d = doc.value as CeilingDocument;
  return { ok: true, value: { allowedIssuers: d.allowed_issuers, maxPermissions: Object.fromEntries(Object.entries(d.max_permissions)), repositoryWrites: d.repository_writes !== false } };
}

/** The broker's reading: a ceiling that does not validate refuses every token request (`policy_invalid`). */
export function parseCeiling(text: string): OrgCeiling {
  const checked = validateCeiling(text);
  if (checked.ok) return checked.value;
  throw new StsError('policy_invalid', `org ceiling ${formatProblem(`${CEILING_REPO}/${CEILING_PATH}`, firstProblem(checked.problems))}`);
}

/** Refuses a trust policy whose issuer the org ceiling does not allow. Pure. */
export function checkIssuer(policy: TrustPolicy, ceiling: OrgCeiling): void {
  if (!ceiling.allowedIssuers.includes(policy.issuer)) {
    throw new StsError('policy_issuer_mismatch', `the org ceiling does not allow issuer ${policy.issuer}`);
  }
}

/** Refuses a grant that the org ceiling does not cover. Pure. */
export function checkCeiling(grant: Grant, policy: TrustPolicy, ceiling: OrgCeiling): void {
  checkIssuer(policy, ceiling);
  for (const [name, level] of Object.entries(grant.permissions)) {
    const cap = ceiling.repositoryWrites ? ceiling.maxPermissions[name] : ceiling.maxPermissions[name] && 'read';
    if (!cap || (level === 'write' && cap !== 'write')) {
      throw new StsError('permission_not_allowed', `permission ${name}: ${level} is beyond the org ceiling (${CEILING_REPO}/${CEILING_PATH} allows ${cap ?? 'nothing'})`);
    }
  }
}
