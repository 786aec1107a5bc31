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
export function hardenedGit(cwd: string, args: readonly string[], options: { env?: Record<string, string>; okExitCodes?: readonly number[]; input?: Buffer } = {}): Promise<Buffer> {
  const argv = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.untrackedCache=false', '-c', 'protocol.allow=never', '-c', 'maintenance.auto=false', '-c', 'gc.auto=0', ...args];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', ...options.env };
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
