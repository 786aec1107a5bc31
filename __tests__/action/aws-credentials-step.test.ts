import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { WORLD_BUCKET } from '../../src/world/aws/aws-world.js';
import { runAction, type ActionRun } from '../../src/world/runner-harness.js';
import { findAwsCli } from '../support/aws-cli.js';
import { MAIN, POST } from '../support/dist-paths.js';
import { ensureRoutableTestAddress } from '../support/routable-address.js';
import { DUMP_MEMORY } from '../support/dump-process-memory.js';

/*
 * Issue 18's AWS acceptance, end to end through the runner and the built Action: a sandboxed agent
 * running the real AWS CLI with only placeholder credentials lists, downloads and (when the egress
 * policy grants it) uploads at the world's S3-shaped endpoint through the egress proxy. The world
 * saw requests signed with the real STS session only; the agent's environment, files and readable
 * memory never held it; another host, a request signed for another service, and presigned URLs
 * are refused; the attestation records the session as one that cannot be revoked.
 */
const aws = findAwsCli();
let stack: Stack;
let grantsDir: string;

beforeAll(async () => {
  stack = await startStack({ httpsHost: ensureRoutableTestAddress() });
  // The shipped policies plus one module granting uploads into the world's bucket.
  grantsDir = await mkdtemp(join(tmpdir(), 'airlock-aws-policy-'));
  await cp('policies', grantsDir, { recursive: true });
  await writeFile(join(grantsDir, 'aws_grants.rego'), `package airlock.egress\nimport rego.v1\naws_grants contains {"service": "s3", "operations": ["PutObject"], "buckets": ["${WORLD_BUCKET}"]}\n`);
}, 120_000);

afterAll(async () => {
  await stack.close();
  await rm(grantsDir, { recursive: true, force: true });
});

const DUMP_COMMANDS = 'printf %s "$AWS_SECRET_ACCESS_KEY" > .placeholder\nperl dump.pl .dump\ncp -r "$HOME" .dump/home';

const agent = (awsPath: string, dump: boolean) => `set -u
AWS=${awsPath}
S3="$AWS_ENDPOINT_URL_S3"
sleep 600 &
echo "LS=$($AWS --endpoint-url "$S3" s3 ls s3://${WORLD_BUCKET}/reports/ 2>&1 | tr '\\n' ' ')"
$AWS --endpoint-url "$S3" s3 cp s3://${WORLD_BUCKET}/reports/build.txt down.txt >/dev/null 2>&1 && echo "DOWN=$(cat down.txt)"
printf 'written by an agent holding placeholders\\n' > up.txt
if $AWS --endpoint-url "$S3" s3 cp up.txt s3://${WORLD_BUCKET}/agent/up.txt >/dev/null 2>up.err; then echo UPLOADED; else echo "UPLOAD_REFUSED $(tr '\\n' ' ' < up.err)"; fi
echo "WHO=$($AWS --endpoint-url "$AWS_ENDPOINT_URL_STS" sts get-caller-identity --query Arn --output text 2>&1)"
echo "OTHER_HOST=$($AWS --endpoint-url https://collector.example.net s3 ls s3://${WORLD_BUCKET}/ 2>&1 | tail -1)"
echo "OTHER_SERVICE=$($AWS --endpoint-url "$S3" sts get-caller-identity 2>&1 | tail -1)"
printf '[default]\\ns3 =\\n  signature_version = s3v4\\n' > "$HOME/config"
URL=$(AWS_CONFIG_FILE="$HOME/config" $AWS --endpoint-url "$S3" s3 presign s3://${WORLD_BUCKET}/reports/build.txt)
echo "PRESIGNED=$(curl -sS "$URL")"
URL2=$($AWS --endpoint-url "$S3" s3 presign s3://${WORLD_BUCKET}/reports/build.txt)
echo "PRESIGNED_V2=$(curl -sS "$URL2")"
${dump ? DUMP_COMMANDS : ''}
`;

/**
 * The first run dumps the agent's memory (in place: no checkout, no attestation); the second,
 * with uploads granted, works on a redacted checkout and signs an attestation.
 */
function run(policyDir?: string): Promise<ActionRun> {
  const attested = policyDir !== undefined;
  return runAction({
    mainPath: MAIN,
    postPath: POST,
    inputs: {
      run: agent(aws.path, !attested),
      'aws-role-to-assume': stack.world.aws.roles.agent.arn,
      'aws-region': 'us-east-1',
      'aws-sts-endpoint': stack.world.aws.sts.url,
      'aws-endpoints': `s3=${stack.world.aws.s3.url}\nsts=${stack.world.aws.sts.url}`,
      'tool-paths': aws.toolPaths.join('\n'),
      ...(attested ? { attest: 'true', 'fulcio-url': stack.world.sigstore.url, 'rekor-url': stack.world.sigstore.url, 'github-token': stack.world.jobToken('acme/widgets', { attestations: 'write' }) } : { attest: 'false' }),
    },
    env: { ...stack.jobEnv(), ...(policyDir ? { AIRLOCK_POLICY_DIR: policyDir } : {}) },
    workspaceFiles: attested ? { 'README.md': '# widgets\n' } : { 'dump.pl': DUMP_MEMORY },
    checkout: attested,
  });
}

const line = (log: string, key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(log)?.[1] ?? '';

describe('an agent with placeholder AWS credentials, through the world, under the shipped read-only policy', () => {
  let result: ActionRun;
  let sessions: string[];
  let s3Before: number;
  beforeAll(async () => {
    s3Before = stack.world.aws.state.s3Requests.length;
    const before = new Set(stack.world.aws.state.sessions.keys());
    result = await run();
    sessions = [...stack.world.aws.state.sessions.keys()].filter((k) => !before.has(k));
  }, 300_000);

  it('assumes the role with the job OIDC token and reads: aws s3 ls, aws s3 cp down, sts get-caller-identity', () => {
    expect(result.main.exitCode).toBe(0);
    expect(sessions).toHaveLength(1);
    expect(line(result.main.log, 'LS')).toContain('build.txt');
    expect(line(result.main.log, 'DOWN')).toBe('build 41: all green');
    expect(line(result.main.log, 'WHO')).toMatch(/^arn:aws:sts::123456789012:assumed-role\/airlock-agent\/airlock-7000001-1$/);
    const session = stack.world.aws.state.sessions.get(sessions[0]!)!;
    expect(session.durationSeconds).toBe(900);
  });

  it('refuses the upload (the shipped policy reads only), another host, a request signed for another service, and presigned URLs', () => {
    expect(result.main.log).toMatch(/^UPLOAD_REFUSED .*PutObject operation: Forbidden/m);
    expect(result.main.log).not.toContain('UPLOADED');
    expect(stack.world.aws.state.buckets.get(WORLD_BUCKET)!.objects.has('agent/up.txt')).toBe(false);
    // The proxy refuses the CONNECT (host-not-allowed); botocore reports it as a proxy failure.
    expect(line(result.main.log, 'OTHER_HOST')).toMatch(/Failed to connect to proxy URL|403|Forbidden/);
    expect(result.main.log).toMatch(/collector\.example\.net:443 host-not-allowed/);
    expect(line(result.main.log, 'OTHER_SERVICE')).toContain('aws-scope-mismatch: the request is signed for sts in us-east-1, but 198.18.0.1 serves s3 in us-east-1');
    expect(line(result.main.log, 'PRESIGNED')).toContain('airlock egress: policy-denied');
    expect(line(result.main.log, 'PRESIGNED')).toContain('presigned URL');
    expect(line(result.main.log, 'PRESIGNED_V2')).toContain('airlock egress: aws-signing-unsupported: Signature Version 2 presigned URLs are not supported');
    // The world never saw any of them.
    const seen = stack.world.aws.state.s3Requests.slice(s3Before);
    expect(seen.some((r) => r.operation === 'PutObject')).toBe(false);
    expect(seen.filter((r) => r.operation === 'GetObject')).toHaveLength(1);
  });

  it('the world saw requests signed with the real session only, never a placeholder', () => {
    const placeholder = result.files['workspace/.placeholder']!;
    expect(placeholder).toMatch(/^[A-Za-z0-9+/]{40}$/);
    const seen = stack.world.aws.state.s3Requests.slice(s3Before);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen.map((r) => r.accessKeyId))).toEqual(new Set([sessions[0]]));
    expect(seen.every((r) => r.status < 300)).toBe(true);
    expect(stack.world.aws.state.stsCalls.filter((c) => c.action === 'GetCallerIdentity').at(-1)).toMatchObject({ accessKeyId: sessions[0], status: 200 });
  });

  it("the agent's environment, files and readable memory held no real value, and the log neither", () => {
    expect(result.main.log).toContain('dumped');
    const dumps = Object.entries(result.files).filter(([name]) => name.startsWith('workspace/.dump/'));
    expect(dumps.filter(([name]) => name.endsWith('.mem')).length).toBeGreaterThanOrEqual(3);
    const placeholder = result.files['workspace/.placeholder']!;
    for (const kind of ['.environ', '.mem']) expect(dumps.some(([name, text]) => name.endsWith(kind) && text.includes(placeholder))).toBe(true);
    const session = stack.world.aws.state.sessions.get(sessions[0]!)!;
    const shown = result.rawOutput.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    for (const value of [session.accessKeyId, session.secretAccessKey, session.sessionToken]) {
      for (const form of [value, Buffer.from(value).toString('base64')]) {
        expect(dumps.filter(([, text]) => text.includes(form)).map(([name]) => name)).toEqual([]);
        expect(shown.includes(form)).toBe(false);
      }
    }
  });

});

describe('the same agent when the egress policy grants uploads into the bucket', () => {
  let result: ActionRun;
  let s3Before: number;
  beforeAll(async () => {
    s3Before = stack.world.aws.state.s3Requests.length;
    result = await run(grantsDir);
  }, 300_000);

  it('aws s3 cp up goes through, signed again with the real session, and the world stores it', () => {
    expect(result.main.exitCode).toBe(0);
    expect(result.main.log).toContain('UPLOADED');
    const stored = stack.world.aws.state.buckets.get(WORLD_BUCKET)!.objects.get('agent/up.txt');
    expect(stored?.body.toString()).toBe('written by an agent holding placeholders\n');
    const put = stack.world.aws.state.s3Requests.filter((r) => r.operation === 'PutObject').at(-1)!;
    expect(put.status).toBe(200);
    expect(stack.world.aws.state.sessions.get(put.accessKeyId!)?.roleArn).toBe(stack.world.aws.roles.agent.arn);
  });

  it('the attestation records the session (role, duration, not revocable, when resolution stopped) and counts its resolutions', () => {
    const bundleFile = Object.entries(result.files).find(([name]) => /^RUNNER_TEMP\/airlock-attestation-.*\.sigstore\.json$/.test(name));
    expect(bundleFile).toBeDefined();
    const bundle = JSON.parse(bundleFile![1]) as { dsseEnvelope: { payload: string } };
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')) as { predicate: { credentials: Record<string, unknown>[]; egress: { resolutions?: Record<string, number> } } };
    const seen = stack.world.aws.state.s3Requests.slice(s3Before);
    const session = stack.world.aws.state.sessions.get(seen[0]!.accessKeyId!)!;
    const record = statement.predicate.credentials.find((c) => c.kind === 'aws-sts');
    expect(record).toMatchObject({ id: session.assumedRoleId, role: stack.world.aws.roles.agent.arn, durationSeconds: 900, revocable: false, expiresAt: new Date(Math.floor(session.expiresAt / 1000) * 1000).toISOString() });
    expect(record!.revokedAt).toBeUndefined();
    expect(Date.parse(String(record!.resolvingStoppedAt))).toBeLessThanOrEqual(session.expiresAt);
    // Every S3 request the world answered, and GetCallerIdentity, each a resolution of the session.
    expect(statement.predicate.egress.resolutions?.aws).toBe(seen.length + 1);
    expect(result.summary).toContain('cannot be revoked (STS)');
    expect(result.post.log).toContain('cannot be revoked');
  });
});
