import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDemo } from '../demo/run-demo.js';
import type { CliCommand } from './cli-io.js';

/** `airlock demo` (`npm run demo`): progress on stderr, one JSON summary line on stdout. */
export const demoCommand: CliCommand = async (_argv, io) => {
  // Bundled as dist/cli.js, beside the Action's dist/main.js and dist/post.js.
  const summary = await runDemo(dirname(fileURLToPath(import.meta.url)), (line) => io.stderr(`${line}\n`));
  io.stdout(JSON.stringify(summary) + '\n');
  const ok = summary.tokens_live_after === 0 && summary.agent_write_denied && summary.chain_verified && summary.agent_push_answered && summary.openapi_violations === 0;
  return ok ? 0 : 1;
};
