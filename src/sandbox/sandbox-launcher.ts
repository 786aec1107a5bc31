/**
 * The programs that run first inside the sandbox, before the agent's command.
 *
 * 1. A bash prelude that reports on descriptor STARTED_FD that the sandbox is set up (so a
 *    bubblewrap failure is never mistaken for the agent's own exit status), then closes every
 *    inherited descriptor above 2: bubblewrap passes the descriptors it inherited, and an open
 *    descriptor of a host file or directory is a way out of the mount namespace (openat
 *    relative to it).
 * 2. When egress is on, the bridge (egress-bridge.ts), which runs the agent's command.
 */
export const STARTED_FD = 4;
export const CLOSE_INHERITED_FDS = `printf started >&${STARTED_FD} 2>/dev/null; for f in /proc/self/fd/*; do n=\${f##*/}; case $n in 0|1|2) ;; *) eval "exec $n>&-" 2>/dev/null;; esac; done; exec "$@"`;

export const SANDBOX_SHELL = '/bin/bash';

/** The agent's command as bash runs it on the runner: no profile or rc files, errexit and pipefail. */
export function agentArgv(command: string): string[] {
  return [SANDBOX_SHELL, '--noprofile', '--norc', '-eo', 'pipefail', '-c', command];
}

/** Full argv run inside the sandbox: prelude, then the bridge (its argv prefix) when egress is on, then the agent. */
export function launcherArgv(command: string, bridgePrefix: readonly string[] = []): string[] {
  const inner = [...bridgePrefix, ...agentArgv(command)];
  return [
    SANDBOX_SHELL,
    '--noprofile',
    '--norc',
    '-c',
    CLOSE_INHERITED_FDS,
    'airlock-launcher',
    ...inner,
  ];
}
