import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPair, SignJWT } from 'jose';
import { defaultJobClaims, startOidcIssuer, type OidcIssuer } from '../../src/world/oidc-issuer.js';
import { STS_AUDIENCE, WORLD_BUCKET } from '../../src/world/aws/aws-world.js';
import { startWorld, type World } from '../../src/world/start-world.js';
import { findAwsCli } from '../support/aws-cli.js';

/*
 * The world's AWS STS stand-in refuses forged and foreign OIDC tokens with the errors AWS gives,
 * enforces a role's trust policy (aud, sub, and repository ids through a customised sub), and its
 * sessions work with the real AWS CLI against the world's S3-shaped endpoint, whose SigV4 checks
 * (an implementation of its own) accept what botocore signs and refuse anything else.
 */
let world: World;
let other: OidcIssuer;
let dir: string;
const aws = findAwsCli();

beforeAll(async () => {
  world = await startWorld();
  other = await startOidcIssuer({ defaults: defaultJobClaims({ repositoryId: 1, ownerId: 2, actorId: 3 }) });
  dir = await mkdtemp(join(tmpdir(), 'aws-sts-test-'));
});

afterAll(async () => {
  await other.close();
  await world.close();
  await rm(dir, { recursive: true, force: true });
});

function post(url: string, form: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams(form).toString();
    const req = request(url, { method: 'POST', ca: world.https.caPem, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

function assume(token: string, roleArn = world.aws.roles.agent.arn, extra: Record<string, string> = {}) {
  return post(world.aws.sts.url, { Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: roleArn, RoleSessionName: 'airlock-test', WebIdentityToken: token, DurationSeconds: '900', ...extra });
}

const widgets = () => world.repo('acme/widgets');

describe('AWS STS stand-in: AssumeRoleWithWebIdentity', () => {
  it('issues a session for a token from the trusted issuer, audience and repository', async () => {
    const res = await assume(await world.oidc.mint({}, STS_AUDIENCE));
    expect(res.status).toBe(200);
    const keyId = tag(res.body, 'AccessKeyId')!;
    expect(keyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(tag(res.body, 'Arn')).toBe('arn:aws:sts::123456789012:assumed-role/airlock-agent/airlock-test');
    expect(tag(res.body, 'SubjectFromWebIdentityToken')).toBe('repo:acme/widgets:ref:refs/heads/main');
    const session = world.aws.state.sessions.get(keyId)!;
    expect(tag(res.body, 'SecretAccessKey')).toBe(session.secretAccessKey);
    expect(Date.parse(tag(res.body, 'Expiration')!) - session.issuedAt).toBeGreaterThan(899_000);
  });

  it('refuses a token signed with another key under the same issuer and kid: InvalidIdentityToken', async () => {
    const real = await world.oidc.mint({}, STS_AUDIENCE);
    const header = JSON.parse(Buffer.from(real.split('.')[0]!, 'base64url').toString()) as { kid: string };
    const payload = JSON.parse(Buffer.from(real.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: header.kid, typ: 'JWT' }).sign(privateKey);
    const res = await assume(forged);
    expect(res.status).toBe(400);
    expect(tag(res.body, 'Code')).toBe('InvalidIdentityToken');
    // The original signature over a tampered payload fails the same way.
    const tampered = [real.split('.')[0], Buffer.from(JSON.stringify({ ...payload, sub: 'repo:acme/widgets:ref:refs/heads/evil' })).toString('base64url'), real.split('.')[2]].join('.');
    expect(tag((await assume(tampered)).body, 'Code')).toBe('InvalidIdentityToken');
    // alg none is not a JWT AWS accepts.
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${real.split('.')[1]}.`;
    expect(tag((await assume(none)).body, 'Code')).toBe('InvalidIdentityToken');
    expect(tag((await assume('not-a-jwt')).body, 'Message')).toContain('not a valid JWT');
  });

  it('refuses a token from an issuer the account has no OIDC provider for: InvalidIdentityToken', async () => {
    const res = await assume(await other.mint({}, STS_AUDIENCE));
    expect(res.status).toBe(400);
    expect(tag(res.body, 'Code')).toBe('InvalidIdentityToken');
    expect(tag(res.body, 'Message')).toBe(`No OpenIDConnect provider found in your account for ${other.issuer}`);
  });

  it('refuses a token for another audience: InvalidIdentityToken, Incorrect token audience', async () => {
    const res = await assume(await world.oidc.mint({}, 'airlock'));
    expect(res.status).toBe(400);
    expect(tag(res.body, 'Code')).toBe('InvalidIdentityToken');
    expect(tag(res.body, 'Message')).toBe('Incorrect token audience');
  });

  it('refuses a token whose sub the trust policy does not match, and one from another repository: AccessDenied', async () => {
    const wrongSub = await assume(await world.oidc.mint({ sub: 'repo:evil/loot:ref:refs/heads/main' }, STS_AUDIENCE));
    expect(wrongSub.status).toBe(403);
    expect(tag(wrongSub.body, 'Code')).toBe('AccessDenied');
    expect(tag(wrongSub.body, 'Message')).toBe('Not authorized to perform sts:AssumeRoleWithWebIdentity');
    // A sibling whose name shares the prefix gets nothing either (the pattern ends in a colon).
    const sibling = await assume(await world.oidc.mint({ sub: 'repo:acme/widgets-evil:ref:refs/heads/main', repository: 'acme/widgets-evil', repository_id: '999' }, STS_AUDIENCE));
    expect(tag(sibling.body, 'Code')).toBe('AccessDenied');
    const otherRepo = await assume(await world.oidc.mint({ sub: 'repo:acme/docs:ref:refs/heads/main', repository: 'acme/docs', repository_id: '998' }, STS_AUDIENCE));
    expect(tag(otherRepo.body, 'Code')).toBe('AccessDenied');
  });

  it('binds on repository ids through a customised sub: the repository gets the role, a re-created one of the same name does not', async () => {
    const ids = (repositoryId: number) => `repository_owner_id:${widgets().owner.id}:repository_id:${repositoryId}:ref:refs/heads/main`;
    const ok = await assume(await world.oidc.mint({ sub: ids(widgets().id) }, STS_AUDIENCE), world.aws.roles.byId.arn);
    expect(ok.status).toBe(200);
    const recreated = await assume(await world.oidc.mint({ sub: ids(widgets().id + 1000), repository_id: String(widgets().id + 1000) }, STS_AUDIENCE), world.aws.roles.byId.arn);
    expect(recreated.status).toBe(403);
    expect(tag(recreated.body, 'Code')).toBe('AccessDenied');
    // The default sub names the repository, not its id: that role does not take it.
    expect(tag((await assume(await world.oidc.mint({}, STS_AUDIENCE), world.aws.roles.byId.arn)).body, 'Code')).toBe('AccessDenied');
  });

  it('refuses an expired token, a role that does not exist, and durations outside the role limits', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await assume(await world.oidc.mint({ iat: past, nbf: past, exp: past + 300 }, STS_AUDIENCE));
    expect(tag(expired.body, 'Code')).toBe('ExpiredTokenException');
    const missing = await assume(await world.oidc.mint({}, STS_AUDIENCE), 'arn:aws:iam::123456789012:role/nobody');
    expect(tag(missing.body, 'Code')).toBe('AccessDenied');
    const tooShort = await assume(await world.oidc.mint({}, STS_AUDIENCE), undefined, { DurationSeconds: '60' });
    expect(tag(tooShort.body, 'Code')).toBe('ValidationError');
    const tooLong = await assume(await world.oidc.mint({}, STS_AUDIENCE), undefined, { DurationSeconds: '7200' });
    expect(tag(tooLong.body, 'Message')).toContain('exceeds the MaxSessionDuration');
    const badPolicy = await assume(await world.oidc.mint({}, STS_AUDIENCE), undefined, { Policy: '{not json' });
    expect(tag(badPolicy.body, 'Code')).toBe('MalformedPolicyDocument');
  });
});

describe("the world's S3 endpoint and the real AWS CLI", () => {
  let creds: { id: string; secret: string; token: string };
  beforeAll(async () => {
    const res = await assume(await world.oidc.mint({}, STS_AUDIENCE));
    creds = { id: tag(res.body, 'AccessKeyId')!, secret: tag(res.body, 'SecretAccessKey')!, token: tag(res.body, 'SessionToken')! };
  });

  const cli = (args: string[], overrides: Record<string, string> = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env = { PATH: '/usr/bin:/bin', HOME: dir, AWS_ACCESS_KEY_ID: creds.id, AWS_SECRET_ACCESS_KEY: creds.secret, AWS_SESSION_TOKEN: creds.token, AWS_DEFAULT_REGION: 'us-east-1', AWS_CA_BUNDLE: world.https.caFile, AWS_EC2_METADATA_DISABLED: 'true', ...overrides };
      execFile(aws.path, ['--endpoint-url', world.aws.s3.url, ...args], { env, cwd: dir }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }));
    });

  it('aws s3 cp up and down, and aws s3 ls, verified by the world signature by signature', async () => {
    const before = world.aws.state.s3Requests.length;
    const content = `${'x'.repeat(70_000)}\nend\n`;
    await writeFile(join(dir, 'up.txt'), content);
    expect((await cli(['s3', 'cp', join(dir, 'up.txt'), `s3://${WORLD_BUCKET}/uploads/up.txt`])).stderr).toBe('');
    expect(world.aws.state.buckets.get(WORLD_BUCKET)!.objects.get('uploads/up.txt')!.body.toString()).toBe(content);
    const listed = await cli(['s3', 'ls', `s3://${WORLD_BUCKET}/`, '--recursive']);
    expect(listed.stdout).toMatch(/\d+ uploads\/up\.txt/);
    expect(listed.stdout).toMatch(/reports\/build\.txt/);
    expect((await cli(['s3', 'cp', `s3://${WORLD_BUCKET}/reports/build.txt`, join(dir, 'down.txt')])).code).toBe(0);
    expect(await readFile(join(dir, 'down.txt'), 'utf8')).toBe('build 41: all green\n');
    const seen = world.aws.state.s3Requests.slice(before);
    expect(seen.map((r) => r.operation)).toEqual(expect.arrayContaining(['PutObject', 'ListObjectsV2', 'HeadObject', 'GetObject']));
    expect(seen.every((r) => r.accessKeyId === creds.id && r.status < 300)).toBe(true);
  });

  it('refuses what is signed with another secret (SignatureDoesNotMatch) or an unknown key (InvalidAccessKeyId)', async () => {
    const wrongSecret = await cli(['s3', 'ls', `s3://${WORLD_BUCKET}/`], { AWS_SECRET_ACCESS_KEY: `${creds.secret.slice(0, -1)}${creds.secret.endsWith('A') ? 'B' : 'A'}` });
    expect(wrongSecret.stderr).toContain('SignatureDoesNotMatch');
    const unknownKey = await cli(['s3', 'ls', `s3://${WORLD_BUCKET}/`], { AWS_ACCESS_KEY_ID: 'ASIAAAAAAAAAAAAAAAAA' });
    expect(unknownKey.stderr).toContain('InvalidAccessKeyId');
  });

  it('accepts a presigned URL made with the session, and refuses it once tampered with', async () => {
    // SigV4 presigning (botocore presigns with SigV2 for us-east-1 unless told otherwise).
    await writeFile(join(dir, 'config'), '[default]\ns3 =\n  signature_version = s3v4\n');
    const presigned = (await cli(['s3', 'presign', `s3://${WORLD_BUCKET}/reports/build.txt`], { AWS_CONFIG_FILE: join(dir, 'config') })).stdout.trim();
    expect(presigned).toContain('X-Amz-Signature=');
    const get = (url: string) =>
      new Promise<number>((resolve, reject) => request(url, { ca: world.https.caPem }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject).end());
    expect(await get(presigned)).toBe(200);
    expect(await get(presigned.replace('reports/build.txt', 'reports/other.txt'))).toBe(403);
  });

  it('GetCallerIdentity through the STS stand-in, signed by the CLI', async () => {
    const res = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(aws.path, ['--endpoint-url', world.aws.sts.url, 'sts', 'get-caller-identity', '--output', 'json'], { env: { PATH: '/usr/bin:/bin', HOME: dir, AWS_ACCESS_KEY_ID: creds.id, AWS_SECRET_ACCESS_KEY: creds.secret, AWS_SESSION_TOKEN: creds.token, AWS_DEFAULT_REGION: 'us-east-1', AWS_CA_BUNDLE: world.https.caFile } }, (error, stdout) => resolve({ code: error ? 1 : 0, stdout })),
    );
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ Account: '123456789012', Arn: 'arn:aws:sts::123456789012:assumed-role/airlock-agent/airlock-test' });
  });
});
