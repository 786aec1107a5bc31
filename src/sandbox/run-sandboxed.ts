import { spawn } from 'node:child_process';
import { access, constants, mkdtemp, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { Readable } from 'node:stream';
import { bwrapArguments, probeArguments, type SandboxLayout } from './bwrap-arguments.js';
import { bridgeArgv, type BridgeKind } from './egress-bridge.js';
import { startHostBridge } from './host-bridge.js';
import { readEtcPaths, readRootEntries } from './host-layout.js';
import { findBwrap, probeSandbox } from './probe-sandbox.js';
import { SandboxError } from './sandbox-error.js';
import { sandboxEnvironment } from './sandbox-environment.js';
import { agentArgv, launcherArgv, STARTED_FD } from './sandbox-launcher.js';
import { seccompArch, seccompProgram } from './seccomp-filter.js';

export type SandboxBackend = 'bwrap' | 'none';

export interface SandboxRunOptions {
  /** Run with `bash --noprofile --norc -eo pipefail -c`. */
  readonly command: string;
  /** The (redacted) workspace: the only writable host path, and the working directory. */
  readonly workspace: string;
  /** Requested environment; runner variables are dropped regardless (see sandbox-environment.ts). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The host egress proxy's unix socket; the agent reaches it as HTTP(S)_PROXY=http://127.0.0.1:port. */
  readonly egress?: { readonly socketPath: string; readonly port?: number };
  /**
   * The run's CA, for TLS the egress proxy terminates toward hosts a credential is bound to:
   * `caFile` holds its certificate, `bundleFile` the system roots plus it. Both become every trust
   * store the agent's tools read (see TRUST_VARIABLES), and the bundle replaces the system one.
   */
  readonly trust?: { readonly caFile: string; readonly bundleFile: string };
  /**
   * Files shown read-only at `target` (the task, an agent's pinned settings): under /run/airlock,
   * the agent's HOME or /etc/<tool>/, never over a system file.
   */
  readonly files?: readonly { readonly source: string; readonly target: string }[];
  /** Aborting kills the whole sandbox (its PID namespace dies with bubblewrap). */
  readonly signal?: AbortSignal;
  readonly onOutput: (stream: 'stdout' | 'stderr', chunk: Buffer) => void;
  /** `none` only when the workflow says `sandbox: none`; nothing falls back to it. */
  readonly backend: SandboxBackend;
  /** bwrap binary: absolute path, or a name looked up on PATH. Default `bwrap`. */
  readonly bwrapPath?: string;
  /** Toolchains outside /usr the agent needs, bound read-only. */
  readonly readOnlyPaths?: readonly string[];
  /** Default true. */
  readonly seccomp?: boolean;
  /** Which program relays egress inside the sandbox; default perl when /usr/bin/perl exists, else node. */
  readonly bridge?: BridgeKind;
  /** Node binary for the node bridge; default the current one. */
  readonly nodePath?: string;
  /** Size limit of each writable tmpfs (/tmp, /var/tmp, $HOME); default 2 GiB. */
  readonly tmpfsBytes?: number;
}

export interface SandboxRun {
  readonly exitCode: number;
  readonly signal: NodeJS.Signals | null;
  /** Names of requested variables that were not passed in. */
  readonly droppedEnv: readonly string[];
}

/** The agent's identity inside the user namespace: never root, whoever runs the Action. */
const AGENT_UID = 1000;
const AGENT_GID = 1000;
/** The agent's HOME inside the sandbox (a tmpfs). */
export const SANDBOX_HOME = '/home/agent';
const HOME = SANDBOX_HOME;
const EGRESS_SOCKET_INSIDE = '/run/airlock/egress.sock';
const DEFAULT_PROXY_PORT = 3128;
/** Under /usr, so the sandbox sees the same binary. */
const PERL = '/usr/bin/perl';
const SECCOMP_FD = 3;
const OUTPUT_GRACE_MS = 2000;
const DEFAULT_TMPFS_BYTES = 2 * 1024 * 1024 * 1024;

const TRUST_DIR = '/run/airlock';
const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * Where each toolchain looks for trust roots: OpenSSL-based tools and Go (`SSL_CERT_FILE`), curl
 * and git (`CURL_CA_BUNDLE`, `GIT_SSL_CAINFO`), Python requests (`REQUESTS_CA_BUNDLE`), Node
 * (`NODE_EXTRA_CA_CERTS`, added to its bundled roots).
 */
const trustVariables = (): Record<string, string> => ({
  SSL_CERT_FILE: `${TRUST_DIR}/ca-bundle.pem`,
  CURL_CA_BUNDLE: `${TRUST_DIR}/ca-bundle.pem`,
  GIT_SSL_CAINFO: `${TRUST_DIR}/ca-bundle.pem`,
  REQUESTS_CA_BUNDLE: `${TRUST_DIR}/ca-bundle.pem`,
  NODE_EXTRA_CA_CERTS: `${TRUST_DIR}/ca.pem`,
});

/**
 * The proxy for every client that reads the conventional variables. NODE_USE_ENV_PROXY makes
 * Node's own `fetch` (and, in later releases, `http`/`https`) honour them too; a Node that predates
 * it ignores it: https://nodejs.org/api/cli.html#node_use_env_proxy1 (nodejs/node#57165, #59151)
 */
const proxyVariables = (port: number): Record<string, string> => {
  const url = `http://127.0.0.1:${port}`;
  return { HTTP_PROXY: url, HTTPS_PROXY: url, http_proxy: url, https_proxy: url, NODE_USE_ENV_PROXY: '1' };
};

const probed = new Map<string, Promise<void>>();

/** Probes once per process and argument set; only a success is remembered. */
function probeOnce(input: Parameters<typeof probeSandbox>[0]): Promise<void> {
  const key = JSON.stringify([
    input.bwrapPath,
    probeArguments({ uid: input.uid, gid: input.gid, rootEntries: input.rootEntries }),
    input.seccomp?.toString('hex'),
  ]);
  let p = probed.get(key);
  if (!p) {
    p = probeSandbox(input);
    probed.set(key, p);
    p.catch(() => probed.delete(key));
  }
  return p;
}

/**
 * Never bound, however the caller asks: the host root, any top-level directory as a whole, and
 * anything in the kernel's, the runtime's or the system configuration's trees. Subdirectories of
 * /home, /var, /root or /opt stay possible (self-hosted runners keep workspaces there).
 */
const SYSTEM_TREES = ['proc', 'sys', 'dev', 'run', 'boot', 'etc'];

async function hostPath(path: string, what: string): Promise<string> {
  if (!isAbsolute(path))
    throw new SandboxError('invalid-options', `${what} must be an absolute path: ${path}`);
  // Resolved first, so a symlink cannot smuggle a system tree in under another name.
  const real = await realpath(path).catch(() => undefined);
  if (!real) throw new SandboxError('invalid-options', `${what} does not exist: ${path}`);
  const parts = real.split('/').filter(Boolean);
  if (parts.length < 2 || SYSTEM_TREES.includes(parts[0]!)) {
    throw new SandboxError(
      'invalid-options',
      `${what} may not be ${real}: it would expose the host's system files`,
    );
  }
  return real;
}

/** Where `files` may appear: never over the host's own files, never outside these trees. */
const FILE_TARGETS = [`${TRUST_DIR}/`, `${SANDBOX_HOME}/`, '/etc/claude-code/'];

async function checkedFiles(files: readonly { readonly source: string; readonly target: string }[]): Promise<{ source: string; target: string }[]> {
  for (const f of files) {
    if (!FILE_TARGETS.some((t) => f.target.startsWith(t)) || f.target.includes('/../') || !(await isFile(f.source)))
      throw new SandboxError('invalid-options', `file ${f.target} may not be placed in the sandbox (allowed under ${FILE_TARGETS.join(', ')}, from an existing file)`);
  }
  return files.map((f) => ({ source: f.source, target: f.target }));
}

const isFile = (path: string) =>
  stat(path).then(
    (st) => st.isFile(),
    () => false,
  );

const executable = (path: string) =>
  access(path, constants.X_OK).then(
    () => true,
    () => false,
  );

interface Spawned {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env: Record<string, string>;
  readonly seccomp?: Buffer;
  /** Whether the launcher reports its start on STARTED_FD (the bubblewrap path). */
  readonly reportsStart: boolean;
}

/** Spawns in a new process group, streams output, kills the group on abort and at the end. */
async function supervise(
  s: Spawned,
  options: SandboxRunOptions,
): Promise<{
  code: number | null;
  signal: NodeJS.Signals | null;
  started: boolean;
  stderrTail: string;
}> {
  const stdio: ('ignore' | 'pipe')[] = [
    'ignore',
    'pipe',
    'pipe',
    ...(s.reportsStart ? ([s.seccomp ? 'pipe' : 'ignore', 'pipe'] as const) : []),
  ];
  const child = spawn(s.file, s.args, {
    ...(s.cwd ? { cwd: s.cwd } : {}),
    env: s.env,
    stdio,
    detached: true,
  });
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
  };
  options.signal?.addEventListener('abort', killGroup, { once: true });
  if (options.signal?.aborted) killGroup();
  let stderrTail = '';
  let started = false;
  child.stdout?.on('data', (c: Buffer) => options.onOutput('stdout', c));
  child.stderr?.on('data', (c: Buffer) => {
    stderrTail = (stderrTail + c.toString('utf8')).slice(-2048);
    options.onOutput('stderr', c);
  });
  (child.stdio[STARTED_FD] as Readable | null)
    ?.on('data', () => (started = true))
    .on('error', () => undefined);
  if (s.seccomp) {
    const fd = child.stdio[SECCOMP_FD] as NodeJS.WritableStream | null;
    fd?.on('error', () => undefined);
    fd?.end(s.seccomp);
  }
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
      (resolve, reject) => {
        child.once('error', (e) => {
          for (const stream of child.stdio) stream?.destroy();
          reject(e);
        });
        // Background processes the agent left behind do not outlive the step; with bubblewrap the
        // PID namespace dies with its init, with `none` the process group is killed. A process
        // that left the group (setsid, only possible with `none`) may still hold the output
        // pipes: stop reading them after a grace period rather than wait for it.
        let grace: NodeJS.Timeout | undefined;
        child.once('exit', () => {
          killGroup();
          grace = setTimeout(() => {
            for (const stream of child.stdio) stream?.destroy();
          }, OUTPUT_GRACE_MS);
        });
        child.once('close', (c, sig) => {
          clearTimeout(grace);
          resolve([c, sig]);
        });
      },
    );
    return { code, signal, started, stderrTail };
  } finally {
    killGroup();
    options.signal?.removeEventListener('abort', killGroup);
  }
}

function result(
  r: { code: number | null; signal: NodeJS.Signals | null },
  droppedEnv: readonly string[],
): SandboxRun {
  return { exitCode: r.code ?? 128 + 9, signal: r.signal, droppedEnv };
}

async function runUnsandboxed(options: SandboxRunOptions, workspace: string): Promise<SandboxRun> {
  const bridge = options.egress ? await startHostBridge(options.egress.socketPath) : undefined;
  try {
    const { env, dropped } = sandboxEnvironment(
      options.env,
      bridge ? proxyVariables(bridge.port) : {},
    );
    const [file, ...args] = agentArgv(options.command);
    const r = await supervise(
      { file: file!, args, cwd: workspace, env, reportsStart: false },
      options,
    );
    return result(r, dropped);
  } finally {
    await bridge?.close();
  }
}

/**
 * Runs the agent's command in a bubblewrap sandbox (or, only when asked for explicitly, without
 * one). Throws SandboxError when the sandbox cannot be built; the command has not run then.
 */
export async function runSandboxed(options: SandboxRunOptions): Promise<SandboxRun> {
  const workspace = await hostPath(options.workspace, 'workspace');
  if (!(await stat(workspace)).isDirectory())
    throw new SandboxError('invalid-options', `workspace is not a directory: ${workspace}`);
  if (options.backend === 'none') return runUnsandboxed(options, workspace);
  if (options.backend !== 'bwrap')
    throw new SandboxError(
      'invalid-options',
      `unknown sandbox backend "${String(options.backend)}"`,
    );
  if (process.platform !== 'linux')
    throw new SandboxError(
      'unsupported-platform',
      `the bubblewrap sandbox needs Linux, not ${process.platform}`,
    );

  const bwrapPath = await findBwrap(options.bwrapPath ?? 'bwrap', process.env.PATH);
  const seccomp = options.seccomp === false ? undefined : seccompProgram(seccompArch(process.arch));
  const rootEntries = await readRootEntries();
  await probeOnce({
    bwrapPath,
    rootEntries,
    uid: AGENT_UID,
    gid: AGENT_GID,
    ...(seccomp ? { seccomp } : {}),
  });

  const readOnlyPaths: string[] = [];
  for (const p of options.readOnlyPaths ?? [])
    readOnlyPaths.push(await hostPath(p, 'read-only path'));
  let bridge: { port: number; argv: string[] } | undefined;
  if (options.egress) {
    const port = options.egress.port ?? DEFAULT_PROXY_PORT;
    const kind = options.bridge ?? ((await executable(PERL)) ? 'perl' : 'node');
    let interpreter = PERL;
    if (kind === 'node') {
      interpreter = await realpath(options.nodePath ?? process.execPath);
      if (!interpreter.startsWith('/usr/')) readOnlyPaths.push(interpreter);
    }
    bridge = { port, argv: bridgeArgv(kind, interpreter, port, EGRESS_SOCKET_INSIDE) };
  }

  const scratch = await mkdtemp(join(tmpdir(), 'airlock-sandbox-'));
  try {
    // Synthetic identity files: the host's user list and host names stay outside.
    const generated = [
      {
        name: 'passwd',
        text: `root:x:0:0:root:/root:/usr/sbin/nologin\nagent:x:${AGENT_UID}:${AGENT_GID}:airlock agent:${HOME}:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n`,
      },
      { name: 'group', text: `root:x:0:\nagent:x:${AGENT_GID}:\nnogroup:x:65534:\n` },
      { name: 'hosts', text: '127.0.0.1 localhost airlock\n::1 localhost\n' },
    ];
    for (const g of generated) await writeFile(join(scratch, g.name), g.text, { mode: 0o644 });
    const layout: SandboxLayout = {
      workspace,
      rootEntries,
      etcPaths: await readEtcPaths(),
      generatedFiles: generated.map((g) => ({
        source: join(scratch, g.name),
        target: `/etc/${g.name}`,
      })),
      readOnlyPaths,
      home: HOME,
      tmpfsBytes: options.tmpfsBytes ?? DEFAULT_TMPFS_BYTES,
      uid: AGENT_UID,
      gid: AGENT_GID,
      ...(options.egress
        ? { egressSocket: { host: options.egress.socketPath, inside: EGRESS_SOCKET_INSIDE } }
        : {}),
      ...(options.trust || options.files
        ? {
            runFiles: [
              ...(await checkedFiles(options.files ?? [])),
              ...(options.trust
                ? [
                    { source: options.trust.caFile, target: `${TRUST_DIR}/ca.pem` },
                    { source: options.trust.bundleFile, target: `${TRUST_DIR}/ca-bundle.pem` },
                    // Tools that ignore the variables read the system bundle: it becomes the same bundle.
                    ...((await isFile(SYSTEM_BUNDLE)) ? [{ source: options.trust.bundleFile, target: SYSTEM_BUNDLE }] : []),
                  ]
                : []),
            ],
          }
        : {}),
      ...(seccomp ? { seccompFd: SECCOMP_FD } : {}),
    };
    const fixed: Record<string, string> = {
      HOME,
      TMPDIR: '/tmp',
      USER: 'agent',
      LOGNAME: 'agent',
      ...(bridge ? proxyVariables(bridge.port) : {}),
      ...(options.trust ? trustVariables() : {}),
    };
    const { env, dropped } = sandboxEnvironment(options.env, fixed);
    if (env.PATH === undefined) env.PATH = '/usr/local/bin:/usr/bin:/bin';
    // The environment reaches the sandbox as bubblewrap's own environment, not as --setenv
    // arguments: argv is world-readable in the host's /proc, environ is not.
    const r = await supervise(
      {
        file: bwrapPath,
        args: [...bwrapArguments(layout), ...launcherArgv(options.command, bridge?.argv)],
        env,
        reportsStart: true,
        ...(seccomp ? { seccomp } : {}),
      },
      options,
    );
    if (!r.started && !options.signal?.aborted) {
      throw new SandboxError(
        'setup-failed',
        `bubblewrap failed before starting the agent (exit ${r.code ?? r.signal}): ${r.stderrTail.trim().slice(-500) || 'no output'}. The agent did not run.`,
      );
    }
    return result(r, dropped);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
