import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { X509Certificate } from '@sigstore/core';
import { AttestError, type AttestErrorCode } from '../../src/attest/attest-error.js';
import type { AgentIdentityPolicy } from '../../src/attest/identity-policy.js';
import { trustFromRoots } from '../../src/attest/trust-material.js';
import { parseTrustedRoots, publicGoodRoot } from '../../src/attest/trusted-roots.js';
import { verifyAttestation } from '../../src/attest/verify-bundle.js';

// Real production material; where each file comes from: fixtures/README.md.
const FIXTURES = resolve('__tests__/attest/fixtures');
const text = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
type BundleJson = { verificationMaterial: Record<string, unknown> & { certificate: { rawBytes: string } }; dsseEnvelope: { payload: string; signatures: { sig: string }[] } };
const bundle = (name: string) => JSON.parse(text(name)) as BundleJson;

const GITHUB_INSTANCE = 'actions-attest-build-provenance-attestation-13531551.sigstore.json';
const GITHUB_INSTANCE_NEXT_DAY = 'actions-attest-build-provenance-attestation-13581567.sigstore.json';
const PUBLIC_GOOD = 'actions-attest-build-provenance-attestation-13532655.sigstore.json';
const NPM_PROVENANCE = 'sigstore-js-2.1.0-bundle.json';
const GH_DOWNLOAD_JSONL = 'github_provenance_demo-0.0.12-py3-none-any-bundle.jsonl';

/** `gh attestation trusted-root` output: public-good, then GitHub's instance. */
const rootsJsonl = parseTrustedRoots(text('trusted_root.jsonl'), 'trusted_root.jsonl') as Record<string, unknown>[];
const trust = trustFromRoots(rootsJsonl);

const prober = (overrides: Partial<AgentIdentityPolicy> = {}): AgentIdentityPolicy => ({
  serverUrl: 'https://github.com',
  issuer: 'https://token.actions.githubusercontent.com',
  repository: 'actions/attest-build-provenance',
  workflows: { refs: ['actions/attest-build-provenance/.github/workflows/prober.yml@refs/heads/main'] },
  ...overrides,
});

function refusal(run: () => unknown): { code: AttestErrorCode; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof AttestError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('verification passed but should have been refused');
}

const leaf = (b: BundleJson) => X509Certificate.parse(Buffer.from(b.verificationMaterial.certificate.rawBytes, 'base64'));

describe('one root set (public-good and GitHub, as gh attestation trusted-root prints it)', () => {
  it('keeps each root with its own thresholds: public-good needs an SCT, GitHub an RFC 3161 timestamp', () => {
    expect(trust.authorities.map((a) => ({ name: a.name, thresholds: a.thresholds, witnesses: a.witnesses }))).toEqual([
      { name: 'trusted root #1 (https://fulcio.sigstore.dev)', thresholds: { ctlogThreshold: 1, tlogThreshold: 0, timestampThreshold: 1 }, witnesses: { transparencyLog: true, timestampAuthority: true } },
      { name: 'trusted root #2 (fulcio.githubapp.com)', thresholds: { ctlogThreshold: 0, tlogThreshold: 0, timestampThreshold: 1 }, witnesses: { transparencyLog: false, timestampAuthority: true } },
    ]);
  });

  it('verifies a real GitHub-instance bundle: no SCT, an RFC 3161 timestamp from GitHub’s TSA, under GitHub’s root', () => {
    const b = bundle(GITHUB_INSTANCE);
    expect(leaf(b).extSCT).toBeUndefined();
    const verified = verifyAttestation(b, trust, prober());
    expect(verified.authority).toBe('trusted root #2 (fulcio.githubapp.com)');
    expect(verified.timestamps).toEqual([{ kind: 'timestamp-authority', time: expect.stringMatching(/^2025-11-18T07:5/) }]);
    expect(verified.statement.predicateType).toBe('https://slsa.dev/provenance/v1');
    expect(verified.statement.subject).toEqual([{ name: 'artifact', digest: { sha256: 'b03d18ed0a16864ef2d2e559c660159a2170b9d086a1f42f570b1679326b90e6' } }]);
    expect(verified.signer).toMatchObject({
      subject: 'https://github.com/actions/attest-build-provenance/.github/workflows/prober.yml@refs/heads/main',
      issuer: 'https://token.actions.githubusercontent.com',
      sourceRepositoryUri: 'https://github.com/actions/attest-build-provenance',
      sourceRepositoryRef: 'refs/heads/main',
      runnerEnvironment: 'github-hosted',
    });
  });

  it('verifies a real public-good bundle of the same workflow: SCT and Rekor entry, under public-good’s root', () => {
    const b = bundle(PUBLIC_GOOD);
    expect(leaf(b).extSCT).toBeDefined();
    const verified = verifyAttestation(b, trust, prober());
    expect(verified.authority).toBe('trusted root #1 (https://fulcio.sigstore.dev)');
    expect(verified.timestamps).toEqual([{ kind: 'transparency-log', time: '2025-11-18T08:31:39.000Z' }]);
  });

  it('verifies npm provenance of sigstore@2.1.0 at its signed time, long after the certificate expired', () => {
    const b = bundle(NPM_PROVENANCE);
    expect(leaf(b).notAfter.getTime()).toBeLessThan(Date.now());
    const verified = verifyAttestation(b, trust, prober({ repository: 'sigstore/sigstore-js', workflows: { refs: ['sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main'] } }));
    expect(verified.statement.subject[0]?.name).toBe('pkg:npm/sigstore@2.1.0');
    expect(verified.timestamps).toEqual([{ kind: 'transparency-log', time: '2023-08-29T15:40:23.000Z' }]);
    // The public-good root Airlock ships verifies it too.
    expect(verifyAttestation(b, trustFromRoots([publicGoodRoot()]), prober({ repository: 'sigstore/sigstore-js', workflows: { anyRefOf: 'sigstore/sigstore-js/.github/workflows/release.yml' } })).authority).toBe('trusted root #1 (https://fulcio.sigstore.dev)');
  });

  it('verifies the JSON Lines gh attestation download wrote (a GitHub-instance bundle of 2024)', () => {
    const [line] = text(GH_DOWNLOAD_JSONL).split('\n').filter(Boolean);
    const verified = verifyAttestation(JSON.parse(line!), trust, prober({ repository: 'actions/attest-demo', workflows: { anyRefOf: 'actions/attest-demo/.github/workflows/build-python.yml' } }));
    expect(verified.authority).toBe('trusted root #2 (fulcio.githubapp.com)');
    expect(verified.signer.subject).toBe('https://github.com/actions/attest-demo/.github/workflows/build-python.yml@refs/heads/main');
  });

  it('refuses a bundle whose CA no given root has: public-good alone for GitHub’s, GitHub’s alone for public-good’s', () => {
    const publicOnly = trustFromRoots([rootsJsonl[0]]);
    const githubOnly = trustFromRoots([rootsJsonl[1]]);
    expect(refusal(() => verifyAttestation(bundle(GITHUB_INSTANCE), publicOnly, prober()))).toEqual({ code: 'UNTRUSTED_SIGNATURE', message: expect.stringMatching(/issued by O=GitHub\\, Inc\., CN=Fulcio Intermediate l2, which no trusted root/) });
    expect(refusal(() => verifyAttestation(bundle(PUBLIC_GOOD), githubOnly, prober())).code).toBe('UNTRUSTED_SIGNATURE');
  });

  it('requires an SCT exactly where the issuing root lists CT logs', () => {
    // GitHub's root with public-good's CT logs added: now its SCT-less certificates are refused.
    const withCtlogs = trustFromRoots([rootsJsonl[0], { ...rootsJsonl[1], ctlogs: rootsJsonl[0]!.ctlogs }]);
    expect(refusal(() => verifyAttestation(bundle(GITHUB_INSTANCE), withCtlogs, prober()))).toEqual({ code: 'UNTRUSTED_SIGNATURE', message: expect.stringContaining('expected 1 SCTs, got 0') });
  });

  it('refuses bundles stripped of their only witness', () => {
    const github = bundle(GITHUB_INSTANCE);
    github.verificationMaterial.timestampVerificationData = { rfc3161Timestamps: [] };
    expect(refusal(() => verifyAttestation(github, trust, prober()))).toEqual({ code: 'MISSING_TIMESTAMP', message: expect.stringContaining('accepts an RFC 3161 timestamp') });
    const publicGood = bundle(PUBLIC_GOOD);
    publicGood.verificationMaterial.tlogEntries = [];
    expect(refusal(() => verifyAttestation(publicGood, trust, prober())).code).toBe('MISSING_TIMESTAMP');
  });
});

describe('tampered real bundles are refused', () => {
  const flip = (base64: string, at: (length: number) => number) => {
    const bytes = Buffer.from(base64, 'base64');
    bytes[at(bytes.length)]! ^= 0x01;
    return bytes.toString('base64');
  };

  it.each([GITHUB_INSTANCE, PUBLIC_GOOD])('one payload byte changed: %s', (name) => {
    const b = bundle(name);
    b.dsseEnvelope.payload = flip(b.dsseEnvelope.payload, (n) => n - 10);
    expect(refusal(() => verifyAttestation(b, trust, prober())).code).toBe('UNTRUSTED_SIGNATURE');
  });

  it.each([GITHUB_INSTANCE, PUBLIC_GOOD])('the signature changed: %s', (name) => {
    const b = bundle(name);
    b.dsseEnvelope.signatures[0]!.sig = flip(b.dsseEnvelope.signatures[0]!.sig, (n) => n - 5);
    expect(refusal(() => verifyAttestation(b, trust, prober())).code).toBe('UNTRUSTED_SIGNATURE');
  });

  it('the certificate swapped for another real one of the same workflow and CA', () => {
    const b = bundle(GITHUB_INSTANCE);
    b.verificationMaterial.certificate = bundle(GITHUB_INSTANCE_NEXT_DAY).verificationMaterial.certificate;
    expect(refusal(() => verifyAttestation(b, trust, prober())).code).toBe('UNTRUSTED_SIGNATURE');
  });

  it('the certificate swapped for one of the other instance', () => {
    const b = bundle(PUBLIC_GOOD);
    b.verificationMaterial.certificate = bundle(GITHUB_INSTANCE).verificationMaterial.certificate;
    // GitHub's root, whose CA issued the swapped-in certificate, does not take public-good's Rekor entry.
    expect(refusal(() => verifyAttestation(b, trust, prober()))).toEqual({ code: 'MISSING_TIMESTAMP', message: expect.stringContaining('carries a Rekor entry; trusted root #2 (fulcio.githubapp.com)') });
    const github = bundle(GITHUB_INSTANCE);
    github.verificationMaterial.certificate = bundle(PUBLIC_GOOD).verificationMaterial.certificate;
    expect(refusal(() => verifyAttestation(github, trust, prober())).code).toBe('UNTRUSTED_SIGNATURE');
  });
});

describe('real bundles with the wrong identity are refused', () => {
  it.each([
    ['another repository expected (the certificate’s source repository)', prober({ repository: 'actions/attest-demo' })],
    ['another workflow of the repository', prober({ workflows: { refs: ['actions/attest-build-provenance/.github/workflows/release.yml@refs/heads/main'] } })],
    ['another ref', prober({ workflows: { refs: ['actions/attest-build-provenance/.github/workflows/prober.yml@refs/heads/releases/v1'] } })],
    ['a prefix of the ref (anchored)', prober({ workflows: { refs: ['actions/attest-build-provenance/.github/workflows/prober.yml@refs/heads/mai'] } })],
    ['another OIDC issuer', prober({ issuer: 'https://token.actions.example.com' })],
    ['self-hosted runners only', prober({ runnerEnvironments: ['self-hosted'] })],
  ])('%s', (_name, policy) => {
    for (const name of [GITHUB_INSTANCE, PUBLIC_GOOD]) expect(refusal(() => verifyAttestation(bundle(name), trust, policy)).code).toBe('WRONG_IDENTITY');
  });
});
