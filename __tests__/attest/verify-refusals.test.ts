import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SerializedBundle } from '@sigstore/bundle';
import { agentRunStatement } from '../../src/attest/agent-run-statement.js';
import { AttestError, type AttestErrorCode } from '../../src/attest/attest-error.js';
import { signKeyless } from '../../src/attest/sign-keyless.js';
import { verifyAgentRun } from '../../src/attest/verify-agent-run.js';
import type { ActionsClaims } from '../../src/world/oidc-issuer.js';
import { samplePredicate, startAttestWorld, widgetsPolicy, worldTrust, type AttestWorld } from './attest-world.js';

let world: AttestWorld;
let other: AttestWorld;
beforeAll(async () => {
  [world, other] = await Promise.all([startAttestWorld(), startAttestWorld()]);
});
afterAll(async () => {
  await Promise.all([world.close(), other.close()]);
});

const digest = 'e'.repeat(64);
const evilRef = 'acme/widgets/.github/workflows/agent.yml@refs/heads/main-evil';

async function sign(options: { claims?: ActionsClaims; predicate?: ReturnType<typeof samplePredicate>; via?: AttestWorld; tsa?: boolean } = {}): Promise<SerializedBundle> {
  const via = options.via ?? world;
  const urls = options.tsa ? { tsaUrl: via.sigstore.url } : { rekorUrl: via.sigstore.url };
  return signKeyless(agentRunStatement(digest, options.predicate ?? samplePredicate()), { fulcioUrl: via.sigstore.url, ...urls, identityToken: via.token(options.claims) });
}

function refusal(run: () => unknown): AttestErrorCode {
  try {
    run();
  } catch (error) {
    if (error instanceof AttestError) return error.code;
    throw error;
  }
  throw new Error('verification passed but should have been refused');
}

// A writable copy: the refusals below break one field at a time.
const clone = (b: SerializedBundle) => JSON.parse(JSON.stringify(b)) as { dsseEnvelope: { payload: string }; verificationMaterial: Record<string, unknown> };

describe('verification refuses', () => {
  it('a tampered payload', async () => {
    const bundle = clone(await sign());
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString());
    statement.predicate.agent.exitCode = 0;
    statement.subject[0].digest.sha256 = 'f'.repeat(64);
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    expect(refusal(() => verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world)))).toBe('UNTRUSTED_SIGNATURE');
  });

  it('another workflow of the same repository', async () => {
    const bundle = await sign({ claims: { job_workflow_ref: 'acme/widgets/.github/workflows/other.yml@refs/heads/main' } });
    expect(refusal(() => verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world)))).toBe('WRONG_IDENTITY');
  });

  it('another repository', async () => {
    const claims = { repository: 'acme/gadgets', repository_id: '4101', job_workflow_ref: 'acme/gadgets/.github/workflows/agent.yml@refs/heads/main', workflow_ref: 'acme/gadgets/.github/workflows/agent.yml@refs/heads/main' };
    const bundle = await sign({ claims, predicate: samplePredicate({ repository: 'acme/gadgets', repositoryId: '4101', workflowRef: claims.workflow_ref }) });
    expect(refusal(() => verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world, { workflows: { anyOnRef: 'refs/heads/main' } })))).toBe('WRONG_IDENTITY');
  });

  it('the unanchored-regex bypass: …@refs/heads/main-evil for an allowed …@refs/heads/main', async () => {
    const bundle = await sign({ claims: { job_workflow_ref: evilRef } });
    expect(refusal(() => verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world)))).toBe('WRONG_IDENTITY');
    expect(refusal(() => verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world, { workflows: { anyOnRef: 'refs/heads/main' } })))).toBe('WRONG_IDENTITY');
  });

  it('regex metacharacters in an allowed workflow are literal', async () => {
    const bundle = await sign({ claims: { job_workflow_ref: 'acme/widgets/.github/workflows/agentXyml@refs/heads/main' } });
    expect(refusal(() => verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world)))).toBe('WRONG_IDENTITY');
  });

  it('a self-hosted runner when only GitHub-hosted ones are allowed', async () => {
    const bundle = await sign({ claims: { runner_environment: 'self-hosted' } });
    expect(refusal(() => verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world)))).toBe('WRONG_IDENTITY');
  });

  it('a repository id that is not the repository’s (a deleted and recreated name)', async () => {
    const bundle = await sign({ claims: { repository_id: '9999' }, predicate: samplePredicate({ repositoryId: '9999' }) });
    expect(refusal(() => verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world)))).toBe('WRONG_IDENTITY');
  });

  it('a trust root from another Sigstore instance', async () => {
    const bundle = await sign({ via: other });
    expect(refusal(() => verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world)))).toBe('UNTRUSTED_SIGNATURE');
  });

  it('a subject digest that is not the pull request’s', async () => {
    const bundle = await sign();
    expect(refusal(() => verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world), { changesetDigest: '0'.repeat(64) }))).toBe('SUBJECT_MISMATCH');
  });

  it('a bundle without its Rekor entry (no timestamp)', async () => {
    const bundle = clone(await sign());
    bundle.verificationMaterial.tlogEntries = [];
    expect(refusal(() => verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world)))).toBe('MISSING_TIMESTAMP');
  });

  it('a bundle without its RFC 3161 timestamp', async () => {
    const bundle = clone(await sign({ tsa: true }));
    bundle.verificationMaterial.timestampVerificationData = { rfc3161Timestamps: [] };
    expect(refusal(() => verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world)))).toBe('MISSING_TIMESTAMP');
  });

  it.each([
    ['not an object', 'bundle'],
    ['an empty object', {}],
    ['an unknown media type', { mediaType: 'application/json', verificationMaterial: {}, dsseEnvelope: {} }],
  ])('a malformed bundle: %s', (_name, json) => {
    expect(refusal(() => verifyAgentRun(json, worldTrust(world), widgetsPolicy(world)))).toBe('MALFORMED_BUNDLE');
  });

  it('a bundle missing its certificate', async () => {
    const bundle = clone(await sign());
    delete bundle.verificationMaterial.certificate;
    expect(refusal(() => verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world)))).toBe('MALFORMED_BUNDLE');
  });

  it('claims the certificate contradicts: another run of the workflow', async () => {
    const bundle = await sign({ predicate: samplePredicate({ runId: '1' }) });
    expect(refusal(() => verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world)))).toBe('CLAIM_MISMATCH');
  });

  it('a statement whose predicate breaks the schema', async () => {
    const predicate = samplePredicate();
    (predicate.agent as Record<string, unknown>).exitCode = 'zero';
    const bundle = await sign({ predicate });
    expect(refusal(() => verifyAgentRun(bundle, worldTrust(world), widgetsPolicy(world)))).toBe('MALFORMED_STATEMENT');
  });
});
