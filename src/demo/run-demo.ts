import { join } from 'node:path';
import { pino } from 'pino';
import { runAction } from '../world/runner-harness.js';
import { demoAgentScript } from './demo-agent.js';
import { startStack } from './start-stack.js';

export interface DemoSummary {
  tokens_minted: number;
  tokens_live_after: number;
  agent_read_allowed: boolean;
  agent_write_denied: boolean;
  agent_push_answered: boolean;
  check_runs: { name: string; conclusion: string | null }[];
  incidents: number;
  openapi_violations: number;
}

/**
 * The whole flow on one machine: the local world, the App, and the Action run as the runner runs
 * it. `distDir` holds the bundled Action (dist/main.js, dist/post.js).
 */
export async function runDemo(distDir: string, log: (line: string) => void): Promise<DemoSummary> {
  const { world, app, jobEnv, close } = await startStack({ log: pino({ level: 'warn' }, pino.destination(2)) });
  try {
    log('world and App started; running the agent step through the runner harness');
    const run = await runAction({
      mainPath: join(distDir, 'main.js'),
      postPath: join(distDir, 'post.js'),
      inputs: { 'broker-url': app.url, identity: 'agent', permissions: 'contents: read', run: 'node agent.mjs' },
      env: jobEnv(),
      workspaceFiles: { 'agent.mjs': demoAgentScript },
    });
    for (const line of run.main.log.split('\n')) log(`  main | ${line}`);
    for (const line of run.post.log.split('\n')) log(`  post | ${line}`);
    const afterAction = world.snapshot();

    log('an agent pushes straight to main; the App answers');
    const push = await world.push({ repo: 'acme/widgets', branch: 'main', files: { 'src/index.js': 'export const answer = 43;\n' }, pusher: 'agent-smith[bot]', message: 'agent: tweak answer' });
    const final = world.snapshot();
    for (const v of final.violations as { method: string; path: string; where: string; message: string }[]) log(`OpenAPI violation: ${v.method} ${v.path} ${v.where}: ${v.message}`);
    const checkRuns = (final.check_runs as { name: string; conclusion: string | null; head_sha: string }[]).filter((r) => r.head_sha === push.sha);
    const tokens = afterAction.tokens as { narrowed_minted: number; narrowed_live: number };
    return {
      tokens_minted: tokens.narrowed_minted,
      tokens_live_after: tokens.narrowed_live,
      agent_read_allowed: run.main.log.includes('AGENT_READ_STATUS=200'),
      agent_write_denied: run.main.log.includes('AGENT_WRITE_STATUS=403'),
      agent_push_answered: push.delivery.status === 200 && checkRuns.length > 0,
      check_runs: checkRuns.map((r) => ({ name: r.name, conclusion: r.conclusion })),
      incidents: (final.issues as unknown[]).length,
      openapi_violations: (final.violations as unknown[]).length,
    };
  } finally {
    await close();
  }
}
