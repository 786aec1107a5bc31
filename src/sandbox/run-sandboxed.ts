import { access, constants, mkdtemp, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bwrapArguments, type SandboxLayout } from './bwrap-arguments.js';
import type { ContainerOptions, ContainerRunFacts } from './container-options.js';
import { bridgeArgv, type BridgeKind } from './egress-bridge.js';
import { startHostBridge } from './host-bridge.js';
import { readEtcPaths, readRootEntries } from './host-layout.js';
import { findBwrap, probeSandbox } from './probe-sandbox.js';
import { runContainer } from './run-container.js';
import { AGENT_GID, AGENT_UID, DEFAULT_PATH, DEFAULT_PROXY_PORT, DEFAULT_TMPFS_BYTES, EGRESS_SOCKET_INSIDE, fixedVariables, identityFiles, proxyVariables, SANDBOX_HOME, SYSTEM_BUNDLE, trustFiles } from './sandbox-facts.js';
import { checkedFiles, hostPath, isFile } from './sandbox-paths.js';
import { SandboxError } from './sandbox-error.js';
import { sandboxEnvironment } from './sandbox-environment.js';
import { agentArgv, launcherArgv } from './sandbox-launcher.js';
import { seccompArch, seccompProgram } from './seccomp-filter.js';
import { SECCOMP_FD, supervise, type Supervised } from './supervise-sandbox.js';

export { SANDBOX_HOME } from './sandbox-facts.js';

export type SandboxBackend = 'bwrap' | 'container' | 'none';

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
  /** With backend `container`: the image and the engine that runs it (run-container.ts). */
  readonly container?: ContainerOptions;
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
  /** With backend `container`: the engine and the image that ran, by digest. */
  readonly container?: ContainerRunFacts;
}

/** Under /usr, so the sandbox sees the same binary. */
const PERL = '/usr/bin/perl';

const executable = (path: string) =>
  access(path, constants.X_OK).then(
    () => true,
    () => false,
  );

function result(r: Pick<Supervised, 'code' | 'signal'>, droppedEnv: readonly string[]): SandboxRun {
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
      { file: file!, args, cwd: workspace, env, start: 'none' },
      options,
    );
    return result(r, dropped);
  } finally {
    await bridge?.close();
  }
}

/**
 * Runs the agent's command in a bubblewrap sandbox, in a container of the team's image
 * (run-container.ts), or, only when asked for explicitly, without one. Throws SandboxError when
 * the sandbox cannot be built; the command has not run then.
 */
export async function runSandboxed(options: SandboxRunOptions): Promise<SandboxRun> {
  const workspace = await hostPath(options.workspace, 'workspace');
  if (!(await stat(workspace)).isDirectory())
    throw new SandboxError('invalid-options', `workspace is not a directory: ${workspace}`);
  if (options.backend === 'none') return runUnsandboxed(options, workspace);
  if (options.backend === 'container') return runContainer(options, workspace);
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
  // The namespace probe (probe-sandbox.ts) runs only when the run itself did not start: a working
  // sandbox costs one bubblewrap launch, a broken one is diagnosed as precisely as before (issue 16).
  const diagnose = () => probeSandbox({ bwrapPath, rootEntries, uid: AGENT_UID, gid: AGENT_GID, ...(seccomp ? { seccomp } : {}) });

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
    const generated = identityFiles(AGENT_UID, AGENT_GID);
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
      home: SANDBOX_HOME,
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
                ? // Tools that ignore the variables read the system bundle: it becomes the same bundle.
                  trustFiles(options.trust, (await isFile(SYSTEM_BUNDLE)) ? [SYSTEM_BUNDLE] : [])
                : []),
            ],
          }
        : {}),
      ...(seccomp ? { seccompFd: SECCOMP_FD } : {}),
    };
    const fixed = fixedVariables({ ...(bridge ? { proxyPort: bridge.port } : {}), trust: !!options.trust });
    const { env, dropped } = sandboxEnvironment(options.env, fixed);
    if (env.PATH === undefined) env.PATH = DEFAULT_PATH;
    // The environment reaches the sandbox as bubblewrap's own environment, not as --setenv
    // arguments: argv is world-readable in the host's /proc, environ is not.
    const r = await supervise(
      {
        file: bwrapPath,
        args: [...bwrapArguments(layout), ...launcherArgv(options.command, bridge?.argv)],
        env,
        start: 'fd',
        ...(seccomp ? { seccomp } : {}),
      },
      options,
    ).catch(async (error: unknown) => {
      // bubblewrap could not be started at all: the probe names why (bwrap-missing and its errno).
      await diagnose();
      throw error;
    });
    if (!r.started && !options.signal?.aborted) {
      // Namespaces, the filter, an old bubblewrap: the probe's typed error names the cause and the fix.
      await diagnose();
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
