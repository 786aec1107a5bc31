import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { KeywordPrefilter } from '../../src/scan/keyword-prefilter.js';
import { redactPreview } from '../../src/scan/redact-preview.js';
import { shannonEntropy } from '../../src/scan/shannon-entropy.js';
import { defaultRules, RuleSet } from '../../src/scan/rule-set.js';
import { ScanError } from '../../src/scan/scan-error.js';
import { StreamScanner } from '../../src/scan/stream-scanner.js';
import { TokenVault } from '../../src/scan/token-vault.js';
import { scanText } from '../../src/scan/scan-text.js';
import { base62Crc32 } from '../../src/scan/validate-secret.js';

// airlock:allow-file (synthetic credentials)
const RANDOM30 = 'Zk3Lq9Xv2Rm7Tn4Wc8Bp5Yh1Jd6Gs0';
const GHP = `ghp_${RANDOM30}${base62Crc32(RANDOM30)}`;
const MINTED = 'v1.Qm9Xz7Lk2Rt8Wp4Nc6Vb3Hs';

describe('known values', () => {
  const knownValues = [{ value: MINTED, label: 'vault:kv/deploy#token' }];
  const encodings: [string, string][] = [
    ['raw', MINTED],
    ['base64', Buffer.from(MINTED).toString('base64')],
    ['base64 at offset 1', Buffer.from(`x${MINTED}`).toString('base64')],
    ['base64 at offset 2', Buffer.from(`xy${MINTED}`).toString('base64')],
    ['base64url', Buffer.from(`?${MINTED}`).toString('base64url')],
    ['hex', Buffer.from(MINTED).toString('hex')],
    ['url', encodeURIComponent(`q=${MINTED}&`)],
    ['reversed', [...MINTED].reverse().join('')],
  ];
  it.each(encodings)('finds the value %s', (_name, encoded) => {
    const { findings } = scanText(`payload=${encoded};`, { knownValues, decode: false });
    expect(findings.map((f) => [f.rule_id, f.kind])).toEqual([['known-value', 'known-value']]);
    expect(findings[0]!.description).toContain('vault:kv/deploy#token');
    expect(JSON.stringify(findings)).not.toContain(MINTED);
  });
  it('does not match other text', () => {
    expect(scanText('payload=v1.Qm9Xz7Lk2Rt8Wp4Nc6Vb3Hx', { knownValues }).findings).toEqual([]);
  });
});

describe('bounded decoding', () => {
  const inner = `token: ${GHP}\n`;
  it.each([
    ['base64', `data = "${Buffer.from(`prefix ${inner}`).toString('base64')}"`],
    ['hex', `data = "${Buffer.from(inner).toString('hex')}"`],
    ['url', `u=https://x.test/?q=${encodeURIComponent(`{"t":"${GHP}"}`)}`],
    ['gzip', `data = "${gzipSync(Buffer.from(inner)).toString('base64')}"`],
    ['json-escape', `{"msg": "${'\\u0067\\u0068'}${GHP.slice(2)} sent"}`],
  ])('finds a secret inside %s and maps it to the encoded span', (encoding, text) => {
    const { findings } = scanText(text);
    expect(findings.map((f) => [f.rule_id, f.encoding])).toEqual([['github-pat', [encoding]]]);
    // The span lies inside the encoded segment (for base64/hex, the groups that encode the secret).
    const f = findings[0]!;
    const payload =
      encoding === 'url'
        ? text.indexOf('%7B')
        : text.indexOf('"', encoding === 'json-escape' ? text.indexOf(':') : 0) + 1;
    expect(f.start).toBeLessThanOrEqual(
      payload + (encoding === 'base64' || encoding === 'hex' ? 2 * inner.length : 0),
    );
    expect(f.start).toBeGreaterThanOrEqual(encoding === 'url' ? 0 : payload);
    expect(f.end).toBeGreaterThan(f.start);
    expect(f.end).toBeLessThanOrEqual(encoding === 'url' ? text.length : text.lastIndexOf('"'));
    if (encoding === 'hex')
      expect(Buffer.from(text.slice(f.start, f.end), 'hex').toString()).toBe(GHP);
    expect(f.redacted_preview).toBe(`ghp_****...${GHP.slice(-4)}`);
  });
  it('follows nested encodings up to the depth limit', () => {
    const twice = Buffer.from(Buffer.from(inner).toString('base64')).toString('base64');
    expect(scanText(`x = "${twice}"`).findings.map((f) => f.encoding)).toEqual([
      ['base64', 'base64'],
    ]);
    expect(scanText(`x = "${twice}"`, { maxDecodeDepth: 1 }).findings).toEqual([]);
  });
  it('decodes nothing when decoding is off', () => {
    expect(
      scanText(`data = "${Buffer.from(inner).toString('hex')}"`, { decode: false }).findings,
    ).toEqual([]);
  });
});

describe('allow-lists', () => {
  const line = `const t = "${GHP}";`;
  it('honours inline airlock:allow on the line or the line before, unless disabled', () => {
    expect(scanText(`${line} // airlock:allow`).findings).toEqual([]);
    expect(scanText(`// airlock:allow test fixture\n${line}`).findings).toEqual([]);
    expect(scanText(`// airlock:allow\n\n${line}`).findings).toHaveLength(1);
    expect(
      scanText(`${line} // airlock:allow`, { allowList: { inlineComments: false } }).findings,
    ).toHaveLength(1);
  });
  it('skips allow-listed paths and values', () => {
    expect(
      scanText(line, { file: 'test/fixtures/keys.ts', allowList: { paths: ['**/fixtures/**'] } }),
    ).toEqual({ findings: [], skipped: 'allow-list' });
    expect(
      scanText(line, { file: 'src/keys.ts', allowList: { paths: ['**/fixtures/**'] } }).findings,
    ).toHaveLength(1);
    expect(scanText(line, { allowList: { values: [GHP] } }).findings).toEqual([]);
  });
  it('honours airlock:allow-file in the head of a file only', () => {
    expect(scanText(`# airlock:allow-file\n${line}`).findings).toEqual([]);
    expect(scanText(`${'\n'.repeat(3000)}# airlock:allow-file\n\n${line}`).findings).toHaveLength(
      1,
    );
  });
});

describe('limits and shape', () => {
  it('refuses texts over the size limit and says so', () => {
    expect(scanText(`${GHP}\n`.repeat(10), { maxChars: 100 })).toEqual({
      findings: [],
      truncated: 'size',
    });
  });
  it('reports line, column and offsets, and never the secret', () => {
    const text = `a\nbb\n  token = "${GHP}"\n`;
    const [f] = scanText(text).findings;
    expect(f).toMatchObject({
      rule_id: 'github-pat',
      line: 3,
      column: 12,
      kind: 'pattern',
      confidence: 'high',
      token_type: 'GITHUB_TOKEN',
    });
    expect(text.slice(f!.start, f!.end)).toBe(GHP);
    expect(JSON.stringify(f)).not.toContain(GHP.slice(4, -4));
  });
  it('redacts to a public prefix and at most 4 trailing characters, or fully for short values', () => {
    expect(redactPreview(GHP, 'ghp_')).toBe(`ghp_****...${GHP.slice(-4)}`);
    expect(redactPreview('short-pass', '')).toBe('********');
    expect(redactPreview('0123456789abcdefXYZW', 'not-a-prefix')).toBe('****...XYZW');
  });
  it('pairs an AWS secret key with its access key id', () => {
    const text =
      'aws = { id: "AKIAQWERTYUIOPASDFGH", key: "Zk3Lq9Xv2Rm7Tn4Wc8Bp5Yh1Jd6Gs0aB7cD8eF9g" }';
    expect(scanText(text).findings.map((f) => f.rule_id)).toEqual([
      'aws-access-key-id',
      'aws-secret-access-key',
    ]);
  });
  it('rejects a GitHub token whose checksum is wrong', () => {
    const bad = GHP.slice(0, -1) + (GHP.endsWith('A') ? 'B' : 'A');
    expect(scanText(`x = "${bad}"`).findings).toEqual([]);
  });
});

describe('generic rules', () => {
  it('use the whole assigned name for look-alike checks', () => {
    const hex = 'c7d1f0a2b3e4c5d6a7b8c9d0e1f2a3b4';
    expect(scanText(`api_token_sha256sum = "${hex}"`).findings).toEqual([]);
    expect(scanText(`api_token = "${hex}"`).findings.map((f) => f.rule_id)).toEqual([
      'generic-api-key',
    ]);
  });
});

describe('typed errors', () => {
  const codeOf = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (e) {
      return e instanceof ScanError ? e.code : 'untyped';
    }
    return undefined;
  };
  it('refuse bad input with a closed set of codes', () => {
    const s = new StreamScanner();
    s.end();
    expect(codeOf(() => s.push('x'))).toBe('stream-ended');
    expect(codeOf(() => new TokenVault().tokenFor('v', 'lower-case'))).toBe('bad-token-type');
    expect(codeOf(() => new KeywordPrefilter(['ab']))).toBe('bad-keyword');
    expect(codeOf(() => new RuleSet([defaultRules[0]!, defaultRules[0]!]))).toBe('bad-rule');
  });
});

describe('shannonEntropy', () => {
  it('computes bits per character, including characters above U+00FF', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(shannonEntropy('aab')).toBeCloseTo(0.9183, 4);
    expect(shannonEntropy('€€ab')).toBeCloseTo(1.5, 6);
    // Counts are reset between calls.
    expect(shannonEntropy('abcd')).toBe(2);
  });
});
