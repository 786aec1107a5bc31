import type { Finding } from './finding.js';
import { FINGERPRINT_KEY } from './finding-fingerprint.js';
import type { SecretRule } from './rule-types.js';

/*
 * SARIF 2.1.0 output (OASIS Static Analysis Results Interchange Format,
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), the format GitHub code
 * scanning ingests. Only the parts Airlock fills are typed here.
 */
export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly SarifRun[];
}

interface SarifRun {
  readonly tool: { readonly driver: SarifDriver };
  readonly columnKind: 'utf16CodeUnits';
  readonly results: readonly SarifResult[];
}

interface SarifDriver {
  readonly name: string;
  readonly informationUri: string;
  readonly version: string;
  readonly rules: readonly SarifRule[];
}

interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly defaultConfiguration: { readonly level: 'error' | 'warning' };
}

interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: 'error' | 'warning';
  readonly message: { readonly text: string };
  readonly locations: readonly {
    readonly physicalLocation: {
      readonly artifactLocation: { readonly uri: string };
      readonly region: { readonly startLine: number; readonly startColumn: number };
    };
  }[];
  readonly partialFingerprints?: Readonly<Record<string, string>>;
  readonly properties?: { readonly commit: string };
}

const toName = (id: string): string =>
  id.replace(/(^|-)([a-z0-9])/g, (_m, _s: string, c: string) => c.toUpperCase());

/** A URI reference for a path: forward slashes, each segment percent-encoded. */
function pathUri(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

export function toSarif(
  findings: readonly Finding[],
  rules: readonly SecretRule[],
  version: string,
): SarifLog {
  const used = [...new Set(findings.map((f) => f.rule_id))].sort();
  const byId = new Map(rules.map((r) => [r.id, r]));
  const sarifRules: SarifRule[] = used.map((id) => ({
    id,
    name: toName(id),
    shortDescription: {
      text: byId.get(id)?.description ?? findings.find((f) => f.rule_id === id)!.description,
    },
    defaultConfiguration: { level: 'error' },
  }));
  const index = new Map(used.map((id, i) => [id, i]));
  const results: SarifResult[] = findings.map((f) => ({
    ruleId: f.rule_id,
    ruleIndex: index.get(f.rule_id)!,
    level: f.confidence === 'low' ? 'warning' : 'error',
    message: { text: `${f.description}: ${f.redacted_preview}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathUri(f.file ?? 'stdin') },
          region: { startLine: f.line, startColumn: f.column },
        },
      },
    ],
    // Stable across runs and line moves without revealing the value (finding-fingerprint.ts);
    // what `airlock scan --baseline` reads back.
    ...(f.fingerprint !== undefined ? { partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint } } : {}),
    ...(f.commit !== undefined ? { properties: { commit: f.commit } } : {}),
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'airlock-scan',
            informationUri: 'https://github.com/airlock-dev/airlock',
            version,
            rules: sarifRules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
