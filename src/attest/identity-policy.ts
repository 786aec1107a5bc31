/**
 * Who may sign an agent-run attestation: a workflow of the repository itself, run by GitHub's OIDC
 * issuer. `@sigstore/verify` treats an identity string as an unanchored regular expression, so
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
   * or any workflow file of the repository on this branch ref. A workflow edited on a pull-request
   * branch runs from that branch, so it never matches.
   */
  workflows: { refs: string[] } | { anyOnRef: string };
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
  return `^${escapeRegExp(`${server}/${policy.repository}/.github/workflows/`)}[A-Za-z0-9._-]+\\.ya?ml${escapeRegExp(`@${policy.workflows.anyOnRef}`)}$`;
}
