import type { Signer } from '@sigstore/verify';
import { AttestError } from './attest-error.js';
import { fulcioExtensions, type FulcioExtensions } from './certificate-extensions.js';

/**
 * Who may sign an attestation: a workflow of the repository (or a reusable workflow it calls), run
 * by GitHub's OIDC issuer. `@sigstore/verify` treats an identity string as an unanchored regular expression, so
 * `…/agent.yml@refs/heads/main` would also accept `…/agent.yml@refs/heads/main-evil`; every string
 * here is escaped and the whole pattern anchored.
 * https://docs.github.com/en/actions/security-for-github-actions/using-artifact-attestations
 */
export interface AgentIdentityPolicy {
  /** `https://github.com` (Fulcio writes identities under it). */
  serverUrl: string;
  /** The OIDC issuer the certificate must name, exactly. */
  issuer: string;
  /** `owner/repo`: the certificate's source repository. */
  repository: string;
  /** The repository's numeric id: certificates bind it, so a deleted-and-recreated name does not pass. */
  repositoryId?: string;
  /**
   * Exact `job_workflow_ref`s allowed to sign (`owner/repo/.github/workflows/agent.yml@refs/heads/main`),
   * or any workflow file of the repository on this branch ref, or one workflow file
   * (`owner/repo/.github/workflows/release.yml`) on any ref, as `gh attestation verify
   * --signer-workflow` without a ref allows. A workflow edited on a pull-request branch runs from
   * that branch, so it never matches a branch ref.
   */
  workflows: { refs: string[] } | { anyOnRef: string } | { anyRefOf: string };
  /** Allowed runner environments (`github-hosted`, `self-hosted`); absent: any. */
  runnerEnvironments?: string[];
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The anchored, escaped pattern for the certificate's subject alternative name. */
export function subjectPattern(policy: AgentIdentityPolicy): string {
  const server = policy.serverUrl.replace(/\/+$/, '');
  if ('refs' in policy.workflows) {
    if (policy.workflows.refs.length === 0) return '^(?!)$';
    return `^(?:${policy.workflows.refs.map((r) => escapeRegExp(`${server}/${r}`)).join('|')})$`;
  }
  if ('anyRefOf' in policy.workflows) return `^${escapeRegExp(`${server}/${policy.workflows.anyRefOf}@`)}[^@\\s]+$`;
  return `^${escapeRegExp(`${server}/${policy.repository}/.github/workflows/`)}[A-Za-z0-9._-]+\\.ya?ml${escapeRegExp(`@${policy.workflows.anyOnRef}`)}$`;
}

/** What a verified certificate proves about the run that signed. */
export interface SignerIdentity extends FulcioExtensions {
  /** The certificate's subject alternative name: the signing workflow at its ref. */
  subject: string;
  issuer: string;
}

/**
 * Holds a signer `@sigstore/verify` has verified to the policy: the subject (the workflow at its
 * ref) matches the anchored pattern, the issuer is exactly the policy's, and the certificate's
 * source repository (the repository the run belongs to, also when a reusable workflow signs) is the
 * policy's, with its id and runner environment when the policy names them.
 */
export function checkSignerIdentity(signer: Signer, policy: AgentIdentityPolicy): SignerIdentity {
  const subject = signer.identity?.subjectAlternativeName ?? '';
  const issuer = signer.identity?.extensions?.issuer ?? '';
  const extensions = fulcioExtensions(signer);
  if (!new RegExp(subjectPattern(policy)).test(subject)) throw new AttestError('WRONG_IDENTITY', `certificate identity ${subject || '(none)'} is not an allowed workflow`);
  if (issuer !== policy.issuer) throw new AttestError('WRONG_IDENTITY', `the certificate's OIDC issuer is ${issuer || 'absent'}, not ${policy.issuer}`);
  const repository = `${policy.serverUrl.replace(/\/+$/, '')}/${policy.repository}`;
  const repoUri = extensions.sourceRepositoryUri;
  if (repoUri?.toLowerCase() !== repository.toLowerCase()) throw new AttestError('WRONG_IDENTITY', `the certificate's source repository is ${repoUri ?? 'absent'}, not ${repository}`);
  const repoId = extensions.sourceRepositoryId;
  if (policy.repositoryId && repoId !== policy.repositoryId) throw new AttestError('WRONG_IDENTITY', `the certificate's repository id is ${repoId ?? 'absent'}, not ${policy.repositoryId}`);
  const runner = extensions.runnerEnvironment;
  if (policy.runnerEnvironments && !policy.runnerEnvironments.includes(runner ?? '')) {
    throw new AttestError('WRONG_IDENTITY', `the run's runner environment is ${runner ?? 'absent'}; allowed: ${policy.runnerEnvironments.join(', ')}`);
  }
  return { subject, issuer, ...extensions };
}
