import { randomBytes } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { installBwrapProfile } from '../sandbox/bwrap-apparmor-profile.js';
import { findBwrap } from '../sandbox/probe-sandbox.js';
import type { ContainerOptions, ContainerRunFacts } from '../sandbox/container-options.js';
import { preflightContainer } from '../sandbox/run-container.js';
import { runSandboxed, type SandboxBackend } from '../sandbox/run-sandboxed.js';
import { SandboxError } from '../sandbox/sandbox-error.js';
import { redact } from './credential-masking.js';

export interface AgentRun {
  exitCode: number;
  signal: NodeJS.Signals | null;
  /** Pieces of output that carried a credential and were redacted before reaching the log. */
  redactions: number;
  /** With `sandbox: container`: the engine and the image that ran, by digest. */
  container?: ContainerRunFacts;
}

export interface AgentOptions {
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Credential forms to strip from the agent's output before it reaches the job log. */
  redactForms: readonly string[];
  write: (text: string) => void;
  /** Aborted on cancellation: the agent's whole process group (with bwrap, its PID namespace) is killed. */
  signal: AbortSignal;
  /** `none` only when the workflow says `sandbox: none`. */
  backend: SandboxBackend;
  /** With backend `container`: the image and the engine. */
  container?: ContainerOptions;
  /** The egress proxy's socket; without it the sandboxed agent has loopback only. */
  egress?: { socketPath: string };
  /** The run CA and its trust bundle, for TLS the proxy terminates. */
  trust?: { caFile: string; bundleFile: string };
  /** Files shown read-only in the sandbox (the task, an agent preset's settings). */
  files?: { source: string; target: string }[];
  /** Toolchains outside /usr, bound read-only. */
  readOnlyPaths?: string[];
}

/** Variables the agent keeps from the runner's environment; everything else is dropped. */
const ALLOWED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TERM', 'TZ', 'USER', 'SHELL', 'TMPDIR', 'GITHUB_API_URL', 'GITHUB_SERVER_URL', 'GITHUB_REPOSITORY', 'GITHUB_SHA', 'GITHUB_REF', 'GITHUB_RUN_ID', 'CI'];

export function agentEnvironment(runner: NodeJS.ProcessEnv, credentials: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ALLOWED_ENV) if (runner[name] !== undefined) env[name] = runner[name];
  return { ...env, ...credentials };
}

export interface PreflightDeps {
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
  run?: typeof runSandboxed;
  installProfile?: typeof installBwrapProfile;
}

/**
 * Fails before any credential exists when the sandbox cannot be built (THREATS.md §E 26): runs
 * `true` in it once (one bubblewrap launch; runSandboxed probes the namespaces only when it does
 * not start, to name the cause). Where Ubuntu's AppArmor
 * restriction on user namespaces is the cause and this is a GitHub-hosted runner, it first lets
 * bubblewrap (only) create them, says so, and tries again. Otherwise throws a message naming the
 * cause and the fix; the agent has not run.
 */
export async function preflightSandbox(workspace: string, deps: PreflightDeps): Promise<void> {
  const run = deps.run ?? runSandboxed;
  const attempt = () => run({ command: 'true', workspace, env: {}, backend: 'bwrap', onOutput: () => undefined });
  let failure: unknown;
  try {
    await attempt();
    return;
  } catch (error) {
    failure = error;
  }
  if (failure instanceof SandboxError && failure.code === 'userns-restricted') {
    const bwrap = await realpath(await findBwrap('bwrap', deps.env.PATH));
    const outcome = await (deps.installProfile ?? installBwrapProfile)(bwrap, { env: deps.env });
    if (outcome.installed) {
      deps.log(`This runner restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1, the ubuntu-24.04 default): Airlock installed and loaded the AppArmor profile ${outcome.path}, which lets ${bwrap} alone create them, and checks the sandbox again.`);
      try {
        await attempt();
        return;
      } catch (error) {
        failure = error;
      }
    } else failure = new SandboxError('userns-restricted', `${failure.message} (Airlock did not change this itself: ${outcome.reason}.)`);
  }
  if (failure instanceof SandboxError) throw new Error(`${failure.code === 'invalid-options' ? 'cannot sandbox the agent' : "the agent's sandbox is unavailable"} (${failure.code}): ${failure.message}`, { cause: failure });
  throw failure;
}

/**
 * `sandbox: container`, before any credential exists: the engine answers, the image is in its local
 * store (by digest when pinned), the engine accepts the run's options and the container holds the
 * sandbox's guarantees when read from inside, and, when the agent will have egress, the image can
 * relay it (perl or node).
 * Otherwise throws a one-line message naming the cause and the fix; the agent has not run.
 */
export async function preflightContainerSandbox(workspace: string, container: ContainerOptions, deps: { needsEgress: boolean }): Promise<ContainerRunFacts> {
  try {
    const facts = await preflightContainer(container, workspace);
    if (deps.needsEgress && !facts.relay) throw new SandboxError('image-unsuitable', `image ${container.image} has neither /usr/bin/perl nor node on its PATH, one of which relays the agent's traffic to Airlock's egress proxy inside the container; add perl-base or node to the image`);
    return { engine: facts.engine, image: facts.image };
  } catch (error) {
    if (error instanceof SandboxError) throw new Error(`${error.code === 'invalid-options' ? 'cannot sandbox the agent' : "the agent's container is unavailable"} (${error.code}): ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * Runs the agent command with bash through runSandboxed (bubblewrap, or `none` when the workflow
 * says so): its own process group, killed on cancellation and when the command ends. Its output
 * is redacted and fenced with `::stop-commands::` so it cannot issue workflow commands
 * (`::add-mask::`, `::set-env::`...)
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#stopping-and-starting-workflow-commands
 */
export async function runAgent(options: AgentOptions): Promise<AgentRun> {
  const fence = randomBytes(16).toString('hex');
  const pending = { stdout: '', stderr: '' };
  let redactions = 0;
  const clean = (text: string) => {
    const out = redact(text, options.redactForms);
    if (out !== text) redactions++;
    return out;
  };
  const onOutput = (stream: 'stdout' | 'stderr', chunk: Buffer) => {
    pending[stream] += chunk.toString('utf8');
    const cut = pending[stream].lastIndexOf('\n');
    if (cut < 0) return;
    options.write(clean(pending[stream].slice(0, cut + 1)).replaceAll(`::${fence}::`, ''));
    pending[stream] = pending[stream].slice(cut + 1);
  };
  options.write(`::stop-commands::${fence}\n`);
  try {
    const run = await runSandboxed({ command: options.command, workspace: options.cwd, env: options.env, ...(options.container ? { container: options.container } : {}), ...(options.egress ? { egress: options.egress } : {}), ...(options.trust ? { trust: options.trust } : {}), ...(options.files?.length ? { files: options.files } : {}), ...(options.readOnlyPaths?.length ? { readOnlyPaths: options.readOnlyPaths } : {}), signal: options.signal, onOutput, backend: options.backend });
    return { exitCode: run.exitCode, signal: run.signal, redactions, ...(run.container ? { container: run.container } : {}) };
  } finally {
    // Closed on every path, so the step's own error after a failed run is a command again.
    for (const rest of [pending.stdout, pending.stderr]) if (rest) options.write(clean(rest).replaceAll(`::${fence}::`, '') + '\n');
    options.write(`::${fence}::\n`);
  }
}
