import { shannonEntropy } from './shannon-entropy.js';

/**
 * Values that look like secrets but are not: hashes, UUIDs, integrity strings, documented
 * example keys and placeholders. Suppressing them is what keeps generic rules quiet (their
 * false positives are the main complaint about gitleaks, trufflehog and secretlint).
 */

/** Keys printed in vendor documentation (AWS, Stripe, GitHub docs...), never real. */
const DOCUMENTED_EXAMPLES = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AKIAI44QH8DHBEXAMPLE',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  'ASIAIOSFODNN7EXAMPLE',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'gho_16C7e42F292c6912E7710c838347Ae178B4a',
]);

const PLACEHOLDER_WORDS =
  /example|sample|dummy|placeholder|changeme|change_me|change-me|your[_-]?(?:api|key|token|secret|pass|own)|redacted|replace_?me|insert_?here|fake|notreal|not_real|<[^>]{0,40}>|\$\{|\{\{|%\(|\$\(|xxxx|\*{4}|\.{4}|####/i;

/** Filler runs (`xxxxx`, `00000`, `*****`), or any character but `A` eight times in a row. */
const REPEATED_RUN = /([xX0*.#])\1{4}|([^A])\2{7}/;
/** Past this length (key blocks) only placeholder words are checked: random bodies repeat. */
const LONG_SECRET = 256;

/** Rank of each character in 0-9a-z (case-folded), -1 elsewhere: `abc` and `123` ascend. */
const RANK = new Int8Array(256).fill(-1);
for (const [i, c] of [...'0123456789abcdefghijklmnopqrstuvwxyz'].entries()) {
  RANK[c.charCodeAt(0)] = i;
  RANK[c.toUpperCase().charCodeAt(0)] = i;
}
const ascends = (value: string, i: number): boolean => {
  const a = value.charCodeAt(i - 1);
  const b = value.charCodeAt(i);
  return a < 256 && b < 256 && RANK[a]! >= 0 && RANK[b] === RANK[a]! + 1;
};

/** Runs of three ascending characters (`abc`, `123`, `xyz`). */
function ascendingTriples(value: string): number {
  let n = 0;
  for (let i = 2; i < value.length; i++) {
    if (ascends(value, i - 1) && ascends(value, i)) {
      n++;
      i += 2;
    }
  }
  return n;
}

function hasAscendingRun(value: string, length: number): boolean {
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = ascends(value, i) ? run + 1 : 1;
    if (run >= length) return true;
  }
  return false;
}

/** Airlock's own replacement tokens (see token-vault.ts) stand for secrets but are not ones. */
const AIRLOCK_TOKEN = /AIRLOCK_[A-Z0-9]{1,40}(?:_[A-Z0-9]{1,40}){0,8}_[A-Za-z0-9]{20}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGRITY = /^sha(?:1|256|384|512)-[A-Za-z0-9+/]{20,}={0,2}$/;
const HEX = /^[0-9a-f]+$/i;
const HASH_LENGTHS = new Set([32, 40, 56, 64, 96, 128]);

/**
 * Mixed-case letters that are random rather than camelCase: several upper-case pairs and
 * several lower-to-upper changes (`getHTTPResponseCode` has the pairs but only two changes).
 */
export function looksRandomLetters(value: string): boolean {
  if (value.length < 12) return false;
  let upperPairs = 0;
  let rises = 0;
  for (let i = 1; i < value.length; i++) {
    const a = value.charCodeAt(i - 1);
    const b = value.charCodeAt(i);
    const aUpper = a >= 65 && a <= 90;
    const bUpper = b >= 65 && b <= 90;
    if (aUpper && bUpper) upperPairs++;
    if (a >= 97 && a <= 122 && bUpper) rises++;
  }
  const vowels = value.replace(/[^aeiouAEIOU]/g, '').length;
  return (
    shannonEntropy(value) >= 3.3 &&
    ((upperPairs >= 2 && rises >= 3) ||
      (value.length >= 16 && vowels / value.length < 0.25 && rises >= 2))
  );
}

/** Why a value matched by a provider-specific rule is not a real secret, or undefined. */
export function placeholderReason(value: string): string | undefined {
  if (DOCUMENTED_EXAMPLES.has(value)) return 'documented example key';
  if (/^[*xX.#-]+$/.test(value)) return 'mask or filler';
  if (AIRLOCK_TOKEN.test(value)) return 'Airlock replacement token';
  if (PLACEHOLDER_WORDS.test(value)) return 'placeholder text';
  if (shannonEntropy(value) < 1.5) return 'filler (one or two characters repeated)';
  if (value.length > LONG_SECRET) return undefined;
  if (REPEATED_RUN.test(value)) return 'repeated characters';
  if (hasAscendingRun(value, 8)) return 'ascending sequence';
  return undefined;
}

/**
 * Why a value found by a generic (keyword + entropy) rule is not a secret, or undefined.
 * `name` is the identifier it was assigned to (e.g. `token_sha256`); `strict` is for pattern
 * rules whose slot already says "secret" (URL passwords, bearer tokens).
 */
export function genericLookAlikeReason(
  value: string,
  name: string,
  strict = false,
): string | undefined {
  const placeholder = placeholderReason(value);
  if (placeholder) return placeholder;
  if (hasAscendingRun(value, 6)) return 'ascending sequence';
  if (ascendingTriples(value) >= 2) return 'ascending sequences (abc123)';
  if (/(.)\1{4}/.test(value)) return 'repeated characters';
  // Documentation values name what they stand for: `usertoken123`, `secret123`, `test-key`.
  if (/token|secret|passw|apikey|api_key|example|test|demo|sample|dummy|mock/i.test(value))
    return 'placeholder text';
  if (UUID.test(value)) return 'UUID';
  // Checksummed formats are judged by their own rule: a failed checksum is not a secret.
  if (/^(?:gh[pousr]|npm)_[A-Za-z0-9]{36}$/.test(value)) return 'failed provider checksum';
  if (INTEGRITY.test(value)) return 'integrity string';
  if (HEX.test(value)) {
    if (
      HASH_LENGTHS.has(value.length) &&
      /hash|sha|sum|digest|commit|rev|etag|fingerprint|integrity/i.test(name)
    )
      return 'hash';
    if (value.length === 40 || value.length === 64 || value.length === 128) return 'hash';
  }
  if (/^(?:https?|file):\/\//i.test(value)) return 'URL';
  // Letters only: words and identifiers, unless the letters look random. In a strict slot
  // (the password of a URL, a bearer token) long mixed-case letters are taken as random.
  const random = strict
    ? value.length >= 12 && /[a-z]/.test(value) && /[A-Z]/.test(value)
    : looksRandomLetters(value);
  // Judged without surrounding punctuation: `?NonExpressionParenEnd` is words too.
  const core = value.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (/^[A-Za-z]+(?:[_.-][A-Za-z]+)*$/.test(core) && !random) return 'identifier or words';
  if (/^(?:[A-Z][a-z]+){2,}[0-9]?$/.test(core) && !random) return 'identifier or words';
  if (/^[~.]?\/[\w./-]*$/.test(value)) return 'path';
  if (/^\$[A-Za-z_{]|^%[A-Za-z_]+%$/.test(value)) return 'variable reference';
  if (/^(?:process\.env|os\.environ|env\.|ENV\[|this\.|self\.|config\.|settings\.)/.test(value))
    return 'code reference';
  if (/[()]/.test(value)) return 'code';
  if (/^[0-9.:-]+$/.test(value)) return 'number, version or date';
  if (/^[a-z0-9]+(?:[-_/.][a-z0-9]+){2,}$/.test(value) && !/[A-Z]/.test(value))
    return 'path or slug';
  return undefined;
}
