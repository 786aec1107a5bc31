import { randomBytes } from 'node:crypto';

/** THREATS.md preamble: unique canaries of each secret shape, fresh per test run. */
export interface Canaries {
  readonly ghp: string;
  readonly ghs: string;
  readonly akia: string;
  readonly awsSecret: string;
  readonly anthropic: string;
  readonly pemBody: string;
  readonly pem: string;
  readonly entropy: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const pick = (n: number, alphabet = ALNUM) =>
  [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');

export function makeCanaries(): Canaries {
  const pemBody = randomBytes(48).toString('base64');
  return {
    ghp: `ghp_${pick(36)}`,
    ghs: `ghs_${pick(36)}`,
    akia: `AKIA${pick(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    awsSecret: pick(40),
    anthropic: `sk-ant-api03-${pick(86)}AA`,
    pemBody,
    pem: `-----BEGIN RSA PRIVATE KEY-----\n${pemBody}\n-----END RSA PRIVATE KEY-----\n`,
    entropy: pick(44),
  };
}

/** The forms a canary may leave in: raw, base64, base64url, hex, URL-encoded, reversed, and 12-character pieces of it (split). */
function forms(value: string): string[] {
  const raw = Buffer.from(value);
  const out = [
    value,
    raw.toString('hex'),
    encodeURIComponent(value),
    [...value].reverse().join(''),
  ];
  // Base64 of the value at each of the three byte alignments it can have inside a longer text:
  // keep only the characters that depend on the value alone.
  for (let k = 0; k < 3; k++) {
    for (const alphabet of ['base64', 'base64url'] as const) {
      const text = Buffer.concat([Buffer.alloc(k), raw])
        .toString(alphabet)
        .replace(/=+$/, '');
      const start = [0, 2, 3][k]!;
      const end = Math.floor((k + raw.length) / 3) * 4;
      out.push(text.slice(start, end));
    }
  }
  for (let i = 0; i + 12 <= value.length; i += 6) out.push(value.slice(i, i + 12));
  return out;
}

/** Names of the canaries found in `text` in any of their forms. */
export function findCanaries(text: string, canaries: Canaries): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (const [name, value] of Object.entries(canaries)) {
    if (name === 'pem') continue;
    // Hex may come out in either case; compare it case-insensitively.
    if (forms(value).some((f) => (/^[0-9a-f]+$/.test(f) ? lower.includes(f) : text.includes(f))))
      found.push(name);
  }
  return found;
}
