import type { Finding } from '../scan/finding.js';
import type { RunEvent } from './run-event.js';

/** The rule id counted for a repository secret the agent was shown only as a token and wrote out in the clear. */
export const REVEALED_TOKEN_RULE = 'revealed-workspace-token';

/**
 * A `patch_scan` event (pure): how many findings the scan of the agent's patch made and their rule
 * ids, never a finding's text, file or preview.
 */
export function patchScanRunEvent(at: string, scan: { readonly findings: readonly Pick<Finding, 'rule_id'>[]; readonly revealed: number }): RunEvent {
  const rules = [...new Set([...scan.findings.map((f) => f.rule_id), ...(scan.revealed ? [REVEALED_TOKEN_RULE] : [])])].sort();
  return { kind: 'patch_scan', at, findings: scan.findings.length + scan.revealed, rules };
}
