import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseFileCommand } from './file-commands.js';

export interface StepRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The log as the runner shows it: commands consumed, masks applied. */
  log: string;
  /** `properties`: the annotation's file, line, title… when the command gave any. */
  annotations: { level: string; message: string; properties?: Record<string, string> }[];
}

export interface ActionRun {
  main: StepRun;
  post: StepRun;
  outputs: Record<string, string>;
  env: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  /** Everything the step processes wrote, unmasked; for leak tests that must not rely on masking. */
  rawOutput: string;
  masks: string[];
  /** Every file the steps left in RUNNER_TEMP and the workspace, with its content. */
  files: Record<string, string>;
}

export interface RunActionOptions {
  mainPath: string;
  postPath: string;
  inputs: Record<string, string>;
  /** GITHUB_*, ACTIONS_ID_TOKEN_REQUEST_* and anything else the job has. */
  env: Record<string, string>;
  /** Cancel the job when main's output matches this (the runner sends SIGINT, then kills). */
  cancelWhen?: RegExp;
  cancelGraceMs?: number;
  workspaceFiles?: Record<string, string>;
  /** Commit `workspaceFiles` into a git repository first, as actions/checkout leaves the workspace. */
  checkout?: boolean;
  /**
   * Clone this repository into the workspace first, as actions/checkout does (then `workspaceFiles`
   * are written over it, uncommitted): `token` authenticates as an extra header and is not kept in
   * `.git/config` (persist-credentials: false); `caFile` is trusted for HTTPS.
   */
  clone?: { url: string; token: string; caFile?: string };
}

/** `file=a.ts,line=3,title=x`, values escaped as the runner escapes properties (%2C, %3A, %0A, %25). */
function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) out[pair.slice(0, at)] = pair.slice(at + 1).replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  }
  return out;
}

/** Workflow commands on stdout: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands */
class CommandProcessor {
  readonly masks = new Set<string>();
  readonly annotations: StepRun['annotations'] = [];
  private stopToken: string | undefined;
  private lines: string[] = [];

  constructor(masks: Iterable<string>) {
    for (const m of masks) this.masks.add(m);
  }

  line(raw: string): void {
    if (this.stopToken !== undefined) {
      if (raw === `::${this.stopToken}::`) this.stopToken = undefined;
      else this.lines.push(raw);
      return;
    }
    const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(raw);
    if (!command) {
      this.lines.push(raw);
      return;
    }
    const [, name, rawProperties, value = ''] = command;
    const unescaped = value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
    switch (name) {
      case 'add-mask':
        if (unescaped) this.masks.add(unescaped);
        return;
      case 'stop-commands':
        this.stopToken = unescaped;
        return;
      case 'error':
      case 'warning':
      case 'notice':
        this.annotations.push({ level: name, message: unescaped, ...(rawProperties ? { properties: parseProperties(rawProperties) } : {}) });
        this.lines.push(`${name.toUpperCase()}: ${unescaped}`);
        return;
      case 'group':
        this.lines.push(`▸ ${unescaped}`);
        return;
      case 'endgroup':
      case 'debug':
        return;
      default:
        this.lines.push(raw);
    }
  }

  /** Applies every mask, longest first, as the runner does before showing or storing a log line. */
  maskedLog(): string {
    const masks = [...this.masks].filter((m) => m.length > 0).sort((a, b) => b.length - a.length);
    return this.lines.map((l) => masks.reduce((acc, m) => acc.split(m).join('***'), l)).join('\n');
  }
}

async function runStep(
  script: string,
  env: NodeJS.ProcessEnv,
  processor: CommandProcessor,
  raw: string[],
  cancel?: { when: RegExp; graceMs: number },
): Promise<Omit<StepRun, 'log' | 'annotations'>> {
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let cancelled = false;
  let pending = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    raw.push(text);
    pending += text;
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const line of parts) {
      processor.line(line);
      if (cancel && !cancelled && cancel.when.test(line)) {
        cancelled = true;
        // As the runner cancels a step: SIGINT, a grace period, then the whole process tree dies.
        child.kill('SIGINT');
        setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // already gone
          }
        }, cancel.graceMs).unref();
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (code, sig) => resolve([code, sig])));
  if (pending) processor.line(pending);
  return { exitCode: cancelled && exitCode === 0 ? 1 : exitCode, signal };
}

async function listFiles(dir: string, prefix: string, out: Record<string, string>): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await listFiles(path, `${prefix}${entry.name}/`, out);
    else if (entry.isFile()) out[`${prefix}${entry.name}`] = await readFile(path, 'utf8');
  }
}

async function commitWorkspace(workspace: string): Promise<void> {
  const git = (...args: string[]) =>
    promisify(execFile)('git', ['-c', 'user.name=runner', '-c', 'user.email=runner@example.test', '-c', 'init.defaultBranch=main', ...args], {
      cwd: workspace,
      env: { PATH: process.env.PATH, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    });
  await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-q', '--allow-empty', '-m', 'checkout');
}

async function cloneWorkspace(workspace: string, clone: NonNullable<RunActionOptions['clone']>): Promise<void> {
  const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${clone.token}`).toString('base64')}`;
  await promisify(execFile)('git', ['-c', `http.extraHeader=${header}`, 'clone', '-q', clone.url, '.'], {
    cwd: workspace,
    env: { PATH: process.env.PATH, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...(clone.caFile ? { GIT_SSL_CAINFO: clone.caFile } : {}) },
  });
}

/**
 * Runs an Action's `main` then its `post` step (`post-if: always()`), as the GitHub Actions
 * runner does: INPUT_* variables, file commands, STATE_* into post, workflow commands and masking.
 */
export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const root = await mkdtemp(join(tmpdir(), 'airlock-runner-'));
  const runnerTemp = join(root, 'temp');
  const workspace = join(root, 'workspace');
  await mkdir(runnerTemp);
  await mkdir(workspace);
  if (options.clone) await cloneWorkspace(workspace, options.clone);
  for (const [path, content] of Object.entries(options.workspaceFiles ?? {})) {
    await mkdir(join(workspace, path, '..'), { recursive: true });
    await writeFile(join(workspace, path), content);
  }
  if (options.checkout) await commitWorkspace(workspace);
  const files = { output: join(root, 'output'), env: join(root, 'env'), state: join(root, 'state'), summary: join(root, 'summary'), path: join(root, 'path') };
  for (const f of Object.values(files)) await writeFile(f, '');
  const inputs = Object.fromEntries(Object.entries(options.inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v]));
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_PATH: files.path,
    ...options.env,
    ...inputs,
  };
  const raw: string[] = [];
  const mainProcessor = new CommandProcessor([]);
  const main = await runStep(options.mainPath, base, mainProcessor, raw, options.cancelWhen ? { when: options.cancelWhen, graceMs: options.cancelGraceMs ?? 7500 } : undefined);
  const state = parseFileCommand(await readFile(files.state, 'utf8'));
  const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
  const postProcessor = new CommandProcessor(mainProcessor.masks);
  const post = await runStep(options.postPath, { ...base, ...stateEnv }, postProcessor, raw);
  const result: ActionRun = {
    main: { ...main, log: mainProcessor.maskedLog(), annotations: mainProcessor.annotations },
    post: { ...post, log: postProcessor.maskedLog(), annotations: postProcessor.annotations },
    outputs: parseFileCommand(await readFile(files.output, 'utf8')),
    env: parseFileCommand(await readFile(files.env, 'utf8')),
    state,
    summary: await readFile(files.summary, 'utf8'),
    rawOutput: raw.join(''),
    masks: [...postProcessor.masks],
    files: {},
  };
  await listFiles(runnerTemp, 'RUNNER_TEMP/', result.files);
  await listFiles(workspace, 'workspace/', result.files);
  await rm(root, { recursive: true, force: true });
  return result;
}
