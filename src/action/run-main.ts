import { tmpdir } from 'node:os';
import type * as Core from '@actions/core';
import type { ActionSettings } from './action-settings.js';
import type { BrokerClient } from './broker-client.js';
import { credentialForms } from './credential-masking.js';
import { FILE_STATE_KEY, STATE_KEY, summaryTable, VAULT_STATE_KEY, type CredentialRecord } from './credential-record.js';
import { removeCredentialsFile, writeCredentialsFile } from './credentials-file.js';
import { fetchIdToken, ID_TOKEN_RETRY } from './fetch-id-token.js';
import { checkSecretsPolicy } from './secrets-approval.js';
import { attestRun } from './attest-run.js';
import { startAgentNetwork, type AgentNetwork, type NetworkFacts } from './agent-network.js';
import { redact } from './credential-masking.js';
import { agentEnvironment, preflightSandbox, runAgent, type AgentRun } from './run-agent.js';
import { snapshotBase, type BaseSnapshot } from '../attest/work-tree-changes.js';
import { handBackChanges } from './hand-back-changes.js';
import { shownPath } from './shown-text.js';
import { prepareRedactedWorkspace, type RedactedWorkspace } from './redacted-workspace.js';
import { leftoversOf } from './vault/revoke-leftovers.js';
import { readSecrets, revokeAll, vaultLogin, type VaultSession } from './vault/vault-client.js';

export interface MainDeps {
  core: typeof Core;
  /** Present when `broker-url` is set. */
  broker?: BrokerClient;
  env: NodeJS.ProcessEnv;
  clock: () => Date;
  fetch: typeof fetch;
  write: (text: string) => void;
  /** Aborted when the runner cancels the job. */
  cancelled: AbortSignal;
}

/** Everything main holds while the agent runs; dropped when main ends. */
interface Held {
  records: CredentialRecord[];
  /** Variables for the agent: the only place credentials go. */
  env: Record<string, string>;
  /** Every form of every credential, masked and stripped from the agent's output. */
  forms: string[];
  /** Every credential as held: what the LLM gateway refuses to let leave in a request. */
  values: string[];
  githubToken?: string;
  vault?: VaultSession;
  /** `export: file`: where the credentials file is, while it exists. */
  file?: string;
}

function hold(core: typeof Core, held: Held, value: string): void {
  // Masked before anything else happens with it, in every form a log could show.
  held.values.push(value);
  for (const form of credentialForms(value)) {
    core.setSecret(form);
    held.forms.push(form);
  }
}

function saveState(core: typeof Core, held: Held): void {
  core.saveState(STATE_KEY, JSON.stringify(held.records));
  if (held.vault) core.saveState(VAULT_STATE_KEY, JSON.stringify(leftoversOf(held.vault)));
}

async function acquireGithub(settings: ActionSettings, deps: MainDeps, held: Held): Promise<void> {
  const { core, broker } = deps;
  if (!broker) return;
  const oidcToken = await fetchIdToken((a) => core.getIDToken(a), settings.audience, ID_TOKEN_RETRY);
  const minted = await broker.exchange(oidcToken, { identity: settings.identity, permissions: settings.permissions, repositories: settings.repositories });
  held.githubToken = minted.token;
  hold(core, held, minted.token);
  const scope = `${Object.entries(minted.permissions).map(([k, v]) => `${k}:${v}`).join(', ')} on ${minted.repositories.join(', ')}`;
  held.records.push({ kind: 'github', id: minted.token_id, scope, mintedAt: deps.clock().toISOString(), expiresAt: minted.expires_at });
  held.env[settings.tokenEnv] = minted.token;
  saveState(core, held);
  core.info(`Minted GitHub token ${minted.token_id.slice(0, 8)} (${scope}); revoked when the agent ends.`);
}

async function acquireVault(settings: ActionSettings, deps: MainDeps, held: Held): Promise<void> {
  const { core } = deps;
  const vault = settings.vault;
  if (!vault) return;
  const jwt = await fetchIdToken((a) => core.getIDToken(a), vault.audience, ID_TOKEN_RETRY);
  await checkSecretsPolicy(vault, jwt, deps.env);
  const session = await vaultLogin({ url: vault.url, mount: vault.mount, role: vault.role, jwt, namespace: vault.namespace });
  held.vault = session;
  hold(core, held, session.token);
  held.records.push({ kind: 'vault-token', id: session.accessor, scope: `policies ${session.policies.join(', ')}`, mintedAt: deps.clock().toISOString(), expiresAt: session.expiresAt });
  saveState(core, held);
  const result = await readSecrets(session, vault.secrets);
  for (const value of result.sensitiveValues) hold(core, held, value);
  for (const lease of session.leases) {
    held.records.push({ kind: 'vault-lease', id: lease.leaseId, scope: lease.path, mintedAt: lease.obtainedAt, expiresAt: new Date(Date.parse(lease.obtainedAt) + lease.leaseDurationSeconds * 1000).toISOString() });
  }
  Object.assign(held.env, result.env);
  saveState(core, held);
  core.info(`Read ${result.secrets.length} secret(s) from Vault into ${Object.keys(result.env).join(', ')}; revoked when the agent ends.`);
}

/**
 * The agent step: OIDC token -> broker and/or Vault -> masked credentials -> agent -> revoke,
 * verified. Credentials exist only in this process's memory and the agent's environment.
 */
export async function runMain(settings: ActionSettings, deps: MainDeps): Promise<void> {
  const { core } = deps;
  const held: Held = { records: [], env: {}, forms: [], values: [] };
  // The LLM keys first: they never reach the agent, but nothing may print them either.
  for (const llm of Object.values(settings.llm)) hold(core, held, llm.apiKey);
  const startedOn = deps.clock().toISOString();
  let base: BaseSnapshot | undefined;
  let agent: (AgentRun & { startedOn: string; finishedOn: string; network: NetworkFacts }) | undefined;
  let network: AgentNetwork | undefined;
  let workspace: RedactedWorkspace | undefined;
  try {
    base = await baseForAttestation(settings, core);
    workspace = await redactedWorkspace(settings, deps);
    const agentDirectory = workspace?.dir ?? settings.workingDirectory;
    // Before any credential is minted: a missing sandbox refuses the run, it never falls back.
    if (settings.sandbox === 'bwrap') await preflightSandbox(agentDirectory);
    else core.warning('sandbox: none — the agent runs unsandboxed: it can read the runner\'s files and reach any host (allowed-hosts is not enforced). Its credentials are still scoped and revoked.');
    core.startGroup('Airlock: exchange the OIDC token for scoped credentials');
    // Vault first: its policy check may refuse the run before any credential exists.
    await acquireVault(settings, deps, held);
    await acquireGithub(settings, deps, held);
    core.endGroup();

    let agentCredentials = held.env;
    if (settings.exportMode === 'file') {
      held.file = await writeCredentialsFile(held.env);
      core.saveState(FILE_STATE_KEY, held.file);
      core.setOutput('credentials-file', held.file);
      agentCredentials = { AIRLOCK_CREDENTIALS_FILE: held.file };
    }

    core.startGroup('Airlock: run the agent');
    network = await startAgentNetwork(settings, () => held.values.map((value) => ({ value, label: 'airlock-credential' })));
    const agentStartedOn = deps.clock().toISOString();
    const run = await runAgent({
      command: settings.run,
      cwd: agentDirectory,
      env: agentEnvironment(deps.env, { ...agentCredentials, ...network.env }),
      redactForms: held.forms,
      write: deps.write,
      signal: deps.cancelled,
      backend: settings.sandbox,
      ...(network.egress ? { egress: network.egress } : {}),
    });
    const finishedOn = deps.clock().toISOString();
    // Closed before the facts are read, so connections still open count too.
    await network.close();
    agent = { ...run, startedOn: agentStartedOn, finishedOn, network: network.facts() };
    const summary = network.summary();
    // Destinations are the agent's text: redacted like its output.
    if (summary) core.info(redact(summary, held.forms));
    core.endGroup();
    core.setOutput('agent-exit-code', String(agent.exitCode));
    if (agent.exitCode !== 0) core.setFailed(`the agent command exited with ${agent.exitCode}${agent.signal ? ` (${agent.signal})` : ''}`);
    // While the credentials are still held: the patch is scanned for every one of them.
    if (workspace && !deps.cancelled.aborted) await handBack(settings, deps, workspace, held);
  } finally {
    await network?.close();
    if (held.file) await removeCredentialsFile(held.file);
    await revokeGithub(settings, deps, held);
    await revokeVault(settings, deps, held);
    // After revocation, so the attestation records when each credential died.
    if (base && agent && !deps.cancelled.aborted) await attest(settings, deps, { base, records: held.records, exitCode: agent.exitCode, outputRedactions: agent.redactions, ...(workspace ? { tokenisedValues: workspace.vault.size } : {}), startedOn, agentStartedOn: agent.startedOn, agentFinishedOn: agent.finishedOn, ...agent.network });
    await workspace?.remove();
    saveState(core, held);
    if (held.records.length) await core.summary.addHeading('Airlock credentials', 3).addRaw(summaryTable(held.records), true).write();
  }
}

async function baseForAttestation(settings: ActionSettings, core: typeof Core): Promise<BaseSnapshot | undefined> {
  if (settings.attestation.mode === 'false') return undefined;
  const base = await snapshotBase(settings.workingDirectory);
  if (!base && settings.attestation.mode === 'true') throw new Error(`"attest: true" needs a git checkout, and ${settings.workingDirectory} is not one; run actions/checkout first or set attest: false`);
  if (!base) core.info(`${settings.workingDirectory} is not a git checkout: no attestation will be signed (the Airlock gate requires one for agent pull requests).`);
  return base;
}

/** The agent's redacted copy of a git checkout (BRIEF.md, agent job step 5); undefined outside a checkout, where it runs in place. */
async function redactedWorkspace(settings: ActionSettings, deps: MainDeps): Promise<RedactedWorkspace | undefined> {
  const { core } = deps;
  const prepared = await prepareRedactedWorkspace({ workingDirectory: settings.workingDirectory, tempDir: deps.env.RUNNER_TEMP ?? tmpdir(), history: settings.workspaceHistory, baseRef: deps.env.GITHUB_BASE_REF || undefined });
  if (!prepared) {
    core.info(`${settings.workingDirectory} is not a git checkout: the agent runs in it directly, unredacted (no copy with secrets replaced by tokens, no patch to review).`);
    return undefined;
  }
  const { report } = prepared;
  core.info(
    `The agent works on a redacted copy of the checkout: ${report.files} file(s), ${prepared.workspace.vault.size} secret value(s) replaced by tokens in ${report.tokenisedFiles.length} file(s)${report.tokenisedFiles.length ? ` (${report.tokenisedFiles.map(shownPath).join(', ')})` : ''}, ${report.history ? 'history kept (credentials stripped)' : 'no history'}${report.baseRevision ? `; agent control files as ${report.baseRevision} has them` : ''}.`,
  );
  if (report.controlFilesReplaced.length) core.warning(`Agent control files changed in the working tree were not given to the agent (it sees ${report.baseRevision ?? 'no'} version instead): ${report.controlFilesReplaced.map(shownPath).join(', ')}`);
  if (report.unscanned.length) core.warning(`Files too large to scan were copied to the agent as they are: ${report.unscanned.map(shownPath).join(', ')}`);
  return prepared.workspace;
}

async function handBack(settings: ActionSettings, deps: MainDeps, workspace: RedactedWorkspace, held: Held): Promise<void> {
  deps.core.startGroup("Airlock: hand back the agent's changes");
  try {
    await handBackChanges(workspace, settings.workingDirectory, { core: deps.core, env: deps.env, knownValues: held.values.map((value) => ({ value, label: 'airlock-credential' })) });
  } catch (error) {
    deps.core.setFailed(`could not hand back the agent's changes: ${(error as Error).message}`);
  } finally {
    deps.core.endGroup();
  }
}

async function attest(settings: ActionSettings, deps: MainDeps, facts: Parameters<typeof attestRun>[2]): Promise<void> {
  deps.core.startGroup('Airlock: sign the attestation');
  try {
    await attestRun(settings, deps, facts);
  } catch (error) {
    deps.core.setFailed(`could not attest the agent run: ${(error as Error).message}`);
  } finally {
    deps.core.endGroup();
  }
}

function revocationFailed(settings: ActionSettings, core: typeof Core, message: string): void {
  if (settings.revokeFailure === 'warn') core.warning(message);
  else core.error(message);
}

/** Asks GitHub whether a revoked token is really dead: it must now answer 401. */
async function confirmRevoked(deps: MainDeps, token: string): Promise<boolean> {
  const api = deps.env.GITHUB_API_URL ?? 'https://api.github.com';
  const response = await deps.fetch(`${api}/installation/repositories?per_page=1`, { headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json' } });
  return response.status === 401;
}

async function revokeGithub(settings: ActionSettings, deps: MainDeps, held: Held): Promise<void> {
  const record = held.records.find((r) => r.kind === 'github');
  if (!held.githubToken || !record || !deps.broker) return;
  try {
    await deps.broker.revoke(held.githubToken);
    if (!(await confirmRevoked(deps, held.githubToken))) throw new Error('GitHub still accepts the token after revocation');
    record.revokedAt = deps.clock().toISOString();
    deps.core.info(`Revoked GitHub token ${record.id.slice(0, 8)}; GitHub confirms it no longer works.`);
  } catch (error) {
    revocationFailed(settings, deps.core, `could not revoke GitHub token ${record.id.slice(0, 8)}: ${(error as Error).message}; the post step will retry`);
  }
}

async function revokeVault(settings: ActionSettings, deps: MainDeps, held: Held): Promise<void> {
  if (!held.vault) return;
  const report = await revokeAll(held.vault);
  const now = deps.clock().toISOString();
  for (const item of report.items) {
    const record = held.records.find((r) => r.id === item.id && (item.kind === 'token' ? r.kind === 'vault-token' : r.kind === 'vault-lease'));
    if (record && item.outcome !== 'failed') record.revokedAt = now;
  }
  if (report.ok) deps.core.info(`Revoked the Vault token and ${held.vault.leases.length} lease(s); Vault confirms the token no longer works.`);
  else revocationFailed(settings, deps.core, `could not revoke every Vault credential: ${report.items.filter((i) => i.outcome === 'failed').map((i) => `${i.kind} ${i.id}: ${i.message}`).join('; ')}; the post step will retry`);
}
