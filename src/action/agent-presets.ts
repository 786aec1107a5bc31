/**
 * What each agent people run needs to work behind Airlock's gateway and egress proxy, out of the
 * box (`agent: claude-code | codex`). The facts, each checked against the real CLIs, are in
 * docs/agents.md; this is that document as settings. `generic` sets nothing.
 */
export type AgentKind = 'generic' | 'claude-code' | 'codex';

export const AGENT_KINDS: readonly AgentKind[] = ['generic', 'claude-code', 'codex'];

/** Where the sandbox finds the task: a file, never text spliced into the command. */
export const PROMPT_FILE = '/run/airlock/prompt.md';

/** A file the sandbox shows read-only at `target` (written by the Action, holding no secret). */
export interface PresetFile {
  readonly target: string;
  readonly content: string;
}

export interface AgentPreset {
  readonly env: Record<string, string>;
  readonly files: readonly PresetFile[];
  /** The command when the workflow gives none, reading the task from PROMPT_FILE. */
  readonly defaultRun?: string;
  /** The LLM provider whose key the agent needs. */
  readonly provider?: 'anthropic' | 'openai';
}

export interface PresetOptions {
  /** The gateway's base URL for the provider, as the agent sees it (e.g. http://llm.airlock/anthropic). */
  readonly baseUrl: string;
  /** The agent's HOME inside the sandbox. */
  readonly home: string;
  readonly model?: string;
}

/**
 * Claude Code reads settings that outrank the environment Airlock sets, among them a repository's
 * own `.claude/settings.json`, whose `env` could point ANTHROPIC_BASE_URL elsewhere or switch
 * non-essential traffic (which carries the key to api.anthropic.com) back on, or enable its own
 * bubblewrap sandbox, which cannot nest in Airlock's. Managed settings outrank every other source:
 * https://code.claude.com/docs/en/settings#settings-precedence
 */
const CLAUDE_MANAGED_SETTINGS = '/etc/claude-code/managed-settings.json';

/**
 * Codex ignores OPENAI_BASE_URL and cannot redefine its built-in provider, so it gets one of its own
 * in `$CODEX_HOME/config.toml` (a repository's `.codex/config.toml` is untrusted and ignored);
 * analytics and plugins (calls to chatgpt.com and GitHub) off; request compression off (the gateway
 * scans plain bodies only). https://developers.openai.com/codex/config-reference
 */
function codexConfig(options: PresetOptions): string {
  return [
    ...(options.model ? [`model = ${JSON.stringify(options.model)}`] : []),
    'model_provider = "airlock"',
    '',
    '[model_providers.airlock]',
    'name = "Airlock gateway"',
    `base_url = ${JSON.stringify(options.baseUrl)}`,
    'env_key = "OPENAI_API_KEY"',
    'wire_api = "responses"',
    '',
    '[analytics]',
    'enabled = false',
    '',
    '[features]',
    'plugins = false',
    'enable_request_compression = false',
    '',
  ].join('\n');
}

export function agentPreset(kind: AgentKind, options: PresetOptions): AgentPreset {
  const task = `"$(cat "${PROMPT_FILE}")"`;
  if (kind === 'claude-code') {
    return {
      provider: 'anthropic',
      // Non-essential traffic would reach api.anthropic.com with the key; IS_SANDBOX lets
      // --dangerously-skip-permissions run (it refuses uid 0 otherwise, and Airlock is the sandbox).
      env: { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_AUTOUPDATER: '1', IS_SANDBOX: '1' },
      files: [{ target: CLAUDE_MANAGED_SETTINGS, content: JSON.stringify({ env: { ANTHROPIC_BASE_URL: options.baseUrl, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' }, sandbox: { enabled: false } }, null, 2) + '\n' }],
      defaultRun: `claude -p ${task} --dangerously-skip-permissions${options.model ? ` --model ${options.model}` : ''}`,
    };
  }
  if (kind === 'codex') {
    const codexHome = `${options.home}/.codex`;
    return {
      provider: 'openai',
      env: { CODEX_HOME: codexHome },
      files: [{ target: `${codexHome}/config.toml`, content: codexConfig(options) }],
      // Its own sandbox cannot nest in Airlock's (`exec` would otherwise use it); stdin is read to the end, so none.
      defaultRun: `codex exec --skip-git-repo-check --dangerously-bypass-approvals-and-sandbox --ephemeral ${task} < /dev/null`,
    };
  }
  return { env: {}, files: [] };
}
