import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileCredentials, type CredentialBinding } from '../../src/egress/credential-binding.js';
import { githubTokenPlaceholder, hasValidGithubChecksum, shapedPlaceholder } from '../../src/egress/credential-placeholder.js';
import type { EgressLogRecord } from '../../src/egress/egress-log-record.js';
import { DEFAULT_EGRESS_LIMITS } from '../../src/egress/egress-policy.js';
import { startEgressProxy, type EgressProxy } from '../../src/egress/egress-proxy.js';
import type { ApproveResolution, DecideRequest } from '../../src/egress/inspect-request.js';
import { createCertificateAuthority } from '../../src/tls/certificate-authority.js';
import { loopbackConnector, startUpstream, viaProxy, type Received, type Upstream } from './proxy-fixtures.js';
import { openTunnel, viaTunnel } from './tunnel-client.js';

/*
 * The proxy resolves a placeholder only in its bound place, toward its bound host, over TLS it
 * terminates with the run's CA, and scrubs real values from the answer (THREATS.md §F 31-33).
 * "Upstream" here is a real HTTPS server with its own CA; the proxy verifies it as the runner would.
 */
const REAL = 'ghs_RealTokenValueThatOnlyTheProxyHolds1234';
const NEXT = 'ghs_RefreshedTokenValueTheProxyHoldsNow9876';
const SECRET = 'npm_RealNpmTokenValueHeldByTheActionOnly0000';

const upstreamCa = createCertificateAuthority({ commonName: 'upstream CA' });
const runCa = createCertificateAuthority({ commonName: 'Airlock run CA' });
let https: Server;
let httpsPort: number;
const received: Received[] = [];
let plain: Upstream;
let dir: string;
let proxy: EgressProxy;
const logs: EgressLogRecord[] = [];
let real = REAL;
let decide: DecideRequest | undefined;
let approve: ApproveResolution | undefined;
const github: CredentialBinding = {
  id: 'github-token',
  kind: 'github-token',
  placeholder: githubTokenPlaceholder(),
  hosts: [{ host: 'api.bound.test', ports: [443] }, { host: 'git.bound.test', ports: [443] }],
  placements: [{ kind: 'authorization', schemes: ['bearer', 'token'] }, { kind: 'basic' }],
  real: () => real,
};
const npm: CredentialBinding = {
  id: 'vault:NPM_TOKEN',
  kind: 'vault-secret',
  placeholder: shapedPlaceholder(SECRET),
  hosts: [{ host: 'registry.bound.test', ports: [443] }],
  placements: [{ kind: 'header', name: 'x-npm-token' }],
  real: () => SECRET,
  approval: 'required',
};

beforeAll(async () => {
  // One HTTPS upstream answers for every bound name: it echoes what it received, so a test sees what left.
  const names = ['api.bound.test', 'git.bound.test', 'registry.bound.test', 'untrusted.test'];
  const issued = upstreamCa.issueServerCertificate(names);
  https = createHttpsServer({ key: issued.keyPem, cert: issued.certPem }, (req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(parts).toString('utf8') };
      received.push(r);
      res.writeHead(200, { 'content-type': 'application/json', 'x-echo-auth': String(req.headers.authorization ?? '') });
      res.end(JSON.stringify(r));
    });
  });
  await new Promise<void>((r) => https.listen(0, '127.0.0.1', () => r()));
  httpsPort = (https.address() as { port: number }).port;
  plain = await startUpstream();
  dir = await mkdtemp(join(tmpdir(), 'airlock-resolve-'));
  proxy = await startEgressProxy({
    policy: { ...DEFAULT_EGRESS_LIMITS, hosts: [{ host: '*.bound.test', ports: [443] }, { host: 'untrusted.test', ports: [443] }, { host: 'other.test', ports: [80, 443] }] },
    socketPath: join(dir, 'egress.sock'),
    onLog: (r) => logs.push(r),
    connectUpstream: loopbackConnector((_h, port) => (port === 443 ? httpsPort : plain.port), []),
    credentials: compileCredentials([github, npm, { ...github, id: 'untrusted', placeholder: githubTokenPlaceholder(), hosts: [{ host: 'untrusted.test', ports: [443] }], real: () => REAL }]),
    authority: runCa,
    upstreamCa: [upstreamCa.certPem],
    decide: (request, found) => (decide ? decide(request, found) : { decision: found ? 'resolve' : 'allow', reasons: [] }),
    approve: (credential, request, signal) => (approve ? approve(credential, request, signal) : Promise.resolve({ approved: false, reason: 'no approver in this test' })),
    protectedValues: () => [REAL, NEXT, SECRET].map((value) => ({ value, label: 'real' })),
    handshakeTimeoutMs: 2000,
  });
});

afterAll(async () => {
  await proxy.close();
  await plain.close();
  await new Promise<void>((r) => {
    https.close(() => r());
    https.closeAllConnections();
  });
  await rm(dir, { recursive: true, force: true });
});

const since = (n: number) => received.slice(n);
const tunnel = (host: string, options: Parameters<typeof viaTunnel>[4] = {}) => viaTunnel(proxy.socketPath, host, 443, runCa.certPem, options);
const lastLog = () => logs.at(-1)!;

describe('placeholders', () => {
  it('a GitHub placeholder has the token shape but a checksum GitHub rejects; a shaped one keeps the shape only', () => {
    const p = githubTokenPlaceholder();
    expect(p).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    expect(hasValidGithubChecksum(p)).toBe(false);
    const shaped = shapedPlaceholder('npm_AbC123xyz-._Zz9');
    expect(shaped).toMatch(/^npm_[A-Z][a-z][A-Z]\d{3}[a-z]{3}-\._[A-Z][a-z]\d$/);
    expect(shaped).not.toBe('npm_AbC123xyz-._Zz9');
    const pem = '-----BEGIN KEY-----\nAbcd1234\n-----END KEY-----';
    expect(shapedPlaceholder(pem)).toMatch(/^-----BEGIN KEY-----\n[A-Z][a-z]{3}\d{4}\n-----END KEY-----$/);
    expect(shapedPlaceholder('--------')).toMatch(/^[A-Za-z0-9]{16}$/);
  });
});

describe('resolution toward a bound host, TLS terminated by the run CA', () => {
  it('puts the real token in the Authorization header the agent filled with its placeholder', async () => {
    const n = received.length;
    const res = await tunnel('api.bound.test', { path: '/repos/acme/widgets', headers: { authorization: `token ${github.placeholder}` } });
    expect(res.status).toBe(200);
    expect(since(n).map((r) => [r.url, r.headers.authorization])).toEqual([['/repos/acme/widgets', `token ${REAL}`]]);
    // The upstream echoed the header twice (body and a response header); the agent sees neither.
    expect(res.body).not.toContain(REAL);
    expect(res.body).toContain('[airlock:scrubbed]');
    expect(res.headers['x-echo-auth']).toBe('token [airlock:scrubbed]');
    expect(lastLog()).toMatchObject({ kind: 'https', decision: 'allow', credential: 'github-token', resolved: true, policy: 'resolve' });
  });

  it('resolves HTTP Basic as git sends it (x-access-token:<token>) and the token-as-user form', async () => {
    const n = received.length;
    const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
    await tunnel('git.bound.test', { path: '/acme/widgets.git/info/refs?service=git-upload-pack', headers: { authorization: basic(`x-access-token:${github.placeholder}`) } });
    await tunnel('git.bound.test', { path: '/acme/widgets.git/info/refs', headers: { authorization: basic(`${github.placeholder}:`) } });
    expect(since(n).map((r) => r.headers.authorization)).toEqual([basic(`x-access-token:${REAL}`), basic(`${REAL}:`)]);
  });

  it('swaps in a refreshed value while the placeholder stays the same', async () => {
    const n = received.length;
    real = NEXT;
    try {
      await tunnel('api.bound.test', { headers: { authorization: `Bearer ${github.placeholder}` } });
    } finally {
      real = REAL;
    }
    expect(since(n)[0]!.headers.authorization).toBe(`Bearer ${NEXT}`);
  });

  it('keeps the connection for several requests in one tunnel', async () => {
    const socket = await openTunnel(proxy.socketPath, 'api.bound.test:443');
    const { connect } = await import('node:tls');
    const { request } = await import('node:http');
    const secure = connect({ socket, servername: 'api.bound.test', ca: runCa.certPem });
    const agentless = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ createConnection: () => secure, path, headers: { host: 'api.bound.test', authorization: `token ${github.placeholder}`, connection: 'keep-alive' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    expect(await agentless('/one')).toBe(200);
    expect(await agentless('/two')).toBe(200);
    secure.destroy();
  });

  it('verifies the upstream against the runner trust store: an unknown upstream CA gets nothing', async () => {
    // untrusted.test answers with a certificate the proxy's upstream trust does not include.
    const other = createCertificateAuthority({ commonName: 'stranger' }).issueServerCertificate(['untrusted.test']);
    const stranger = createHttpsServer({ key: other.keyPem, cert: other.certPem }, (_req, res) => res.end('stolen'));
    await new Promise<void>((r) => stranger.listen(0, '127.0.0.1', () => r()));
    const port = (stranger.address() as { port: number }).port;
    const dir2 = await mkdtemp(join(tmpdir(), 'airlock-resolve2-'));
    const p2 = await startEgressProxy({
      policy: { ...DEFAULT_EGRESS_LIMITS, hosts: [{ host: 'api.bound.test', ports: [443] }] },
      socketPath: join(dir2, 'egress.sock'),
      onLog: () => undefined,
      connectUpstream: loopbackConnector(() => port, []),
      credentials: compileCredentials([github]),
      authority: runCa,
      upstreamCa: [upstreamCa.certPem],
    });
    try {
      const res = await viaTunnel(p2.socketPath, 'api.bound.test', 443, runCa.certPem, { headers: { authorization: `token ${github.placeholder}` } });
      expect(res.status).toBe(502);
      expect(res.headers['x-airlock-egress']).toBe('upstream-failed');
    } finally {
      await p2.close();
      await rm(dir2, { recursive: true, force: true });
      stranger.close();
    }
  });
});

describe('refusals: a placeholder anywhere else gets nothing real', () => {
  it.each([
    ['in the query', { path: `/collect?d=${Buffer.from('x').toString('base64')}&t=PH` }, 'placeholder-in-url'],
    ['base64 in the query', { path: '/collect?d=B64' }, 'placeholder-in-url'],
    ['in another header', { headers: { 'x-trace': 'PH' } }, 'placeholder-misplaced'],
    ['base64 in another header', { headers: { 'x-trace': 'B64' } }, 'placeholder-misplaced'],
    ['in a cookie', { headers: { cookie: 'session=PH' } }, 'placeholder-misplaced'],
    ['with an unbound scheme', { headers: { authorization: 'Digest PH' } }, 'placeholder-misplaced'],
    ['in the body', { method: 'POST', body: '{"token":"PH"}' }, 'placeholder-in-body'],
    ['hex in the body', { method: 'POST', body: 'HEX' }, 'placeholder-in-body'],
    ['twice', { headers: { authorization: 'token PH', 'x-api-key': 'PH' } }, 'placeholders-mixed'],
  ])('%s', async (_name, shape, reason) => {
    const fill = (s: string) =>
      s
        .replaceAll('B64', Buffer.from(github.placeholder).toString('base64'))
        .replaceAll('HEX', Buffer.from(github.placeholder).toString('hex'))
        .replaceAll('PH', github.placeholder);
    const options = {
      ...shape,
      ...('path' in shape ? { path: fill(shape.path) } : {}),
      ...('headers' in shape ? { headers: Object.fromEntries(Object.entries(shape.headers).map(([k, v]) => [k, fill(v)])) } : {}),
      ...('body' in shape ? { body: fill(shape.body) } : {}),
    };
    const n = received.length;
    const res = await tunnel('api.bound.test', options);
    expect([res.status, res.headers['x-airlock-egress']]).toEqual([403, reason]);
    expect(since(n)).toEqual([]);
    expect(lastLog()).toMatchObject({ decision: 'deny', reason });
  });

  it('toward another allowed host (plain HTTP or another tunnel) the placeholder is refused, never resolved', async () => {
    const before = plain.received.length;
    const res = await viaProxy(proxy.socketPath, 'GET', 'http://other.test/collect', { headers: { authorization: `token ${github.placeholder}` } });
    expect([res.status, res.headers['x-airlock-egress']]).toEqual([403, 'placeholder-wrong-host']);
    expect(plain.received.slice(before)).toEqual([]);
    // A vault secret bound to the registry, presented in its own header to the API host:
    const n = received.length;
    const wrong = await tunnel('api.bound.test', { headers: { 'x-npm-token': npm.placeholder } });
    expect([wrong.status, wrong.headers['x-airlock-egress']]).toEqual([403, 'placeholder-wrong-host']);
    expect(since(n)).toEqual([]);
  });

  it('a host a credential is bound to is terminated; other hosts stay opaque tunnels (no run CA there)', async () => {
    // other.test:443 is allowed but unbound: the tunnel is opaque, so the run CA means nothing and the upstream's own certificate shows.
    await expect(viaTunnel(proxy.socketPath, 'other.test', 443, runCa.certPem)).rejects.toThrow(/certificate|altname|verify/i);
    const opaque = await viaTunnel(proxy.socketPath, 'api.bound.test', 443, upstreamCa.certPem).catch((e: Error) => e.message);
    // The bound host answers with the run CA's certificate, not the upstream's.
    expect(String(opaque)).toMatch(/certificate|verify/i);
  });

  it('the Host header inside a terminated tunnel must name the tunnel target', async () => {
    const n = received.length;
    const res = await tunnel('api.bound.test', { hostHeader: 'other.test', headers: { authorization: `token ${github.placeholder}` } });
    expect([res.status, res.headers['x-airlock-egress']]).toEqual([403, 'host-header-mismatch']);
    await expect(tunnel('api.bound.test', { servername: 'other.test' })).rejects.toThrow();
    expect(since(n)).toEqual([]);
  });

  it('a real value of the run in the URL, a header or the body is refused (DLP), in its encodings too', async () => {
    const n = received.length;
    for (const options of [
      { path: `/x?t=${REAL}` },
      { headers: { 'x-trace': Buffer.from(SECRET).toString('base64') } },
      { method: 'POST', body: `leak ${[...REAL].reverse().join('')}` },
      { method: 'POST', body: Buffer.from(REAL).toString('hex').toUpperCase() },
    ]) {
      const res = await tunnel('api.bound.test', options);
      expect(res.status).toBe(403);
      expect(String(res.headers['x-airlock-egress'])).toMatch(/^(sensitive-value-in-request|dlp-blocked:)/);
    }
    // And a scanner finding (a credential-shaped value nobody registered) in a plain-HTTP body.
    const aws = await viaProxy(proxy.socketPath, 'POST', 'http://other.test/x', { body: 'AKIA' + 'Z7Q2MX4PLN6RTV3W aws_secret_access_key=' + 'k9Fz3Qw8Ls2Xv7Nb4Rt6Yp1Hm5Jc0Ge8Ud3Wa2Si' });
    expect(aws.status).toBe(403);
    expect(String(aws.headers['x-airlock-egress'])).toMatch(/^dlp-blocked:/);
    expect(since(n)).toEqual([]);
  });

  it('a large chunked upload is scanned as it streams in: a key pair deep inside it is refused, a clean one arrives whole', async () => {
    const filler = 'const total = items.reduce((sum, item) => sum + item.price, 0);\n'.repeat(20_000);
    const pair = 'AKIA' + 'Z7Q2MX4PLN6RTV3W aws_secret_access_key=' + 'k9Fz3Qw8Ls2Xv7Nb4Rt6Yp1Hm5Jc0Ge8Ud3Wa2Si';
    const before = plain.received.length;
    const leak = await viaProxy(proxy.socketPath, 'POST', 'http://other.test/upload', { body: filler + pair + '\n' + filler, chunked: true });
    expect([leak.status, String(leak.headers['x-airlock-egress'])]).toEqual([403, expect.stringMatching(/^dlp-blocked:.*aws-access-key-id/)]);
    expect(plain.received.slice(before)).toEqual([]);
    const clean = await viaProxy(proxy.socketPath, 'POST', 'http://other.test/upload', { body: filler + filler, chunked: true });
    expect(clean.status).toBe(200);
    expect(plain.received.slice(before).map((r) => r.body === filler + filler)).toEqual([true]);
  });
});

describe('the per-request policy and approvals', () => {
  it('a deny refuses with the policy message; allow without resolve never sends the placeholder', async () => {
    const n = received.length;
    decide = (request) => (request.path.startsWith('/gists') ? { decision: 'deny', reasons: ['gists are outside the run'] } : { decision: 'allow', reasons: [] });
    try {
      const gist = await tunnel('api.bound.test', { method: 'POST', path: '/gists', headers: { authorization: `token ${github.placeholder}` } });
      expect([gist.status, gist.headers['x-airlock-egress']]).toEqual([403, 'policy-denied']);
      expect(gist.body).toContain('gists are outside the run');
      const unresolved = await tunnel('api.bound.test', { path: '/repos/acme/widgets', headers: { authorization: `token ${github.placeholder}` } });
      expect([unresolved.status, unresolved.headers['x-airlock-egress']]).toEqual([403, 'resolution-denied']);
      // Without a credential the same request goes out.
      expect((await tunnel('api.bound.test', { path: '/zen' })).status).toBe(200);
      decide = () => {
        throw new Error('evaluator broke');
      };
      const broken = await tunnel('api.bound.test', { path: '/zen' });
      expect([broken.status, broken.headers['x-airlock-egress']]).toEqual([403, 'policy-denied']);
    } finally {
      decide = undefined;
    }
    expect(since(n).map((r) => [r.url, r.headers.authorization])).toEqual([['/zen', undefined]]);
  });

  it('a secret that needs approval waits for it; refusal and failure deny', async () => {
    const n = received.length;
    const asked: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    approve = async (credential, request) => {
      asked.push(`${credential.id} ${request.method} ${request.host}${request.path}`);
      await gate;
      return { approved: true };
    };
    try {
      const pending = tunnel('registry.bound.test', { method: 'PUT', path: '/pkg', headers: { 'x-npm-token': npm.placeholder }, body: '{}' });
      await new Promise((r) => setTimeout(r, 100));
      expect(since(n)).toEqual([]);
      release();
      expect((await pending).status).toBe(200);
      expect(since(n).map((r) => r.headers['x-npm-token'])).toEqual([SECRET]);
      expect(asked).toEqual(['vault:NPM_TOKEN PUT registry.bound.test/pkg']);
      approve = async () => ({ approved: false, reason: 'alice refused' });
      const refused = await tunnel('registry.bound.test', { method: 'PUT', path: '/pkg', headers: { 'x-npm-token': npm.placeholder } });
      expect([refused.status, refused.headers['x-airlock-egress']]).toEqual([403, 'approval-refused']);
      expect(refused.body).toContain('alice refused');
      approve = async () => {
        throw new Error('App unreachable');
      };
      const failed = await tunnel('registry.bound.test', { headers: { 'x-npm-token': npm.placeholder } });
      expect([failed.status, failed.headers['x-airlock-egress']]).toEqual([403, 'approval-refused']);
    } finally {
      approve = undefined;
    }
    expect(since(n)).toHaveLength(1);
  });
});

describe('CONNECT to a plain-HTTP host such as the LLM gateway', () => {
  it('is read as plain HTTP and each request in it checked, not relayed opaquely', async () => {
    const { startUpstream: start } = await import('./proxy-fixtures.js');
    const gateway = await start();
    const dir2 = await mkdtemp(join(tmpdir(), 'airlock-plain-tunnel-'));
    const p2 = await startEgressProxy({
      policy: { ...DEFAULT_EGRESS_LIMITS, hosts: [{ host: 'llm.airlock', ports: [80], methods: ['POST'], paths: ['/anthropic/v1/messages'] }, { host: 'api.bound.test', ports: [443] }] },
      socketPath: join(dir2, 'egress.sock'),
      onLog: () => undefined,
      connectUpstream: loopbackConnector(() => gateway.port, []),
      plainTunnelHosts: ['llm.airlock'],
    });
    const viaConnect = async (method: string, path: string) => {
      const { request } = await import('node:http');
      const socket = await openTunnel(p2.socketPath, 'llm.airlock:80');
      // openTunnel leaves the socket paused for a TLS client to take over; HTTP reads it directly.
      socket.resume();
      return new Promise<number>((resolve, reject) => {
        const req = request({ createConnection: () => socket, method, path, headers: { host: 'llm.airlock' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end('{}');
      });
    };
    try {
      expect(await viaConnect('POST', '/anthropic/v1/messages')).toBe(200);
      // The gateway host's method and path rules still hold inside the tunnel.
      expect(await viaConnect('GET', '/anthropic/v1/files')).toBe(403);
      expect(gateway.received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /anthropic/v1/messages']);
      // A host with rules that is not a plain-tunnel host is still never tunnelled.
      await expect(openTunnel(p2.socketPath, 'other.test:80')).rejects.toThrow(/403/);
    } finally {
      await p2.close();
      await gateway.close();
      await rm(dir2, { recursive: true, force: true });
    }
  });
});

describe('egress-policy: audit', () => {
  it('lets what the allow-list would refuse through and reports it; credentials and host confusion are enforced as ever', async () => {
    const dir3 = await mkdtemp(join(tmpdir(), 'airlock-audit-'));
    const auditLogs: EgressLogRecord[] = [];
    const p3 = await startEgressProxy({
      policy: { ...DEFAULT_EGRESS_LIMITS, hosts: [{ host: 'allowed.test', ports: [80] }, { host: 'api.bound.test', ports: [443] }] },
      socketPath: join(dir3, 'egress.sock'),
      onLog: (r) => auditLogs.push(r),
      connectUpstream: loopbackConnector((_h, port) => (port === 443 ? httpsPort : plain.port), []),
      credentials: compileCredentials([github]),
      authority: runCa,
      upstreamCa: [upstreamCa.certPem],
      enforcement: 'audit',
    });
    try {
      const before = plain.received.length;
      expect((await viaProxy(p3.socketPath, 'GET', 'http://unlisted.test/x')).status).toBe(200);
      expect(plain.received.slice(before).map((r) => r.url)).toEqual(['/x']);
      expect(auditLogs.at(-1)).toMatchObject({ host: 'unlisted.test', decision: 'allow', reason: 'audit:host-not-allowed' });
      // Still refused: a placeholder toward a host it is not bound to, a Host header naming another host.
      const misuse = await viaProxy(p3.socketPath, 'GET', 'http://unlisted.test/x', { headers: { authorization: `token ${github.placeholder}` } });
      expect([misuse.status, misuse.headers['x-airlock-egress']]).toEqual([403, 'placeholder-wrong-host']);
      const confused = await viaProxy(p3.socketPath, 'GET', 'http://unlisted.test/x', { headers: { host: 'allowed.test' } });
      expect([confused.status, confused.headers['x-airlock-egress']]).toEqual([403, 'host-header-mismatch']);
      // An unlisted CONNECT becomes an opaque tunnel, reported.
      // (The upstream's certificate does not name unlisted.test: the client gives up, after the tunnel carried its hello.)
      await viaTunnel(p3.socketPath, 'unlisted.test', 443, upstreamCa.certPem).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
      expect(auditLogs.some((r) => r.kind === 'connect' && r.host === 'unlisted.test' && r.reason === 'audit:host-not-allowed')).toBe(true);
    } finally {
      await p3.close();
      await rm(dir3, { recursive: true, force: true });
    }
  });
});
