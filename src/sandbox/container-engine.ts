import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import type { ContainerEngineChoice } from './container-options.js';
import { SandboxError } from './sandbox-error.js';

export type ContainerEngineName = 'docker' | 'podman';

export interface ContainerEngine {
  readonly name: ContainerEngineName;
  /** Absolute path of the engine's command-line client. */
  readonly path: string;
  /** The engine's version (Docker: the daemon's). */
  readonly version: string;
  /**
   * The client's own environment: only what it needs from the runner's to find its daemon,
   * storage and configuration. The agent's variables never pass through it (they reach the
   * container in a file, see run-container.ts), so none of them can steer the engine.
   */
  readonly env: Record<string, string>;
  /** Podman started by a user other than root runs rootless: the agent's uid is mapped to that user. */
  readonly rootless: boolean;
}

/** Variables the clients read to find their daemon, storage and configuration. */
const ENGINE_VARIABLES = [
  'PATH',
  'HOME',
  'LANG',
  'TMPDIR',
  'XDG_RUNTIME_DIR',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'DOCKER_HOST',
  'DOCKER_CONTEXT',
  'DOCKER_CONFIG',
  'DOCKER_CERT_PATH',
  'DOCKER_TLS_VERIFY',
  'CONTAINER_HOST',
  'CONTAINER_CONNECTION',
  'CONTAINERS_CONF',
  'CONTAINERS_STORAGE_CONF',
  'CONTAINERS_REGISTRIES_CONF',
];

export function engineEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ENGINE_VARIABLES) if (env[name] !== undefined) out[name] = env[name]!;
  out.PATH ??= '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  return out;
}

export interface EngineCommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the client could not be started at all (ENOENT, EACCES). */
  readonly spawnError?: string;
}

/** Runs the engine's client once and collects its output; never throws. */
export function engineCommand(
  engine: Pick<ContainerEngine, 'path' | 'env'>,
  args: readonly string[],
  options: { readonly timeoutMs?: number } = {},
): Promise<EngineCommandResult> {
  return new Promise((resolve) => {
    execFile(
      engine.path,
      args,
      { env: engine.env, timeout: options.timeoutMs ?? 60_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const e = error as (NodeJS.ErrnoException & { code?: number | string }) | null;
        if (e && typeof e.code === 'string') resolve({ code: null, stdout, stderr, spawnError: e.code });
        else resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, stdout, stderr });
      },
    );
  });
}

async function onPath(name: string, pathEnv: string | undefined): Promise<string | undefined> {
  const dirs = (pathEnv ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter).filter((d) => isAbsolute(d));
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return undefined;
}

const firstLine = (text: string) => text.trim().split('\n').at(-1)?.slice(0, 300) || 'no output';

/**
 * What a client on PATH turns out to be (podman-docker installs a `docker` that is Podman), and
 * whether it can run containers now: Docker needs its daemon to answer.
 */
async function identify(path: string, env: Record<string, string>, uid: number): Promise<ContainerEngine | { readonly problem: string }> {
  const engine = { path, env };
  const banner = await engineCommand(engine, ['--version'], { timeoutMs: 15_000 });
  if (banner.code !== 0) return { problem: `${path} --version failed: ${banner.spawnError ?? firstLine(banner.stderr)}` };
  const podman = /^podman version (\S+)/im.exec(banner.stdout);
  if (podman) return { name: 'podman', path, version: podman[1]!, env, rootless: uid !== 0 && env.CONTAINER_HOST === undefined };
  if (!/^Docker version /im.test(banner.stdout)) return { problem: `${path} is neither Docker nor Podman (it says ${JSON.stringify(firstLine(banner.stdout))})` };
  const server = await engineCommand(engine, ['version', '--format', '{{.Server.Version}}'], { timeoutMs: 15_000 });
  if (server.code !== 0 || !server.stdout.trim()) return { problem: `the Docker daemon does not answer ${path}: ${firstLine(server.stderr)}` };
  return { name: 'docker', path, version: server.stdout.trim(), env, rootless: false };
}

export interface FindEngineInput {
  readonly choice: ContainerEngineChoice;
  /** The runner's environment: PATH and the engines' own variables are read from it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The Action's uid (Podman run by anyone but root is rootless). */
  readonly uid: number;
}

/**
 * The engine that runs the agent's container: the one named, or with `auto` Docker when its daemon
 * answers (GitHub's hosted Ubuntu runners ship it, and images built there with `docker build` live
 * in its store), otherwise Podman. Throws `engine-missing` when no client is on PATH and
 * `engine-unavailable` when none can run containers; nothing falls back to another sandbox.
 * https://github.com/actions/runner-images/blob/main/images/ubuntu/Ubuntu2404-Readme.md
 */
export async function findContainerEngine(input: FindEngineInput): Promise<ContainerEngine> {
  const env = engineEnvironment(input.env);
  const names: ContainerEngineName[] = input.choice === 'auto' ? ['docker', 'podman'] : [input.choice];
  const problems: string[] = [];
  let found = 0;
  for (const name of names) {
    const path = await onPath(name, input.env.PATH);
    if (!path) continue;
    found++;
    const engine = await identify(path, env, input.uid);
    if ('problem' in engine) problems.push(engine.problem);
    else return engine;
  }
  const wanted = input.choice === 'auto' ? 'docker or podman' : input.choice;
  if (found === 0)
    throw new SandboxError('engine-missing', `sandbox: container needs a container engine, and ${wanted} is not on PATH; install one (Debian/Ubuntu: apt-get install podman runc) or use sandbox: bwrap`);
  throw new SandboxError('engine-unavailable', `sandbox: container needs a container engine that can run containers, and ${wanted} cannot: ${problems.join('; ')}`);
}
