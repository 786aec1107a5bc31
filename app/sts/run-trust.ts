import type { JWTVerifyGetKey } from 'jose';
import { acceptRun } from '../../src/sts/decide-grant.js';
import { CEILING_PATH, CEILING_REPO, checkIssuer, defaultCeiling, parseCeiling, type OrgCeiling } from '../../src/sts/org-ceiling.js';
import { StsError } from '../../src/sts/sts-error.js';
import { parseTrustPolicy, trustPolicyPath, type TrustPolicy } from '../../src/sts/trust-policy.js';
import { verifyOidcToken, type OidcSettings, type VerifiedClaims } from '../../src/sts/verify-oidc-token.js';
import { checkAlive } from './broker-deadline.js';
import type { CallOptions, GithubGateway } from './github-gateway.js';
import { ParsedByBlob } from './parsed-by-blob.js';
import type { TokenLedger } from './token-ledger.js';

/** What it takes to authenticate a workflow run by its OIDC token (the broker's deps share these). */
export interface RunTrustDeps {
  oidc: OidcSettings;
  keys: JWTVerifyGetKey;
  github: GithubGateway;
  /** Only `claimJti` is used here: the replay store shared by every replica. */
  ledger: Pick<TokenLedger, 'claimJti'>;
  clock: () => number;
}

/** The run's repository and installation, and the trust policy and org ceiling that judged it. */
export interface RunTrust {
  installation: { id: number; permissions: Record<string, string> };
  repo: { id: number; ownerId: number; owner: string; name: string; defaultBranch: string };
  policy: TrustPolicy;
  ceiling: OrgCeiling;
}

// Parsing (YAML, then the schema) is pure: one parse per blob SHA serves every exchange after it.
const trustPolicies = new ParsedByBlob<TrustPolicy>();
const ceilings = new ParsedByBlob<OrgCeiling>();

/**
 * Verifies the OIDC token (issuer pinned, RS256, audience, time; src/sts/verify-oidc-token.ts)
 * and records its `jti`, so a token is accepted once across every replica. A request already over
 * (`signal`) does not spend its jti.
 */
export async function verifiedClaims(deps: RunTrustDeps, oidcToken: string | undefined, signal?: AbortSignal): Promise<VerifiedClaims> {
  const claims = await verifyOidcToken(oidcToken, deps.oidc, deps.keys, deps.clock());
  checkAlive(signal);
  if (!(await deps.ledger.claimJti(claims.jti, claims.exp * 1000))) throw new StsError('oidc_replayed', 'OIDC token was already used; fetch a fresh one for each exchange');
  return claims;
}

/**
 * The org ceiling from the org's `.github` repository (default branch); a default when absent. One
 * read: without a ref GitHub serves the default branch, and a missing repository is a 404 like a
 * missing file. https://docs.github.com/en/rest/repos/contents#get-repository-content
 */
async function readCeiling(deps: RunTrustDeps, installationId: number, owner: string, call: CallOptions): Promise<OrgCeiling> {
  const file = await deps.github.readFile(installationId, owner, CEILING_REPO, CEILING_PATH, undefined, call);
  return file === undefined ? defaultCeiling(deps.oidc.issuer) : ceilings.get('', file, parseCeiling);
}

/**
 * Reads the trust policy `.github/airlock/<identity>.sts.yaml` and the org ceiling, both from
 * default branches (never from the ref the workflow runs on, which a pull request controls: no
 * ref, so GitHub serves the default branch), at once with the repository's ids.
 * Does not judge the claims: the caller does (`acceptRun`, or `decideGrant` which includes it).
 */
export async function loadRunTrust(deps: RunTrustDeps, claims: VerifiedClaims, identity: unknown, call: CallOptions = {}): Promise<RunTrust> {
  const path = trustPolicyPath(identity);
  const [owner, repoName] = claims.repository.split('/') as [string, string];
  const installation = await deps.github.findInstallation(owner, repoName, call);
  const [repo, file, ceiling] = await Promise.all([
    deps.github.getRepository(installation.id, owner, repoName, call),
    deps.github.readFile(installation.id, owner, repoName, path, undefined, call),
    readCeiling(deps, installation.id, owner, call),
  ]);
  checkAlive(call.signal);
  if (file === undefined) throw new StsError('policy_not_found', `no trust policy ${path} on ${repo.owner}/${repo.name}@${repo.defaultBranch}; add it to the default branch`);
  return { installation, repo, policy: trustPolicies.get(String(identity), file, (text) => parseTrustPolicy(String(identity), text)), ceiling };
}

/**
 * A run the trust policy accepts, as the token exchange would accept it, without granting
 * anything: the repository bound by numeric ids, issuer (also within the org ceiling), subject,
 * claim patterns, event, ref and workflow. For callers that act for a run but mint nothing
 * (secret approvals).
 */
export async function acceptedRun(deps: RunTrustDeps, claims: VerifiedClaims, identity: unknown): Promise<RunTrust> {
  const trust = await loadRunTrust(deps, claims, identity);
  acceptRun(claims, trust.policy, trust.repo);
  checkIssuer(trust.policy, trust.ceiling);
  return trust;
}
