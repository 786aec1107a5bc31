import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import type { WorldCheckRun } from '../../src/world/github/world-state.js';
import { requestAction } from '../../src/world/pull-requests.js';
import { runAction, type ActionRun } from '../../src/world/runner-harness.js';
import { MAIN, POST } from '../support/dist-paths.js';

/*
 * Issue 12 item 6 through the Action: a Vault secret marked "approval" is resolved only after a
 * human approves it through the App. The agent's request waits in the egress proxy while the App
 * asks on a check run; an approval lets it through (the bound host, an echo, gets the real value,
 * and the agent sees it scrubbed); a refusal or a timeout denies; the run's own actor cannot approve.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const mainSha = () => stack.world.repo('acme/widgets').refs.get('heads/main')!;
const echoes = () => stack.world.state.requests.filter((r) => r.path === '/_world/echo').length;

function start(extra: Record<string, string> = {}): Promise<ActionRun> {
  const host = new URL(stack.world.https.serverUrl).host;
  return runAction({
    mainPath: MAIN,
    postPath: POST,
    inputs: {
      'broker-url': stack.app.url,
      permissions: 'contents: read',
      'vault-url': stack.world.vault.url,
      'vault-role': stack.world.vaultSeed.role,
      secrets: `secret/data/ci/npm token | NPM_TOKEN | ${host} header=x-npm-token approval`,
      run: `curl -sS --max-time 120 -w '\\nSTATUS=%{http_code}\\n' -H "x-npm-token: $NPM_TOKEN" "$GITHUB_SERVER_URL/_world/echo"`,
      ...extra,
    },
    env: stack.jobEnv({ sha: mainSha() }),
  });
}

/** The check run the App opened for the run's request, once it exists. */
async function approvalCheck(seen: number): Promise<WorldCheckRun> {
  for (let i = 0; i < 300; i++) {
    const runs = stack.world.state.checkRuns.filter((r) => r.name === 'Airlock secret approval');
    if (runs.length > seen) return runs.at(-1)!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the App never asked for an approval');
}

const checksSoFar = () => stack.world.state.checkRuns.filter((r) => r.name === 'Airlock secret approval').length;

async function auditOf(id: string): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  await readAuditLog(stack.app.store.db, (r) => {
    if (r.data.approval_id === id) records.push(r);
  });
  return records;
}

describe('a secret that needs approval', () => {
  it('waits in the proxy until a human approves through the App, then goes through; the run actor could not approve', async () => {
    const seen = checksSoFar();
    const echoed = echoes();
    const running = start();
    const check = await approvalCheck(seen);
    expect(check.headSha).toBe(mainSha());
    expect(check.output?.summary).toContain('NPM\\_TOKEN');
    // The request is held: nothing reached the bound host yet.
    expect(echoes()).toBe(echoed);
    // The run's actor (alice) approving her own run does not count.
    await requestAction(stack.world, check, { user: 'alice', identifier: 'approve-secret' });
    expect(stack.world.state.checkRuns.find((r) => r.id === check.id)).toMatchObject({ status: 'in_progress' });
    expect(echoes()).toBe(echoed);
    await requestAction(stack.world, check, { user: 'bob', identifier: 'approve-secret' });
    const result = await running;
    expect(result.main.exitCode).toBe(0);
    expect(result.main.log).toContain('STATUS=200');
    expect(result.main.log).toMatch(/NPM_TOKEN approved by bob/);
    // The echo reflected the real value; the agent got it scrubbed.
    expect(result.main.log).toContain('"x-npm-token":"[airlock:scrubbed]"');
    expect(echoes()).toBe(echoed + 1);
    const [npm] = stack.world.vaultSeed.kvValues;
    expect(result.rawOutput.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n')).not.toContain(npm);
    const records = await auditOf(check.externalId!);
    expect(records.map((r) => [r.kind, r.actor])).toEqual(expect.arrayContaining([['approval', 'github:bob']]));
    expect(records.some((r) => r.actor === 'github:alice')).toBe(true);
  });

  it('a refusal denies: the request is refused and nothing reaches the host', async () => {
    const seen = checksSoFar();
    const echoed = echoes();
    const running = start();
    const check = await approvalCheck(seen);
    await requestAction(stack.world, check, { user: 'bob', identifier: 'deny-secret' });
    const result = await running;
    expect(result.main.log).toContain('STATUS=403');
    expect(result.main.log).toMatch(/airlock egress: approval-refused: denied/);
    expect(echoes()).toBe(echoed);
    expect(stack.world.state.checkRuns.find((r) => r.id === check.id)).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  it('no answer within approval-timeout-minutes denies, and the App is told to stop asking', async () => {
    const seen = checksSoFar();
    const echoed = echoes();
    const result = await start({ 'approval-timeout-minutes': '1' });
    expect(result.main.log).toContain('STATUS=403');
    expect(result.main.log).toMatch(/approval-refused: expired/);
    expect(echoes()).toBe(echoed);
    const check = stack.world.state.checkRuns.filter((r) => r.name === 'Airlock secret approval')[seen]!;
    expect(check).toMatchObject({ status: 'completed' });
    expect(['cancelled', 'timed_out']).toContain(check.conclusion);
  }, 150_000);
});
