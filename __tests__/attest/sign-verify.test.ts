import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { agentRunStatement } from '../../src/attest/agent-run-statement.js';
import { signKeyless } from '../../src/attest/sign-keyless.js';
import { verifyAgentRun } from '../../src/attest/verify-agent-run.js';
import { samplePredicate, startAttestWorld, widgetsPolicy, worldTrust, type AttestWorld } from './attest-world.js';

let world: AttestWorld;
beforeAll(async () => {
  world = await startAttestWorld();
});
afterAll(async () => {
  await world.close();
});

const digest = 'e'.repeat(64);

describe('keyless sign, then verify, through the world Sigstore', () => {
  it('verifies a Rekor-witnessed bundle and reports what the certificate proves', async () => {
    const bundle = await signKeyless(agentRunStatement(digest, samplePredicate()), { fulcioUrl: world.sigstore.url, rekorUrl: world.sigstore.url, identityToken: world.token() });
    const verified = verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world), { changesetDigest: digest });
    expect(verified.changesetDigest).toBe(digest);
    expect(verified.signer.subject).toBe('https://github.com/acme/widgets/.github/workflows/agent.yml@refs/heads/main');
    expect(verified.signer.runnerEnvironment).toBe('github-hosted');
    expect(world.sigstore.entries.length).toBeGreaterThan(0);
  });

  it('verifies a TSA-timestamped bundle (private repositories)', async () => {
    const before = world.sigstore.entries.length;
    const bundle = await signKeyless(agentRunStatement(digest, samplePredicate()), { fulcioUrl: world.sigstore.url, tsaUrl: world.sigstore.url, identityToken: world.token() });
    expect(verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world)).changesetDigest).toBe(digest);
    expect(world.sigstore.entries.length).toBe(before);
  });
});
