import { RE2JS } from 're2js';
import { parse as parseYaml } from 'yaml';
import { StsError } from './sts-error.js';

export type GrantLevel = 'read' | 'write';

/** `.github/airlock/<identity>.sts.yaml`, read from the repository's default branch only. */
export interface TrustPolicy {
  name: string;
  issuer: string;
  subject?: string;
  subjectPattern?: RE2JS;
  claimPatterns: [string, RE2JS][];
  eventNames: string[];
  refs?: string[];
  jobWorkflowRefs?: string[];
  permissions: Record<string, GrantLevel>;
  repositories?: string[];
  maxLifetimeSeconds: number;
}

/** Triggers whose workflow can run attacker-chosen code with the base repository's identity. */
export const UNTRUSTED_TRIGGERS = ['pull_request_target', 'issue_comment', 'workflow_run'];
const DEFAULT_EVENTS = ['push', 'workflow_dispatch', 'schedule'];

/** Repository-level GitHub App permissions a repository policy may grant. Anything else (notably
 * organization permissions such as `members` or `organization_*`) is refused.
 * https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app */
export const REPOSITORY_PERMISSIONS = new Set([
  'actions', 'administration', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'environments',
  'issues', 'metadata', 'packages', 'pages', 'pull_requests', 'repository_hooks', 'repository_projects',
  'secret_scanning_alerts', 'secrets', 'security_events', 'statuses', 'vulnerability_alerts', 'workflows',
]);

const MAX_LIFETIME = 3600;
const DEFAULT_LIFETIME = 900;

function invalid(name: string, message: string): StsError {
  return new StsError('policy_invalid', `trust policy .github/airlock/${name}.sts.yaml: ${message}`);
}

/** Compiles an anchored RE2 pattern: linear time on attacker-influenced claims, no partial matches. */
function anchored(name: string, field: string, pattern: unknown): RE2JS {
  if (typeof pattern !== 'string' || pattern.length === 0) throw invalid(name, `${field} must be a non-empty regular expression`);
  try {
    return RE2JS.compile(`^(?:${pattern})$`);
  } catch (error) {
    throw invalid(name, `${field} is not a valid RE2 regular expression: ${(error as Error).message}`);
  }
}

function stringList(name: string, field: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((v) => typeof v === 'string' && v.length > 0)) {
    throw invalid(name, `${field} must be a string or a non-empty list of strings`);
  }
  return list as string[];
}

function parseDuration(name: string, value: unknown): number {
  if (value === undefined) return DEFAULT_LIFETIME;
  const match = typeof value === 'string' ? /^(\d+)(s|m|h)$/.exec(value) : null;
  const seconds = typeof value === 'number' ? value : match ? Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'] : NaN;
  if (!Number.isInteger(seconds) || seconds < 60 || seconds >= MAX_LIFETIME) {
    throw invalid(name, 'max_lifetime must be between 1m and 59m (e.g. "15m"); GitHub tokens live an hour and the broker revokes earlier');
  }
  return seconds;
}

const KNOWN_FIELDS = new Set(['issuer', 'subject', 'subject_pattern', 'claim_pattern', 'event_name', 'ref', 'job_workflow_ref', 'permissions', 'repositories', 'max_lifetime']);

export function parseTrustPolicy(name: string, text: string): TrustPolicy {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 0 });
  } catch (error) {
    throw invalid(name, `not valid YAML: ${(error as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalid(name, 'expected a YAML mapping');
  const d = doc as Record<string, unknown>;
  const unknown = Object.keys(d).filter((k) => !KNOWN_FIELDS.has(k));
  if (unknown.length) throw invalid(name, `unknown field(s) ${unknown.join(', ')}; expected ${[...KNOWN_FIELDS].join(', ')}`);
  if (typeof d.issuer !== 'string') throw invalid(name, 'issuer is required (e.g. https://token.actions.githubusercontent.com)');
  if ((d.subject === undefined) === (d.subject_pattern === undefined)) throw invalid(name, 'exactly one of subject or subject_pattern is required');
  if (d.subject !== undefined && typeof d.subject !== 'string') throw invalid(name, 'subject must be a string');

  const claimPatterns: [string, RE2JS][] = [];
  if (d.claim_pattern !== undefined) {
    if (typeof d.claim_pattern !== 'object' || d.claim_pattern === null || Array.isArray(d.claim_pattern)) throw invalid(name, 'claim_pattern must map claim names to regular expressions');
    for (const [claim, pattern] of Object.entries(d.claim_pattern)) claimPatterns.push([claim, anchored(name, `claim_pattern.${claim}`, pattern)]);
  }

  if (typeof d.permissions !== 'object' || d.permissions === null || Array.isArray(d.permissions) || Object.keys(d.permissions).length === 0) {
    throw invalid(name, 'permissions must map permission names to read or write (e.g. contents: read)');
  }
  const permissions: Record<string, GrantLevel> = {};
  for (const [perm, level] of Object.entries(d.permissions)) {
    if (!REPOSITORY_PERMISSIONS.has(perm)) throw invalid(name, `permission ${perm} is not a repository permission a policy may grant`);
    if (level !== 'read' && level !== 'write') throw invalid(name, `permission ${perm} must be read or write`);
    permissions[perm] = level;
  }

  return {
    name,
    issuer: d.issuer,
    subject: d.subject as string | undefined,
    subjectPattern: d.subject_pattern === undefined ? undefined : anchored(name, 'subject_pattern', d.subject_pattern),
    claimPatterns,
    eventNames: stringList(name, 'event_name', d.event_name) ?? DEFAULT_EVENTS,
    refs: stringList(name, 'ref', d.ref),
    jobWorkflowRefs: stringList(name, 'job_workflow_ref', d.job_workflow_ref),
    permissions,
    repositories: stringList(name, 'repositories', d.repositories),
    maxLifetimeSeconds: parseDuration(name, d.max_lifetime),
  };
}

/** Identity names become file names: refuse anything that could walk the tree. */
export function trustPolicyPath(identity: unknown): string {
  if (typeof identity !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(identity)) {
    throw new StsError('request_invalid', 'identity must be a trust policy name: lower-case letters, digits, - and _ (e.g. "agent")');
  }
  return `.github/airlock/${identity}.sts.yaml`;
}
