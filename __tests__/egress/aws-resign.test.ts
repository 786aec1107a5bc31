import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { awsCredentialBinding } from '../../src/action/aws/aws-binding.js';
import { awsPlaceholderCredentials } from '../../src/action/aws/aws-placeholders.js';
import { egressDecision } from '../../src/action/egress-decision.js';
import { githubHosts } from '../../src/action/github-hosts.js';
import type { AwsCredentials } from '../../src/egress/aws-resign.js';
import { compileCredentials } from '../../src/egress/credential-binding.js';
import type { EgressLogRecord } from '../../src/egress/egress-log-record.js';
import { DEFAULT_EGRESS_LIMITS } from '../../src/egress/egress-policy.js';
import { startEgressProxy, type EgressProxy } from '../../src/egress/egress-proxy.js';
import type { DecideRequest } from '../../src/egress/inspect-request.js';
import { loadPolicyModules, policyDir } from '../../src/policy/policy-modules.js';
import { createCertificateAuthority } from '../../src/tls/certificate-authority.js';
import { startAwsWorld, STS_AUDIENCE, WORLD_BUCKET, type AwsWorld } from '../../src/world/aws/aws-world.js';
import { canonicalRequest, chunkSignature, signingKey, stringToSign } from '../../src/world/aws/sigv4-verifier.js';
import { defaultJobClaims, startOidcIssuer, type OidcIssuer } from '../../src/world/oidc-issuer.js';
import { findAwsCli } from '../support/aws-cli.js';
import { loopbackConnector } from './proxy-fixtures.js';

/*
 * The egress proxy resolves the run's AWS session by signing again (issue 18): the real AWS CLI,
 * holding only placeholder credentials, reaches the world's S3 and STS by their real names through
 * the proxy; the proxy checks each signature with the placeholders (@smithy/signature-v4), signs
 * the request again with the real session, and the world checks that with its own, independent
 * SigV4 verifier. Anything not signed with the placeholders, for another service than the host
 * serves, or presigned without a grant, is refused; the shipped policy reads only.
 */
const upstreamCa = createCertificateAuthority({ commonName: 'AWS upstream CA (test)' });
const runCa = createCertificateAuthority({ commonName: 'Airlock run CA (test)' });
const aws = findAwsCli();
let oidc: OidcIssuer;
let world: AwsWorld;
let dir: string;
let proxy: EgressProxy;
let forwarder: Server;
let proxyUrl: string;
const logs: EgressLogRecord[] = [];
const placeholder = awsPlaceholderCredentials();
let real: AwsCredentials;
let decide: DecideRequest;
let shipped: DecideRequest;
let granted: DecideRequest;

const GRANTS = `package airlock.egress
import rego.v1
aws_grants contains {"service": "s3", "operations": ["PutObject"], "buckets": ["${WORLD_BUCKET}"]}
aws_presigned_grants contains {"service": "s3", "operations": ["GetObject"]}
`;

function post(url: string, form: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams(form).toString();
    const req = request(url, { method: 'POST', ca: upstreamCa.certPem, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airlock-aws-resign-'));
  oidc = await startOidcIssuer({ defaults: defaultJobClaims({ repositoryId: 7, ownerId: 8, actorId: 9 }) });
  const issued = upstreamCa.issueServerCertificate(['127.0.0.1', 's3.amazonaws.com', '*.s3.amazonaws.com', 's3.us-east-1.amazonaws.com', '*.s3.us-east-1.amazonaws.com', 'sts.us-east-1.amazonaws.com', 'sts.amazonaws.com']);
  world = await startAwsWorld({ issuer: oidc.issuer, jwks: () => oidc.jwks(), tls: issued, ids: { repositoryId: 7, ownerId: 8 } });
  const session = await post(world.sts.url, { Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: world.roles.agent.arn, RoleSessionName: 'airlock-test', WebIdentityToken: await oidc.mint({}, STS_AUDIENCE), DurationSeconds: '900' });
  real = { accessKeyId: tag(session, 'AccessKeyId'), secretAccessKey: tag(session, 'SecretAccessKey'), sessionToken: tag(session, 'SessionToken') };
  expect(real.accessKeyId).toMatch(/^ASIA/);

  const modules = await loadPolicyModules(policyDir());
  const run = () => ({ repository: 'acme/widgets', repositories: ['acme/widgets'], identity: 'agent', event_name: 'push', sha: 'a'.repeat(40) });
  shipped = egressDecision(modules, githubHosts({}), run).decide;
  granted = egressDecision([...modules, { file: 'grants.rego', source: GRANTS }], githubHosts({}), run).decide;
  decide = shipped;
  const binding = awsCredentialBinding({ placeholder, real: () => real, roleArn: world.roles.agent.arn, endpoints: new Map([[`127.0.0.1:${world.s3.port}`, { service: 's3', region: 'us-east-1' }]]) });
  proxy = await startEgressProxy({
    policy: { ...DEFAULT_EGRESS_LIMITS, hosts: [...binding.hosts], requestsPerMinute: 60_000, burst: 1_000 },
    socketPath: join(dir, 'egress.sock'),
    onLog: (r) => logs.push(r),
    connectUpstream: loopbackConnector((host, port) => (host.startsWith('sts.') ? world.sts.port : host.endsWith('.amazonaws.com') ? world.s3.port : port), []),
    credentials: compileCredentials([binding]),
    authority: runCa,
    upstreamCa: [upstreamCa.certPem],
    decide: (request, found) => decide(request, found),
    protectedValues: () => [real.accessKeyId, real.secretAccessKey, real.sessionToken!].map((value) => ({ value, label: 'aws' })),
  });
  // The sandbox's relay, in short: a TCP port in front of the proxy's unix socket.
  forwarder = createServer((client) => {
    const upstream = connect(proxy.socketPath);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => forwarder.listen(0, '127.0.0.1', () => r()));
  proxyUrl = `http://127.0.0.1:${(forwarder.address() as { port: number }).port}`;
  await writeFile(join(dir, 'run-ca.pem'), runCa.certPem);
  await writeFile(join(dir, 'config'), '[default]\nregion = us-east-1\ns3 =\n  signature_version = s3v4\n');
}, 60_000);

afterAll(async () => {
  forwarder?.close();
  await proxy?.close();
  await world?.close();
  await oidc?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The AWS CLI as the agent runs it: placeholders only, every connection through the proxy. */
const cli = (args: string[], overrides: Record<string, string> = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const env = { PATH: '/usr/bin:/bin', HOME: dir, HTTPS_PROXY: proxyUrl, AWS_CA_BUNDLE: join(dir, 'run-ca.pem'), AWS_CONFIG_FILE: join(dir, 'config'), AWS_ACCESS_KEY_ID: placeholder.accessKeyId, AWS_SECRET_ACCESS_KEY: placeholder.secretAccessKey, AWS_SESSION_TOKEN: placeholder.sessionToken, AWS_EC2_METADATA_DISABLED: 'true', ...overrides };
    execFile(aws.path, args, { env, cwd: dir }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }));
  });

const bucket = () => world.state.buckets.get(WORLD_BUCKET)!;
const refusals = (since: number) => logs.slice(since).filter((r) => r.decision === 'deny').map((r) => r.reason);

describe('AWS requests through the egress proxy, signed again with the real session', () => {
  it('aws s3 ls and aws s3 cp down by the real S3 names: the world saw only the real session, the agent only placeholders', async () => {
    const before = world.state.s3Requests.length;
    const logged = logs.length;
    const listed = await cli(['s3', 'ls', `s3://${WORLD_BUCKET}/`, '--recursive']);
    expect(listed.stderr).toBe('');
    expect(listed.stdout).toContain('reports/build.txt');
    const down = await cli(['s3', 'cp', `s3://${WORLD_BUCKET}/reports/build.txt`, join(dir, 'down.txt')]);
    expect([down.code, down.stderr, logs.slice(logged).filter((r) => r.decision === 'deny')]).toEqual([0, '', []]);
    expect(await readFile(join(dir, 'down.txt'), 'utf8')).toBe('build 41: all green\n');
    const seen = world.state.s3Requests.slice(before);
    expect(seen.map((r) => r.operation)).toEqual(expect.arrayContaining(['ListObjectsV2', 'HeadObject', 'GetObject']));
    expect(seen.map((r) => [r.accessKeyId, r.status])).toEqual(seen.map(() => [real.accessKeyId, 200]));
    const resolved = logs.slice(logged).filter((r) => r.resolved);
    expect(resolved.length).toBe(seen.length);
    expect(resolved.every((r) => r.credential === 'aws' && r.host.endsWith('amazonaws.com'))).toBe(true);
  });

  it('aws s3 cp up (aws-chunked, STREAMING-UNSIGNED-PAYLOAD-TRAILER): refused by the shipped read-only policy, stored with a grant', async () => {
    const content = `${'payload '.repeat(9000)}\n`;
    await writeFile(join(dir, 'up.txt'), content);
    const logged = logs.length;
    const refused = await cli(['s3', 'cp', join(dir, 'up.txt'), `s3://${WORLD_BUCKET}/uploads/up.txt`]);
    expect(refused.code).not.toBe(0);
    expect(refusals(logged)).toContain('policy-denied');
    expect(bucket().objects.has('uploads/up.txt')).toBe(false);
    decide = granted;
    try {
      const stored = await cli(['s3', 'cp', join(dir, 'up.txt'), `s3://${WORLD_BUCKET}/uploads/up.txt`]);
      expect(stored.stderr).toBe('');
      expect(bucket().objects.get('uploads/up.txt')!.body.toString()).toBe(content);
      expect(world.state.s3Requests.at(-1)).toMatchObject({ operation: 'PutObject', accessKeyId: real.accessKeyId, status: 200, payload: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' });
      // The grant names PutObject in one bucket: a delete is still refused.
      expect((await cli(['s3', 'rm', `s3://${WORLD_BUCKET}/uploads/up.txt`])).code).not.toBe(0);
      expect(bucket().objects.has('uploads/up.txt')).toBe(true);
    } finally {
      decide = shipped;
    }
  });

  it('a Query API call (sts get-caller-identity, signed body hash, path encoded twice) is signed again and answers the real role', async () => {
    const res = await cli(['sts', 'get-caller-identity', '--output', 'json', '--endpoint-url', 'https://sts.us-east-1.amazonaws.com']);
    expect(res.stderr).toBe('');
    expect(JSON.parse(res.stdout)).toMatchObject({ Arn: 'arn:aws:sts::123456789012:assumed-role/airlock-agent/airlock-test' });
    expect(world.state.stsCalls.at(-1)).toMatchObject({ action: 'GetCallerIdentity', accessKeyId: real.accessKeyId, status: 200 });
  });

  it('through a mapped endpoint (aws-endpoints: s3 at 127.0.0.1:port), path style', async () => {
    const res = await cli(['s3', 'ls', `s3://${WORLD_BUCKET}/reports/`, '--endpoint-url', `https://127.0.0.1:${world.s3.port}`]);
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('build.txt');
    expect(world.state.s3Requests.at(-1)).toMatchObject({ operation: 'ListObjectsV2', accessKeyId: real.accessKeyId, status: 200 });
  });

  it('refuses what is not signed with the run placeholders: unsigned, another key, the wrong secret, another token', async () => {
    const logged = logs.length;
    const before = world.state.s3Requests.length;
    const target = `s3://${WORLD_BUCKET}/`;
    expect((await cli(['s3', 'ls', target, '--no-sign-request'])).code).not.toBe(0);
    expect((await cli(['s3', 'ls', target], { AWS_ACCESS_KEY_ID: 'ASIAIOSFODNN7EXAMPLE' })).code).not.toBe(0);
    expect((await cli(['s3', 'ls', target], { AWS_SECRET_ACCESS_KEY: `${placeholder.secretAccessKey.slice(0, -1)}${placeholder.secretAccessKey.endsWith('x') ? 'y' : 'x'}` })).code).not.toBe(0);
    expect((await cli(['s3', 'ls', target], { AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEBaaDKs4dQ' })).code).not.toBe(0);
    // The real key id itself is no better: the agent could only have it by leaking it, and it is signed with no secret it holds.
    expect((await cli(['s3', 'ls', target], { AWS_ACCESS_KEY_ID: real.accessKeyId })).code).not.toBe(0);
    expect(new Set(refusals(logged))).toEqual(new Set(['aws-unsigned', 'aws-foreign-credential', 'aws-signature-mismatch', 'aws-session-token-mismatch']));
    expect(world.state.s3Requests.length).toBe(before);
  });

  it('refuses a request signed for another service or region than the host serves, and hosts it does not know', async () => {
    const logged = logs.length;
    // Signed for sts, sent to S3's host.
    expect((await cli(['sts', 'get-caller-identity', '--endpoint-url', 'https://s3.us-east-1.amazonaws.com'])).code).not.toBe(0);
    // Signed for eu-west-1, sent to us-east-1's.
    expect((await cli(['s3api', 'list-objects-v2', '--bucket', WORLD_BUCKET, '--region', 'eu-west-1', '--endpoint-url', 'https://s3.us-east-1.amazonaws.com'])).code).not.toBe(0);
    // A VPC endpoint name Airlock does not recognise as a service.
    expect((await cli(['s3', 'ls', `s3://${WORLD_BUCKET}/`, '--endpoint-url', 'https://bucket.vpce-0a1b2c3d.s3.us-east-1.vpce.amazonaws.com'])).code).not.toBe(0);
    expect(refusals(logged)).toEqual(expect.arrayContaining(['aws-scope-mismatch', 'aws-endpoint-unknown']));
    expect(refusals(logged)).not.toContain('policy-denied');
  });

  it('refuses a presigned URL under the shipped policy; with a presigned grant, signs it again and the world serves it', async () => {
    const url = (await cli(['s3', 'presign', `s3://${WORLD_BUCKET}/reports/build.txt`, '--endpoint-url', 'https://s3.us-east-1.amazonaws.com'])).stdout.trim();
    expect(url).toContain(`X-Amz-Credential=${placeholder.accessKeyId}`);
    const curl = () =>
      new Promise<{ code: number; stdout: string }>((resolve) =>
        execFile('curl', ['-sS', '--max-time', '10', '--proxy', proxyUrl, '--cacert', join(dir, 'run-ca.pem'), url], { env: { PATH: '/usr/bin:/bin' } }, (error, stdout) => resolve({ code: error ? 1 : 0, stdout })),
      );
    const logged = logs.length;
    expect((await curl()).stdout).toContain('presigned URL');
    expect(refusals(logged)).toEqual(['policy-denied']);
    decide = granted;
    try {
      expect((await curl()).stdout).toBe('build 41: all green\n');
      expect(world.state.s3Requests.at(-1)).toMatchObject({ operation: 'GetObject', accessKeyId: real.accessKeyId, status: 200, payload: 'UNSIGNED-PAYLOAD' });
    } finally {
      decide = shipped;
    }
  });

  it('a chunk-signed upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), made with the world signer: every chunk checked and signed again', async () => {
    decide = granted;
    try {
      const data = [Buffer.alloc(70_000, 'a'), Buffer.alloc(1234, 'b')];
      const send = (secret: string) => chunkSignedPut(`uploads/chunked-${secret === placeholder.secretAccessKey ? 'ok' : 'bad'}.bin`, data, secret);
      expect(await send(placeholder.secretAccessKey)).toBe(200);
      expect(bucket().objects.get('uploads/chunked-ok.bin')!.body.equals(Buffer.concat(data))).toBe(true);
      expect(world.state.s3Requests.at(-1)).toMatchObject({ operation: 'PutObject', accessKeyId: real.accessKeyId, status: 200, payload: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' });
      // The header signed right but a chunk with another key: refused before anything leaves.
      expect(await chunkSignedPut('uploads/chunked-bad.bin', data, placeholder.secretAccessKey, 'x')).toBe(403);
      expect(bucket().objects.has('uploads/chunked-bad.bin')).toBe(false);
    } finally {
      decide = shipped;
    }
  });
});

/**
 * A PUT signed chunk by chunk with `secret` (the header and the chunks, or with `chunkSecretSuffix`
 * the chunks with another key), through the proxy's CONNECT tunnel, as an SDK other than botocore sends it.
 */
async function chunkSignedPut(key: string, data: Buffer[], secret: string, chunkSecretSuffix = ''): Promise<number> {
  const host = 's3.us-east-1.amazonaws.com';
  const longDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const date = longDate.slice(0, 8);
  const scope = `${date}/us-east-1/s3/aws4_request`;
  const decoded = Buffer.concat(data);
  const chunksLength = [...data, Buffer.alloc(0)].reduce((n, c) => n + c.length.toString(16).length + ';chunk-signature='.length + 64 + 2 + c.length + (c.length ? 2 : 0), 0) + 2;
  const headers = new Map<string, string[]>([
    ['host', [host]],
    ['content-encoding', ['aws-chunked']],
    ['content-length', [String(chunksLength)]],
    ['x-amz-content-sha256', ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD']],
    ['x-amz-date', [longDate]],
    ['x-amz-decoded-content-length', [String(decoded.length)]],
    ['x-amz-security-token', [placeholder.sessionToken]],
  ]);
  const signed = [...headers.keys()].sort();
  const path = `/${WORLD_BUCKET}/${key}`;
  const canonical = canonicalRequest({ method: 'PUT', rawPath: path, rawQuery: '', headers, payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' }, signed, 's3', false)!;
  const seed = createHmac('sha256', signingKey(secret, date, 'us-east-1', 's3')).update(stringToSign(longDate, scope, canonical)).digest('hex');
  const chunkKey = signingKey(secret + chunkSecretSuffix, date, 'us-east-1', 's3');
  const parts: Buffer[] = [];
  let previous = seed;
  for (const chunk of [...data, Buffer.alloc(0)]) {
    previous = chunkSignature(chunkKey, longDate, scope, previous, chunk);
    parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${previous}\r\n`), chunk, ...(chunk.length ? [Buffer.from('\r\n')] : []));
  }
  parts.push(Buffer.from('\r\n'));
  const body = Buffer.concat(parts);
  expect(body.length).toBe(chunksLength);
  const authorization = `AWS4-HMAC-SHA256 Credential=${placeholder.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${seed}`;
  return new Promise((resolve, reject) => {
    const tunnel = connect(proxy.socketPath, () => tunnel.write(`CONNECT ${host}:443 HTTP/1.1\r\nhost: ${host}:443\r\n\r\n`));
    tunnel.once('data', () => {
      const req = request({ host, path, method: 'PUT', createConnection: () => tlsOver(tunnel, host), headers: { ...Object.fromEntries([...headers].map(([k, v]) => [k, v[0]!])), authorization } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
    tunnel.on('error', reject);
  });
}

const tlsOver = (socket: Socket, servername: string) => tlsConnect({ socket, servername, ca: runCa.certPem });
