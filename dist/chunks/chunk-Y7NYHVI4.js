import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// src/tls/certificate-authority.ts
import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate } from "node:crypto";
import { isIP } from "node:net";

// src/tls/der-writer.ts
function length(n) {
  if (n < 128) return Buffer.from([n]);
  const bytes = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 255);
  return Buffer.from([128 | bytes.length, ...bytes]);
}
function tlv(tag, content) {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}
var sequence = (...items) => tlv(48, Buffer.concat(items));
var set = (...items) => tlv(49, Buffer.concat(items));
var explicit = (n, inner) => tlv(160 | n, inner);
var implicitPrimitive = (n, content) => tlv(128 | n, content);
var octetString = (content) => tlv(4, content);
var utf8String = (text) => tlv(12, Buffer.from(text, "utf8"));
var boolean = (value) => tlv(1, Buffer.from([value ? 255 : 0]));
function unsignedInteger(bytes) {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const body = bytes.subarray(start);
  return tlv(2, body[0] & 128 ? Buffer.concat([Buffer.from([0]), body]) : body);
}
var smallInteger = (n) => unsignedInteger(Buffer.from([n]));
var bitString = (content) => tlv(3, Buffer.concat([Buffer.from([0]), content]));
function namedBits(bits) {
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const b of bits) bytes[Math.floor(b / 8)] |= 128 >> b % 8;
  const unused = 7 - highest % 8;
  return tlv(3, Buffer.concat([Buffer.from([unused]), bytes]));
}
function objectIdentifier(dotted) {
  const arcs = dotted.split(".").map(Number);
  const out = [40 * arcs[0] + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const groups = [];
    for (let rest = arc; ; rest = Math.floor(rest / 128)) {
      groups.unshift(rest % 128);
      if (rest < 128) break;
    }
    out.push(...groups.map((g, i) => i < groups.length - 1 ? g | 128 : g));
  }
  return tlv(6, Buffer.from(out));
}
function time(date) {
  const iso = date.toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, "");
  const year = date.getUTCFullYear();
  return year < 2050 ? tlv(23, Buffer.from(`${digits.slice(2)}Z`)) : tlv(24, Buffer.from(`${digits}Z`));
}

// src/tls/certificate-authority.ts
var OID = {
  commonName: "2.5.4.3",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1"
};
var KEY_USAGE = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 };
var BACKDATE_MS = 60 * 60 * 1e3;
var name = (commonName) => sequence(set(sequence(objectIdentifier(OID.commonName), utf8String(commonName))));
var extension = (oid, critical, value) => sequence(objectIdentifier(oid), ...critical ? [boolean(true)] : [], octetString(value));
var keyIdentifier = (spki) => createHash("sha1").update(spki.subarray(spki.length - 65)).digest();
function generalName(host) {
  const family = isIP(host);
  if (family === 4) return implicitPrimitive(7, Buffer.from(host.split(".").map(Number)));
  if (family === 6) return implicitPrimitive(7, ipv6Bytes(host));
  return implicitPrimitive(2, Buffer.from(host, "ascii"));
}
function ipv6Bytes(address) {
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === void 0 ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) throw new Error(`cannot encode IPv6 address ${address}`);
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}
function serialNumber() {
  const bytes = randomBytes(16);
  bytes[0] &= 127;
  return unsignedInteger(bytes);
}
var pem = (der) => `-----BEGIN CERTIFICATE-----
${der.toString("base64").replace(/(.{64})/g, "$1\n").replace(/\n$/, "")}
-----END CERTIFICATE-----
`;
function certificate(tbs, signer) {
  const algorithm = sequence(objectIdentifier(OID.ecdsaWithSha256));
  return sequence(tbs, algorithm, bitString(sign("sha256", tbs, { key: signer, dsaEncoding: "der" })));
}
function createCertificateAuthority(options) {
  const now = options.now ?? Date.now;
  const validityMs = options.validityMs ?? 24 * 60 * 60 * 1e3;
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const caSpki = publicKey.export({ type: "spki", format: "der" });
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
        extension(OID.subjectKeyIdentifier, false, octetString(caKeyId))
      )
    )
  );
  const certPem = pem(certificate(caTbs, privateKey));
  const issued = /* @__PURE__ */ new Map();
  return {
    certPem,
    issueServerCertificate(names) {
      if (names.length === 0) throw new Error("a server certificate needs at least one name");
      const key = [...names].sort().join(" ");
      const cached = issued.get(key);
      if (cached) return cached;
      const leaf = generateKeyPairSync("ec", { namedCurve: "P-256" });
      const spki = leaf.publicKey.export({ type: "spki", format: "der" });
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
            extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, caKeyId)))
          )
        )
      );
      const result = { keyPem: leaf.privateKey.export({ type: "pkcs8", format: "pem" }), certPem: pem(certificate(tbs, privateKey)) };
      issued.set(key, result);
      return result;
    }
  };
}

export {
  createCertificateAuthority
};
