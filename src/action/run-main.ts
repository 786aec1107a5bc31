import { tmpdir } from 'node:os';
import type * as Core from '@actions/core';
import { decodeJwt } from 'jose';
import type { CredentialBinding, Placement } from '../egress/credential-binding.js';
import { githubTokenPlaceholder, shapedPlaceholder } from '../egress/credential-placeholder.js';
import type { ApprovalOutcome, ApproveResolution } from '../egress/inspect-request.js';
import { loadPolicyModules, policyDir } from '../policy/policy-modules.js';
import { MIN_KNOWN_VALUE_LENGTH } from '../scan/known-values.js';
import type { ActionSettings } from './action-settings.js';
import { requestSecretApproval } from './approval-client.js';
import type { BrokerClient, MintedToken } from './broker-client.js';
import { recordedDecision } from './broker-decision.js';
import { credentialForms } from './credential-masking.js';
import { STATE_KEY, VAULT_STATE_KEY, type CredentialRecord } from './credential-record.js';
import { egressDecision, type EgressRunFacts } from './egress-decision.js';
import { fetchIdToken, ID_TOKEN_RETRY } from './fetch-id-token.js';
import { fencedIdToken } from './fenced-id-token.js';
import { githubHostRules, githubHosts } from './github-hosts.js';
import { GithubTokenLease } from './github-token-lease.js';
import { checkSecretsPolicy } from './secrets-approval.js';
import type { attestRun, AttestedRun } from './attest-run.js';
import { GATEWAY_HOST, runCertificateAuthority, startAgentNetwork, type AgentNetwork, type NetworkFacts } from './agent-network.js';
import type { CertificateAuthority } from '../tls/certificate-authority.js';
import type { RunnerNetwork } from './runner-network.js';
import { redact } from './credential-masking.js';
import { agentEnvironment, preflightContainerSandbox, preflightSandbox, runAgent, type AgentRun } from './run-agent.js';
import { snapshotBase, type BaseSnapshot } from '../attest/work-tree-changes.js';
import { treeListing, type TreeListing } from './tree-listing.js';
import { handBackChanges } from './hand-back-changes.js';
import type { AgentPatch } from './agent-patch.js';
import { openPullRequest, type OpenedPullRequest } from './open-pull-request.js';
import { jobSummary } from './job-summary.js';
import { agentPreset, PROMPT_FILE } from './agent-presets.js';
import { commandToolPaths, minimalCover } from './agent-tool-paths.js';
import { PROVIDER_DEFINITIONS } from '../gateway/llm-providers.js';
import { SANDBOX_HOME } from '../sandbox/run-sandboxed.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { shownPath } from './shown-text.js';
import { prepareRedactedWorkspace, type RedactedWorkspace } from './redacted-workspace.js';
import { leftoversOf } from './vault/revoke-leftovers.js';
import { readSecrets, revokeAll, vaultLogin, type VaultSession } from './vault/vault-client.js';
import { assumeRoleWithWebIdentity } from './aws/assume-role-with-web-identity.js';
import { awsCredentialBinding } from './aws/aws-binding.js';
import { awsPlaceholderCredentials } from './aws/aws-placeholders.js';
import { azureAgentEnv, azureCredentialBinding, azurePlaceholderToken } from './azure/azure-binding.js';
import { entraAccessToken } from './azure/entra-access-token.js';
import { gcpAccessToken } from './gcp/gcp-access-token.js';
import { gcpAgentEnv, gcpCredentialBinding, gcpPlaceholderToken } from './gcp/gcp-binding.js';
import { ResolutionSwitch } from '../egress/resolution-switch.js';
import { startRunTelemetry, type RunTelemetry } from '../telemetry/run-telemetry.js';
import type { TelemetryReport } from '../telemetry/run-event-sink.js';
import { approvalRunEvent } from '../telemetry/approval-run-event.js';
import { sandboxExitRunEvent } from '../telemetry/sandbox-exit-run-event.js';
import { patchScanRunEvent } from '../telemetry/patch-scan-run-event.js';

export interface MainDeps {
  core: typeof Core;
  /** Present when `broker-url` is set. */
  broker?: BrokerClient;
  env: NodeJS.ProcessEnv;
  clock: () => Date;
  /** The runner's proxy and the `ca-certificate` input, for every call the Action makes itself. */
  network: RunnerNetwork;
  write: (text: string) => void;
  /** Aborted when the runner cancels the job. */
  cancelled: AbortSignal;
}

/**
 * Everything main holds while the agent runs; dropped when main ends. Real values live here
 * only: the agent's environment gets placeholders, which the egress proxy resolves.
 */
interface Held {
  records: CredentialRecord[];
  /** Variables for the agent: placeholders only, never a real value. */
  agentEnv: Record<string, string>;
  /** Every form of every credential, masked and stripped from the agent's output. */
  forms: string[];
  /** Every real value held: refused on the way out, scrubbed from answers. */
  values: string[];
  /** What the proxy may resolve, and where. */
  bindings: CredentialBinding[];
  /** Minted GitHub tokens not yet revoked, by id (a long run replaces its token). */
  githubTokens: Map<string, MintedToken>;
  lease?: GithubTokenLease;
  vault?: VaultSession;
  /** Claims of the run's OIDC token (not secret, not the token): the run's facts for the egress policy. */
  claims?: Record<string, unknown>;
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

const scopeOf = (minted: MintedToken) => `${Object.entries(minted.permissions).map(([k, v]) => `${k}:${v}`).join(', ')} on ${minted.repositories.join(', ')}`;

/** GitHub takes an installation token as `Authorization: Bearer|token` and as git's HTTP Basic password. */
const GITHUB_PLACEMENTS: Placement[] = [{ kind: 'authorization', schemes: ['bearer', 'token'] }, { kind: 'basic' }];

/** The broker's audience: the OIDC token of the first exchange attempt, asked while the run is prepared (runMain). */
const brokerIdToken = (settings: ActionSettings, core: typeof Core) => fetchIdToken((a) => core.getIDToken(a), settings.audience, ID_TOKEN_RETRY);

async function acquireGithub(settings: ActionSettings, deps: MainDeps, held: Held, firstIdToken: Promise<string> | undefined): Promise<void> {
  const { core, broker } = deps;
  if (!broker) return;
  const request = { identity: settings.identity, permissions: settings.permissions, repositories: settings.repositories };
  let prefetched = firstIdToken;
  // A fresh OIDC token for every attempt (the broker accepts each jti once); the run's claims come from the first.
  const oidcToken = async () => {
    const pending = prefetched;
    prefetched = undefined;
    const token = await (pending ?? brokerIdToken(settings, core));
    held.claims ??= decodeJwt(token);
    return token;
  };
  const track = (minted: MintedToken) => {
    hold(core, held, minted.token);
    held.githubTokens.set(minted.token_id, minted);
    held.records.push({ kind: 'github', id: minted.token_id, scope: scopeOf(minted), mintedAt: deps.clock().toISOString(), expiresAt: minted.expires_at, ...recordedDecision(minted) });
    saveState(core, held);
  };
  const minted = await broker.exchange(oidcToken, request);
  track(minted);
  held.lease = new GithubTokenLease(minted, {
    // Each replacement is a new exchange with a new OIDC token (the broker accepts each jti once),
    // asked while the agent's output is fenced: without core's ::add-mask::, which would be printed (fenced-id-token.ts).
    mint: () => broker.exchange(() => fetchIdToken(fencedIdToken(deps.env, deps.network.fetch), settings.audience, ID_TOKEN_RETRY), request),
    revoke: (token) => revokeGithubToken(deps, token),
    onMinted: (next) => {
      track(next);
      core.info(`Re-minted the GitHub token before it expired: ${next.token_id.slice(0, 8)} replaces the previous one; the agent's placeholder is unchanged.`);
    },
    onRevoked: (old) => markGithubRevoked(deps, held, old),
    onError: (message) => core.warning(message),
    now: () => deps.clock().getTime(),
  });
  const placeholder = githubTokenPlaceholder();
  const lease = held.lease;
  held.bindings.push({ id: 'github-token', kind: 'github-token', placeholder, hosts: githubHostRules(githubHosts(deps.env)), placements: GITHUB_PLACEMENTS, real: () => lease.current() });
  held.agentEnv[settings.tokenEnv] = placeholder;
  core.info(`Minted GitHub token ${minted.token_id.slice(0, 8)} (${scopeOf(minted)}); the agent holds a placeholder in ${settings.tokenEnv}, resolved only toward GitHub; revoked when the agent ends.`);
}

async function acquireVault(settings: ActionSettings, deps: MainDeps, held: Held): Promise<void> {
  const { core } = deps;
  const vault = settings.vault;
  if (!vault) return;
  const jwt = await fetchIdToken((a) => core.getIDToken(a), vault.audience, ID_TOKEN_RETRY);
  held.claims ??= decodeJwt(jwt);
  // With an Airlock App, the App decides (and asks a human) when a secret is first resolved.
  // Without one, only the runner-side policy stands: an approved GitHub environment.
  if (!deps.broker) await checkSecretsPolicy(vault, jwt, deps.env);
  const session = await vaultLogin({ url: vault.url, mount: vault.mount, role: vault.role, jwt, namespace: vault.namespace, fetch: deps.network.fetch });
  held.vault = session;
  hold(core, held, session.token);
  held.records.push({ kind: 'vault-token', id: session.accessor, scope: `policies ${session.policies.join(', ')}`, mintedAt: deps.clock().toISOString(), expiresAt: session.expiresAt });
  saveState(core, held);
  const result = await readSecrets(session, vault.secrets);
  for (const value of result.sensitiveValues) hold(core, held, value);
  for (const lease of session.leases) {
    held.records.push({ kind: 'vault-lease', id: lease.leaseId, scope: lease.path, mintedAt: lease.obtainedAt, expiresAt: new Date(Date.parse(lease.obtainedAt) + lease.leaseDurationSeconds * 1000).toISOString() });
  }
  saveState(core, held);
  for (const secret of result.secrets) {
    const request = vault.secrets.find((r) => r.envName === secret.envName)!;
    // A value this short could not be told apart in traffic, so it could not be kept from leaving.
    if (secret.value.length < MIN_KNOWN_VALUE_LENGTH) throw new Error(`secret ${secret.path}#${secret.key} (line ${request.line}) is shorter than ${MIN_KNOWN_VALUE_LENGTH} characters: too short to be recognised in traffic, so Airlock cannot protect it`);
    const binding = request.binding;
    const placeholder = shapedPlaceholder(secret.value);
    const value = secret.value;
    held.bindings.push({
      id: `vault:${secret.envName}`,
      kind: 'vault-secret',
      placeholder,
      // Unbound: a placeholder resolved nowhere (the agent can pass it around, never use it).
      hosts: binding?.hosts ?? [],
      placements: binding ? (binding.header !== undefined ? [{ kind: 'header', name: binding.header }] : [...(binding.auth.some((a) => a !== 'basic') ? [{ kind: 'authorization' as const, schemes: binding.auth.filter((a): a is 'bearer' | 'token' => a !== 'basic') }] : []), ...(binding.auth.includes('basic') ? [{ kind: 'basic' as const }] : [])]) : [],
      real: () => value,
      ...(binding?.approval ? { approval: 'required' as const } : deps.broker ? { approval: 'policy' as const } : {}),
    });
    held.agentEnv[secret.envName] = placeholder;
  }
  const bound = vault.secrets.filter((r) => r.binding).map((r) => `${r.envName} → ${r.binding!.entries.join(' ')}`);
  core.info(`Read ${result.secrets.length} secret(s) from Vault; the agent holds placeholders in ${Object.keys(result.env).join(', ')}${bound.length ? `, resolved only toward their hosts (${bound.join('; ')})` : ', resolved nowhere (no host bound in the secrets input)'}; revoked when the agent ends.`);
}

/** The audience AWS expects of GitHub's OIDC tokens (aws-actions/configure-aws-credentials' default). */
const AWS_AUDIENCE = 'sts.amazonaws.com';

/** RoleSessionName (2-64 of [\w+=,.@-]), naming the run in CloudTrail: airlock-<run id>-<attempt>. */
function awsSessionName(env: NodeJS.ProcessEnv): string {
  const name = `airlock-${env.GITHUB_RUN_ID ?? 'run'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`.replace(/[^\w+=,.@-]/g, '-');
  return name.slice(0, 64);
}

/**
 * `aws-role-to-assume`: the job's OIDC token (audience sts.amazonaws.com) for an STS session, held
 * here; the agent gets placeholder credentials of the same shape, which the egress proxy checks in
 * each request's signature and signs again with the session (aws-resolution.ts), under the egress
 * policy. An STS session cannot be revoked: it is recorded as such, resolved only while the agent
 * runs, and kept short (aws-session-duration, 900 s by default).
 */
async function acquireAws(settings: ActionSettings, deps: MainDeps, held: Held): Promise<void> {
  const { core } = deps;
  const aws = settings.aws;
  if (!aws) return;
  const token = await fetchIdToken((a) => core.getIDToken(a), AWS_AUDIENCE, ID_TOKEN_RETRY);
  held.claims ??= decodeJwt(token);
  const assumed = await assumeRoleWithWebIdentity({ endpoint: aws.stsEndpoint, roleArn: aws.roleArn, sessionName: awsSessionName(deps.env), webIdentityToken: token, durationSeconds: aws.sessionSeconds, ...(aws.sessionPolicy ? { policy: aws.sessionPolicy } : {}), fetch: deps.network.fetch });
  for (const value of [assumed.credentials.secretAccessKey, assumed.credentials.sessionToken, assumed.credentials.accessKeyId]) hold(core, held, value);
  held.records.push({
    kind: 'aws-sts',
    id: assumed.assumedRoleId,
    scope: `role ${aws.roleArn}, ${aws.sessionSeconds} s session${aws.sessionPolicy ? ' narrowed by aws-session-policy' : ''}; STS sessions cannot be revoked`,
    mintedAt: deps.clock().toISOString(),
    expiresAt: assumed.expiration,
    role: aws.roleArn,
    durationSeconds: aws.sessionSeconds,
    revocable: false,
  });
  saveState(core, held);
  const placeholder = awsPlaceholderCredentials();
  held.bindings.push(awsCredentialBinding({ placeholder, real: () => assumed.credentials, roleArn: aws.roleArn, endpoints: aws.endpoints }));
  Object.assign(held.agentEnv, {
    AWS_ACCESS_KEY_ID: placeholder.accessKeyId,
    AWS_SECRET_ACCESS_KEY: placeholder.secretAccessKey,
    AWS_SESSION_TOKEN: placeholder.sessionToken,
    AWS_REGION: aws.region,
    AWS_DEFAULT_REGION: aws.region,
    // Credentials come from the environment; nothing should go looking for instance metadata.
    AWS_EC2_METADATA_DISABLED: 'true',
    // Service-specific endpoints (AWS CLI >= 1.29 / 2.13, SDKs): https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
    ...Object.fromEntries([...aws.endpointUrls].map(([service, url]) => [`AWS_ENDPOINT_URL_${service.toUpperCase().replace(/-/g, '_')}`, url])),
  });
  core.info(
    `Assumed ${aws.roleArn} for ${aws.sessionSeconds} s (session ${assumed.assumedRoleId}, expires ${assumed.expiration}); the agent holds placeholder AWS credentials, which the egress proxy checks in each request's signature and signs again with the session, read-only unless the egress policy grants more. STS sessions cannot be revoked: Airlock stops signing with it when the agent ends.`,
  );
}

/**
 * `gcp-workload-identity-provider`: the job's OIDC token (audience the provider's, by default
 * https://iam.googleapis.com/<provider>) exchanged at Google's STS, then for a service account's
 * token when `gcp-service-account` is set; held here. The agent gets a placeholder bearer token,
 * resolved by the egress proxy toward *.googleapis.com and gcp-endpoints under the egress policy.
 * A Google access token cannot be revoked: recorded as such, resolved only while the agent runs.
 */
async function acquireGcp(settings: ActionSettings, deps: MainDeps, held: Held): Promise<void> {
  const { core } = deps;
  const gcp = settings.gcp;
  if (!gcp) return;
  const token = await fetchIdToken((a) => core.getIDToken(a), gcp.audience, ID_TOKEN_RETRY);
  const claims = decodeJwt(token);
  held.claims ??= claims;
  const minted = await gcpAccessToken({
    stsEndpoint: gcp.stsEndpoint,
    iamCredentialsEndpoint: gcp.iamCredentialsEndpoint,
    workloadIdentityProvider: gcp.workloadIdentityProvider,
    ...(gcp.serviceAccount ? { serviceAccount: gcp.serviceAccount } : {}),
    oidcToken: token,
    subject: String(claims.sub ?? ''),
    scopes: gcp.scopes,
    lifetimeSeconds: gcp.lifetimeSeconds,
    fetch: deps.network.fetch,
    now: () => deps.clock().getTime(),
  });
  hold(core, held, minted.accessToken);
  held.records.push({
    kind: 'gcp-access-token',
    id: `${gcp.workloadIdentityProvider}#${deps.env.GITHUB_RUN_ID ?? 'run'}-${deps.env.GITHUB_RUN_ATTEMPT ?? '1'}`,
    scope: `${gcp.serviceAccount ? `service account ${gcp.serviceAccount}` : `workload identity ${minted.identity}`}, ${minted.lifetimeSeconds} s token; Google access tokens cannot be revoked`,
    mintedAt: deps.clock().toISOString(),
    expiresAt: minted.expiresAt,
    role: minted.identity,
    durationSeconds: minted.lifetimeSeconds,
    revocable: false,
  });
  saveState(core, held);
  const placeholder = gcpPlaceholderToken();
  held.bindings.push(gcpCredentialBinding({ placeholder, real: () => minted.accessToken, identity: minted.identity, endpoints: gcp.endpoints }));
  Object.assign(held.agentEnv, gcpAgentEnv(placeholder, gcp.projectId));
  core.info(`Got a Google Cloud access token as ${minted.identity} (expires ${minted.expiresAt}); the agent holds a placeholder in GOOGLE_OAUTH_ACCESS_TOKEN, resolved only toward *.googleapis.com${gcp.endpoints.size ? ` and ${[...gcp.endpoints.keys()].join(', ')}` : ''}, read-only unless the egress policy grants more. It cannot be revoked: Airlock stops resolving it when the agent ends.`);
}

/**
 * `azure-client-id`: the job's OIDC token (audience api://AzureADTokenExchange by default) as the
 * client assertion of a client credentials grant for `azure-resource`; the token is held here. The
 * agent gets a placeholder bearer token, resolved by the egress proxy toward the resource's hosts
 * under the egress policy. An Entra access token cannot be revoked: recorded as such, resolved
 * only while the agent runs.
 */
async function acquireAzure(settings: ActionSettings, deps: MainDeps, held: Held): Promise<void> {
  const { core } = deps;
  const azure = settings.azure;
  if (!azure) return;
  const token = await fetchIdToken((a) => core.getIDToken(a), azure.audience, ID_TOKEN_RETRY);
  held.claims ??= decodeJwt(token);
  const minted = await entraAccessToken({ authorityHost: azure.authorityHost, tenantId: azure.tenantId, clientId: azure.clientId, resource: azure.resource, oidcToken: token, fetch: deps.network.fetch, now: () => deps.clock().getTime() });
  hold(core, held, minted.accessToken);
  held.records.push({
    kind: 'azure-access-token',
    id: `${azure.clientId}#${deps.env.GITHUB_RUN_ID ?? 'run'}-${deps.env.GITHUB_RUN_ATTEMPT ?? '1'}`,
    scope: `application ${azure.clientId} in tenant ${azure.tenantId}, for ${azure.resource}, ${minted.lifetimeSeconds} s token; Entra access tokens cannot be revoked`,
    mintedAt: deps.clock().toISOString(),
    expiresAt: minted.expiresAt,
    role: azure.clientId,
    durationSeconds: minted.lifetimeSeconds,
    revocable: false,
  });
  saveState(core, held);
  const placeholder = azurePlaceholderToken({ tenantId: azure.tenantId, clientId: azure.clientId, resource: azure.resource, expiresAt: minted.expiresAt });
  held.bindings.push(azureCredentialBinding({ placeholder, real: () => minted.accessToken, clientId: azure.clientId, resource: azure.resource }));
  Object.assign(held.agentEnv, azureAgentEnv(placeholder, azure));
  core.info(`Got an Azure access token for ${azure.resource} as ${azure.clientId} (expires ${minted.expiresAt}); the agent holds a placeholder in AZURE_ACCESS_TOKEN, resolved only toward the resource's hosts, read-only unless the egress policy grants more. It cannot be revoked: Airlock stops resolving it when the agent ends.`);
}

/** The agent has ended and the proxy is closed: nothing resolves the credentials that cannot be revoked any more. */
function stopResolvingUnrevocable(deps: MainDeps, held: Held): void {
  const now = deps.clock().toISOString();
  for (const record of held.records.filter((r) => r.revocable === false && !r.resolvingStoppedAt)) {
    record.resolvingStoppedAt = now;
    deps.core.info(`Stopped resolving ${record.kind === 'aws-sts' ? 'the AWS session' : `the ${record.kind}`} ${record.id}: it cannot be revoked and stays valid until ${record.expiresAt}, but nothing the agent holds can use it.`);
  }
  saveState(deps.core, held);
}

/**
 * The proxy's approval hook: one question to the App per secret and run (the first request that
 * needs it waits; later ones share the answer), authenticated with a fresh OIDC token.
 */
function approvals(settings: ActionSettings, deps: MainDeps, run: AbortSignal, telemetry: RunTelemetry | undefined): ApproveResolution | undefined {
  if (!deps.broker || !settings.brokerUrl || !settings.vault) return undefined;
  const brokerUrl = settings.brokerUrl;
  const asked = new Map<string, Promise<ApprovalOutcome>>();
  return (credential, request) => {
    let answer = asked.get(credential.id);
    if (!answer) {
      const secret = settings.vault!.secrets.find((r) => `vault:${r.envName}` === credential.id);
      if (!secret) return Promise.resolve({ approved: false, reason: `${credential.id} is not a secret the App can approve` });
      let approvalId: string | undefined;
      deps.core.info(`Asking the Airlock App to approve ${secret.envName} (${secret.path}#${secret.key}) for ${request.method} ${request.host}${request.path}; the request waits up to ${settings.approvalTimeoutMinutes} minute(s).`);
      answer = requestSecretApproval({
        brokerUrl,
        // Asked while the agent's output is fenced (fenced-id-token.ts).
        idToken: () => fetchIdToken(fencedIdToken(deps.env, deps.network.fetch), settings.audience, ID_TOKEN_RETRY),
        identity: settings.identity,
        secrets: [{ path: secret.path, key: secret.key, env: secret.envName, approval: secret.binding?.approval ? 'required' : 'policy' }],
        destination: { method: request.method, host: request.host, path: request.path },
        timeoutMs: settings.approvalTimeoutMinutes * 60_000,
        pollIntervalMs: 3_000,
        signal: run,
        fetch: deps.network.fetch,
        onPosted: (id) => {
          approvalId = id;
          telemetry?.record(approvalRunEvent(deps.clock().toISOString(), id, 'pending'));
        },
      }).then((result): ApprovalOutcome => {
        if (approvalId) telemetry?.record(approvalRunEvent(deps.clock().toISOString(), approvalId, result));
        if (result.status === 'approved') {
          deps.core.info(`${secret.envName} approved${result.by ? ` by ${result.by}` : ' by policy'}.`);
          return { approved: true };
        }
        deps.core.warning(`${secret.envName} was not approved (${result.status}): ${result.message}`);
        return { approved: false, reason: `${result.status}: ${result.message}` };
      });
      asked.set(credential.id, answer);
    }
    return answer;
  };
}

/** How long the final flush of run telemetry may hold the end of the agent step. */
const TELEMETRY_FINAL_FLUSH_MS = 5_000;

/**
 * Run telemetry (issue 19 item 1) when the run has an Airlock App to send it to and `telemetry`
 * is on: events to `POST /airlock/v1/events` with a fresh OIDC token each (audience the broker's),
 * through the runner's network; the App's containment turns `resolution` off.
 */
function runTelemetry(settings: ActionSettings, deps: MainDeps, held: Held, resolution: ResolutionSwitch, warnings: string[]): RunTelemetry | undefined {
  if (!settings.telemetry || !deps.broker || !settings.brokerUrl) return undefined;
  deps.core.info(`Run telemetry: the run's events (metadata only) go to the Airlock App at ${settings.brokerUrl} while the agent runs; its containment is obeyed (telemetry: false turns this off).`);
  // Tokens asked while the agent's output is fenced: core.getIDToken's ::add-mask:: would be printed (fenced-id-token.ts).
  const idToken = fencedIdToken(deps.env, deps.network.fetch);
  return startRunTelemetry({
    appUrl: settings.brokerUrl,
    identity: settings.identity,
    idToken: () => fetchIdToken(idToken, settings.audience, ID_TOKEN_RETRY),
    fetch: deps.network.fetch,
    resolution,
    // The run's real values and the placeholders standing for them: no event may carry either.
    sensitive: () => [...held.values, ...held.bindings.map((b) => b.placeholder)].map((value) => ({ value, label: 'airlock-credential' })),
    gatewayHost: GATEWAY_HOST,
    // Said at once as plain text (a workflow command would not be read under the agent's fence),
    // and as a warning annotation once the agent's output is closed (runMain's finally).
    warn: (message) => {
      deps.core.info(message);
      warnings.push(message);
    },
  });
}

/** Whether the agent will have an egress proxy (startAgentNetwork starts one when any host is allowed or bound, or a gateway runs). */
function needsEgress(settings: ActionSettings): boolean {
  return settings.allowedHosts.rules.length > 0 || !!settings.brokerUrl || !!settings.vault?.secrets.some((s) => s.binding) || Object.keys(settings.llm).length > 0 || !!settings.aws || !!settings.gcp || !!settings.azure;
}

/** The run's facts for the egress policy: from the OIDC token's claims where there is one. */
function egressRunFacts(settings: ActionSettings, deps: MainDeps, held: Held): EgressRunFacts {
  const claim = (name: string, fallback: string | undefined) => (typeof held.claims?.[name] === 'string' ? (held.claims[name] as string) : (fallback ?? ''));
  const repository = claim('repository', deps.env.GITHUB_REPOSITORY).toLowerCase();
  const owner = repository.split('/')[0] ?? '';
  const minted = [...held.githubTokens.values()].at(-1);
  return {
    repository,
    repositories: minted ? minted.repositories.map((r) => `${owner}/${r}`.toLowerCase()) : [repository],
    identity: settings.identity,
    event_name: claim('event_name', deps.env.GITHUB_EVENT_NAME),
    sha: claim('sha', deps.env.GITHUB_SHA),
  };
}

/**
 * The agent step: OIDC token -> broker and/or Vault -> credentials held here, placeholders for the
 * agent -> agent (its requests resolved by the egress proxy) -> revoke, verified.
 */
export async function runMain(settings: ActionSettings, deps: MainDeps): Promise<void> {
  const { core } = deps;
  const held: Held = { records: [], agentEnv: {}, forms: [], values: [], bindings: [], githubTokens: new Map() };
  // The LLM keys first: they never reach the agent, but nothing may print them either.
  for (const llm of Object.values(settings.llm)) hold(core, held, llm.apiKey);
  const startedOn = deps.clock().toISOString();
  // The run ends at cancellation or at timeout-minutes, whichever comes first.
  const timeout = AbortSignal.timeout(settings.timeoutMinutes * 60_000);
  const runSignal = AbortSignal.any([deps.cancelled, timeout]);
  let base: BaseSnapshot | undefined;
  let agent: (AgentRun & { startedOn: string; finishedOn: string; network: NetworkFacts }) | undefined;
  let network: AgentNetwork | undefined;
  let workspace: RedactedWorkspace | undefined;
  let handed: AgentPatch | undefined;
  let scratch: string | undefined;
  // What the agent ran: the workflow's command, or its preset's; the attestation digests this.
  let command = settings.run;
  let egressLine: string | undefined;
  let opened: OpenedPullRequest | undefined;
  let telemetry: RunTelemetry | undefined;
  let telemetryReport: TelemetryReport | undefined;
  const telemetryWarnings: string[] = [];
  try {
    // Nothing is minted before the egress policy compiles, the workspace is copied and the sandbox is
    // checked; those run at once (issue 16 item 3): git snapshots and copies the checkout in its own
    // processes, the sandbox is built once in the copy's directory as soon as that exists (bubblewrap
    // or the container engine in theirs), and the broker's first OIDC token is asked for, while this
    // thread compiles the policy. A failure of any refuses the run before a credential exists.
    const firstIdToken = deps.broker ? brokerIdToken(settings, core) : undefined;
    let sandboxCheck: Promise<void> | undefined;
    const checkSandbox = (dir: string): Promise<void> => {
      if (!sandboxCheck) sandboxCheck = preflight(settings, deps, dir);
      return sandboxCheck;
    };
    // git's processes first, so they work while this thread reads and compiles the policy.
    // An attested run lists HEAD's tree once, for the snapshot and the copy's control files alike.
    const listTree = settings.attestation.mode !== 'false' ? treeListing(settings.workingDirectory) : undefined;
    const basing = baseForAttestation(settings, core, listTree);
    const copying = redactedWorkspace(settings, deps, (dir) => void checkSandbox(dir).catch(() => undefined), listTree);
    // Awaited below, in order; one that fails while another is awaited must not go unhandled meanwhile.
    for (const pending of [firstIdToken, basing, copying]) pending?.catch(() => undefined);
    let egress: ReturnType<typeof egressDecision> | undefined;
    try {
      const egressModules = settings.sandbox !== 'none' ? await loadPolicyModules(policyDir(deps.env)) : undefined;
      egress = egressModules ? egressDecision(egressModules, githubHosts(deps.env), () => egressRunFacts(settings, deps, held)) : undefined;
      if (egress?.problem) throw new Error(`the egress policy in ${policyDir(deps.env)} does not compile: ${egress.problem.message}`);
      base = await basing;
      workspace = await copying;
      // The builtins the policy calls that are loaded on demand (graphql, regex, JSON Schema), imported meanwhile.
      await egress?.ready.catch((error: Error) => {
        throw new Error(`the egress policy in ${policyDir(deps.env)} calls builtins that could not be loaded: ${error.message}`);
      });
      // Node loads its fetch (undici, tens of ms of this thread) on the first call: made while the
      // sandbox check finishes in bubblewrap's process rather than when an exchange needs it, when one
      // will use it (the broker's goes on node:http without a proxy or a CA: runner-network.ts). A
      // data: URL is answered without any network (https://fetch.spec.whatwg.org/#scheme-fetch).
      const brokerOnFetch = deps.broker !== undefined && deps.network.brokerFetch === deps.network.fetch;
      if (brokerOnFetch || settings.vault || settings.aws || settings.gcp || settings.azure) void deps.network.fetch('data:,').then((r) => r.arrayBuffer()).catch(() => undefined);
      // Outside a checkout the agent runs in the working directory itself: the sandbox is checked there.
      await checkSandbox(workspace?.dir ?? settings.workingDirectory);
    } catch (error) {
      // The copy is removed in `finally` like any other.
      workspace ??= await copying.catch(() => undefined);
      throw error;
    }
    const agentDirectory = workspace?.dir ?? settings.workingDirectory;
    // The run CA (a key pair and a signature on this thread) is made while the first exchange waits
    // for its answer, when a credential will be bound; a failure here leaves it to startAgentNetwork.
    let authority: CertificateAuthority | undefined;
    if (settings.sandbox !== 'none' && (deps.broker || settings.vault || settings.aws || settings.gcp || settings.azure)) {
      setImmediate(() => {
        try {
          authority = runCertificateAuthority();
        } catch {
          // startAgentNetwork makes it again and reports why it cannot
        }
      });
    }
    core.startGroup('Airlock: exchange the OIDC token for scoped credentials');
    await acquireVault(settings, deps, held);
    await acquireGithub(settings, deps, held, firstIdToken);
    await acquireAws(settings, deps, held);
    await acquireGcp(settings, deps, held);
    await acquireAzure(settings, deps, held);
    held.lease?.start();
    core.endGroup();

    core.startGroup('Airlock: run the agent');
    const resolution = new ResolutionSwitch();
    telemetry = runTelemetry(settings, deps, held, resolution, telemetryWarnings);
    const approve = approvals(settings, deps, runSignal, telemetry);
    network = await startAgentNetwork(settings, {
      resolution,
      ...(telemetry ? { onEgressLog: telemetry.egress, onGatewayLog: telemetry.gateway } : {}),
      bindings: held.bindings,
      protectedValues: () => held.values.map((value) => ({ value, label: 'airlock-credential' })),
      ...(egress ? { decide: egress.decide, policyCounts: () => ({ ...egress.counts }) } : {}),
      ...(approve ? { approve } : {}),
      ...(authority ? { authority } : {}),
    });
    const setup = await agentSetup(settings, deps, network.env);
    scratch = setup.scratch;
    command = setup.command;
    const agentStartedOn = deps.clock().toISOString();
    const run = await runAgent({
      command: setup.command,
      cwd: agentDirectory,
      env: agentEnvironment(deps.env, { ...held.agentEnv, ...network.env, ...setup.env }),
      files: setup.files,
      readOnlyPaths: setup.readOnlyPaths,
      redactForms: held.forms,
      write: deps.write,
      signal: runSignal,
      backend: settings.sandbox,
      ...(settings.container ? { container: settings.container } : {}),
      ...(network.egress ? { egress: network.egress } : {}),
      ...(network.trust ? { trust: network.trust } : {}),
    });
    const finishedOn = deps.clock().toISOString();
    telemetry?.record(sandboxExitRunEvent(finishedOn, settings.sandbox, run));
    await held.lease?.stop();
    // Closed before the facts are read, so connections still open count too.
    await network.close();
    const facts = network.facts();
    // The image that ran, by digest, beside the backend (schemas/agent-run-v1.schema.json, sandbox.image).
    if (run.container) facts.sandbox = { ...facts.sandbox, image: run.container.image, engine: run.container.engine };
    agent = { ...run, startedOn: agentStartedOn, finishedOn, network: facts };
    const summary = network.summary();
    // Destinations are the agent's text: redacted like its output.
    if (summary) {
      egressLine = redact(summary, held.forms);
      core.info(egressLine);
    }
    core.endGroup();
    core.setOutput('agent-exit-code', String(agent.exitCode));
    if (timeout.aborted && !deps.cancelled.aborted) core.setFailed(`the agent ran longer than timeout-minutes (${settings.timeoutMinutes}) and was stopped`);
    else if (agent.exitCode !== 0) core.setFailed(`the agent command exited with ${agent.exitCode}${agent.signal ? ` (${agent.signal})` : ''}`);
    // While the credentials are still held: the patch is scanned for every one of them.
    if (workspace && !deps.cancelled.aborted) handed = await handBack(settings, deps, workspace, held, telemetry);
  } finally {
    await held.lease?.stop();
    await network?.close();
    // The agent step is over: the final flush, with a short deadline (nothing waits on the App for long).
    telemetryReport = await telemetry?.close(TELEMETRY_FINAL_FLUSH_MS);
    for (const message of telemetryWarnings) core.warning(message);
    stopResolvingUnrevocable(deps, held);
    if (scratch) await rm(scratch, { recursive: true, force: true });
    await revokeGithub(settings, deps, held);
    await revokeVault(settings, deps, held);
    // After revocation, so the attestation records when each credential died.
    const attested = base && agent && !deps.cancelled.aborted ? await attest({ ...settings, run: command }, deps, { base, records: held.records, exitCode: agent.exitCode, outputRedactions: agent.redactions, ...(workspace ? { tokenisedValues: workspace.vault.size } : {}), startedOn, agentStartedOn: agent.startedOn, agentFinishedOn: agent.finishedOn, ...agent.network }) : undefined;
    if (settings.pullRequest && handed && agent?.exitCode === 0 && !runSignal.aborted) opened = await pullRequest(settings, deps, held, handed, attested);
    else if (settings.pullRequest) core.info('No pull request: the agent did not finish cleanly, or its change could not be handed back.');
    await workspace?.remove();
    saveState(core, held);
    await core.summary
      .addRaw(
        jobSummary({
          identity: settings.identity,
          agent: settings.agent,
          ...(agent ? { exitCode: agent.exitCode, sandbox: agent.network.sandbox, egress: agent.network.egress } : {}),
          timedOut: timeout.aborted && !deps.cancelled.aborted,
          ...(egressLine ? { egressLine } : {}),
          ...(attested ? { attestation: attested } : {}),
          ...(opened ? { pullRequest: opened } : {}),
          ...(telemetryReport ? { telemetry: telemetryReport } : {}),
          records: held.records,
        }),
      )
      .write();
  }
}

/**
 * What the agent starts with besides its credentials: the preset for its kind (variables, pinned
 * settings files, a default command), the task as a file, and the read-only paths its command
 * needs from outside /usr.
 */
async function agentSetup(settings: ActionSettings, deps: MainDeps, networkEnv: Record<string, string>): Promise<{ command: string; env: Record<string, string>; files: { source: string; target: string }[]; readOnlyPaths: string[]; scratch: string }> {
  const provider = settings.agent === 'claude-code' ? 'anthropic' : settings.agent === 'codex' ? 'openai' : undefined;
  const baseUrl = provider ? (networkEnv[PROVIDER_DEFINITIONS[provider].baseUrlVariable] ?? '') : '';
  const preset = agentPreset(settings.agent, { baseUrl, home: SANDBOX_HOME, ...(settings.model ? { model: settings.model } : {}) });
  const command = settings.run.trim() ? settings.run : preset.defaultRun!;
  // Private (0700): nothing in it is secret, but nothing else on the runner needs to read it.
  const scratch = await mkdtemp(join(tmpdir(), 'airlock-agent-files-'));
  const files: { source: string; target: string }[] = [];
  const place = async (target: string, content: string) => {
    const source = join(scratch, `${files.length}`);
    await writeFile(source, content, { mode: 0o644 });
    files.push({ source, target });
  };
  for (const f of preset.files) await place(f.target, f.content);
  if (settings.prompt !== undefined) await place(PROMPT_FILE, settings.prompt);
  // An image carries its own toolchain: what the command finds on the runner's PATH means nothing inside it.
  const readOnlyPaths = minimalCover([...settings.toolPaths, ...(settings.sandbox === 'container' ? [] : await commandToolPaths(command, deps.env.PATH))]);
  if (settings.agent !== 'generic') deps.core.info(`Agent preset ${settings.agent}: ${Object.keys(preset.env).join(', ')} set, ${preset.files.map((f) => f.target).join(', ')} pinned over the repository's settings, its own sandbox off (it cannot nest in Airlock's).`);
  if (readOnlyPaths.length) deps.core.info(`The sandbox shows these read-only for the agent's command and tools: ${readOnlyPaths.join(', ')}.`);
  return { command, env: { ...preset.env, ...(settings.prompt !== undefined ? { AIRLOCK_PROMPT_FILE: PROMPT_FILE } : {}) }, files, readOnlyPaths, scratch };
}

async function baseForAttestation(settings: ActionSettings, core: typeof Core, listTree: TreeListing | undefined): Promise<BaseSnapshot | undefined> {
  if (settings.attestation.mode === 'false') return undefined;
  const base = await snapshotBase(settings.workingDirectory, listTree);
  if (!base && settings.attestation.mode === 'true') throw new Error(`"attest: true" needs a git checkout, and ${settings.workingDirectory} is not one; run actions/checkout first or set attest: false`);
  if (!base) core.info(`${settings.workingDirectory} is not a git checkout: no attestation will be signed (the Airlock gate requires one for agent pull requests).`);
  return base;
}

/**
 * Before any credential is minted: a missing sandbox refuses the run, it never falls back. Checked
 * in the directory the agent will run in (the copy's, still being filled).
 */
async function preflight(settings: ActionSettings, deps: MainDeps, agentDirectory: string): Promise<void> {
  const { core } = deps;
  if (settings.sandbox === 'bwrap') await preflightSandbox(agentDirectory, { env: deps.env, log: (m) => core.info(m) });
  else if (settings.sandbox === 'container') {
    const { engine, image } = await preflightContainerSandbox(agentDirectory, settings.container!, { needsEgress: needsEgress(settings) });
    core.info(`The agent runs in ${image.reference} (image ${image.id}${image.pinned ? ', pinned by digest' : ''}) under ${engine.name} ${engine.version}: no network but Airlock's proxy, no capabilities, read-only root, uid 1000.`);
  } else core.warning('sandbox: none — the agent runs unsandboxed, with no credential: it can read the runner\'s files and reach any host (allowed-hosts is not enforced).');
}

/** The agent's redacted copy of a git checkout (BRIEF.md, agent job step 5); undefined outside a checkout, where it runs in place. */
async function redactedWorkspace(settings: ActionSettings, deps: MainDeps, onDirectory: (dir: string) => void, listTree: TreeListing | undefined): Promise<RedactedWorkspace | undefined> {
  const { core } = deps;
  const prepared = await prepareRedactedWorkspace({ workingDirectory: settings.workingDirectory, tempDir: deps.env.RUNNER_TEMP ?? tmpdir(), history: settings.workspaceHistory, baseRef: deps.env.GITHUB_BASE_REF || undefined, onDirectory, ...(listTree ? { listTree } : {}) });
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

async function handBack(settings: ActionSettings, deps: MainDeps, workspace: RedactedWorkspace, held: Held, telemetry: RunTelemetry | undefined): Promise<AgentPatch | undefined> {
  deps.core.startGroup("Airlock: hand back the agent's changes");
  try {
    return await handBackChanges(workspace, settings.workingDirectory, {
      core: deps.core,
      env: deps.env,
      knownValues: held.values.map((value) => ({ value, label: 'airlock-credential' })),
      onScanned: (scan) => telemetry?.record(patchScanRunEvent(deps.clock().toISOString(), scan)),
    });
  } catch (error) {
    deps.core.setFailed(`could not hand back the agent's changes: ${(error as Error).message}`);
    return undefined;
  } finally {
    deps.core.endGroup();
  }
}

/** `pull-request: true`, after the attestation: the change as a pull request, with a token only this step ever held. */
async function pullRequest(settings: ActionSettings, deps: MainDeps, held: Held, patch: AgentPatch, attested: AttestedRun | undefined): Promise<OpenedPullRequest | undefined> {
  const { core } = deps;
  core.startGroup('Airlock: open the pull request');
  try {
    const opened = await openPullRequest(settings.pullRequest!, {
      core,
      broker: deps.broker!,
      env: deps.env,
      network: deps.network,
      idToken: () => fetchIdToken((a) => core.getIDToken(a), settings.audience, ID_TOKEN_RETRY),
      hold: (token) => {
        hold(core, held, token.token);
        held.githubTokens.set(token.token_id, token);
        held.records.push({ kind: 'github', id: token.token_id, scope: `${scopeOf(token)} (pull request)`, mintedAt: deps.clock().toISOString(), expiresAt: token.expires_at, ...recordedDecision(token) });
        saveState(core, held);
      },
      revoke: async (token) => {
        try {
          await revokeGithubToken(deps, token);
          markGithubRevoked(deps, held, token);
        } catch (error) {
          revocationFailed(settings, core, `could not revoke the pull request's token ${token.token_id.slice(0, 8)}: ${(error as Error).message}; the post step will retry`);
        }
      },
    }, { cwd: settings.workingDirectory, patch, identity: settings.identity, ...(attested ? { changesetDigest: attested.changesetDigest, ...(attested.url ? { attestationUrl: attested.url } : {}) } : {}) });
    if (opened) {
      core.setOutput('pull-request-number', String(opened.number));
      core.setOutput('pull-request-url', opened.url);
      core.info(`Opened pull request #${opened.number} from ${opened.branch}: ${opened.url} (authored by the App's bot; the Airlock gate treats it as an agent's).`);
    }
    return opened;
  } catch (error) {
    core.setFailed(`could not open the pull request: ${(error as Error).message}`);
    return undefined;
  } finally {
    core.endGroup();
  }
}

async function attest(settings: ActionSettings, deps: MainDeps, facts: Parameters<typeof attestRun>[2]): Promise<AttestedRun | undefined> {
  deps.core.startGroup('Airlock: sign the attestation');
  try {
    // Loaded only when a run is attested: signing pulls in sigstore-js and its HTTP stack (scripts/build.js splits it into its own chunk).
    const { attestRun } = await import('./attest-run.js');
    return await attestRun(settings, { ...deps, fetch: deps.network.fetch }, facts);
  } catch (error) {
    deps.core.setFailed(`could not attest the agent run: ${(error as Error).message}`);
    return undefined;
  } finally {
    deps.core.endGroup();
  }
}

function revocationFailed(settings: ActionSettings, core: typeof Core, message: string): void {
  if (settings.revokeFailure === 'warn') core.warning(message);
  else core.setFailed(message);
}

/** Asks GitHub whether a revoked token is really dead: it must now answer 401. */
async function confirmRevoked(deps: MainDeps, token: string): Promise<boolean> {
  const api = deps.env.GITHUB_API_URL ?? 'https://api.github.com';
  const response = await deps.network.fetch(`${api}/installation/repositories?per_page=1`, { headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json' } });
  return response.status === 401;
}

async function revokeGithubToken(deps: MainDeps, minted: MintedToken): Promise<void> {
  await deps.broker!.revoke(minted.token);
  if (!(await confirmRevoked(deps, minted.token))) throw new Error('GitHub still accepts the token after revocation');
}

function markGithubRevoked(deps: MainDeps, held: Held, minted: MintedToken): void {
  const record = held.records.find((r) => r.kind === 'github' && r.id === minted.token_id);
  if (record) record.revokedAt = deps.clock().toISOString();
  held.githubTokens.delete(minted.token_id);
  saveState(deps.core, held);
  deps.core.info(`Revoked GitHub token ${minted.token_id.slice(0, 8)}; GitHub confirms it no longer works.`);
}

/** Every GitHub token the run minted and still holds: the current one and any replaced one whose revocation failed. */
async function revokeGithub(settings: ActionSettings, deps: MainDeps, held: Held): Promise<void> {
  if (!deps.broker) return;
  for (const minted of [...held.githubTokens.values()]) {
    try {
      await revokeGithubToken(deps, minted);
      markGithubRevoked(deps, held, minted);
    } catch (error) {
      revocationFailed(settings, deps.core, `could not revoke GitHub token ${minted.token_id.slice(0, 8)}: ${(error as Error).message}; the post step will retry`);
    }
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
