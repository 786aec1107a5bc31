import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lchown, lstat, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { containerLauncherArgv, containerRunArguments, ENVIRON_INSIDE, environFile, removeArguments, type ContainerLayout } from './container-arguments.js';
import { engineCommand, findContainerEngine, type ContainerEngine } from './container-engine.js';
import { inspectImage, type InspectedImage } from './container-image.js';
import type { ContainerOptions, ContainerRunFacts } from './container-options.js';
import { PROBE_SCRIPT, readProbeReport, type ContainerProbeFacts } from './container-probe.js';
import { CONTAINERS_DEFAULT_PROFILES, hardenedSeccompProfile, readDefaultProfile } from './container-seccomp.js';
import { startContainerWatchdog } from './container-watchdog.js';
import { bridgeArgv } from './egress-bridge.js';
import type { SandboxRun, SandboxRunOptions } from './run-sandboxed.js';
import { AGENT_GID, AGENT_UID, DEFAULT_PATH, DEFAULT_PROXY_PORT, DEFAULT_TMPFS_BYTES, EGRESS_SOCKET_INSIDE, fixedVariables, identityFiles, SANDBOX_HOME, trustFiles } from './sandbox-facts.js';
import { checkedFiles, hostPath } from './sandbox-paths.js';
import { SandboxError } from './sandbox-error.js';
import { isDeniedVariable, sandboxEnvironment } from './sandbox-environment.js';
import { seccompArch } from './seccomp-filter.js';
import { supervise, type Supervised } from './supervise-sandbox.js';

/**
 * `sandbox: container`: the agent runs in the team's own image under Docker or Podman, with the
 * bubblewrap sandbox's guarantees (sandbox-facts.ts: same identity, HOME, environment allow-list,
 * trust stores, run files and egress path). What the engine does differently is handled here:
 *
 * - Egress: `--network none` leaves loopback only; the proxy's unix socket is bound in and the same
 *   relay as bubblewrap's (egress-bridge.ts) listens on 127.0.0.1:3128 inside, run by the image's
 *   perl or node. No network, bridge or route to the host exists, so nothing but the proxy is reachable.
 * - Ownership: the agent is uid:gid 1000 inside. When the Action runs as root the workspace (and the
 *   egress socket) are handed to 1000 for the run and back afterwards; a rootful engine run by
 *   another user (Docker on GitHub's runners) gets that user's own ids, so the workspace stays
 *   writable; rootless Podman maps the user to 1000 (keep-id).
 * - Lifetime: `--rm`, an explicit forced `rm` by name on every path, on abort at once, and a watchdog
 *   for a SIGKILLed Action (container-watchdog.ts). Agent processes live in the container's PID
 *   namespace and die with it.
 */

const DEFAULT_PIDS_LIMIT = 4096;
/**
 * Ulimits stay within this process's hard limits and below what engines run containers with:
 * Podman raises its own limits but starts conmon with RLIMIT_NPROC at 32768 here, and runc cannot
 * raise a hard limit for the container's process. The pids limit (a cgroup) is the real bound on
 * processes; RLIMIT_NPROC counts every process of the uid on the host.
 */
const NOFILE_CAP = 65536;
const NPROC_CAP = 16384;
const PROBE_TIMEOUT_MS = 180_000;

interface Prepared {
  /** The run's scratch directory (environment and identity files, seccomp profile). */
  readonly scratch: string;
  readonly engine: ContainerEngine;
  readonly image: InspectedImage;
  readonly uid: number;
  readonly gid: number;
  readonly keepId: boolean;
  /** `container-entrypoint: image`. */
  readonly imageEntrypoint: boolean;
  readonly seccomp?: string;
  readonly limits: Pick<ContainerLayout, 'memoryBytes' | 'pidsLimit' | 'nofile' | 'nproc'>;
}

/** The hard limits of this process (/proc/self/limits): the container's ulimits must stay within them. */
async function hardLimits(): Promise<{ nofile: number; nproc: number }> {
  const text = await readFile('/proc/self/limits', 'utf8').catch(() => '');
  const hard = (label: string, cap: number) => {
    const m = new RegExp(`^${label}\\s+\\S+\\s+(\\S+)`, 'm').exec(text);
    const n = m?.[1] === 'unlimited' ? cap : Number(m?.[1]);
    return Number.isFinite(n) && n > 0 ? Math.min(n, cap) : 1024;
  };
  return { nofile: hard('Max open files', NOFILE_CAP), nproc: hard('Max processes', NPROC_CAP) };
}

const engines = new Map<string, Promise<ContainerEngine>>();

/** One engine lookup per process and choice; only a success is remembered. */
function engineOnce(choice: NonNullable<ContainerOptions['engine']>, env: NodeJS.ProcessEnv, uid: number): Promise<ContainerEngine> {
  const key = JSON.stringify([choice, env.PATH, env.DOCKER_HOST, env.CONTAINER_HOST, uid]);
  let p = engines.get(key);
  if (!p) {
    p = findContainerEngine({ choice, env, uid });
    engines.set(key, p);
    p.catch(() => engines.delete(key));
  }
  return p;
}

const images = new Map<string, Promise<InspectedImage>>();

/**
 * One lookup per process and reference: the run starts the image the preflight probed and recorded
 * (by ID), even if the tag moves in between. Only a success is remembered.
 */
function inspectOnce(engine: ContainerEngine, reference: string): Promise<InspectedImage> {
  const key = JSON.stringify([engine.path, reference]);
  let p = images.get(key);
  if (!p) {
    p = inspectImage(engine, reference);
    images.set(key, p);
    p.catch(() => images.delete(key));
  }
  return p;
}

async function prepare(options: ContainerOptions, scratch: string): Promise<Prepared> {
  if (process.platform !== 'linux') throw new SandboxError('unsupported-platform', `sandbox: container needs Linux, not ${process.platform}`);
  const actionUid = process.getuid?.() ?? 0;
  const actionGid = process.getgid?.() ?? 0;
  const engine = await engineOnce(options.engine ?? 'auto', process.env, actionUid);
  const image = await inspectOnce(engine, options.image);
  // Root hands the workspace to 1000 for the run; anyone else keeps their own ids (Docker's daemon
  // is root, so 1000 could not write their files) or, rootless, has them mapped to 1000.
  const own = actionUid !== 0 && !engine.rootless;
  const defaults = await readDefaultProfile(CONTAINERS_DEFAULT_PROFILES);
  let seccomp: string | undefined;
  if (defaults) {
    seccomp = join(scratch, 'seccomp.json');
    await writeFile(seccomp, JSON.stringify(hardenedSeccompProfile(defaults, seccompArch(process.arch))), { mode: 0o644 });
  }
  const hard = await hardLimits();
  return {
    scratch,
    engine,
    image,
    uid: own ? actionUid : AGENT_UID,
    gid: own ? actionGid : AGENT_GID,
    keepId: engine.rootless,
    imageEntrypoint: options.entrypoint === 'image',
    ...(seccomp ? { seccomp } : {}),
    limits: { memoryBytes: options.memoryBytes ?? Math.floor((totalmem() * 3) / 4), pidsLimit: options.pidsLimit ?? DEFAULT_PIDS_LIMIT, nofile: hard.nofile, nproc: hard.nproc },
  };
}

/**
 * The agent's variables: the image's own (its PATH above all: its toolchain is where the image put
 * it), then the requested ones, then the sandbox's fixed ones, through the same allow-list as
 * bubblewrap's. The runner's PATH names host directories and gives way to the image's.
 */
export function containerEnvironment(imageEnv: readonly string[], requested: Readonly<Record<string, string | undefined>>, fixed: Readonly<Record<string, string>>): { env: Record<string, string>; dropped: string[] } {
  const fromImage: Record<string, string> = {};
  for (const entry of imageEnv) {
    const at = entry.indexOf('=');
    const name = at > 0 ? entry.slice(0, at) : '';
    if (name && !isDeniedVariable(name)) fromImage[name] = entry.slice(at + 1);
  }
  const { env, dropped } = sandboxEnvironment({ ...fromImage, ...requested, ...(fromImage.PATH !== undefined ? { PATH: fromImage.PATH } : {}) }, fixed);
  env.PATH ??= DEFAULT_PATH;
  return { env, dropped: [...dropped] };
}

const imageVariableNames = (env: readonly string[]) => env.map((e) => e.slice(0, Math.max(0, e.indexOf('=')))).filter(Boolean);

/** Lists a tree for lchown: symlinks are changed themselves, never followed; other mounts are not entered. */
async function chownTree(root: string, uid: number, gid: number): Promise<void> {
  const rootDev = (await lstat(root)).dev;
  const walk = async (path: string): Promise<void> => {
    const st = await lstat(path).catch(() => undefined);
    if (!st || st.dev !== rootDev) return;
    if (st.uid !== uid || st.gid !== gid) await lchown(path, uid, gid).catch(() => undefined);
    if (st.isDirectory()) for (const entry of await readdir(path).catch(() => [] as string[])) await walk(join(path, entry));
  };
  await walk(root);
}

interface Lent {
  restore(): Promise<void>;
}

/** Root only: the workspace and the egress socket belong to the agent's uid for the run, and to their owners again afterwards. */
async function lend(prepared: Prepared, workspace: string, socket: string | undefined): Promise<Lent> {
  if ((process.getuid?.() ?? 0) !== 0 || prepared.keepId) return { restore: async () => undefined };
  const owner = await lstat(workspace);
  const socketOwner = socket ? await lstat(socket) : undefined;
  await chownTree(workspace, prepared.uid, prepared.gid);
  if (socket) await lchown(socket, prepared.uid, prepared.gid);
  return {
    restore: async () => {
      await chownTree(workspace, owner.uid, owner.gid);
      if (socket && socketOwner) await lchown(socket, socketOwner.uid, socketOwner.gid).catch(() => undefined);
    },
  };
}

interface Started {
  readonly supervised: Supervised;
  readonly name: string;
}

/** Starts one container, supervised; the container is gone (removed by name) when this returns, on every path. */
async function startContainer(
  prepared: Prepared,
  layout: Omit<ContainerLayout, 'name' | 'engine' | 'image' | 'uid' | 'gid' | 'keepId' | 'memoryBytes' | 'pidsLimit' | 'nofile' | 'nproc' | 'seccompProfile'>,
  launcher: (marker: string) => string[],
  io: Pick<SandboxRunOptions, 'signal' | 'onOutput'>,
): Promise<Started> {
  const { engine } = prepared;
  const name = `airlock-${randomBytes(8).toString('hex')}`;
  const marker = `airlock-container-started-${randomBytes(8).toString('hex')}`;
  const args = [
    ...containerRunArguments({
      ...layout,
      ...prepared.limits,
      name,
      engine: engine.name,
      image: prepared.image.id,
      uid: prepared.uid,
      gid: prepared.gid,
      keepId: prepared.keepId,
      imageEntrypoint: prepared.imageEntrypoint,
      ...(prepared.seccomp ? { seccompProfile: prepared.seccomp } : {}),
      clearedVariables: imageVariableNames(prepared.image.env).filter(isDeniedVariable),
    }),
    ...launcher(marker),
  ];
  const remove = () => engineCommand(engine, removeArguments(engine.name, name), { timeoutMs: 60_000 });
  const removeInBackground = () => {
    spawn(engine.path, removeArguments(engine.name, name), { env: engine.env, stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  };
  const watchdog = startContainerWatchdog(engine, name, prepared.scratch);
  try {
    const supervised = await supervise(
      {
        file: engine.path,
        args,
        env: engine.env,
        start: { marker },
        // The client's process group dies with the abort; the container does not, so it is removed too.
        stop: removeInBackground,
        onSpawn: (pid) => watchdog.client(pid),
      },
      io,
    );
    // The client saw the container exit and `--rm` removed it: the explicit removal is a formality
    // and need not delay the run. Any other way out waits until the container is gone.
    if (supervised.started && supervised.code !== null && !io.signal?.aborted) removeInBackground();
    else await remove();
    return { supervised, name };
  } catch (error) {
    await remove();
    throw error;
  } finally {
    watchdog.disarm();
  }
}

const probes = new Map<string, Promise<ContainerProbeFacts>>();

/** Probes once per process, engine, image and set of options; only a success is remembered. */
function probeOnce(prepared: Prepared, layout: Parameters<typeof startContainer>[1], environ: string): Promise<ContainerProbeFacts> {
  const key = JSON.stringify([prepared.engine.path, prepared.image.id, prepared.uid, prepared.gid, prepared.keepId, prepared.imageEntrypoint, prepared.limits, !!prepared.seccomp, layout.workspace, layout.readOnlyPaths]);
  let p = probes.get(key);
  if (!p) {
    p = (async () => {
      let stdout = '';
      const { supervised } = await startContainer(
        prepared,
        { ...layout, runFiles: [...layout.runFiles, { source: environ, target: ENVIRON_INSIDE }] },
        (marker) => containerLauncherArgv(marker, PROBE_SCRIPT),
        {
          signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
          onOutput: (stream, chunk) => {
            if (stream === 'stdout') stdout += chunk.toString('utf8');
          },
        },
      ).catch((error: unknown) => {
        throw new SandboxError('container-refused', `${prepared.engine.name} could not start the probe container: ${(error as Error).message}. The agent did not run.`);
      });
      if (!supervised.started) throw refusal(prepared, supervised);
      return readProbeReport(stdout, { uid: prepared.uid, gid: prepared.gid });
    })();
    probes.set(key, p);
    p.catch(() => probes.delete(key));
  }
  return p;
}

/** Why a container did not start, from the engine's own words. */
function refusal(prepared: Prepared, r: Supervised): SandboxError {
  const said = r.stderrTail.trim().slice(-500) || 'no output';
  const ref = prepared.image.reference;
  if (/\/bin\/bash/.test(said) && /no such file|not found|executable file/i.test(said))
    return new SandboxError('image-unsuitable', `image ${ref} has no /bin/bash, which runs the agent's command (${said}). The agent did not run.`);
  if (prepared.imageEntrypoint)
    return new SandboxError('container-refused', `the entrypoint of image ${ref} did not start Airlock's launcher (exit ${r.code ?? r.signal}): ${said}. With container-entrypoint: image, the entrypoint must end with exec "$@"; or leave container-entrypoint at airlock. The agent did not run.`);
  return new SandboxError('container-refused', `${prepared.engine.name} ${prepared.engine.version} refused to start the container (exit ${r.code ?? r.signal}): ${said}. The agent did not run.`);
}

export interface ContainerPreflight extends ContainerRunFacts {
  /** Whether the image can relay egress (it has perl or node). */
  readonly relay: boolean;
}

/** Everything the Action checks before it mints a credential: engine, image, options, guarantees. */
export async function preflightContainer(options: ContainerOptions, workspace: string): Promise<ContainerPreflight> {
  const scratch = await mkdtemp(join(tmpdir(), 'airlock-container-'));
  try {
    const ws = await hostPath(workspace, 'workspace');
    const prepared = await prepare(options, scratch);
    const facts = await withLent(prepared, ws, undefined, () => probe(prepared, scratch, ws, [], {}));
    return { ...runFacts(prepared), relay: facts.relay !== undefined };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function runFacts(prepared: Prepared): ContainerRunFacts {
  const { reference, id, repoDigests, pinned } = prepared.image;
  return { engine: { name: prepared.engine.name, version: prepared.engine.version }, image: { reference, id, repoDigests, pinned } };
}

async function withLent<T>(prepared: Prepared, workspace: string, socket: string | undefined, fn: () => Promise<T>): Promise<T> {
  const lent = await lend(prepared, workspace, socket);
  try {
    return await fn();
  } finally {
    await lent.restore();
  }
}

/** Writes the identity files into scratch and returns them as read-only run files. */
async function identity(prepared: Prepared, scratch: string): Promise<{ source: string; target: string }[]> {
  const files = [...identityFiles(prepared.uid, prepared.gid), { name: 'resolv.conf' as const, text: '' }];
  const out: { source: string; target: string }[] = [];
  for (const f of files) {
    const source = join(scratch, f.name);
    await writeFile(source, f.text, { mode: 0o644 });
    out.push({ source, target: `/etc/${f.name}` });
  }
  return out;
}

async function probe(prepared: Prepared, scratch: string, workspace: string, readOnlyPaths: string[], requested: SandboxRunOptions['env']): Promise<ContainerProbeFacts> {
  const environ = join(scratch, 'probe-environ');
  const { env } = containerEnvironment(prepared.image.env, requested, fixedVariables({ trust: false }));
  await writeFile(environ, environFile(env).text, { mode: 0o644 });
  return probeOnce(prepared, { workspace, home: SANDBOX_HOME, tmpfsBytes: DEFAULT_TMPFS_BYTES, runFiles: await identity(prepared, scratch), readOnlyPaths }, environ);
}

/**
 * Runs the agent's command in a container (see the top of this file). Throws SandboxError when the
 * container cannot be built or would not hold the guarantees; the command has not run then.
 */
export async function runContainer(options: SandboxRunOptions, workspace: string): Promise<SandboxRun> {
  if (!options.container) throw new SandboxError('invalid-options', 'sandbox: container needs an image');
  const scratch = await mkdtemp(join(tmpdir(), 'airlock-container-'));
  try {
    const prepared = await prepare(options.container, scratch);
    const readOnlyPaths: string[] = [];
    for (const p of options.readOnlyPaths ?? []) readOnlyPaths.push(await hostPath(p, 'read-only path'));
    const files = await checkedFiles(options.files ?? []);
    return await withLent(prepared, workspace, options.egress?.socketPath, async () => {
      const facts = await probe(prepared, scratch, workspace, readOnlyPaths, {});
      let bridge: string[] | undefined;
      const port = options.egress?.port ?? DEFAULT_PROXY_PORT;
      if (options.egress) {
        if (!facts.relay) throw new SandboxError('image-unsuitable', `image ${prepared.image.reference} has neither /usr/bin/perl nor node on its PATH, one of which relays the agent's traffic to Airlock's egress proxy inside the container; add perl-base or node to the image. The agent did not run.`);
        bridge = bridgeArgv(facts.relay.kind, facts.relay.interpreter, port, EGRESS_SOCKET_INSIDE);
      }
      const { env, dropped } = containerEnvironment(prepared.image.env, options.env, fixedVariables({ ...(bridge ? { proxyPort: port } : {}), trust: !!options.trust }));
      const environ = environFile(env);
      const environPath = join(scratch, 'environ');
      await writeFile(environPath, environ.text, { mode: 0o644 });
      const runFiles = [
        ...(await identity(prepared, scratch)),
        { source: environPath, target: ENVIRON_INSIDE },
        ...files,
        ...(options.trust ? trustFiles(options.trust, facts.bundles) : []),
      ];
      const { supervised } = await startContainer(
        prepared,
        {
          workspace,
          home: SANDBOX_HOME,
          tmpfsBytes: options.tmpfsBytes ?? DEFAULT_TMPFS_BYTES,
          runFiles,
          readOnlyPaths,
          ...(options.egress ? { egressSocket: { host: options.egress.socketPath, inside: EGRESS_SOCKET_INSIDE } } : {}),
        },
        (marker) => containerLauncherArgv(marker, options.command, bridge),
        options,
      );
      if (!supervised.started && !options.signal?.aborted) throw refusal(prepared, supervised);
      return {
        exitCode: supervised.code ?? 128 + 9,
        signal: supervised.signal,
        droppedEnv: [...dropped, ...environ.unexportable].sort(),
        container: runFacts(prepared),
      };
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
