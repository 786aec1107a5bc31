import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { createWorldTls, type WorldTls } from '../../src/world/world-https.js';
import { runAction } from '../../src/world/runner-harness.js';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy.js';
import { MAIN, POST } from '../support/dist-paths.js';

// An enterprise runner: the broker is served over HTTPS by a private CA the runner does not
// trust, and the way out is a forward proxy named by HTTPS_PROXY.
let stack: Stack;
let proxy: ForwardProxy;
let privateCa: WorldTls;
let broker: Server;
let brokerUrl: string;

beforeAll(async () => {
  stack = await startStack();
  proxy = await startForwardProxy();
  privateCa = await createWorldTls({ dir: await mkdtemp(join(tmpdir(), 'airlock-private-ca-')) });
  // The App behind a TLS front, as a load balancer with the company's certificate would serve it.
  broker = createServer({ key: privateCa.keyPem, cert: privateCa.certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void fetch(`${stack.app.url}${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: chunks.length ? Buffer.concat(chunks) : undefined })
        .then(async (answer) => {
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => broker.listen(0, '127.0.0.1', resolve));
  brokerUrl = `https://127.0.0.1:${(broker.address() as AddressInfo).port}`;
});

afterAll(async () => {
  broker.closeAllConnections();
  await new Promise<void>((resolve) => broker.close(() => resolve()));
  await proxy.close();
  await stack.close();
});

const run = (inputs: Record<string, string>, env: Record<string, string>) =>
  runAction({
    mainPath: MAIN,
    postPath: POST,
    inputs: { 'broker-url': brokerUrl, identity: 'agent', permissions: 'contents: read', run: 'test -n "$GH_TOKEN"', ...inputs },
    env: { ...stack.jobEnv(), ...env },
  });

describe("the Action's own calls on an enterprise network", () => {
  it('reaches the broker through HTTPS_PROXY and trusts the ca-certificate input', async () => {
    proxy.seen.length = 0;
    const result = await run({ 'ca-certificate': privateCa.caPem }, { HTTPS_PROXY: proxy.url });
    expect(result.main.log).not.toMatch(/ERROR/);
    expect(result.main.exitCode).toBe(0);
    expect(result.post.exitCode).toBe(0);
    const brokerHost = new URL(brokerUrl).host;
    // The exchange in main and (at least) the GitHub calls went through the tunnel.
    expect(proxy.seen.filter((t) => t === brokerHost).length).toBeGreaterThanOrEqual(1);
    expect(proxy.seen).toContain(new URL(stack.world.https.apiUrl).host);
    // The token was minted and revoked through it.
    expect((stack.world.snapshot().tokens as { narrowed_live: number }).narrowed_live).toBe(0);
  });

  it('goes direct for hosts NO_PROXY names', async () => {
    proxy.seen.length = 0;
    const result = await run({ 'ca-certificate': privateCa.caPem }, { HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    expect(result.main.exitCode).toBe(0);
    expect(proxy.seen).toEqual([]);
  });

  it('refuses a broker whose certificate no trusted CA signed', async () => {
    const result = await run({}, { HTTPS_PROXY: proxy.url });
    expect(result.main.exitCode).not.toBe(0);
    expect(result.main.log).toContain(`the Airlock broker at ${brokerUrl} did not answer`);
    expect((stack.world.snapshot().tokens as { narrowed_live: number }).narrowed_live).toBe(0);
  });

  it('names the input when ca-certificate is not a certificate', async () => {
    const result = await run({ 'ca-certificate': '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----' }, {});
    expect(result.main.exitCode).not.toBe(0);
    expect(result.main.log).toMatch(/input "ca-certificate": certificate 1 is not a valid X\.509 certificate/);
  });
});
