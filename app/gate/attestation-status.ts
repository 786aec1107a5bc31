import type { Context } from 'probot';
import { AttestError } from '../../src/attest/attest-error.js';
import { BundleBlobError } from '../../src/attest/bundle-blob-error.js';
import { changesetDigest, type ChangeEntry } from '../../src/attest/changeset-digest.js';
import { listedAttestationBundle, type BundleFetchOptions, type ListedAttestation } from '../../src/attest/fetch-attestation-bundle.js';
import type { Trust } from '../../src/attest/trust-material.js';
import { verifyAgentRun, type VerifiedAgentRun } from '../../src/attest/verify-agent-run.js';
import type { RunSummary } from '../telemetry/run-event-store.js';
import { FILE_LIST_LIMIT, type AttestationStatus, type ChangedFile } from './gate-input.js';

type Octokit = Context['octokit'];

export interface AttestationCheck {
  status: AttestationStatus['status'];
  /** Why it is not verified, for the check run. */
  reason?: string;
  changesetDigest?: string;
  verified?: VerifiedAgentRun;
  /** Telemetry the verified run sent the App (POST /airlock/v1/events), when it sent any (app/telemetry/attested-run-timeline.ts). */
  timeline?: RunSummary;
}

export interface AttestationTrust {
  trust: Trust;
  /** Where Fulcio names workflows (https://github.com). */
  serverUrl: string;
  issuer: string;
}

/** One budget for fetching all of a pull request's bundles served by reference (each also has its own, 10 s). */
const BUNDLES_BUDGET_MS = 30_000;

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
 * workflow of this repository on the default branch. Each listed attestation's bundle is inline or
 * served by reference (`bundle: null` plus `bundle_url`, fetched without credentials: see
 * fetch-attestation-bundle.ts). One that cannot be read is unverifiable, never a pass: when none
 * could be read the status is `unknown` (the check did not complete), and when one was read and does
 * not verify, `invalid`.
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
  let listed: ListedAttestation[];
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/attestations/{subject_digest}', { owner: pull.owner, repo: pull.repo, subject_digest: `sha256:${digest}`, per_page: 30 });
    listed = (data.attestations ?? []) as ListedAttestation[];
  } catch (error) {
    if ((error as { status?: number }).status === 404) listed = [];
    else return { status: 'unknown', changesetDigest: digest, reason: `GitHub did not list attestations: ${(error as Error).message}` };
  }
  if (listed.length === 0) return { status: 'missing', changesetDigest: digest, reason: `no attestation has subject sha256:${digest}` };
  const policy = {
    serverUrl: options.serverUrl,
    issuer: options.issuer,
    repository: `${pull.owner}/${pull.repo}`,
    repositoryId: String(pull.repositoryId),
    workflows: { anyOnRef: `refs/heads/${pull.defaultBranch}` },
  };
  // Plain fetch, never the installation's Octokit: it would send its token to the blob host.
  const fetchOptions: BundleFetchOptions = { signal: AbortSignal.timeout(BUNDLES_BUDGET_MS) };
  const invalid: string[] = [];
  const unreadable: string[] = [];
  for (const entry of listed) {
    try {
      const bundle = await listedAttestationBundle(entry, fetchOptions);
      return { status: 'verified', changesetDigest: digest, verified: verifyAgentRun(bundle, options.trust, policy, { changesetDigest: digest }) };
    } catch (error) {
      if (error instanceof BundleBlobError) unreadable.push(`BUNDLE_${error.code}: ${error.message}`);
      else if (error instanceof AttestError) invalid.push(`${error.code}: ${error.message}`);
      else throw error;
    }
  }
  if (invalid.length === 0) return { status: 'unknown', changesetDigest: digest, reason: `no attestation bundle could be read: ${unreadable.join('; ')}` };
  return { status: 'invalid', changesetDigest: digest, reason: [...invalid, ...unreadable].join('; ') };
}
