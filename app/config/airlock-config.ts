import { firstProblem, validateDocument, type Checked } from '../../src/config/validate-document.js';
import { GlobError } from '../../src/glob/glob-error.js';
import { globToRegExp } from '../../src/glob/glob-to-regexp.js';

/**
 * `.github/airlock.yml`, read from the default branch of the repository, on top of the org's
 * defaults in `<org>/.github:.github/airlock.yml`. The org can lock fields: a repository may then
 * only strengthen them (see `mergeConfig`).
 */
export interface AirlockConfig {
  /** Agent identities: App bots (`name[bot]`), bot and user logins. This App's bot always counts. */
  agents: string[];
  /** Branch patterns (globs: `*` within a segment, `**` across); `~DEFAULT_BRANCH` is the repository's default branch. */
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
  /** Automated containment on run telemetry (app/containment/); absent fields keep the policy's defaults. */
  containment?: ContainmentConfig;
  /** Org config only: fields a repository may not weaken. */
  locked: ConfigField[];
}

/** `containment:` of `.github/airlock.yml` (schemas/airlock-config.schema.json documents each field). */
export interface ContainmentConfig {
  refusedHosts?: number;
  windowSeconds?: number;
  dlpBlockRevokes?: boolean;
  /** The organization's layer's alone (an https URL): the App POSTs there, so a repository's writers must not choose where (docs/containment.md). */
  notifyUrl?: string;
}

export type EnforcementMode = 'log' | 'issue' | 'fix';
export const CONFIG_PATH = '.github/airlock.yml';

export const CONFIG_FIELDS = ['agents', 'protected_branches', 'mode', 'approvers', 'approval_paths', 'gate_all_pull_requests', 'solo', 'containment', 'locked'] as const;
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

/** A configuration problem, located (`<file>:<line>:<col>: <field>: ...` when the line is known): shown in a failing check run. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    message: string,
    at?: { line: number; col: number },
  ) {
    super(`${file}${at ? `:${at.line}:${at.col}` : ''}: ${field ? `${field}: ` : ''}${message}`);
  }
}

const MODES: EnforcementMode[] = ['log', 'issue', 'fix'];

/** The fields a file sets; absent fields are left to the layer below. */
export type ConfigLayer = Partial<AirlockConfig>;

/** Which layer a file is: the organization's (`<org>/.github`, may lock fields) or a repository's. */
export type ConfigLayerKind = 'organization' | 'repository';

/** The file as schemas/airlock-config.schema.json (or the org layer's) admits it. */
interface ConfigDocument {
  agents?: string[];
  protected_branches?: string[];
  mode?: EnforcementMode;
  approvers?: { users?: string[]; teams?: string[]; required?: number };
  approval_paths?: string[];
  gate_all_pull_requests?: boolean;
  solo?: boolean;
  containment?: { refused_hosts?: number; window_seconds?: number; dlp_block_revokes?: boolean; notify_url?: string };
  locked?: ConfigField[];
}

/**
 * Validates one layer against its published schema (schemas/airlock-config.schema.json, or
 * airlock-org-config.schema.json, which adds `locked`), the schema `airlock config check` and
 * editors use. Nothing is left to check in code: every rule is the schema's.
 */
export function validateConfig(text: string, kind: ConfigLayerKind = 'repository'): Checked<ConfigLayer> {
  const doc = validateDocument(kind === 'organization' ? 'airlock-org-config' : 'airlock-config', text);
  if (doc.problems.length) return { ok: false, problems: doc.problems };
  const d = (doc.value ?? {}) as ConfigDocument;
  const layer: ConfigLayer = {};
  if (d.agents) layer.agents = d.agents;
  if (d.protected_branches) layer.protectedBranches = d.protected_branches;
  if (d.mode) layer.mode = d.mode;
  if (d.approvers) layer.approvers = { users: d.approvers.users ?? [], teams: d.approvers.teams ?? [], required: d.approvers.required ?? 1 };
  if (d.approval_paths) layer.approvalPaths = d.approval_paths;
  if (d.gate_all_pull_requests !== undefined) layer.gateAllPullRequests = d.gate_all_pull_requests;
  if (d.solo !== undefined) layer.solo = d.solo;
  if (d.containment) layer.containment = containmentOf(d.containment);
  if (d.locked) layer.locked = d.locked;
  return { ok: true, value: layer };
}

function containmentOf(c: NonNullable<ConfigDocument['containment']>): ContainmentConfig {
  const out: ContainmentConfig = {};
  if (c.refused_hosts !== undefined) out.refusedHosts = c.refused_hosts;
  if (c.window_seconds !== undefined) out.windowSeconds = c.window_seconds;
  if (c.dlp_block_revokes !== undefined) out.dlpBlockRevokes = c.dlp_block_revokes;
  if (c.notify_url !== undefined) out.notifyUrl = c.notify_url;
  return out;
}

/**
 * A locked containment section can only get stricter: fewer refused hosts, a longer window, DLP
 * blocks revoking. The organization's notify_url stays as it is (see mergeContainment).
 */
function stricterContainment(org: ContainmentConfig, repo: ContainmentConfig): ContainmentConfig {
  const out: ContainmentConfig = { ...org };
  if (repo.refusedHosts !== undefined) out.refusedHosts = Math.min(org.refusedHosts ?? repo.refusedHosts, repo.refusedHosts);
  if (repo.windowSeconds !== undefined) out.windowSeconds = Math.max(org.windowSeconds ?? repo.windowSeconds, repo.windowSeconds);
  if (repo.dlpBlockRevokes !== undefined) out.dlpBlockRevokes = (org.dlpBlockRevokes ?? false) || repo.dlpBlockRevokes;
  return out;
}

/**
 * The repository's containment on the organization's: stricter only when locked. notify_url is the
 * organization's alone, locked or not (the App POSTs there, so a repository's writers must not
 * choose where): the repository schema refuses it, and a repository layer carrying one anyway is
 * not listened to.
 */
function mergeContainment(org: ContainmentConfig, repo: ContainmentConfig, locked: boolean): ContainmentConfig {
  const { notifyUrl: _refused, ...own } = repo;
  return locked ? stricterContainment(org, own) : { ...org, ...own };
}

/** The App's reading: the fields a file sets; the first problem (located) as a ConfigError. */
export function parseConfig(file: string, text: string, kind: ConfigLayerKind = 'repository'): ConfigLayer {
  const checked = validateConfig(text, kind);
  if (checked.ok) return checked.value;
  const first = firstProblem(checked.problems);
  throw new ConfigError(file, first.field, first.message, first);
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
  if (repo.containment) out.containment = mergeContainment(base.containment ?? {}, repo.containment, locked.has('containment'));
  return out;
}

/**
 * Whether a push to `branch` is one the config protects. Patterns are read by the one glob matcher
 * (src/glob/glob-to-regexp.ts), with the fnmatch semantics of the ruleset they are mirrored to. A
 * pattern that is not a valid glob protects every branch (fail closed) rather than none.
 */
export function isProtectedBranch(config: AirlockConfig, branch: string, defaultBranch: string): boolean {
  return config.protectedBranches.some((p) => (p === '~DEFAULT_BRANCH' ? branch === defaultBranch : matchesBranch(p, branch)));
}

function matchesBranch(pattern: string, branch: string): boolean {
  try {
    return globToRegExp(pattern).test(branch);
  } catch (error) {
    if (error instanceof GlobError) return true;
    throw error;
  }
}
