import { describe, expect, it } from '@jest/globals';
import { adversarialInputs } from '../../src/scan/adversarial-inputs.js';
import { KeywordPrefilter } from '../../src/scan/keyword-prefilter.js';
import { generateLabelledCorpus, seededRandom } from '../../src/scan/labelled-corpus.js';
import { defaultRuleSet } from '../../src/scan/rule-set.js';

// The prefilter must report every keyword occurrence and nothing else, on its byte path (a
// Buffer beside the latin1 text) and its character path alike: a missed hit is a missed secret.
// Each case is checked against a brute-force search of every keyword at every position.

/** Every (start, keyword index) in [from, to): 4+ characters ASCII case-insensitively, 3 as written. */
function bruteForce(keywords: readonly string[], text: string, from: number, to: number): string[] {
  // Keywords by their first character (lower-cased for the case-insensitive ones), for speed only.
  const byFirst = new Map<string, number[]>();
  keywords.forEach((k, index) => {
    const first = k.length === 3 ? k[0]! : k[0]!.toLowerCase();
    byFirst.set(first, [...(byFirst.get(first) ?? []), index]);
  });
  const out: string[] = [];
  for (let s = Math.max(0, from); s < Math.min(to, text.length); s++) {
    const c = text[s]!;
    for (const index of new Set([...(byFirst.get(c) ?? []), ...(c.charCodeAt(0) < 128 ? (byFirst.get(c.toLowerCase()) ?? []) : [])])) {
      const k = keywords[index]!;
      if (s + k.length > text.length) continue;
      const got = text.slice(s, s + k.length);
      const same = k.length === 3 ? got === k : [...got].every((ch, j) => ch.charCodeAt(0) < 128 && ch.toLowerCase() === k[j]);
      if (same) out.push(`${s}:${index}`);
    }
  }
  return out.sort();
}

function hits(pf: KeywordPrefilter, text: string, from: number, to: number, bytes?: Uint8Array): string[] {
  const out: string[] = [];
  pf.scan(text, from, to, (pos, index) => out.push(`${pos}:${index}`), bytes);
  // A keyword reached twice at one position is tried once by the engine; the set is what counts.
  return [...new Set(out)].sort();
}

/** Both paths on a latin1 text (one character per byte), checked against the brute force. */
function expectExact(pf: KeywordPrefilter, text: string, from = 0, to = text.length): void {
  const want = bruteForce(pf.keywords, text, from, to);
  expect(hits(pf, text, from, to, Buffer.from(text, 'latin1'))).toEqual(want);
  expect(hits(pf, text, from, to)).toEqual(want);
}

const rules = defaultRuleSet();
const pf = rules.prefilter;
const shortKeywords = pf.keywords.filter((k) => k.length === 3);
const longKeywords = pf.keywords.filter((k) => k.length > 3);

describe('KeywordPrefilter: every occurrence, nothing else', () => {
  it('the shipped keywords hold 3-character ones (matched as written) and longer ones', () => {
    expect(shortKeywords).toEqual(expect.arrayContaining(['0Q~', 'hf_', 'SG.', 'A3-', 'r8_']));
    expect(longKeywords.length).toBeGreaterThan(50);
  });

  it('on the labelled corpus (planted secrets, look-alikes, source) as the brute force finds them', () => {
    for (const f of generateLabelledCorpus({ seed: 404, targetChars: 120_000, fileChars: 6_000 })) expectExact(pf, f.text);
  });

  it('on the adversarial inputs (keywords repeated back to back, long runs)', () => {
    for (const a of adversarialInputs(0.02)) expectExact(pf, a.text.slice(0, 20_000));
  });

  it('a keyword at the very start and at the very end of the text, short and long', () => {
    for (const k of ['hf_', '0Q~', 'SG.', ...longKeywords.slice(0, 20)]) {
      expectExact(pf, k);
      expectExact(pf, `${k} = x`);
      expectExact(pf, `x = ${k}`);
      expectExact(pf, `${k}${k}`);
    }
  });

  it('a 3-character keyword exactly at the edges of [from, to): starting at from - 1, from, to - 1 and to', () => {
    const text = 'abc hf_ SG.x 9Q~ r8_A3-hf_';
    for (let from = 0; from <= text.length; from++)
      for (let to = from; to <= text.length; to++) expectExact(pf, text, from, to);
  });

  it('windows side by side report, together, exactly the whole text (no hit lost or doubled at a boundary)', () => {
    const random = seededRandom(7);
    const pieces = ['hf_', 'SG.', '5Q~', 'A3-', 'r8_', 'password', 'PASSWORD', 'ghp_', 'xoxb-', 'token', 'secret', ' ', 'a', '_', '\n'];
    let text = '';
    while (text.length < 4_000) text += pieces[Math.floor(random() * pieces.length)];
    const bytes = Buffer.from(text, 'latin1');
    const whole = hits(pf, text, 0, text.length, bytes);
    for (const step of [1, 2, 3, 5, 64, 1000]) {
      const joined: string[] = [];
      for (let at = 0; at < text.length; at += step) joined.push(...hits(pf, text, at, at + step, bytes));
      expect(joined.sort()).toEqual(whole);
      const chars: string[] = [];
      for (let at = 0; at < text.length; at += step) chars.push(...hits(pf, text, at, at + step));
      expect(chars.sort()).toEqual(whole);
    }
  });

  it('bytes past ASCII next to a keyword: found beside them, never folded into one', () => {
    // UTF-8 'é' and '€' read as latin1, and raw high bytes: 0xd0 is 'P' | 0x80, 0xf0 'p' | 0x80.
    const around = ['é', '€', '\xff', '\x80', '\xd0', '\xf0', '\xc9'].map((c) => Buffer.from(c, 'utf8').toString('latin1'));
    for (const k of ['password', 'hf_', 'SG.', 'ghp_', 'token']) {
      for (const c of around) {
        expectExact(pf, `${c}${k}${c}`);
        expectExact(pf, `x=${c}${k}=${c}${c}`);
      }
      // A high byte in place of a keyword character is no match (0xf0 is not 'p', 0xc8 not 'H').
      expectExact(pf, `\xf0${k.slice(1)} \xc8${k.slice(1)} ${k.slice(0, -1)}\xdf`);
    }
  });

  it('on the character path, a character past 255 never matches its low byte', () => {
    // U+0170 has low byte 0x70 ('p'); U+015F has 0x5f ('_').
    const text = '\u0170assword p\u0161ssword hf\u015f hf_ password';
    const want = bruteForce(pf.keywords, text, 0, text.length);
    expect(hits(pf, text, 0, text.length)).toEqual(want);
    expect(want.length).toBe(2);
  });

  it('a prefilter of only 3-character keywords, or only longer ones, still finds each', () => {
    const shortOnly = new KeywordPrefilter(['hf_', 'Ab-', 'Zz~']);
    expectExact(shortOnly, 'hf_Ab-Zz~ hf_ zz~ HF_ Ab-Ab-');
    const longOnly = new KeywordPrefilter(['Secret', 'tokenizer', 'ab_cd']);
    expectExact(longOnly, 'SECRET tokenizer TOKENIZER_ ab_cdAB_CD secre');
  });
});
