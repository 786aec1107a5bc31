import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { compileCredentials, type CredentialBinding } from '../../src/egress/credential-binding.js';
import { shapedPlaceholder } from '../../src/egress/credential-placeholder.js';
import { DEFAULT_EGRESS_LIMITS } from '../../src/egress/egress-policy.js';
import { startEgressProxy, type EgressProxy } from '../../src/egress/egress-proxy.js';
import { HOLD_BYTES } from '../../src/egress/inspect-request.js';
import { createCertificateAuthority } from '../../src/tls/certificate-authority.js';
import { loopbackConnector, viaProxy } from './proxy-fixtures.js';
import { viaTunnel } from './tunnel-client.js';

// airlock:allow-file (synthetic credentials)

/*
 * Issue 16 item 4: request bodies stream through the egress proxy with bounded memory, every
 * check on them is chunk-safe, a refusal after bytes left aborts the upstream request, and
 * upstream connections are kept alive and reused (plain and TLS-terminated).
 */

const REAL = 'npm_RealNpmTokenValueHeldByTheActionOnly0000';
const AWS_KEY_ID = 'AKIA' + 'Z7Q2MX4PLN6RTV3W';
const AWS_PAIR = `${AWS_KEY_ID} aws_secret_access_key=` + 'k9Fz3Qw8Ls2Xv7Nb4Rt6Yp1Hm5Jc0Ge8Ud3Wa2Si';
const LINE = 'const total = items.reduce((sum, item) => sum + item.price, 0);\n';

/** What an upstream saw of each request, complete or not: bytes that left the host. */
interface Seen {
  body: Buffer[];
  bytes: number;
  state: 'open' | 'complete' | 'aborted';
}

function recordingUpstream(): { server: Server; seen: Seen[]; connections: () => number } {
  const seen: Seen[] = [];
  let connections = 0;
  const server = createServer((req, res) => record(req, res, seen));
  server.on('connection', () => connections++);
  return { server, seen, connections: () => connections };
}

function record(req: IncomingMessage, res: import('node:http').ServerResponse, seen: Seen[], keep = true): void {
  const entry: Seen = { body: [], bytes: 0, state: 'open' };
  seen.push(entry);
  req.on('data', (c: Buffer) => {
    entry.bytes += c.length;
    if (keep) entry.body.push(c);
  });
  req.on('end', () => {
    entry.state = 'complete';
    res.end('ok');
  });
  req.on('close', () => {
    if (entry.state === 'open') entry.state = 'aborted';
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; !condition(); i++) {
    if (i > 4000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const listen = async (server: Server | import('node:https').Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as { port: number }).port;
};
const close = (server: Server | import('node:https').Server) =>
  new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });

describe('a large upload streams through with bounded memory', () => {
  let outdir: string;
  let child: ChildProcess | undefined;
  const work = mkdtempSync(join(tmpdir(), 'airlock-stream-'));

  beforeAll(async () => {
    // The proxy runs in a child process of its own so its RSS is the proxy's alone; built from the sources under test.
    mkdirSync('node_modules/.cache', { recursive: true });
    outdir = mkdtempSync(resolve('node_modules/.cache/airlock-proxy-streaming-'));
    await build({
      stdin: {
        contents: `
          import { connect } from 'node:net';
          import { startEgressProxy } from './src/egress/egress-proxy.ts';
          import { DEFAULT_EGRESS_LIMITS } from './src/egress/egress-policy.ts';
          const [socketPath, port] = process.argv.slice(2);
          await startEgressProxy({
            policy: { ...DEFAULT_EGRESS_LIMITS, hosts: [{ host: 'upstream.test', ports: [80] }], maxRequestBodyBytes: 512 * 1024 * 1024 },
            socketPath,
            onLog: () => undefined,
            protectedValues: () => [{ value: ${JSON.stringify(REAL)}, label: 'test' }],
            connectUpstream: () => new Promise((ok, fail) => { const s = connect({ host: '127.0.0.1', port: Number(port) }); s.once('connect', () => ok(s)); s.once('error', fail); }),
          });
          let base = process.memoryUsage.rss();
          let peak = base;
          setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5).unref();
          process.on('message', (m) => {
            peak = Math.max(peak, process.memoryUsage.rss());
            if (m === 'baseline') peak = base = process.memoryUsage.rss();
            process.send({ base, peak });
            if (m === 'exit') process.exit(0);
          });
          process.send('ready');
        `,
        resolveDir: resolve('.'),
        loader: 'ts',
        sourcefile: 'proxy-child.ts',
      },
      outfile: join(outdir, 'proxy-child.mjs'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      logLevel: 'warning',
      banner: { js: "import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);" },
    });
  });

  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(outdir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('200 MB with DLP on: the proxy process grows by at most 64 MB and the upstream gets every byte', async () => {
    const seen: Seen[] = [];
    const upstream = createServer((req, res) => record(req, res, seen, false));
    const port = await listen(upstream);
    const socketPath = join(work, 'egress.sock');
    const proc = (child = fork(join(outdir, 'proxy-child.mjs'), [socketPath, String(port)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    const replies: unknown[] = [];
    proc.on('message', (m) => replies.push(m));
    const ask = async (m: string) => {
      const n = replies.length;
      proc.send(m);
      await until(() => replies.length > n, `the proxy's answer to ${m}`);
      return replies[n] as { base: number; peak: number };
    };
    try {
      await until(() => replies.includes('ready'), 'the proxy to start');
      // Prompt-like text, one 64 KiB block sent over and over: the client holds no upload either.
      const block = Buffer.from(LINE.repeat(Math.ceil(65536 / LINE.length)).slice(0, 65536));
      const upload = (bytes: number) =>
        new Promise<number>((done, fail) => {
          const req = request({ socketPath, method: 'POST', path: 'http://upstream.test/upload', headers: { host: 'upstream.test', 'content-length': String(bytes) } }, (res) => {
            res.resume();
            res.on('end', () => done(res.statusCode ?? 0));
          });
          req.on('error', fail);
          let sent = 0;
          const pump = () => {
            while (sent < bytes) {
              const part = block.subarray(0, Math.min(block.length, bytes - sent));
              sent += part.length;
              if (!req.write(part)) return void req.once('drain', pump);
            }
            req.end();
          };
          pump();
        });
      // Warm up (the scanner's tables, JIT, the upstream connection), then measure from here.
      expect(await upload(16 * 1024 * 1024)).toBe(200);
      await ask('baseline');
      const size = 200 * 1024 * 1024;
      expect(await upload(size)).toBe(200);
      const { base, peak } = await ask('report');
      expect(seen.at(-1)).toMatchObject({ state: 'complete', bytes: size });
      expect((peak - base) / 1024 / 1024).toBeLessThanOrEqual(64);
    } finally {
      proc.send('exit');
      await close(upstream);
    }
  }, 300_000);
});

describe('chunk-safe inspection and refusals after bytes left', () => {
  const ca = createCertificateAuthority({ commonName: 'Airlock run CA (streaming test)' });
  const vault: CredentialBinding = {
    id: 'vault:DEPLOY_KEY',
    kind: 'vault-secret',
    placeholder: shapedPlaceholder('dk_Zq81kLmN0pQrStUvWx2yZ3aBcDeFgH4i'),
    hosts: [{ host: 'bound.test', ports: [443] }],
    placements: [{ kind: 'header', name: 'x-deploy-key' }],
    real: () => 'dk_TheRealDeployKeyHeldOnlyByTheProxy9',
  };
  const up = recordingUpstream();
  let proxy: EgressProxy;
  const dir = mkdtempSync(join(tmpdir(), 'airlock-stream-'));

  beforeAll(async () => {
    const port = await listen(up.server);
    proxy = await startEgressProxy({
      policy: { ...DEFAULT_EGRESS_LIMITS, hosts: [{ host: 'other.test', ports: [80] }], maxRequestBodyBytes: 64 * 1024 * 1024, requestsPerMinute: 100_000, burst: 100_000 },
      socketPath: join(dir, 'egress.sock'),
      onLog: () => undefined,
      connectUpstream: loopbackConnector(() => port, []),
      credentials: compileCredentials([vault]),
      authority: ca,
      protectedValues: () => [{ value: REAL, label: 'real' }],
      inspectBody: async (body) => {
        for await (const c of body) if (c.includes('HOOK-CANARY')) return { verdict: 'block', reason: 'canary' };
        return { verdict: 'allow' };
      },
      handshakeTimeoutMs: 2000,
    });
  });

  afterAll(async () => {
    await proxy.close();
    await close(up.server);
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Sends `first` and waits until the proxy has taken all of it in (held, or forwarded and seen
   * upstream), so `second` arrives as another chunk: the secret is split exactly there.
   */
  const splitUpload = async (first: Buffer, second: Buffer) => {
    const n = up.seen.length;
    const req = request({ socketPath: proxy.socketPath, method: 'POST', path: 'http://other.test/upload', headers: { host: 'other.test', 'transfer-encoding': 'chunked' } });
    const answer = new Promise<{ status: number; reason: string }>((done, fail) => {
      req.on('response', (res) => {
        res.resume();
        done({ status: res.statusCode ?? 0, reason: String(res.headers['x-airlock-egress'] ?? '') });
      });
      req.on('error', fail);
    });
    req.write(first);
    await until(() => proxy.stats().bufferedBytes + (up.seen[n]?.bytes ?? 0) === first.length, 'the first part to reach the proxy');
    req.end(second);
    const result = await answer;
    const upstream = up.seen[n];
    if (upstream) await until(() => upstream.state !== 'open', 'the upstream request to end');
    return { ...result, upstream };
  };

  const cases: [string, string, RegExp][] = [
    ['a real value of the run', REAL, /^dlp-blocked:/],
    ['a placeholder', vault.placeholder, /^placeholder-in-body$/],
    ['an AWS key pair', AWS_PAIR, /^dlp-blocked:.*aws-access-key-id/],
  ];
  describe.each(cases)('%s split across two chunks at every offset', (_name, secret, reason) => {
    const split = secret === AWS_PAIR ? AWS_KEY_ID.length + 1 : secret.length;
    it('is refused before the upstream gets any byte of it (a body under the hold-back: nothing leaves)', async () => {
      const prefix = Buffer.from(LINE.repeat(20));
      for (let k = 1; k < split; k++) {
        const r = await splitUpload(Buffer.concat([prefix, Buffer.from(secret.slice(0, k))]), Buffer.from(secret.slice(k) + '\n' + LINE));
        expect([k, r.status, r.reason]).toEqual([k, 403, expect.stringMatching(reason)]);
        expect(r.upstream).toBeUndefined();
      }
      expect(proxy.stats().bufferedBytes).toBe(0);
    });

    it('after bytes went upstream, the upstream request is aborted (never complete, never the secret) and the agent refused', async () => {
      const prefix = Buffer.from(LINE.repeat(Math.ceil((HOLD_BYTES + 100_000) / LINE.length)));
      for (let k = 1; k < split; k += secret === AWS_PAIR ? 1 : 3) {
        const r = await splitUpload(Buffer.concat([prefix, Buffer.from(secret.slice(0, k))]), Buffer.from(secret.slice(k) + '\n' + LINE));
        expect([k, r.status, r.reason]).toEqual([k, 403, expect.stringMatching(reason)]);
        expect(r.upstream?.state).toBe('aborted');
        const got = Buffer.concat(r.upstream!.body);
        expect(got.length).toBeGreaterThan(0);
        expect(got.length).toBeLessThan(prefix.length);
        expect(got.includes(secret.slice(0, 8))).toBe(false);
      }
      expect(proxy.stats().bufferedBytes).toBe(0);
    });
  });

  it('the InspectBody hook reads the body as it streams; its block after bytes left aborts the upstream request', async () => {
    const prefix = Buffer.from(LINE.repeat(Math.ceil((HOLD_BYTES * 2) / LINE.length)));
    const r = await splitUpload(prefix, Buffer.from('HOOK-CANARY\n'));
    expect([r.status, r.reason]).toEqual([403, 'body-blocked:canary']);
    expect(r.upstream?.state).toBe('aborted');
  });

  it('a clean large body goes through whole, chunked as the client sent it', async () => {
    const body = Buffer.from(LINE.repeat(Math.ceil((HOLD_BYTES * 3) / LINE.length)));
    const r = await splitUpload(body.subarray(0, HOLD_BYTES * 2), body.subarray(HOLD_BYTES * 2));
    expect(r.status).toBe(200);
    expect(r.upstream?.state).toBe('complete');
    expect(Buffer.concat(r.upstream!.body).equals(body)).toBe(true);
  });
});

describe('the body cap once bytes left', () => {
  it('a chunked body that passes the cap mid-stream gets 413 and its upstream request is aborted', async () => {
    const up = recordingUpstream();
    const port = await listen(up.server);
    const dir = mkdtempSync(join(tmpdir(), 'airlock-stream-'));
    const proxy = await startEgressProxy({
      policy: { ...DEFAULT_EGRESS_LIMITS, hosts: [{ host: 'other.test', ports: [80] }], maxRequestBodyBytes: HOLD_BYTES * 2 },
      socketPath: join(dir, 'egress.sock'),
      onLog: () => undefined,
      connectUpstream: loopbackConnector(() => port, []),
    });
    try {
      const res = await viaProxy(proxy.socketPath, 'POST', 'http://other.test/up', { body: Buffer.alloc(HOLD_BYTES * 2 + 1, 120), chunked: true });
      expect([res.status, res.headers['x-airlock-egress']]).toEqual([413, 'body-too-large']);
      await until(() => up.seen.length === 1 && up.seen[0]!.state !== 'open', 'the upstream request to end');
      expect(up.seen[0]!.state).toBe('aborted');
      expect(up.seen[0]!.bytes).toBeGreaterThan(0);
      expect(proxy.stats().bufferedBytes).toBe(0);
    } finally {
      await proxy.close();
      await close(up.server);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('upstream connections are kept alive and reused', () => {
  it('N sequential requests (GETs, small and streamed uploads), each from a new client connection, use one upstream TCP connection', async () => {
    const up = recordingUpstream();
    const port = await listen(up.server);
    const dir = mkdtempSync(join(tmpdir(), 'airlock-stream-'));
    const proxy = await startEgressProxy({
      policy: { ...DEFAULT_EGRESS_LIMITS, hosts: [{ host: 'other.test', ports: [80] }], maxRequestBodyBytes: 16 * 1024 * 1024 },
      socketPath: join(dir, 'egress.sock'),
      onLog: () => undefined,
      connectUpstream: loopbackConnector(() => port, []),
      protectedValues: () => [{ value: REAL, label: 'real' }],
    });
    try {
      const big = LINE.repeat(Math.ceil((HOLD_BYTES * 2) / LINE.length));
      const N = 12;
      for (let i = 0; i < N; i++) {
        const res =
          i % 3 === 0
            ? await viaProxy(proxy.socketPath, 'GET', `http://other.test/get/${i}`)
            : await viaProxy(proxy.socketPath, 'POST', `http://other.test/post/${i}`, { body: i % 3 === 1 ? `small ${i}` : big, chunked: i % 2 === 0 });
        expect(res.status).toBe(200);
      }
      expect(up.seen.map((s) => s.state)).toEqual(Array(N).fill('complete'));
      expect(up.connections()).toBe(1);
    } finally {
      await proxy.close();
      await close(up.server);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the same through TLS the proxy terminates: N tunnels, one verified upstream TLS connection, closed at shutdown', async () => {
    const runCa = createCertificateAuthority({ commonName: 'Airlock run CA (keep-alive test)' });
    const upstreamCa = createCertificateAuthority({ commonName: 'upstream CA (keep-alive test)' });
    const issued = upstreamCa.issueServerCertificate(['api.bound.test']);
    const seen: Seen[] = [];
    let connections = 0;
    let open = 0;
    const https = createHttpsServer({ key: issued.keyPem, cert: issued.certPem }, (req, res) => record(req, res, seen));
    https.on('secureConnection', (s) => {
      connections++;
      open++;
      s.once('close', () => open--);
    });
    const port = await listen(https);
    const dir = mkdtempSync(join(tmpdir(), 'airlock-stream-'));
    const binding: CredentialBinding = {
      id: 'vault:API_KEY',
      kind: 'vault-secret',
      placeholder: shapedPlaceholder('ak_Zq81kLmN0pQrStUvWx2yZ3aBcDeFgH4i'),
      hosts: [{ host: 'api.bound.test', ports: [443] }],
      placements: [{ kind: 'header', name: 'x-api-key' }],
      real: () => 'ak_TheRealApiKeyHeldOnlyByTheProxy00',
    };
    const proxy = await startEgressProxy({
      policy: { ...DEFAULT_EGRESS_LIMITS, hosts: [{ host: 'api.bound.test', ports: [443] }] },
      socketPath: join(dir, 'egress.sock'),
      onLog: () => undefined,
      connectUpstream: loopbackConnector(() => port, []),
      credentials: compileCredentials([binding]),
      authority: runCa,
      upstreamCa: [upstreamCa.certPem],
      protectedValues: () => [{ value: REAL, label: 'real' }],
    });
    try {
      const N = 6;
      for (let i = 0; i < N; i++) {
        const res = await viaTunnel(proxy.socketPath, 'api.bound.test', 443, runCa.certPem, { method: 'POST', path: `/v/${i}`, headers: { 'x-api-key': binding.placeholder }, body: i % 2 ? LINE.repeat(9000) : 'small' });
        expect(res.status).toBe(200);
      }
      expect(seen.map((s) => s.state)).toEqual(Array(N).fill('complete'));
      expect(connections).toBe(1);
      await proxy.close();
      await until(() => open === 0, 'the pooled upstream connection to close at shutdown');
    } finally {
      await proxy.close();
      await close(https);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
