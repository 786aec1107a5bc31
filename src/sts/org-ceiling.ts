import { parse as parseYaml } from 'yaml';
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
export const SENSITIVE_PERMISSIONS = ['administration', 'secrets', 'workflows', 'repository_hooks', 'environments'];

/** With no ceiling file, the org accepts the configured issuer and everything but the
 * sensitive permissions. */
export function defaultCeiling(issuer: string): OrgCeiling {
  const maxPermissions: Record<string, GrantLevel> = {};
  for (const name of REPOSITORY_PERMISSIONS) if (!SENSITIVE_PERMISSIONS.includes(name)) maxPermissions[name] = 'write';
  return { allowedIssuers: [issuer], maxPermissions, repositoryWrites: true };
}

const invalid = (message: string) => new StsError('policy_invalid', `org ceiling ${CEILING_REPO}/${CEILING_PATH}: ${message}`);

export function parseCeiling(text: string): OrgCeiling {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 0 });
  } catch (error) {
    throw invalid(`not valid YAML: ${(error as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalid('expected a YAML mapping');
  const d = doc as Record<string, unknown>;
  const unknown = Object.keys(d).filter((k) => !['allowed_issuers', 'max_permissions', 'repository_writes'].includes(k));
  if (unknown.length) throw invalid(`unknown field(s) ${unknown.join(', ')}; expected allowed_issuers, max_permissions, repository_writes`);
  if (!Array.isArray(d.allowed_issuers) || d.allowed_issuers.length === 0 || !d.allowed_issuers.every((i) => typeof i === 'string')) {
    throw invalid('allowed_issuers must be a non-empty list of issuer URLs');
  }
  if (typeof d.max_permissions !== 'object' || d.max_permissions === null || Array.isArray(d.max_permissions)) throw invalid('max_permissions must map permissions to read or write');
  const maxPermissions: Record<string, GrantLevel> = {};
  for (const [name, level] of Object.entries(d.max_permissions)) {
    if (!REPOSITORY_PERMISSIONS.has(name)) throw invalid(`${name} is not a repository permission`);
    if (level !== 'read' && level !== 'write') throw invalid(`${name} must be read or write`);
    maxPermissions[name] = level;
  }
  if (d.repository_writes !== undefined && typeof d.repository_writes !== 'boolean') throw invalid('repository_writes must be true or false');
  return { allowedIssuers: d.allowed_issuers as string[], maxPermissions, repositoryWrites: d.repository_writes !== false };
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
