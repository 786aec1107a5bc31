import { randomInt } from 'node:crypto';
import { base62Crc32 } from '../scan/validate-secret.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

const pick = (alphabet: string): string => alphabet[randomInt(alphabet.length)]!;

/**
 * A stand-in for a GitHub installation token: `ghs_`, 30 random base62 characters and a 6-character
 * checksum that is deliberately NOT the CRC32 of those 30, so GitHub (and every scanner that checks
 * the checksum) knows it can never be a live token, while `gh`, git and Octokit, which check only
 * the shape, accept it.
 * https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
 */
export function githubTokenPlaceholder(prefix = 'ghs_'): string {
  let entropy = '';
  for (let i = 0; i < 30; i++) entropy += pick(BASE62);
  const valid = base62Crc32(entropy);
  let checksum = valid;
  while (checksum === valid) {
    checksum = '';
    for (let i = 0; i < 6; i++) checksum += pick(BASE62);
  }
  return `${prefix}${entropy}${checksum}`;
}

/** Whether a `gh?_` token's last six characters are the CRC32 of its 30 random ones. */
export function hasValidGithubChecksum(token: string): boolean {
  const body = token.slice(token.indexOf('_') + 1);
  return body.length === 36 && base62Crc32(body.slice(0, 30)) === body.slice(30);
}

/** A leading type marker worth keeping, e.g. `npm_`, `ghp_`, `sk-`, `xoxb-`: tools check prefixes. */
const TYPE_PREFIX = /^[A-Za-z]{2,8}[_-]/;

/**
 * A stand-in with the shape of `real`: the same length, line structure, type prefix and character
 * class at every position (letters stay letters of the same case, digits stay digits, everything
 * else is kept), every letter and digit drawn afresh. Clients that check a secret's format accept
 * it; it carries nothing of the value. Checksummed GitHub/npm shapes get a failing checksum, and
 * PEM armour lines are kept so the value still parses as armour.
 */
export function shapedPlaceholder(real: string): string {
  const lines = real.split('\n').filter((line) => !line.startsWith('-----'));
  // Nothing to redraw (only punctuation): a base62 string of the same length instead.
  if (!lines.some((line) => /[A-Za-z0-9]/.test(line.slice(TYPE_PREFIX.exec(line)?.[0].length ?? 0)))) {
    let out = '';
    for (let i = 0; i < Math.max(real.length, 16); i++) out += pick(BASE62);
    return out;
  }
  for (;;) {
    const candidate = real
      .split('\n')
      .map((line) => (line.startsWith('-----') ? line : reshapeLine(line)))
      .join('\n');
    if (candidate === real) continue;
    if (/^(?:gh[pousr]|npm)_[A-Za-z0-9]{36}$/.test(candidate) && hasValidGithubChecksum(candidate)) continue;
    return candidate;
  }
}

function reshapeLine(line: string): string {
  const prefix = TYPE_PREFIX.exec(line)?.[0] ?? '';
  let out = prefix;
  for (const c of line.slice(prefix.length)) {
    if (c >= 'a' && c <= 'z') out += pick(LOWER);
    else if (c >= 'A' && c <= 'Z') out += pick(UPPER);
    else if (c >= '0' && c <= '9') out += pick(DIGITS);
    else out += c;
  }
  return out;
}
