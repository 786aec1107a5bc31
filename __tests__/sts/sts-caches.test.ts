import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { decodeJwt, jwtVerify } from 'jose';
import { cachedAppJwt } from '../../app/sts/cached-app-jwt.js';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { commitFiles, headOf } from '../../src/world/github/world-state.js';

describe('the cached App JWT', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const publicKey = createPublicKey(privateKey);

  it('is a valid RS256 App JWT, reused until two minutes before it expires, then signed afresh', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const createJwt = cachedAppJwt({ appId: 42, privateKey, clock: () => now });
    const first = await createJwt(42);
    const { payload, protectedHeader } = await jwtVerify(first.jwt, publicKey, { currentDate: new Date(now) });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload.iss).toBe(42);
    expect(payload.iat).toBe(now / 1000 - 60);
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(600);
    expect(first.expiresAt).toBe(new Date(payload.exp! * 1000).toISOString());
    now += 5 * 60 * 1000;
    expect((await createJwt(42)).jwt).toBe(first.jwt);
    now = payload.exp! * 1000 - 119_000;
    const renewed = await createJwt(42);
    expect(renewed.jwt).not.toBe(first.jwt);
    await jwtVerify(renewed.jwt, publicKey, { currentDate: new Date(now) });
  });

  it('signs a clock-skew retry for the corrected time and keeps serving the uncorrected one', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const createJwt = cachedAppJwt({ appId: 42, privateKey: privateKey.replace(/\n/g, '\\n'), clock: () => now });
    const plain = await createJwt(42);
    const skewed = await createJwt(42, 300);
    expect(decodeJwt(skewed.jwt).iat).toBe(now / 1000 + 300 - 60);
    expect((await createJwt(42)).jwt).toBe(plain.jwt);
  });
});

describe('the broker keeps trust policies by ETag and blob SHA, never past a change', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  async function exchange(): Promise<{ status: number; code?: string }> {
    const token = await stack.world.oidc.mint({}, 'airlock');
    const res = await fetch(`${stack.app.url}/airlock/v1/token`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ identity: 'agent', permissions: { contents: 'read' } }) });
    const json = (await res.json()) as { error?: { code: string } };
    return { status: res.status, ...(json.error ? { code: json.error.code } : {}) };
  }

  it('decides every exchange on the default branch as it is now: a changed policy counts at once, the old one again when restored', async () => {
    const repo = stack.world.repo('acme/widgets');
    const path = '.github/airlock/agent.sts.yaml';
    const original = headOf(repo).files.get(path)!;
    const author = { name: 'admin', email: 'a@x' };
    expect(await exchange()).toEqual({ status: 200 });
    // Same again: the answers kept from the first exchange serve it (a 304 from GitHub).
    expect(await exchange()).toEqual({ status: 200 });
    commitFiles(repo, repo.defaultBranch, { files: { [path]: 'issuer: [not, a, url' }, message: 'break', author });
    expect(await exchange()).toMatchObject({ code: 'policy_invalid' });
    commitFiles(repo, repo.defaultBranch, { files: { [path]: null }, message: 'remove', author });
    expect(await exchange()).toMatchObject({ code: 'policy_not_found' });
    commitFiles(repo, repo.defaultBranch, { files: { [path]: original }, message: 'restore', author });
    expect(await exchange()).toEqual({ status: 200 });
  });
});
