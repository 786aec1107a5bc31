import { readFile } from 'node:fs/promises';
import { FINGERPRINT_KEY } from '../scan/finding-fingerprint.js';
import { CliError } from './parse-command-args.js';

const FINGERPRINT = /^[0-9a-f]{32}$/;

/**
 * The fingerprints of a report `airlock scan` wrote: SARIF (each result's
 * partialFingerprints["airlockFinding/v2"]) or its JSON (each finding's `fingerprint`). A result
 * without one would be silently not suppressed, so it makes the whole baseline unusable.
 */
export function baselineFingerprints(text: string, name: string): Set<string> {
  const unusable = (why: string) => new CliError('input', `--baseline ${name} ${why}; expected the SARIF or JSON written by airlock scan --format sarif|json`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw unusable('is not JSON');
  }
  const sarif = doc as { version?: unknown; runs?: { results?: { partialFingerprints?: Record<string, unknown> }[] }[] };
  const report = doc as { tool?: unknown; findings?: { fingerprint?: unknown }[] };
  let values: unknown[];
  if (sarif?.version === '2.1.0' && Array.isArray(sarif.runs)) values = sarif.runs.flatMap((run) => (Array.isArray(run?.results) ? run.results : [])).map((r) => r?.partialFingerprints?.[FINGERPRINT_KEY]);
  else if (report?.tool === 'airlock-scan' && Array.isArray(report.findings)) values = report.findings.map((f) => f?.fingerprint);
  else throw unusable('is neither SARIF 2.1.0 nor an airlock scan JSON report');
  const bad = values.findIndex((v) => typeof v !== 'string' || !FINGERPRINT.test(v));
  if (bad >= 0) throw unusable(`has a finding (#${bad + 1}) without an ${FINGERPRINT_KEY} fingerprint (written by another tool or an older airlock? write it again with this one)`);
  return new Set(values as string[]);
}

export async function readBaseline(path: string, name: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError('input', `--baseline ${name} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give the file airlock scan --format sarif|json wrote`);
  }
  return baselineFingerprints(text, name);
}
