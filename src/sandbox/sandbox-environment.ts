/**
 * The agent's environment: what the caller asked for, minus everything that belongs to the
 * runner (THREATS.md §B 1, §D 21, §D 23), plus what the sandbox itself sets. Names are dropped
 * even when the caller passes them, so a mistake upstream cannot hand the agent a runner secret.
 */
const DENIED_PREFIXES = ['ACTIONS_', 'RUNNER_', 'INPUT_', 'STATE_'];
const DENIED_NAMES = new Set([
  'GITHUB_TOKEN',
  'GITHUB_ENV',
  'GITHUB_PATH',
  'GITHUB_OUTPUT',
  'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY',
  'GITHUB_EVENT_PATH',
  'GITHUB_WORKSPACE',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'LD_AUDIT',
  'BASH_ENV',
  'ENV',
  'PROMPT_COMMAND',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'ALL_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'all_proxy',
  'no_proxy',
  'SSH_AUTH_SOCK',
  'DOCKER_HOST',
]);

export function isDeniedVariable(name: string): boolean {
  return DENIED_NAMES.has(name) || DENIED_PREFIXES.some((p) => name.toUpperCase().startsWith(p));
}

export interface SandboxEnvironment {
  readonly env: Record<string, string>;
  /** Names removed from the request (never their values). */
  readonly dropped: readonly string[];
}

/** `fixed` (HOME, TMPDIR, proxy variables) wins over anything requested. */
export function sandboxEnvironment(
  requested: Readonly<Record<string, string | undefined>>,
  fixed: Readonly<Record<string, string>>,
): SandboxEnvironment {
  const env: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(requested)) {
    if (value === undefined) continue;
    // A name with `=` or NUL cannot be represented faithfully in the environment block.
    if (isDeniedVariable(name) || name === '' || /[=\0]/.test(name) || value.includes('\0'))
      dropped.push(name);
    else env[name] = value;
  }
  return { env: { ...env, ...fixed }, dropped: dropped.sort() };
}
