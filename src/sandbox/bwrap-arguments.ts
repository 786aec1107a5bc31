import { RUN_TMPFS_BYTES } from './sandbox-facts.js';

/** A top-level directory of the host (e.g. /bin) as it is: a symlink into /usr on merged-/usr systems, or a real directory. */
export interface RootEntry {
  readonly path: string;
  readonly symlinkTo?: string;
}

export interface SandboxLayout {
  readonly workspace: string;
  readonly rootEntries: readonly RootEntry[];
  /** Host /etc files that exist and are safe to expose read-only. */
  readonly etcPaths: readonly string[];
  /** Synthetic files (passwd, group, hosts) written by us, bound read-only at `target`. */
  readonly generatedFiles: readonly { readonly source: string; readonly target: string }[];
  /** Extra read-only paths: toolchains outside /usr (e.g. /opt/hostedtoolcache). */
  readonly readOnlyPaths: readonly string[];
  readonly home: string;
  /** Size limit of each writable tmpfs (/tmp, /var/tmp, $HOME); /run gets RUN_TMPFS_BYTES. */
  readonly tmpfsBytes: number;
  readonly uid: number;
  readonly gid: number;
  /** Files bound read-only after /run is mounted (under /run/airlock), or over existing files (a trust bundle over the system one). */
  readonly runFiles?: readonly { readonly source: string; readonly target: string }[];
  /** Host socket of the egress proxy, bound at `inside`. */
  readonly egressSocket?: { readonly host: string; readonly inside: string };
  readonly seccompFd?: number;
}

/**
 * Namespace and isolation flags shared by the probe and the real run, so a passing probe means
 * the run's namespaces work. `--unshare-all` = user(try), ipc, pid, net, uts, cgroup(try);
 * `--unshare-user` makes the user namespace mandatory and `--disable-userns` forbids nested ones
 * (a nested user namespace would hand the agent capabilities again). `--new-session` blocks
 * TIOCSTI injection into a controlling terminal. https://github.com/containers/bubblewrap
 */
export function isolationArguments(
  layout: Pick<SandboxLayout, 'uid' | 'gid' | 'seccompFd'>,
): string[] {
  const args = [
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--uid',
    String(layout.uid),
    '--gid',
    String(layout.gid),
    '--hostname',
    'airlock',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
  ];
  if (layout.seccompFd !== undefined) args.push('--seccomp', String(layout.seccompFd));
  return args;
}

function rootArguments(entries: readonly RootEntry[]): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const e of entries)
    args.push(
      ...(e.symlinkTo !== undefined
        ? ['--symlink', e.symlinkTo, e.path]
        : ['--ro-bind', e.path, e.path]),
    );
  return args;
}

/** The probe: same namespaces and filter, the smallest filesystem that runs /bin/true. */
export function probeArguments(
  layout: Pick<SandboxLayout, 'uid' | 'gid' | 'seccompFd' | 'rootEntries'>,
): string[] {
  return [
    ...isolationArguments(layout),
    ...rootArguments(layout.rootEntries),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--',
    '/bin/true',
  ];
}

/**
 * The full bubblewrap argv before the command. Order matters: tmpfs mounts come before binds
 * below them (a workspace under /tmp), and the workspace comes last so it is writable even when
 * a read-only path contains it. Nothing of the host is bound except what is listed here.
 */
export function bwrapArguments(layout: SandboxLayout): string[] {
  const args = [...isolationArguments(layout), ...rootArguments(layout.rootEntries)];
  for (const p of layout.etcPaths) args.push('--ro-bind', p, p);
  for (const f of layout.generatedFiles) args.push('--ro-bind', f.source, f.target);
  // A fresh procfs for the new PID namespace shows only the sandbox's processes; --dev gives null,
  // zero, random, urandom, tty, pts and an empty shm that is not the host's /dev/shm.
  args.push('--proc', '/proc', '--dev', '/dev');
  // Sized, so filling them exhausts the sandbox's quota rather than the runner's memory.
  for (const t of ['/tmp', '/var/tmp', layout.home])
    args.push('--size', String(layout.tmpfsBytes), '--tmpfs', t);
  args.push('--size', String(RUN_TMPFS_BYTES), '--tmpfs', '/run');
  for (const p of layout.readOnlyPaths) args.push('--ro-bind', p, p);
  for (const f of layout.runFiles ?? []) args.push('--ro-bind', f.source, f.target);
  // connect(2) on a socket inode is allowed on a read-only mount; the agent cannot replace it.
  if (layout.egressSocket)
    args.push('--ro-bind', layout.egressSocket.host, layout.egressSocket.inside);
  args.push('--bind', layout.workspace, layout.workspace, '--chdir', layout.workspace);
  args.push('--');
  return args;
}
