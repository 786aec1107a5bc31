/**
 * Agent control files: they steer the next agent run (hooks, MCP servers, instructions, editor
 * tasks), including ones that do not exist yet (THREATS.md §D 25).
 */
const AGENT_CONTROL: RegExp[] = [
  /(^|\/)\.claude\//,
  /(^|\/)\.mcp\.json$/,
  /(^|\/)(AGENTS|CLAUDE)\.md$/,
  /(^|\/)\.cursor\//,
  /(^|\/)\.vscode\/(tasks|settings|launch)\.json$/,
];

/**
 * Changed files a human must look at whatever the policy says: workflows run with the
 * repository's secrets, and agent control files steer the next agent run (THREATS.md §D).
 */
const PATTERNS: RegExp[] = [/^\.github\/workflows\//, /^\.github\/actions\//, /^\.github\/airlock(\/|\.yml$)/, ...AGENT_CONTROL];

export function isAgentControlPath(path: string): boolean {
  return AGENT_CONTROL.some((re) => re.test(path));
}

export function pathsNeedingApproval(paths: Iterable<string>): string[] {
  return [...paths].filter((p) => PATTERNS.some((re) => re.test(p))).sort();
}
