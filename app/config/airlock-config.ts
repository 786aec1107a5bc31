import { parse as parseYaml } from 'yaml';

/**
 * `.github/airlock.yml`, read from the default branch of the repository, on top of the org's
 * defaults in `<org>/.github:.github/airlock.yml`. The org can lock fields: a repository may then
 * only strengthen them (see `mergeConfig`).
 */
export interface AirlockConfig {
  /** Agent identities: App bots (`name[bot]`), bot and user logins. This App's bot always counts. */
  agents: string[];
  /** Branch patterns (`*` within a segment); `~DEFAULT_BRANCH` is the repository's default branch. */
  protectedBranches: string[];
  /** What the App does about protection drift and agent pushes. */
  mode: EnforcementMode;
  approvers: { users: string[]; teams: string[]; required: number };
  /** Paths (globs) whose change always needs a human approval, agent or not. */
  approvalPaths: string[];
  /**
   * Gate every pull request, not only agents' (default). The ruleset requires the `Airlock`
   * check on protected branches, so a pull request without one could never merge: human pull
   * requests get the check too, and pass once approved (the ruleset's review rule asks the same).
   */
  gateAllPullRequests: boolean;
  /**
   * Solo mode, for repositories with one maintainer: the pull request's author (the human who
   * ran the agent) may approve it. Never the agent itself, never a bot. Off unless enabled.
   */
  solo: boolean;
  /** Org config only: fields a repository may not weaken. */
  locked: ConfigField[];
}

export type EnforcementMode = 'log' | 'issue' | 'fix';
export const CONFIG_PATH = '.github/airlock.yml';

export const CONFIG_FIELDS = ['agents', 'protected_branches', 'mode', 'approvers', 'approval_paths', 'gate_all_pull_requests', 'solo', 'locked'] as const;
export type ConfigField = (typeof CONFIG_FIELDS)[number];

export const DEFAULT_APPROVAL_PATHS = [
  '.github/workflows/**',
  '.github/actions/**',
  '.github/airlock.yml',
  '.github/airlock/**',
  'policies/**',
  '**/*.tf',
  '**/*.tfvars',
  'terraform/**',
  'k8s/**',
  'helm/**',
  '**/Dockerfile',
];

export const DEFAULT_CONFIG: AirlockConfig = {
  agents: [],
  protectedBranches: ['~DEFAULT_BRANCH', 'release/*'],
  mode: 'issue',
  approvers: { users: [], teams: [], required: 1 },
  approvalPaths: DEFAULT_APPROVAL_PATHS,
  gateAllPullRequests: true,
  solo: false,
  locked: [],
};

/** A configuration problem, located: shown in a failing check run. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    message: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ''}${message}`);
  }
}

const MODES: EnforcementMode[] = ['log', 'issue', 'fix'];

/** The fields a file sets; absent fields are left to the layer below. */
export type ConfigLayer = Partial<AirlockConfig>;

export function parseConfig(file: string, text: string): ConfigLayer {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 0 });
  } catch (error) {
    throw new ConfigError(file, '', `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(file, '', 'expected a YAML mapping');
  const d = doc as Record<string, unknown>;
  const unknown = Object.keys(d).filter((k) => !(CONFIG_FIELDS as readonly string[]).includes(k));
  if (unknown.length) throw new ConfigError(file, unknown[0]!, `unknown field; expected one of ${CONFIG_FIELDS.join(', ')}`);
  const list = (field: string): string[] | undefined => {
    const v = d[field];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.length > 0)) throw new ConfigError(file, field, 'must be a list of non-empty strings');
    return v as string[];
  };
  const flag = (field: string): boolean | undefined => {
    const v = d[field];
    if (v !== undefined && typeof v !== 'boolean') throw new ConfigError(file, field, 'must be true or false');
    return v as boolean | undefined;
  };
  const layer: ConfigLayer = {};
  const agents = list('agents');
  if (agents) layer.agents = agents;
  const branches = list('protected_branches');
  if (branches) layer.protectedBranches = branches;
  if (d.mode !== undefined) {
    if (!MODES.includes(d.mode as EnforcementMode)) throw new ConfigError(file, 'mode', `must be one of ${MODES.join(', ')}`);
    layer.mode = d.mode as EnforcementMode;
  }
  if (d.approvers !== undefined) {
    const a = d.approvers as Record<string, unknown>;
    if (typeof a !== 'object' || a === null || Array.isArray(a)) throw new ConfigError(file, 'approvers', 'must be a mapping with users, teams and required');
    const bad = Object.keys(a).find((k) => !['users', 'teams', 'required'].includes(k));
    if (bad) throw new ConfigError(file, `approvers.${bad}`, 'unknown field; expected users, teams, required');
    const strings = (k: string) => {
      const v = a[k];
      if (v === undefined) return [];
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new ConfigError(file, `approvers.${k}`, 'must be a list of strings');
      return v as string[];
    };
    const required = a.required ?? 1;
    if (typeof required !== 'number' || !Number.isInteger(required) || required < 1 || required > 10) throw new ConfigError(file, 'approvers.required', 'must be a whole number from 1 to 10');
    layer.approvers = { users: strings('users'), teams: strings('teams'), required };
  }
  const paths = list('approval_paths');
  if (paths) layer.approvalPaths = paths;
  const gateAll = flag('gate_all_pull_requests');
  if (gateAll !== undefined) layer.gateAllPullRequests = gateAll;
  const solo = flag('solo');
  if (solo !== undefined) layer.solo = solo;
  const locked = list('locked');
  if (locked) {
    const badField = locked.find((f) => !(CONFIG_FIELDS as readonly string[]).includes(f) || f === 'locked');
    if (badField) throw new ConfigError(file, 'locked', `${badField} is not a field that can be locked`);
    layer.locked = locked as ConfigField[];
  }
  return layer;
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

/**
 * Defaults, then the org layer, then the repository layer. A field the org locked can only be
 * strengthened by the repository: lists of agents, protected branches and approval paths grow,
 * the mode and the required approvals only rise, gating all pull requests can only be turned on,
 * solo mode can only be turned off. Unlocked fields are the repository's to set.
 */
export function mergeConfig(org: ConfigLayer, repo: ConfigLayer): AirlockConfig {
  const base: AirlockConfig = { ...DEFAULT_CONFIG, ...org, locked: org.locked ?? [] };
  const locked = new Set(base.locked);
  const out: AirlockConfig = { ...base };
  if (repo.agents) out.agents = locked.has('agents') ? union(base.agents, repo.agents) : repo.agents;
  if (repo.protectedBranches) out.protectedBranches = locked.has('protected_branches') ? union(base.protectedBranches, repo.protectedBranches) : repo.protectedBranches;
  if (repo.approvalPaths) out.approvalPaths = locked.has('approval_paths') ? union(base.approvalPaths, repo.approvalPaths) : repo.approvalPaths;
  if (repo.mode) out.mode = locked.has('mode') && MODES.indexOf(repo.mode) < MODES.indexOf(base.mode) ? base.mode : repo.mode;
  if (repo.approvers) {
    out.approvers = locked.has('approvers')
      ? { users: base.approvers.users.length ? base.approvers.users : repo.approvers.users, teams: base.approvers.teams.length ? base.approvers.teams : repo.approvers.teams, required: Math.max(base.approvers.required, repo.approvers.required) }
      : repo.approvers;
  }
  if (repo.gateAllPullRequests !== undefined) out.gateAllPullRequests = locked.has('gate_all_pull_requests') ? base.gateAllPullRequests || repo.gateAllPullRequests : repo.gateAllPullRequests;
  if (repo.solo !== undefined) out.solo = locked.has('solo') ? base.solo && repo.solo : repo.solo;
  return out;
}

/** Glob for branch names and paths: `*` within a segment, `**` across segments. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      out += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

export function isProtectedBranch(config: AirlockConfig, branch: string, defaultBranch: string): boolean {
  return config.protectedBranches.some((p) => (p === '~DEFAULT_BRANCH' ? branch === defaultBranch : globToRegExp(p).test(branch)));
}
