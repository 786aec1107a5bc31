import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { startStack, type Stack } from '../../src/demo/start-stack.js';

// THREATS.md §A: forged and abused OIDC tokens sent to the real HTTP broker. Each must be refused
// with its own error code, and none may mint (the world shows no narrowed token at the end).

let stack: Stack;
let ssrfHits = 0;
let ssrfUrl = '';
const ssrf = createServer((_req, res) => {
  ssrfHits++;
  res.end('{"keys":[]}');
});

beforeAll(async () => {
  stack = await startStack();
  await new Promise<void>((resolve) => ssrf.listen(0, '127.0.0.1', resolve));
  ssrfUrl = `http://127.0.0.1:${(ssrf.address() as AddressInfo).port}/jwks`;
});
afterAll(async () => {
  expect((stack.world.snapshot().tokens as { narrowed_minted: number }).narrowed_minted).toBe(0);
  expect(ssrfHits).toBe(0);
  await stack.close();
  ssrf.close();
});

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const mint = (overrides: Record<string, unknown> = {}, audience = 'airlock') => stack.world.oidc.mint(overrides as Record<string, string>, audience);
const parts = (jwt: string) => jwt.split('.') as [string, string, string];
const kidOf = (jwt: string) => (JSON.parse(Buffer.from(parts(jwt)[0], 'base64url').toString()) as { kid: string }).kid;
const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

async function exchange(token: string | undefined, body: unknown = { identity: 'agent', permissions: { contents: 'read' } }) {
  const res = await fetch(`${stack.app.url}/airlock/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { error?: { code: string; message: string }; token?: string };
  expect(json.token).toBeUndefined();
  return { status: res.status, code: json.error?.code };
}

/** Signs `claims` with a key and header of our choosing. */
async function forge(claims: Record<string, unknown>, header: Record<string, unknown>, key = foreignKey): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', ...header } as { alg: string }).sign(key);
}

async function validClaims(): Promise<Record<string, unknown>> {
  return JSON.parse(Buffer.from(parts(await mint())[1], 'base64url').toString()) as Record<string, unknown>;
}

type Case = [name: string, make: () => Promise<string | undefined>, code: string, status?: number];

const cases: Case[] = [
  ['no token at all', async () => undefined, 'oidc_token_missing', 401],
  ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(await validClaims())}.`, 'oidc_alg_not_allowed'],
  ['HS256 signed with the public JWKS as secret', async () => {
    const jwk = JSON.stringify(stack.world.oidc.jwks().keys[0]);
    const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: kidOf(await mint()) })}.${b64(await validClaims())}`;
    return `${head}.${createHmac('sha256', jwk).update(head).digest('base64url')}`;
  }, 'oidc_alg_not_allowed'],
  ['RS384 with a forged key', async () => forge(await validClaims(), { alg: 'RS384', kid: kidOf(await mint()) }), 'oidc_alg_not_allowed'],
  ['PS256', async () => forge(await validClaims(), { alg: 'PS256', kid: kidOf(await mint()) }), 'oidc_alg_not_allowed'],
  ['RS256 with an unknown kid', async () => forge(await validClaims(), { kid: 'no-such-key' }), 'oidc_unknown_key'],
  ['RS256 without a kid', async () => forge(await validClaims(), {}), 'oidc_unknown_key'],
  ['a valid signature from another key under the real kid', async () => forge(await validClaims(), { kid: kidOf(await mint()) }), 'oidc_bad_signature'],
  ['tampered payload with the original signature', async () => {
    const [h, , sig] = parts(await mint());
    return `${h}.${b64({ ...(await validClaims()), repository_id: '1' })}.${sig}`;
  }, 'oidc_bad_signature'],
  ['truncated signature', async () => (await mint()).slice(0, -10), 'oidc_bad_signature'],
  ['truncated to two parts', async () => parts(await mint()).slice(0, 2).join('.'), 'oidc_token_malformed'],
  ['oversized token (> 16 KiB)', async () => mint({ padding: 'x'.repeat(17 * 1024) }), 'oidc_token_too_large', 413],
  ['header names its own JWKS (jku, SSRF)', async () => forge(await validClaims(), { kid: 'k', jku: ssrfUrl }), 'oidc_token_malformed'],
  ['header names an x5u certificate URL', async () => forge(await validClaims(), { kid: 'k', x5u: ssrfUrl }), 'oidc_token_malformed'],
  ['header embeds its own jwk', async () => forge(await validClaims(), { kid: 'k', jwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } }), 'oidc_token_malformed'],
  ['iss of another host', async () => mint({ iss: 'https://token.actions.githubusercontent.com' }), 'oidc_wrong_issuer'],
  ['iss with a trailing slash', async () => mint({ iss: `${stack.world.oidc.issuer}/` }), 'oidc_wrong_issuer'],
  ['aud wrong', async () => mint({}, 'sts.amazonaws.com'), 'oidc_wrong_audience'],
  ['aud missing', async () => mint({ aud: undefined as unknown as string }), 'oidc_wrong_audience'],
  ['aud an array with the right value beside others', async () => mint({ aud: ['airlock', 'https://github.com/acme'] as unknown as string }), 'oidc_wrong_audience'],
  ['expired', async () => mint({ iat: now() - 400, nbf: now() - 400, exp: now() - 100 } as unknown as Record<string, string>), 'oidc_expired'],
  ['nbf in the future', async () => mint({ nbf: now() + 600 } as unknown as Record<string, string>), 'oidc_not_yet_valid'],
  ['iat in the future', async () => mint({ iat: now() + 600, nbf: now() } as unknown as Record<string, string>), 'oidc_issued_in_future'],
  ['iat far in the past with a late exp', async () => mint({ iat: now() - 3600, nbf: now() - 3600, exp: now() + 300 } as unknown as Record<string, string>), 'oidc_too_old'],
  ['repository re-created under the same name (repository_id differs)', async () => mint({ repository_id: '999999' }), 'repository_mismatch'],
  ['owner re-created (repository_owner_id differs)', async () => mint({ repository_owner_id: '999999' }), 'repository_mismatch'],
  ['repository_id not numeric', async () => mint({ repository_id: '100009abc' }), 'oidc_claims_invalid'],
  ['jti missing', async () => mint({ jti: undefined as unknown as string }), 'oidc_claims_invalid'],
  ['sub of a look-alike repository', async () => mint({ sub: 'repo:acme/widgets-evil:ref:refs/heads/main' }), 'policy_subject_mismatch'],
  ['sub with an encoded colon', async () => mint({ sub: 'repo:acme/widgets%3Aref%3Arefs/heads/main' }), 'policy_subject_mismatch'],
  ['sub in the new repo:org@ID/repo@ID format', async () => mint({ sub: 'repo:acme@100001/widgets@100009:ref:refs/heads/main' }), 'policy_subject_mismatch'],
  ['sub with a suffix after the expected value', async () => mint({ sub: 'repo:acme/widgets:ref:refs/heads/main:extra' }), 'policy_subject_mismatch'],
  ['pull_request_target trigger', async () => mint({ event_name: 'pull_request_target' }), 'event_not_allowed'],
  ['issue_comment trigger', async () => mint({ event_name: 'issue_comment' }), 'event_not_allowed'],
  ['workflow_run trigger', async () => mint({ event_name: 'workflow_run' }), 'event_not_allowed'],
  ["a fork's pull_request workflow", async () => mint({ event_name: 'pull_request', head_ref: 'mallory:patch-1' }), 'event_not_allowed'],
  ['a reusable workflow from another repository', async () => mint({ job_workflow_ref: 'mallory/tools/.github/workflows/steal.yml@refs/heads/main' }), 'workflow_not_allowed'],
  ['ref of an unprotected branch', async () => mint({ ref: 'refs/heads/feature', ref_protected: 'false' }), 'ref_not_allowed'],
  ['a repository the App is not installed on', async () => mint({ repository: 'mallory/widgets' }), 'installation_not_found', 404],
];

describe('the broker refuses forged and abused OIDC tokens (THREATS.md §A)', () => {
  const rows = cases.map(([name, make, code, status]) => ({ name, make, code, status }));
  it.each(rows)('$name', async ({ make, code, status }) => {
    const result = await exchange(await make());
    expect(result.code).toBe(code);
    if (status) expect(result.status).toBe(status);
    else expect(result.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses a replayed jti, even when its first use was refused for another reason', async () => {
    const token = await mint({ event_name: 'workflow_run' });
    expect((await exchange(token)).code).toBe('event_not_allowed');
    expect((await exchange(token)).code).toBe('oidc_replayed');
  });

  it('refuses a request beyond the policy, for organization permissions and for other repositories', async () => {
    expect((await exchange(await mint(), { identity: 'agent', permissions: { contents: 'write' } })).code).toBe('permission_not_allowed');
    expect((await exchange(await mint(), { identity: 'agent', permissions: { members: 'read' } })).code).toBe('permission_not_allowed');
    expect((await exchange(await mint(), { identity: 'agent', permissions: { contents: 'read' }, repositories: ['gadgets'] })).code).toBe('repository_not_allowed');
    expect((await exchange(await mint(), { identity: '../../etc/passwd' })).code).toBe('request_invalid');
    expect((await exchange(await mint(), { identity: 'missing' })).code).toBe('policy_not_found');
  });
});
