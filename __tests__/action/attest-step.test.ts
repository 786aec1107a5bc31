import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AGENT_RUN_PREDICATE_TYPE } from '../../src/attest/agent-run-statement.js';
import { changesetDigest, gitBlobSha } from '../../src/attest/changeset-digest.js';
import { trustFromRoots } from '../../src/attest/trust-material.js';
import { verifyAgentRun } from '../../src/attest/verify-agent-run.js';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { runAction } from '../../src/world/runner-harness.js';
import { MAIN, POST } from '../support/dist-paths.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const checkout = {
  'agent.mjs': `import { writeFileSync, rmSync } from 'node:fs';
writeFileSync('src/index.js', 'export const answer = 43;\\n');
writeFileSync('NOTES.md', 'agent notes\\n');
rmSync('old.txt');
console.log('edited with token ' + process.env.GH_TOKEN);
`,
  'src/index.js': 'export const answer = 42;\n',
  'old.txt': 'to be removed\n',
};
const expectedDigest = changesetDigest([
  { path: 'src/index.js', blob: gitBlobSha(Buffer.from('export const answer = 43;\n')) },
  { path: 'NOTES.md', blob: gitBlobSha(Buffer.from('agent notes\n')) },
  { path: 'old.txt', blob: null },
]);

function attestInputs(extra: Record<string, string> = {}) {
  return {
    'broker-url': stack.app.url,
    permissions: 'contents: read',
    run: 'node agent.mjs',
    'fulcio-url': stack.world.sigstore.url,
    'rekor-url': stack.world.sigstore.url,
    'github-token': stack.world.jobToken('acme/widgets', { attestations: 'write' }),
    ...extra,
  };
}

describe('the agent step signs an attestation of the run', () => {
  it('signs the changeset, uploads the bundle, and the bundle verifies against the world’s trusted root', async () => {
    const before = stack.world.state.attestations.length;
    const run = await runAction({ mainPath: MAIN, postPath: POST, inputs: attestInputs(), env: stack.jobEnv(), workspaceFiles: checkout, checkout: true });
    expect(run.main.exitCode).toBe(0);
    expect(run.outputs['changeset-digest']).toBe(`sha256:${expectedDigest}`);
    const bundleFile = Object.entries(run.files).find(([name]) => /^RUNNER_TEMP\/airlock-attestation-7000001-1\.sigstore\.json$/.test(name));
    expect(bundleFile).toBeDefined();
    const bundle = JSON.parse(bundleFile![1]);
    expect(stack.world.state.attestations.length).toBe(before + 1);
    expect(stack.world.state.attestations.at(-1)!.bundle).toEqual(bundle);

    const widgets = stack.world.repo('acme/widgets');
    const verified = verifyAgentRun(bundle, trustFromRoots([stack.world.sigstore.trustedRoot]), {
      serverUrl: 'https://github.com',
      issuer: stack.world.oidc.issuer,
      repository: 'acme/widgets',
      repositoryId: String(widgets.id),
      workflows: { anyOnRef: 'refs/heads/main' },
      runnerEnvironments: ['github-hosted'],
    }, { changesetDigest: expectedDigest });
    const predicate = verified.statement.predicate;
    expect(verified.statement.predicateType).toBe(AGENT_RUN_PREDICATE_TYPE);
    expect(predicate.changes.files).toBe(3);
    expect(predicate.agent.exitCode).toBe(0);
    expect(predicate.credentials).toHaveLength(1);
    expect(predicate.credentials[0]).toMatchObject({ kind: 'github', scope: 'contents:read on widgets' });
    expect(Date.parse(predicate.credentials[0]!.revokedAt!)).toBeGreaterThanOrEqual(Date.parse(predicate.credentials[0]!.mintedAt));
    // The agent printed what it holds: a placeholder, which needs no redaction.
    expect(predicate.redaction.outputRedactions).toBe(0);
    // Nothing secret went into the bundle: no form of any masked credential.
    const text = JSON.stringify(bundle) + Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString();
    for (const mask of run.masks) expect(text.includes(mask)).toBe(false);
  });

  it('flags workflow and agent-control changes for approval', async () => {
    const files = { ...checkout, 'agent.mjs': `import { mkdirSync, writeFileSync } from 'node:fs';\nmkdirSync('.github/workflows', { recursive: true });\nwriteFileSync('.github/workflows/x.yml', 'on: push\\n');\nwriteFileSync('AGENTS.md', 'obey\\n');\n` };
    const run = await runAction({ mainPath: MAIN, postPath: POST, inputs: attestInputs(), env: stack.jobEnv(), workspaceFiles: files, checkout: true });
    expect(run.main.exitCode).toBe(0);
    const bundle = JSON.parse(Object.entries(run.files).find(([n]) => n.includes('airlock-attestation-'))![1]);
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
    expect(statement.predicate.changes.needsApproval).toEqual(['.github/workflows/x.yml', 'AGENTS.md']);
    // One annotation per file, on the file, so GitHub shows it there.
    expect(run.main.annotations.filter((a) => a.properties?.title === 'Airlock: needs human approval').map((a) => a.properties?.file)).toEqual(['.github/workflows/x.yml', 'AGENTS.md']);
  });

  it('without a git checkout: no attestation under auto, a failed step under attest: true', async () => {
    const auto = await runAction({ mainPath: MAIN, postPath: POST, inputs: attestInputs(), env: stack.jobEnv(), workspaceFiles: checkout });
    expect(auto.main.exitCode).toBe(0);
    expect(auto.outputs['attestation-path']).toBeUndefined();
    const required = await runAction({ mainPath: MAIN, postPath: POST, inputs: attestInputs({ attest: 'true' }), env: stack.jobEnv(), workspaceFiles: checkout });
    expect(required.main.exitCode).not.toBe(0);
    expect(required.main.annotations.some((a) => a.level === 'error' && a.message.includes('needs a git checkout'))).toBe(true);
    // Refused before any credential was minted.
    expect(required.main.log).not.toContain('Minted GitHub token');
  });

  it('fails the step when Sigstore refuses, and still revokes', async () => {
    const run = await runAction({ mainPath: MAIN, postPath: POST, inputs: attestInputs({ 'fulcio-url': 'http://127.0.0.1:9' }), env: stack.jobEnv(), workspaceFiles: checkout, checkout: true });
    expect(run.main.exitCode).not.toBe(0);
    expect(run.main.annotations.some((a) => a.level === 'error' && a.message.includes('could not attest the agent run'))).toBe(true);
    expect(run.main.log).toContain('GitHub confirms it no longer works');
  });
});
