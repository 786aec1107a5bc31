import type * as Core from '@actions/core';
import type { ActionSettings } from './action-settings.js';
import type { BrokerClient } from './broker-client.js';
import { credentialForms } from './credential-masking.js';
import { STATE_KEY, summaryTable, type CredentialRecord } from './credential-record.js';
import { agentEnvironment, runAgent } from './run-agent.js';

export interface MainDeps {
  core: typeof Core;
  broker: BrokerClient;
  env: NodeJS.ProcessEnv;
  clock: () => Date;
  fetch: typeof fetch;
  write: (text: string) => void;
  /** Aborted when the runner cancels the job. */
  cancelled: AbortSignal;
}

/** Asks GitHub whether a revoked token is really dead: it must now answer 401. */
async function confirmRevoked(deps: MainDeps, token: string): Promise<boolean> {
  const api = deps.env.GITHUB_API_URL ?? 'https://api.github.com';
  const response = await deps.fetch(`${api}/installation/repositories?per_page=1`, { headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json' } });
  return response.status === 401;
}

/**
 * The agent step: OIDC token -> broker -> masked credential -> agent -> revoke, verified.
 * The credential exists only in this process's memory and the agent's environment.
 */
export async function runMain(settings: ActionSettings, deps: MainDeps): Promise<void> {
  const { core } = deps;
  const records: CredentialRecord[] = [];
  let token: string | undefined;
  try {
    core.startGroup('Airlock: exchange the OIDC token for scoped credentials');
    const oidcToken = await core.getIDToken(settings.audience);
    const minted = await deps.broker.exchange(oidcToken, { identity: settings.identity, permissions: settings.permissions, repositories: settings.repositories });
    token = minted.token;
    // Masked before anything else happens with it, in every form a log could show.
    for (const form of credentialForms(token)) core.setSecret(form);
    records.push({ kind: 'github', id: minted.token_id, scope: `${Object.entries(minted.permissions).map(([k, v]) => `${k}:${v}`).join(', ')} on ${minted.repositories.join(', ')}`, mintedAt: deps.clock().toISOString(), expiresAt: minted.expires_at });
    core.saveState(STATE_KEY, JSON.stringify(records));
    core.info(`Minted GitHub token ${minted.token_id.slice(0, 8)} (${records[0]!.scope}), revoked when the agent ends.`);
    core.endGroup();

    core.startGroup('Airlock: run the agent');
    const agent = await runAgent({
      command: settings.run,
      cwd: settings.workingDirectory,
      env: agentEnvironment(deps.env, { [settings.tokenEnv]: token }),
      redactForms: credentialForms(token),
      write: deps.write,
      signal: deps.cancelled,
    });
    core.endGroup();
    core.setOutput('agent-exit-code', String(agent.exitCode));
    if (agent.exitCode !== 0) core.setFailed(`the agent command exited with ${agent.exitCode}${agent.signal ? ` (${agent.signal})` : ''}`);
  } finally {
    if (token !== undefined && records[0]) await revokeNow(settings, deps, token, records[0]);
    core.saveState(STATE_KEY, JSON.stringify(records));
    if (records.length) await core.summary.addHeading('Airlock credentials', 3).addRaw(summaryTable(records), true).write();
  }
}

async function revokeNow(settings: ActionSettings, deps: MainDeps, token: string, record: CredentialRecord): Promise<void> {
  const { core } = deps;
  try {
    await deps.broker.revoke(token);
    if (!(await confirmRevoked(deps, token))) throw new Error('GitHub still accepts the token after revocation');
    record.revokedAt = deps.clock().toISOString();
    core.info(`Revoked GitHub token ${record.id.slice(0, 8)}; GitHub confirms it no longer works.`);
  } catch (error) {
    const message = `could not revoke GitHub token ${record.id.slice(0, 8)}: ${(error as Error).message}; the post step will retry`;
    if (settings.revokeFailure === 'warn') core.warning(message);
    else core.error(message);
  }
}
