import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCaCertificate, runnerNetwork } from '../../src/action/runner-network.js';
import { createCertificateAuthority } from '../../src/tls/certificate-authority.js';
import { createWorldTls } from '../../src/world/world-https.js';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy.js';

let proxy: ForwardProxy;
beforeAll(async () => {
  proxy = await startForwardProxy();
});
afterAll(() => proxy.close());

// `.test` names never resolve (RFC 6761): a request that goes direct fails at DNS, one that goes
// through the proxy shows up in its log.
const attempt = async (env: NodeJS.ProcessEnv, url: string) => {
  proxy.seen.length = 0;
  await runnerNetwork(env).fetch(url, { signal: AbortSignal.timeout(5_000) }).then((r) => r.body?.cancel(), () => undefined);
  return [...proxy.seen];
};

describe('runnerNetwork', () => {
  it('sends http and https through the proxies the runner names, in either case', async () => {
    expect(await attempt({ https_proxy: proxy.url }, 'https://vault.corp.test/v1/sys/health')).toEqual(['vault.corp.test:443']);
    expect(await attempt({ HTTP_PROXY: proxy.url }, 'http://vault.corp.test:8200/v1/sys/health')).toEqual(['vault.corp.test:8200']);
    // HTTP_PROXY alone covers https too (undici's rule); with none set, everything goes direct.
    expect(await attempt({ http_proxy: proxy.url }, 'https://vault.corp.test/')).toEqual(['vault.corp.test:443']);
    expect(await attempt({}, 'https://vault.corp.test/')).toEqual([]);
  });

  it('skips the proxy for NO_PROXY hosts and their subdomains, as curl and @actions/http-client do', async () => {
    const env = { HTTPS_PROXY: proxy.url, NO_PROXY: 'corp.test, other.test:8443' };
    expect(await attempt(env, 'https://corp.test/')).toEqual([]);
    expect(await attempt(env, 'https://vault.corp.test/')).toEqual([]);
    expect(await attempt(env, 'https://notcorp.test/')).toEqual(['notcorp.test:443']);
    expect(await attempt(env, 'https://other.test/')).toEqual(['other.test:443']);
    expect(await attempt(env, 'https://other.test:8443/')).toEqual([]);
    expect(await attempt({ HTTPS_PROXY: proxy.url, no_proxy: '*' }, 'https://vault.corp.test/')).toEqual([]);
  });

  it('refuses a proxy variable that is not an http(s) URL at once, naming it and not its value', () => {
    for (const env of [{ https_proxy: 'proxy.corp.test:3128' }, { HTTP_PROXY: 'http://user:s3cret@[bad' }]) {
      expect(() => runnerNetwork(env)).toThrow(/^(https|http)_proxy \(or (HTTPS|HTTP)_PROXY\) is not a proxy URL: expected http:\/\/host:port/);
      expect(() => runnerNetwork(env)).not.toThrow(/s3cret/);
    }
  });

  it('keeps the runner roots beside the ca-certificate input for other clients', () => {
    const ca = createCertificateAuthority({ commonName: 'Corp CA', validityMs: 60_000 });
    const trusted = runnerNetwork({}, parseCaCertificate(ca.certPem)).trustStore();
    expect(trusted).toContain(ca.certPem.trim());
    expect(trusted.length).toBeGreaterThan(10);
  });

  it("sends the broker's calls through the proxy too, and trusts the ca-certificate input for them", async () => {
    proxy.seen.length = 0;
    const call = (network: ReturnType<typeof runnerNetwork>, url: string) => network.brokerFetch(url, { method: 'POST', headers: {}, body: '{}', signal: AbortSignal.timeout(5_000) });
    await call(runnerNetwork({ https_proxy: proxy.url }), 'https://broker.corp.test/airlock/v1/token').then((r) => r.body?.cancel(), () => undefined);
    expect(proxy.seen).toEqual(['broker.corp.test:443']);
    // Without a proxy: node:http(s), direct (DNS fails for .test, and nothing reaches the proxy).
    await expect(call(runnerNetwork({}), 'https://broker.corp.test/airlock/v1/token')).rejects.toThrow('fetch failed');
    expect(proxy.seen).toEqual(['broker.corp.test:443']);
    // A broker behind a private CA: trusted with the input, refused without it.
    const tls = await createWorldTls({ dir: await mkdtemp(join(tmpdir(), 'airlock-broker-ca-')) });
    const broker = createServer({ key: tls.keyPem, cert: tls.certPem }, (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    await new Promise<void>((resolve) => broker.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://127.0.0.1:${(broker.address() as AddressInfo).port}/airlock/v1/token`;
      const answer = await call(runnerNetwork({}, parseCaCertificate(tls.caPem)), url);
      expect([answer.status, await answer.json()]).toEqual([200, { ok: true }]);
      await expect(call(runnerNetwork({}), url)).rejects.toThrow('fetch failed');
    } finally {
      broker.closeAllConnections();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    }
  });

  it('passes the proxy variables on for git', () => {
    expect(runnerNetwork({ https_proxy: 'http://proxy:3128', NO_PROXY: 'corp.test', PATH: '/bin' }).proxyEnv).toEqual({ https_proxy: 'http://proxy:3128', NO_PROXY: 'corp.test' });
  });
});

describe('parseCaCertificate', () => {
  const ca = createCertificateAuthority({ commonName: 'Corp CA', validityMs: 60_000 });
  it('takes PEM, several PEMs, or their base64 (as vault-action does)', () => {
    expect(parseCaCertificate(ca.certPem)).toEqual([ca.certPem.trim()]);
    expect(parseCaCertificate(`${ca.certPem}\n${ca.certPem}`)).toHaveLength(2);
    expect(parseCaCertificate(Buffer.from(ca.certPem).toString('base64'))).toEqual([ca.certPem.trim()]);
    expect(parseCaCertificate('  ')).toEqual([]);
  });
  it('refuses what is not a certificate, saying what to paste', () => {
    expect(() => parseCaCertificate('hello')).toThrow(/expected one or more PEM certificates/);
    expect(() => parseCaCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toThrow(/certificate 1 is not a valid X\.509 certificate/);
  });
});
