import { execFile } from 'node:child_process';

/**
 * Git, hardened against the repository it runs in: no system or global configuration, no
 * fsmonitor, no hooks, no untracked cache, no prompts, no optional locks, and only the variables
 * named here (a `GIT_DIR` or `GIT_CONFIG_*` in the runner's environment cannot redirect it), and no
 * automatic maintenance (a commit would otherwise start `git maintenance run --auto`, one more
 * process on the way to the agent, working on a copy that lives for one run). Output is raw
 * bytes: paths and file contents are not assumed to be UTF-8.
 * https://git-scm.com/docs/git-config#Documentation/git-config.txt-corefsmonitor
 * https://git-scm.com/docs/git-config#Documentation/git-config.txt-maintenanceauto
 * https://git-scm.com/docs/git#_environment_variables
 */
const HARDENING = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.untrackedCache=false', '-c', 'protocol.allow=never', '-c', 'maintenance.auto=false', '-c', 'gc.auto=0'];
const hardenedEnv = (env?: Record<string, string>) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', ...env });

export function hardenedGit(cwd: string, args: readonly string[], options: { env?: Record<string, string>; okExitCodes?: readonly number[]; input?: Buffer } = {}): Promise<Buffer> {
  const argv = [...HARDENING, ...args];
  const env = hardenedEnv(options.env);
  return new Promise((resolve, reject) => {
    const child = execFile('git', argv, { cwd, env, encoding: 'buffer', maxBuffer: 512 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = typeof error?.code === 'number' ? error.code : error ? -1 : 0;
      if (!error || options.okExitCodes?.includes(code)) resolve(stdout);
      else reject(new Error(`git ${args[0]} failed (${code}): ${stderr.toString('utf8').trim().slice(0, 300) || error.message}`));
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input);
  });
}

/** A word sh reads literally: single-quoted, a quote inside closed, escaped and reopened. */
const shellWord = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/** The subcommand of a git argument list (what follows the leading `-c name=value` pairs). */
const subcommand = (args: readonly string[]) => args.find((a, i) => a !== '-c' && args[i - 1] !== '-c') ?? 'git';

/**
 * Git commands that always run together, in order, each hardened as hardenedGit's, from one
 * process launch: `sh` runs them and stops at the first that fails (its status and stderr are the
 * error). Each launch from Node forks this large process and waits for the child's exec, which on
 * a loaded runner costs more than the git command itself; sh forks git cheaply. The script is
 * built only of quoted words, so no argument is ever read as shell syntax.
 * https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_02_02
 */
export function hardenedGitSequence(cwd: string, commands: readonly (readonly string[])[]): Promise<void> {
  const script = ['set -e', ...commands.map((args) => ['git', ...HARDENING, ...args].map(shellWord).join(' '))].join('\n');
  const names = commands.map(subcommand).join(', ');
  return new Promise((resolve, reject) => {
    execFile('/bin/sh', ['-c', script], { cwd, env: hardenedEnv(), encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error) resolve();
      else reject(new Error(`git ${names} failed (${typeof error.code === 'number' ? error.code : -1}): ${stderr.toString('utf8').trim().slice(0, 300) || error.message}`));
    });
  });
}
