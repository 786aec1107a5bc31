import type { PolicyApproval } from './approvals.js';

/** Attestation verification of the head commit; `unknown` until the attestation check plugs in. */
export interface AttestationStatus {
  status: 'verified' | 'missing' | 'invalid' | 'unknown';
  [detail: string]: unknown;
}

/** The secret scan of the pull request; `unknown` until the scanner plugs in. */
export interface SecretFindings {
  status: 'clean' | 'found' | 'unknown';
  count?: number;
}

/** The `airlock.pr` input: policies/schemas/pr-input.schema.json. */
export interface PrPolicyInput {
  pull_request: { number: number; author: string; head_sha: string; base_ref: string };
  is_agent: boolean;
  changed_files: string[];
  changed_files_complete: boolean;
  /** Solo mode: a human author may approve their own pull request. */
  solo: boolean;
  approvals: PolicyApproval[];
  required_approvals: number;
  approval_paths: string[];
  attestation: AttestationStatus;
  secret_findings: SecretFindings;
}

export interface GateInputFacts {
  number: number;
  author: string;
  headSha: string;
  baseRef: string;
  isAgent: boolean;
  /** Every changed path; renames contribute both names. */
  changedFiles: string[];
  changedFilesComplete: boolean;
  solo: boolean;
  approvals: PolicyApproval[];
  requiredApprovals: number;
  approvalPaths: string[];
  attestation: AttestationStatus;
  secretFindings: SecretFindings;
}

export function buildGateInput(f: GateInputFacts): PrPolicyInput {
  return {
    pull_request: { number: f.number, author: f.author, head_sha: f.headSha, base_ref: f.baseRef },
    is_agent: f.isAgent,
    changed_files: [...new Set(f.changedFiles)].sort(),
    changed_files_complete: f.changedFilesComplete,
    solo: f.solo,
    approvals: f.approvals,
    required_approvals: f.requiredApprovals,
    approval_paths: f.approvalPaths,
    attestation: f.attestation,
    secret_findings: f.secretFindings,
  };
}

/** Changed files as GET /repos/{owner}/{repo}/pulls/{n}/files lists them. */
export interface ChangedFile {
  filename: string;
  previous_filename?: string;
  /** `added`, `removed`, `modified`, `renamed`, ... */
  status?: string;
  /** The blob id of the file at the head. */
  sha?: string;
  /** The unified diff GitHub shows; absent for a binary file or one too large to show. */
  patch?: string;
}

/** GitHub lists at most 3000 files of a pull request (pulls#list-pull-requests-files). */
export const FILE_LIST_LIMIT = 3000;

export function changedPaths(files: ChangedFile[]): { paths: string[]; complete: boolean } {
  const paths = files.flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]));
  return { paths, complete: files.length < FILE_LIST_LIMIT };
}
