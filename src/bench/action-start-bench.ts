import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliCommand, CliIo } from '../cli/cli-io.js';
import { numberOption, runCommand } from '../cli/parse-command-args.js';
import { startStack } from '../demo/start-stack.js';
import { distDir } from '../cli/dist-dir.js';
import { summarize } from './bench-stats.js';

/**
 * CPU time (user + system) a live process has used so far, from /proc/<pid>/stat (utime and stime,
 * fields 14 and 15, in clock ticks of 1/100 s: https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html).
 * On a loaded machine it moves far less than wall time does. Undefined where there is no /proc.
 */
async function cpuMsOf(pid: number | undefined): Promise<number | undefined> {
  const stat = pid === undefined ? undefined : await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields ? (Number(fields[11]) + Number(fields[12])) * 10 : undefined;
}

/**
 * From spawning `node dist/main.js` to the agent command starting with its token: milliseconds,
 * and the CPU milliseconds main itself had used by then (its child processes not counted).
 */
async function timeToCredentials(mainPath: string, env: NodeJS.ProcessEnv, profileDir?: string): Promise<{ ms: number; cpuMs?: number }> {
  const start = performance.now();
  const args = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir, mainPath] : [mainPath];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('CREDENTIALS_READY')) {
        const elapsed = performance.now() - start;
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        // Read while main still waits for the agent's end, before it hands back and revokes.
        const cpu = cpuMsOf(child.pid);
        child.on('close', () => void cpu.then((cpuMs) => resolve({ ms: elapsed, ...(cpuMs === undefined ? {} : { cpuMs }) })));
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      // The step's last lines (its ::error:: command) say why.
      if (!seen.includes('CREDENTIALS_READY')) reject(new Error(`main exited ${code} before the agent started: ${seen.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

const ACTION_START = {
  name: 'bench action-start',
  help: {
    usage: ['airlock bench action-start [--runs N] [--cpu-prof DIR] [--versus MAIN_JS]'],
    about: 'Times the Action\'s main step (dist/main.js, beside the CLI) from start to the agent, against the local world, with the CPU time main used to get there; target <= 300 ms. One JSON document on stdout.',
    options: [
      ['--runs N', 'measured runs (default 20, after 2 warm-up runs)'],
      ['--cpu-prof DIR', 'also write a V8 CPU profile of each measured main step (attest: false) into DIR, to see where its start goes'],
      ['--versus MAIN_JS', "also time another build's main.js (a snapshot of the base commit, say), interleaved with this one's so load on the machine hits both alike; reported under `versus`"],
    ],
    exit: { 0: 'measured', 2: 'usage error' },
  },
  options: { runs: { type: 'string' }, 'cpu-prof': { type: 'string' }, versus: { type: 'string' } },
} as const;

/** `npm run bench -- action-start [--runs N]`: target <= 300 ms against the local world. */
export const actionStartBench: CliCommand = (argv, io) =>
  runCommand(ACTION_START, argv, io, ({ values }) => actionStart(numberOption('--runs', values.runs, 20, { integer: true, min: 1 }), io, values['cpu-prof'], values.versus));

/** Milliseconds from spawning `node` with `args` to its exit: the baselines beside the Action's start. */
async function timeToExit(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve(performance.now() - start));
  });
}

/** One build's samples: its main.js loaded alone, and start to credentials ready without and with attestation. */
interface BuildSamples {
  load: number[];
  noAttest: number[];
  attest: number[];
  noAttestCpu: number[];
  attestCpu: number[];
}

const noSamples = (): BuildSamples => ({ load: [], noAttest: [], attest: [], noAttestCpu: [], attestCpu: [] });

/** Main's own CPU to credentials ready (10 ms resolution): steadier than wall time under load. */
const cpuStats = (s: BuildSamples) => (s.noAttestCpu.length ? { cpu_ms: summarize(s.noAttestCpu), with_attestation_cpu_ms: summarize(s.attestCpu) } : {});

/**
 * Side by side, interleaved so load on the machine hits each alike: bare `node` (the floor),
 * loading `dist/main.js` alone (it exits at once without inputs), and start to credentials ready
 * with `attest: false` and with `attest: true` (signing is loaded only after the agent, so the two
 * should match); with `versus`, the same for another build's main.js in each round.
 */
async function actionStart(runs: number, io: CliIo, profileDir?: string, versusPath?: string): Promise<number> {
  const mainPath = join(distDir(), 'main.js');
  const stack = await startStack();
  const dir = await mkdtemp(join(tmpdir(), 'airlock-bench-'));
  try {
    // A git checkout, as `attest: true` needs (the agent then works on a redacted copy in both variants).
    for (const args of [['init', '-q'], ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '--allow-empty', '-m', 'base']]) execFileSync('git', args, { cwd: dir });
    const bare: number[] = [];
    const builds = [{ main: mainPath, samples: noSamples() }, ...(versusPath ? [{ main: versusPath, samples: noSamples() }] : [])];
    let n = 0;
    const credentials = async (main: string, attest: 'true' | 'false', profile?: string) => {
      n++;
      const files = Object.fromEntries(['output', 'state', 'env', 'summary'].map((f) => [f, join(dir, '.git', `${f}-${n}`)]));
      for (const f of Object.values(files)) await writeFile(f, '');
      const env = {
        PATH: process.env.PATH,
        ...stack.jobEnv({ run_id: String(8_000_000 + n) }),
        GITHUB_OUTPUT: files.output,
        GITHUB_STATE: files.state,
        GITHUB_ENV: files.env,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_WORKSPACE: dir,
        'INPUT_BROKER-URL': stack.app.url,
        INPUT_PERMISSIONS: 'contents: read',
        INPUT_ATTEST: attest,
        INPUT_RUN: 'echo CREDENTIALS_READY',
      };
      return timeToCredentials(main, env, profile);
    };
    for (let i = 0; i < runs + 2; i++) {
      // two warm-up rounds: the first JWKS fetch and Probot's token cache
      const measured = i >= 2;
      const floor = await timeToExit(['-e', '0'], { PATH: process.env.PATH });
      if (measured) bare.push(floor);
      for (const { main, samples } of builds) {
        const load = await timeToExit([main], { PATH: process.env.PATH });
        const noAttest = await credentials(main, 'false', measured && main === mainPath ? profileDir : undefined);
        const attest = await credentials(main, 'true');
        if (!measured) continue;
        samples.load.push(load);
        samples.noAttest.push(noAttest.ms);
        samples.attest.push(attest.ms);
        if (noAttest.cpuMs !== undefined) samples.noAttestCpu.push(noAttest.cpuMs);
        if (attest.cpuMs !== undefined) samples.attestCpu.push(attest.cpuMs);
      }
    }
    const samples = builds[0]!.samples;
    const versus = builds[1];
    const stats = summarize(samples.noAttest);
    io.stdout(
      JSON.stringify({
        bench: 'action-start',
        unit: 'ms',
        ...stats,
        with_attestation: summarize(samples.attest),
        ...cpuStats(samples),
        baseline: { bare_node: summarize(bare), load_main_only: summarize(samples.load) },
        ...(versus ? { versus: { main: versus.main, ...summarize(versus.samples.noAttest), with_attestation: summarize(versus.samples.attest), ...cpuStats(versus.samples), load_main_only: summarize(versus.samples.load) } } : {}),
        target_ms: 300,
        meets_target: stats.p50 <= 300,
      }) + '\n',
    );
    return 0;
  } finally {
    await stack.close();
  }
}
