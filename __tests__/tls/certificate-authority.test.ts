import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer } from 'node:tls';
import { createCertificateAuthority } from '../../src/tls/certificate-authority.js';

function handshake(ca: string, issued: { keyPem: string; certPem: string }, servername: string | undefined, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve) => {
    const server = createServer({ key: issued.keyPem, cert: issued.certPem }, (s) => s.end('hello'));
    server.listen(0, host, () => {
      const port = (server.address() as { port: number }).port;
      const client = connect({ host, port, ca, ...(servername ? { servername } : {}) }, () => client.once('data', (d: Buffer) => finish(d.toString())));
      const finish = (result: string) => {
        client.destroy();
        server.close();
        resolve(result);
      };
      client.once('error', (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
    });
  });
}

describe('createCertificateAuthority', () => {
  const ca = createCertificateAuthority({ commonName: 'Airlock test CA' });

  it('issues server certificates for names and IP literals that chain to the CA and nothing else', () => {
    const leaf = new X509Certificate(ca.issueServerCertificate(['api.github.com', '127.0.0.1', '::1']).certPem);
    const root = new X509Certificate(ca.certPem);
    expect(root.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(root.publicKey)).toBe(true);
    expect(leaf.checkIssued(root)).toBe(true);
    expect(leaf.checkHost('api.github.com')).toBe('api.github.com');
    expect(leaf.checkHost('evil.com')).toBeUndefined();
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkIP('::1')).toBe('::1');
    expect(leaf.checkIP('127.0.0.2')).toBeUndefined();
    expect(leaf.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    // Another authority's leaf does not chain to this one.
    const other = createCertificateAuthority({ commonName: 'other' });
    expect(new X509Certificate(other.issueServerCertificate(['api.github.com']).certPem).verify(root.publicKey)).toBe(false);
  });

  it('passes OpenSSL strict verification (what curl, git and Python clients run)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-ca-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), ca.certPem);
      writeFileSync(join(dir, 'leaf.pem'), ca.issueServerCertificate(['example.test']).certPem);
      const out = execFileSync('openssl', ['verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', join(dir, 'ca.pem'), join(dir, 'leaf.pem')], { encoding: 'utf8' });
      expect(out.trim()).toMatch(/leaf\.pem: OK$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('completes a real TLS handshake for the right name and refuses another name or another CA', async () => {
    const issued = ca.issueServerCertificate(['localhost', '127.0.0.1']);
    expect(await handshake(ca.certPem, issued, 'localhost')).toBe('hello');
    expect(await handshake(ca.certPem, issued, undefined)).toBe('hello');
    expect(await handshake(ca.certPem, issued, 'api.github.com')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    const other = createCertificateAuthority({ commonName: 'other' });
    expect(await handshake(other.certPem, issued, 'localhost')).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('caches one certificate per name set, and the CA key never leaves the object', () => {
    const a = ca.issueServerCertificate(['b.test', 'a.test']);
    expect(ca.issueServerCertificate(['a.test', 'b.test'])).toBe(a);
    expect(ca.issueServerCertificate(['c.test'])).not.toBe(a);
    expect(JSON.stringify(ca)).not.toMatch(/PRIVATE KEY/);
    expect(() => ca.issueServerCertificate([])).toThrow(/at least one name/);
  });

  it('is valid from an hour ago for the validity asked', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    const short = createCertificateAuthority({ commonName: 'x', validityMs: 60_000, now: () => now });
    const cert = new X509Certificate(short.certPem);
    expect(new Date(cert.validFrom).toISOString()).toBe('2026-12-06T11:00:00.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe('2026-12-06T12:01:00.000Z');
    const late = createCertificateAuthority({ commonName: 'x', now: () => Date.parse('2051-01-01T00:00:00Z') });
    expect(new Date(new X509Certificate(late.certPem).validTo).getUTCFullYear()).toBe(2051);
  });
});
