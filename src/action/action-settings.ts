import { parse as parseYaml } from 'yaml';
import { GatewayError } from '../gateway/gateway-error.js';
import type { LlmProvider } from '../gateway/llm-providers.js';
import { parseUpstreamOrigin } from '../gateway/upstream-origin.js';
import { MIN_KNOWN_VALUE_LENGTH } from '../scan/known-values.js';
import { parseAllowedHosts, type AllowedHosts } from './allowed-hosts.js';
import { CONTAINER_ENGINE_CHOICES, CONTAINER_ENTRYPOINT_CHOICES, type ContainerEngineChoice, type ContainerOptions } from '../sandbox/container-options.js';
import { parseImageReference } from '../sandbox/container-image.js';
import { parseCaCertificate } from './runner-network.js';
import type { PullRequestSettings } from './open-pull-request.js';
import { AGENT_KINDS, type AgentKind } from './agent-presets.js';
import { parseSecretsInput, type SecretRequest } from './vault/parse-secrets-input.js';
import { readAwsSettings, type AwsSettings } from './aws/read-aws-settings.js';
import { AZURE_AGENT_VARIABLES } from './azure/azure-binding.js';
import { readAzureSettings, type AzureSettings } from './azure/read-azure-settings.js';
import { GCP_AGENT_VARIABLES } from './gcp/gcp-binding.js';
import { readGcpSettings, type GcpSettings } from './gcp/read-gcp-settings.js';

export interface VaultSettings {
  url: string;
  role: string;
  mount: string;
  namespace?: string;
  audience: string;
  secrets: SecretRequest[];
}

/** The Action's inputs (action.yml), read and checked once. */
export interface ActionSettings {
  /** The Airlock broker, for a GitHub token; absent when only Vault is used. */
  brokerUrl?: string;
  vault?: VaultSettings;
  identity: string;
  permissions?: Record<string, 'read' | 'write'>;
  repositories?: string[];
  audience: string;
  /** The agent command; empty with an `agent` preset, which then runs its own with `prompt`. */
  run: string;
  /** Which agent: its preset sets what it needs (docs/agents.md). */
  agent: AgentKind;
  /** The task, given to the agent as a file (never spliced into the command). */
  prompt?: string;
  model?: string;
  /** Extra read-only paths for the sandbox (toolchains outside /usr). */
  toolPaths: string[];
  tokenEnv: string;
  revokeFailure: 'fail' | 'warn';
  /** `telemetry: true` (default): with `broker-url`, the run streams its events to the App (src/telemetry/) and obeys its containment. */
  telemetry: boolean;
  workingDirectory: string;
  /** The agent's redacted copy keeps the checkout's history (credentials stripped) instead of one fresh commit. */
  workspaceHistory: boolean;
  /** The agent is stopped after this long; its GitHub token is re-minted as often as needed meanwhile. */
  timeoutMinutes: number;
  /** How long a request waits for a human to approve a secret's resolution before it is refused. */
  approvalTimeoutMinutes: number;
  /** `pull-request: true`: the agent's change is opened as a pull request by the Action. */
  pullRequest?: PullRequestSettings;
  attestation: AttestationSettings;
  /** `bwrap`: the agent runs in a bubblewrap sandbox; `container`: in the team's image (`image`); `none` only when the workflow says so. */
  sandbox: 'bwrap' | 'container' | 'none';
  /** With `sandbox: container`: the image and the engine that runs it. */
  container?: ContainerOptions;
  /** The sandboxed agent's egress allow-list; empty: no network but the LLM gateway. */
  allowedHosts: AllowedHosts;
  /** `audit`: what the allow-list would refuse goes through and is reported; `block` refuses it. */
  egressEnforcement: 'block' | 'audit';
  /** Providers the LLM gateway fronts. The keys stay in this process: the agent gets placeholders. */
  llm: Partial<Record<LlmProvider, LlmSettings>>;
  /** `ca-certificate`: PEM certificates trusted beside the runner's roots for the Action's own calls. */
  caCertificates: string[];
  /** `aws-role-to-assume` and the other `aws-*` inputs: an STS session the agent gets placeholders for. */
  aws?: AwsSettings;
  /** `gcp-workload-identity-provider` and the other `gcp-*` inputs: a Google Cloud access token the agent gets a placeholder for. */
  gcp?: GcpSettings;
  /** `azure-client-id` and the other `azure-*` inputs: an Azure access token the agent gets a placeholder for. */
  azure?: AzureSettings;
}

export interface LlmSettings {
  apiKey: string;
  /** https origin the gateway forwards to; absent: the provider's public API. */
  upstream?: string;
}

/** Signing the run's attestation (Sigstore keyless) and publishing it for the App's PR gate. */
export interface AttestationSettings {
  /** `auto`: when the working directory is a git checkout; `true`: required; `false`: never. */
  mode: 'auto' | 'true' | 'false';
  /** Token for `POST /repos/{o}/{r}/attestations` (needs `attestations: write`); never given to the agent. */
  githubToken?: string;
  /** Overrides of the Sigstore services chosen by the repository's visibility. */
  fulcioUrl?: string;
  rekorUrl?: string;
  tsaUrl?: string;
}

export class InputError extends Error {}

type GetInput = (name: string) => string;

function parseMapping(name: string, text: string): Record<string, 'read' | 'write'> | undefined {
  if (!text.trim()) return undefined;
  let value: unknown;
  try {
    value = parseYaml(text, { maxAliasCount: 0 });
  } catch {
    throw new InputError(`input "${name}" is not valid YAML; expected a mapping such as "contents: read"`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`input "${name}" must be a mapping such as "contents: read"`);
  for (const [perm, level] of Object.entries(value)) {
    if (level !== 'read' && level !== 'write') throw new InputError(`input "${name}": ${perm} must be read or write, not ${JSON.stringify(level)}`);
  }
  return value as Record<string, 'read' | 'write'>;
}

function readBrokerUrl(getInput: GetInput): string | undefined {
  const brokerUrl = getInput('broker-url').replace(/\/+$/, '');
  if (!brokerUrl) return undefined;
  let url: URL;
  try {
    url = new URL(brokerUrl);
  } catch {
    throw new InputError('input "broker-url" must be the URL of your Airlock App, e.g. https://airlock.example.com');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))) {
    throw new InputError('input "broker-url" must use https (plain http is accepted for localhost only)');
  }
  return brokerUrl;
}

function readServiceUrl(getInput: GetInput, name: string): string | undefined {
  const value = getInput(name).replace(/\/+$/, '');
  if (!value) return undefined;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) throw new InputError(`input "${name}" must be an http(s) URL such as https://fulcio.sigstore.dev`);
  return value;
}

function readAttestation(getInput: GetInput): AttestationSettings {
  const mode = getInput('attest') || 'auto';
  if (mode !== 'auto' && mode !== 'true' && mode !== 'false') throw new InputError('input "attest" must be auto, true or false');
  return {
    mode,
    githubToken: getInput('github-token') || undefined,
    fulcioUrl: readServiceUrl(getInput, 'fulcio-url'),
    rekorUrl: readServiceUrl(getInput, 'rekor-url'),
    tsaUrl: readServiceUrl(getInput, 'tsa-url'),
  };
}

/** `sandbox: container`'s image (validated as a reference here; looked up in the engine's store before anything is minted) and engine. */
function readContainer(getInput: GetInput, sandbox: string): ContainerOptions | undefined {
  const image = getInput('image').trim();
  const engine = getInput('container-engine').trim() || 'auto';
  const entrypoint = getInput('container-entrypoint').trim() || 'airlock';
  // container-engine and container-entrypoint have defaults (the runner always passes them), so only image tells intent apart.
  if (sandbox !== 'container') {
    if (image) throw new InputError('input "image" needs "sandbox: container"');
    return undefined;
  }
  if (!image) throw new InputError('"sandbox: container" needs "image": the agent\'s image, built or pulled by an earlier step (name:tag, or name@sha256:<digest> to pin it)');
  try {
    parseImageReference(image);
  } catch (error) {
    throw new InputError(`input "image": ${(error as Error).message}`, { cause: error });
  }
  if (!(CONTAINER_ENGINE_CHOICES as readonly string[]).includes(engine)) throw new InputError(`input "container-engine" must be ${CONTAINER_ENGINE_CHOICES.join(', ')}, not ${JSON.stringify(engine)}`);
  if (!(CONTAINER_ENTRYPOINT_CHOICES as readonly string[]).includes(entrypoint)) throw new InputError(`input "container-entrypoint" must be ${CONTAINER_ENTRYPOINT_CHOICES.join(' or ')}, not ${JSON.stringify(entrypoint)}: airlock (the image's entrypoint never runs) or image (it runs, and must exec "$@")`);
  return { image, engine: engine as ContainerEngineChoice, ...(entrypoint === 'image' ? { entrypoint: 'image' as const } : {}) };
}

function readSandbox(getInput: GetInput): { sandbox: 'bwrap' | 'container' | 'none'; container?: ContainerOptions; allowedHosts: AllowedHosts; egressEnforcement: 'block' | 'audit' } {
  const sandbox = getInput('sandbox') || 'bwrap';
  if (sandbox !== 'bwrap' && sandbox !== 'container' && sandbox !== 'none') throw new InputError('input "sandbox" must be bwrap (the default), container (the agent\'s own image, with "image") or none (the agent runs unsandboxed)');
  const container = readContainer(getInput, sandbox);
  const egressEnforcement = getInput('egress-policy') || 'block';
  if (egressEnforcement !== 'block' && egressEnforcement !== 'audit') throw new InputError('input "egress-policy" must be block (the default) or audit (report what block would refuse, refuse nothing)');
  try {
    return { sandbox, ...(container ? { container } : {}), egressEnforcement, allowedHosts: parseAllowedHosts(getInput('allowed-hosts')) };
  } catch (error) {
    throw new InputError(`input "allowed-hosts": ${(error as Error).message}`, { cause: error });
  }
}

function readCaCertificates(getInput: GetInput): string[] {
  try {
    return parseCaCertificate(getInput('ca-certificate'));
  } catch (error) {
    throw new InputError(`input "ca-certificate": ${(error as Error).message}`, { cause: error });
  }
}

function readLlmProvider(provider: LlmProvider, apiKeyInput: string, upstreamInput: string): LlmSettings | undefined {
  const apiKey = apiKeyInput.trim();
  const upstream = upstreamInput.trim().replace(/\/+$/, '');
  if (!apiKey) {
    if (upstream) throw new InputError(`input "${provider}-upstream" needs "${provider}-api-key"`);
    return undefined;
  }
  // Only the key's shape is described, never its value.
  if (apiKey.length < MIN_KNOWN_VALUE_LENGTH || !/^[\x21-\x7e]+$/.test(apiKey)) throw new InputError(`input "${provider}-api-key" must be an API key: at least ${MIN_KNOWN_VALUE_LENGTH} printable characters, no spaces`);
  if (!upstream) return { apiKey };
  try {
    parseUpstreamOrigin(upstream);
  } catch (error) {
    if (error instanceof GatewayError) throw new InputError(`input "${provider}-upstream": ${error.message}`, { cause: error });
    throw error;
  }
  return { apiKey, upstream };
}

function readLlm(getInput: GetInput): Partial<Record<LlmProvider, LlmSettings>> {
  const anthropic = readLlmProvider('anthropic', getInput('anthropic-api-key'), getInput('anthropic-upstream'));
  const openai = readLlmProvider('openai', getInput('openai-api-key'), getInput('openai-upstream'));
  return { ...(anthropic ? { anthropic } : {}), ...(openai ? { openai } : {}) };
}

function readVault(getInput: GetInput): VaultSettings | undefined {
  const url = getInput('vault-url');
  if (!url) {
    if (getInput('secrets').trim()) throw new InputError('input "secrets" needs "vault-url" (and "vault-role") to read them from');
    return undefined;
  }
  const role = getInput('vault-role');
  if (!role) throw new InputError('input "vault-role" is required with "vault-url": the Vault JWT role bound to this repository');
  const secrets = parseSecretsInput(getInput('secrets'));
  if (secrets.length === 0) throw new InputError('input "secrets" is required with "vault-url", e.g. "secret/data/ci/npm token | NPM_TOKEN"');
  return { url: url.replace(/\/+$/, ''), role, mount: getInput('vault-mount') || 'jwt', namespace: getInput('vault-namespace') || undefined, audience: getInput('vault-audience') || 'vault', secrets };
}

function readPullRequest(getInput: GetInput, identity: string, brokerUrl: string | undefined): PullRequestSettings | undefined {
  const enabled = getInput('pull-request') || 'false';
  if (enabled !== 'true' && enabled !== 'false') throw new InputError('input "pull-request" must be true or false');
  const branch = getInput('pull-request-branch').trim();
  const base = getInput('pull-request-base').trim();
  if (enabled === 'false') {
    if (branch || base || getInput('pull-request-title').trim() || getInput('pull-request-body').trim()) throw new InputError('inputs "pull-request-*" need "pull-request: true"');
    return undefined;
  }
  if (!brokerUrl) throw new InputError('"pull-request: true" needs "broker-url": the pull request is opened with a token the Airlock App mints for it');
  // git check-ref-format's rules, in short: https://git-scm.com/docs/git-check-ref-format
  const refName = /^(?!\/|.*\/\/|.*\.\.|.*@\{|.*\.lock$|.*\/$|.*\.$)[A-Za-z0-9._/-]+$/;
  for (const [name, value] of [['pull-request-branch', branch], ['pull-request-base', base]] as const) {
    if (value && !refName.test(value)) throw new InputError(`input "${name}" must be a branch name such as airlock/fix-tests, not ${JSON.stringify(value)}`);
  }
  return {
    title: getInput('pull-request-title').trim() || `Changes proposed by the agent ${identity}`,
    ...(branch ? { branch } : {}),
    ...(base ? { base } : {}),
    ...(getInput('pull-request-body').trim() ? { body: getInput('pull-request-body') } : {}),
  };
}

function readMinutes(getInput: GetInput, name: string, fallback: number, max: number): number {
  const text = getInput(name).trim() || String(fallback);
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= max)) throw new InputError(`input "${name}" must be a whole number of minutes from 1 to ${max}, not ${JSON.stringify(text)}`);
  return n;
}

/**
 * Unsandboxed, the agent runs as the runner's user beside this step's own process, whose
 * environment (/proc/<pid>/environ: the LLM key inputs, the job token, ACTIONS_ID_TOKEN_REQUEST_TOKEN
 * with which it could mint OIDC tokens of its own) and memory it can read. So `sandbox: none` gets
 * no credential at all, rather than a placeholder next to the real thing (THREATS.md §F 34).
 */
function refuseCredentialsUnsandboxed(settings: Pick<ActionSettings, 'sandbox' | 'brokerUrl' | 'vault' | 'llm' | 'aws' | 'gcp' | 'azure'>): void {
  if (settings.sandbox !== 'none') return;
  const given = [settings.brokerUrl ? '"broker-url"' : '', settings.vault ? '"vault-url"' : '', settings.aws ? '"aws-role-to-assume"' : '', settings.gcp ? '"gcp-workload-identity-provider"' : '', settings.azure ? '"azure-client-id"' : '', ...Object.keys(settings.llm).map((p) => `"${p}-api-key"`)].filter(Boolean);
  if (given.length)
    throw new InputError(
      `"sandbox: none" cannot be combined with ${given.join(', ')}: an unsandboxed agent can read this step's own process (its environment holds the job's token and the OIDC request token), so Airlock gives it no credential; use sandbox: bwrap or container, or drop the credential inputs`,
    );
}

/** A cloud's inputs through its reader, its errors as InputError. */
function readCloud<T>(read: (getInput: GetInput) => T, getInput: GetInput): T {
  try {
    return read(getInput);
  } catch (error) {
    throw new InputError((error as Error).message, { cause: error });
  }
}

function readAws(getInput: GetInput): AwsSettings | undefined {
  try {
    return readAwsSettings(getInput);
  } catch (error) {
    throw new InputError((error as Error).message, { cause: error });
  }
}

export function readActionSettings(getInput: GetInput, env: NodeJS.ProcessEnv): ActionSettings {
  const brokerUrl = readBrokerUrl(getInput);
  const vault = readVault(getInput);
  const identity = getInput('identity') || 'agent';
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(identity)) throw new InputError('input "identity" must name a trust policy: lower-case letters, digits, - and _');
  const agent = (getInput('agent').trim() || 'generic') as AgentKind;
  if (!AGENT_KINDS.includes(agent)) throw new InputError(`input "agent" must be one of ${AGENT_KINDS.join(', ')}, not ${JSON.stringify(agent)}`);
  const prompt = getInput('prompt');
  const run = getInput('run');
  if (!run.trim()) {
    if (agent === 'generic') throw new InputError('input "run" is required: the agent command (or set "agent: claude-code" or "agent: codex" and "prompt")');
    if (!prompt.trim()) throw new InputError(`input "prompt" is required with "agent: ${agent}" when "run" is not set: the task for the agent`);
  }
  const model = getInput('model').trim();
  if (model && !/^[A-Za-z0-9._:/-]{1,100}$/.test(model)) throw new InputError('input "model" must be a model name such as claude-sonnet-4-5 or gpt-5.5 (letters, digits, ".", "_", ":", "/", "-")');
  const toolPaths = getInput('tool-paths').split(/[\s,]+/).filter(Boolean);
  for (const p of toolPaths) if (!p.startsWith('/')) throw new InputError(`input "tool-paths": ${JSON.stringify(p)} is not an absolute path; list directories such as /opt/hostedtoolcache/node`);
  const tokenEnv = getInput('token-env') || 'GH_TOKEN';
  if (!/^[A-Z_][A-Z0-9_]*$/.test(tokenEnv) || tokenEnv.startsWith('GITHUB_') || tokenEnv.startsWith('ACTIONS_')) {
    throw new InputError('input "token-env" must be an upper-case variable name not starting with GITHUB_ or ACTIONS_ (default GH_TOKEN)');
  }
  if (brokerUrl && vault?.secrets.some((s) => s.envName === tokenEnv)) throw new InputError(`input "secrets" maps a secret to ${tokenEnv}, which "token-env" already uses for the GitHub token`);
  const revokeFailure = getInput('revoke-failure') || 'fail';
  if (revokeFailure !== 'fail' && revokeFailure !== 'warn') throw new InputError('input "revoke-failure" must be fail or warn');
  const telemetry = getInput('telemetry') || 'true';
  if (telemetry !== 'true' && telemetry !== 'false') throw new InputError('input "telemetry" must be true or false (default true): whether the run streams its events to the Airlock App at "broker-url"');
  const workspaceHistory = getInput('workspace-history') || 'false';
  if (workspaceHistory !== 'true' && workspaceHistory !== 'false') throw new InputError('input "workspace-history" must be true or false');
  const repositories = getInput('repositories').split(/[\s,]+/).filter(Boolean);
  const settings: ActionSettings = {
    ...readSandbox(getInput),
    llm: readLlm(getInput),
    caCertificates: readCaCertificates(getInput),
    brokerUrl,
    vault,
    identity,
    permissions: parseMapping('permissions', getInput('permissions')),
    repositories: repositories.length ? repositories : undefined,
    audience: getInput('audience') || 'airlock',
    run,
    agent,
    ...(prompt.trim() ? { prompt } : {}),
    ...(model ? { model } : {}),
    toolPaths,
    tokenEnv,
    revokeFailure,
    telemetry: telemetry === 'true',
    attestation: readAttestation(getInput),
    workingDirectory: getInput('working-directory') || env.GITHUB_WORKSPACE || process.cwd(),
    workspaceHistory: workspaceHistory === 'true',
    timeoutMinutes: readMinutes(getInput, 'timeout-minutes', 60, 360),
    approvalTimeoutMinutes: readMinutes(getInput, 'approval-timeout-minutes', 10, 60),
  };
  const aws = readAws(getInput);
  if (aws) settings.aws = aws;
  const awsNamed = aws ? vault?.secrets.find((secret) => secret.envName.startsWith('AWS_')) : undefined;
  if (awsNamed) throw new InputError(`input "secrets" maps a secret to ${awsNamed.envName}, and "aws-role-to-assume" gives the agent its AWS_* variables: rename the variable or drop one of them`);
  const gcp = readCloud(readGcpSettings, getInput);
  if (gcp) settings.gcp = gcp;
  const azure = readCloud(readAzureSettings, getInput);
  if (azure) settings.azure = azure;
  for (const [given, input, names] of [
    [gcp, 'gcp-workload-identity-provider', GCP_AGENT_VARIABLES],
    [azure, 'azure-client-id', AZURE_AGENT_VARIABLES],
  ] as const) {
    const clash = given ? vault?.secrets.find((secret) => (names as readonly string[]).includes(secret.envName)) : undefined;
    if (clash) throw new InputError(`input "secrets" maps a secret to ${clash.envName}, and "${input}" gives the agent that variable: rename the variable or drop one of them`);
  }
  const pullRequest = readPullRequest(getInput, identity, brokerUrl);
  if (pullRequest) settings.pullRequest = pullRequest;
  refuseCredentialsUnsandboxed(settings);
  const needs = agent === 'claude-code' ? 'anthropic' : agent === 'codex' ? 'openai' : undefined;
  if (needs && !settings.llm[needs]) throw new InputError(`"agent: ${agent}" needs "${needs}-api-key": the agent gets a placeholder for it, and the gateway the key`);
  if (vault?.secrets.some((s) => s.binding?.approval) && !brokerUrl) {
    throw new InputError('input "secrets" marks a secret with "approval", which the Airlock App grants: set "broker-url" too, or drop "approval"');
  }
  return settings;
}
