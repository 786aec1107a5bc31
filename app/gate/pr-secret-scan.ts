import { scanDiff } from '../../src/scan/scan-diff.js';
import type { ChangedFile, SecretFindings } from './gate-input.js';

/**
 * The PR gate's secret scan (issue 7 item 5): every line the pull request adds, through the
 * shared scanner. Inline `airlock:allow` comments are not honoured here: the author of the diff
 * must not be able to exempt their own leak. A file GitHub sends without a patch (binary, or a
 * diff too large to show) cannot be scanned, so the result is `unknown`, which the policy denies.
 * The files are the gate's one read of the pull request's file list.
 * https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files
 */
export function scanPullRequest(files: readonly ChangedFile[]): SecretFindings & { rules: string[] } {
  let count = 0;
  const rules = new Set<string>();
  let complete = true;
  for (const file of files) {
    if (file.status === 'removed') continue;
    if (file.patch === undefined) {
      complete = false;
      continue;
    }
    const diff = `diff --git a/${file.filename} b/${file.filename}\n--- a/${file.filename}\n+++ b/${file.filename}\n${file.patch}\n`;
    for (const finding of scanDiff(diff, { allowList: { inlineComments: false } })) {
      count++;
      rules.add(finding.rule_id);
    }
  }
  if (count > 0) return { status: 'found', count, rules: [...rules].sort() };
  return { status: complete ? 'clean' : 'unknown', count: 0, rules: [] };
}
