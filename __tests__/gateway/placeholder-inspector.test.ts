import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EgressLogRecord } from '../../src/egress/egress-log-record.js';
import { DEFAULT_EGRESS_LIMITS } from '../../src/egress/egress-policy.js';
import { startEgressProxy, type EgressProxy } from '../../src/egress/egress-proxy.js';
import { mintPlaceholderKey } from '../../src/gateway/placeholder-key.js';
import { placeholderInspector } from '../../src/gateway/placeholder-inspector.js';

const PLACEHOLDER = mintPlaceholderKey('anthropic');
let dir: string;
let upstream: Server;
let proxy: EgressProxy;
const received: string[] = [];
const nextSaw: string[] = [];
const logs: EgressLogRecord[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airlock-placeholder-'));
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(body);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  const port = (upstream.address() as { port: number }).port;
  proxy = await startEgressProxy({
    policy: { ...DEFAULT_EGRESS_LIMITS, hosts: [{ host: 'paste.test', ports: [80] }] },
    socketPath: join(dir, 'egress.sock'),
    onLog: (r) => logs.push(r),
    // Every allowed name goes to the local upstream; nothing reaches the network.
    connectUpstream: () =>
      new Promise((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port });
        s.once('connect', () => resolve(s));
        s.once('error', reject);
      }),
    inspectBody: placeholderInspector([PLACEHOLDER], async (body) => {
      let text = '';
      for await (const c of body) text += c.toString();
      nextSaw.push(text);
      return { verdict: 'allow' };
    }),
  });
});

afterAll(async () => {
  await proxy.close();
  await new Promise<void>((r) => upstream.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

function post(body: string): Promise<{ status: number; reason: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath: proxy.socketPath,
        method: 'POST',
        path: 'http://paste.test/new',
        headers: { host: 'paste.test' },
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            reason: res.headers['x-airlock-egress'] as string | undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('placeholderInspector on the egress proxy', () => {
  it('refuses and logs a placeholder sent to a non-LLM host, raw or base64', async () => {
    for (const body of [`key=${PLACEHOLDER}`, Buffer.from(PLACEHOLDER).toString('base64')]) {
      expect(await post(body)).toEqual({ status: 403, reason: 'body-blocked:llm-placeholder' });
      expect(logs.at(-1)).toMatchObject({
        host: 'paste.test',
        decision: 'deny',
        reason: 'body-blocked:llm-placeholder',
      });
    }
    expect(received).toEqual([]);
    expect(nextSaw).toEqual([]);
  });

  it('passes other bodies, whole, to the next inspector and on', async () => {
    expect(await post('just text')).toEqual({ status: 200, reason: undefined });
    expect(nextSaw).toEqual(['just text']);
    expect(received).toEqual(['just text']);
  });
});
