import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliCommand, CliIo } from '../cli/cli-io.js';
import { numberOption, runCommand } from '../cli/parse-command-args.js';
import { startStack } from '../demo/start-stack.js';
import { summarize } from './bench-stats.js';

/** Milliseconds from spawning `node dist/main.js` to the agent command starting with its token. */
async function timeToCredentials(mainPath: string, env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  const child = spawn(process.execPath, [mainPath], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('CREDENTIALS_READY')) {
        const elapsed = performance.now() - start;
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        child.on('close', () => resolve(elapsed));
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (!seen.includes('CREDENTIALS_READY')) reject(new Error(`main exited ${code} before the agent started`));
    });
  });
}

const ACTION_START = {
  name: 'bench action-start',
  help: {
    usage: ['airlock bench action-start [--runs N]'],
    about: 'Times the Action\'s main step (dist/main.js, beside the CLI) from start to the agent, against the local world; target <= 300 ms. One JSON document on stdout.',
    options: [['--runs N', 'measured runs (default 20, after 2 warm-up runs)']],
    exit: { 0: 'measured', 2: 'usage error' },
  },
  options: { runs: { type: 'string' } },
} as const;

/** `npm run bench -- action-start [--runs N]`: target <= 300 ms against the local world. */
export const actionStartBench: CliCommand = (argv, io) =>
  runCommand(ACTION_START, argv, io, ({ values }) => actionStart(numberOption('--runs', values.runs, 20, { integer: true, min: 1 }), io));

async function actionStart(runs: number, io: CliIo): Promise<number> {
  const mainPath = join(dirname(fileURLToPath(import.meta.url)), 'main.js');
  const stack = await startStack();
  const dir = await mkdtemp(join(tmpdir(), 'airlock-bench-'));
  try {
    const samples: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const files = Object.fromEntries(['output', 'state', 'env', 'summary'].map((f) => [f, join(dir, `${f}-${i}`)]));
      for (const f of Object.values(files)) await writeFile(f, '');
      const env = {
        PATH: process.env.PATH,
        ...stack.jobEnv({ run_id: String(8_000_000 + i) }),
        GITHUB_OUTPUT: files.output,
        GITHUB_STATE: files.state,
        GITHUB_ENV: files.env,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_WORKSPACE: dir,
        'INPUT_BROKER-URL': stack.app.url,
        INPUT_PERMISSIONS: 'contents: read',
        INPUT_RUN: 'echo CREDENTIALS_READY',
      };
      const ms = await timeToCredentials(mainPath, env);
      if (i >= 2) samples.push(ms); // two warm-up runs: first JWKS fetch and Probot token cache
    }
    const stats = summarize(samples);
    io.stdout(JSON.stringify({ bench: 'action-start', unit: 'ms', ...stats, target_ms: 300, meets_target: stats.p50 <= 300 }) + '\n');
    return 0;
  } finally {
    await stack.close();
  }
}
