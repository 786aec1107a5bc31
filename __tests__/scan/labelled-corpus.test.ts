import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../../src/scan/finding.js';
import { generateLabelledCorpus, type Label } from '../../src/scan/labelled-corpus.js';
import { scanText } from '../../src/scan/scan-text.js';

const overlaps = (f: Finding, l: Label): boolean => f.start < l.end && l.start < f.end;

describe('labelled corpus', () => {
  it('finds at least 99% of planted secrets and reports nothing on look-alikes', () => {
    const files = generateLabelledCorpus({
      seed: 7,
      targetChars: 2_000_000,
      secretEvery: 40,
      lookAlikeEvery: 20,
    });
    let planted = 0;
    let found = 0;
    let lookAlikeHits = 0;
    let unlabelled = 0;
    const missed: string[] = [];
    const falsePositives: string[] = [];
    for (const file of files) {
      const { findings } = scanText(file.text, { file: file.path });
      for (const s of file.secrets) {
        planted++;
        if (findings.some((f) => overlaps(f, s))) found++;
        else missed.push(`${s.type}: ${file.text.slice(s.start - 30, s.end)}`);
      }
      for (const l of file.lookAlikes) {
        const hit = findings.find((f) => overlaps(f, l));
        if (hit) {
          lookAlikeHits++;
          falsePositives.push(`${l.type} -> ${hit.rule_id}`);
        }
      }
      unlabelled += findings.filter(
        (f) =>
          !file.secrets.some((s) => overlaps(f, s)) && !file.lookAlikes.some((l) => overlaps(f, l)),
      ).length;
    }
    const recall = found / planted;
    expect(planted).toBeGreaterThan(500);
    expect({ recall: recall >= 0.99, missed: missed.slice(0, 5) }).toEqual({
      recall: true,
      missed: missed.slice(0, 5),
    });
    expect(falsePositives).toEqual([]);
    expect(lookAlikeHits).toBe(0);
    expect(unlabelled).toBe(0);
  });
});
