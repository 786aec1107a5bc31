import type { ContainerEngineName } from './container-engine.js';
import { RUN_TMPFS_BYTES, TRUST_DIR } from './sandbox-facts.js';
import { SandboxError } from './sandbox-error.js';
import { agentArgv, SANDBOX_SHELL } from './sandbox-launcher.js';

/** The agent's variables, NUL-separated `NAME=value`, read by the launcher (argv is world-readable on the host). */
export const ENVIRON_INSIDE = `${TRUST_DIR}/environ`;
/** Label on every container Airlock starts; its value is the container's name. */
export const RUN_LABEL = 'dev.airlock.run';

export interface ContainerLayout {
  readonly engine: ContainerEngineName;
  readonly name: string;
  /** The image ID (`sha256:…`): the container runs exactly what was inspected and recorded. */
  readonly image: string;
  readonly uid: number;
  readonly gid: number;
  /** Rootless Podman: the runner's own user becomes `uid`:`gid` inside, so the workspace stays its own. */
  readonly keepId: boolean;
  readonly workspace: string;
  readonly home: string;
  readonly tmpfsBytes: number;
  /** Read-only files: identity files, the environment file, the run's trust stores and `files`. */
  readonly runFiles: readonly { readonly source: string; readonly target: string }[];
  /** Toolchains from the host, read-only. */
  readonly readOnlyPaths: readonly string[];
  /** Host socket of the egress proxy, bound at `inside`. */
  readonly egressSocket?: { readonly host: string; readonly inside: string };
  readonly memoryBytes: number;
  readonly pidsLimit: number;
  readonly nofile: number;
  readonly nproc: number;
  /** A profile file; absent: the engine's default profile. */
  readonly seccompProfile?: string;
  /**
   * Denied variables the image sets (LD_PRELOAD, BASH_ENV…): emptied for the launcher itself, which
   * runs before it replaces the environment. Names only; never a value on the command line.
   */
  readonly clearedVariables?: readonly string[];
  /** `container-entrypoint: image`: the image's ENTRYPOINT runs, with `/bin/bash` and the launcher's argv as its arguments. */
  readonly imageEntrypoint?: boolean;
}

/** `--mount` is comma-separated key=value: a path with a comma or a line break cannot be written into it faithfully. */
function mountPath(path: string): string {
  if (/[,\n\r]/.test(path)) throw new SandboxError('invalid-options', `${JSON.stringify(path)} cannot be bound into a container (it contains a comma or a line break); move it`);
  return path;
}

const bind = (source: string, target: string, readOnly: boolean) => ['--mount', `type=bind,src=${mountPath(source)},dst=${mountPath(target)}${readOnly ? ',ro' : ''}`];

/**
 * `run` and its options, up to and including the image; the launcher's argv follows. Nothing of the
 * host is shown but what is listed here, and no engine socket ever is. Docker's and Podman's CLIs
 * take the same options except where noted.
 * https://docs.podman.io/en/v4.3/markdown/podman-run.1.html https://docs.docker.com/reference/cli/docker/container/run/
 */
export function containerRunArguments(layout: ContainerLayout): string[] {
  const podman = layout.engine === 'podman';
  const tmpfs = (path: string, options: string) => ['--tmpfs', `${mountPath(path)}:${options}`];
  // Podman refuses tmpfs uid=/gid= and has U (owned by --user) instead; Docker passes uid/gid to the mount.
  const homeOwner = podman ? 'U' : `uid=${layout.uid},gid=${layout.gid}`;
  const args = [
    'run',
    '--rm',
    '--name',
    layout.name,
    '--label',
    `${RUN_LABEL}=${layout.name}`,
    // The local store only: a pull would run whatever a registry serves at that moment.
    '--pull',
    'never',
    // Loopback only; the egress proxy is reached through its socket, bound below.
    '--network',
    'none',
    '--hostname',
    'airlock',
    '--ipc',
    'private',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    ...(layout.seccompProfile ? ['--security-opt', `seccomp=${mountPath(layout.seccompProfile)}`] : []),
    '--read-only',
    // Podman would add its own writable /tmp, /var/tmp, /run and /dev/shm; the tmpfs mounts below are the only writable ones.
    ...(podman ? ['--read-only-tmpfs=false'] : []),
    '--user',
    `${layout.uid}:${layout.gid}`,
    ...(layout.keepId ? ['--userns', `keep-id:uid=${layout.uid},gid=${layout.gid}`] : []),
    '--memory',
    String(layout.memoryBytes),
    '--memory-swap',
    String(layout.memoryBytes),
    '--pids-limit',
    String(layout.pidsLimit),
    // Podman's defaults (1048576) exceed the hard limits many hosts set, and the run would be refused.
    '--ulimit',
    `nofile=${layout.nofile}:${layout.nofile}`,
    '--ulimit',
    `nproc=${layout.nproc}:${layout.nproc}`,
    // The output reaches the Action through the attached client only, never an engine log on disk.
    '--log-driver',
    'none',
    ...(layout.clearedVariables ?? []).flatMap((n) => ['--env', `${n}=`]),
    ...tmpfs('/tmp', `rw,exec,nosuid,nodev,size=${layout.tmpfsBytes},mode=1777`),
    ...tmpfs('/var/tmp', `rw,exec,nosuid,nodev,size=${layout.tmpfsBytes},mode=1777`),
    ...tmpfs(layout.home, `rw,exec,nosuid,nodev,size=${layout.tmpfsBytes},mode=0700,${homeOwner}`),
    ...tmpfs('/run', `rw,nosuid,nodev,size=${RUN_TMPFS_BYTES},mode=1777`),
  ];
  for (const f of layout.runFiles) args.push(...bind(f.source, f.target, true));
  for (const p of layout.readOnlyPaths) args.push(...bind(p, p, true));
  // connect(2) on a socket is allowed through a read-only mount; the agent cannot replace it.
  if (layout.egressSocket) args.push(...bind(layout.egressSocket.host, layout.egressSocket.inside, true));
  args.push(...bind(layout.workspace, layout.workspace, false), '--workdir', layout.workspace);
  // The image's user never applies (--user above). Its entrypoint does not run either, unless asked
  // for: then it gets the launcher as its arguments, `/bin/bash …`, which it is expected to exec.
  if (layout.imageEntrypoint) args.push(layout.image, SANDBOX_SHELL);
  else args.push('--entrypoint', SANDBOX_SHELL, layout.image);
  return args;
}

/** `rm`, forced and immediate (Podman would otherwise wait its stop timeout), quiet when the container is gone. */
export function removeArguments(engine: ContainerEngineName, name: string): string[] {
  return engine === 'podman' ? ['rm', '--force', '--time', '0', '--ignore', name] : ['rm', '--force', name];
}

/**
 * The launcher, run by the image's bash as the container's first process: it reports that the
 * container is set up (a line on stderr the Action removes from the output: engines pass no other
 * descriptor), replaces whatever the engine and the image put in the environment with the agent's
 * (from ENVIRON_INSIDE), and execs the egress relay, which runs the agent. Its stdin is /dev/null.
 */
export function containerLauncherArgv(marker: string, command: string, bridgePrefix: readonly string[] = []): string[] {
  const prelude = [
    `printf '%s\\n' ${marker} >&2`,
    'for n in $(compgen -e); do unset "$n" 2>/dev/null; done',
    `while IFS= read -r -d '' kv; do export "$kv"; done < ${ENVIRON_INSIDE}`,
    'exec "$@"',
  ].join('\n');
  return ['--noprofile', '--norc', '-c', prelude, 'airlock-launcher', ...bridgePrefix, ...agentArgv(command)];
}

/** The environment file's content: variables whose names the launcher's `export` accepts. */
export function environFile(env: Readonly<Record<string, string>>): { readonly text: string; readonly unexportable: readonly string[] } {
  const parts: string[] = [];
  const unexportable: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) parts.push(`${name}=${value}\0`);
    else unexportable.push(name);
  }
  return { text: parts.join(''), unexportable };
}
