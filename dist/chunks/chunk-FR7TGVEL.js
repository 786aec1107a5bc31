import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  firstProblem,
  validateDocument
} from "./chunk-6Q4CAUVC.js";
import {
  GlobError,
  globToRegExp
} from "./chunk-XTMBT247.js";

// app/config/airlock-config.ts
var CONFIG_PATH = ".github/airlock.yml";
var DEFAULT_APPROVAL_PATHS = [
  ".github/workflows/**",
  ".github/actions/**",
  ".github/airlock.yml",
  ".github/airlock/**",
  "policies/**",
  "**/*.tf",
  "**/*.tfvars",
  "terraform/**",
  "k8s/**",
  "helm/**",
  "**/Dockerfile"
];
var DEFAULT_CONFIG = {
  agents: [],
  protectedBranches: ["~DEFAULT_BRANCH", "release/*"],
  mode: "issue",
  approvers: { users: [], teams: [], required: 1 },
  approvalPaths: DEFAULT_APPROVAL_PATHS,
  gateAllPullRequests: true,
  solo: false,
  locked: []
};
var ConfigError = class extends Error {
  constructor(file, field, message, at) {
    super(`${file}${at ? `:${at.line}:${at.col}` : ""}: ${field ? `${field}: ` : ""}${message}`);
    this.file = file;
    this.field = field;
  }
  file;
  field;
};
var MODES = ["log", "issue", "fix"];
function validateConfig(text, kind = "repository") {
  const doc = validateDocument(kind === "organization" ? "airlock-org-config" : "airlock-config", text);
  if (doc.problems.length) return { ok: false, problems: doc.problems };
  const d = doc.value ?? {};
  const layer = {};
  if (d.agents) layer.agents = d.agents;
  if (d.protected_branches) layer.protectedBranches = d.protected_branches;
  if (d.mode) layer.mode = d.mode;
  if (d.approvers) layer.approvers = { users: d.approvers.users ?? [], teams: d.approvers.teams ?? [], required: d.approvers.required ?? 1 };
  if (d.approval_paths) layer.approvalPaths = d.approval_paths;
  if (d.gate_all_pull_requests !== void 0) layer.gateAllPullRequests = d.gate_all_pull_requests;
  if (d.solo !== void 0) layer.solo = d.solo;
  if (d.containment) layer.containment = containmentOf(d.containment);
  if (d.locked) layer.locked = d.locked;
  return { ok: true, value: layer };
}
function containmentOf(c) {
  const out = {};
  if (c.refused_hosts !== void 0) out.refusedHosts = c.refused_hosts;
  if (c.window_seconds !== void 0) out.windowSeconds = c.window_seconds;
  if (c.dlp_block_revokes !== void 0) out.dlpBlockRevokes = c.dlp_block_revokes;
  if (c.notify_url !== void 0) out.notifyUrl = c.notify_url;
  return out;
}
function stricterContainment(org, repo) {
  const out = { ...org };
  if (repo.refusedHosts !== void 0) out.refusedHosts = Math.min(org.refusedHosts ?? repo.refusedHosts, repo.refusedHosts);
  if (repo.windowSeconds !== void 0) out.windowSeconds = Math.max(org.windowSeconds ?? repo.windowSeconds, repo.windowSeconds);
  if (repo.dlpBlockRevokes !== void 0) out.dlpBlockRevokes = (org.dlpBlockRevokes ?? false) || repo.dlpBlockRevokes;
  return out;
}
function mergeContainment(org, repo, locked) {
  const { notifyUrl: _refused, ...own } = repo;
  return locked ? stricterContainment(org, own) : { ...org, ...own };
}
function parseConfig(file, text, kind = "repository") {
  const checked = validateConfig(text, kind);
  if (checked.ok) return checked.value;
  const first = firstProblem(checked.problems);
  throw new ConfigError(file, first.field, first.message, first);
}
var union = (a, b) => [.../* @__PURE__ */ new Set([...a, ...b])];
function mergeConfig(org, repo) {
  const base = { ...DEFAULT_CONFIG, ...org, locked: org.locked ?? [] };
  const locked = new Set(base.locked);
  const out = { ...base };
  if (repo.agents) out.agents = locked.has("agents") ? union(base.agents, repo.agents) : repo.agents;
  if (repo.protectedBranches) out.protectedBranches = locked.has("protected_branches") ? union(base.protectedBranches, repo.protectedBranches) : repo.protectedBranches;
  if (repo.approvalPaths) out.approvalPaths = locked.has("approval_paths") ? union(base.approvalPaths, repo.approvalPaths) : repo.approvalPaths;
  if (repo.mode) out.mode = locked.has("mode") && MODES.indexOf(repo.mode) < MODES.indexOf(base.mode) ? base.mode : repo.mode;
  if (repo.approvers) {
    out.approvers = locked.has("approvers") ? { users: base.approvers.users.length ? base.approvers.users : repo.approvers.users, teams: base.approvers.teams.length ? base.approvers.teams : repo.approvers.teams, required: Math.max(base.approvers.required, repo.approvers.required) } : repo.approvers;
  }
  if (repo.gateAllPullRequests !== void 0) out.gateAllPullRequests = locked.has("gate_all_pull_requests") ? base.gateAllPullRequests || repo.gateAllPullRequests : repo.gateAllPullRequests;
  if (repo.solo !== void 0) out.solo = locked.has("solo") ? base.solo && repo.solo : repo.solo;
  if (repo.containment) out.containment = mergeContainment(base.containment ?? {}, repo.containment, locked.has("containment"));
  return out;
}
function isProtectedBranch(config, branch, defaultBranch) {
  return config.protectedBranches.some((p) => p === "~DEFAULT_BRANCH" ? branch === defaultBranch : matchesBranch(p, branch));
}
function matchesBranch(pattern, branch) {
  try {
    return globToRegExp(pattern).test(branch);
  } catch (error) {
    if (error instanceof GlobError) return true;
    throw error;
  }
}

export {
  CONFIG_PATH,
  DEFAULT_CONFIG,
  ConfigError,
  validateConfig,
  parseConfig,
  mergeConfig,
  isProtectedBranch
};
