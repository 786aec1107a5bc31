import type { Context } from 'probot';
import { AttestError } from '../../src/attest/attest-error.js';
import { changesetDigest, type ChangeEntry } from '../../src/attest/changeset-digest.js';
import type { Trust } from '../../src/attest/trust-material.js';
import { verifyAgentRun, type VerifiedAgentRun } from '../../src/attest/verify-agent-run.js';
import { FILE_LIST_LIMIT, type AttestationStatus, type ChangedFile } from './gate-input.js';

type Octokit = Context['octokit'];

export interface AttestationCheck {
  status: AttestationStatus['status'];
  /** Why it is not verified, for the check run. */
  reason?: string;
  changesetDigest?: string;
  verified?: VerifiedAgentRun;
}

export interface AttestationTrust {
  trust: Trust;
  /** Where Fulcio names workflows (https://github.com). */
  serverUrl: string;
  issuer: string;
}

/**
 * The pull request's changeset as the Action computes it from a work tree (changeset-digest.ts):
 * each file's head blob id, deleted files (and the old name of a rename) as null.
 */
export function pullChangeset(files: readonly ChangedFile[]): ChangeEntry[] | undefined {
  const entries: ChangeEntry[] = [];
  for (const f of files) {
    if (f.previous_filename) entries.push({ path: f.previous_filename, blob: null });
    if (f.status === 'removed') entries.push({ path: f.filename, blob: null });
    else if (f.sha) entries.push({ path: f.filename, blob: f.sha });
    else return undefined;
  }
  return entries;
}

/**
 * Finds and verifies the agent-run attestation for a pull request: its subject must be the
 * changeset digest the App computes from the pull request's own file list, and its signer a
 * workflow of this repository on the default branch.
 * https://docs.github.com/en/rest/repos/attestations#list-attestations
 */
export async function checkAttestation(
  octokit: Octokit,
  pull: { owner: string; repo: string; repositoryId: number; defaultBranch: string },
  files: readonly ChangedFile[],
  options: AttestationTrust,
): Promise<AttestationCheck> {
  const entries = files.length < FILE_LIST_LIMIT ? pullChangeset(files) : undefined;
  if (!entries) return { status: 'unknown', reason: 'the pull request file list is incomplete (over 3000 files or without blob ids), so its changeset cannot be computed' };
  const digest = changesetDigest(entries);
  let bundles: unknown[];
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/attestations/{subject_digest}', { owner: pull.owner, repo: pull.repo, subject_digest: `sha256:${digest}`, per_page: 30 });
    bundles = (data.attestations ?? []).map((a) => a.bundle);
  } catch (error) {
    if ((error as { status?: number }).status === 404) bundles = [];
    else return { status: 'unknown', changesetDigest: digest, reason: `GitHub did not list attestations: ${(error as Error).message}` };
  }
  if (bundles.length === 0) return { status: 'missing', changesetDigest: digest, reason: `no attestation has subject sha256:${digest}` };
  const policy = {
    serverUrl: options.serverUrl,
    issuer: options.issuer,
    repository: `${pull.owner}/${pull.repo}`,
    repositoryId: String(pull.repositoryId),
    workflows: { anyOnRef: `refs/heads/${pull.defaultBranch}` },
  };
  const reasons: string[] = [];
  for (const bundle of bundles) {
    try {
      return { status: 'verified', changesetDigest: digest, verified: verifyAgentRun(bundle, options.trust, policy, { changesetDigest: digest }) };
    } catch (error) {
      if (!(error instanceof AttestError)) throw error;
      reasons.push(`${error.code}: ${error.message}`);
    }
  }
  return { status: 'invalid', changesetDigest: digest, reason: reasons.join('; ') };
}
