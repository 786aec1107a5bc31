import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
  /** Aborted on cancellation: the agent's whole process group is killed. */
  signal: AbortSignal;
}

/** Variables the agent keeps from the runner's environment; everything else is dropped. */
const ALLOWED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TERM', 'TZ', 'USER', 'SHELL', 'TMPDIR', 'GITHUB_API_URL', 'GITHUB_SERVER_URL', 'GITHUB_REPOSITORY', 'GITHUB_SHA', 'GITHUB_REF', 'GITHUB_RUN_ID', 'CI'];

export function agentEnvironment(runner: NodeJS.ProcessEnv, credentials: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ALLOWED_ENV) if (runner[name] !== undefined) env[name] = runner[name];
  return { ...env, ...credentials };
}

/**
 * Runs the agent command with bash in its own process group. Its output is redacted and fenced
 * with `::stop-commands::` so it cannot issue workflow commands (`::add-mask::`, `::set-env::`...)
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#stopping-and-starting-workflow-commands
 */
export async function runAgent(options: AgentOptions): Promise<AgentRun> {
  const fence = randomBytes(16).toString('hex');
  options.write(`::stop-commands::${fence}\n`);
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', options.command], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  options.signal.addEventListener('abort', kill, { once: true });
  const pending = { stdout: '', stderr: '' };
  let redactions = 0;
  const clean = (text: string) => {
    const out = redact(text, options.redactForms);
    if (out !== text) redactions++;
    return out;
  };
  const pipe = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    pending[stream] += chunk.toString('utf8');
    const cut = pending[stream].lastIndexOf('\n');
    if (cut < 0) return;
    options.write(clean(pending[stream].slice(0, cut + 1)).replaceAll(`::${fence}::`, ''));
    pending[stream] = pending[stream].slice(cut + 1);
  };
  child.stdout.on('data', pipe('stdout'));
  child.stderr.on('data', pipe('stderr'));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c, s) => resolve([c, s]));
  });
  // Background processes the agent left behind do not outlive the step.
  kill();
  options.signal.removeEventListener('abort', kill);
  for (const rest of [pending.stdout, pending.stderr]) if (rest) options.write(clean(rest) + '\n');
  options.write(`::${fence}::\n`);
  return { exitCode: code ?? 1, signal, redactions };
}
