import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SerializedBundle } from '@sigstore/bundle';
import { AGENT_RUN_PREDICATE_TYPE, agentRunStatement } from '../../src/attest/agent-run-statement.js';
import { localKeySigner, signWithKey, type KeySigner } from '../../src/attest/key-signing.js';
import { signKeyless } from '../../src/attest/sign-keyless.js';
import { verdictStatement, type VerdictFacts } from '../../src/attest/verdict-statement.js';
import type { ChainReport } from '../../src/attest/verify-chain.js';
import { verifyCommand, type AttestationReport } from '../../src/cli/verify-command.js';
import type { ActionsClaims } from '../../src/world/oidc-issuer.js';
import { samplePredicate, startAttestWorld, type AttestWorld } from './attest-world.js';

let world: AttestWorld;
let other: AttestWorld;
let dir: string;
let app: KeySigner;
let agentBundle: SerializedBundle;
const changeset = '5'.repeat(64);
const commit = '7'.repeat(40);
const WORKFLOW = '.github/workflows/agent.yml@refs/heads/main';

const payloadDigest = (b: SerializedBundle) => createHash('sha256').update(Buffer.from(b.dsseEnvelope!.payload, 'base64')).digest('hex');
const sign = (claims: ActionsClaims = {}, via = world) =>
  signKeyless(agentRunStatement(changeset, samplePredicate()), { fulcioUrl: via.sigstore.url, rekorUrl: via.sigstore.url, identityToken: via.token(claims) });
const verdict = (overrides: Partial<VerdictFacts> = {}, signer = app) =>
  signWithKey(
    verdictStatement({ verifierId: 'airlock[bot]', repositoryUrl: 'https://github.com/acme/widgets', headSha: commit, changesetDigest: changeset, passed: true, policyDigest: 'a'.repeat(64), inputDigest: 'b'.repeat(64), agentRunDigest: payloadDigest(agentBundle), attestation: 'verified', pullRequest: 1, approvals: [{ login: 'bob', via: 'review' }], deny: [], time: new Date().toISOString(), ...overrides }),
    signer,
  );

beforeAll(async () => {
  [world, other] = await Promise.all([startAttestWorld(), startAttestWorld()]);
  dir = await mkdtemp(join(tmpdir(), 'airlock-verify-'));
  app = localKeySigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  agentBundle = await sign();
  await writeFile(join(dir, 'root.json'), JSON.stringify(world.sigstore.trustedRoot));
  await writeFile(join(dir, 'app-key.pem'), app.publicKeyPem);
});
afterAll(async () => {
  await Promise.all([world.close(), other.close()]);
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
const worldIssuer = () => world.oidc.issuer;
async function file(content: unknown, asCheckRunText = false): Promise<string> {
  const path = join(dir, `bundle-${++n}.json`);
  await writeFile(path, asCheckRunText ? `Signed verdict\n\n\`\`\`json\n${JSON.stringify(content)}\n\`\`\`\n` : JSON.stringify(content));
  return path;
}

async function run(files: string[], extra: string[] = []): Promise<{ code: number; report?: ChainReport; stderr: string }> {
  let out = '';
  let err = '';
  const code = await verifyCommand([...files, '--trusted-root', join(dir, 'root.json'), '--repository', 'acme/widgets', '--workflow', WORKFLOW, '--app-key', join(dir, 'app-key.pem'), '--issuer', world.oidc.issuer, '--json', ...extra], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: {},
    cwd: dir,
  });
  return { code, report: out ? (JSON.parse(out) as ChainReport) : undefined, stderr: err };
}

const broken = (report: ChainReport | undefined) => report?.links.filter((l) => !l.ok).map((l) => `${l.link}:${l.code}`);

describe('airlock verify', () => {
  it('passes an intact chain (the verdict read from a check run text) and names the commit', async () => {
    const { code, report } = await run([await file(agentBundle), await file(await verdict(), true)], ['--commit', commit]);
    expect(broken(report)).toEqual([]);
    expect(code).toBe(0);
    expect(report).toMatchObject({ ok: true, commit, changeset, verdict: { result: 'PASSED', approvals: [{ login: 'bob', via: 'review' }] } });
  });

  it('fails on a tampered agent-run attestation', async () => {
    const tampered = structuredClone(agentBundle) as SerializedBundle & { dsseEnvelope: { payload: string } };
    const statement = JSON.parse(Buffer.from(tampered.dsseEnvelope.payload, 'base64').toString());
    statement.predicate.agent.exitCode = 1;
    tampered.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    const { code, report } = await run([await file(tampered), await file(await verdict())]);
    expect(code).toBe(1);
    expect(broken(report)).toContain('agent-run:UNTRUSTED_SIGNATURE');
  });

  it('fails on an attestation signed by another workflow ref (the main-evil bypass)', async () => {
    const evil = await sign({ job_workflow_ref: `acme/widgets/${WORKFLOW}-evil` });
    const { code, report } = await run([await file(evil), await file(await verdict({ agentRunDigest: payloadDigest(evil) }))]);
    expect(code).toBe(1);
    expect(broken(report)).toEqual(['agent-run:WRONG_IDENTITY']);
  });

  it('fails on an attestation from another Sigstore instance', async () => {
    const foreign = await sign({}, other);
    const { code, report } = await run([await file(foreign), await file(await verdict({ agentRunDigest: payloadDigest(foreign) }))]);
    expect(code).toBe(1);
    expect(broken(report)).toEqual(['agent-run:UNTRUSTED_SIGNATURE']);
  });

  it('fails on a verdict signed with another key', async () => {
    const mallory = localKeySigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    const { code, report } = await run([await file(agentBundle), await file(await verdict({}, mallory))]);
    expect(code).toBe(1);
    expect(broken(report)).toEqual(['verdict:UNTRUSTED_SIGNATURE', 'commit:SUBJECT_MISMATCH']);
  });

  it('fails on a FAILED verdict', async () => {
    const { code, report } = await run([await file(agentBundle), await file(await verdict({ passed: false, deny: ['no approval'] }))]);
    expect(code).toBe(1);
    expect(broken(report)).toEqual(['verdict:VERDICT_FAILED', 'commit:SUBJECT_MISMATCH']);
  });

  it('fails on a verdict about another agent run, another changeset or another repository', async () => {
    for (const [overrides, code] of [
      [{ agentRunDigest: '0'.repeat(64) }, 'CLAIM_MISMATCH'],
      [{ changesetDigest: '0'.repeat(64) }, 'SUBJECT_MISMATCH'],
      [{ repositoryUrl: 'https://github.com/acme/gadgets' }, 'CLAIM_MISMATCH'],
    ] as const) {
      const { report } = await run([await file(agentBundle), await file(await verdict(overrides))]);
      expect(broken(report)).toEqual([`verdict:${code}`, 'commit:SUBJECT_MISMATCH']);
    }
  });

  it('fails when the released commit is not the approved one', async () => {
    const { code, report } = await run([await file(agentBundle), await file(await verdict())], ['--commit', '8'.repeat(40)]);
    expect(code).toBe(1);
    expect(broken(report)).toEqual(['commit:SUBJECT_MISMATCH']);
  });

  it('fails when a link is missing', async () => {
    expect(broken((await run([await file(agentBundle)])).report)).toEqual(['verdict:MALFORMED_BUNDLE', 'commit:SUBJECT_MISMATCH']);
    expect(broken((await run([await file(await verdict())])).report)).toEqual(['agent-run:MALFORMED_BUNDLE']);
  });

  it('refuses bad usage with exit code 2 and says what is needed', async () => {
    let err = '';
    const io = { stdout: () => undefined, stderr: (t: string) => (err += t), env: {}, cwd: dir };
    expect(await verifyCommand([await file(agentBundle), '--repository', 'acme/widgets', '--app-key', 'k.pem'], io)).toBe(2);
    expect(err).toBe('airlock verify: --signer-workflow <path@ref> is required, e.g. .github/workflows/release.yml@refs/heads/main; see airlock verify --help\n');
    expect((await run([join(dir, 'absent.json')])).code).toBe(2);
  });

  it('runs the same chain as `airlock verify chain`, with --signer-workflow', async () => {
    const files = [await file(agentBundle), await file(await verdict(), true)];
    const { code, out } = await cli(['chain', ...files, '--trusted-root', join(dir, 'root.json'), '--repository', 'acme/widgets', '--signer-workflow', WORKFLOW, '--app-key', join(dir, 'app-key.pem'), '--issuer', world.oidc.issuer, '--commit', commit]);
    expect(code).toBe(0);
    expect(out).toContain(`verified: acme/widgets commit ${commit}`);
  });

  it('verifies each bundle before sorting: a verdict-typed statement signed by the workflow is refused as no agent run', async () => {
    const forged = await signKeyless(JSON.parse(Buffer.from((await verdict()).dsseEnvelope!.payload, 'base64').toString()), { fulcioUrl: world.sigstore.url, rekorUrl: world.sigstore.url, identityToken: world.token() });
    const { code, report } = await run([await file(forged), await file(await verdict())]);
    expect(code).toBe(1);
    expect(broken(report)).toEqual(['agent-run:MALFORMED_BUNDLE']);
    expect(report?.links[0]?.message).toMatch(/bundle-\d+\.json: a verified https:\/\/slsa\.dev\/verification_summary\/v1 statement is neither/);
  });
});

// Real production material (fixtures/README.md): public-good and GitHub-instance bundles of one workflow.
const FIXTURES = resolve('__tests__/attest/fixtures');
const ROOTS = join(FIXTURES, 'trusted_root.jsonl');
const GITHUB_INSTANCE = join(FIXTURES, 'actions-attest-build-provenance-attestation-13531551.sigstore.json');
const PUBLIC_GOOD = join(FIXTURES, 'actions-attest-build-provenance-attestation-13532655.sigstore.json');
const PROBER = ['--repository', 'actions/attest-build-provenance', '--signer-workflow', '.github/workflows/prober.yml@refs/heads/main'];

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await verifyCommand(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {}, cwd: dir });
  return { code, out, err };
}

async function attest(argv: string[]): Promise<{ code: number; report: AttestationReport; err: string }> {
  const { code, out, err } = await cli([...argv, '--json']);
  return { code, report: JSON.parse(out || 'null') as AttestationReport, err };
}

/** JSON Lines of bundles as gh attestation download writes them. */
async function jsonl(...bundles: unknown[]): Promise<string> {
  const path = join(dir, `bundles-${++n}.jsonl`);
  await writeFile(path, bundles.map((b) => `${JSON.stringify(b)}\n`).join(''));
  return path;
}
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as SerializedBundle & { dsseEnvelope: { payload: string } };

describe('airlock verify <bundle|bundles.jsonl> (any in-toto attestation, like gh attestation verify)', () => {
  it('verifies a public-good and a GitHub-instance bundle from one JSON Lines file with one JSON Lines root set', async () => {
    const bundles = await jsonl(await readJson(PUBLIC_GOOD), await readJson(GITHUB_INSTANCE));
    const { code, report, err } = await attest([bundles, '--trusted-root', ROOTS, ...PROBER]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(report).toMatchObject({ ok: true, predicateType: 'https://slsa.dev/provenance/v1', refused: [], otherStatements: [] });
    expect(report.verified.map((v) => [v.bundle, v.authority, v.timestamps[0]?.kind])).toEqual([
      [`${bundles}:1`, 'trusted root #1 (https://fulcio.sigstore.dev)', 'transparency-log'],
      [`${bundles}:2`, 'trusted root #2 (fulcio.githubapp.com)', 'timestamp-authority'],
    ]);
    expect(report.verified[1]?.signer).toMatchObject({ subject: 'https://github.com/actions/attest-build-provenance/.github/workflows/prober.yml@refs/heads/main', sourceRepositoryUri: 'https://github.com/actions/attest-build-provenance' });
  });

  it('without GitHub’s root, refuses the GitHub-instance bundle and says which root to pass', async () => {
    const { code, report } = await attest([GITHUB_INSTANCE, ...PROBER]);
    expect(code).toBe(1);
    expect(report.refused).toEqual([{ bundle: GITHUB_INSTANCE, code: 'UNTRUSTED_SIGNATURE', message: expect.stringContaining('gh attestation trusted-root') }]);
  });

  it('reads gh attestation download output and takes a workflow without a ref as any ref of it', async () => {
    const downloaded = join(FIXTURES, 'github_provenance_demo-0.0.12-py3-none-any-bundle.jsonl');
    const { code, report } = await attest([downloaded, '--trusted-root', ROOTS, '--repository', 'actions/attest-demo', '--signer-workflow', 'actions/attest-demo/.github/workflows/build-python.yml']);
    expect(code).toBe(0);
    expect(report.signerWorkflow).toBe('actions/attest-demo/.github/workflows/build-python.yml@<any ref>');
    // One line is one JSON document: named by the file alone.
    expect(report.verified.map((v) => [v.bundle, v.authority])).toEqual([[downloaded, 'trusted root #2 (fulcio.githubapp.com)']]);
  });

  it('refuses tampered and wrong-identity bundles and passes only what verified', async () => {
    const tampered = await readJson(GITHUB_INSTANCE);
    const payload = Buffer.from(tampered.dsseEnvelope.payload, 'base64');
    payload[payload.length - 10]! ^= 1;
    tampered.dsseEnvelope.payload = payload.toString('base64');
    const { code, report } = await attest([await jsonl(tampered), '--trusted-root', ROOTS, ...PROBER]);
    expect(code).toBe(1);
    expect(report.refused.map((r) => r.code)).toEqual(['UNTRUSTED_SIGNATURE']);

    for (const identity of [
      ['--repository', 'actions/attest-demo', '--signer-workflow', 'actions/attest-build-provenance/.github/workflows/prober.yml@refs/heads/main'],
      ['--repository', 'actions/attest-build-provenance', '--signer-workflow', '.github/workflows/prober.yml@refs/heads/main-evil'],
      ['--repository', 'actions/attest-build-provenance', '--signer-workflow', '.github/workflows/release.yml'],
    ]) {
      const wrong = await attest([GITHUB_INSTANCE, PUBLIC_GOOD, '--trusted-root', ROOTS, ...identity]);
      expect(wrong.code).toBe(1);
      expect(wrong.report.refused.map((r) => r.code)).toEqual(['WRONG_IDENTITY', 'WRONG_IDENTITY']);
    }
  });

  it('checks signatures before filtering by predicate type: a statement edited to another type is refused, not skipped', async () => {
    const edited = await readJson(PUBLIC_GOOD);
    const statement = JSON.parse(Buffer.from(edited.dsseEnvelope.payload, 'base64').toString());
    statement.predicateType = 'https://spdx.dev/Document';
    edited.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    const { code, report } = await attest([await jsonl(edited, await readJson(GITHUB_INSTANCE)), '--trusted-root', ROOTS, ...PROBER, '--predicate-type', 'https://spdx.dev/Document']);
    expect(code).toBe(1);
    expect(report.refused.map((r) => r.code)).toEqual(['UNTRUSTED_SIGNATURE']);
    expect(report.otherStatements).toEqual([{ bundle: expect.stringMatching(/:2$/), predicateType: 'https://slsa.dev/provenance/v1', subjects: [{ name: 'artifact', digest: { sha256: expect.any(String) } }] }]);
  });

  it('filters verified statements by subject digest', async () => {
    const digest = 'sha256:b03d18ed0a16864ef2d2e559c660159a2170b9d086a1f42f570b1679326b90e6';
    expect((await attest([GITHUB_INSTANCE, PUBLIC_GOOD, '--trusted-root', ROOTS, ...PROBER, '--subject-digest', digest])).report.verified.map((v) => v.bundle)).toEqual([GITHUB_INSTANCE]);
    const none = await attest([GITHUB_INSTANCE, '--trusted-root', ROOTS, ...PROBER, '--subject-digest', `sha256:${'0'.repeat(64)}`]);
    expect(none.code).toBe(1);
    expect(none.report.otherStatements).toHaveLength(1);
  });

  it('takes SLSA provenance by default, as gh does; an agent run needs its predicate type and is held to its certificate', async () => {
    const agent = await file(agentBundle);
    const world = ['--trusted-root', join(dir, 'root.json'), '--repository', 'acme/widgets', '--signer-workflow', WORKFLOW, '--issuer', worldIssuer()];
    const byDefault = await cli([agent, ...world]);
    expect(byDefault.code).toBe(1);
    expect(byDefault.out).toContain(`other    ${agent}: verified, not counted: its predicate type is ${AGENT_RUN_PREDICATE_TYPE} (pass --predicate-type ${AGENT_RUN_PREDICATE_TYPE} to require it)`);
    const asked = await attest([agent, ...world, '--predicate-type', AGENT_RUN_PREDICATE_TYPE]);
    expect(asked.code).toBe(0);
    expect(asked.report.verified[0]?.subjects).toEqual([{ name: 'changeset', digest: { sha256: changeset } }]);
  });

  it('prints what verified, under which root and when', async () => {
    const { code, out } = await cli([GITHUB_INSTANCE, '--trusted-root', ROOTS, ...PROBER]);
    expect(code).toBe(0);
    expect(out).toMatch(/^ok {7}.*13531551\.sigstore\.json: https:\/\/slsa\.dev\/provenance\/v1 about artifact sha256:b03d18ed0a16; signed by https:\/\/github\.com\/actions\/attest-build-provenance\/\.github\/workflows\/prober\.yml@refs\/heads\/main at 2025-11-18T07:5\S+ \(RFC 3161\) under trusted root #2 \(fulcio\.githubapp\.com\)\n/);
    expect(out).toContain('verified: 1 https://slsa.dev/provenance/v1 statement(s) from actions/attest-build-provenance, signed by actions/attest-build-provenance/.github/workflows/prober.yml@refs/heads/main\n');
  });

  it('answers --help without reading anything, and usage errors with one line and exit 2', async () => {
    const help = await cli([join(dir, 'absent.json'), '--trusted-root', join(dir, 'absent.jsonl'), '--help']);
    expect(help).toMatchObject({ code: 0, err: '' });
    expect(help.out).toContain('usage: airlock verify <bundle|bundles.jsonl>...');
    for (const [argv, message] of [
      [[GITHUB_INSTANCE, ...PROBER, '--frobnicate'], 'unknown option "--frobnicate"'],
      [[GITHUB_INSTANCE, '--repository', 'actions/attest-build-provenance'], '--signer-workflow <path[@ref]> is required'],
      [[GITHUB_INSTANCE, '--repository', 'acme', '--signer-workflow', '.github/workflows/x.yml'], '--repository <owner/repo> is required'],
      [[GITHUB_INSTANCE, ...PROBER.slice(0, 2), '--signer-workflow', 'prober.yml'], '--signer-workflow prober.yml is not a workflow file'],
      [[GITHUB_INSTANCE, ...PROBER, '--subject-digest', 'b03d18'], '--subject-digest b03d18 must be <algorithm>:<hex>'],
      [[GITHUB_INSTANCE, ...PROBER, '--commit', commit], '--commit belongs to airlock verify chain'],
      [[join(dir, 'absent.json'), ...PROBER], 'absent.json (bundle) cannot be read'],
      [[ROOTS.replace('trusted_root.jsonl', 'README.md'), ...PROBER], 'README.md line 1 is not JSON'],
      [[GITHUB_INSTANCE, ...PROBER, '--trusted-root', GITHUB_INSTANCE], 'trusted root #1 has no certificate authority'],
    ] as const) {
      const { code, out, err } = await cli([...argv]);
      expect({ code, out }).toEqual({ code: 2, out: '' });
      expect(err).toContain(message);
      expect(err.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});
