import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { changesetDigest, gitBlobSha } from '../../src/attest/changeset-digest.js';
import { verifyKeySigned } from '../../src/attest/key-signing.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { parseVerdictStatement } from '../../src/attest/verdict-statement.js';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { openPull, submitReview } from '../../src/world/pull-requests.js';
import { runAction } from '../../src/world/runner-harness.js';
import { MAIN, POST } from '../support/dist-paths.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

// The agent edits the checkout of main; the same change is then pushed as a pull request.
const change = { 'src/index.js': 'export const answer = 43;\n', 'NOTES.md': 'why 43\n' };
const agentScript = `import { writeFileSync } from 'node:fs';\nfor (const [path, content] of Object.entries(${JSON.stringify(change)})) writeFileSync(path, content);\n`;

async function agentRun(): Promise<{ bundle: Record<string, unknown>; payloadDigest: string }> {
  const main = stack.world.repo('acme/widgets').commits.get(stack.world.repo('acme/widgets').refs.get('heads/main')!)!;
  const checkout = { ...Object.fromEntries(main.files), 'agent.mjs': agentScript };
  const run = await runAction({
    mainPath: MAIN,
    postPath: POST,
    inputs: { 'broker-url': stack.app.url, permissions: 'contents: read', run: 'node agent.mjs', 'fulcio-url': stack.world.sigstore.url, 'rekor-url': stack.world.sigstore.url, 'github-token': stack.world.jobToken('acme/widgets', { attestations: 'write' }) },
    env: stack.jobEnv(),
    workspaceFiles: checkout,
    checkout: true,
  });
  expect(run.main.exitCode).toBe(0);
  const bundle = JSON.parse(Object.entries(run.files).find(([n]) => n.includes('airlock-attestation-'))![1]);
  return { bundle, payloadDigest: createHash('sha256').update(Buffer.from(bundle.dsseEnvelope.payload, 'base64')).digest('hex') };
}

const gateRun = (sha: string) => stack.world.state.checkRuns.filter((r) => r.headSha === sha && r.name === 'Airlock').at(-1)!;

async function appKey(): Promise<string> {
  const keys = (await (await fetch(`${stack.app.url}/airlock/v1/keys`)).json()) as { keys: { public_key_pem: string }[] };
  return keys.keys[0]!.public_key_pem;
}

function verdictOf(sha: string, key: string) {
  const text = gateRun(sha).output?.text ?? '';
  const bundle = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(text)![1]!);
  return parseVerdictStatement(verifyKeySigned(bundle, key));
}

describe('the PR gate verifies the agent-run attestation and signs its verdict', () => {
  let agent: Awaited<ReturnType<typeof agentRun>>;
  beforeAll(async () => {
    agent = await agentRun();
  });

  it('fails until a valid human approval, then passes; each verdict is signed and names the attestation', async () => {
    const { pull, sha } = await openPull(stack.world, { repo: 'acme/widgets', head: 'agent/answer', author: 'agent-smith[bot]', files: change });
    const key = await appKey();
    expect(gateRun(sha).conclusion).toBe('failure');
    expect(gateRun(sha).output?.summary).toContain('✅ **Verified**: signed by `https://github.com/acme/widgets/.github/workflows/agent.yml@refs/heads/main`');
    const blocked = verdictOf(sha, key);
    expect(blocked.predicate.verificationResult).toBe('FAILED');
    expect(blocked.subject[0]).toEqual({ name: 'git+commit', digest: { gitCommit: sha } });
    expect(blocked.predicate.inputAttestations).toEqual([{ uri: 'airlock:agent-run', digest: { sha256: agent.payloadDigest } }]);

    await submitReview(stack.world, pull, { user: 'bob' });
    expect(gateRun(sha).conclusion).toBe('success');
    const passed = verdictOf(sha, key);
    expect(passed.predicate.verificationResult).toBe('PASSED');
    expect(passed.predicate.airlock.approvals).toEqual([{ login: 'bob', via: 'review' }]);
    // The verdict is in the audit log too.
    const records: AuditRecord[] = [];
    await readAuditLog(stack.app.store.db, (r) => {
      records.push(r);
    });
    const decisions = records.filter((r) => r.kind === 'decision' && (r.data as { sha?: string }).sha === sha);
    expect((decisions.at(-1)!.data as { verdict: unknown }).verdict).toEqual(JSON.parse(/```json\n([\s\S]*?)\n```/.exec(gateRun(sha).output!.text!)![1]!));
  });

  it('reports a pull request whose changes differ from the attested ones as missing, approved or not', async () => {
    const { pull, sha } = await openPull(stack.world, { repo: 'acme/widgets', head: 'agent/extra', author: 'agent-smith[bot]', files: { ...change, 'src/extra.js': 'smuggled\n' } });
    await submitReview(stack.world, pull, { user: 'bob' });
    expect(gateRun(sha).conclusion).toBe('failure');
    expect(gateRun(sha).output?.summary).toContain('**Missing**: no attestation has subject sha256:');
  });

  it('reports a forged attestation for the same changeset as invalid', async () => {
    // A real bundle of the agent's run, its statement re-pointed at a change the agent never made.
    const otherChange = { 'src/index.js': 'export const answer = 44;\n' };
    const forged = structuredClone(agent.bundle) as { dsseEnvelope: { payload: string } };
    const statement = JSON.parse(Buffer.from(forged.dsseEnvelope.payload, 'base64').toString());
    statement.subject[0].digest.sha256 = changesetDigest([{ path: 'src/index.js', blob: gitBlobSha(Buffer.from(otherChange['src/index.js'])) }]);
    forged.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    const token = stack.world.jobToken('acme/widgets', { attestations: 'write' });
    const upload = await fetch(`${stack.world.githubApiUrl}/repos/acme/widgets/attestations`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ bundle: forged }) });
    expect(upload.status).toBe(201);
    const { pull, sha } = await openPull(stack.world, { repo: 'acme/widgets', head: 'agent/forged', author: 'agent-smith[bot]', files: otherChange });
    await submitReview(stack.world, pull, { user: 'bob' });
    expect(gateRun(sha).conclusion).toBe('failure');
    expect(gateRun(sha).output?.summary).toContain('**Does not verify**: UNTRUSTED\\_SIGNATURE');
  });
});
