import { describe, expect, it } from '@jest/globals';
import { generateLabelledCorpus, seededRandom } from '../../src/scan/labelled-corpus.js';
import { scanBuffer, scanText } from '../../src/scan/scan-text.js';
import { StreamScanner } from '../../src/scan/stream-scanner.js';
import type { Finding } from '../../src/scan/finding.js';

// airlock:allow-file (synthetic credentials)

function streamScan(
  text: string | Buffer,
  sizes: () => number,
  knownValues?: { value: string; label: string }[],
): Finding[] {
  const s = new StreamScanner(knownValues ? { knownValues } : {});
  const out: Finding[] = [];
  for (let i = 0; i < text.length;) {
    const n = Math.max(1, sizes());
    out.push(...s.push(text.slice(i, i + n)));
    i += n;
  }
  out.push(...s.end());
  return out;
}

describe('StreamScanner', () => {
  const files = generateLabelledCorpus({
    seed: 11,
    targetChars: 600_000,
    fileChars: 200_000,
    secretEvery: 30,
    lookAlikeEvery: 30,
  });
  const known = [{ value: 'Airlock-minted/Zx81+Qm2v', label: 'test' }];
  // Encoded and multi-line secrets across chunk boundaries as well.
  const extra =
    `blob = "${Buffer.from('password = "Zq8Lm3Xv7Rt2Nc9"\n').toString('base64')}"\n` +
    `-----BEGIN RSA PRIVATE KEY-----\n${'MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBANMCOOrzwAm5kUwg\n'.repeat(30)}-----END RSA PRIVATE KEY-----\n` +
    `leak=${encodeURIComponent('Airlock-minted/Zx81+Qm2v')}\n` +
    `{"m": "${'\\u0078\\u006f'}xb-730418265913-580274619382-Ab3dEf6hIj9kLm2nOp5qRs8t"}\n`;
  const texts = files.map((f, i) =>
    i === 0 ? f.text.slice(0, 100_000) + extra + f.text.slice(100_000) : f.text,
  );

  it('gives the same findings as a batch scan for random chunkings (seeded)', () => {
    const rnd = seededRandom(42);
    for (let iter = 0; iter < 16; iter++) {
      const text = texts[iter % texts.length]!;
      const batch = scanText(text, { knownValues: known }).findings;
      expect(batch.length).toBeGreaterThan(3);
      if (iter % texts.length === 0)
        expect(new Set(batch.flatMap((f) => f.encoding ?? []))).toEqual(
          new Set(['base64', 'url', 'json-escape']),
        );
      const max = [1_000, 7_000, 40_000, 120_000][iter % 4]!;
      const streamed = streamScan(text, () => Math.floor(rnd() * max), known);
      expect(streamed).toEqual(batch);
    }
  });

  it('reports byte offsets for Buffer chunks, equal to a batch scan of the latin1 text', () => {
    const text = texts[0]!;
    const bytes = Buffer.from(text, 'latin1');
    const rnd = seededRandom(5);
    expect(streamScan(bytes, () => Math.floor(rnd() * 30_000))).toEqual(scanText(text).findings);
  });

  it('across window edges (every 64 KiB): encoded secrets and over-long base64 runs straddling them, streamed or batch', () => {
    // Secrets planted just before, on and after each 64 KiB edge the window scanner cuts at, as
    // plain text, base64, hex, URL escapes and after a base64 run longer than any segment.
    const slack = 'xoxb-730418265913-580274619382-Ab3dEf6hIj9kLm2nOp5qRs8t';
    const forms = [
      slack,
      Buffer.from(`token=${slack}`).toString('base64'),
      Buffer.from(`token=${slack}`).toString('hex'),
      encodeURIComponent(`token="${slack}"`),
      `${'QUJD'.repeat(1200)} ${slack}`,
    ];
    const filler = texts[1]!;
    let body = '';
    let k = 0;
    for (let edge = 65_536; edge < 1_400_000; edge += 65_536) {
      const form = forms[k % forms.length]!;
      const at = edge - Math.floor(form.length / 2) + ((k % 3) - 1) * 37;
      body += filler.slice(body.length % 100_000, (body.length % 100_000) + Math.max(0, at - body.length));
      while (body.length < at) body += '.';
      body += ` ${form}\n`;
      k++;
    }
    const bytes = Buffer.from(body, 'latin1');
    const batch = scanText(body).findings;
    expect(batch.filter((f) => f.rule_id === 'slack-bot-token').length).toBeGreaterThanOrEqual(k);
    expect(scanBuffer(bytes).findings).toEqual(batch);
    const rnd = seededRandom(9);
    for (const max of [3_000, 70_000, 300_000])
      expect(streamScan(bytes, () => Math.floor(rnd() * max))).toEqual(batch);
  });

  it('reports findings as the stream goes, not only at its end (memory stays bounded)', () => {
    const secret = 'xoxb-730418265913-580274619382-Ab3dEf6hIj9kLm2nOp5qRs8t';
    const s = new StreamScanner();
    const early = s.push(Buffer.from(`token: ${secret}\n`));
    const filler = Buffer.from(texts[2]!.replace(/[^\n]/g, 'x'), 'latin1');
    for (let i = 0; i < 20 && early.length === 0; i++) early.push(...s.push(filler));
    expect(early.map((f) => [f.rule_id, f.start])).toEqual([['slack-bot-token', 7]]);
    expect(s.end()).toEqual([]);
  });

  it('finds a secret split across two one-byte chunks', () => {
    const secret = 'xoxb-730418265913-580274619382-Ab3dEf6hIj9kLm2nOp5qRs8t';
    const s = new StreamScanner();
    const out = [
      ...s.push(`token: ${secret.slice(0, 20)}`),
      ...s.push(`${secret.slice(20)}\n`),
      ...s.end(),
    ];
    expect(out.map((f) => f.rule_id)).toEqual(['slack-bot-token']);
    expect(out[0]!.start).toBe(7);
  });
});
