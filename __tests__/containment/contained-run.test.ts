import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { runAction, type ActionRun } from '../../src/world/runner-harness.js';
import { MAIN, POST } from '../support/dist-paths.js';
import { commentOnIssue } from './issue-comment.js';

/*
 * Issue 19's acceptance, end to end: the Action's dist/main.js runs a sandboxed agent against the
 * world and the App, nothing in between. The agent reaches the repository through its placeholder,
 * then tries six hosts nobody allowed: its telemetry reaches POST /airlock/v1/events, the shipped
 * airlock.containment (5 distinct refused hosts in 60 s) revokes the run's token at GitHub while
 * the agent still runs, suspends the identity and opens the incident; the Action stops resolving
 * the placeholder mid-run. The next run's exchange is refused with identity_suspended; a human
 * resumes the identity with a comment; a run works again. Every step is in the audit chain.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ log: pino({ level: 'silent' }) });
}, 120_000);
afterAll(() => stack?.close());

const minted = () => (stack.world.snapshot().tokens as { narrowed_minted: number }).narrowed_minted;
const run = (agent: string, runId: string): Promise<ActionRun> =>
  runAction({ mainPath: MAIN, postPath: POST, inputs: { 'broker-url': stack.app.url, permissions: 'contents: read', attest: 'false', run: agent }, env: stack.jobEnv({ run_id: runId }) });
async function audit(): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  await readAuditLog(stack.app.store.db, (r) => void records.push(r));
  return records;
}

const HOSTS = ['one', 'two', 'three', 'four', 'five', 'six'].map((h) => `${h}.refused.example.test`);
const hostile = `set -u
api="$GITHUB_API_URL/repos/acme/widgets/contents/README.md"
echo "BEFORE=$(curl -sS -o /dev/null -w '%{http_code}' -H "authorization: token $GH_TOKEN" "$api")"
for h in ${HOSTS.join(' ')}; do curl -sS -o /dev/null --max-time 5 "https://$h/" 2>/dev/null || true; done
first=
for i in $(seq 1 240); do
  code=$(curl -sS -o "$HOME/answer" -w '%{http_code}' -H "authorization: token $GH_TOKEN" "$api")
  if [ "$code" != 200 ] && [ -z "$first" ]; then first=$code; echo "FIRST_REFUSAL=$code"; fi
  if [ "$code" = 403 ]; then echo "AFTER=$code $(cat "$HOME/answer")"; break; fi
  sleep 0.25
done
`;

describe('a contained run, through the Action and the App', () => {
  it('refused hosts past the threshold: token revoked mid-run, identity suspended, incident; a human resumes; all audited', async () => {
    const first = await run(hostile, '7400001');
    // Mid-run: the placeholder resolved before, refused after containment answered the batch. The
    // App revokes the token at GitHub before it answers the batch, so a request in between may meet
    // GitHub's 401 first (denied either way); from the answer on, the Action's proxy refuses.
    expect(first.main.log).toContain('BEFORE=200');
    expect(first.main.log).toMatch(/FIRST_REFUSAL=(401|403)\b/);
    expect(first.main.log).toMatch(/AFTER=403 .*revoked-by-containment/);
    await stack.app.queue.idle();

    const records = await audit();
    const minting = records.find((r) => r.kind === 'token_minted' && r.data.run_id === '7400001')!;
    const revoked = records.filter((r) => r.kind === 'token_revoked' && r.data.token_id === minting.data.token_id);
    // Revoked by containment, not by the Action's own revocation at the end of the step.
    expect(revoked.map((r) => String(r.data.reason))).toEqual([expect.stringContaining('containment: ')]);
    const contain = records.find((r) => r.kind === 'containment' && r.data.action === 'contain' && r.data.newly_suspended === true)!;
    expect(contain.data).toMatchObject({ identity: 'agent', run_id: '7400001', actions: ['revoke', 'suspend', 'incident', 'notify'], revoke: { revoked: 1 }, failed_closed: false });
    expect(String((contain.data.reasons as string[])[0])).toMatch(/distinct hosts refused within 60 s \(threshold 5\)/);
    const incident = stack.world.state.issues.find((i) => i.title.startsWith('Airlock containment: identity agent'));
    expect(incident).toBeDefined();
    for (const host of HOSTS.slice(0, 5)) expect(incident!.body).toContain(host);

    // Suspended: the next run's exchange is refused with a code, nothing minted, the agent not run.
    const before = minted();
    const second = await run('touch agent-ran', '7400002');
    expect(second.main.exitCode).not.toBe(0);
    expect(second.main.annotations.find((a) => a.level === 'error')?.message).toContain('identity_suspended');
    expect(second.files['workspace/agent-ran']).toBeUndefined();
    expect(minted()).toBe(before);

    // A human with write access resumes it on the incident issue; the next run works.
    await commentOnIssue(stack, incident!, 'bob', '/airlock resume agent');
    await stack.app.queue.idle();
    const third = await run('echo resumed-run-ok', '7400003');
    expect(third.main.exitCode).toBe(0);
    expect(third.main.log).toContain('resumed-run-ok');

    const after = await audit();
    expect(after.some((r) => r.kind === 'decision' && r.data.code === 'identity_suspended')).toBe(true);
    expect(after.some((r) => r.kind === 'containment' && r.actor === 'github:bob' && r.data.action === 'resume' && r.data.resumed === true)).toBe(true);
    expect(after.some((r) => r.kind === 'run_events' && r.data.run_id === '7400001')).toBe(true);
    expect(verifyAuditChain(after)).toMatchObject({ ok: true, count: after.length });
  }, 300_000);
});
