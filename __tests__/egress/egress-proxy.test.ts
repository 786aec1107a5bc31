import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect as tlsConnect } from 'node:tls';
import {
  connectTunnel,
  startProxy,
  startTcpSink,
  startUpstream,
  viaProxy,
  type ProxyFixture,
  type Upstream,
} from './proxy-fixtures.js';

let upstream: Upstream;
let sink: Awaited<ReturnType<typeof startTcpSink>>;
let fx: ProxyFixture;
const inspected: string[] = [];

beforeAll(async () => {
  upstream = await startUpstream();
  sink = await startTcpSink();
  fx = await startProxy(
    {
      hosts: [
        { host: 'allowed.test', ports: [80, 443] },
        { host: 'api.test', ports: [80], methods: ['GET'], paths: ['/repos/**'] },
        { host: 'notunnel.test', connect: false },
      ],
      maxRequestBodyBytes: 1024,
    },
    (_host, port) => (port === 443 ? sink.port : upstream.port),
    async (body, req) => {
      let text = '';
      for await (const c of body) text += c.toString('utf8');
      inspected.push(`${req.method} ${req.host}${req.path} ${text.length}`);
      return text.includes('BLOCKME')
        ? { verdict: 'block', reason: 'canary' }
        : { verdict: 'allow' };
    },
  );
});

afterAll(async () => {
  await fx.close();
  await upstream.close();
  await sink.close();
});

const url = (host: string, path: string) => `http://${host}${path}`;

describe('egress proxy: plain HTTP', () => {
  it('forwards an allowed request with the checked Host and without proxy credentials, and logs metadata only', async () => {
    const before = upstream.received.length;
    const res = await viaProxy(
      fx.proxy.socketPath,
      'POST',
      url('allowed.test', '/a/b?q=SECRETQUERY'),
      {
        headers: {
          authorization: 'Bearer SECRETAUTH',
          'proxy-authorization': 'Basic SECRETPROXY',
          'x-keep': '1',
        },
        body: 'hello',
      },
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('ok POST /a/b?q=SECRETQUERY');
    const got = upstream.received[before]!;
    expect(got.headers.host).toBe('allowed.test');
    expect(got.headers['proxy-authorization']).toBeUndefined();
    expect(got.headers['x-keep']).toBe('1');
    expect(got.body).toBe('hello');
    const log = fx.logs.find((l) => l.path === '/a/b')!;
    expect(log).toMatchObject({
      kind: 'http',
      method: 'POST',
      host: 'allowed.test',
      port: 80,
      decision: 'allow',
      status: 200,
      requestBytes: 5,
    });
    expect(log.responseBytes).toBe(res.body.length);
    expect(JSON.stringify(fx.logs)).not.toMatch(/SECRETQUERY|SECRETAUTH|SECRETPROXY|hello/);
  });

  it('refuses a host that is not allowed without contacting anything, and logs the refusal', async () => {
    const asked = fx.asked.length;
    const res = await viaProxy(fx.proxy.socketPath, 'GET', url('evil.test', '/x'));
    expect(res.status).toBe(403);
    expect(res.headers['x-airlock-egress']).toBe('host-not-allowed');
    expect(fx.asked.length).toBe(asked);
    expect(fx.logs.at(-1)).toMatchObject({
      host: 'evil.test',
      decision: 'deny',
      reason: 'host-not-allowed',
      status: 403,
    });
  });

  it('passes a redirect back without following it', async () => {
    const res = await viaProxy(fx.proxy.socketPath, 'GET', url('allowed.test', '/redirect'));
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('http://evil.test/steal');
    expect(fx.asked.filter((a) => a.startsWith('evil.test'))).toEqual([]);
  });

  it('refuses bodies over the cap with 413 before anything goes upstream, declared or chunked', async () => {
    const before = upstream.received.length;
    const big = 'x'.repeat(1025);
    expect(
      (await viaProxy(fx.proxy.socketPath, 'POST', url('allowed.test', '/up'), { body: big }))
        .status,
    ).toBe(413);
    expect(
      (
        await viaProxy(fx.proxy.socketPath, 'POST', url('allowed.test', '/up'), {
          body: big,
          chunked: true,
        })
      ).status,
    ).toBe(413);
    expect(
      (
        await viaProxy(fx.proxy.socketPath, 'POST', url('allowed.test', '/up'), {
          body: 'x'.repeat(1024),
          chunked: true,
        })
      ).status,
    ).toBe(200);
    expect(upstream.received.slice(before).map((r) => r.body.length)).toEqual([1024]);
  });

  it('hands the whole body to the inspector and sends nothing when it blocks', async () => {
    const before = upstream.received.length;
    const res = await viaProxy(fx.proxy.socketPath, 'PUT', url('allowed.test', '/doc'), {
      body: 'a'.repeat(300) + 'BLOCKME' + 'b'.repeat(300),
      chunked: true,
    });
    expect(res.status).toBe(403);
    expect(res.headers['x-airlock-egress']).toBe('body-blocked:canary');
    expect(inspected).toContain('PUT allowed.test/doc 607');
    expect(upstream.received.length).toBe(before);
  });

  it('applies method and path rules', async () => {
    expect((await viaProxy(fx.proxy.socketPath, 'GET', url('api.test', '/repos/o/r'))).status).toBe(
      200,
    );
    expect(
      (await viaProxy(fx.proxy.socketPath, 'POST', url('api.test', '/repos/o/r'), { body: '{}' }))
        .status,
    ).toBe(403);
    expect((await viaProxy(fx.proxy.socketPath, 'GET', url('api.test', '/gists'))).status).toBe(
      403,
    );
  });

  it('refuses a Host header naming another host', async () => {
    const res = await viaProxy(fx.proxy.socketPath, 'GET', url('allowed.test', '/x'), {
      headers: { host: 'evil.test' },
    });
    expect(res.status).toBe(403);
    expect(res.headers['x-airlock-egress']).toBe('host-header-mismatch');
  });

  it('refuses WebSocket and h2c upgrades', async () => {
    const res = await viaProxy(fx.proxy.socketPath, 'GET', url('allowed.test', '/ws'), {
      headers: { connection: 'Upgrade', upgrade: 'websocket' },
    }).catch((e: Error) => ({ status: -1, body: e.message }));
    expect(res.status).toBe(403);
    expect(fx.logs.at(-1)).toMatchObject({
      kind: 'upgrade',
      decision: 'deny',
      reason: 'upgrade-refused',
    });
  });
});

describe('egress proxy: protocol smuggling (THREATS.md §C 14)', () => {
  it('closes an HTTP/2 prior-knowledge connection without contacting anything', async () => {
    const asked = fx.asked.length;
    const { connect } = await import('node:net');
    const s = connect({ path: fx.proxy.socketPath });
    s.write('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
    let answer = '';
    s.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    await new Promise((r) => s.on('close', r));
    expect(answer).not.toMatch(/^HTTP\/1\.1 2/);
    expect(fx.asked.length).toBe(asked);
  });
});

describe('egress proxy: CONNECT', () => {
  const handshake = (socket: import('node:net').Socket, servername: string) => {
    const tls = tlsConnect({ socket, servername, rejectUnauthorized: false });
    return new Promise<string>((resolve) => {
      tls.on('error', (e) => resolve(e.message));
      tls.on('close', () => resolve('closed'));
    });
  };

  it('tunnels to an allowed host on 443 when the handshake names that host', async () => {
    const before = sink.received.length;
    const { status, socket } = await connectTunnel(fx.proxy.socketPath, 'allowed.test:443');
    expect(status).toBe(200);
    void handshake(socket, 'allowed.test');
    // The sink is not a TLS server: it only records that the ClientHello reached it.
    await new Promise<void>((r) => {
      const t = setInterval(() => {
        if (fx.asked.includes('allowed.test:443')) {
          clearInterval(t);
          r();
        }
      }, 10);
    });
    socket.destroy();
    await new Promise<void>((r) => {
      const t = setInterval(() => {
        if (sink.received.length > before) {
          clearInterval(t);
          r();
        }
      }, 10);
    });
    expect(sink.received.at(-1)!.includes(Buffer.from('allowed.test'))).toBe(true);
  });

  it('closes a tunnel whose TLS handshake names another host (SNI confusion)', async () => {
    const asked = fx.asked.length;
    const { status, socket } = await connectTunnel(fx.proxy.socketPath, 'allowed.test:443');
    expect(status).toBe(200);
    await handshake(socket, 'evil.test');
    expect(fx.asked.length).toBe(asked);
    expect(fx.logs.at(-1)).toMatchObject({
      kind: 'connect',
      host: 'allowed.test',
      decision: 'deny',
      reason: 'sni-mismatch',
    });
  });

  it('closes a tunnel that does not start with a TLS handshake', async () => {
    const { socket } = await connectTunnel(fx.proxy.socketPath, 'allowed.test:443');
    socket.write('GET / HTTP/1.1\r\nHost: evil.test\r\n\r\n');
    await new Promise((r) => socket.on('close', r));
    expect(fx.logs.at(-1)).toMatchObject({ decision: 'deny', reason: 'tls-not-tls-handshake' });
  });

  it('refuses CONNECT to other ports, to hosts with method rules, and to hosts that forbid tunnels', async () => {
    expect((await connectTunnel(fx.proxy.socketPath, 'allowed.test:22')).status).toBe(403);
    expect((await connectTunnel(fx.proxy.socketPath, 'api.test:80')).status).toBe(403);
    expect((await connectTunnel(fx.proxy.socketPath, 'notunnel.test:443')).status).toBe(403);
    expect((await connectTunnel(fx.proxy.socketPath, '127.0.0.1:443')).status).toBe(403);
    expect(fx.logs.slice(-4).map((l) => l.reason)).toEqual([
      'port-not-allowed',
      'connect-bypasses-rules',
      'connect-not-allowed',
      'ip-literal-not-allowed',
    ]);
  });
});

describe('egress proxy: rate limit', () => {
  it('answers 429 once a host has used its burst', async () => {
    const limited = await startProxy(
      { hosts: [{ host: 'allowed.test', ports: [80] }], burst: 2, requestsPerMinute: 1 },
      () => upstream.port,
    );
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push(
          (await viaProxy(limited.proxy.socketPath, 'GET', url('allowed.test', '/r'))).status,
        );
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});

/** Waits for a condition the proxy reports; no timing is asserted. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}

describe('egress proxy: exhaustion (THREATS.md §E 27)', () => {
  it('drops connections beyond the limit instead of queueing them', async () => {
    const small = await startProxy(
      { hosts: [{ host: 'allowed.test', ports: [80] }], maxConnections: 2 },
      () => upstream.port,
    );
    const { connect } = await import('node:net');
    const open = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<import('node:net').Socket>((resolve) => {
            const s = connect({ path: small.proxy.socketPath }, () => resolve(s));
          }),
      ),
    );
    try {
      await until(() => small.proxy.stats().connections === 2);
      const third = await viaProxy(small.proxy.socketPath, 'GET', url('allowed.test', '/x')).then(
        (r) => `status ${r.status}`,
        (e: Error) => `error ${e.message}`,
      );
      expect(third).toMatch(/^error /);
      for (const s of open) s.destroy();
      await until(() => small.proxy.stats().connections === 0);
      expect(
        (await viaProxy(small.proxy.socketPath, 'GET', url('allowed.test', '/x'))).status,
      ).toBe(200);
    } finally {
      for (const s of open) s.destroy();
      await small.close();
    }
  });

  it('answers 503 when held bodies would exceed the global budget, and recovers', async () => {
    const tight = await startProxy(
      {
        hosts: [{ host: 'allowed.test', ports: [80] }],
        maxRequestBodyBytes: 1000,
        maxBufferedBytes: 1500,
      },
      () => upstream.port,
    );
    const { request } = await import('node:http');
    try {
      // A slow upload holds 900 bytes without finishing its body.
      const slow = request({
        socketPath: tight.proxy.socketPath,
        method: 'POST',
        path: url('allowed.test', '/slow'),
        headers: { host: 'allowed.test', 'content-length': '1000' },
      });
      slow.on('error', () => undefined);
      slow.write('x'.repeat(900));
      await until(() => tight.proxy.stats().bufferedBytes === 900);
      const second = await viaProxy(tight.proxy.socketPath, 'POST', url('allowed.test', '/fast'), {
        body: 'y'.repeat(800),
      });
      expect(second.status).toBe(503);
      expect(second.headers['x-airlock-egress']).toBe('proxy-busy');
      slow.end('x'.repeat(100));
      await new Promise((r) => slow.on('response', r));
      expect(tight.proxy.stats().bufferedBytes).toBe(0);
      expect(
        (
          await viaProxy(tight.proxy.socketPath, 'POST', url('allowed.test', '/fast'), {
            body: 'y'.repeat(800),
          })
        ).status,
      ).toBe(200);
    } finally {
      await tight.close();
    }
  });
});
