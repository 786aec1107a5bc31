import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SerializedBundle } from '@sigstore/bundle';
import { agentRunStatement } from '../../src/attest/agent-run-statement.js';
import { localKeySigner, signWithKey, type KeySigner } from '../../src/attest/key-signing.js';
import { signKeyless } from '../../src/attest/sign-keyless.js';
import { verdictStatement, type VerdictFacts } from '../../src/attest/verdict-statement.js';
import type { ChainReport } from '../../src/attest/verify-chain.js';
import { verifyCommand } from '../../src/cli/verify-command.js';
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
    expect(err).toContain('--workflow <path@ref> is required');
    expect((await run([join(dir, 'absent.json')])).code).toBe(2);
  });
});
