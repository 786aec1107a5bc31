import { decodeJwt } from 'jose';
import { loadPolicyModules, policyDir, REQUEST_PATH_LIMITS } from '../policy/policy-modules.js';
import type { VaultSettings } from './action-settings.js';

/**
 * The `airlock.secrets` policy's input for this run. The approval is GitHub's environment
 * protection: a job that names an `environment` only starts after that environment's required
 * reviewers approved it, and GitHub puts the environment in the job's OIDC token.
 * https://docs.github.com/en/actions/deployment/targeting-different-environments/managing-environments-for-deployment#required-reviewers
 */
export function secretsPolicyInput(vault: VaultSettings, oidcToken: string): Record<string, unknown> {
  const claims = decodeJwt(oidcToken);
  const text = (name: string) => (typeof claims[name] === 'string' ? (claims[name] as string) : '');
  const environment = text('environment');
  return {
    requests: vault.secrets.map((s) => ({ path: s.path, key: s.key, env: s.envName })),
    approval: environment ? { approved: true, by: `environment:${environment}`, sha: text('sha') } : { approved: false },
    run: { sha: text('sha'), actor: text('actor') },
  };
}

/** Refuses (throws) unless the policy allows resolving these secrets; any policy error refuses. */
export async function checkSecretsPolicy(vault: VaultSettings, oidcToken: string, env: NodeJS.ProcessEnv): Promise<void> {
  const modules = await loadPolicyModules(policyDir(env));
  // Only runs with Vault and no Airlock App decide here: the embedded backend, with every builtin
  // and their dependencies, is loaded then (scripts/build.js splits what import() reaches).
  const { evaluatePolicy } = await import('../policy/evaluate-policy.js');
  const decision = evaluatePolicy({ modules, entrypoint: 'airlock.secrets', input: secretsPolicyInput(vault, oidcToken), limits: REQUEST_PATH_LIMITS });
  if (!decision.allow) {
    throw new Error(`policy airlock.secrets refused to resolve secrets: ${decision.deny.join('; ')}. Run the job in a GitHub environment with required reviewers (\`environment:\`) to approve secret access.`);
  }
}
