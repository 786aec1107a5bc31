import { execFile } from 'node:child_process';

/** Where the profile goes: AppArmor loads every file of /etc/apparmor.d at boot; this run loads it at once. */
export const BWRAP_PROFILE_PATH = '/etc/apparmor.d/airlock-bwrap';

/**
 * An AppArmor profile for one binary, bubblewrap, that lets it create user namespaces and nothing
 * more than it could before (`flags=(unconfined)`: no other rule changes). This is the fix the
 * bubblewrap and Ubuntu communities give for Ubuntu 24.04's restriction, scoped to bwrap rather
 * than switching the restriction off for every program
 * (https://ubuntu.com/blog/ubuntu-23-10-restricted-unprivileged-user-namespaces,
 * https://github.com/containers/bubblewrap/issues/632). Inside, Airlock's sandbox drops every
 * capability, forbids nested user namespaces and loads its seccomp filter, so the agent gains nothing.
 */
export function bwrapProfile(bwrapPath: string): string {
  return ['# Written by Airlock: lets bubblewrap create the agent sandbox\'s user namespace.', 'abi <abi/4.0>,', 'include <tunables/global>', '', `profile airlock-bwrap ${bwrapPath} flags=(unconfined) {`, '  userns,', '}', ''].join('\n');
}

export type RunCommand = (file: string, args: readonly string[], input?: string) => Promise<{ code: number; output: string }>;

export const runCommand: RunCommand = (file, args, input) =>
  new Promise((resolve) => {
    const child = execFile(file, args, { encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}`.trim() });
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });

export type ProfileOutcome = { readonly installed: true; readonly path: string } | { readonly installed: false; readonly reason: string };

/**
 * Installs and loads the profile where Airlock may change the machine: a GitHub-hosted runner
 * (`RUNNER_ENVIRONMENT=github-hosted`, a fresh VM per job whose user has passwordless sudo). A
 * self-hosted runner is the operator's machine: Airlock never changes it, and says what to run.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/variables#default-environment-variables
 */
export async function installBwrapProfile(bwrapPath: string, options: { env: NodeJS.ProcessEnv; run?: RunCommand; path?: string }): Promise<ProfileOutcome> {
  const run = options.run ?? runCommand;
  const path = options.path ?? BWRAP_PROFILE_PATH;
  if (options.env.RUNNER_ENVIRONMENT !== 'github-hosted') return { installed: false, reason: 'this is not a GitHub-hosted runner, so Airlock does not change its AppArmor setup' };
  if ((await run('sudo', ['-n', 'true'])).code !== 0) return { installed: false, reason: 'sudo needs a password here' };
  const write = await run('sudo', ['-n', 'tee', path], bwrapProfile(bwrapPath));
  if (write.code !== 0) return { installed: false, reason: `could not write ${path}: ${write.output.slice(0, 200)}` };
  const load = await run('sudo', ['-n', 'apparmor_parser', '--replace', path]);
  if (load.code !== 0) return { installed: false, reason: `apparmor_parser could not load ${path}: ${load.output.slice(0, 200)}` };
  return { installed: true, path };
}
