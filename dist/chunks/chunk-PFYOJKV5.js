import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  hardenedGit
} from "./chunk-DACKHC6T.js";
import {
  gitBlobSha
} from "./chunk-M3RFPESX.js";
import {
  AttestError
} from "./chunk-JJEEWADX.js";

// src/action/broker-decision.ts
function recordedDecision(minted) {
  const d = minted.policy_decision;
  if (typeof d !== "object" || d === null) return {};
  if (typeof d.policy !== "string" || typeof d.allow !== "boolean" || typeof d.decision_digest !== "string" || !/^[0-9a-f]{64}$/.test(d.decision_digest)) return {};
  return { policyDecision: { policy: d.policy, allow: d.allow, decisionDigest: d.decision_digest } };
}
function policyDecisionsOf(records) {
  const seen = /* @__PURE__ */ new Set();
  const decisions = [];
  for (const { policyDecision: d } of records) {
    if (!d || seen.has(d.decisionDigest)) continue;
    seen.add(d.decisionDigest);
    decisions.push({ policy: d.policy, allow: d.allow, decisionDigest: { sha256: d.decisionDigest } });
  }
  return decisions;
}

// src/attest/work-tree-changes.ts
import { lstat, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";
async function git(cwd, args) {
  return (await hardenedGit(cwd, args)).toString("utf8");
}
async function snapshotBase(cwd, listTree = (commit) => git(cwd, ["ls-tree", "-r", "-z", "--full-tree", commit])) {
  let commit;
  try {
    commit = (await git(cwd, ["rev-parse", "--verify", "HEAD^{commit}"])).trim();
  } catch {
    return void 0;
  }
  const blobs = /* @__PURE__ */ new Map();
  for (const record of (await listTree(commit)).split("\0")) {
    const tab = record.indexOf("	");
    if (tab < 0) continue;
    const [, type, sha] = record.slice(0, tab).split(" ");
    if (type === "blob") blobs.set(record.slice(tab + 1), sha);
  }
  return { commit, blobs };
}
async function blobOf(path) {
  let stat;
  try {
    stat = await lstat(path);
  } catch (error) {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return null;
    throw error;
  }
  if (stat.isSymbolicLink()) return gitBlobSha(Buffer.from(await readlink(path)));
  if (stat.isFile()) return gitBlobSha(await readFile(path));
  return null;
}
async function workTreeChanges(cwd, base) {
  try {
    const untracked = (await git(cwd, ["ls-files", "-z", "--others", "--exclude-standard"])).split("\0").filter(Boolean);
    const candidates = /* @__PURE__ */ new Set([...base.blobs.keys(), ...untracked]);
    const changes = [];
    for (const path of candidates) {
      const blob = await blobOf(join(cwd, path));
      if (blob !== (base.blobs.get(path) ?? null)) changes.push({ path, blob });
    }
    return changes;
  } catch (error) {
    throw new AttestError("CHANGES_UNREADABLE", `could not read the agent's changes in ${cwd}: ${error.message}`);
  }
}

// src/attest/approval-paths.ts
var AGENT_CONTROL = [
  /(^|\/)\.claude\//,
  /(^|\/)\.mcp\.json$/,
  /(^|\/)(AGENTS|CLAUDE)\.md$/,
  /(^|\/)\.cursor\//,
  /(^|\/)\.vscode\/(tasks|settings|launch)\.json$/
];
var PATTERNS = [/^\.github\/workflows\//, /^\.github\/actions\//, /^\.github\/airlock(\/|\.yml$)/, ...AGENT_CONTROL];
function isAgentControlPath(path) {
  return AGENT_CONTROL.some((re) => re.test(path));
}
function pathsNeedingApproval(paths) {
  return [...paths].filter((p) => PATTERNS.some((re) => re.test(p))).sort();
}

export {
  recordedDecision,
  policyDecisionsOf,
  snapshotBase,
  workTreeChanges,
  isAgentControlPath,
  pathsNeedingApproval
};
