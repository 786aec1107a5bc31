import { runDemo } from '../demo/run-demo.js';
import type { CliCommand } from './cli-io.js';
import { distDir } from './dist-dir.js';
import { runCommand } from './parse-command-args.js';

const DEMO = {
  name: 'demo',
  help: {
    usage: ['airlock demo'],
    about: `Runs the whole flow on this machine against the local world (the App, the Action through the
runner harness, the gate, the verified chain): progress on stderr, one JSON summary line on stdout.
Needs the bundled Action beside it (npm run build).`,
    exit: { 0: 'every check of the summary held', 1: 'a check of the summary failed (the JSON says which)', 2: 'usage error' },
  },
  options: {},
} as const;

/** `airlock demo` (`npm run demo`): progress on stderr, one JSON summary line on stdout. */
export const demoCommand: CliCommand = (argv, io) =>
  runCommand(DEMO, argv, io, async () => {
    const summary = await runDemo(distDir(), (line) => io.stderr(`${line}\n`));
    io.stdout(JSON.stringify(summary) + '\n');
    const ok = summary.tokens_live_after === 0 && summary.agent_write_denied && summary.chain_verified && summary.agent_push_answered && summary.openapi_violations === 0;
    return ok ? 0 : 1;
  });
