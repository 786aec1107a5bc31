import ms, { type StringValue } from 'ms';
import { RE2JS } from 're2js';
import trustPolicySchema from '../../schemas/trust-policy.schema.json' with { type: 'json' };
import { firstProblem, formatProblem, validateDocument, type Checked, type DocumentProblem } from '../config/validate-document.js';
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

/** Repository-level GitHub App permissions a repository policy may grant, as the schema lists them.
 * Anything else (notably organization permissions such as `members` or `organization_*`) is refused.
 * https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app */
export const REPOSITORY_PERMISSIONS: ReadonlySet<string> = new Set(trustPolicySchema.definitions.repositoryPermission.enum);

const MAX_LIFETIME = 3600;
const DEFAULT_LIFETIME = 900;

/** The file as schemas/trust-policy.schema.json admits it. */
interface TrustPolicyDocument {
  issuer: string;
  subject?: string;
  subject_pattern?: string;
  claim_pattern?: Record<string, string>;
  event_name?: string | string[];
  ref?: string | string[];
  job_workflow_ref?: string | string[];
  permissions: Record<string, GrantLevel>;
  repositories?: string | string[];
  max_lifetime?: string | number;
}

const list = (value: string | string[] | undefined): string[] | undefined => (value === undefined ? undefined : typeof value === 'string' ? [value] : value);

/**
 * Validates a trust policy against schemas/trust-policy.schema.json (the schema `airlock config
 * check` and editors use), then checks what a schema cannot: patterns compile as RE2, and the
 * lifetime is within an hour. Every problem is located in the file.
 */
export function validateTrustPolicy(name: string, text: string): Checked<TrustPolicy> {
  const doc = validateDocument('trust-policy', text);
  if (doc.problems.length) return { ok: false, problems: doc.problems };
  const d = doc.value as TrustPolicyDocument;
  const problems: DocumentProblem[] = [];
  /** Compiles an anchored RE2 pattern: linear time on attacker-influenced claims, no partial matches. */
  const anchored = (path: string[], pattern: string): RE2JS | undefined => {
    try {
      return RE2JS.compile(`^(?:${pattern})$`);
    } catch (error) {
      problems.push(doc.problemAt(path, `is not a valid RE2 regular expression: ${(error as Error).message}`));
      return undefined;
    }
  };
  const subjectPattern = d.subject_pattern === undefined ? undefined : anchored(['subject_pattern'], d.subject_pattern);
  const claimPatterns = Object.entries(d.claim_pattern ?? {}).map(([claim, pattern]) => [claim, anchored(['claim_pattern', claim], pattern)] as [string, RE2JS]);
  const seconds = lifetimeSeconds(d.max_lifetime);
  if (!(seconds >= 60 && seconds < MAX_LIFETIME)) {
    problems.push(doc.problemAt(['max_lifetime'], 'max_lifetime must be between 1m and 59m (e.g. "15m"); GitHub tokens live an hour and the broker revokes earlier'));
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name,
      issuer: d.issuer,
      subject: d.subject,
      subjectPattern,
      claimPatterns,
      eventNames: list(d.event_name) ?? DEFAULT_EVENTS,
      refs: list(d.ref),
      jobWorkflowRefs: list(d.job_workflow_ref),
      // A fresh object holding only the file's own entries.
      permissions: Object.fromEntries(Object.entries(d.permissions)),
      repositories: list(d.repositories),
      maxLifetimeSeconds: seconds,
    },
  };
}

/**
 * `15m`, `900s` or 900 (the schema admits only these forms), read by `ms` as every duration is
 * (https://github.com/vercel/ms); anything it cannot read is NaN, which the range check refuses.
 */
function lifetimeSeconds(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_LIFETIME;
  if (typeof value === 'number') return value;
  return (ms(value as StringValue) ?? Number.NaN) / 1000;
}

/** The broker's reading: the first problem (and how many more) as a `policy_invalid` refusal. */
export function parseTrustPolicy(name: string, text: string): TrustPolicy {
  const checked = validateTrustPolicy(name, text);
  if (checked.ok) return checked.value;
  throw new StsError('policy_invalid', `trust policy ${formatProblem(`.github/airlock/${name}.sts.yaml`, firstProblem(checked.problems))}`);
}

/** Identity names become file names: refuse anything that could walk the tree. */
export function trustPolicyPath(identity: unknown): string {
  if (typeof identity !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(identity)) {
    throw new StsError('request_invalid', 'identity must be a trust policy name: lower-case letters, digits, - and _ (e.g. "agent")');
  }
  return `.github/airlock/${identity}.sts.yaml`;
}
