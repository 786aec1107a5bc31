import { scrypt } from 'node:crypto';

/**
 * The key under which SARIF results carry the fingerprint: result.partialFingerprints, whose keys
 * end in a version so a tool can change how it computes them
 * (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html). v1 hashed the redacted
 * preview, so two secrets sharing their first and last characters collided.
 */
export const FINGERPRINT_KEY = 'airlockFinding/v2';

/**
 * A finding's identity for baselines: the rule, the file (as shown, with / separators) and the
 * matched bytes, not the line, so it survives lines moving. The matched value is stretched with
 * scrypt (N=2^10, r=8: milliseconds per finding) salted by rule and file, because a baseline is
 * often committed where anyone can read it and a plain hash of a weak password is a dictionary
 * lookup away. 128 bits, hex.
 */
export function findingFingerprint(ruleId: string, file: string | undefined, match: Uint8Array): Promise<string> {
  const salt = `${FINGERPRINT_KEY}\0${ruleId}\0${(file ?? '').replace(/\\/g, '/')}`;
  return new Promise((resolve, reject) =>
    scrypt(match, salt, 16, { N: 1024, r: 8, p: 1 }, (error, key) => (error ? reject(error) : resolve(key.toString('hex')))),
  );
}
