import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * The real agent CLIs the end-to-end suites run, installed from npm by
 * `scripts/install-real-agents.js` (which `.ci/run` calls) into a cache outside the repository
 * (one npm prefix each, so their `claude` bins never collide). What each needs to run headless
 * against a gateway is in docs/agents.md; the invocation builders below are that document as code.
 */
export const REAL_AGENTS_DIR = process.env.AIRLOCK_AGENTS_DIR || join(homedir(), '.cache', 'airlock-agents');

export type RealAgentName = 'claude-code-native' | 'claude-code-node' | 'codex';

interface RealAgentPackage {
  /** Package and exact version: the suites must not change under us when a release lands. */
  readonly name: string;
  readonly version: string;
  /** The entry point the package's `bin` resolves to, relative to the package directory. */
  readonly entry: string;
  /** A JavaScript entry point, run with node; else an executable. */
  readonly viaNode: boolean;
  /** The command its `bin` installs. */
  readonly bin: string;
}

/**
 * Pinned in real-agents.json, which the install script reads too:
 * - `claude-code-native`: since 2.1.113 the package is a wrapper whose postinstall hard-links the
 *   platform binary (`@anthropic-ai/claude-code-linux-x64`, a Bun-compiled executable) over
 *   `bin/claude.exe`. 2.1.197 is the newest whose wrapper declares `engines.node >=18`; npm on
 *   Node 20 resolves `@anthropic-ai/claude-code` to it, later ones need Node 22.
 * - `claude-code-node`: 2.1.112 is the last release shipping `cli.js`, run by Node.
 * - `codex`: a Node launcher (`bin/codex.js`) for the Rust binary in `@openai/codex-linux-x64`.
 */
export const REAL_AGENT_PACKAGES: Readonly<Record<RealAgentName, RealAgentPackage>> = JSON.parse(readFileSync(resolve('__tests__/support/real-agents.json'), 'utf8')) as Record<RealAgentName, RealAgentPackage>;

/** An installed agent: run `file` with `args` followed by the agent's own arguments. */
export interface InstalledAgent {
  readonly name: RealAgentName;
  readonly version: string;
  readonly file: string;
  readonly args: readonly string[];
  /** The npm prefix holding it (for binding read-only into a sandbox). */
  readonly prefix: string;
  /** The directory npm put its command in (what a runner's PATH would hold, as after setup-node). */
  readonly binDir: string;
}

const run = promisify(execFile);

/**
 * The agent, installed by the install script unless that exact version is already there (allow
 * minutes and several hundred MB the first time), and how to launch it.
 */
export async function installRealAgent(name: RealAgentName): Promise<InstalledAgent> {
  const pkg = REAL_AGENT_PACKAGES[name];
  await run(process.execPath, [resolve('scripts/install-real-agents.js'), name], { env: { ...process.env, AIRLOCK_AGENTS_DIR: REAL_AGENTS_DIR }, maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60 * 1000 });
  const prefix = join(REAL_AGENTS_DIR, name);
  const entry = join(prefix, 'node_modules', pkg.name, pkg.entry);
  await stat(entry);
  return { name, version: pkg.version, file: pkg.viaNode ? process.execPath : entry, args: pkg.viaNode ? [entry] : [], prefix, binDir: join(prefix, 'node_modules', '.bin') };
}

/** A process to start: file, arguments and its whole environment. */
export interface AgentInvocation {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

export interface AgentRunOptions {
  readonly prompt: string;
  /** What the agent takes as its provider's base URL (Anthropic: no `/v1`; OpenAI: with `/v1`). */
  readonly baseUrl: string;
  /** The key the agent presents (in Airlock, the run's placeholder). */
  readonly apiKey: string;
  /** A PEM file with the CA the base URL's certificate chains to. */
  readonly caFile: string;
  /** A writable home for the agent's own state (~/.claude, ~/.claude.json, ~/.codex). */
  readonly home: string;
  /** Extra variables, e.g. HTTPS_PROXY. */
  readonly extraEnv?: Readonly<Record<string, string>>;
}

const baseEnv = (home: string): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: home,
  LANG: 'C.UTF-8',
});

/**
 * Settings that must win over the repository's `.claude/settings.json`, whose `env` overrides the
 * process environment (a repository could point ANTHROPIC_BASE_URL elsewhere or turn the
 * non-essential-traffic switch off) and which may enable Claude Code's own Bash sandbox. Passed
 * with `--settings` here; the same object as /etc/claude-code/managed-settings.json outranks even
 * that (docs/agents.md).
 */
export const claudeCodeSettings = (baseUrl: string) => ({
  env: { ANTHROPIC_BASE_URL: baseUrl, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' },
  sandbox: { enabled: false },
});

/**
 * Claude Code headless (`-p`), with every setting docs/agents.md lists: key in `x-api-key`,
 * non-essential traffic off, permission prompts off (it runs inside Airlock's sandbox), and
 * `claudeCodeSettings` over whatever the repository's settings say.
 */
export function claudeCodeInvocation(
  agent: InstalledAgent,
  options: AgentRunOptions,
): AgentInvocation {
  return {
    file: agent.file,
    args: [
      ...agent.args,
      '-p',
      options.prompt,
      '--output-format',
      'json',
      '--dangerously-skip-permissions',
      '--settings',
      JSON.stringify(claudeCodeSettings(options.baseUrl)),
    ],
    env: {
      ...baseEnv(options.home),
      ANTHROPIC_BASE_URL: options.baseUrl,
      ANTHROPIC_API_KEY: options.apiKey,
      NODE_EXTRA_CA_CERTS: options.caFile,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      // --dangerously-skip-permissions refuses uid 0 unless told it is sandboxed (CI runs as root).
      IS_SANDBOX: '1',
      ...options.extraEnv,
    },
  };
}

/** The model Codex is pinned to: one whose metadata Codex 0.171 knows, so it offers apply_patch. */
export const CODEX_MODEL = 'gpt-5.5';

/** `$CODEX_HOME/config.toml` pointing Codex at `baseUrl` through a provider of its own (Codex ignores OPENAI_BASE_URL). */
export function codexConfigToml(baseUrl: string): string {
  return [
    `model = ${JSON.stringify(CODEX_MODEL)}`,
    'model_provider = "airlock"',
    '',
    '[model_providers.airlock]',
    'name = "Airlock gateway"',
    `base_url = ${JSON.stringify(baseUrl)}`,
    'env_key = "OPENAI_API_KEY"',
    'wire_api = "responses"',
    '',
    '[analytics]',
    'enabled = false',
    '',
    '[features]',
    'plugins = false',
    // The gateway refuses compressed bodies (415); Codex zstd-compresses only toward its ChatGPT backend today (codex-rs/features/src/lib.rs).
    'enable_request_compression = false',
    '',
  ].join('\n');
}

/**
 * Codex headless (`codex exec`), configured through `CODEX_HOME` (write `codexConfigToml` there
 * first): its own sandbox and approvals off (it runs inside Airlock's), nothing persisted.
 */
export function codexInvocation(
  agent: InstalledAgent,
  options: AgentRunOptions & { readonly codexHome: string },
): AgentInvocation {
  return {
    file: agent.file,
    args: [
      ...agent.args,
      'exec',
      '--skip-git-repo-check',
      '--dangerously-bypass-approvals-and-sandbox',
      '--ephemeral',
      '--color',
      'never',
      options.prompt,
    ],
    env: {
      ...baseEnv(options.home),
      CODEX_HOME: options.codexHome,
      OPENAI_API_KEY: options.apiKey,
      CODEX_CA_CERTIFICATE: options.caFile,
      ...options.extraEnv,
    },
  };
}
