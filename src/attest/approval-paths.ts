/**
 * Changed files a human must look at whatever the policy says: workflows run with the
 * repository's secrets, and agent control files steer the next agent run (THREATS.md §D).
 */
const PATTERNS: RegExp[] = [
  /^\.github\/workflows\//,
  /^\.github\/actions\//,
  /^\.github\/airlock(\/|\.yml$)/,
  /(^|\/)\.claude\//,
  /(^|\/)\.mcp\.json$/,
  /(^|\/)(AGENTS|CLAUDE)\.md$/,
  /(^|\/)\.cursor\//,
  /(^|\/)\.vscode\/(tasks|settings|launch)\.json$/,
];

export function pathsNeedingApproval(paths: Iterable<string>): string[] {
  return [...paths].filter((p) => PATTERNS.some((re) => re.test(p))).sort();
}
