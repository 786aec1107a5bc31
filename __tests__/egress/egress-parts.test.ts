import { describe, expect, it } from '@jest/globals';
import { createConnection, createServer, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { isPublicAddress } from '../../src/egress/address-class.js';
import { connectPublicUpstream, UpstreamError } from '../../src/egress/connect-upstream.js';
import { batchWrites } from '../../src/egress/batch-writes.js';
import { RateLimiter } from '../../src/egress/rate-limiter.js';
import { routedUpstream } from '../../src/egress/routed-upstream.js';
import { DEFAULT_EGRESS_LIMITS } from '../../src/egress/egress-policy.js';
import { startEgressProxy } from '../../src/egress/egress-proxy.js';
import { createServer as createHttpServer, request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readClientHelloSni } from '../../src/egress/tls-client-hello.js';

/** A real ClientHello from Node's TLS stack, captured by a plain TCP listener on loopback. */
async function captureClientHello(servername: string | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const server = createServer((s: Socket) => {
      let data = Buffer.alloc(0);
      s.on('data', (c: Buffer) => {
        data = Buffer.concat([data, c]);
        const len = data.length >= 5 ? data.readUInt16BE(3) : Infinity;
        if (data.length >= 5 + len) {
          s.destroy();
          server.close();
          resolve(data.subarray(0, 5 + len));
        }
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      const client = tlsConnect({
        host: '127.0.0.1',
        port,
        ...(servername ? { servername } : {}),
        rejectUnauthorized: false,
      });
      client.on('error', () => undefined);
      server.on('error', reject);
    });
  });
}

/** Re-frames one handshake record into two, as a client may legally do. */
function splitRecord(hello: Buffer, at: number): Buffer {
  const body = hello.subarray(5);
  const rec = (part: Buffer) =>
    Buffer.concat([Buffer.from([22, 3, 1, part.length >> 8, part.length & 255]), part]);
  return Buffer.concat([rec(body.subarray(0, at)), rec(body.subarray(at))]);
}

describe('TLS ClientHello SNI', () => {
  it('reads the server name of a real handshake, also when it arrives in pieces', async () => {
    const hello = await captureClientHello('allowed.test');
    expect(readClientHelloSni(hello)).toEqual({ status: 'sni', serverName: 'allowed.test' });
    expect(readClientHelloSni(hello.subarray(0, 3))).toEqual({ status: 'need-more' });
    expect(readClientHelloSni(hello.subarray(0, hello.length - 1))).toEqual({
      status: 'need-more',
    });
    expect(readClientHelloSni(splitRecord(hello, 2))).toEqual({
      status: 'sni',
      serverName: 'allowed.test',
    });
    expect(readClientHelloSni(splitRecord(hello, 60))).toEqual({
      status: 'sni',
      serverName: 'allowed.test',
    });
  });

  it('reports a missing server name and refuses what is not a ClientHello', async () => {
    expect(readClientHelloSni(await captureClientHello(undefined))).toEqual({
      status: 'sni',
      serverName: undefined,
    });
    expect(readClientHelloSni(Buffer.from('GET / HTTP/1.1\r\nHost: evil.test\r\n\r\n'))).toEqual({
      status: 'invalid',
      reason: 'not-tls-handshake',
    });
    expect(readClientHelloSni(Buffer.from([22, 3, 1, 0, 4, 2, 0, 0, 0]))).toEqual({
      status: 'invalid',
      reason: 'not-client-hello',
    });
    expect(readClientHelloSni(Buffer.from([22, 3, 1, 0x40, 0x00]))).toEqual({
      status: 'need-more',
    });
    expect(readClientHelloSni(Buffer.from([22, 3, 1, 0xff, 0xff]))).toEqual({
      status: 'invalid',
      reason: 'too-large',
    });
    expect(readClientHelloSni(Buffer.from([22, 3, 1, 0, 4, 1, 0xff, 0xff, 0xff]))).toEqual({
      status: 'invalid',
      reason: 'too-large',
    });
  });

  it('refuses a hello whose server_name overruns it', async () => {
    const hello = Buffer.from(await captureClientHello('allowed.test'));
    const name = hello.indexOf('allowed.test');
    // server_name list: [list len][type 0][name len][name]; make the name length overrun.
    const broken = Buffer.from(hello);
    broken.writeUInt16BE(0xfff0, name - 2);
    expect(readClientHelloSni(broken)).toEqual({ status: 'invalid', reason: 'malformed' });
  });
});

describe('address classes for resolved names', () => {
  it.each([
    ['93.184.215.14', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.31.255.255', false],
    ['172.32.0.1', true],
    ['192.168.0.1', false],
    ['100.64.0.1', false],
    ['169.254.169.254', false],
    ['168.63.129.16', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['2606:4700::1111', true],
    ['::1', false],
    ['::', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:93.184.215.14', true],
    ['64:ff9b::a9fe:a9fe', false],
    ['fd00:ec2::254', false],
    ['fe80::1', false],
    ['ff02::1', false],
    ['2001:db8::1', false],
    ['not an ip', false],
  ])('%s public=%s', (ip, expected) => {
    expect(isPublicAddress(ip)).toBe(expected);
  });

  it('the default connector refuses a name that resolves inside', async () => {
    const connectUpstream = connectPublicUpstream(async () => ['127.0.0.1', '169.254.169.254']);
    await expect(connectUpstream({ kind: 'name', host: 'rebind.test' }, 443)).rejects.toMatchObject(
      { code: 'non-public-address' },
    );
    const failing = connectPublicUpstream(async () => {
      throw new Error('NXDOMAIN');
    });
    await expect(failing({ kind: 'name', host: 'missing.test' }, 443)).rejects.toBeInstanceOf(
      UpstreamError,
    );
  });
});

describe('batched writes', () => {
  it('sends every chunk written in a turn by the end of that turn, in order, without an end()', async () => {
    const received: Buffer[] = [];
    let got!: () => void;
    const all = new Promise<void>((resolve) => (got = resolve));
    const server = createServer((s: Socket) =>
      s.on('data', (c: Buffer) => {
        received.push(c);
        if (Buffer.concat(received).length === 3 * 65536) got();
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const client = await new Promise<Socket>((resolve) => {
      const s: Socket = createConnection(port, '127.0.0.1', () => resolve(s));
    });
    try {
      for (const byte of [1, 2, 3]) {
        batchWrites(client);
        client.write(Buffer.alloc(65536, byte));
      }
      // Held back for now: nothing has left this turn yet.
      expect(client.writableLength).toBe(3 * 65536);
      await all;
      const body = Buffer.concat(received);
      expect([body[0], body[65536], body[2 * 65536], body[3 * 65536 - 1]]).toEqual([1, 2, 3, 3]);
    } finally {
      client.destroy();
      server.close();
    }
  });
});

describe('rate limiter', () => {
  it('allows the burst, then the sustained rate, per key', () => {
    let t = 0;
    const limiter = new RateLimiter(60, 3, () => t);
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true);
    t += 1000;
    expect([limiter.take('a'), limiter.take('a')]).toEqual([true, false]);
    t += 60_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
  });
});

describe('routed upstream (virtual names for local services)', () => {
  it('sends a routed name to its local socket and everything else to the fallback', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airlock-route-'));
    const gateway = createHttpServer((req, res) =>
      res.end(`gateway saw ${req.headers.host} ${req.url}`),
    );
    await new Promise<void>((r) => gateway.listen(join(dir, 'gateway.sock'), () => r()));
    const fallbackAsked: string[] = [];
    const proxy = await startEgressProxy({
      policy: {
        ...DEFAULT_EGRESS_LIMITS,
        hosts: [
          { host: 'anthropic.airlock', ports: [80] },
          { host: 'other.test', ports: [80] },
        ],
      },
      socketPath: join(dir, 'egress.sock'),
      onLog: () => undefined,
      connectUpstream: routedUpstream(
        { 'Anthropic.Airlock.': { socketPath: join(dir, 'gateway.sock') } },
        async (host) => {
          fallbackAsked.push(host.host);
          throw new UpstreamError('connect-failed', 'no network in this test');
        },
      ),
    });
    const get = (url: string) =>
      new Promise<[number, string]>((resolve, reject) => {
        const req = request(
          { socketPath: join(dir, 'egress.sock'), path: url, headers: { host: new URL(url).host } },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve([res.statusCode ?? 0, body]));
          },
        );
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await get('http://anthropic.airlock/v1/messages')).toEqual([
        200,
        'gateway saw anthropic.airlock /v1/messages',
      ]);
      expect((await get('http://other.test/x'))[0]).toBe(502);
      expect(fallbackAsked).toEqual(['other.test']);
      expect(() =>
        routedUpstream({ '10.0.0.1': { port: 1 } }, async () => Promise.reject(new Error('x'))),
      ).toThrow(/host name/);
    } finally {
      await proxy.close();
      gateway.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
