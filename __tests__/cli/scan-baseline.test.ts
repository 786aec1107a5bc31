import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';

// airlock:allow-file (synthetic credentials)
// Two Stripe keys with the same redacted preview (sk_live_****...bY6h): a fingerprint of the
// preview could not tell them apart, one of the matched value does.
const FIRST = 'sk_live_4fK2mQ7xLp9ZtR8vNc3WbY6h';
const SECOND = 'sk_live_Zq8RtY2nVb7XcM1wLp0JbY6h';

const root = mkdtempSync(join(tmpdir(), 'airlock-scan-baseline-'));
const repo = join(root, 'repo');
mkdirSync(repo);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function scan(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {}, cwd: repo };
  const code = await runCli(['scan', ...argv], io);
  return { code, out, err };
}

interface Sarif {
  runs: { results: { ruleId: string; partialFingerprints?: Record<string, string>; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
}

describe('airlock scan --baseline', () => {
  it('SARIF carries partialFingerprints; its baseline suppresses exactly its fingerprints, across line moves', async () => {
    writeFileSync(join(repo, 'config.ts'), `export const stripe = "${FIRST}";\n`);
    const first = await scan(['.', '--format', 'sarif']);
    expect(first.code).toBe(1);
    const sarif = JSON.parse(first.out) as Sarif;
    const [result] = sarif.runs[0]!.results;
    expect(sarif.runs[0]!.results).toHaveLength(1);
    expect(result!.partialFingerprints).toEqual({ 'airlockFinding/v2': expect.stringMatching(/^[0-9a-f]{32}$/) });
    const baseline = join(root, 'baseline.sarif');
    writeFileSync(baseline, first.out);

    // The same finding again: suppressed, exit 0, and the summary says so.
    expect(await scan(['.', '--baseline', baseline])).toEqual({ code: 0, out: '0 finding(s) in 1 file(s), 1 in the baseline\n', err: '' });

    // Lines move: still the same finding (the line is not part of the fingerprint).
    writeFileSync(join(repo, 'config.ts'), `// header\n\n// more\nexport const stripe = "${FIRST}";\n`);
    expect((await scan(['.', '--baseline', baseline])).code).toBe(0);

    // A second, different secret in the same file, under the same rule and with the same
    // preview: reported, alone.
    writeFileSync(join(repo, 'config.ts'), `// header\nexport const stripe = "${FIRST}";\nexport const other = "${SECOND}";\n`);
    const again = await scan(['.', '--baseline', baseline, '--format', 'sarif']);
    expect(again.code).toBe(1);
    const results = (JSON.parse(again.out) as Sarif).runs[0]!.results;
    expect(results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.region.startLine])).toEqual([['stripe-live-secret-key', 3]]);
    expect(results[0]!.partialFingerprints!['airlockFinding/v2']).not.toBe(result!.partialFingerprints!['airlockFinding/v2']);
    expect(again.out).not.toContain(SECOND);

    // The baselined secret in another file is another finding.
    writeFileSync(join(repo, 'copy.ts'), `export const stripe = "${FIRST}";\n`);
    const text = await scan(['copy.ts', '--baseline', baseline]);
    expect(text).toMatchObject({ code: 1, out: 'copy.ts:1:24: stripe-live-secret-key: sk_live_****...bY6h\n1 finding(s) in 1 file(s)\n' });
    rmSync(join(repo, 'copy.ts'));
  });

  it('the JSON report is a baseline too: its findings carry the same fingerprints, and it counts what it left out', async () => {
    writeFileSync(join(repo, 'config.ts'), `export const stripe = "${FIRST}";\n`);
    const json = await scan(['.', '--json']);
    const report = JSON.parse(json.out) as { findings: { fingerprint: string }[] };
    expect(report.findings).toEqual([expect.objectContaining({ fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/) })]);
    const sarif = JSON.parse((await scan(['.', '--format', 'sarif'])).out) as Sarif;
    expect(sarif.runs[0]!.results[0]!.partialFingerprints!['airlockFinding/v2']).toBe(report.findings[0]!.fingerprint);
    const baseline = join(root, 'baseline.json');
    writeFileSync(baseline, json.out);
    writeFileSync(join(repo, 'config.ts'), `export const stripe = "${FIRST}";\nexport const other = "${SECOND}";\n`);
    const r = await scan(['.', '--baseline', baseline, '--json']);
    expect(r.code).toBe(1);
    const after = JSON.parse(r.out) as { findings: { line: number }[]; summary: { findings: number; baselined: number } };
    expect(after.findings.map((f) => f.line)).toEqual([2]);
    expect(after.summary).toMatchObject({ findings: 1, baselined: 1 });
  });

  it('a baseline that is not this scanner\'s report is exit 2, one line, so nothing is suppressed by accident', async () => {
    const foreign = join(root, 'foreign.sarif');
    writeFileSync(foreign, JSON.stringify({ version: '2.1.0', runs: [{ results: [{ ruleId: 'x', partialFingerprints: { 'primaryLocationLineHash/v1': 'abc' } }] }] }));
    const notJson = join(root, 'notes.txt');
    writeFileSync(notJson, 'hello\n');
    for (const [file, why] of [
      [foreign, 'has a finding (#1) without an airlockFinding/v2 fingerprint'],
      [notJson, 'is not JSON'],
    ] as const) {
      const r = await scan(['.', '--baseline', file]);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toBe(`airlock scan: --baseline ${file} ${why}${why === 'is not JSON' ? '' : ' (written by another tool or an older airlock? write it again with this one)'}; expected the SARIF or JSON written by airlock scan --format sarif|json\n`);
    }
  });
});
