import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  namedBits,
  objectIdentifier,
  octetString,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from './der-writer.js';

/** A server certificate and its key, for `tls.createSecureContext`; the key exists only in memory. */
export interface IssuedCertificate {
  readonly keyPem: string;
  readonly certPem: string;
}

/**
 * A certificate authority that lives in one process: its private key is generated in memory, never
 * exported and gone when the process ends. The egress proxy uses one per run to terminate TLS
 * toward hosts a credential is bound to (the sandbox trusts its certificate and nothing else new);
 * the local world uses one for its HTTPS listener.
 */
export interface CertificateAuthority {
  readonly certPem: string;
  /** A certificate for TLS servers answering to `names` (DNS names or IP literals), cached per name set. */
  issueServerCertificate(names: readonly string[]): IssuedCertificate;
}

export interface CertificateAuthorityOptions {
  readonly commonName: string;
  /** How long the CA and what it issues stay valid; default 24 hours. */
  readonly validityMs?: number;
  readonly now?: () => number;
}

// RFC 5280 and RFC 5480 object identifiers.
const OID = {
  commonName: '2.5.4.3',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};
/** RFC 5280 §4.2.1.3 bit numbers. */
const KEY_USAGE = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 };
/** Started this long before now, so a client whose clock lags a little still accepts it. */
const BACKDATE_MS = 60 * 60 * 1000;

const name = (commonName: string) => sequence(set(sequence(objectIdentifier(OID.commonName), utf8String(commonName))));

const extension = (oid: string, critical: boolean, value: Buffer) =>
  sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));

/**
 * RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits. For P-256 those are the
 * uncompressed point (0x04 || X || Y), the last 65 bytes of the SubjectPublicKeyInfo.
 */
const keyIdentifier = (spki: Buffer): Buffer => createHash('sha1').update(spki.subarray(spki.length - 65)).digest();

function generalName(host: string): Buffer {
  // GeneralName: dNSName [2] IA5String, iPAddress [7] OCTET STRING (RFC 5280 §4.2.1.6).
  const family = isIP(host);
  if (family === 4) return implicitPrimitive(7, Buffer.from(host.split('.').map(Number)));
  if (family === 6) return implicitPrimitive(7, ipv6Bytes(host));
  return implicitPrimitive(2, Buffer.from(host, 'ascii'));
}

/** The 16 bytes of a canonical IPv6 literal (no embedded IPv4: the egress proxy normalises those to IPv4). */
function ipv6Bytes(address: string): Buffer {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) throw new Error(`cannot encode IPv6 address ${address}`);
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function serialNumber(): Buffer {
  // RFC 5280 §4.1.2.2: positive, at most 20 octets; random so no two certificates share one.
  const bytes = randomBytes(16);
  bytes[0]! &= 0x7f;
  return unsignedInteger(bytes);
}

const pem = (der: Buffer) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;

function certificate(tbs: Buffer, signer: KeyObject): Buffer {
  const algorithm = sequence(objectIdentifier(OID.ecdsaWithSha256));
  // Node signs ECDSA as a DER Ecdsa-Sig-Value, which is what X.509 carries (RFC 5758 §3.2).
  return sequence(tbs, algorithm, bitString(sign('sha256', tbs, { key: signer, dsaEncoding: 'der' })));
}

/**
 * Creates the authority. Its certificate is a v3 CA limited to issuing end-entity certificates
 * (pathLen 0); what it issues are ECDSA P-256 server certificates with SAN entries only, the
 * shape browsers, OpenSSL, GnuTLS (curl, git), Go and Python's strict verification accept
 * (SKI on the CA, AKI on leaves, critical basic constraints and key usage).
 *
 * Written against node:crypto rather than @peculiar/x509, the usual library for this: that one
 * needs a reflect-metadata polyfill and tsyringe, and would add about 350 KB to the Action's bundle
 * for the ~100 lines below.
 */
export function createCertificateAuthority(options: CertificateAuthorityOptions): CertificateAuthority {
  const now = options.now ?? Date.now;
  const validityMs = options.validityMs ?? 24 * 60 * 60 * 1000;
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caSpki = publicKey.export({ type: 'spki', format: 'der' });
  const caKeyId = keyIdentifier(caSpki);
  const issuer = name(options.commonName);
  const notBefore = new Date(now() - BACKDATE_MS);
  const notAfter = new Date(now() + validityMs);
  const validity = sequence(time(notBefore), time(notAfter));
  const algorithm = sequence(objectIdentifier(OID.ecdsaWithSha256));

  const caTbs = sequence(
    explicit(0, smallInteger(2)),
    serialNumber(),
    algorithm,
    issuer,
    validity,
    issuer,
    caSpki,
    explicit(
      3,
      sequence(
        extension(OID.basicConstraints, true, sequence(boolean(true), smallInteger(0))),
        extension(OID.keyUsage, true, namedBits([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign])),
        extension(OID.subjectKeyIdentifier, false, octetString(caKeyId)),
      ),
    ),
  );
  const certPem = pem(certificate(caTbs, privateKey));
  const issued = new Map<string, IssuedCertificate>();

  return {
    certPem,
    issueServerCertificate(names) {
      if (names.length === 0) throw new Error('a server certificate needs at least one name');
      const key = [...names].sort().join(' ');
      const cached = issued.get(key);
      if (cached) return cached;
      const leaf = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const spki = leaf.publicKey.export({ type: 'spki', format: 'der' });
      const tbs = sequence(
        explicit(0, smallInteger(2)),
        serialNumber(),
        algorithm,
        issuer,
        validity,
        // The subject is empty and the names live in the SAN alone (RFC 6125 §6.4.4).
        sequence(),
        spki,
        explicit(
          3,
          sequence(
            extension(OID.basicConstraints, true, sequence()),
            extension(OID.keyUsage, true, namedBits([KEY_USAGE.digitalSignature])),
            extension(OID.extKeyUsage, false, sequence(objectIdentifier(OID.serverAuth))),
            // With an empty subject the SAN must be critical (RFC 5280 §4.2.1.6).
            extension(OID.subjectAltName, true, sequence(...names.map(generalName))),
            extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(spki))),
            extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, caKeyId))),
          ),
        ),
      );
      const result = { keyPem: leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, certPem: pem(certificate(tbs, privateKey)) };
      issued.set(key, result);
      return result;
    },
  };
}

/** Parses what the authority issued, for callers that want Node's view of it (tests, diagnostics). */
export const parseCertificate = (certPem: string): X509Certificate => new X509Certificate(certPem);
