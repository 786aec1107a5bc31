import { randomBytes } from 'node:crypto';
import { runSandboxed, type SandboxBackend } from '../sandbox/run-sandboxed.js';
import { SandboxError } from '../sandbox/sandbox-error.js';
import { redact } from './credential-masking.js';

export interface AgentRun {
  exitCode: number;
  signal: NodeJS.Signals | null;
  /** Pieces of output that carried a credential and were redacted before reaching the log. */
  redactions: number;
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
  /** The egress proxy's socket; without it the sandboxed agent has loopback only. */
  egress?: { socketPath: string };
  /** The run CA and its trust bundle, for TLS the proxy terminates. */
  trust?: { caFile: string; bundleFile: string };
}

/** Variables the agent keeps from the runner's environment; everything else is dropped. */
const ALLOWED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TERM', 'TZ', 'USER', 'SHELL', 'TMPDIR', 'GITHUB_API_URL', 'GITHUB_SERVER_URL', 'GITHUB_REPOSITORY', 'GITHUB_SHA', 'GITHUB_REF', 'GITHUB_RUN_ID', 'CI'];

export function agentEnvironment(runner: NodeJS.ProcessEnv, credentials: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ALLOWED_ENV) if (runner[name] !== undefined) env[name] = runner[name];
  return { ...env, ...credentials };
}

/**
 * Fails before any credential exists when the sandbox cannot be built (THREATS.md §E 26): runs
 * `true` in it once, which also makes runSandboxed's namespace probe. Throws a message naming
 * the cause and the fix; the agent has not run.
 */
export async function preflightSandbox(workspace: string): Promise<void> {
  try {
    await runSandboxed({ command: 'true', workspace, env: {}, backend: 'bwrap', onOutput: () => undefined });
  } catch (error) {
    if (error instanceof SandboxError) throw new Error(`${error.code === 'invalid-options' ? 'cannot sandbox the agent' : "the agent's sandbox is unavailable"} (${error.code}): ${error.message}`, { cause: error });
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
    const run = await runSandboxed({ command: options.command, workspace: options.cwd, env: options.env, ...(options.egress ? { egress: options.egress } : {}), ...(options.trust ? { trust: options.trust } : {}), signal: options.signal, onOutput, backend: options.backend });
    return { exitCode: run.exitCode, signal: run.signal, redactions };
  } finally {
    // Closed on every path, so the step's own error after a failed run is a command again.
    for (const rest of [pending.stdout, pending.stderr]) if (rest) options.write(clean(rest).replaceAll(`::${fence}::`, '') + '\n');
    options.write(`::${fence}::\n`);
  }
}
