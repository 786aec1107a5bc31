import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StreamScanner } from '../../src/scan/stream-scanner.js';
import {
  startProxy,
  startTcpSink,
  startUpstream,
  type ProxyFixture,
  type Upstream,
} from '../egress/proxy-fixtures.js';
import type { BridgeKind } from '../../src/sandbox/egress-bridge.js';
import { runIn, tempDir } from './sandbox-fixtures.js';

// Egress only through the bridge: in-sandbox forwarder on 127.0.0.1:3128 -> unix socket -> host proxy.
// Allowed test names map to loopback servers; no traffic goes anywhere but 127.0.0.1.
let workspace: string;
let upstream: Upstream;
let tlsSink: Awaited<ReturnType<typeof startTcpSink>>;
let fx: ProxyFixture;

beforeAll(async () => {
  workspace = await tempDir('egress-ws');
  upstream = await startUpstream();
  tlsSink = await startTcpSink();
  fx = await startProxy(
    { hosts: [{ host: 'allowed.test', ports: [80, 443] }], maxRequestBodyBytes: 1024 },
    (_h, port) => (port === 443 ? tlsSink.port : upstream.port),
  );
});

afterAll(async () => {
  await fx.close();
  await upstream.close();
  await tlsSink.close();
  await rm(workspace, { recursive: true, force: true });
});

const inSandbox = (command: string, bridge?: BridgeKind) =>
  runIn(`set +e; ${command}`, {
    workspace,
    egress: { socketPath: fx.proxy.socketPath },
    ...(bridge ? { bridge } : {}),
  });
const code = (args: string) => `curl -sS --max-time 5 -o /dev/null -w '%{http_code}\\n' ${args}`;

describe.each(['perl', 'node'] as const)('egress through the %s bridge', (bridge) => {
  it('reaches an allowed host through the proxy variables', async () => {
    const r = await inSandbox(
      'echo "$HTTP_PROXY $HTTPS_PROXY"; curl -sS --max-time 5 http://allowed.test/hello',
      bridge,
    );
    expect(r.stdout).toBe('http://127.0.0.1:3128 http://127.0.0.1:3128\nok GET /hello');
    expect(fx.logs.at(-1)).toMatchObject({
      host: 'allowed.test',
      path: '/hello',
      decision: 'allow',
      status: 200,
    });
  });

  it('refuses and logs a host that is not allowed; a redirect comes back unfollowed', async () => {
    const logsBefore = fx.logs.length;
    const r = await inSandbox(
      `${code('http://evil.test/x')}; ${code('http://allowed.test/redirect')}; ${code('-L http://allowed.test/redirect')}`,
      bridge,
    );
    // With -L curl itself follows the 302, back through the proxy, which refuses evil.test.
    expect(r.stdout).toBe('403\n302\n403\n');
    expect(
      fx.logs
        .slice(logsBefore)
        .filter((l) => l.host === 'evil.test')
        .map((l) => l.decision),
    ).toEqual(['deny', 'deny']);
    expect(fx.asked.filter((a) => a.startsWith('evil.test'))).toEqual([]);
  });

  it('refuses a body over the cap with 413', async () => {
    const before = upstream.received.length;
    const r = await inSandbox(
      `head -c 2000 /dev/zero | tr '\\0' a | ${code('--data-binary @- http://allowed.test/up')}`,
      bridge,
    );
    expect(r.stdout).toBe('413\n');
    expect(upstream.received.length).toBe(before);
  });

  it('tunnels HTTPS with CONNECT to the allowed host only', async () => {
    const asked = fx.asked.length;
    const logsBefore = fx.logs.length;
    const r = await inSandbox(
      `curl -sS --max-time 3 https://allowed.test/ >/dev/null 2>&1; ${code('https://evil.test/')}`,
      bridge,
    );
    expect(r.stdout).toBe('000\n');
    expect(fx.asked.slice(asked)).toEqual(['allowed.test:443']);
    expect(
      fx.logs
        .slice(logsBefore)
        .filter((l) => l.kind === 'connect')
        .map((l) => [l.host, l.decision]),
    ).toEqual(
      expect.arrayContaining([
        ['allowed.test', 'allow'],
        ['evil.test', 'deny'],
      ]),
    );
  });

  it('cannot bypass the proxy: no DNS and no route to the upstream directly', async () => {
    const before = upstream.received.length;
    const r = await inSandbox(
      `curl -sS --max-time 3 --noproxy '*' http://allowed.test/ && echo DIRECT-NAME; curl -sS --max-time 3 --noproxy '*' http://127.0.0.1:${upstream.port}/ && echo DIRECT-IP; echo end`,
      bridge,
    );
    expect(r.stdout).toBe('end\n');
    expect(upstream.received.length).toBe(before);
  });

  it("passes the command's exit status through, also when it exits at once", async () => {
    const codes = [];
    for (const want of [0, 3, 7, 0, 42]) {
      codes.push(
        (
          await runIn(`exit ${want}`, {
            workspace,
            egress: { socketPath: fx.proxy.socketPath },
            bridge,
          })
        ).exitCode,
      );
    }
    expect(codes).toEqual([0, 3, 7, 0, 42]);
  });

  it('is the requested program and relays large responses and bodies intact', async () => {
    const r = await inSandbox(
      `cat /proc/[0-9]*/comm 2>/dev/null | grep -xE 'perl|node' | sort -u; curl -sS --max-time 10 'http://allowed.test/big?n=3000000' | wc -c; head -c 1000 /dev/zero | tr '\\0' b | curl -sS --max-time 5 --data-binary @- http://allowed.test/echo-body`,
      bridge,
    );
    // The bridge running beside the agent is the one asked for.
    expect(r.stdout).toBe(`${bridge}\n3000000\nok POST /echo-body`);
    expect(upstream.received.at(-1)?.body).toBe('b'.repeat(1000));
  });
});

describe('what the sandbox sees of egress', () => {
  it('the egress socket is the only socket file the sandbox can see; /etc/ssl/private is not bound', async () => {
    // stat, not find's -type: a bind-mounted socket sits on a mount point that readdir reports as a file.
    const r = await inSandbox(
      "find / \\( -path /proc -o -path /sys -o -path /dev -o -path /usr \\) -prune -o -exec stat -c '%F %n' {} + 2>/dev/null | grep '^socket' ; ls /etc/ssl",
    );
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'certs',
      'openssl.cnf',
      'socket /run/airlock/egress.sock',
    ]);
  });

  it('with backend none, the proxy variables point at a host-side bridge to the same proxy', async () => {
    const r = await runIn(
      'curl -sS --max-time 5 http://allowed.test/from-none; echo; echo "$HTTP_PROXY"',
      {
        workspace,
        backend: 'none',
        egress: { socketPath: fx.proxy.socketPath },
      },
    );
    expect(r.stdout).toMatch(/^ok GET \/from-none\nhttp:\/\/127\.0\.0\.1:\d+\n$/);
    expect(fx.logs.at(-1)).toMatchObject({
      host: 'allowed.test',
      path: '/from-none',
      decision: 'allow',
    });
  });
});

describe('egress with the streaming scanner on the inspectBody hook', () => {
  it('blocks a plain-HTTP body carrying a secret the agent read, before it leaves the host', async () => {
    const scanned = await startProxy(
      { hosts: [{ host: 'allowed.test', ports: [80] }] },
      () => upstream.port,
      async (body) => {
        const scanner = new StreamScanner();
        const findings = [];
        for await (const chunk of body) findings.push(...scanner.push(chunk));
        findings.push(...scanner.end());
        return findings.length > 0 ? { verdict: 'block', reason: 'secret' } : { verdict: 'allow' };
      },
    );
    const key = `AKIA${'ABCDEFGHIJKLMNOP'.split('').reverse().join('')}`;
    await writeFile(join(workspace, 'config.json'), JSON.stringify({ aws: key }));
    try {
      const before = upstream.received.length;
      const r = await runIn(
        `${code('--data-binary @config.json http://allowed.test/upload')}; ${code('--data-binary "hello" http://allowed.test/upload')}`,
        { workspace, egress: { socketPath: scanned.proxy.socketPath } },
      );
      expect(r.stdout).toBe('403\n200\n');
      expect(upstream.received.slice(before).map((x) => x.body)).toEqual(['hello']);
      expect(scanned.logs.map((l) => l.reason)).toContain('body-blocked:secret');
    } finally {
      await scanned.close();
      await rm(join(workspace, 'config.json'));
    }
  });
});
