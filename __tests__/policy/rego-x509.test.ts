import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { RegoPolicy } from '../../src/policy/rego/rego-policy.js';
import { fromJS, toJS } from '../../src/policy/rego/value.js';

// crypto.x509.* on certificates, requests and keys made here with the openssl CLI.
const dir = mkdtempSync(join(tmpdir(), 'airlock-x509-'));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/C=GB/O=Example Org/CN=Example CA', '-addext', 'basicConstraints=critical,CA:TRUE');
openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/O=Example Org/OU=Build/CN=leaf.example.com', '-addext', 'subjectAltName=DNS:leaf.example.com,URI:spiffe://example.com/agent,IP:10.1.2.3');
openssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '10', '-copy_extensions', 'copy');
openssl('genrsa', '-traditional', '-out', 'rsa.key', '2048');
const file = (name: string) => readFileSync(join(dir, name), 'utf8');

const evalQuery = (query: string, input: unknown, strict = false): unknown => {
  const rows = RegoPolicy.compile([]).query(`x = ${query}`, { input: fromJS(input), strict });
  return rows.length ? toJS(rows[0]!.get('x')!) : undefined;
};

describe('crypto.x509', () => {
  const chain = file('leaf.pem') + file('ca.pem');

  it('parses PEM, base64 PEM and base64 DER chains into Go x509.Certificate fields', () => {
    const certs = evalQuery('crypto.x509.parse_certificates(input.c)', { c: chain }) as Record<string, unknown>[];
    expect(certs.map((c) => (c.Subject as { CommonName: string }).CommonName)).toEqual(['leaf.example.com', 'Example CA']);
    expect(certs[0]).toMatchObject({ DNSNames: ['leaf.example.com'], URIStrings: ['spiffe://example.com/agent'], IPAddresses: ['10.1.2.3'], IsCA: false, Version: 3 });
    expect(certs[0]!.Subject).toMatchObject({ Organization: ['Example Org'], OrganizationalUnit: ['Build'], Country: null });
    expect(certs[0]!.Issuer).toMatchObject({ CommonName: 'Example CA', Country: ['GB'] });
    expect(certs[1]).toMatchObject({ IsCA: true, URIStrings: null });
    const b64Pem = evalQuery('crypto.x509.parse_certificates(input.c)', { c: Buffer.from(chain).toString('base64') }) as unknown[];
    const der = Buffer.concat([openssl('x509', '-in', 'leaf.pem', '-outform', 'DER'), openssl('x509', '-in', 'ca.pem', '-outform', 'DER')]);
    const b64Der = evalQuery('crypto.x509.parse_certificates(input.c)', { c: der.toString('base64') }) as unknown[];
    expect(b64Pem).toEqual(certs);
    expect(b64Der).toEqual(certs);
    expect(() => evalQuery('crypto.x509.parse_certificates("not base64!")', {}, true)).toThrow(/illegal base64 data/);
  });

  it('verifies a chain up to its self-signed root, and refuses a broken one', () => {
    expect((evalQuery('crypto.x509.parse_and_verify_certificates(input.c)', { c: chain }) as unknown[])[0]).toBe(true);
    expect(evalQuery('crypto.x509.parse_and_verify_certificates(input.c)', { c: file('leaf.pem') + file('leaf.pem') })).toEqual([false, []]);
  });

  it('reads a certificate request, a key pair and an RSA private key', () => {
    expect(evalQuery('crypto.x509.parse_certificate_request(input.c).Subject.CommonName', { c: file('leaf.csr') })).toBe('leaf.example.com');
    const pair = evalQuery('crypto.x509.parse_keypair(input.c, input.k)', { c: file('leaf.pem'), k: file('leaf.key') }) as { Certificate: string[]; PrivateKey?: unknown };
    expect(Buffer.from(pair.Certificate[0]!, 'base64').equals(openssl('x509', '-in', 'leaf.pem', '-outform', 'DER'))).toBe(true);
    expect(pair.PrivateKey).toBeUndefined();
    expect(() => evalQuery('crypto.x509.parse_keypair(input.c, input.k)', { c: file('leaf.pem'), k: file('ca.key') }, true)).toThrow(/private key does not match public key/);
    expect(evalQuery('crypto.x509.parse_rsa_private_key(input.k)', { k: file('rsa.key') })).toMatchObject({ kty: 'RSA', e: 'AQAB' });
  });
});
