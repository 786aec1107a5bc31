import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { argString, builtinError, type BuiltinTable } from '../builtin.js';
import { fromJS, normNum, RObject, type Value } from '../value.js';

/**
 * crypto.x509.parse_certificates, parse_and_verify_certificates, parse_certificate_request,
 * parse_keypair and parse_rsa_private_key, after OPA's topdown/crypto.go
 * (https://www.openpolicyagent.org/docs/policy-reference/#crypto). OPA returns Go's
 * x509.Certificate / x509.CertificateRequest marshalled to JSON; we build the same field names
 * for what policies read (Subject and Issuer as pkix.Name, serial, validity, SANs, CA flags, raw
 * DER parts) from the DER and node:crypto's X509Certificate. Left out: Extensions, PublicKey,
 * Policies and the other rarely read fields.
 */

interface Tlv {
  tag: number;
  /** Start of the header. */
  start: number;
  body: number;
  end: number;
}

const malformed = (what: string): Error => builtinError(what);

/** One DER element at `at` (definite lengths only, as DER requires). */
const tlv = (buf: Buffer, at: number, what: string): Tlv => {
  if (at + 2 > buf.length) throw malformed(what);
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let body = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || body + n > buf.length) throw malformed(what);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[body + i]!;
    body += n;
  }
  if (body + len > buf.length) throw malformed(what);
  return { tag, start: at, body, end: body + len };
};

const children = (buf: Buffer, parent: Tlv, what: string): Tlv[] => {
  const out: Tlv[] = [];
  for (let at = parent.body; at < parent.end; ) {
    const t = tlv(buf, at, what);
    out.push(t);
    at = t.end;
  }
  return out;
};

const oid = (buf: Buffer, t: Tlv): number[] => {
  const bytes = buf.subarray(t.body, t.end);
  const out: number[] = [];
  let v = 0;
  for (const b of bytes) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (out.length === 0) out.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else out.push(v);
      v = 0;
    }
  }
  return out;
};

const NAME_FIELDS: Record<string, string> = {
  '2.5.4.6': 'Country',
  '2.5.4.10': 'Organization',
  '2.5.4.11': 'OrganizationalUnit',
  '2.5.4.7': 'Locality',
  '2.5.4.8': 'Province',
  '2.5.4.9': 'StreetAddress',
  '2.5.4.17': 'PostalCode',
};

const stringValue = (buf: Buffer, t: Tlv): string => {
  const raw = buf.subarray(t.body, t.end);
  if (t.tag === 0x1e) {
    // BMPString: UTF-16BE
    let s = '';
    for (let i = 0; i + 1 < raw.length; i += 2) s += String.fromCharCode(raw.readUInt16BE(i));
    return s;
  }
  return t.tag === 0x14 ? raw.toString('latin1') : raw.toString('utf8');
};

/** Go's pkix.Name as encoding/json writes it. */
const pkixName = (buf: Buffer, name: Tlv, what: string): Value => {
  const fields: Record<string, string[]> = {};
  const names: Value[] = [];
  let commonName = '';
  let serial = '';
  for (const set of children(buf, name, what)) {
    for (const atv of children(buf, set, what)) {
      const [type, value] = children(buf, atv, what);
      if (!type || !value || type.tag !== 0x06) throw malformed(what);
      const id = oid(buf, type);
      const text = stringValue(buf, value);
      names.push(RObject.fromPairs([['Type', id], ['Value', text]]));
      const key = id.join('.');
      if (key === '2.5.4.3') commonName = text;
      else if (key === '2.5.4.5') serial = text;
      else if (NAME_FIELDS[key]) (fields[NAME_FIELDS[key]] ??= []).push(text);
    }
  }
  const o = new RObject();
  for (const f of ['Country', 'Organization', 'OrganizationalUnit', 'Locality', 'Province', 'StreetAddress', 'PostalCode']) o.set(f, fields[f] ?? null);
  o.set('SerialNumber', serial);
  o.set('CommonName', commonName);
  o.set('Names', names);
  o.set('ExtraNames', null);
  return o;
};

const b64 = (b: Buffer): string => b.toString('base64');

/** Go's RFC 3339 time text, whole seconds. */
const goTime = (text: string): string => new Date(text).toISOString().replace(/\.000Z$/, 'Z');

const subjectAltNames = (san: string | undefined): { dns: string[]; email: string[]; ip: string[]; uri: string[] } => {
  const out = { dns: [] as string[], email: [] as string[], ip: [] as string[], uri: [] as string[] };
  // node:crypto writes "DNS:a, URI:b, IP Address:1.2.3.4, email:c" (values with ", " or ":" are JSON-quoted).
  for (const part of san?.match(/(?:[^,"]|"(?:\\.|[^"\\])*")+/g) ?? []) {
    const m = /^\s*([A-Za-z ]+):(.*)$/.exec(part);
    if (!m) continue;
    const value = m[2]!.startsWith('"') ? (JSON.parse(m[2]!) as string) : m[2]!;
    if (m[1] === 'DNS') out.dns.push(value);
    else if (m[1] === 'email') out.email.push(value);
    else if (m[1] === 'IP Address') out.ip.push(value);
    else if (m[1] === 'URI') out.uri.push(value);
  }
  return out;
};

const orNull = (xs: string[]): Value => (xs.length ? xs : null);

const certificateValue = (der: Buffer): Value => {
  const what = 'x509: malformed certificate';
  const cert = tlv(der, 0, what);
  const [tbs, , sig] = children(der, cert, what);
  if (!tbs || !sig) throw malformed(what);
  const tbsParts = children(der, tbs, what);
  const versioned = tbsParts[0]?.tag === 0xa0;
  const [serialT, , issuerT, , subjectT, spkiT] = versioned ? tbsParts.slice(1) : tbsParts;
  if (!serialT || !issuerT || !subjectT || !spkiT) throw malformed(what);
  let x: X509Certificate;
  try {
    x = new X509Certificate(der);
  } catch (e) {
    throw builtinError(`x509: malformed certificate: ${(e as Error).message}`);
  }
  const version = versioned ? der[children(der, tbsParts[0]!, what)[0]!.end - 1]! + 1 : 1;
  const san = subjectAltNames(x.subjectAltName);
  const o = new RObject();
  o.set('Raw', b64(der.subarray(cert.start, cert.end)));
  o.set('RawTBSCertificate', b64(der.subarray(tbs.start, tbs.end)));
  o.set('RawSubjectPublicKeyInfo', b64(der.subarray(spkiT.start, spkiT.end)));
  o.set('RawSubject', b64(der.subarray(subjectT.start, subjectT.end)));
  o.set('RawIssuer', b64(der.subarray(issuerT.start, issuerT.end)));
  o.set('Signature', b64(der.subarray(sig.body + 1, sig.end)));
  o.set('Version', version);
  o.set('SerialNumber', normNum(BigInt(`0x${x.serialNumber}`)));
  o.set('Issuer', pkixName(der, issuerT, what));
  o.set('Subject', pkixName(der, subjectT, what));
  o.set('NotBefore', goTime(x.validFrom));
  o.set('NotAfter', goTime(x.validTo));
  o.set('IsCA', x.ca);
  o.set('DNSNames', orNull(san.dns));
  o.set('EmailAddresses', orNull(san.email));
  o.set('IPAddresses', orNull(san.ip));
  // OPA adds URIStrings beside Go's URIs (URL structs, left out here).
  o.set('URIStrings', orNull(san.uri));
  return o;
};

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

const pemBlocks = (text: string): { type: string; der: Buffer }[] =>
  [...text.matchAll(PEM_BLOCK)].map((m) => ({ type: m[1]!, der: Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64') }));

/** Go's base64.StdEncoding.DecodeString, with its error text. */
const stdBase64 = (s: string): Buffer => {
  const bad = s.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0 || s.length % 4 !== 0 || /=[^=]/.test(s)) {
    throw builtinError(`illegal base64 data at input byte ${bad >= 0 ? bad : Math.max(0, s.length - (s.length % 4))}`);
  }
  return Buffer.from(s, 'base64');
};

/** Concatenated DER certificates, as x509.ParseCertificates reads them. */
const derCertificates = (der: Buffer): Buffer[] => {
  const out: Buffer[] = [];
  for (let at = 0; at < der.length; ) {
    const t = tlv(der, at, 'x509: malformed certificate');
    if (t.tag !== 0x30) throw builtinError('x509: malformed certificate');
    out.push(der.subarray(t.start, t.end));
    at = t.end;
  }
  return out;
};

/** OPA's getX509CertsFromString: PEM, or base64 of PEM, or base64 of DER. */
const certificatesFrom = (text: string): Buffer[] => {
  if (text.startsWith('-----BEGIN')) return pemBlocks(text).filter((b) => b.type === 'CERTIFICATE').map((b) => b.der);
  const bytes = stdBase64(text);
  if (bytes.subarray(0, 10).toString('latin1') === '-----BEGIN') return pemBlocks(bytes.toString('latin1')).filter((b) => b.type === 'CERTIFICATE').map((b) => b.der);
  return derCertificates(bytes);
};

const parseCertificates = (text: string): Value => {
  const ders = certificatesFrom(text);
  return ders.map(certificateValue);
};

/** Each certificate is signed by the next; the last is the root, verified against itself. */
const verifyChain = (text: string): Value => {
  let ders: Buffer[];
  try {
    ders = certificatesFrom(text);
  } catch {
    return [false, []];
  }
  if (ders.length < 2) return [false, []];
  const certs = ders.map((d) => new X509Certificate(d));
  const root = certs.at(-1)!;
  if (!root.ca || !root.verify(root.publicKey)) return [false, []];
  for (let i = 0; i < certs.length - 1; i++) {
    const issuer = certs[i + 1]!;
    if (!certs[i]!.checkIssued(issuer) || !certs[i]!.verify(issuer.publicKey)) return [false, []];
    if (i > 0 && !certs[i]!.ca) return [false, []];
  }
  const now = Date.now();
  if (certs.some((c) => Date.parse(c.validFrom) > now || Date.parse(c.validTo) < now)) return [false, []];
  return [true, ders.map(certificateValue)];
};

const certificateRequest = (text: string): Value => {
  let bytes = text.startsWith('-----BEGIN CERTIFICATE REQUEST-----') ? Buffer.from(text, 'latin1') : stdBase64(text);
  const blocks = pemBlocks(bytes.toString('latin1'));
  if (blocks.length) {
    if (blocks[0]!.type !== 'CERTIFICATE REQUEST') throw builtinError('invalid PEM-encoded certificate signing request');
    bytes = blocks[0]!.der;
  }
  const what = 'asn1: structure error: tags don\'t match';
  const req = tlv(bytes, 0, what);
  if (req.tag !== 0x30) throw builtinError(what);
  const [info, , sig] = children(bytes, req, what);
  if (!info || !sig || info.tag !== 0x30) throw builtinError(what);
  const [versionT, subjectT, spkiT] = children(bytes, info, what);
  if (!versionT || !subjectT || !spkiT || versionT.tag !== 0x02 || subjectT.tag !== 0x30) throw builtinError(what);
  const o = new RObject();
  o.set('Raw', b64(bytes.subarray(req.start, req.end)));
  o.set('RawTBSCertificateRequest', b64(bytes.subarray(info.start, info.end)));
  o.set('RawSubjectPublicKeyInfo', b64(bytes.subarray(spkiT.start, spkiT.end)));
  o.set('RawSubject', b64(bytes.subarray(subjectT.start, subjectT.end)));
  o.set('Version', bytes[versionT.end - 1]!);
  o.set('Signature', b64(bytes.subarray(sig.body + 1, sig.end)));
  o.set('Subject', pkixName(bytes, subjectT, what));
  return o;
};

/** PEM or base64 of PEM, as OPA's getRSAPrivateKeyFromString and the key pair reader accept. */
const pemText = (text: string): string => (text.startsWith('-----BEGIN') ? text : stdBase64(text).toString('latin1'));

const parseRsaPrivateKey = (text: string): Value => {
  const pem = pemText(text);
  const block = pemBlocks(pem)[0];
  if (!block) throw builtinError('failed to parse PEM block containing the key');
  let jwk: Record<string, unknown>;
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not an RSA key');
    jwk = key.export({ format: 'jwk' }) as Record<string, unknown>;
  } catch (e) {
    throw builtinError(`failed to parse RSA private key: ${(e as Error).message}`);
  }
  return fromJS(jwk);
};

const parseKeyPair = (certText: string, keyText: string): Value => {
  const certPem = pemText(certText);
  const keyPem = pemText(keyText);
  const certs = pemBlocks(certPem).filter((b) => b.type === 'CERTIFICATE');
  if (!certs.length) throw builtinError('tls: failed to find any PEM data in certificate input');
  let matches: boolean;
  try {
    const pub = createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'der' });
    matches = pub.equals(new X509Certificate(certs[0]!.der).publicKey.export({ type: 'spki', format: 'der' }));
  } catch (e) {
    throw builtinError(`tls: failed to parse private key: ${(e as Error).message}`);
  }
  if (!matches) throw builtinError('tls: private key does not match public key');
  // The private key is not returned: a policy has no use for it and it should not reach logs.
  return RObject.fromPairs([
    ['Certificate', certs.map((c) => b64(c.der))],
    ['Leaf', certificateValue(certs[0]!.der)],
  ]);
};

export const x509Builtins: BuiltinTable = {
  'crypto.x509.parse_certificates': { arity: 1, fn: (args) => parseCertificates(argString(args, 0)) },
  'crypto.x509.parse_and_verify_certificates': { arity: 1, fn: (args) => verifyChain(argString(args, 0)) },
  'crypto.x509.parse_certificate_request': { arity: 1, fn: (args) => certificateRequest(argString(args, 0)) },
  'crypto.x509.parse_keypair': { arity: 2, fn: (args) => parseKeyPair(argString(args, 0), argString(args, 1)) },
  'crypto.x509.parse_rsa_private_key': { arity: 1, fn: (args) => parseRsaPrivateKey(argString(args, 0)) },
};
