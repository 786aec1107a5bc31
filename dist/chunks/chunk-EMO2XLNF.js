import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  defaultJobClaims,
  startOidcIssuer,
  startSigstore
} from "./chunk-W3YAAO3Z.js";
import {
  require_snappyjs
} from "./chunk-UFYLBWKB.js";
import {
  BodyTooLargeError,
  parseJson,
  readBody,
  sendJson
} from "./chunk-K3MR4WOR.js";
import {
  createCertificateAuthority
} from "./chunk-Y7NYHVI4.js";
import {
  gitBlobSha
} from "./chunk-M3RFPESX.js";
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  errors_exports,
  importSPKI,
  jwtVerify
} from "./chunk-VJTT6KNH.js";
import {
  require_ajv
} from "./chunk-5AA5OQFX.js";
import {
  __toESM
} from "./chunk-WLT2JI5U.js";

// src/world/github/world-state.ts
import { createHash, randomBytes } from "node:crypto";
var hashToken = (token) => createHash("sha256").update(token).digest("hex");
var BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function newInstallationToken() {
  const bytes = randomBytes(36);
  let body = "";
  for (const b of bytes) body += BASE62[b % 62];
  return `ghs_${body}`;
}
function gitSha(content) {
  return createHash("sha1").update(content).digest("hex");
}
function repoKey(owner, name) {
  return `${owner}/${name}`.toLowerCase();
}
function findRepoById(state, id) {
  for (const repo of state.repos.values()) if (repo.id === id) return repo;
  return void 0;
}
function headOf(repo, branch = repo.defaultBranch) {
  const sha = repo.refs.get(`heads/${branch}`);
  const commit = sha ? repo.commits.get(sha) : void 0;
  if (!commit) throw new Error(`world: ${repo.owner.login}/${repo.name} has no branch ${branch}`);
  return commit;
}
function commitFiles(repo, branch, change) {
  const parentSha = repo.refs.get(`heads/${branch}`) ?? repo.refs.get(`heads/${repo.defaultBranch}`);
  const parent = parentSha ? repo.commits.get(parentSha) : void 0;
  const files = new Map(parent?.files ?? []);
  for (const [path, content] of Object.entries(change.files)) {
    if (content === null) files.delete(path);
    else files.set(path, content);
  }
  const sha = gitSha(
    JSON.stringify([parentSha ?? null, change.message, [...files.entries()].sort(), randomBytes(8).toString("hex")])
  );
  const commit = { sha, parents: parentSha ? [parentSha] : [], message: change.message, author: change.author, files };
  repo.commits.set(sha, commit);
  repo.refs.set(`heads/${branch}`, sha);
  return commit;
}

// src/world/github/github-objects.ts
function renderUser(state, user) {
  return {
    login: user.login,
    id: user.id,
    node_id: `U_${user.id}`,
    type: user.type,
    site_admin: false,
    url: `${state.apiUrl}/users/${encodeURIComponent(user.login)}`,
    html_url: `${state.serverUrl}/${encodeURIComponent(user.login)}`
  };
}
function renderRepo(state, repo) {
  const fullName = `${repo.owner.login}/${repo.name}`;
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: fullName,
    owner: renderUser(state, repo.owner),
    private: repo.private,
    visibility: repo.private ? "private" : "public",
    default_branch: repo.defaultBranch,
    url: `${state.apiUrl}/repos/${fullName}`,
    html_url: `${state.serverUrl}/${fullName}`,
    fork: false,
    archived: false,
    disabled: false
  };
}
function renderCheckRun(state, run) {
  const repo = [...state.repos.values()].find((r) => r.id === run.repoId);
  const fullName = repo ? `${repo.owner.login}/${repo.name}` : "";
  return {
    id: run.id,
    node_id: `CR_${run.id}`,
    // https://docs.github.com/en/rest/checks/runs#get-a-check-run: `url` and `html_url` (…/runs/{id}).
    url: `${state.apiUrl}/repos/${fullName}/check-runs/${run.id}`,
    html_url: `${state.serverUrl}/${fullName}/runs/${run.id}`,
    name: run.name,
    head_sha: run.headSha,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    external_id: run.externalId ?? "",
    details_url: run.detailsUrl ?? null,
    output: { title: run.output?.title ?? null, summary: run.output?.summary ?? null, text: run.output?.text ?? null, annotations_count: 0, annotations_url: `${state.apiUrl}/check-runs/${run.id}/annotations` },
    app: { id: state.app.id, slug: state.app.slug, name: state.app.name, node_id: `A_${state.app.id}`, owner: renderUser(state, state.users.get("acme")), permissions: state.app.permissions, events: state.app.events, client_id: state.app.clientId, created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z", html_url: `${state.serverUrl}/apps/${state.app.slug}`, description: null, external_url: state.serverUrl },
    pull_requests: []
  };
}
function renderIssue(state, repo, issue2) {
  return {
    id: issue2.id,
    node_id: `I_${issue2.id}`,
    number: issue2.number,
    title: issue2.title,
    body: issue2.body,
    state: issue2.state,
    user: renderUser(state, issue2.user),
    labels: issue2.labels.map((name, i) => ({ id: i + 1, node_id: `L_${i + 1}`, name, color: "ededed", default: false, description: null, url: `${state.apiUrl}/repos/${repo.owner.login}/${repo.name}/labels/${encodeURIComponent(name)}` })),
    comments: issue2.comments.length,
    created_at: issue2.createdAt,
    updated_at: issue2.createdAt,
    html_url: `${state.serverUrl}/${repo.owner.login}/${repo.name}/issues/${issue2.number}`,
    repository_url: `${state.apiUrl}/repos/${repo.owner.login}/${repo.name}`
  };
}

// src/world/github/route-types.ts
function githubError(status, message) {
  return { status, body: { message, documentation_url: "https://docs.github.com/rest", status: String(status) } };
}
function requireRepo(req) {
  if (!req.repo) throw new Error(`world: route needs a repository but has none (${JSON.stringify(req.params)})`);
  return req.repo;
}

// src/world/github/pulls-routes.ts
function branchSha(repo, branch) {
  return repo.refs.get(`heads/${branch}`) ?? "";
}
function renderPull(req, repo, pull) {
  const repoJson = renderRepo(req.state, repo);
  const side = (ref) => ({ label: `${repo.owner.login}:${ref}`, ref, sha: branchSha(repo, ref), user: renderUser(req.state, repo.owner), repo: repoJson });
  return {
    id: pull.id,
    node_id: `PR_${pull.id}`,
    number: pull.number,
    title: pull.title,
    body: pull.body,
    state: pull.state,
    user: renderUser(req.state, pull.user),
    head: side(pull.headRef),
    base: side(pull.baseRef),
    draft: false,
    merged: false,
    mergeable: true,
    created_at: pull.createdAt,
    updated_at: pull.createdAt,
    html_url: `${req.state.serverUrl}/${repo.owner.login}/${repo.name}/pull/${pull.number}`,
    url: `${req.state.apiUrl}/repos/${repo.owner.login}/${repo.name}/pulls/${pull.number}`,
    author_association: repo.collaborators.has(pull.user.login) ? "COLLABORATOR" : "CONTRIBUTOR"
  };
}
function pullFiles(repo, pull) {
  const base = repo.commits.get(branchSha(repo, pull.baseRef))?.files ?? /* @__PURE__ */ new Map();
  const head = repo.commits.get(branchSha(repo, pull.headRef))?.files ?? /* @__PURE__ */ new Map();
  const out = [];
  for (const filename of [.../* @__PURE__ */ new Set([...base.keys(), ...head.keys()])].sort()) {
    const before = base.get(filename);
    const after = head.get(filename);
    if (before === after) continue;
    const oldLines = before === void 0 ? [] : before.replace(/\n$/, "").split("\n");
    const newLines = after === void 0 ? [] : after.replace(/\n$/, "").split("\n");
    const patch = `@@ -${oldLines.length ? 1 : 0},${oldLines.length} +${newLines.length ? 1 : 0},${newLines.length} @@
` + [...oldLines.map((l) => `-${l}`), ...newLines.map((l) => `+${l}`)].join("\n");
    out.push({ filename, status: before === void 0 ? "added" : after === void 0 ? "removed" : "modified", patch, additions: newLines.length, deletions: oldLines.length });
  }
  return out;
}
var findPull = (req) => {
  const repo = requireRepo(req);
  return { repo, pull: req.state.pulls.find((p) => p.repoId === repo.id && p.number === Number(req.params.pull_number)) };
};
var getPull = (req) => {
  const { repo, pull } = findPull(req);
  return pull ? { status: 200, body: renderPull(req, repo, pull) } : githubError(404, "Not Found");
};
var listPulls = (req) => {
  const repo = requireRepo(req);
  const state = req.query.get("state") ?? "open";
  const head = req.query.get("head");
  const pulls = req.state.pulls.filter((p) => p.repoId === repo.id && (state === "all" || p.state === state) && (!head || `${repo.owner.login}:${p.headRef}` === head));
  return { status: 200, body: pulls.map((p) => renderPull(req, repo, p)) };
};
var listFiles = (req) => {
  const { repo, pull } = findPull(req);
  if (!pull) return githubError(404, "Not Found");
  const web = `${req.state.serverUrl}/${repo.owner.login}/${repo.name}`;
  const head = branchSha(repo, pull.headRef);
  return {
    status: 200,
    body: pullFiles(repo, pull).map((f) => ({
      // The blob id of the file at the head; deleted files keep the base's, as GitHub's do.
      sha: gitBlobSha(Buffer.from(repo.commits.get(head)?.files.get(f.filename) ?? repo.commits.get(branchSha(repo, pull.baseRef))?.files.get(f.filename) ?? "")),
      changes: f.additions + f.deletions,
      blob_url: `${web}/blob/${head}/${encodeURI(f.filename)}`,
      raw_url: `${web}/raw/${head}/${encodeURI(f.filename)}`,
      contents_url: `${req.state.apiUrl}/repos/${repo.owner.login}/${repo.name}/contents/${encodeURI(f.filename)}?ref=${head}`,
      ...f
    }))
  };
};
var listReviews = (req) => {
  const { repo, pull } = findPull(req);
  if (!pull) return githubError(404, "Not Found");
  const api = `${req.state.apiUrl}/repos/${repo.owner.login}/${repo.name}/pulls/${pull.number}`;
  const web = `${req.state.serverUrl}/${repo.owner.login}/${repo.name}/pull/${pull.number}`;
  return {
    status: 200,
    body: pull.reviews.map((r) => ({ id: r.id, node_id: `PRR_${r.id}`, user: renderUser(req.state, r.user), body: r.body, state: r.state, commit_id: r.commitId, submitted_at: r.submittedAt, html_url: `${web}#pullrequestreview-${r.id}`, pull_request_url: api, author_association: "COLLABORATOR", _links: { html: { href: `${web}#pullrequestreview-${r.id}` }, pull_request: { href: api } } }))
  };
};
function reaches(repo, tip, sha) {
  const seen = /* @__PURE__ */ new Set();
  const stack = tip ? [tip] : [];
  while (stack.length) {
    const at = stack.pop();
    if (at === sha) return true;
    if (seen.has(at)) continue;
    seen.add(at);
    stack.push(...repo.commits.get(at)?.parents ?? []);
  }
  return false;
}
var listPullsOfCommit = (req) => {
  const repo = requireRepo(req);
  const given = String(req.params.commit_sha);
  const sha = repo.refs.get(`heads/${given}`) ?? (repo.commits.has(given) ? given : void 0);
  if (!sha) return githubError(422, `No commit found for SHA: ${given}`);
  if (reaches(repo, branchSha(repo, repo.defaultBranch), sha)) return { status: 200, body: [] };
  const pulls = req.state.pulls.filter((p) => p.repoId === repo.id && p.state === "open" && reaches(repo, branchSha(repo, p.headRef), sha) && !reaches(repo, branchSha(repo, p.baseRef), sha));
  const perPage = Math.min(100, Number(req.query.get("per_page") ?? 30));
  const page = Math.max(1, Number(req.query.get("page") ?? 1));
  return { status: 200, body: pulls.slice((page - 1) * perPage, page * perPage).map((p) => renderPull(req, repo, p)) };
};
var pullsRoutes = {
  "repos/list-pull-requests-associated-with-commit": listPullsOfCommit,
  "pulls/get": getPull,
  "pulls/list": listPulls,
  "pulls/list-files": listFiles,
  "pulls/list-reviews": listReviews
};

// src/world/github/seed-world.ts
import { generateKeyPairSync, randomBytes as randomBytes2 } from "node:crypto";
function seedTrustPolicy(oidcIssuer) {
  return [
    "# Airlock trust policy: who may exchange a GitHub OIDC token for what.",
    `issuer: ${oidcIssuer}`,
    "subject: repo:acme/widgets:ref:refs/heads/main",
    "event_name: [push, workflow_dispatch, schedule]",
    "ref: refs/heads/main",
    "job_workflow_ref: acme/widgets/.github/workflows/agent.yml@refs/heads/main",
    "permissions:",
    "  contents: read",
    "  metadata: read",
    "max_lifetime: 15m",
    ""
  ].join("\n");
}
function seedWorld(options) {
  let id = 1e5;
  const nextId = () => ++id;
  const clock = options.clock ?? Date.now;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const user = (login, type = "User") => ({ login, id: nextId(), type });
  const org = user("acme", "Organization");
  const appBot = user("airlock[bot]", "Bot");
  const people = [org, appBot, user("alice"), user("bob"), user("carol"), user("mallory"), user("renovate[bot]", "Bot"), user("agent-smith[bot]", "Bot")];
  const users = new Map(people.map((u) => [u.login, u]));
  const state = {
    serverUrl: options.serverUrl,
    apiUrl: options.apiUrl,
    clock,
    nextId,
    users,
    app: {
      id: 4242,
      slug: "airlock",
      name: "Airlock",
      clientId: "Iv1." + randomBytes2(8).toString("hex"),
      privateKeyPem: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
      publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
      webhookSecret: randomBytes2(20).toString("hex"),
      permissions: {
        administration: "write",
        checks: "write",
        contents: "write",
        issues: "write",
        metadata: "read",
        pull_requests: "write",
        attestations: "read",
        members: "read"
      },
      events: ["push", "pull_request", "pull_request_review", "issue_comment", "check_run", "repository", "repository_ruleset", "branch_protection_rule"]
    },
    registeredApps: /* @__PURE__ */ new Map(),
    manifestCodes: /* @__PURE__ */ new Map(),
    appBot,
    installations: /* @__PURE__ */ new Map(),
    repos: /* @__PURE__ */ new Map(),
    tokens: /* @__PURE__ */ new Map(),
    checkRuns: [],
    issues: [],
    pulls: [],
    rulesets: [],
    branchProtections: /* @__PURE__ */ new Map(),
    attestations: [],
    attestationDelivery: "url",
    faults: [],
    // acme/reviewers: the approver team tests name in `approvers.teams`.
    teams: /* @__PURE__ */ new Map([["acme/reviewers", /* @__PURE__ */ new Set(["alice"])]]),
    requests: [],
    hookDeliveries: [],
    issuedTokens: [],
    violations: []
  };
  const installationId = 31337;
  state.installations.set(installationId, {
    id: installationId,
    account: org,
    permissions: { ...state.app.permissions },
    repositorySelection: "all",
    repositoryIds: []
  });
  addRepo(state, org, "widgets", { ".github/airlock/agent.sts.yaml": seedTrustPolicy(options.oidcIssuer), ".github/airlock.yml": "agents:\n  - agent-smith[bot]\n", "README.md": "# widgets\n", "src/index.js": "export const answer = 42;\n" });
  addRepo(state, org, "gadgets", { "README.md": "# gadgets\n" });
  addRepo(state, org, ".github", { "README.md": "# acme org defaults\n" });
  const widgets = state.repos.get(repoKey("acme", "widgets"));
  widgets.collaborators.set("alice", "admin");
  widgets.collaborators.set("bob", "write");
  widgets.collaborators.set("carol", "read");
  widgets.collaborators.set("agent-smith[bot]", "write");
  return state;
}
function addRepo(state, owner, name, files) {
  const repo = {
    id: state.nextId(),
    name,
    owner,
    private: false,
    defaultBranch: "main",
    refs: /* @__PURE__ */ new Map(),
    commits: /* @__PURE__ */ new Map(),
    collaborators: /* @__PURE__ */ new Map()
  };
  commitFiles(repo, "main", { files, message: "Initial commit", author: { name: "alice", email: "alice@acme.test", login: "alice" } });
  state.repos.set(repoKey(owner.login, name), repo);
  return repo;
}

// src/world/start-world.ts
import { mkdtemp, rm, writeFile as writeFile3 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join5 } from "node:path";

// src/world/github/git-mirror.ts
import { spawn as spawn2 } from "node:child_process";
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

// src/world/github/git-object-reader.ts
import { spawn } from "node:child_process";
function openGitObjectReader(gitDir, env) {
  const child = spawn("git", ["--git-dir", gitDir, "cat-file", "--batch"], { env, stdio: ["pipe", "pipe", "pipe"] });
  const pending = [];
  let buffer = Buffer.alloc(0);
  let stderr = "";
  let failure;
  const fail2 = (error) => {
    failure ??= error;
    for (const p of pending.splice(0)) p.reject(failure);
  };
  child.stderr.on("data", (chunk) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-2e3);
  });
  child.on("error", fail2);
  child.stdin.on("error", fail2);
  child.on("close", (code) => fail2(new Error(`git cat-file --batch ended (${code}): ${stderr.trim() || "no message"}`)));
  child.stdout.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (pending.length) {
      const eol = buffer.indexOf(10);
      if (eol < 0) return;
      const header = buffer.subarray(0, eol).toString("utf8").split(" ");
      const head = pending[0];
      if (header[1] === "missing" || header.length !== 3) {
        buffer = buffer.subarray(eol + 1);
        pending.shift();
        head.reject(new Error(`git object ${head.sha} is missing from ${gitDir}`));
        continue;
      }
      const size = Number(header[2]);
      if (buffer.length < eol + 1 + size + 1) return;
      const content = Buffer.from(buffer.subarray(eol + 1, eol + 1 + size));
      buffer = buffer.subarray(eol + 1 + size + 1);
      pending.shift();
      head.resolve({ type: header[1], content });
    }
  });
  return {
    read(sha) {
      if (!/^[0-9a-f]{40}$/.test(sha)) return Promise.reject(new Error(`not a git object id: ${JSON.stringify(sha)}; expected 40 hex digits`));
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        pending.push({ sha, resolve, reject });
        child.stdin.write(`${sha}
`);
      });
    },
    close() {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("close", () => resolve());
        child.stdin.end();
      });
    }
  };
}

// src/world/github/ruleset-enforcement.ts
function refMatches(pattern, ref, repo) {
  if (pattern === "~ALL") return true;
  if (pattern === "~DEFAULT_BRANCH") return ref === `refs/heads/${repo.defaultBranch}`;
  const regex = new RegExp(
    "^" + pattern.split("**").map((p) => p.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")).join(".*") + "$"
  );
  return regex.test(ref);
}
function refUpdateViolation(state, repo, ref, change) {
  const fullRef = `refs/${ref}`;
  for (const ruleset of state.rulesets.filter((r) => r.repoId === repo.id)) {
    const body = ruleset.body;
    if ((body.target ?? "branch") !== "branch" || body.enforcement !== "active") continue;
    const include = body.conditions?.ref_name?.include ?? [];
    const exclude = body.conditions?.ref_name?.exclude ?? [];
    if (!include.some((p) => refMatches(p, fullRef, repo)) || exclude.some((p) => refMatches(p, fullRef, repo))) continue;
    const bypass = (body.bypass_actors ?? []).some(
      (b) => b.actor_type === "Integration" && b.actor_id === state.app.id && change.actor.kind === "installation"
    );
    if (bypass) continue;
    for (const rule of body.rules ?? []) {
      if (rule.type === "pull_request") return `- Changes must be made through a pull request. (ruleset ${ruleset.id})`;
      if (rule.type === "update") return `- Cannot update this protected ref. (ruleset ${ruleset.id})`;
      if (rule.type === "non_fast_forward" && !change.fastForward) return `- Cannot force-push to this branch. (ruleset ${ruleset.id})`;
    }
  }
  const classic = state.branchProtections.get(`${repo.owner.login}/${repo.name}:${ref.replace(/^heads\//, "")}`.toLowerCase());
  if (classic?.required_pull_request_reviews) return "- Changes must be made through a pull request. (branch protection)";
  return void 0;
}
function bindingTagRulesets(state, repo, actor) {
  return state.rulesets.filter((r) => r.repoId === repo.id).map((r) => ({ id: r.id, body: r.body })).filter(({ body }) => body.target === "tag" && body.enforcement === "active").filter(({ body }) => !(body.bypass_actors ?? []).some((b) => b.actor_type === "Integration" && b.actor_id === state.app.id && actor.kind === "installation"));
}
function tagUpdateViolation(state, repo, ref, change) {
  const fullRef = `refs/${ref}`;
  for (const { id, body } of bindingTagRulesets(state, repo, change.actor)) {
    const include = body.conditions?.ref_name?.include ?? [];
    const exclude = body.conditions?.ref_name?.exclude ?? [];
    if (!include.some((p) => refMatches(p, fullRef, repo)) || exclude.some((p) => refMatches(p, fullRef, repo))) continue;
    for (const rule of body.rules ?? []) {
      if (rule.type === "creation" && change.kind === "create") return `- Cannot create ref due to creations being restricted. (ruleset ${id})`;
      if (rule.type === "update" && change.kind === "update") return `- Cannot update this protected ref. (ruleset ${id})`;
      if (rule.type === "deletion" && change.kind === "delete") return `- Cannot delete this protected ref. (ruleset ${id})`;
      if (rule.type === "non_fast_forward" && change.kind === "update" && !change.fastForward) return `- Cannot force-push to this ref. (ruleset ${id})`;
    }
  }
  return void 0;
}

// src/world/github/git-push-rules.ts
var REF_RULES_VARIABLE = "AIRLOCK_WORLD_REF_RULES";
var UPDATE_HOOK = `#!/bin/sh
if [ -z "\${${REF_RULES_VARIABLE}+set}" ]; then
  echo "error: local world: this push came without ruleset decisions; refusing it" >&2
  exit 1
fi
ref="$1" old="$2" new="$3"
zero=0000000000000000000000000000000000000000
tab=$(printf '\\t')
while IFS="$tab" read -r name when message; do
  case "$ref" in $name) ;; *) continue ;; esac
  refuse=
  case "$when" in
    always) refuse=1 ;;
    create) [ "$old" = "$zero" ] && refuse=1 ;;
    update) [ "$old" != "$zero" ] && [ "$new" != "$zero" ] && refuse=1 ;;
    delete) [ "$new" = "$zero" ] && refuse=1 ;;
    non-fast-forward)
      if [ "$new" = "$zero" ] || { [ "$old" != "$zero" ] && ! git merge-base --is-ancestor "$old" "$new" 2>/dev/null; }; then refuse=1; fi ;;
  esac
  if [ -n "$refuse" ]; then
    echo "error: GH013: Repository rule violations found for $ref." >&2
    echo "$message" >&2
    exit 1
  fi
done <<EOF
$${REF_RULES_VARIABLE}
EOF
exit 0
`;
function refRules(state, repo, caller) {
  const lines = [];
  for (const ref of repo.refs.keys()) {
    if (!ref.startsWith("heads/")) continue;
    const always = refUpdateViolation(state, repo, ref, { fastForward: true, actor: caller });
    const rewrite = always ?? refUpdateViolation(state, repo, ref, { fastForward: false, actor: caller });
    if (rewrite) lines.push([`refs/${ref}`, always ? "always" : "non-fast-forward", rewrite.replace(/[\t\r\n]+/g, " ")].join("	"));
  }
  return [...lines, ...tagRuleLines(state, repo, caller)].join("\n");
}
var TAG_RULE_WHEN = {
  creation: { when: "create", message: "Cannot create ref due to creations being restricted." },
  update: { when: "update", message: "Cannot update this protected ref." },
  deletion: { when: "delete", message: "Cannot delete this protected ref." },
  non_fast_forward: { when: "non-fast-forward", message: "Cannot force-push to this ref." }
};
function tagRuleLines(state, repo, caller) {
  const lines = [];
  for (const { id, body } of bindingTagRulesets(state, repo, caller))
    for (const include of body.conditions?.ref_name?.include ?? []) {
      const pattern = include === "~ALL" ? "refs/tags/*" : include.startsWith("refs/tags/") ? include.replace(/\*\*/g, "*") : void 0;
      if (!pattern) continue;
      for (const rule of body.rules ?? []) {
        const mapped = TAG_RULE_WHEN[rule.type];
        if (mapped) lines.push([pattern, mapped.when, `- ${mapped.message} (ruleset ${id})`].join("	"));
      }
    }
  return lines;
}

// src/world/github/git-data-routes.ts
import { randomBytes as randomBytes3 } from "node:crypto";
function treeSha(files) {
  const entries = [...files.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
  return gitSha(`tree\0${JSON.stringify(entries)}`);
}
function filesOfTree(repo, sha) {
  for (const commit of repo.commits.values()) if (treeSha(commit.files) === sha) return commit.files;
  return void 0;
}
function renderCommit(req, repo, commit) {
  const api = `${req.state.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
  const web = `${req.state.serverUrl}/${repo.owner.login}/${repo.name}`;
  const person = { name: commit.author.name, email: commit.author.email };
  const tree = treeSha(commit.files);
  return {
    sha: commit.sha,
    node_id: `C_${commit.sha}`,
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${web}/commit/${commit.sha}`,
    author: person,
    committer: person,
    message: commit.message,
    tree: { sha: tree, url: `${api}/git/trees/${tree}` },
    parents: commit.parents.map((sha) => ({ sha, url: `${api}/git/commits/${sha}`, html_url: `${web}/commit/${sha}` })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null }
  };
}
var getCommit = (req) => {
  const repo = requireRepo(req);
  const commit = repo.commits.get(req.params.commit_sha);
  return commit ? { status: 200, body: renderCommit(req, repo, commit) } : githubError(404, "Not Found");
};
var createCommit = (req) => {
  const repo = requireRepo(req);
  const tree = String(req.body.tree);
  const parents = (req.body.parents ?? []).map(String);
  const files = filesOfTree(repo, tree);
  if (!files) return githubError(422, "Tree SHA does not exist");
  if (parents.some((p) => !repo.commits.has(p))) return githubError(422, "Parent SHA does not exist or is not a commit object");
  const message = String(req.body.message);
  const given = req.body.author;
  const bot = req.state.appBot;
  const author = given?.name && given.email ? { name: given.name, email: given.email } : { name: bot.login, email: `${bot.id}+${bot.login}@users.noreply.github.test`, login: bot.login };
  const sha = gitSha(JSON.stringify(["commit", tree, parents, message, author, randomBytes3(8).toString("hex")]));
  const commit = { sha, parents, message, author, files: new Map(files) };
  repo.commits.set(sha, commit);
  return { status: 201, body: renderCommit(req, repo, commit) };
};
var gitDataRoutes = {
  "git/get-commit": getCommit,
  "git/create-commit": createCommit
};

// src/world/github/webhook-sender.ts
import { createHmac, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
var examples;
function exampleFor(event, action) {
  examples ??= createRequire(import.meta.url)("@octokit/webhooks-examples");
  const set = examples.find((e) => e.name === event);
  if (!set) throw new Error(`world: no webhook example for event ${event}`);
  const example = set.examples.find((e) => action === void 0 || e.action === action) ?? set.examples[0];
  return structuredClone(example);
}
function webhookRepository(state, repo, template) {
  const fullName = `${repo.owner.login}/${repo.name}`;
  return {
    ...template,
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: fullName,
    private: repo.private,
    visibility: repo.private ? "private" : "public",
    owner: { ...template.owner, ...renderUser(state, repo.owner), name: repo.owner.login },
    default_branch: repo.defaultBranch,
    master_branch: repo.defaultBranch,
    html_url: `${state.serverUrl}/${fullName}`,
    url: `${state.apiUrl}/repos/${fullName}`
  };
}
function buildPayload(state, event, options) {
  const payload = exampleFor(event, options.action);
  const installation = [...state.installations.values()][0];
  if (options.repo) payload.repository = webhookRepository(state, options.repo, payload.repository ?? {});
  payload.sender = { ...payload.sender, ...renderUser(state, options.sender) };
  payload.installation = { id: installation.id, node_id: `MDIz${installation.id}` };
  payload.organization = { ...payload.organization, login: installation.account.login, id: installation.account.id, node_id: `O_${installation.account.id}` };
  return { ...payload, ...options.action ? { action: options.action } : {}, ...options.fields };
}
var WEBHOOK_TIMEOUT_MS = 1e4;
var idOf = (value) => typeof value === "number" && Number.isSafeInteger(value) ? value : null;
async function attempt(state, url, delivery) {
  const started = Date.now();
  const record = { ...delivery, id: state.nextId(), deliveredAt: state.clock(), durationMs: 0, statusCode: 0, status: "pending" };
  state.hookDeliveries.push(record);
  let result;
  try {
    const response = await fetch(url, { method: "POST", headers: delivery.request.headers, body: delivery.request.body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
    const text = await response.text();
    record.statusCode = response.status;
    record.status = response.ok ? "OK" : `Invalid HTTP Response: ${response.status}`;
    result = { id: delivery.guid, event: delivery.event, status: response.status, body: text };
  } catch (error) {
    const timedOut = error.name === "TimeoutError";
    record.status = timedOut ? "timed out" : "failed to connect";
    result = { id: delivery.guid, event: delivery.event, status: 0, body: `${record.status}: ${String(error.cause ?? error)}` };
  }
  record.durationMs = Date.now() - started;
  return result;
}
async function deliverWebhook(state, url, event, payload, options = {}) {
  const body = options.rawBody ?? JSON.stringify(payload);
  const id = options.deliveryId ?? randomUUID();
  const signature2 = options.signature === void 0 ? `sha256=${createHmac("sha256", options.secret ?? state.app.webhookSecret).update(body).digest("hex")}` : options.signature;
  const headers = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/world",
    "x-github-event": event,
    "x-github-delivery": id,
    "x-github-hook-installation-target-type": "integration",
    "x-github-hook-installation-target-id": String(state.app.id)
  };
  if (signature2 !== null) headers["x-hub-signature-256"] = signature2;
  const fields2 = typeof payload === "object" && payload !== null ? payload : {};
  return attempt(state, url, {
    guid: id,
    event,
    action: typeof fields2.action === "string" ? fields2.action : null,
    installationId: idOf(fields2.installation?.id),
    repositoryId: idOf(fields2.repository?.id),
    redelivery: false,
    request: { headers, body }
  });
}
function redeliverWebhook(state, url, original) {
  const { id: _id, deliveredAt: _at, durationMs: _d, statusCode: _c, status: _s, ...rest } = original;
  return attempt(state, url, { ...rest, redelivery: true });
}

// src/world/github/push-payload.ts
var NULL_SHA = "0".repeat(40);
var noreplyEmail = (user) => `${user.id}+${user.login}@users.noreply.github.test`;
function commitJson(state, repo, commit) {
  const parent = commit.parents[0] ? repo.commits.get(commit.parents[0]) : void 0;
  const before = parent?.files ?? /* @__PURE__ */ new Map();
  const paths = [.../* @__PURE__ */ new Set([...before.keys(), ...commit.files.keys()])].sort();
  const person = { name: commit.author.name, email: commit.author.email, ...commit.author.login ? { username: commit.author.login } : {} };
  return {
    id: commit.sha,
    tree_id: treeSha(commit.files),
    distinct: true,
    message: commit.message,
    timestamp: new Date(state.clock()).toISOString(),
    url: `${state.serverUrl}/${repo.owner.login}/${repo.name}/commit/${commit.sha}`,
    author: person,
    committer: person,
    added: paths.filter((p) => !before.has(p)),
    removed: paths.filter((p) => !commit.files.has(p)),
    modified: paths.filter((p) => before.has(p) && commit.files.has(p) && before.get(p) !== commit.files.get(p))
  };
}
function buildPushPayload(state, push) {
  const { repo, sender } = push;
  const fullName = `${repo.owner.login}/${repo.name}`;
  const commits = push.commits.map((c) => commitJson(state, repo, c));
  const head = push.after === NULL_SHA ? void 0 : repo.commits.get(push.after);
  return buildPayload(state, "push", {
    repo,
    sender,
    fields: {
      ref: push.ref,
      before: push.before,
      after: push.after,
      created: push.before === NULL_SHA,
      deleted: push.after === NULL_SHA,
      forced: push.forced,
      base_ref: null,
      compare: `${state.serverUrl}/${fullName}/compare/${push.before.slice(0, 12)}...${push.after.slice(0, 12)}`,
      commits,
      head_commit: head ? commits.find((c) => c.id === head.sha) ?? commitJson(state, repo, head) : null,
      pusher: { name: sender.login, email: noreplyEmail(sender) }
    }
  });
}

// src/world/github/git-mirror.ts
function mirrorGitEnvironment() {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" };
}
var SCRATCH_REF = "refs/airlock-world/import";
var MIRROR_CONFIG = "[http]\n	receivepack = true\n[receive]\n	autogc = false\n[gc]\n	auto = 0\n";
function runGit(args, input) {
  return new Promise((resolve, reject) => {
    const child = spawn2("git", args, { env: mirrorGitEnvironment(), stdio: ["pipe", "pipe", "pipe"] });
    const out = [];
    let stderr = "";
    child.stdout.on("data", (chunk) => out.push(chunk));
    child.stderr.on("data", (chunk) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-2e3);
    });
    child.stdin.on("error", () => void 0);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`git ${args.join(" ").slice(0, 200)} failed (${code}): ${stderr.trim() || "no message"}`));
    });
    child.stdin.end(input);
  });
}
var quotePath = (path) => `"${path.replace(/[\\"]/g, "\\$&").replace(/\n/g, "\\n")}"`;
function ident(author, seconds) {
  const clean = (s) => s.replace(/[<>\n]/g, "").trim();
  return `${clean(author.name) || "unknown"} <${clean(author.email)}> ${seconds} +0000`;
}
function unmappedCommits(repo, mirror, tips) {
  const order = [];
  const seen = /* @__PURE__ */ new Set();
  for (const tip of tips) {
    const stack = [[tip, false]];
    while (stack.length) {
      const [sha, expanded] = stack.pop();
      if (expanded) {
        order.push(repo.commits.get(sha));
        continue;
      }
      if (seen.has(sha) || mirror.worldToGit.has(sha)) continue;
      seen.add(sha);
      const commit = repo.commits.get(sha);
      if (!commit) throw new Error(`world: ${repo.owner.login}/${repo.name} refers to commit ${sha}, which it does not hold`);
      stack.push([sha, true]);
      for (const parent of commit.parents) stack.push([parent, false]);
    }
  }
  return order;
}
function fastImportStream(repo, mirror, commits, refChanges, seconds) {
  const out = [];
  const line = (text) => out.push(Buffer.from(`${text}
`));
  const data = (bytes) => {
    line(`data ${bytes.length}`);
    out.push(bytes, Buffer.from("\n"));
  };
  const marks = /* @__PURE__ */ new Map();
  const blobs = /* @__PURE__ */ new Map();
  let next = 1;
  const target = (worldSha) => {
    const git = mirror.worldToGit.get(worldSha);
    if (git) return git;
    const mark = marks.get(worldSha);
    if (mark === void 0) throw new Error(`world: ${repo.owner.login}/${repo.name} commit ${worldSha} was not imported before its use`);
    return `:${mark}`;
  };
  for (const commit of commits) {
    const parent = commit.parents[0] ? repo.commits.get(commit.parents[0]) : void 0;
    const before = parent?.files ?? /* @__PURE__ */ new Map();
    const changed = [...commit.files].filter(([path, content]) => before.get(path) !== content);
    for (const [, content] of changed) {
      if (blobs.has(content)) continue;
      blobs.set(content, next);
      line("blob");
      line(`mark :${next++}`);
      data(Buffer.from(content, "utf8"));
    }
    marks.set(commit.sha, next);
    line(`reset ${SCRATCH_REF}`);
    line(`commit ${SCRATCH_REF}`);
    line(`mark :${next++}`);
    line(`author ${ident(commit.author, seconds)}`);
    line(`committer ${ident(commit.author, seconds)}`);
    data(Buffer.from(commit.message.endsWith("\n") ? commit.message : `${commit.message}
`, "utf8"));
    commit.parents.forEach((p, i) => line(`${i === 0 ? "from" : "merge"} ${target(p)}`));
    for (const path of before.keys()) if (!commit.files.has(path)) line(`D ${quotePath(path)}`);
    for (const [path, content] of changed) line(`M 100644 :${blobs.get(content)} ${quotePath(path)}`);
    line("");
  }
  for (const [ref, sha] of refChanges) {
    line(`reset refs/${ref}`);
    line(`from ${sha === null ? NULL_SHA : target(sha)}`);
    line("");
  }
  if (commits.length) {
    line(`reset ${SCRATCH_REF}`);
    line(`from ${NULL_SHA}`);
    line("");
  }
  return { stream: Buffer.concat(out), marks };
}
async function listBranches(gitDir) {
  const out = await runGit(["--git-dir", gitDir, "for-each-ref", "--format=%(objectname) %(refname)", "refs/heads/"]);
  const refs = /* @__PURE__ */ new Map();
  for (const row of out.toString("utf8").split("\n")) {
    const space = row.indexOf(" ");
    if (space > 0) refs.set(row.slice(space + 1).replace(/^refs\//, ""), row.slice(0, space));
  }
  return refs;
}
async function treeFiles(reader, sha, cache) {
  const cached2 = cache.trees.get(sha);
  if (cached2) return cached2;
  const { content } = await reader.read(sha);
  const files = /* @__PURE__ */ new Map();
  for (let i = 0; i < content.length; ) {
    const space = content.indexOf(32, i);
    const nul = content.indexOf(0, space);
    const mode = content.subarray(i, space).toString("ascii");
    const name = content.subarray(space + 1, nul).toString("utf8");
    const id = content.subarray(nul + 1, nul + 21).toString("hex");
    i = nul + 21;
    if (mode === "40000") {
      for (const [path, text] of await treeFiles(reader, id, cache)) files.set(`${name}/${path}`, text);
    } else if (mode !== "160000") {
      let text = cache.blobs.get(id);
      if (text === void 0) {
        text = (await reader.read(id)).content.toString("utf8");
        cache.blobs.set(id, text);
      }
      files.set(name, text);
    }
  }
  cache.trees.set(sha, files);
  return files;
}
async function readPushedCommit(reader, sha, mirror, cache) {
  const object = await reader.read(sha);
  if (object.type !== "commit") throw new Error(`git object ${sha} is a ${object.type}, not a commit`);
  const text = object.content.toString("utf8");
  const split = text.indexOf("\n\n");
  const headers = (split < 0 ? text : text.slice(0, split)).split("\n");
  const message = split < 0 ? "" : text.slice(split + 2).replace(/\n$/, "");
  const tree = headers.find((h) => h.startsWith("tree "))?.slice(5);
  if (!tree) throw new Error(`git commit ${sha} has no tree`);
  const parents = headers.filter((h) => h.startsWith("parent ")).map((h) => {
    const world = mirror.gitToWorld.get(h.slice(7));
    if (!world) throw new Error(`git commit ${sha} has parent ${h.slice(7)}, which the world does not hold`);
    return world;
  });
  const who = /^author (.*?) <([^>]*)> \d+ [+-]\d{4}$/.exec(headers.find((h) => h.startsWith("author ")) ?? "");
  return { sha, parents, message, author: { name: who?.[1] ?? "unknown", email: who?.[2] ?? "" }, files: new Map(await treeFiles(reader, tree, cache)) };
}
function isAncestor(repo, ancestor, of) {
  const seen = /* @__PURE__ */ new Set();
  const queue = [of];
  while (queue.length) {
    const sha = queue.pop();
    if (sha === ancestor) return true;
    if (seen.has(sha)) continue;
    seen.add(sha);
    queue.push(...repo.commits.get(sha)?.parents ?? []);
  }
  return false;
}
function createGitMirror(options) {
  const mirrors = /* @__PURE__ */ new Map();
  const link = (mirror, world, git) => {
    mirror.worldToGit.set(world, git);
    mirror.gitToWorld.set(git, world);
  };
  async function init(repo, mirror) {
    await mkdir(options.root, { recursive: true });
    await runGit(["init", "--quiet", "--bare", `--initial-branch=${repo.defaultBranch}`, mirror.gitDir]);
    await appendFile(join(mirror.gitDir, "config"), MIRROR_CONFIG);
    await writeFile(join(mirror.gitDir, "hooks", "update"), UPDATE_HOOK, { mode: 493 });
    mirror.ready = true;
  }
  async function sync(repo, mirror) {
    const wanted = new Map([...repo.refs].filter(([ref]) => ref.startsWith("heads/")));
    const commits = unmappedCommits(repo, mirror, wanted.values());
    const refChanges = [];
    for (const [ref, sha] of wanted) if (mirror.gitRefs.get(ref) !== mirror.worldToGit.get(sha)) refChanges.push([ref, sha]);
    for (const ref of mirror.gitRefs.keys()) if (!wanted.has(ref)) refChanges.push([ref, null]);
    if (!commits.length && !refChanges.length) return;
    const { stream, marks } = fastImportStream(repo, mirror, commits, refChanges, Math.floor(options.clock() / 1e3));
    const marksFile = join(mirror.gitDir, "airlock-world-import.marks");
    await runGit(["--git-dir", mirror.gitDir, "fast-import", "--quiet", "--force", `--export-marks=${marksFile}`], stream);
    const byMark = /* @__PURE__ */ new Map();
    for (const row of (await readFile(marksFile, "utf8")).split("\n")) {
      const [mark, sha] = row.split(" ");
      if (mark && sha) byMark.set(Number(mark.slice(1)), sha);
    }
    for (const commit of commits) link(mirror, commit.sha, byMark.get(marks.get(commit.sha)));
    for (const [ref, sha] of refChanges) {
      if (sha === null) mirror.gitRefs.delete(ref);
      else mirror.gitRefs.set(ref, mirror.worldToGit.get(sha));
    }
  }
  async function importPushedRefs(repo, mirror) {
    const after = await listBranches(mirror.gitDir);
    const changed = [.../* @__PURE__ */ new Set([...after.keys(), ...mirror.gitRefs.keys()])].filter((ref) => after.get(ref) !== mirror.gitRefs.get(ref));
    if (!changed.length) return [];
    const tips = changed.map((ref) => after.get(ref)).filter((sha) => sha !== void 0 && !mirror.gitToWorld.has(sha));
    const imported = [];
    if (tips.length) {
      const revisions = [...tips, ...[...mirror.gitRefs.values()].map((sha) => `^${sha}`)].join("\n") + "\n";
      const listed = (await runGit(["--git-dir", mirror.gitDir, "rev-list", "--topo-order", "--reverse", "--stdin"], revisions)).toString("utf8");
      const reader = openGitObjectReader(mirror.gitDir, mirrorGitEnvironment());
      const cache = { trees: /* @__PURE__ */ new Map(), blobs: /* @__PURE__ */ new Map() };
      try {
        for (const sha of listed.split("\n")) {
          if (!sha || mirror.gitToWorld.has(sha)) continue;
          const commit = await readPushedCommit(reader, sha, mirror, cache);
          repo.commits.set(sha, commit);
          link(mirror, sha, sha);
          imported.push(commit);
        }
      } finally {
        await reader.close();
      }
    }
    const importedShas = new Set(imported.map((c) => c.sha));
    const updates = [];
    for (const ref of changed) {
      const beforeGit = mirror.gitRefs.get(ref);
      const afterGit = after.get(ref);
      const before = beforeGit === void 0 ? NULL_SHA : mirror.gitToWorld.get(beforeGit);
      const afterWorld = afterGit === void 0 ? NULL_SHA : mirror.gitToWorld.get(afterGit);
      if (afterWorld === void 0) throw new Error(`world: a push moved ${ref} of ${repo.owner.login}/${repo.name} to ${afterGit}, which is not a commit`);
      if (afterWorld === NULL_SHA) repo.refs.delete(ref);
      else repo.refs.set(ref, afterWorld);
      if (afterGit === void 0) mirror.gitRefs.delete(ref);
      else mirror.gitRefs.set(ref, afterGit);
      const reachable = /* @__PURE__ */ new Set();
      for (const queue = afterWorld === NULL_SHA ? [] : [afterWorld]; queue.length; ) {
        const sha = queue.pop();
        if (reachable.has(sha) || !importedShas.has(sha)) continue;
        reachable.add(sha);
        queue.push(...repo.commits.get(sha).parents);
      }
      updates.push({
        repo,
        ref: `refs/${ref}`,
        before,
        after: afterWorld,
        commits: imported.filter((c) => reachable.has(c.sha)),
        forced: before !== NULL_SHA && afterWorld !== NULL_SHA && !isAncestor(repo, before, afterWorld)
      });
    }
    return updates;
  }
  return {
    root: options.root,
    use(repo, work) {
      let mirror = mirrors.get(repo.id);
      if (!mirror) {
        mirror = { gitDir: join(options.root, `${repo.id}.git`), ready: false, gitRefs: /* @__PURE__ */ new Map(), worldToGit: /* @__PURE__ */ new Map(), gitToWorld: /* @__PURE__ */ new Map(), queue: Promise.resolve() };
        mirrors.set(repo.id, mirror);
      }
      const state = mirror;
      const run = state.queue.then(async () => {
        if (!state.ready) await init(repo, state);
        await sync(repo, state);
        return work({ gitDir: state.gitDir, pathInfo: `/${repo.id}.git`, importPushedRefs: () => importPushedRefs(repo, state) });
      });
      state.queue = run.then(() => void 0, () => void 0);
      return run;
    }
  };
}

// src/world/github/authenticate-caller.ts
function parseAuthorization(header) {
  const value = (header ?? "").trim();
  if (!value) return { scheme: "none" };
  const bearer = /^(token|bearer)\s+(\S+)$/i.exec(value);
  if (bearer) return { scheme: bearer[1].toLowerCase(), credential: bearer[2] };
  const basic = /^basic\s+([A-Za-z0-9+/=]+)$/i.exec(value);
  if (basic) {
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return { scheme: "basic", credential: colon < 0 ? "" : decoded.slice(colon + 1) };
  }
  return { scheme: "none", credential: value.replace(/^\S+\s*/, "") };
}
var appKeys = /* @__PURE__ */ new WeakMap();
function publicKeyOf(app) {
  let key = appKeys.get(app);
  if (!key) appKeys.set(app, key = importSPKI(app.publicKeyPem, "RS256"));
  return key;
}
function appNamedBy(state, jwt) {
  let iss;
  try {
    iss = String(decodeJwt(jwt).iss);
  } catch {
    return void 0;
  }
  return [state.app, ...state.registeredApps.values()].find((app) => iss === String(app.id) || iss === app.clientId);
}
async function authenticateCaller(state, credential) {
  if (credential.split(".").length === 3) {
    const app = appNamedBy(state, credential);
    if (!app) return githubError(401, "'Issuer' claim ('iss') must be an Integer or the App's client ID");
    try {
      const { payload } = await jwtVerify(credential, await publicKeyOf(app), { algorithms: ["RS256"], currentDate: new Date(state.clock()), clockTolerance: 60 });
      if ((payload.exp ?? 0) - (payload.iat ?? 0) > 660) return githubError(401, "'Expiration time' claim ('exp') is too far in the future");
      return { kind: "app", app };
    } catch {
      return githubError(401, "A JSON web token could not be decoded");
    }
  }
  const token = state.tokens.get(hashToken(credential));
  if (!token || token.revokedAt !== void 0 || token.expiresAt <= state.clock()) return githubError(401, "Bad credentials");
  return { kind: "installation", token };
}
function reachableRepo(state, token, owner, name) {
  const repo = state.repos.get(`${owner}/${name}`.toLowerCase());
  const installation = state.installations.get(token.installationId);
  const reachable = repo && installation && repo.owner.id === installation.account.id && (!token.repositoryIds || token.repositoryIds.includes(repo.id));
  return reachable ? repo : void 0;
}

// src/world/github/git-http-backend.ts
import { spawn as spawn3 } from "node:child_process";
var HEADER_LIMIT = 16 * 1024;
function parseCgiHead(head) {
  let status = 200;
  const headers = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number(value.split(" ")[0]) || 500;
    else headers[name] = value;
  }
  return { status, headers };
}
function runGitHttpBackend(options) {
  const { req, res } = options;
  return new Promise((resolve) => {
    const child = spawn3("git", ["http-backend"], { env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    let head = Buffer.alloc(0);
    let headDone = false;
    let stderr = "";
    const write = (chunk) => {
      if (chunk.length && !res.write(chunk)) {
        child.stdout.pause();
        res.once("drain", () => child.stdout.resume());
      }
    };
    child.stdout.on("data", (chunk) => {
      if (headDone) return write(chunk);
      head = Buffer.concat([head, chunk]);
      const crlf = head.indexOf("\r\n\r\n");
      const lf = head.indexOf("\n\n");
      const end = crlf >= 0 && (lf < 0 || crlf < lf) ? { at: crlf, length: 4 } : lf >= 0 ? { at: lf, length: 2 } : void 0;
      if (!end) {
        if (head.length > HEADER_LIMIT) child.kill();
        return;
      }
      headDone = true;
      const { status, headers } = parseCgiHead(head.subarray(0, end.at).toString("latin1"));
      res.writeHead(status, headers);
      write(head.subarray(end.at + end.length));
    });
    child.stderr.on("data", (chunk) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-4e3);
    });
    child.stdin.on("error", () => void 0);
    req.pipe(child.stdin);
    let settled = false;
    const finish = (code) => {
      if (settled) return;
      settled = true;
      if (!headDone && !res.headersSent) {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.write("local world: git http-backend gave no response\n");
      }
      resolve({ exitCode: code, stderr });
    };
    child.on("error", (error) => {
      stderr += String(error);
      finish(-1);
    });
    child.on("close", (code) => finish(code ?? -1));
  });
}

// src/world/github/operation-permissions.ts
var need = (permission, level) => ({ permission, level });
var operationRequirements = {
  "apps/get-authenticated": "app",
  "apps/create-from-manifest": "none",
  "apps/get-repo-installation": "app",
  "apps/get-org-installation": "app",
  "apps/list-installations": "app",
  "apps/create-installation-access-token": "app",
  "apps/revoke-installation-access-token": "installation",
  "apps/list-repos-accessible-to-installation": "installation",
  // https://docs.github.com/en/rest/apps/webhooks: the App's own JWT.
  "apps/list-webhook-deliveries": "app",
  "apps/redeliver-webhook-delivery": "app",
  "repos/get": need("metadata", "read"),
  "repos/get-content": need("contents", "read"),
  "repos/get-collaborator-permission-level": need("metadata", "read"),
  "git/get-ref": need("contents", "read"),
  "git/create-ref": need("contents", "write"),
  "git/update-ref": need("contents", "write"),
  "git/get-commit": need("contents", "read"),
  "git/create-commit": need("contents", "write"),
  "checks/create": need("checks", "write"),
  "checks/update": need("checks", "write"),
  "checks/get": need("checks", "read"),
  "checks/list-for-ref": need("checks", "read"),
  "issues/create": need("issues", "write"),
  "issues/get": need("issues", "read"),
  "issues/create-comment": need("issues", "write"),
  "issues/update": need("issues", "write"),
  "issues/list-for-repo": need("issues", "read"),
  "pulls/create": need("pull_requests", "write"),
  "pulls/request-reviewers": need("pull_requests", "write"),
  "pulls/get": need("pull_requests", "read"),
  "pulls/list": need("pull_requests", "read"),
  "repos/list-pull-requests-associated-with-commit": need("pull_requests", "read"),
  "pulls/list-files": need("pull_requests", "read"),
  "pulls/list-reviews": need("pull_requests", "read"),
  "repos/get-repo-rulesets": need("administration", "read"),
  "repos/get-repo-ruleset": need("administration", "read"),
  "repos/create-repo-ruleset": need("administration", "write"),
  "repos/update-repo-ruleset": need("administration", "write"),
  "repos/delete-repo-ruleset": need("administration", "write"),
  "repos/get-branch-protection": need("administration", "read"),
  "repos/update-branch-protection": need("administration", "write"),
  "repos/delete-branch-protection": need("administration", "write"),
  "repos/create-attestation": need("attestations", "write"),
  "repos/list-attestations": need("attestations", "read"),
  "teams/get-membership-for-user-in-org": need("members", "read")
};
var rank = { read: 1, write: 2, admin: 3 };
function grants(held, wanted) {
  return held !== void 0 && rank[held] >= rank[wanted];
}
function isSubset(requested, held) {
  return Object.entries(requested).every(([name, level]) => grants(held[name], level));
}

// src/world/github/git-smart-http.ts
var GIT_PATH = /^\/([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/;
var SERVICES = ["git-upload-pack", "git-receive-pack"];
function matchGitRoute(method, url) {
  const match = GIT_PATH.exec(url.pathname);
  if (!match) return void 0;
  const [, owner = "", name = "", endpoint = ""] = match;
  const service = url.searchParams.get("service") ?? "";
  if (endpoint === "info/refs" && method === "GET" && SERVICES.includes(service)) return { owner, name, kind: "advertise", service };
  if (endpoint !== "info/refs" && method === "POST") return { owner, name, kind: "call", service: endpoint };
  return { owner, name, kind: "unsupported" };
}
function sendText(res, status, text, headers = {}) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers }).end(text);
}
var challenge = { "www-authenticate": 'Basic realm="GitHub"' };
function createGitSmartHttp(options) {
  const { state, mirror } = options;
  return {
    async serve(req, res, route, caller) {
      if (route.kind === "unsupported") {
        return sendText(res, 403, "local world: only git smart HTTP is served (git-upload-pack, git-receive-pack)\n");
      }
      if (caller === void 0) return sendText(res, 401, "Authentication required for git over HTTPS.\n", challenge);
      if ("status" in caller || caller.kind !== "installation") {
        return sendText(res, 401, "Invalid username or token. Password authentication is not supported for Git operations.\n", challenge);
      }
      const repo = reachableRepo(state, caller.token, route.owner, route.name);
      if (!repo) return sendText(res, 404, "Repository not found.\n");
      const push = route.service === "git-receive-pack";
      if (!grants(caller.token.permissions.contents, push ? "write" : "read")) {
        return sendText(res, 403, `Permission to ${repo.owner.login}/${repo.name}.git denied to ${state.appBot.login}.
`);
      }
      const pushed = await mirror.use(repo, async (mirrored) => {
        const env = {
          ...mirrorGitEnvironment(),
          GIT_PROJECT_ROOT: mirror.root,
          GIT_HTTP_EXPORT_ALL: "1",
          PATH_INFO: `${mirrored.pathInfo}/${route.kind === "advertise" ? "info/refs" : route.service}`,
          QUERY_STRING: route.kind === "advertise" ? `service=${route.service}` : "",
          REQUEST_METHOD: req.method ?? "GET",
          CONTENT_TYPE: String(req.headers["content-type"] ?? ""),
          REMOTE_USER: state.appBot.login,
          REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1"
        };
        if (req.headers["content-length"] !== void 0) env.CONTENT_LENGTH = String(req.headers["content-length"]);
        if (req.headers["content-encoding"] !== void 0) env.HTTP_CONTENT_ENCODING = String(req.headers["content-encoding"]);
        if (req.headers["git-protocol"] !== void 0) env.HTTP_GIT_PROTOCOL = String(req.headers["git-protocol"]);
        if (push) env[REF_RULES_VARIABLE] = refRules(state, repo, caller);
        await runGitHttpBackend({ req, res, env });
        return push && route.kind === "call" ? mirrored.importPushedRefs() : [];
      }).catch((error) => {
        if (res.headersSent) res.destroy();
        throw error;
      });
      for (const update of pushed) {
        try {
          await options.onPush(update);
        } catch (error) {
          state.violations.push({ method: "POST", path: update.ref, where: "webhook", message: `local world: the push webhook could not be delivered: ${String(error)}` });
        }
      }
      res.end();
    }
  };
}

// src/world/github/github-server.ts
import { createServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";

// src/world/openapi/openapi-validator.ts
var import_ajv = __toESM(require_ajv(), 1);

// src/world/openapi/coerce-parameter-value.ts
function coerceParameterValue(values, schema, resolve) {
  const resolved = resolve(schema);
  if (typeOf(resolved) === "array") {
    const items = resolve(resolved.items);
    return values.flatMap((value) => value.split(",")).map((value) => coerceScalar(value, typeOf(items)));
  }
  return coerceScalar(values[values.length - 1] ?? "", typeOf(resolved));
}
function typeOf(schema) {
  return schema !== null && typeof schema === "object" ? schema.type : void 0;
}
function coerceScalar(value, type) {
  if ((type === "integer" || type === "number") && /^-?\d+(?:\.\d+)?$/.test(value))
    return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

// src/world/openapi/json-pointer.ts
function pointerFromTokens(tokens) {
  return `#${tokens.map((token) => `/${encodeURIComponent(token.replace(/~/g, "~0").replace(/\//g, "~1"))}`).join("")}`;
}
function tokensFromPointer(pointer) {
  if (pointer === "#") return [];
  if (!pointer.startsWith("#/")) return void 0;
  return pointer.slice(2).split("/").map((token) => {
    const decoded = token.includes("%") ? decodeURIComponent(token) : token;
    return decoded.includes("~") ? decoded.replace(/~1/g, "/").replace(/~0/g, "~") : decoded;
  });
}
function valueAtTokens(document, tokens) {
  let node = document;
  for (const token of tokens) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, token)) return void 0;
    node = node[token];
  }
  return node;
}

// src/world/openapi/normalize-openapi-schema.ts
function normalizeOpenApiSchema(schema, onRef) {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return schema;
  const source = schema;
  const out = {};
  for (const [key, value] of Object.entries(source)) {
    switch (key) {
      case "nullable":
        break;
      case "$ref":
        if (typeof value === "string") onRef(value);
        out[key] = value;
        break;
      case "properties":
      case "patternProperties":
        out[key] = normalizeSchemaMap(value, onRef);
        break;
      case "additionalProperties":
      case "items":
      case "not":
        out[key] = normalizeOpenApiSchema(value, onRef);
        break;
      case "allOf":
      case "anyOf":
        out[key] = normalizeSchemaList(value, onRef);
        break;
      case "oneOf":
        out.anyOf = normalizeSchemaList(value, onRef);
        break;
      default:
        out[key] = value;
    }
  }
  return source.nullable === true ? allowNull(out) : out;
}
function allowNull(schema) {
  if (typeof schema.type === "string") {
    const enumValues = Array.isArray(schema.enum) && !schema.enum.includes(null) ? [...schema.enum, null] : schema.enum;
    return {
      ...schema,
      type: [schema.type, "null"],
      ...enumValues === void 0 ? {} : { enum: enumValues }
    };
  }
  const constrains = ["$ref", "allOf", "anyOf", "not", "enum", "properties", "items"].some(
    (key) => key in schema
  );
  return constrains ? { anyOf: [schema, { type: "null" }] } : schema;
}
function normalizeSchemaMap(value, onRef) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, schema]) => [name, normalizeOpenApiSchema(schema, onRef)])
  );
}
function normalizeSchemaList(value, onRef) {
  return Array.isArray(value) ? value.map((schema) => normalizeOpenApiSchema(schema, onRef)) : value;
}

// src/world/openapi/normalized-schema-store.ts
function createNormalizedSchemaStore(source) {
  const root = {};
  const done = /* @__PURE__ */ new Set();
  const copies = /* @__PURE__ */ new WeakSet();
  function place(tokens) {
    const schema = valueAtTokens(source, tokens);
    if (schema === void 0 || tokens.length === 0) return;
    let container = root;
    for (const token of tokens.slice(0, -1)) {
      const next = container[token];
      if (next !== null && typeof next === "object" && copies.has(next)) return;
      if (next === null || typeof next !== "object") container[token] = {};
      container = container[token];
    }
    const copy = normalizeOpenApiSchema(schema, (ref) => pending.push(ref));
    if (copy !== null && typeof copy === "object") copies.add(copy);
    container[tokens[tokens.length - 1]] = copy;
  }
  const pending = [];
  return {
    root,
    materialize(pointer) {
      pending.push(pointer);
      for (let next = pending.pop(); next !== void 0; next = pending.pop()) {
        if (done.has(next)) continue;
        done.add(next);
        const tokens = tokensFromPointer(next);
        if (tokens) place(tokens);
      }
    }
  };
}

// src/world/openapi/openapi-document-loader.ts
import { readFile as readFile2 } from "node:fs/promises";
import { createRequire as createRequire2 } from "node:module";
import { dirname, join as join2 } from "node:path";

// src/world/openapi/openapi-validator-error.ts
var OpenApiValidatorError = class extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.code = code;
  }
  code;
  name = "OpenApiValidatorError";
};

// src/world/openapi/openapi-document-loader.ts
async function loadOpenApiDocument(spec) {
  let packageJson;
  try {
    packageJson = createRequire2(import.meta.url).resolve("@octokit/openapi/package.json");
  } catch (cause) {
    throw new OpenApiValidatorError(
      "spec_not_installed",
      "GitHub's OpenAPI description (@octokit/openapi, a dev dependency) is not installed: run `npm ci` in the Airlock checkout",
      { cause }
    );
  }
  const file = join2(dirname(packageJson), "generated", `${spec}.json`);
  let document;
  try {
    document = JSON.parse(await readFile2(file, "utf8"));
  } catch (cause) {
    throw new OpenApiValidatorError(
      "spec_unreadable",
      `cannot read GitHub's OpenAPI description ${file}: run \`npm ci\``,
      { cause }
    );
  }
  if (!isOpenApiDocument(document))
    throw new OpenApiValidatorError(
      "spec_unreadable",
      `${file} is not an OpenAPI document (no "paths")`
    );
  return document;
}
function isOpenApiDocument(value) {
  if (value === null || typeof value !== "object") return false;
  const paths = value.paths;
  return paths !== null && typeof paths === "object";
}

// src/world/openapi/openapi-formats.ts
var openApiFormats = {
  // RFC 3339 §5.6 date-time, which is what GitHub sends (`2011-04-14T16:00:49Z`).
  "date-time": (value) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
  // RFC 3339 §5.6 full-date.
  date: (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)),
  // An absolute URI (RFC 3986 §4.3): a scheme, a colon, and no whitespace.
  uri: /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/,
  email: /^[^\s@]+@[^\s@]+$/,
  "uri-template": true,
  int32: true,
  int64: true,
  double: true,
  binary: true,
  "repo.nwo": true,
  timestamp: true
};

// src/world/openapi/route-matcher.ts
var GHES_PREFIX = "/api/v3";
var MATCH_CACHE_SIZE = 4096;
var SPECIFICITY = { literal: 2, pattern: 1, param: 0 };
function createRouteMatcher(routes2) {
  const exact = /* @__PURE__ */ new Map();
  const greedy = /* @__PURE__ */ new Map();
  for (const route of routes2) {
    const compiled = compileTemplate(route);
    const method = compiled.method;
    const key = `${method} ${compiled.segments.length}`;
    exact.set(key, [...exact.get(key) ?? [], compiled]);
    if (compiled.greedyIndex >= 0) greedy.set(method, [...greedy.get(method) ?? [], compiled]);
  }
  const answers = /* @__PURE__ */ new Map();
  const remembered = (found) => found && {
    method: found.method,
    pathTemplate: found.pathTemplate,
    pathParams: { ...found.pathParams }
  };
  return {
    match(method, rawPath) {
      const key = `${method} ${rawPath}`;
      if (answers.has(key)) return remembered(answers.get(key));
      if (answers.size >= MATCH_CACHE_SIZE) answers.clear();
      const found = matchUncached(method, rawPath);
      answers.set(key, found);
      return remembered(found);
    }
  };
  function matchUncached(method, rawPath) {
    const upper = method.toUpperCase();
    const path = rawPath === GHES_PREFIX || rawPath.startsWith(`${GHES_PREFIX}/`) ? rawPath.slice(GHES_PREFIX.length) || "/" : rawPath;
    if (!path.startsWith("/")) return void 0;
    const parts = path.slice(1).split("/");
    let best;
    for (const template of exact.get(`${upper} ${parts.length}`) ?? []) {
      const params = matchSegments(template, parts, 1);
      if (params && (!best || compareSpecificity(template, best.template) > 0))
        best = { template, params };
    }
    if (!best) {
      for (const template of greedy.get(upper) ?? []) {
        if (parts.length <= template.segments.length) continue;
        const params = matchSegments(template, parts, parts.length - template.segments.length + 1);
        if (params && (!best || compareGreedy(template, best.template) > 0))
          best = { template, params };
      }
    }
    return best && {
      method: best.template.method,
      pathTemplate: best.template.pathTemplate,
      pathParams: best.params
    };
  }
}
function compileTemplate(route) {
  const segments = route.pathTemplate.slice(1).split("/").map((text) => {
    const whole = /^\{([^{}]+)\}$/.exec(text);
    if (whole)
      return {
        kind: "param",
        name: whole[1],
        greedy: route.multiSegmentParams.includes(whole[1])
      };
    if (!text.includes("{")) return { kind: "literal", text };
    const names = [];
    const source = text.replace(/\{([^{}]+)\}|[^{]+/g, (piece, name) => {
      if (name === void 0) return piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(name);
      return "(.+?)";
    });
    return { kind: "pattern", regex: new RegExp(`^${source}$`), names };
  });
  const greedyIndexes = segments.flatMap(
    (segment, index) => segment.kind === "param" && segment.greedy ? [index] : []
  );
  return {
    method: route.method.toUpperCase(),
    pathTemplate: route.pathTemplate,
    segments,
    greedyIndex: greedyIndexes.length === 1 ? greedyIndexes[0] : -1
  };
}
function matchSegments(template, parts, span) {
  const params = {};
  let at = 0;
  for (const [index, segment] of template.segments.entries()) {
    const take = index === template.greedyIndex ? span : 1;
    const raw = parts.slice(at, at + take).join("/");
    at += take;
    if (segment.kind === "literal") {
      if (raw !== segment.text) return void 0;
    } else if (segment.kind === "param") {
      const last = index === template.segments.length - 1;
      if (raw === "" && !(segment.greedy && last)) return void 0;
      params[segment.name] = decodeSegment(raw);
    } else {
      const found = segment.regex.exec(raw);
      if (!found) return void 0;
      segment.names.forEach((name, i) => params[name] = decodeSegment(found[i + 1]));
    }
  }
  return params;
}
function decodeSegment(raw) {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
function compareSpecificity(a, b) {
  const length = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const difference = SPECIFICITY[a.segments[i].kind] - SPECIFICITY[b.segments[i].kind];
    if (difference !== 0) return difference;
  }
  return 0;
}
function compareGreedy(a, b) {
  return literalCount(a) - literalCount(b) || compareSpecificity(a, b);
}
function literalCount(template) {
  return template.segments.filter((segment) => segment.kind === "literal").length;
}

// src/world/openapi/openapi-validator.ts
var GITHUB_ERROR_SCHEMA = {
  type: "object",
  required: ["message"],
  properties: {
    message: { type: "string" },
    documentation_url: { type: "string" },
    status: { type: "string" },
    errors: { type: "array" }
  }
};
var HTTP_METHODS = ["get", "put", "post", "patch", "delete", "head", "options", "trace"];
var MAX_REF_HOPS = 8;
var loaded = /* @__PURE__ */ new Map();
function loadOpenApiValidator(options = {}) {
  const spec = options.spec ?? "api.github.com";
  if (options.document) return Promise.resolve(createOpenApiValidator(options.document, spec));
  let validator = loaded.get(spec);
  if (!validator) {
    validator = loadOpenApiDocument(spec).then(
      (document) => createOpenApiValidator(document, spec)
    );
    loaded.set(spec, validator);
    validator.catch(() => loaded.delete(spec));
  }
  return validator;
}
function createOpenApiValidator(document, spec) {
  const specId = `https://openapi.airlock.invalid/${spec}.json`;
  const store = createNormalizedSchemaStore(document);
  const ajv = new import_ajv.Ajv({
    strict: false,
    allErrors: true,
    inlineRefs: false,
    code: { optimize: false },
    validateSchema: false,
    logger: false,
    formats: openApiFormats
  });
  ajv.addSchema(store.root, specId);
  const validators = /* @__PURE__ */ new Map();
  const errorValidator = ajv.compile(GITHUB_ERROR_SCHEMA);
  const resolve = (tokens) => {
    let value = valueAtTokens(document, tokens);
    for (let hop = 0; hop < MAX_REF_HOPS && isRecord(value) && typeof value.$ref === "string"; hop++) {
      const target = tokensFromPointer(value.$ref);
      if (!target) break;
      tokens = target;
      value = valueAtTokens(document, tokens);
    }
    return { tokens, value };
  };
  const resolveSchema = (schema) => isRecord(schema) && typeof schema.$ref === "string" ? resolve(tokensFromPointer(schema.$ref) ?? []).value : schema;
  const operations = /* @__PURE__ */ new Map();
  for (const [pathTemplate, pathItem] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!isRecord(operation)) continue;
      const tokens = ["paths", pathTemplate, method];
      const entry = {
        method: method.toUpperCase(),
        pathTemplate,
        operationId: typeof operation.operationId === "string" ? operation.operationId : `${method} ${pathTemplate}`,
        tokens,
        parameters: collectParameters(
          pathItem.parameters,
          ["paths", pathTemplate, "parameters"],
          operation.parameters,
          [...tokens, "parameters"],
          resolve
        )
      };
      operations.set(`${entry.method} ${pathTemplate}`, entry);
    }
  }
  const routes2 = [...operations.values()].map((entry) => ({
    method: entry.method,
    pathTemplate: entry.pathTemplate,
    multiSegmentParams: entry.parameters.filter((parameter) => parameter.in === "path" && parameter.multiSegment).map((parameter) => parameter.name)
  }));
  const matcher = createRouteMatcher(routes2);
  const validatorAt = (tokens) => {
    const pointer = pointerFromTokens(tokens);
    let validate = validators.get(pointer);
    if (!validate) {
      store.materialize(pointer);
      try {
        validate = ajv.compile({ $ref: `${specId}${pointer}` });
      } catch (cause) {
        throw new OpenApiValidatorError(
          "schema_compile_failed",
          `cannot compile the schema at ${pointer} of ${spec}: ${String(cause)}`,
          { cause }
        );
      }
      validators.set(pointer, validate);
    }
    return validate;
  };
  const entryFor = (op) => {
    const entry = operations.get(`${op.method.toUpperCase()} ${op.pathTemplate}`);
    if (!entry)
      throw new OpenApiValidatorError(
        "unknown_operation",
        `${op.method} ${op.pathTemplate} is not an operation of ${spec}`
      );
    return entry;
  };
  return {
    match(method, path) {
      const found = matcher.match(method, path);
      if (!found) return void 0;
      const entry = operations.get(`${found.method} ${found.pathTemplate}`);
      return entry && {
        method: entry.method,
        pathTemplate: entry.pathTemplate,
        operationId: entry.operationId,
        pathParams: found.pathParams
      };
    },
    validateRequest(op, query, body) {
      const entry = entryFor(op);
      const issues = [];
      for (const parameter of entry.parameters) {
        if (parameter.in !== "path" && parameter.in !== "query") continue;
        const values = parameter.in === "path" ? op.pathParams[parameter.name] === void 0 ? [] : [op.pathParams[parameter.name]] : query.getAll(parameter.name);
        const label = `${parameter.in} parameter ${parameter.name}`;
        if (values.length === 0) {
          if (parameter.required)
            issues.push({ where: parameter.in, message: `${label} is required` });
          continue;
        }
        const schemaTokens = [...parameter.tokens, "schema"];
        const value = coerceParameterValue(
          values,
          valueAtTokens(document, schemaTokens),
          resolveSchema
        );
        const validate = validatorAt(schemaTokens);
        if (!validate(value)) issues.push(...describeErrors(parameter.in, label, validate.errors));
      }
      const documentedQuery = new Set(
        entry.parameters.filter((parameter) => parameter.in === "query").map((parameter) => parameter.name)
      );
      for (const name of new Set(query.keys())) {
        if (!documentedQuery.has(name))
          issues.push({
            where: "query",
            message: `query parameter ${name} is not documented for ${entry.operationId}`
          });
      }
      const requestBody = resolve([...entry.tokens, "requestBody"]);
      if (!isRecord(requestBody.value)) {
        if (body !== void 0)
          issues.push({ where: "body", message: `${entry.operationId} takes no request body` });
      } else if (body === void 0) {
        if (requestBody.value.required === true)
          issues.push({ where: "body", message: `${entry.operationId} requires a request body` });
      } else {
        const media = jsonMediaType(requestBody.value.content);
        if (media === void 0) {
          issues.push({
            where: "body",
            message: `${entry.operationId} takes no JSON request body`
          });
        } else {
          const validate = validatorAt([...requestBody.tokens, "content", media, "schema"]);
          if (!validate(body)) issues.push(...describeErrors("body", "body", validate.errors));
        }
      }
      return issues;
    },
    validateResponse(op, status, body) {
      const entry = entryFor(op);
      const response = resolve([...entry.tokens, "responses", String(status)]);
      if (!isRecord(response.value)) {
        if (status >= 400) {
          return errorValidator(body) ? [] : describeErrors(
            "response",
            `undocumented error status ${status} body (GitHub's error shape)`,
            errorValidator.errors
          );
        }
        return [
          {
            where: "response",
            message: `status ${status} is not documented for ${entry.operationId}`
          }
        ];
      }
      const content = response.value.content;
      if (!isRecord(content) || Object.keys(content).length === 0) {
        return body === void 0 ? [] : [
          {
            where: "response",
            message: `status ${status} of ${entry.operationId} documents no body`
          }
        ];
      }
      const media = jsonMediaType(content);
      if (media === void 0) return [];
      if (body === void 0)
        return [
          {
            where: "response",
            message: `status ${status} of ${entry.operationId} documents a JSON body, got none`
          }
        ];
      const validate = validatorAt([...response.tokens, "content", media, "schema"]);
      return validate(body) ? [] : describeErrors("response", `status ${status} body`, validate.errors);
    }
  };
}
function collectParameters(pathLevel, pathLevelTokens, operationLevel, operationLevelTokens, resolve) {
  const byKey = /* @__PURE__ */ new Map();
  for (const [list, listTokens] of [
    [pathLevel, pathLevelTokens],
    [operationLevel, operationLevelTokens]
  ]) {
    if (!Array.isArray(list)) continue;
    list.forEach((_, index) => {
      const { tokens, value } = resolve([...listTokens, String(index)]);
      if (!isRecord(value) || typeof value.name !== "string" || typeof value.in !== "string")
        return;
      byKey.set(`${value.in} ${value.name}`, {
        name: value.name,
        in: value.in,
        required: value.required === true,
        multiSegment: value["x-multi-segment"] === true,
        tokens
      });
    });
  }
  return [...byKey.values()];
}
function jsonMediaType(content) {
  if (!isRecord(content)) return void 0;
  if (isRecord(content["application/json"])) return "application/json";
  return Object.keys(content).find((media) => /^application\/(?:[\w.-]+\+)?json$/.test(media));
}
function describeErrors(where, label, errors) {
  const messages = new Set(
    (errors ?? []).map(
      (error) => `${label}${error.instancePath} ${error.message ?? "is invalid"}${errorDetail(error)}`
    )
  );
  return [...messages].map((message) => ({ where, message }));
}
function errorDetail(error) {
  const params = error.params;
  if (error.keyword === "enum" && Array.isArray(params.allowedValues))
    return ` (${params.allowedValues.map((value) => JSON.stringify(value)).join(", ")})`;
  if (error.keyword === "additionalProperties" && typeof params.additionalProperty === "string")
    return ` (${params.additionalProperty})`;
  return "";
}
function isRecord(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// src/world/github/apps-routes.ts
import { generateKeyPairSync as generateKeyPairSync2, randomBytes as randomBytes4 } from "node:crypto";
var ONE_HOUR = 36e5;
function renderApp(state, app = state.app) {
  return {
    id: app.id,
    slug: app.slug,
    node_id: `A_${app.id}`,
    client_id: app.clientId,
    name: app.name,
    owner: renderUser(state, app.owner ?? state.users.get("acme")),
    description: app === state.app ? "Airlock (local world)" : app.description ?? null,
    external_url: app.externalUrl ?? state.serverUrl,
    html_url: `${state.serverUrl}/apps/${app.slug}`,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    permissions: app.permissions,
    events: app.events
  };
}
function renderInstallation(state, inst) {
  return {
    id: inst.id,
    account: renderUser(state, inst.account),
    app_id: state.app.id,
    app_slug: state.app.slug,
    target_id: inst.account.id,
    target_type: inst.account.type,
    repository_selection: inst.repositorySelection,
    permissions: inst.permissions,
    events: state.app.events,
    access_tokens_url: `${state.apiUrl}/app/installations/${inst.id}/access_tokens`,
    repositories_url: `${state.apiUrl}/installation/repositories`,
    html_url: `${state.serverUrl}/organizations/${inst.account.login}/settings/installations/${inst.id}`,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    single_file_name: null
  };
}
function installationFor(state, ownerLogin) {
  for (const inst of state.installations.values()) if (inst.account.login.toLowerCase() === ownerLogin.toLowerCase()) return inst;
  return void 0;
}
function installationRepoIds(state, inst) {
  if (inst.repositorySelection === "selected") return inst.repositoryIds;
  return [...state.repos.values()].filter((r) => r.owner.id === inst.account.id).map((r) => r.id);
}
var isSeededApp = (state, caller) => caller.kind !== "app" || caller.app === state.app;
var getApp = ({ state, caller }) => ({ status: 200, body: renderApp(state, caller.kind === "app" ? caller.app : state.app) });
var getRepoInstallation = ({ state, params, caller }) => {
  if (!isSeededApp(state, caller)) return githubError(404, "Not Found");
  const inst = installationFor(state, params.owner);
  const repo = state.repos.get(`${params.owner}/${params.repo}`.toLowerCase());
  if (!inst || !repo || !installationRepoIds(state, inst).includes(repo.id)) return githubError(404, "Not Found");
  return { status: 200, body: renderInstallation(state, inst) };
};
var getOrgInstallation = ({ state, params, caller }) => {
  if (!isSeededApp(state, caller)) return githubError(404, "Not Found");
  const inst = installationFor(state, params.org);
  return inst ? { status: 200, body: renderInstallation(state, inst) } : githubError(404, "Not Found");
};
var createAccessToken = (req) => {
  const { state, params, body } = req;
  const inst = state.installations.get(Number(params.installation_id));
  if (!inst || !isSeededApp(state, req.caller)) return githubError(404, "Not Found");
  const permissions = body.permissions ?? inst.permissions;
  if (!isSubset(permissions, inst.permissions)) {
    return githubError(422, "The permissions requested are not granted to this installation.");
  }
  const available = installationRepoIds(state, inst);
  let repositoryIds;
  const names = body.repositories;
  const ids = body.repository_ids;
  if (names || ids) {
    repositoryIds = [];
    for (const name of names ?? []) {
      const repo = state.repos.get(`${inst.account.login}/${name}`.toLowerCase());
      if (!repo || !available.includes(repo.id)) return githubError(422, "There is at least one repository that does not exist or is not accessible to the parent installation.");
      repositoryIds.push(repo.id);
    }
    for (const id of ids ?? []) {
      if (!available.includes(id)) return githubError(422, "There is at least one repository that does not exist or is not accessible to the parent installation.");
      repositoryIds.push(id);
    }
  }
  const token = newInstallationToken();
  const expiresAt = state.clock() + ONE_HOUR;
  state.tokens.set(hashToken(token), { hash: hashToken(token), installationId: inst.id, permissions, repositoryIds, expiresAt });
  state.issuedTokens.push(token);
  return {
    status: 201,
    body: {
      token,
      expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
      permissions,
      repository_selection: repositoryIds ? "selected" : "all",
      ...repositoryIds ? { repositories: repositoryIds.map((id) => renderRepo(state, findRepoById(state, id))) } : {}
    }
  };
};
var revokeToken = ({ state, caller }) => {
  if (caller.kind === "installation") caller.token.revokedAt = state.clock();
  return { status: 204 };
};
var listInstallationRepos = ({ state, caller }) => {
  if (caller.kind !== "installation") return githubError(403, "Resource not accessible by integration");
  const inst = state.installations.get(caller.token.installationId);
  const ids = caller.token.repositoryIds ?? installationRepoIds(state, inst);
  const repositories = ids.map((id) => renderRepo(state, findRepoById(state, id)));
  return { status: 200, body: { total_count: repositories.length, repositories } };
};
var listInstallations = ({ state, caller }) => ({
  status: 200,
  body: isSeededApp(state, caller) ? [...state.installations.values()].map((inst) => renderInstallation(state, inst)) : []
});
var CODE_LIFETIME = 36e5;
function slugOf(name) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "app";
}
function freeName(state, wanted) {
  const taken = new Set([state.app, ...state.registeredApps.values()].map((app) => app.slug));
  let name = wanted;
  for (let n = 2; taken.has(slugOf(name)); n++) name = `${wanted.slice(0, 30)} ${n}`;
  return name;
}
var createFromManifest = ({ state, params }) => {
  const pending = state.manifestCodes.get(params.code);
  state.manifestCodes.delete(params.code);
  if (!pending || state.clock() - pending.issuedAt > CODE_LIFETIME) return githubError(404, "Not Found");
  const { manifest, owner } = pending;
  const { privateKey, publicKey } = generateKeyPairSync2("rsa", { modulusLength: 2048 });
  const name = freeName(state, typeof manifest.name === "string" ? manifest.name : `${owner.login}-app`);
  const hook = manifest.hook_attributes;
  const app = {
    id: state.nextId(),
    slug: slugOf(name),
    name,
    clientId: "Iv23" + randomBytes4(8).toString("hex"),
    clientSecret: randomBytes4(20).toString("hex"),
    // GitHub generates a webhook secret when the manifest has a webhook.
    webhookSecret: randomBytes4(20).toString("hex"),
    privateKeyPem: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    permissions: { metadata: "read", ...manifest.default_permissions ?? {} },
    events: manifest.default_events ?? [],
    owner,
    description: typeof manifest.description === "string" ? manifest.description : null,
    externalUrl: String(manifest.url)
  };
  state.registeredApps.set(app.id, app);
  return {
    status: 201,
    body: {
      ...renderApp(state, app),
      installations_count: 0,
      client_id: app.clientId,
      client_secret: app.clientSecret,
      webhook_secret: hook?.url ? app.webhookSecret : null,
      pem: app.privateKeyPem
    }
  };
};
var appsRoutes = {
  "apps/get-authenticated": getApp,
  "apps/create-from-manifest": createFromManifest,
  "apps/list-installations": listInstallations,
  "apps/get-repo-installation": getRepoInstallation,
  "apps/get-org-installation": getOrgInstallation,
  "apps/create-installation-access-token": createAccessToken,
  "apps/revoke-installation-access-token": revokeToken,
  "apps/list-repos-accessible-to-installation": listInstallationRepos
};

// src/world/github/attestation-blob-route.ts
var import_snappyjs = __toESM(require_snappyjs(), 1);
import { createHmac as createHmac2, randomBytes as randomBytes5, timingSafeEqual } from "node:crypto";
var BLOB_PATH = /^\/_world\/blobs\/attestations\/(\d+)\.json\.sn$/;
var azureError = (code, message) => `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
var keys = /* @__PURE__ */ new WeakMap();
var keyOf = (state) => {
  let key = keys.get(state);
  if (!key) keys.set(state, key = randomBytes5(32));
  return key;
};
var signature = (state, id) => createHmac2("sha256", keyOf(state)).update(`attestation:${id}`).digest("hex");
function attestationBlobUrl(state, origin, attestation) {
  return `${origin}/_world/blobs/attestations/${attestation.id}.json.sn?sig=${signature(state, attestation.id)}`;
}
function serveAttestationBlob(state, method, path, query, res) {
  const match = BLOB_PATH.exec(path);
  if (!match) return false;
  const id = Number(match[1]);
  const send = (status, contentType, body) => {
    res.writeHead(status, { "content-type": contentType, "content-length": String(Buffer.byteLength(body)) }).end(method === "HEAD" ? void 0 : body);
  };
  if (method !== "GET" && method !== "HEAD") {
    send(405, "application/xml", azureError("UnsupportedHttpVerb", "The resource doesn't support specified Http Verb."));
    return true;
  }
  const given = Buffer.from(query.get("sig") ?? "", "hex");
  const expected = Buffer.from(signature(state, id), "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    send(403, "application/xml", azureError("AuthenticationFailed", "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature."));
    return true;
  }
  const attestation = state.attestations.find((a) => a.id === id);
  if (!attestation) {
    send(404, "application/xml", azureError("BlobNotFound", "The specified blob does not exist."));
    return true;
  }
  send(200, "application/x-snappy", attestation.blob ?? (0, import_snappyjs.compress)(Buffer.from(JSON.stringify(attestation.bundle))));
  return true;
}

// src/world/github/app-registration-page.ts
import { randomBytes as randomBytes6 } from "node:crypto";
var FORM_LIMIT = 64 * 1024;
var LEVELS = /* @__PURE__ */ new Set(["read", "write", "admin"]);
function matchRegistrationPage(method, path) {
  if (method !== "POST") return void 0;
  if (path === "/settings/apps/new") return {};
  const org = /^\/organizations\/([A-Za-z0-9-]+)\/settings\/apps\/new$/.exec(path);
  return org ? { org: org[1] } : void 0;
}
function manifestProblem(manifest) {
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) return "manifest must be a JSON object";
  const m = manifest;
  const isUrl = (value) => typeof value === "string" && /^https?:\/\/[^\s]+$/.test(value);
  if (!isUrl(m.url)) return "url is required: the homepage of the App";
  if (!isUrl(m.redirect_url)) return "redirect_url is required for the world to hand the code back";
  if (m.name !== void 0 && (typeof m.name !== "string" || m.name.length === 0 || m.name.length > 34)) return "name must be 1 to 34 characters";
  if (m.hook_attributes !== void 0) {
    const hook = m.hook_attributes;
    if (typeof hook !== "object" || hook === null || !isUrl(hook.url)) return "hook_attributes.url is required: where webhooks go";
  }
  if (m.public !== void 0 && typeof m.public !== "boolean") return "public must be a boolean";
  if (m.default_events !== void 0 && !(Array.isArray(m.default_events) && m.default_events.every((e) => typeof e === "string"))) return "default_events must be a list of event names";
  if (m.default_permissions !== void 0) {
    const permissions = m.default_permissions;
    if (typeof permissions !== "object" || permissions === null || Array.isArray(permissions)) return "default_permissions must map permission names to read, write or admin";
    for (const [name, level] of Object.entries(permissions)) if (!LEVELS.has(String(level))) return `default_permissions.${name} must be read, write or admin`;
  }
  return void 0;
}
function sendText2(res, status, text) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(text + "\n");
}
async function serveRegistrationPage(state, req, res, url, page) {
  let owner = state.users.get("alice");
  if (page.org !== void 0) {
    owner = state.users.get(page.org);
    if (owner?.type !== "Organization") return sendText2(res, 404, "Not Found");
  }
  if (!String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) return sendText2(res, 415, "expected a form (application/x-www-form-urlencoded) with a manifest field");
  let form;
  try {
    form = new URLSearchParams((await readBody(req, FORM_LIMIT)).toString("utf8"));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendText2(res, 413, "Payload too large");
    throw error;
  }
  let manifest;
  try {
    manifest = JSON.parse(form.get("manifest") ?? "");
  } catch {
    return sendText2(res, 422, "manifest is not JSON");
  }
  const problem = manifestProblem(manifest);
  if (problem) return sendText2(res, 422, `Invalid GitHub App manifest: ${problem}`);
  const code = randomBytes6(20).toString("hex");
  state.manifestCodes.set(code, { manifest, owner, issuedAt: state.clock() });
  const back = new URL(manifest.redirect_url);
  back.searchParams.set("code", code);
  const stateParam = url.searchParams.get("state");
  if (stateParam !== null) back.searchParams.set("state", stateParam);
  res.writeHead(302, { location: back.toString() }).end();
}

// src/world/github/echo-route.ts
var ECHO_BODY_LIMIT = 64 * 1024;
async function serveEcho(req, res) {
  const kept = [];
  let size = 0;
  for await (const chunk of req) {
    if (size < ECHO_BODY_LIMIT) kept.push(chunk.subarray(0, ECHO_BODY_LIMIT - size));
    size += chunk.length;
  }
  sendJson(res, 200, { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body: Buffer.concat(kept).toString("utf8") });
}

// src/world/github/repo-routes.ts
function resolveCommit(repo, ref) {
  const branch = ref.replace(/^refs\//, "").replace(/^heads\//, "");
  const sha = repo.refs.get(`heads/${branch}`) ?? (repo.commits.has(ref) ? ref : void 0);
  return sha ? repo.commits.get(sha) : void 0;
}
var getRepo = (req) => ({ status: 200, body: renderRepo(req.state, requireRepo(req)) });
var getContent = (req) => {
  const repo = requireRepo(req);
  const commit = resolveCommit(repo, req.query.get("ref") ?? repo.defaultBranch);
  const path = req.params.path ?? "";
  const content = commit?.files.get(path);
  if (content === void 0) return githubError(404, "Not Found");
  if (/application\/vnd\.github(\.v3)?\.raw/.test(req.accept)) return { status: 200, raw: { contentType: "text/plain; charset=utf-8", text: content } };
  const url = `${req.state.apiUrl}/repos/${repo.owner.login}/${repo.name}/contents/${path}`;
  return {
    status: 200,
    body: {
      type: "file",
      encoding: "base64",
      size: Buffer.byteLength(content),
      name: path.split("/").pop(),
      path,
      content: Buffer.from(content).toString("base64"),
      sha: gitSha(content),
      url,
      git_url: null,
      html_url: null,
      download_url: null,
      _links: { self: url, git: null, html: null }
    }
  };
};
var getCollaboratorPermission = (req) => {
  const repo = requireRepo(req);
  const user = req.state.users.get(req.params.username);
  if (!user) return githubError(404, "Not Found");
  const role = repo.collaborators.get(user.login);
  const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role ?? "none";
  return { status: 200, body: { permission, role_name: role ?? "none", user: { ...renderUser(req.state, user), permissions: { admin: role === "admin", maintain: role === "maintain" || role === "admin", push: permission === "write" || permission === "admin", triage: role !== void 0, pull: role !== void 0 } } } };
};
var renderRef = (req, repo, ref, sha) => ({
  ref: `refs/${ref}`,
  node_id: `REF_${ref}`,
  url: `${req.state.apiUrl}/repos/${repo.owner.login}/${repo.name}/git/refs/${ref}`,
  object: { type: "commit", sha, url: `${req.state.apiUrl}/repos/${repo.owner.login}/${repo.name}/git/commits/${sha}` }
});
var getRef = (req) => {
  const repo = requireRepo(req);
  const ref = req.params.ref;
  const sha = repo.refs.get(ref);
  return sha ? { status: 200, body: renderRef(req, repo, ref, sha) } : githubError(404, "Not Found");
};
function isAncestor2(repo, ancestor, of) {
  const seen = /* @__PURE__ */ new Set();
  const queue = [of];
  while (queue.length) {
    const sha = queue.pop();
    if (sha === ancestor) return true;
    if (seen.has(sha)) continue;
    seen.add(sha);
    queue.push(...repo.commits.get(sha)?.parents ?? []);
  }
  return false;
}
var updateRef = (req) => {
  const repo = requireRepo(req);
  const ref = req.params.ref;
  const current = repo.refs.get(ref);
  const sha = String(req.body.sha);
  if (!current) return githubError(422, "Reference does not exist");
  if (!repo.commits.has(sha)) return githubError(422, "Object does not exist");
  const fastForward = isAncestor2(repo, current, sha);
  if (!fastForward && req.body.force !== true) return githubError(422, "Update is not a fast forward");
  const violation = ref.startsWith("tags/") ? tagUpdateViolation(req.state, repo, ref, { kind: "update", fastForward, actor: req.caller }) : refUpdateViolation(req.state, repo, ref, { fastForward, actor: req.caller });
  if (violation) return githubError(422, `Repository rule violations found

${violation}`);
  repo.refs.set(ref, sha);
  return { status: 200, body: renderRef(req, repo, ref, sha) };
};
var createRef = (req) => {
  const repo = requireRepo(req);
  const ref = String(req.body.ref).replace(/^refs\//, "");
  const sha = String(req.body.sha);
  if (repo.refs.has(ref)) return githubError(422, "Reference already exists");
  if (!repo.commits.has(sha)) return githubError(422, "Object does not exist");
  const violation = ref.startsWith("tags/") ? tagUpdateViolation(req.state, repo, ref, { kind: "create", fastForward: true, actor: req.caller }) : void 0;
  if (violation) return githubError(422, `Repository rule violations found

${violation}`);
  repo.refs.set(ref, sha);
  return { status: 201, body: renderRef(req, repo, ref, sha) };
};
var createAttestation = (req) => {
  const repo = requireRepo(req);
  const id = req.state.nextId();
  req.state.attestations.push({ id, repoId: repo.id, bundle: req.body.bundle });
  return { status: 201, body: { id } };
};
function subjectDigests(bundle) {
  try {
    const payload = bundle.dsseEnvelope.payload;
    const statement = JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
    return statement.subject.flatMap((s) => Object.entries(s.digest).map(([alg, hex]) => `${alg}:${hex}`));
  } catch {
    return [];
  }
}
var listAttestations = (req) => {
  const repo = requireRepo(req);
  const digest = String(req.params.subject_digest);
  const found = req.state.attestations.filter((a) => a.repoId === repo.id && subjectDigests(a.bundle).includes(digest));
  return { status: 200, body: { attestations: found.map((a) => listedAttestation(req, a)) } };
};
function listedAttestation(req, attestation) {
  if ((attestation.delivery ?? req.state.attestationDelivery) === "inline") return { bundle: attestation.bundle, repository_id: attestation.repoId };
  return { bundle: null, bundle_url: attestationBlobUrl(req.state, req.origin, attestation), repository_id: attestation.repoId, initiator: "user" };
}
var repoRoutes = {
  "repos/get": getRepo,
  "repos/get-content": getContent,
  "repos/get-collaborator-permission-level": getCollaboratorPermission,
  "git/get-ref": getRef,
  "git/update-ref": updateRef,
  "git/create-ref": createRef,
  "repos/create-attestation": createAttestation,
  "repos/list-attestations": listAttestations
};

// src/world/github/checks-issues-routes.ts
var iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
function applyCheckFields(run, body, now) {
  if (typeof body.name === "string") run.name = body.name;
  if (typeof body.status === "string") run.status = body.status;
  if (typeof body.conclusion === "string") {
    run.conclusion = body.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed" && !run.completedAt) run.completedAt = typeof body.completed_at === "string" ? body.completed_at : iso(now);
  if (body.output) run.output = body.output;
  if (body.actions) run.actions = body.actions;
  if (typeof body.external_id === "string") run.externalId = body.external_id;
  if (typeof body.details_url === "string") run.detailsUrl = body.details_url;
}
var createCheck = (req) => {
  const repo = requireRepo(req);
  const now = req.state.clock();
  const run = { id: req.state.nextId(), repoId: repo.id, appId: req.state.app.id, name: "", headSha: String(req.body.head_sha), status: "queued", conclusion: null, startedAt: iso(now), completedAt: null };
  applyCheckFields(run, req.body, now);
  req.state.checkRuns.push(run);
  return { status: 201, body: renderCheckRun(req.state, run) };
};
var updateCheck = (req) => {
  const repo = requireRepo(req);
  const run = req.state.checkRuns.find((r) => r.id === Number(req.params.check_run_id) && r.repoId === repo.id);
  if (!run) return githubError(404, "Not Found");
  applyCheckFields(run, req.body, req.state.clock());
  return { status: 200, body: renderCheckRun(req.state, run) };
};
var listChecksForRef = (req) => {
  const repo = requireRepo(req);
  const sha = resolveCommit(repo, req.params.ref)?.sha ?? req.params.ref;
  const name = req.query.get("check_name");
  const runs = req.state.checkRuns.filter((r) => r.repoId === repo.id && r.headSha === sha && (!name || r.name === name));
  return { status: 200, body: { total_count: runs.length, check_runs: runs.map((r) => renderCheckRun(req.state, r)) } };
};
var createIssue = (req) => {
  const repo = requireRepo(req);
  const number = Math.max(0, ...[...req.state.issues, ...req.state.pulls].filter((x) => x.repoId === repo.id).map((x) => x.number)) + 1;
  const labels = (req.body.labels ?? []).map((l) => typeof l === "string" ? l : String(l.name));
  const issue2 = { number, id: req.state.nextId(), repoId: repo.id, title: String(req.body.title), body: String(req.body.body ?? ""), labels, user: req.state.appBot, state: "open", comments: [], createdAt: iso(req.state.clock()) };
  req.state.issues.push(issue2);
  return { status: 201, body: renderIssue(req.state, repo, issue2) };
};
var listIssues = (req) => {
  const repo = requireRepo(req);
  const state = req.query.get("state") ?? "open";
  const labels = (req.query.get("labels") ?? "").split(",").map((l) => l.trim()).filter(Boolean);
  const perPage = Math.min(100, Math.max(1, Number(req.query.get("per_page") ?? 30) || 30));
  const page = Math.max(1, Number(req.query.get("page") ?? 1) || 1);
  const creator = req.query.get("creator");
  const matching = req.state.issues.filter((i) => i.repoId === repo.id && (state === "all" || i.state === state) && labels.every((l) => i.labels.includes(l)) && (!creator || i.user.login === creator));
  return { status: 200, body: matching.slice((page - 1) * perPage, page * perPage).map((i) => renderIssue(req.state, repo, i)) };
};
var updateIssue = (req) => {
  const repo = requireRepo(req);
  const issue2 = req.state.issues.find((i) => i.repoId === repo.id && i.number === Number(req.params.issue_number));
  if (!issue2) return githubError(404, "Not Found");
  if (typeof req.body.title === "string") issue2.title = req.body.title;
  if (typeof req.body.body === "string") issue2.body = req.body.body;
  if (req.body.state === "open" || req.body.state === "closed") issue2.state = req.body.state;
  if (Array.isArray(req.body.labels)) issue2.labels = req.body.labels.map((l) => typeof l === "string" ? l : String(l.name));
  return { status: 200, body: renderIssue(req.state, repo, issue2) };
};
var createComment = (req) => {
  const repo = requireRepo(req);
  const issue2 = req.state.issues.find((i) => i.repoId === repo.id && i.number === Number(req.params.issue_number));
  if (!issue2) return githubError(404, "Not Found");
  const comment = { id: req.state.nextId(), body: String(req.body.body), user: req.state.appBot, createdAt: iso(req.state.clock()) };
  issue2.comments.push(comment);
  const api = `${req.state.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
  return {
    status: 201,
    body: { id: comment.id, node_id: `IC_${comment.id}`, body: comment.body, user: { login: comment.user.login, id: comment.user.id, type: comment.user.type }, created_at: comment.createdAt, updated_at: comment.createdAt, html_url: `${req.state.serverUrl}/${repo.owner.login}/${repo.name}/issues/${issue2.number}#issuecomment-${comment.id}`, issue_url: `${api}/issues/${issue2.number}`, url: `${api}/issues/comments/${comment.id}`, author_association: "NONE" }
  };
};
var checksIssuesRoutes = {
  "checks/create": createCheck,
  "checks/update": updateCheck,
  "checks/list-for-ref": listChecksForRef,
  "issues/create": createIssue,
  "issues/list-for-repo": listIssues,
  "issues/update": updateIssue,
  "issues/create-comment": createComment
};

// src/world/github/conditional-response.ts
import { createHash as createHash2 } from "node:crypto";
function entityTag(body) {
  return `W/"${createHash2("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 32)}"`;
}
function matchesIfNoneMatch(header, etag) {
  if (header === void 0) return false;
  const opaque = (tag) => tag.trim().replace(/^W\//, "");
  return [header].flat().flatMap((h) => h.split(",")).some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}

// src/world/github/hook-deliveries-routes.ts
var iso2 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
function renderDelivery(d) {
  return {
    id: d.id,
    guid: d.guid,
    delivered_at: iso2(d.deliveredAt),
    redelivery: d.redelivery,
    duration: d.durationMs / 1e3,
    status: d.status,
    status_code: d.statusCode,
    event: d.event,
    action: d.action,
    installation_id: d.installationId,
    repository_id: d.repositoryId,
    throttled_at: null
  };
}
var inClass = (d, status) => status === "success" ? d.statusCode >= 200 && d.statusCode < 400 : status === "failure" ? d.statusCode >= 400 && d.statusCode < 600 : true;
var listDeliveries = ({ state, query }) => {
  const perPage = Math.min(100, Math.max(1, Number(query.get("per_page") ?? 30) || 30));
  const cursor = query.get("cursor");
  const before = cursor ? Number(/^v1_(\d+)$/.exec(cursor)?.[1] ?? NaN) : Infinity;
  if (Number.isNaN(before)) return githubError(400, "Invalid cursor");
  const status = query.get("status");
  const matching = state.hookDeliveries.filter((d) => d.id < before && inClass(d, status)).sort((a, b) => b.id - a.id);
  const page = matching.slice(0, perPage);
  const headers = {};
  if (matching.length > perPage) {
    const next = new URLSearchParams({ per_page: String(perPage), cursor: `v1_${page[page.length - 1].id}`, ...status ? { status } : {} });
    headers.link = `<${state.apiUrl}/app/hook/deliveries?${next}>; rel="next"`;
  }
  return { status: 200, body: page.map(renderDelivery), headers };
};
var redeliver = ({ state, params }) => {
  const original = state.hookDeliveries.find((d) => d.id === Number(params.delivery_id));
  if (!original) return githubError(404, "Not Found");
  state.redeliver?.(original);
  return { status: 202, body: {} };
};
var hookDeliveriesRoutes = {
  "apps/list-webhook-deliveries": listDeliveries,
  "apps/redeliver-webhook-delivery": redeliver
};

// src/world/github/github-spec.ts
import { readFile as readFile3 } from "node:fs/promises";
import { createRequire as createRequire3 } from "node:module";
import { dirname as dirname2, join as join3 } from "node:path";

// src/world/github/github-spec-amendments.ts
function amendGithubSpec(spec) {
  allowBundleByReference(spec);
  return spec;
}
function allowBundleByReference(spec) {
  const repoList = "/repos/{owner}/{repo}/attestations/{subject_digest}";
  let amended = 0;
  for (const [path, item] of Object.entries(spec.paths)) {
    if (!path.includes("/attestations/")) continue;
    for (const operation of Object.values(item)) {
      const schema = operation.responses?.["200"]?.content?.["application/json"]?.schema;
      for (const entry of attestationEntries(schema)) {
        const bundle = entry.properties?.bundle;
        if (!bundle) continue;
        bundle.nullable = true;
        entry.properties.bundle_url ??= { type: "string" };
        if (path === repoList) amended++;
      }
    }
  }
  if (amended === 0) throw new Error(`world: GitHub's description no longer describes attestations under ${repoList} as github-spec-amendments.ts expects; update the amendment`);
}
function attestationEntries(schema) {
  const list = schema?.properties?.attestations?.items;
  const bulk = schema?.properties?.attestations_subject_digests?.additionalProperties?.items;
  return [list, bulk].filter((node) => node !== void 0);
}

// src/world/github/github-spec.ts
var cached;
function loadGithubSpec() {
  cached ??= (async () => {
    let pkg;
    try {
      pkg = createRequire3(import.meta.url).resolve("@octokit/openapi/package.json");
    } catch {
      throw new Error("the local world needs @octokit/openapi (a dev dependency): run `npm ci` in the Airlock checkout");
    }
    return amendGithubSpec(JSON.parse(await readFile3(join3(dirname2(pkg), "generated", "api.github.com.json"), "utf8")));
  })();
  return cached;
}
function resolveRef(spec, ref) {
  let node = spec;
  for (const part of ref.replace(/^#\//, "").split("/")) node = node[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  if (!node) throw new Error(`unresolvable $ref ${ref}`);
  return node;
}
function responseSchema(spec, pathTemplate, method, status) {
  let response = spec.paths[pathTemplate]?.[method.toLowerCase()]?.responses?.[String(status)];
  if (response?.$ref) response = resolveRef(spec, response.$ref);
  return response?.content?.["application/json"]?.schema;
}

// src/world/github/protection-routes.ts
var iso3 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
var renderRuleset = (state, r, repoFullName) => ({
  id: r.id,
  name: r.body.name,
  target: r.body.target ?? "branch",
  source_type: "Repository",
  source: repoFullName,
  enforcement: r.body.enforcement,
  bypass_actors: r.body.bypass_actors ?? [],
  conditions: r.body.conditions ?? null,
  rules: r.body.rules ?? [],
  node_id: `RRS_${r.id}`,
  created_at: r.createdAt,
  updated_at: r.updatedAt,
  _links: { self: { href: `${state.apiUrl}/repos/${repoFullName}/rulesets/${r.id}` } }
});
var listRulesets = (req) => {
  const repo = requireRepo(req);
  const name = `${repo.owner.login}/${repo.name}`;
  return { status: 200, body: req.state.rulesets.filter((r) => r.repoId === repo.id).map((r) => renderRuleset(req.state, r, name)) };
};
var getRuleset = (req) => {
  const repo = requireRepo(req);
  const r = req.state.rulesets.find((x) => x.repoId === repo.id && x.id === Number(req.params.ruleset_id));
  return r ? { status: 200, body: renderRuleset(req.state, r, `${repo.owner.login}/${repo.name}`) } : githubError(404, "Not Found");
};
var createRuleset = (req) => {
  const repo = requireRepo(req);
  const now = iso3(req.state.clock());
  const r = { id: req.state.nextId(), repoId: repo.id, body: req.body, createdAt: now, updatedAt: now };
  req.state.rulesets.push(r);
  return { status: 201, body: renderRuleset(req.state, r, `${repo.owner.login}/${repo.name}`) };
};
var updateRuleset = (req) => {
  const repo = requireRepo(req);
  const r = req.state.rulesets.find((x) => x.repoId === repo.id && x.id === Number(req.params.ruleset_id));
  if (!r) return githubError(404, "Not Found");
  r.body = { ...r.body, ...req.body };
  r.updatedAt = iso3(req.state.clock());
  return { status: 200, body: renderRuleset(req.state, r, `${repo.owner.login}/${repo.name}`) };
};
var deleteRuleset = (req) => {
  const repo = requireRepo(req);
  const before = req.state.rulesets.length;
  req.state.rulesets = req.state.rulesets.filter((x) => !(x.repoId === repo.id && x.id === Number(req.params.ruleset_id)));
  return before === req.state.rulesets.length ? githubError(404, "Not Found") : { status: 204 };
};
var protectionKey = (req) => {
  const repo = requireRepo(req);
  return `${repo.owner.login}/${repo.name}:${req.params.branch}`.toLowerCase();
};
var getProtection = (req) => {
  const p = req.state.branchProtections.get(protectionKey(req));
  return p ? { status: 200, body: { url: "", ...p } } : githubError(404, "Branch not protected");
};
var putProtection = (req) => {
  req.state.branchProtections.set(protectionKey(req), req.body);
  return { status: 200, body: { url: "", ...req.body } };
};
var deleteProtection = (req) => req.state.branchProtections.delete(protectionKey(req)) ? { status: 204 } : githubError(404, "Branch not protected");
var protectionRoutes = {
  "repos/get-repo-rulesets": listRulesets,
  "repos/get-repo-ruleset": getRuleset,
  "repos/create-repo-ruleset": createRuleset,
  "repos/update-repo-ruleset": updateRuleset,
  "repos/delete-repo-ruleset": deleteRuleset,
  "repos/get-branch-protection": getProtection,
  "repos/update-branch-protection": putProtection,
  "repos/delete-branch-protection": deleteProtection
};

// src/world/github/pulls-write-routes.ts
var createPull = (req) => {
  const repo = requireRepo(req);
  const given = String(req.body.head);
  const prefix = `${repo.owner.login}:`.toLowerCase();
  const head = given.toLowerCase().startsWith(prefix) ? given.slice(prefix.length) : given;
  const base = String(req.body.base);
  const invalid = (field) => ({ status: 422, body: { message: "Validation Failed", errors: [{ resource: "PullRequest", field, code: "invalid" }], documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request" } });
  if (!repo.refs.has(`heads/${head}`)) return invalid("head");
  if (!repo.refs.has(`heads/${base}`)) return invalid("base");
  if (repo.refs.get(`heads/${head}`) === repo.refs.get(`heads/${base}`)) return githubError(422, `No commits between ${base} and ${head}`);
  if (req.state.pulls.some((p) => p.repoId === repo.id && p.state === "open" && p.headRef === head && p.baseRef === base)) {
    return githubError(422, `A pull request already exists for ${repo.owner.login}:${head}.`);
  }
  const taken = [...req.state.pulls, ...req.state.issues].filter((x) => x.repoId === repo.id).map((x) => x.number);
  const pull = {
    number: Math.max(0, ...taken) + 1,
    id: req.state.nextId(),
    repoId: repo.id,
    title: String(req.body.title ?? ""),
    body: String(req.body.body ?? ""),
    // Every installation token acts as the App's bot (the world has no user tokens).
    user: req.state.appBot,
    state: "open",
    headRef: head,
    baseRef: base,
    reviews: [],
    createdAt: new Date(req.state.clock()).toISOString().replace(/\.\d{3}Z$/, "Z")
  };
  req.state.pulls.push(pull);
  void req.state.onPullOpened?.(pull);
  return { status: 201, body: renderPull(req, repo, pull) };
};
var requestReviewers = (req) => {
  const repo = requireRepo(req);
  const pull = req.state.pulls.find((p) => p.repoId === repo.id && p.number === Number(req.params.pull_number));
  if (!pull) return githubError(404, "Not Found");
  const users = req.body.reviewers ?? [];
  const teams = req.body.team_reviewers ?? [];
  for (const login of users) {
    if (login.toLowerCase() === pull.user.login.toLowerCase()) return githubError(422, "Review cannot be requested from pull request author.");
    if (!repo.collaborators.has(login)) return githubError(422, `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.owner.login}/${repo.name} repository.`);
  }
  pull.requestedReviewers = [.../* @__PURE__ */ new Set([...pull.requestedReviewers ?? [], ...users, ...teams.map((t) => `${repo.owner.login}/${t}`)])];
  return { status: 201, body: renderPull(req, repo, pull) };
};
var pullsWriteRoutes = {
  "pulls/create": createPull,
  "pulls/request-reviewers": requestReviewers
};

// src/world/github/teams-routes.ts
var getMembership = (req) => {
  const { org, team_slug: team, username } = req.params;
  const members = req.state.teams.get(`${org}/${team}`.toLowerCase());
  if (!members?.has(String(username).toLowerCase())) return { status: 404 };
  return { status: 200, body: { url: `${req.state.apiUrl}/orgs/${org}/teams/${team}/memberships/${username}`, role: "member", state: "active" } };
};
var teamsRoutes = {
  "teams/get-membership-for-user-in-org": getMembership
};

// src/world/github/request-faults.ts
function takeFault(state, method, path) {
  const fault = state.faults.find((f) => f.method === method && f.path === path && f.remaining > 0);
  if (!fault) return void 0;
  fault.remaining -= 1;
  if (fault.remaining === 0) state.faults.splice(state.faults.indexOf(fault), 1);
  return fault;
}

// src/world/github/request-log.ts
function recordRequest(state, request) {
  const { presented, caller } = request;
  const kind = caller === void 0 ? "none" : "status" in caller ? "invalid" : caller.kind;
  const entry = {
    time: state.clock(),
    method: request.method,
    path: request.path,
    listener: request.listener,
    auth: { scheme: presented.scheme, kind, ...presented.credential !== void 0 ? { tokenHash: hashToken(presented.credential) } : {} }
  };
  state.requests.push(entry);
  return entry;
}

// src/world/github/schema-fill.ts
var EPOCH = "2026-01-01T00:00:00Z";
function fillToSchema(schema, value, resolve) {
  const s = schema.$ref ? resolve(schema.$ref) : schema;
  if (value === null) return null;
  if (s.allOf) return s.allOf.reduce((acc, part) => fillToSchema(part, acc, resolve), value);
  const branches = s.oneOf ?? s.anyOf;
  if (branches) {
    const branch = branches.find((b) => matchesType(b.$ref ? resolve(b.$ref) : b, value)) ?? branches[0];
    return fillToSchema(branch, value, resolve);
  }
  if (value === void 0) {
    if (s.nullable) return null;
    if (s.enum) return s.enum[0];
  }
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === "object" || !type && s.properties) {
    const source = value ?? {};
    const out = {};
    for (const [key, v] of Object.entries(source)) {
      const prop = s.properties?.[key];
      out[key] = prop ? fillToSchema(prop, v, resolve) : v;
    }
    for (const key of s.required ?? []) {
      if (!(key in out) && s.properties?.[key]) out[key] = fillToSchema(s.properties[key], void 0, resolve);
    }
    return out;
  }
  if (type === "array") {
    return (value ?? []).map((item) => s.items ? fillToSchema(s.items, item, resolve) : item);
  }
  if (value !== void 0) return value;
  switch (type) {
    case "string":
      return s.format === "date-time" ? EPOCH : s.format === "uri" ? "https://github.test/" : s.format === "email" ? "nobody@github.test" : "";
    case "integer":
    case "number":
      return 0;
    case "boolean":
      return false;
    default:
      return null;
  }
}
function matchesType(schema, value) {
  if (value === void 0) return !schema.nullable;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (value === null) return schema.nullable === true;
  if (Array.isArray(value)) return type === "array";
  if (typeof value === "object") return type === "object" || !type && !!schema.properties;
  if (typeof value === "number") return type === "integer" || type === "number";
  return type === typeof value;
}

// src/world/github/world-snapshot.ts
var countBy = (values) => {
  const counts = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
};
function snapshotWorld(state) {
  const now = state.clock();
  const all = [...state.tokens.values()];
  const live = all.filter((t) => t.revokedAt === void 0 && t.expiresAt > now);
  const narrowed = (t) => t.repositoryIds !== void 0 && !t.job;
  return {
    tokens: {
      minted: all.length,
      live: live.length,
      narrowed_minted: all.filter(narrowed).length,
      narrowed_live: live.filter(narrowed).length,
      live_tokens: live.map((t) => ({ id: t.hash.slice(0, 12), permissions: t.permissions, repository_ids: t.repositoryIds ?? null, expires_at: new Date(t.expiresAt).toISOString() }))
    },
    check_runs: state.checkRuns.map((r) => ({ id: r.id, name: r.name, head_sha: r.headSha, status: r.status, conclusion: r.conclusion, title: r.output?.title ?? null, summary: r.output?.summary ?? null })),
    issues: state.issues.map((i) => ({ number: i.number, title: i.title, labels: i.labels, comments: i.comments.length })),
    pulls: state.pulls.map((p) => ({ number: p.number, head: p.headRef, base: p.baseRef, state: p.state, reviews: p.reviews.length })),
    rulesets: state.rulesets.map((r) => ({ id: r.id, repository_id: r.repoId, ...r.body })),
    // Counts only: the log holds token hashes, and the snapshot is what leak checks read whole.
    requests: {
      total: state.requests.length,
      by_listener: countBy(state.requests.map((r) => r.listener)),
      by_auth_kind: countBy(state.requests.map((r) => r.auth.kind))
    },
    refs: Object.fromEntries([...state.repos.values()].map((repo) => [`${repo.owner.login}/${repo.name}`, Object.fromEntries(repo.refs)])),
    violations: state.violations
  };
}

// src/world/github/github-server.ts
var routes = { ...appsRoutes, ...repoRoutes, ...checksIssuesRoutes, ...protectionRoutes, ...pullsRoutes, ...gitDataRoutes, ...pullsWriteRoutes, ...teamsRoutes, ...hookDeliveriesRoutes };
var BODY_LIMIT = 8 * 1024 * 1024;
async function startGithubServer(state, options = {}) {
  const spec = await loadGithubSpec();
  const validator = options.validator ?? await loadOpenApiValidator({ document: spec });
  const violation = (method, path, where, message) => {
    state.violations.push({ method, path, where, message });
  };
  const handle = async (req, res, listener2) => {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://world.invalid");
    const path = url.pathname.replace(/^\/api\/v3(?=\/)/, "");
    const presented = parseAuthorization(req.headers.authorization);
    const credentialCaller = presented.credential === void 0 ? void 0 : await authenticateCaller(state, presented.credential);
    const logged = recordRequest(state, { method, path: url.pathname, listener: listener2, presented, caller: credentialCaller });
    res.once("finish", () => logged.status = res.statusCode);
    const fault = takeFault(state, method, path);
    if (fault) {
      await readBody(req, BODY_LIMIT).catch(() => void 0);
      if (fault.answer === "reset") return void req.socket.destroy();
      return sendJson(res, fault.answer, { message: `local world: injected failure (${fault.answer})`, documentation_url: "https://docs.github.com/rest", status: String(fault.answer) });
    }
    if (path === "/_world/state" && method === "GET") return sendJson(res, 200, snapshotWorld(state));
    if (path === "/_world/echo") return serveEcho(req, res);
    if (serveAttestationBlob(state, method, path, url.searchParams, res)) return;
    const registration = matchRegistrationPage(method, path);
    if (registration) return serveRegistrationPage(state, req, res, url, registration);
    const gitRoute = options.git && matchGitRoute(method, url);
    if (gitRoute) return options.git.serve(req, res, gitRoute, credentialCaller);
    const op = validator.match(method, path);
    if (!op) {
      violation(method, path, "path", "GitHub documents no such operation");
      return sendJson(res, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    }
    const handler = routes[op.operationId];
    const requirement = operationRequirements[op.operationId];
    if (!handler || !requirement) {
      violation(method, path, "path", `the local world does not implement ${op.operationId}`);
      return sendJson(res, 501, { message: `local world: ${op.operationId} is not implemented` });
    }
    let body;
    try {
      body = parseJson(await readBody(req, BODY_LIMIT));
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { message: "Payload too large" });
      return sendJson(res, 400, { message: "Problems parsing JSON" });
    }
    const requestIssues = validator.validateRequest(op, url.searchParams, body);
    if (requestIssues.length) {
      for (const issue2 of requestIssues) violation(method, path, issue2.where, issue2.message);
      return sendJson(res, 422, { message: "Invalid request (local world: OpenAPI validation)", errors: requestIssues.map((i) => `${i.where}: ${i.message}`), documentation_url: "https://docs.github.com/rest" });
    }
    const respond = (result) => {
      if (result.raw) {
        res.writeHead(result.status, { "content-type": result.raw.contentType }).end(result.raw.text);
        return;
      }
      let out = result.body;
      if (result.status < 300 && out !== void 0) {
        const schema = responseSchema(spec, op.pathTemplate, method, result.status);
        if (schema) out = fillToSchema(schema, out, (ref) => resolveRef(spec, ref));
      }
      const responseIssues = validator.validateResponse(op, result.status, out);
      if (responseIssues.length) {
        for (const issue2 of responseIssues) violation(method, path, issue2.where, issue2.message);
        return sendJson(res, 500, { message: "local world: response does not match the OpenAPI description", errors: responseIssues.map((i) => i.message) });
      }
      if (method === "GET" && result.status === 200 && out !== void 0) {
        const etag = entityTag(out);
        if (matchesIfNoneMatch(req.headers["if-none-match"], etag)) return void res.writeHead(304, { etag, vary: "Accept, Authorization" }).end();
        return sendJson(res, result.status, out, { ...result.headers, etag, vary: "Accept, Authorization" });
      }
      sendJson(res, result.status, out, result.headers);
    };
    if (requirement === "none") return respond(handler({ state, params: op.pathParams, query: url.searchParams, body: body ?? {}, caller: { kind: "anonymous" }, accept: String(req.headers.accept ?? ""), origin: origins[listener2] }));
    const caller = presented.scheme === "token" || presented.scheme === "bearer" ? credentialCaller : githubError(401, "Requires authentication");
    if ("status" in caller) return respond(caller);
    if (requirement === "app" && caller.kind !== "app") return respond(githubError(401, "A JSON web token could not be decoded"));
    if (requirement !== "app" && caller.kind === "app") return respond(githubError(401, "Bad credentials"));
    if (typeof requirement === "object" && caller.kind === "installation" && !grants(caller.token.permissions[requirement.permission], requirement.level)) {
      return respond(githubError(403, "Resource not accessible by integration"));
    }
    let repo;
    if (op.pathParams.owner && op.pathParams.repo && caller.kind === "installation") {
      repo = reachableRepo(state, caller.token, op.pathParams.owner, op.pathParams.repo);
      if (!repo) return respond(githubError(404, "Not Found"));
    }
    respond(handler({ state, params: op.pathParams, query: url.searchParams, body: body ?? {}, caller, accept: String(req.headers.accept ?? ""), origin: origins[listener2], repo }));
  };
  const listener = (kind) => (req, res) => {
    handle(req, res, kind).catch((error) => {
      violation(req.method ?? "", req.url ?? "", "server", String(error));
      if (!res.headersSent) sendJson(res, 500, { message: `local world error: ${String(error)}` });
    });
  };
  const listen = async (server2, port2, host = "127.0.0.1") => {
    await new Promise((resolve) => server2.listen(port2 ?? 0, host, resolve));
    return server2.address().port;
  };
  const close = (server2) => new Promise((resolve) => {
    server2.closeAllConnections();
    server2.close(() => resolve());
  });
  const server = createServer(listener("http"));
  const port = await listen(server, options.port);
  const origins = { http: `http://127.0.0.1:${port}`, https: "" };
  let https;
  if (options.tls) {
    const tlsServer = createHttpsServer({ key: options.tls.keyPem, cert: options.tls.certPem }, listener("https"));
    https = { server: tlsServer, port: await listen(tlsServer, options.tls.port, options.tls.host) };
    origins.https = `https://${options.tls.host ?? "127.0.0.1"}:${https.port}`;
  }
  return {
    server,
    port,
    https,
    close: async () => {
      await Promise.all([close(server), ...https ? [close(https.server)] : []]);
    }
  };
}

// src/world/world-https.ts
import { writeFile as writeFile2 } from "node:fs/promises";
import { join as join4 } from "node:path";
var WORLD_TLS_NAMES = ["127.0.0.1", "localhost"];
async function createWorldTls(options) {
  const ca = createCertificateAuthority({ commonName: "Airlock local world CA", validityMs: 30 * 24 * 60 * 60 * 1e3 });
  const { keyPem, certPem } = ca.issueServerCertificate([.../* @__PURE__ */ new Set([...WORLD_TLS_NAMES, ...options.host ? [options.host] : []])]);
  const caFile = join4(options.dir, "world-ca.pem");
  await writeFile2(caFile, ca.certPem, { mode: 420 });
  return { caPem: ca.certPem, caFile, keyPem, certPem };
}

// src/world/pull-requests.ts
var iso4 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
function repoOf(world, pull) {
  const repo = [...world.state.repos.values()].find((r) => r.id === pull.repoId);
  if (!repo) throw new Error(`world: pull request #${pull.number} has no repository`);
  return repo;
}
function association(repo, user) {
  if (user.login === repo.owner.login) return "OWNER";
  return repo.collaborators.has(user.login) ? "COLLABORATOR" : "NONE";
}
function pullJson(world, repo, pull, template) {
  return { ...template, ...renderPull({ state: world.state }, repo, pull) };
}
function pullHead(world, pull) {
  const sha = repoOf(world, pull).refs.get(`heads/${pull.headRef}`);
  if (!sha) throw new Error(`world: pull request #${pull.number} has no head branch ${pull.headRef}`);
  return sha;
}
async function deliverPull(world, repo, pull, action, sender, fields2 = {}) {
  const payload = world.payload("pull_request", { action, repo, sender });
  payload.number = pull.number;
  payload.pull_request = pullJson(world, repo, pull, payload.pull_request);
  Object.assign(payload, fields2);
  return world.deliver("pull_request", payload);
}
async function openPull(world, options) {
  const repo = world.repo(options.repo);
  const user = world.user(options.author);
  const base = options.base ?? repo.defaultBranch;
  if (!options.files && !repo.refs.has(`heads/${options.head}`)) throw new Error(`world: no branch ${options.head} to open a pull request from`);
  if (!repo.refs.has(`heads/${options.head}`)) repo.refs.set(`heads/${options.head}`, repo.refs.get(`heads/${base}`));
  if (options.files) commitFiles(repo, options.head, { files: options.files, message: options.title ?? "Change files", author: { name: user.login, email: `${user.id}+${user.login}@users.noreply.github.test`, login: user.login } });
  const taken = [...world.state.pulls.filter((p) => p.repoId === repo.id).map((p) => p.number), ...world.state.issues.filter((i) => i.repoId === repo.id).map((i) => i.number)];
  const pull = {
    number: Math.max(0, ...taken) + 1,
    id: world.state.nextId(),
    repoId: repo.id,
    title: options.title ?? "Change files",
    body: options.body ?? "",
    user,
    state: "open",
    headRef: options.head,
    baseRef: base,
    reviews: [],
    createdAt: iso4(world.state.clock())
  };
  world.state.pulls.push(pull);
  return { pull, sha: repo.refs.get(`heads/${options.head}`), delivery: await deliverPull(world, repo, pull, "opened", user) };
}
function reviewJson(world, repo, pull, review, template) {
  const prUrl = `${world.state.apiUrl}/repos/${repo.owner.login}/${repo.name}/pulls/${pull.number}`;
  const html = `${world.state.serverUrl}/${repo.owner.login}/${repo.name}/pull/${pull.number}#pullrequestreview-${review.id}`;
  return {
    ...template,
    id: review.id,
    node_id: `PRR_${review.id}`,
    user: renderUser(world.state, review.user),
    body: review.body || null,
    commit_id: review.commitId,
    submitted_at: review.submittedAt,
    // Webhooks carry the state in lower case; the REST API in upper case.
    state: review.state.toLowerCase(),
    html_url: html,
    pull_request_url: prUrl,
    author_association: association(repo, review.user),
    _links: { html: { href: html }, pull_request: { href: prUrl } }
  };
}
async function submitReview(world, pull, options) {
  const repo = repoOf(world, pull);
  const user = world.user(options.user);
  const review = { id: world.state.nextId(), user, state: options.state ?? "APPROVED", commitId: options.commitId ?? pullHead(world, pull), body: options.body ?? "", submittedAt: iso4(world.state.clock()) };
  pull.reviews.push(review);
  const payload = world.payload("pull_request_review", { action: "submitted", repo, sender: user });
  payload.review = reviewJson(world, repo, pull, review, payload.review);
  payload.pull_request = pullJson(world, repo, pull, payload.pull_request);
  return { review, delivery: await world.deliver("pull_request_review", payload) };
}

// src/world/aws/aws-world.ts
import { createHash as createHash5 } from "node:crypto";

// src/world/aws/aws-state.ts
import { randomBytes as randomBytes7 } from "node:crypto";
var WORLD_ACCOUNT_ID = "123456789012";
function createAwsState(clock = Date.now) {
  return { accountId: WORLD_ACCOUNT_ID, providers: /* @__PURE__ */ new Map(), roles: /* @__PURE__ */ new Map(), sessions: /* @__PURE__ */ new Map(), buckets: /* @__PURE__ */ new Map(), s3Requests: [], stsCalls: [], clock };
}
var BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
var draw = (n, alphabet) => [...randomBytes7(n)].map((b) => alphabet[b % alphabet.length]).join("");
function newSessionCredentials() {
  return {
    accessKeyId: `ASIA${draw(16, BASE32)}`,
    secretAccessKey: randomBytes7(30).toString("base64"),
    sessionToken: `IQoJb3JpZ2luX2Vj${randomBytes7(300).toString("base64")}`
  };
}
function newRoleId() {
  return `AROA${draw(17, BASE32)}`;
}
function addRole(state, name, options) {
  const role = { arn: `arn:aws:iam::${state.accountId}:role/${name}`, roleId: newRoleId(), trust: options.trust, maxSessionDuration: options.maxSessionDuration ?? 3600, allow: options.allow ?? ["s3:*"] };
  state.roles.set(role.arn, role);
  return role;
}
function addBucket(state, name, region) {
  const bucket = { name, region, objects: /* @__PURE__ */ new Map() };
  state.buckets.set(name, bucket);
  return bucket;
}
var providerArn = (state, url) => `arn:aws:iam::${state.accountId}:oidc-provider/${url}`;
function roleAllows(role, action) {
  return role.allow.some((pattern) => globMatches(pattern, action, true));
}
function globMatches(pattern, value, ignoreCase = false) {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(value);
}

// src/world/aws/s3-stand-in.ts
import { createHash as createHash4, createHmac as createHmac4 } from "node:crypto";
import { createServer as createHttpsServer2 } from "node:https";
import { crc32 } from "node:zlib";

// src/world/aws/aws-chunked-body.ts
var CRLF = Buffer.from("\r\n");
function decodeAwsChunked(body) {
  const chunks = [];
  let at = 0;
  for (; ; ) {
    const end = body.indexOf(CRLF, at);
    if (end < 0) return void 0;
    const header = body.subarray(at, end).toString("latin1");
    const match = /^([0-9a-fA-F]+)(?:;chunk-signature=([0-9a-f]{64}))?$/.exec(header);
    if (!match) return void 0;
    const size = parseInt(match[1], 16);
    const start = end + 2;
    if (size === 0) {
      chunks.push({ data: Buffer.alloc(0), ...match[2] ? { signature: match[2] } : {} });
      at = start;
      break;
    }
    if (start + size + 2 > body.length || !body.subarray(start + size, start + size + 2).equals(CRLF)) return void 0;
    chunks.push({ data: body.subarray(start, start + size), ...match[2] ? { signature: match[2] } : {} });
    at = start + size + 2;
  }
  const trailers = [];
  for (; ; ) {
    const end = body.indexOf(CRLF, at);
    if (end < 0) {
      if (at === body.length && trailers.length === 0) break;
      return void 0;
    }
    const line = body.subarray(at, end).toString("latin1");
    at = end + 2;
    if (line === "") break;
    const colon = line.indexOf(":");
    if (colon <= 0) return void 0;
    trailers.push({ name: line.slice(0, colon).toLowerCase(), value: line.slice(colon + 1) });
  }
  if (at !== body.length) return void 0;
  return { chunks, trailers, decoded: Buffer.concat(chunks.map((c) => c.data)) };
}

// src/world/aws/aws-xml.ts
import { randomUUID as randomUUID2 } from "node:crypto";
var escapeXml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
function sendXml(res, status, xml, headers = {}) {
  const body = Buffer.from(xml, "utf8");
  res.writeHead(status, { "content-type": "text/xml", "content-length": body.length, "x-amzn-requestid": randomUUID2(), ...headers });
  res.end(body);
}
function stsErrorXml(code, message) {
  const type = code === "ServiceUnavailable" ? "Receiver" : "Sender";
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>${type}</Type>
    <Code>${escapeXml(code)}</Code>
    <Message>${escapeXml(message)}</Message>
  </Error>
  <RequestId>${randomUUID2()}</RequestId>
</ErrorResponse>
`;
}
function s3ErrorXml(code, message, resource) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><Resource>${escapeXml(resource)}</Resource><RequestId>${randomUUID2().replace(/-/g, "").slice(0, 16).toUpperCase()}</RequestId></Error>`;
}

// src/world/aws/sigv4-verifier.ts
import { createHash as createHash3, createHmac as createHmac3, timingSafeEqual as timingSafeEqual2 } from "node:crypto";
var ALGORITHM = "AWS4-HMAC-SHA256";
var EMPTY_SHA256 = createHash3("sha256").update("").digest("hex");
var sha256Hex = (data) => createHash3("sha256").update(data).digest("hex");
var hmac = (key, data) => createHmac3("sha256", key).update(data, "utf8").digest();
function uriEncode(text, keepSlash) {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || keepSlash && c === "/") out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
function canonicalUri(rawPath, service) {
  const path = rawPath === "" ? "/" : rawPath;
  if (service === "s3") return uriEncode(decode(path), true);
  return path.split("/").map((segment) => uriEncode(segment, false)).join("/");
}
function canonicalQuery(rawQuery, options) {
  if (rawQuery === "") return "";
  const pairs = [];
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = uriEncode(decode(eq < 0 ? part : part.slice(0, eq)), false);
    const value = uriEncode(decode(eq < 0 ? "" : part.slice(eq + 1)), false);
    if (options.dropSignature && name === "X-Amz-Signature") continue;
    pairs.push([name, value]);
  }
  pairs.sort(([an, av], [bn, bv]) => an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0);
  return pairs.map(([n, v]) => `${n}=${v}`).join("&");
}
function headerValues(rawHeaders) {
  const out = /* @__PURE__ */ new Map();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    out.set(name, [...out.get(name) ?? [], rawHeaders[i + 1]]);
  }
  return out;
}
function parseAuthorization2(value) {
  const malformed = (why) => ({ ok: false, code: "AuthorizationHeaderMalformed", message: `The authorization header is malformed; ${why}.` });
  if (!value.startsWith(`${ALGORITHM} `)) return malformed(`the authorization mechanism is not ${ALGORITHM}`);
  const fields2 = /* @__PURE__ */ new Map();
  for (const part of value.slice(ALGORITHM.length + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return malformed(`the authorization component "${part.trim()}" is malformed`);
    fields2.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields2.get("Credential")?.split("/");
  const signedHeaders = fields2.get("SignedHeaders")?.split(";");
  const signature2 = fields2.get("Signature");
  if (!credential || credential.length !== 5 || credential[4] !== "aws4_request") return malformed('the Credential is malformed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request"');
  if (!signedHeaders || !signature2 || !/^[0-9a-f]{64}$/.test(signature2)) return malformed("a SignedHeaders or Signature component is missing or malformed");
  const sorted = [...signedHeaders].sort();
  if (signedHeaders.some((h, i) => h !== h.toLowerCase() || h !== sorted[i]) || !signedHeaders.includes("host")) return malformed("SignedHeaders must be lower case, sorted and include host");
  const [accessKeyId, date, region, service] = credential;
  return { ok: true, auth: { accessKeyId, date, region, service, signedHeaders, signature: signature2 } };
}
function signingKey(secret, date, region, service) {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
}
function canonicalRequest(parts, signedHeaders, service, presigned) {
  const lines = [];
  for (const name of signedHeaders) {
    const values = parts.headers.get(name);
    if (!values) return void 0;
    lines.push(`${name}:${values.map((v) => v.trim().replace(/\s+/g, " ")).join(",")}`);
  }
  return [parts.method, canonicalUri(parts.rawPath, service), canonicalQuery(parts.rawQuery, { dropSignature: presigned }), `${lines.join("\n")}
`, signedHeaders.join(";"), parts.payloadHash].join("\n");
}
function stringToSign(longDate, scope, canonical) {
  return [ALGORITHM, longDate, scope, sha256Hex(canonical)].join("\n");
}
function signatureMatches(expected, given) {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(given, "utf8");
  return a.length === b.length && timingSafeEqual2(a, b);
}
function verifyHeaderSignature(parts, auth, secret, longDate) {
  if (!auth.signedHeaders.includes("x-amz-date") && !auth.signedHeaders.includes("date")) return { ok: false, code: "AccessDenied", message: "AWS authentication requires a valid Date or x-amz-date header" };
  const canonical = canonicalRequest(parts, auth.signedHeaders, auth.service, false);
  if (canonical === void 0) return { ok: false, code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided. Check your key and signing method." };
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const expected = createHmac3("sha256", signingKey(secret, auth.date, auth.region, auth.service)).update(stringToSign(longDate, scope, canonical)).digest("hex");
  if (!signatureMatches(expected, auth.signature)) return { ok: false, code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided. Check your key and signing method." };
  return { ok: true, seed: auth.signature };
}
function chunkSignature(key, longDate, scope, previous, data) {
  const text = ["AWS4-HMAC-SHA256-PAYLOAD", longDate, scope, previous, EMPTY_SHA256, sha256Hex(data)].join("\n");
  return createHmac3("sha256", key).update(text).digest("hex");
}
function trailerSignature(key, longDate, scope, previous, trailerLines) {
  const text = ["AWS4-HMAC-SHA256-TRAILER", longDate, scope, previous, sha256Hex(trailerLines)].join("\n");
  return createHmac3("sha256", key).update(text).digest("hex");
}

// src/world/aws/s3-stand-in.ts
var BODY_LIMIT2 = 64 * 1024 * 1024;
var MAX_SKEW_MS = 15 * 60 * 1e3;
var S3Error = class extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
  status;
  code;
};
var signatureMismatch = () => new S3Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
function targetOf(host, rawPath) {
  const name = host.replace(/:\d+$/, "").toLowerCase();
  const virtual = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(name);
  const path = decodeURIComponent(rawPath);
  if (virtual) return { bucket: virtual[1], ...path.length > 1 ? { key: path.slice(1) } : {} };
  const rest = path.replace(/^\//, "");
  if (rest === "") return {};
  const slash = rest.indexOf("/");
  if (slash < 0) return { bucket: rest };
  return { bucket: rest.slice(0, slash), ...slash + 1 < rest.length ? { key: rest.slice(slash + 1) } : {} };
}
function operationOf(method, target, query) {
  if (!target.bucket) return method === "GET" ? "ListBuckets" : "Unsupported";
  if (target.key === void 0) {
    if (method === "GET" && query.has("location")) return "GetBucketLocation";
    if (method === "GET") return query.get("list-type") === "2" ? "ListObjectsV2" : "ListObjects";
    if (method === "HEAD") return "HeadBucket";
    return "Unsupported";
  }
  return { GET: "GetObject", HEAD: "HeadObject", PUT: "PutObject", DELETE: "DeleteObject" }[method] ?? "Unsupported";
}
var IAM_ACTION = {
  ListBuckets: "s3:ListAllMyBuckets",
  ListObjectsV2: "s3:ListBucket",
  ListObjects: "s3:ListBucket",
  HeadBucket: "s3:ListBucket",
  GetBucketLocation: "s3:GetBucketLocation",
  GetObject: "s3:GetObject",
  HeadObject: "s3:GetObject",
  PutObject: "s3:PutObject",
  DeleteObject: "s3:DeleteObject"
};
var httpDate = (ms) => new Date(ms).toUTCString();
var isoDate = (ms) => new Date(ms).toISOString();
var longDateMs = (longDate) => {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(longDate);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
};
function authenticate(state, req, rawPath, rawQuery, query, bucket) {
  const headers = headerValues(req.rawHeaders);
  const presigned = query.has("X-Amz-Algorithm");
  let auth;
  let longDate;
  if (presigned) {
    const credential = (query.get("X-Amz-Credential") ?? "").split("/");
    const signedHeaders = (query.get("X-Amz-SignedHeaders") ?? "").split(";");
    if (query.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256" || credential.length !== 5 || !query.get("X-Amz-Signature")) throw new S3Error(400, "AuthorizationQueryParametersError", "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
    auth = { accessKeyId: credential[0], date: credential[1], region: credential[2], service: credential[3], signedHeaders, signature: query.get("X-Amz-Signature") };
    longDate = query.get("X-Amz-Date") ?? "";
    const expires = Number(query.get("X-Amz-Expires") ?? NaN);
    if (!(longDateMs(longDate) + expires * 1e3 >= state.clock())) throw new S3Error(403, "AccessDenied", "Request has expired");
  } else {
    const header = req.headers.authorization;
    if (header === void 0) throw new S3Error(403, "AccessDenied", "Access Denied");
    const parsed = parseAuthorization2(header);
    if (!parsed.ok) throw new S3Error(400, parsed.code, parsed.message);
    auth = parsed.auth;
    longDate = String(req.headers["x-amz-date"] ?? "");
    if (!(Math.abs(longDateMs(longDate) - state.clock()) <= MAX_SKEW_MS)) throw new S3Error(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.");
  }
  const session = state.sessions.get(auth.accessKeyId);
  if (!session) throw new S3Error(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
  const token = presigned ? query.get("X-Amz-Security-Token") : req.headers["x-amz-security-token"];
  if (token !== session.sessionToken) throw new S3Error(400, "InvalidToken", "The provided token is malformed or otherwise invalid.");
  if (state.clock() >= session.expiresAt) throw new S3Error(400, "ExpiredToken", "The provided token has expired.");
  const region = bucket?.region ?? "us-east-1";
  if (auth.service !== "s3") throw signatureMismatch();
  if (auth.region !== region) throw new S3Error(400, "AuthorizationHeaderMalformed", `The authorization header is malformed; the region '${auth.region}' is wrong; expecting '${region}'`);
  if (longDate.slice(0, 8) !== auth.date) throw signatureMismatch();
  const payloadHash = presigned ? "UNSIGNED-PAYLOAD" : String(req.headers["x-amz-content-sha256"] ?? "");
  if (!presigned && payloadHash === "") throw new S3Error(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
  const parts = { method: req.method ?? "GET", rawPath, rawQuery, headers, payloadHash };
  if (presigned) {
    const canonical = canonicalRequest(parts, auth.signedHeaders, "s3", true);
    const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
    const expected = canonical === void 0 ? "" : createHmac4("sha256", signingKey(session.secretAccessKey, auth.date, auth.region, auth.service)).update(stringToSign(longDate, scope, canonical)).digest("hex");
    if (!signatureMatches(expected, auth.signature)) throw signatureMismatch();
  } else {
    const verdict = verifyHeaderSignature(parts, auth, session.secretAccessKey, longDate);
    if (!verdict.ok) throw new S3Error(verdict.code === "AccessDenied" ? 403 : verdict.code === "AuthorizationHeaderMalformed" ? 400 : 403, verdict.code, verdict.message);
  }
  return { session, auth, longDate, presigned };
}
function checksumOf(name, data) {
  if (name === "x-amz-checksum-crc32") {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(data) >>> 0);
    return out.toString("base64");
  }
  if (name === "x-amz-checksum-sha256") return createHash4("sha256").update(data).digest("base64");
  if (name === "x-amz-checksum-sha1") return createHash4("sha1").update(data).digest("base64");
  return void 0;
}
function payloadOf(req, body, who) {
  const hash = who.presigned ? "UNSIGNED-PAYLOAD" : String(req.headers["x-amz-content-sha256"]);
  let data;
  if (hash === "UNSIGNED-PAYLOAD") data = body;
  else if (/^[0-9a-f]{64}$/.test(hash)) {
    if (sha256Hex(body) !== hash) throw new S3Error(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
    data = body;
  } else if (["STREAMING-UNSIGNED-PAYLOAD-TRAILER", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"].includes(hash)) {
    const decoded = decodeAwsChunked(body);
    if (!decoded) throw new S3Error(400, "IncompleteBody", "The request body terminated unexpectedly");
    if (hash !== "STREAMING-UNSIGNED-PAYLOAD-TRAILER") {
      const { auth, longDate, session } = who;
      const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
      const key = signingKey(session.secretAccessKey, auth.date, auth.region, auth.service);
      let previous = auth.signature;
      for (const chunk of decoded.chunks) {
        if (!chunk.signature || !signatureMatches(chunkSignature(key, longDate, scope, previous, chunk.data), chunk.signature)) throw signatureMismatch();
        previous = chunk.signature;
      }
      if (hash.endsWith("-TRAILER")) {
        const signed = decoded.trailers.filter((t) => t.name !== "x-amz-trailer-signature");
        const given = decoded.trailers.find((t) => t.name === "x-amz-trailer-signature")?.value ?? "";
        const text = signed.map((t) => `${t.name}:${t.value}
`).join("");
        if (!signatureMatches(trailerSignature(key, longDate, scope, previous, text), given)) throw signatureMismatch();
      }
    }
    const declared = req.headers["x-amz-decoded-content-length"];
    if (declared === void 0 || Number(declared) !== decoded.decoded.length) throw new S3Error(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header");
    for (const trailer of decoded.trailers) {
      if (!trailer.name.startsWith("x-amz-checksum-")) continue;
      const computed = checksumOf(trailer.name, decoded.decoded);
      if (computed === void 0) throw new S3Error(400, "InvalidRequest", `Value for ${trailer.name} trailing header is not supported by this endpoint`);
      if (computed !== trailer.value.trim()) throw new S3Error(400, "BadDigest", `The ${trailer.name.slice("x-amz-checksum-".length).toUpperCase()} you specified did not match the calculated checksum.`);
    }
    data = decoded.decoded;
  } else throw new S3Error(400, "InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.");
  const md5 = req.headers["content-md5"];
  if (md5 !== void 0 && createHash4("md5").update(data).digest("base64") !== md5) throw new S3Error(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith("x-amz-checksum-") || name === "x-amz-checksum-algorithm" || typeof value !== "string") continue;
    const computed = checksumOf(name, data);
    if (computed !== void 0 && computed !== value) throw new S3Error(400, "BadDigest", `The ${name.slice("x-amz-checksum-".length).toUpperCase()} you specified did not match the calculated checksum.`);
  }
  return data;
}
function listObjectsV2(bucket, query) {
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? "";
  const url = query.get("encoding-type") === "url";
  const show = (text) => escapeXml(url ? uriEncode(text, true) : text);
  const contents = [];
  const prefixes = /* @__PURE__ */ new Set();
  for (const key of [...bucket.objects.keys()].sort()) {
    if (!key.startsWith(prefix)) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) {
      prefixes.add(key.slice(0, cut + delimiter.length));
      continue;
    }
    const object = bucket.objects.get(key);
    contents.push(`<Contents><Key>${show(key)}</Key><LastModified>${isoDate(object.lastModified)}</LastModified><ETag>&quot;${object.etag}&quot;</ETag><Size>${object.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`);
  }
  const common = [...prefixes].map((p) => `<CommonPrefixes><Prefix>${show(p)}</Prefix></CommonPrefixes>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${escapeXml(bucket.name)}</Name><Prefix>${show(prefix)}</Prefix>${delimiter ? `<Delimiter>${show(delimiter)}</Delimiter>` : ""}<MaxKeys>1000</MaxKeys>${url ? "<EncodingType>url</EncodingType>" : ""}<KeyCount>${contents.length + common.length}</KeyCount><IsTruncated>false</IsTruncated>${contents.join("")}${common.join("")}</ListBucketResult>`;
}
function listBuckets(state, session) {
  const buckets = [...state.buckets.values()].map((b) => `<Bucket><Name>${escapeXml(b.name)}</Name><CreationDate>${isoDate(0)}</CreationDate></Bucket>`).join("");
  return `<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>${sha256Hex(session.roleArn)}</ID></Owner><Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`;
}
function byteRange(header, size) {
  const m = header === void 0 ? null : /^bytes=(\d*)-(\d*)$/.exec(header);
  if (!m || m[1] === "" && m[2] === "") return void 0;
  if (m[1] === "") return { start: Math.max(0, size - Number(m[2])), end: size - 1 };
  return { start: Number(m[1]), end: m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1) };
}
async function startS3StandIn(state, options) {
  const handle = (req, res) => {
    void (async () => {
      const raw = req.url ?? "/";
      const q = raw.indexOf("?");
      const rawPath = q < 0 ? raw : raw.slice(0, q);
      const rawQuery = q < 0 ? "" : raw.slice(q + 1);
      const query = new URLSearchParams(rawQuery);
      const method = req.method ?? "GET";
      const target = targetOf(String(req.headers.host ?? ""), rawPath);
      const operation = operationOf(method, target, query);
      const hash = String(req.headers["x-amz-content-sha256"] ?? (query.has("X-Amz-Algorithm") ? "UNSIGNED-PAYLOAD" : ""));
      const accessKeyId = /Credential=([A-Z0-9]+)\//.exec(String(req.headers.authorization ?? ""))?.[1] ?? query.get("X-Amz-Credential")?.split("/")[0];
      const record = (status, code) => state.s3Requests.push({ method, path: rawPath, operation, ...accessKeyId ? { accessKeyId } : {}, knownKey: accessKeyId !== void 0 && state.sessions.has(accessKeyId), status, ...code ? { code } : {}, payload: hash });
      try {
        let body;
        try {
          body = await readBody(req, BODY_LIMIT2);
        } catch (error) {
          if (error instanceof BodyTooLargeError) throw new S3Error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
          throw error;
        }
        const bucket = target.bucket === void 0 ? void 0 : state.buckets.get(target.bucket);
        const who = authenticate(state, req, rawPath, rawQuery, query, bucket);
        if (operation === "Unsupported") throw new S3Error(501, "NotImplemented", "A header or query you provided implies functionality that is not implemented.");
        const role = state.roles.get(who.session.roleArn);
        if (!role || !roleAllows(role, IAM_ACTION[operation])) throw new S3Error(403, "AccessDenied", "Access Denied");
        if (operation === "ListBuckets") return void (record(200), sendXml(res, 200, listBuckets(state, who.session), { "content-type": "application/xml" }));
        if (!bucket) throw new S3Error(404, "NoSuchBucket", "The specified bucket does not exist");
        if (operation === "HeadBucket") return void (record(200), res.writeHead(200, { "x-amz-bucket-region": bucket.region }).end());
        if (operation === "GetBucketLocation") return void (record(200), sendXml(res, 200, `<?xml version="1.0" encoding="UTF-8"?>
<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${bucket.region === "us-east-1" ? "" : bucket.region}</LocationConstraint>`, { "content-type": "application/xml" }));
        if (operation === "ListObjectsV2" || operation === "ListObjects") return void (record(200), sendXml(res, 200, listObjectsV2(bucket, query), { "content-type": "application/xml" }));
        const key = target.key;
        if (operation === "PutObject") {
          const data = payloadOf(req, body, who);
          const etag = createHash4("md5").update(data).digest("hex");
          bucket.objects.set(key, { body: data, etag, lastModified: state.clock(), contentType: String(req.headers["content-type"] ?? "binary/octet-stream") });
          record(200);
          res.writeHead(200, { etag: `"${etag}"` }).end();
          return;
        }
        if (body.length > 0 && hash !== "UNSIGNED-PAYLOAD" && hash !== EMPTY_SHA256) throw new S3Error(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
        if (operation === "DeleteObject") {
          bucket.objects.delete(key);
          record(204);
          res.writeHead(204).end();
          return;
        }
        const object = bucket.objects.get(key);
        if (!object) throw new S3Error(404, "NoSuchKey", "The specified key does not exist.");
        const headers = { etag: `"${object.etag}"`, "last-modified": httpDate(object.lastModified), "content-type": object.contentType, "accept-ranges": "bytes" };
        const range = byteRange(req.headers.range, object.body.length);
        const slice = range ? object.body.subarray(range.start, range.end + 1) : object.body;
        record(range ? 206 : 200);
        res.writeHead(range ? 206 : 200, { ...headers, "content-length": slice.length, ...range ? { "content-range": `bytes ${range.start}-${range.end}/${object.body.length}` } : {} });
        res.end(method === "HEAD" ? void 0 : slice);
      } catch (error) {
        if (!(error instanceof S3Error)) throw error;
        record(error.status, error.code);
        if (method === "HEAD") return void res.writeHead(error.status, { "x-amz-error-code": error.code }).end();
        sendXml(res, error.status, s3ErrorXml(error.code, error.message, rawPath), { "content-type": "application/xml" });
      }
    })().catch((error) => {
      if (!res.headersSent) sendXml(res, 500, s3ErrorXml("InternalError", String(error), "/"));
      else res.destroy();
    });
  };
  const server = createHttpsServer2({ key: options.tls.keyPem, cert: options.tls.certPem }, handle);
  const host = options.host ?? "127.0.0.1";
  await new Promise((resolve) => server.listen(options.port ?? 0, host, resolve));
  const port = server.address().port;
  return {
    url: `https://${host}:${port}`,
    port,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    })
  };
}

// src/world/aws/sts-stand-in.ts
import { randomUUID as randomUUID3 } from "node:crypto";
import { createServer as createServer2 } from "node:http";
import { createServer as createHttpsServer3 } from "node:https";
var NS = "https://sts.amazonaws.com/doc/2011-06-15/";
var EXPIRY_LEEWAY_SECONDS = 300;
var MIN_DURATION = 900;
var BODY_LIMIT3 = 64 * 1024;
var SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
var StsError = class extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
  status;
  code;
};
var validation = (message) => new StsError(400, "ValidationError", `1 validation error detected: ${message}`);
var invalidToken = (message) => new StsError(400, "InvalidIdentityToken", message);
var accessDenied = () => new StsError(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
var claimText = (payload, claim2) => {
  const value = payload[claim2];
  if (value === void 0 || value === null) return void 0;
  return Array.isArray(value) ? value.map(String) : [String(value)];
};
function conditionsHold(role, providerUrl, payload) {
  const check = (block, like) => Object.entries(block ?? {}).every(([key, expected]) => {
    const prefix = `${providerUrl}:`;
    if (!key.startsWith(prefix)) return false;
    const actual = claimText(payload, key.slice(prefix.length));
    if (!actual) return false;
    const wanted = typeof expected === "string" ? [expected] : expected;
    return actual.some((a) => wanted.some((w) => like ? globMatches(w, a) : w === a));
  });
  return check(role.trust.stringEquals, false) && check(role.trust.stringLike, true);
}
async function assumeRoleWithWebIdentity(state, params) {
  const roleArn = params.get("RoleArn");
  const sessionName = params.get("RoleSessionName");
  const token = params.get("WebIdentityToken");
  if (roleArn === null) throw validation("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  if (sessionName === null) throw validation("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  if (token === null) throw validation("Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null");
  if (!SESSION_NAME.test(sessionName)) throw validation(`Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
  const durationText = params.get("DurationSeconds");
  const duration = durationText === null ? 3600 : Number(durationText);
  if (!Number.isInteger(duration) || duration < MIN_DURATION) throw validation(`Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_DURATION}`);
  const policy = params.get("Policy") ?? void 0;
  if (policy !== void 0) {
    let parsed;
    try {
      parsed = JSON.parse(policy);
    } catch {
      parsed = void 0;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new StsError(400, "MalformedPolicyDocument", "The policy is not in the valid JSON format.");
  }
  let claims;
  try {
    claims = decodeJwt(token);
  } catch {
    throw invalidToken("The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)");
  }
  const issuer = typeof claims.iss === "string" ? claims.iss : "";
  const providerUrl = issuer.replace(/^https?:\/\//, "");
  const provider = state.providers.get(providerUrl);
  if (!provider) throw invalidToken(`No OpenIDConnect provider found in your account for ${issuer}`);
  let payload;
  const now = Math.floor(state.clock() / 1e3);
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(provider.jwks()), { algorithms: ["RS256"], requiredClaims: ["exp"], currentDate: new Date(state.clock()), clockTolerance: EXPIRY_LEEWAY_SECONDS }));
  } catch (error) {
    if (error instanceof errors_exports.JWKSNoMatchingKey) throw invalidToken("Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements");
    if (error instanceof errors_exports.JWTExpired) throw new StsError(400, "ExpiredTokenException", `Token expired: current date/time ${now} must be before the expiration date/time${String(claims.exp)}`);
    throw invalidToken("The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.");
  }
  const audiences = claimText(payload, "aud") ?? [];
  if (!audiences.some((a) => provider.clientIds.includes(a))) throw invalidToken("Incorrect token audience");
  const role = state.roles.get(roleArn);
  if (!role || role.trust.federated !== providerArn(state, providerUrl) || !conditionsHold(role, providerUrl, payload)) throw accessDenied();
  if (duration > role.maxSessionDuration) throw validation(`The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
  const issuedAt = state.clock();
  const credentials = newSessionCredentials();
  const roleName = role.arn.slice(role.arn.indexOf(":role/") + ":role/".length);
  const session = {
    ...credentials,
    roleArn: role.arn,
    assumedRoleArn: `arn:aws:sts::${state.accountId}:assumed-role/${roleName}/${sessionName}`,
    assumedRoleId: `${role.roleId}:${sessionName}`,
    issuedAt,
    expiresAt: issuedAt + duration * 1e3,
    durationSeconds: duration,
    ...policy !== void 0 ? { policy } : {}
  };
  state.sessions.set(session.accessKeyId, session);
  state.stsCalls.push({ action: "AssumeRoleWithWebIdentity", roleArn, status: 200, accessKeyId: session.accessKeyId });
  const expiration = new Date(session.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z");
  return `<AssumeRoleWithWebIdentityResponse xmlns="${NS}">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>${escapeXml(String(payload.sub ?? ""))}</SubjectFromWebIdentityToken>
    <Audience>${escapeXml(audiences[0] ?? "")}</Audience>
    <AssumedRoleUser>
      <Arn>${escapeXml(session.assumedRoleArn)}</Arn>
      <AssumedRoleId>${escapeXml(session.assumedRoleId)}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>${session.sessionToken}</SessionToken>
      <SecretAccessKey>${session.secretAccessKey}</SecretAccessKey>
      <Expiration>${expiration}</Expiration>
      <AccessKeyId>${session.accessKeyId}</AccessKeyId>
    </Credentials>
    <Provider>${escapeXml(providerUrl)}</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>${randomUUID3()}</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>
`;
}
function getCallerIdentity(state, req, body) {
  const parsed = parseAuthorization2(String(req.headers.authorization ?? ""));
  if (!parsed.ok) throw new StsError(400, "IncompleteSignature", parsed.message);
  const { auth } = parsed;
  const session = state.sessions.get(auth.accessKeyId);
  if (!session) throw new StsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
  if (req.headers["x-amz-security-token"] !== session.sessionToken) throw new StsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
  if (state.clock() >= session.expiresAt) throw new StsError(403, "ExpiredToken", "The security token included in the request is expired");
  const raw = req.url ?? "/";
  const q = raw.indexOf("?");
  const verdict = verifyHeaderSignature(
    { method: req.method ?? "POST", rawPath: q < 0 ? raw : raw.slice(0, q), rawQuery: q < 0 ? "" : raw.slice(q + 1), headers: headerValues(req.rawHeaders), payloadHash: String(req.headers["x-amz-content-sha256"] ?? sha256Hex(body)) },
    auth,
    session.secretAccessKey,
    String(req.headers["x-amz-date"] ?? "")
  );
  if (!verdict.ok) throw new StsError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
  state.stsCalls.push({ action: "GetCallerIdentity", roleArn: session.roleArn, status: 200, accessKeyId: session.accessKeyId });
  return `<GetCallerIdentityResponse xmlns="${NS}">
  <GetCallerIdentityResult>
    <Arn>${escapeXml(session.assumedRoleArn)}</Arn>
    <UserId>${escapeXml(session.assumedRoleId)}</UserId>
    <Account>${state.accountId}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>${randomUUID3()}</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
`;
}
async function startStsStandIn(state, options = {}) {
  const handle = (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://sts.local");
      let body;
      try {
        body = await readBody(req, BODY_LIMIT3);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendXml(res, 413, stsErrorXml("RequestEntityTooLarge", "Request body too large"));
        throw error;
      }
      const params = new URLSearchParams(url.search);
      if (String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params.append(k, v);
      const action = params.get("Action") ?? "";
      try {
        if (action === "AssumeRoleWithWebIdentity") return sendXml(res, 200, await assumeRoleWithWebIdentity(state, params));
        if (action === "GetCallerIdentity") return sendXml(res, 200, getCallerIdentity(state, req, body));
        throw new StsError(400, "InvalidAction", `Could not find operation ${action} for version ${params.get("Version") ?? "NO_VERSION_SPECIFIED"}`);
      } catch (error) {
        if (!(error instanceof StsError)) throw error;
        state.stsCalls.push({ action, ...params.get("RoleArn") ? { roleArn: params.get("RoleArn") } : {}, status: error.status, code: error.code });
        sendXml(res, error.status, stsErrorXml(error.code, error.message));
      }
    })().catch((error) => sendXml(res, 500, stsErrorXml("InternalFailure", String(error))));
  };
  const server = options.tls ? createHttpsServer3({ key: options.tls.keyPem, cert: options.tls.certPem }, handle) : createServer2(handle);
  const host = options.host ?? "127.0.0.1";
  await new Promise((resolve) => server.listen(options.port ?? 0, host, resolve));
  const port = server.address().port;
  return {
    url: `${options.tls ? "https" : "http"}://${host}:${port}`,
    port,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    })
  };
}

// src/world/aws/aws-world.ts
var STS_AUDIENCE = "sts.amazonaws.com";
var WORLD_BUCKET = "acme-artifacts";
var WORLD_REGION = "us-east-1";
async function startAwsWorld(options) {
  const state = createAwsState(options.clock);
  const url = options.issuer.replace(/^https?:\/\//, "");
  state.providers.set(url, { url, clientIds: [STS_AUDIENCE], jwks: options.jwks });
  const federated = providerArn(state, url);
  const agent = addRole(state, "airlock-agent", { trust: { federated, stringEquals: { [`${url}:aud`]: STS_AUDIENCE }, stringLike: { [`${url}:sub`]: "repo:acme/widgets:*" } } });
  const byId = addRole(state, "airlock-agent-by-id", {
    trust: { federated, stringEquals: { [`${url}:aud`]: STS_AUDIENCE }, stringLike: { [`${url}:sub`]: `repository_owner_id:${options.ids.ownerId}:repository_id:${options.ids.repositoryId}:*` } }
  });
  const reader = addRole(state, "airlock-reader", { trust: { federated, stringEquals: { [`${url}:aud`]: STS_AUDIENCE }, stringLike: { [`${url}:sub`]: "repo:acme/widgets:*" } }, allow: ["s3:Get*", "s3:List*"] });
  const bucket = addBucket(state, WORLD_BUCKET, WORLD_REGION);
  const seeded = Buffer.from("build 41: all green\n");
  bucket.objects.set("reports/build.txt", { body: seeded, etag: createHash5("md5").update(seeded).digest("hex"), lastModified: state.clock(), contentType: "text/plain" });
  const sts = await startStsStandIn(state, { tls: options.tls, ...options.host ? { host: options.host } : {} });
  const s3 = await startS3StandIn(state, { tls: options.tls, ...options.host ? { host: options.host } : {} });
  return {
    state,
    sts,
    s3,
    roles: { agent, byId, reader },
    close: async () => {
      await Promise.all([sts.close(), s3.close()]);
    }
  };
}

// src/world/bearer-token.ts
function bearerToken(req) {
  const match = /^Bearer[ ]+(\S+)$/i.exec(String(req.headers.authorization ?? ""));
  return match?.[1];
}

// src/world/stand-in-server.ts
import { createServer as createServer3 } from "node:http";
import { createServer as createHttpsServer4 } from "node:https";
async function startStandInServer(handle, options = {}) {
  const listener = (req, res) => {
    handle(req, res).catch((error) => {
      if (res.headersSent) return res.destroy();
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(`stand-in failure: ${error.message}
`);
    });
  };
  const server = options.tls ? createHttpsServer4({ key: options.tls.keyPem, cert: options.tls.certPem }, listener) : createServer3(listener);
  const host = options.host ?? "127.0.0.1";
  await new Promise((resolve) => server.listen(options.port ?? 0, host, resolve));
  const port = server.address().port;
  return {
    url: `${options.tls ? "https" : "http"}://${host}:${port}`,
    port,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    })
  };
}

// src/world/azure/azure-state.ts
import { randomBytes as randomBytes8 } from "node:crypto";
var AZURE_TENANT_ID = "7f3b6c2e-1d4a-4e8b-9a55-0c2d8e1f4a77";
var AZURE_SUBSCRIPTION_ID = "5a1c9e0d-2b7f-4c3a-8d61-93e0f2b4c518";
var AZURE_FEDERATION_AUDIENCE = "api://AzureADTokenExchange";
function createAzureState(clock = Date.now) {
  return { clock, tenantId: AZURE_TENANT_ID, applications: /* @__PURE__ */ new Map(), tokens: /* @__PURE__ */ new Map(), resourceGroups: /* @__PURE__ */ new Map(), calls: [], managementResource: "" };
}
function newEntraAccessToken() {
  const header = Buffer.from(JSON.stringify({ typ: "JWT", alg: "RS256", kid: randomBytes8(8).toString("hex") })).toString("base64url");
  return `${header}.${randomBytes8(180).toString("base64url")}.${randomBytes8(256).toString("base64url")}`;
}

// src/world/azure/arm-stand-in.ts
var BODY_LIMIT4 = 64 * 1024;
var ROUTE = /^\/subscriptions\/([^/]+)\/resourcegroups(?:\/([^/]+))?$/i;
var ArmError = class extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
  status;
  code;
};
var groupJson = (name, location) => ({ id: `/subscriptions/${AZURE_SUBSCRIPTION_ID}/resourceGroups/${name}`, name, type: "Microsoft.Resources/resourceGroups", location, properties: { provisioningState: "Succeeded" } });
async function startArmStandIn(state, options = {}) {
  const server = await startStandInServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://management.local");
    const method = req.method ?? "GET";
    const bearer = bearerToken(req);
    let clientId;
    try {
      const token = bearer ? state.tokens.get(bearer) : void 0;
      if (!bearer) throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
      if (!token) throw new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.");
      if (token.expiresAt <= state.clock()) throw new ArmError(401, "ExpiredAuthenticationToken", "The access token expiry UTC time is earlier than current UTC time.");
      if (token.audience !== state.managementResource) throw new ArmError(401, "InvalidAuthenticationToken", `The access token has been obtained for wrong audience or resource '${token.audience}'. It should exactly match with one of the allowed audiences '${state.managementResource}'.`);
      clientId = token.clientId;
      const route = ROUTE.exec(url.pathname);
      if (!route) throw new ArmError(404, "InvalidResourceType", `The resource type could not be found for ${url.pathname}.`);
      if (!url.searchParams.get("api-version")) throw new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
      if (route[1] !== AZURE_SUBSCRIPTION_ID) throw new ArmError(404, "SubscriptionNotFound", `The subscription '${route[1]}' could not be found.`);
      const roles = state.applications.get(clientId)?.roles ?? [];
      const denied = (action) => new ArmError(403, "AuthorizationFailed", `The client '${clientId}' with object id '${clientId}' does not have authorization to perform action '${action}' over scope '/subscriptions/${AZURE_SUBSCRIPTION_ID}' or the scope is invalid.`);
      const record = () => state.calls.push({ service: "management", method, path: url.pathname, status: 200, ...bearer ? { bearer } : {}, clientId });
      if (method === "GET") {
        if (!roles.includes("Reader") && !roles.includes("Contributor")) throw denied("Microsoft.Resources/subscriptions/resourceGroups/read");
        if (route[2] === void 0) {
          record();
          return sendJson(res, 200, { value: [...state.resourceGroups.values()].map((g) => groupJson(g.name, g.location)) });
        }
        const group = state.resourceGroups.get(route[2].toLowerCase());
        if (!group) throw new ArmError(404, "ResourceGroupNotFound", `Resource group '${route[2]}' could not be found.`);
        record();
        return sendJson(res, 200, groupJson(group.name, group.location));
      }
      if (method === "PUT" && route[2] !== void 0) {
        if (!roles.includes("Contributor")) throw denied("Microsoft.Resources/subscriptions/resourceGroups/write");
        let location;
        try {
          location = JSON.parse((await readBody(req, BODY_LIMIT4)).toString("utf8")).location;
        } catch (error) {
          if (error instanceof BodyTooLargeError) throw new ArmError(413, "RequestEntityTooLarge", "The request body is too large.");
          throw new ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
        }
        if (typeof location !== "string") throw new ArmError(400, "LocationRequired", "The location property is required for this definition.");
        state.resourceGroups.set(route[2].toLowerCase(), { name: route[2], location });
        record();
        return sendJson(res, 201, groupJson(route[2], location));
      }
      throw new ArmError(405, "MethodNotAllowed", `${method} is not supported on ${url.pathname}.`);
    } catch (error) {
      if (!(error instanceof ArmError)) throw error;
      state.calls.push({ service: "management", method, path: url.pathname, status: error.status, error: error.code, ...bearer ? { bearer } : {}, ...clientId ? { clientId } : {} });
      sendJson(res, error.status, { error: { code: error.code, message: error.message } }, error.status === 401 ? { "www-authenticate": `Bearer authorization_uri="https://login.microsoftonline.com/${state.tenantId}", error="invalid_token"` } : {});
    }
  }, options);
  state.managementResource = server.url;
  return server;
}

// src/world/azure/entra-token-stand-in.ts
var JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
var TOKEN_LIFETIME_SECONDS = 3599;
var BODY_LIMIT5 = 64 * 1024;
var PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;
var EntraError = class extends Error {
  constructor(status, error, code, message) {
    super(`AADSTS${code}: ${message}`);
    this.status = status;
    this.error = error;
    this.code = code;
  }
  status;
  error;
  code;
};
var subjectMatches = (credential, sub) => credential.subject !== void 0 ? credential.subject === sub : credential.subjectPattern !== void 0 && globMatches(credential.subjectPattern, sub);
async function issue(state, tenant, form) {
  if (tenant !== state.tenantId) throw new EntraError(400, "invalid_request", 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  if (form.get("grant_type") !== "client_credentials") throw new EntraError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
  const clientId = form.get("client_id") ?? "";
  const app = state.applications.get(clientId);
  if (!app) throw new EntraError(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`);
  const scope = form.get("scope") ?? "";
  if (!scope.endsWith("/.default") || scope.includes(" ")) throw new EntraError(400, "invalid_scope", 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  const resource = scope.slice(0, -"/.default".length);
  if (resource !== state.managementResource) throw new EntraError(400, "invalid_resource", 500011, `The resource principal named ${resource} was not found in the tenant named ${tenant}.`);
  if (form.get("client_assertion_type") !== JWT_BEARER || !form.get("client_assertion")) throw new EntraError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  const assertion = form.get("client_assertion");
  let claims;
  try {
    claims = decodeJwt(assertion);
  } catch {
    throw new EntraError(400, "invalid_client", 50027, "JWT token is invalid or malformed.");
  }
  const issuer = String(claims.iss ?? "");
  const byIssuer = app.credentials.filter((c) => c.issuer === issuer);
  if (byIssuer.length === 0) throw new EntraError(400, "invalid_client", 700211, `No matching federated identity record found for presented assertion issuer '${issuer}'.`);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [String(claims.aud ?? "")];
  const byAudience = byIssuer.filter((c) => audiences.some((a) => c.audiences.includes(a)));
  if (byAudience.length === 0) throw new EntraError(400, "invalid_client", 700212, `No matching federated identity record found for presented assertion audience '${audiences.join(",")}'.`);
  const sub = String(claims.sub ?? "");
  const credential = byAudience.find((c) => subjectMatches(c, sub));
  if (!credential) throw new EntraError(400, "invalid_client", 700213, `No matching federated identity record found for presented assertion subject '${sub}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion.`);
  try {
    await jwtVerify(assertion, createLocalJWKSet(credential.jwks()), { algorithms: ["RS256"], issuer, requiredClaims: ["exp", "nbf"], currentDate: new Date(state.clock()) });
  } catch (error) {
    if (error instanceof errors_exports.JWTExpired || error instanceof errors_exports.JWTClaimValidationFailed && error.claim === "nbf") throw new EntraError(400, "invalid_client", 700024, "Client assertion is not within its valid time range.");
    throw new EntraError(401, "invalid_client", 700027, "Client assertion failed signature validation.");
  }
  const token = newEntraAccessToken();
  state.tokens.set(token, { clientId, audience: resource, expiresAt: state.clock() + TOKEN_LIFETIME_SECONDS * 1e3 });
  return { clientId, body: { token_type: "Bearer", expires_in: TOKEN_LIFETIME_SECONDS, ext_expires_in: TOKEN_LIFETIME_SECONDS, access_token: token } };
}
async function startEntraTokenStandIn(state, options = {}) {
  return startStandInServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://login.local").pathname;
    const match = PATH.exec(path);
    const form = new URLSearchParams();
    try {
      if (req.method !== "POST" || !match) throw new EntraError(404, "invalid_request", 900561, `${req.method ?? ""} ${path}: the endpoint only accepts POST requests to /{tenant}/oauth2/v2.0/token.`);
      let body;
      try {
        body = await readBody(req, BODY_LIMIT5);
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw new EntraError(413, "invalid_request", 90004, "Request body too large.");
        throw error;
      }
      if (!String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) throw new EntraError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
      for (const [k, v] of new URLSearchParams(body.toString("utf8"))) form.append(k, v);
      const issued = await issue(state, decodeURIComponent(match[1]), form);
      state.calls.push({ service: "login", method: "POST", path, status: 200, clientId: issued.clientId });
      sendJson(res, 200, issued.body);
    } catch (error) {
      if (!(error instanceof EntraError)) throw error;
      state.calls.push({ service: "login", method: req.method ?? "", path, status: error.status, error: `AADSTS${error.code}`, ...form.get("client_id") ? { clientId: form.get("client_id") } : {} });
      sendJson(res, error.status, { error: error.error, error_description: error.message, error_codes: [error.code], timestamp: new Date(state.clock()).toISOString() });
    }
  }, options);
}

// src/world/azure/azure-world.ts
async function startAzureWorld(options) {
  const state = createAzureState(options.clock);
  const federated = (extra) => ({ issuer: options.issuer, jwks: options.jwks, audiences: [AZURE_FEDERATION_AUDIENCE], ...extra });
  const apps = { agent: "0b6e8a3c-5f21-4d7e-9c48-1a2b3c4d5e6f", anyBranch: "9d2f4b6a-8c1e-4a3b-b5d7-6e8f0a1b2c3d", noCredential: "3c5e7a9b-1d2f-4e6a-8b0c-2d4f6a8c0e1b" };
  state.applications.set(apps.agent, { clientId: apps.agent, name: "airlock-agent", credentials: [federated({ subject: "repo:acme/widgets:ref:refs/heads/main" })], roles: ["Reader"] });
  state.applications.set(apps.anyBranch, { clientId: apps.anyBranch, name: "airlock-any-branch", credentials: [federated({ subjectPattern: "repo:acme/widgets:*" })], roles: ["Reader"] });
  state.applications.set(apps.noCredential, { clientId: apps.noCredential, name: "no-federation", credentials: [], roles: ["Contributor"] });
  state.resourceGroups.set("widgets-rg", { name: "widgets-rg", location: "westeurope" });
  const listen = { tls: options.tls, ...options.host ? { host: options.host } : {} };
  const [login, management] = await Promise.all([startEntraTokenStandIn(state, listen), startArmStandIn(state, listen)]);
  return {
    state,
    login,
    management,
    tenantId: state.tenantId,
    subscriptionId: AZURE_SUBSCRIPTION_ID,
    apps,
    close: async () => {
      await Promise.all([login.close(), management.close()]);
    }
  };
}

// src/world/gcp/gcp-state.ts
import { randomBytes as randomBytes9 } from "node:crypto";
var GCP_PROJECT_NUMBER = "424242424242";
var GCP_PROJECT_ID = "acme-widgets";
function createGcpState(clock = Date.now) {
  return { clock, providers: /* @__PURE__ */ new Map(), serviceAccounts: /* @__PURE__ */ new Map(), tokens: /* @__PURE__ */ new Map(), buckets: /* @__PURE__ */ new Map(), calls: [] };
}
function newGoogleAccessToken() {
  return `ya29.${randomBytes9(120).toString("base64url")}`;
}
var defaultProviderAudience = (provider) => `https://iam.googleapis.com/${provider}`;
function membersOf(token) {
  return token.kind === "service-account" ? [`serviceAccount:${token.email}`] : [token.principal, ...token.principalSets];
}

// src/world/gcp/gcp-sts-stand-in.ts
var TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
var JWT_TYPES = /* @__PURE__ */ new Set(["urn:ietf:params:oauth:token-type:jwt", "urn:ietf:params:oauth:token-type:id_token"]);
var ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
var FEDERATED_LIFETIME_SECONDS = 3600;
var BODY_LIMIT6 = 64 * 1024;
var StsRefusal = class extends Error {
  constructor(status, code, description) {
    super(description);
    this.status = status;
    this.code = code;
    this.description = description;
  }
  status;
  code;
  description;
};
var claim = (payload, name) => {
  const value = payload[name];
  return value === void 0 || value === null ? void 0 : String(value);
};
function fields(req, body) {
  const type = String(req.headers["content-type"] ?? "");
  const out = {};
  if (type.startsWith("application/json")) {
    let parsed;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw new StsRefusal(400, "invalid_request", "Invalid JSON payload received.");
    }
    for (const [k, v] of Object.entries(parsed ?? {})) if (typeof v === "string") out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
  } else for (const [k, v] of new URLSearchParams(body.toString("utf8"))) out[k] = v;
  return out;
}
async function exchange(state, f) {
  if (f.grant_type !== TOKEN_EXCHANGE) throw new StsRefusal(400, "unsupported_grant_type", `The grant_type parameter must be ${TOKEN_EXCHANGE}.`);
  if (!f.subject_token_type || !JWT_TYPES.has(f.subject_token_type)) throw new StsRefusal(400, "invalid_request", 'Invalid value for "subject_token_type".');
  if (f.requested_token_type !== void 0 && f.requested_token_type !== ACCESS_TOKEN_TYPE) throw new StsRefusal(400, "invalid_request", 'Invalid value for "requested_token_type".');
  if (!f.subject_token) throw new StsRefusal(400, "invalid_request", 'The "subject_token" parameter is required.');
  const name = (f.audience ?? "").replace(/^\/\/iam\.googleapis\.com\//, "");
  const provider = state.providers.get(name);
  if (!provider || !f.audience?.startsWith("//iam.googleapis.com/"))
    throw new StsRefusal(400, "invalid_target", `The target service indicated by the "audience" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn't exist.`);
  let payload;
  try {
    ({ payload } = await jwtVerify(f.subject_token, createLocalJWKSet(provider.jwks()), { algorithms: ["RS256"], issuer: provider.issuer, requiredClaims: ["exp", "iat"], currentDate: new Date(state.clock()) }));
  } catch (error) {
    if (error instanceof errors_exports.JWTExpired) throw new StsRefusal(400, "invalid_grant", "The ID Token has expired.");
    if (error instanceof errors_exports.JWTClaimValidationFailed && error.claim === "iss") throw new StsRefusal(400, "invalid_grant", `The issuer in ID Token does not match the expected issuer: ${provider.issuer}.`);
    throw new StsRefusal(400, "invalid_grant", "Invalid JWT signature.");
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ""];
  if (!audiences.some((a) => provider.allowedAudiences.includes(a))) throw new StsRefusal(400, "invalid_grant", `The audience in ID Token [${audiences.join(", ")}] does not match the expected audience.`);
  for (const [key, expected] of Object.entries(provider.condition)) {
    if (claim(payload, key) !== expected) throw new StsRefusal(400, "unauthorized_client", "The given credential is rejected by the attribute condition.");
  }
  const sub = claim(payload, "sub");
  if (!sub) throw new StsRefusal(400, "invalid_grant", "The mapped attribute google.subject must not be empty.");
  const token = newGoogleAccessToken();
  state.tokens.set(token, {
    kind: "federated",
    provider: provider.name,
    principal: `principal://iam.googleapis.com/${provider.pool}/subject/${sub}`,
    principalSets: provider.attributes.flatMap((a) => claim(payload, a) === void 0 ? [] : [`principalSet://iam.googleapis.com/${provider.pool}/attribute.${a}/${claim(payload, a)}`]),
    expiresAt: state.clock() + FEDERATED_LIFETIME_SECONDS * 1e3
  });
  return { access_token: token, issued_token_type: ACCESS_TOKEN_TYPE, token_type: "Bearer", expires_in: FEDERATED_LIFETIME_SECONDS };
}
async function startGcpStsStandIn(state, options = {}) {
  return startStandInServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://sts.local").pathname;
    const record = (status, error) => state.calls.push({ service: "sts", method: req.method ?? "", path, status, ...error ? { error } : {} });
    if (req.method !== "POST" || path !== "/v1/token") {
      record(404, "not-found");
      return sendJson(res, 404, { error: "not_found", error_description: `${req.method ?? ""} ${path} is not a Security Token Service method` });
    }
    try {
      let body;
      try {
        body = await readBody(req, BODY_LIMIT6);
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw new StsRefusal(413, "invalid_request", "Request body too large.");
        throw error;
      }
      const answer = await exchange(state, fields(req, body));
      record(200);
      sendJson(res, 200, answer);
    } catch (error) {
      if (!(error instanceof StsRefusal)) throw error;
      record(error.status, error.code);
      sendJson(res, error.status, { error: error.code, error_description: error.description });
    }
  }, options);
}

// src/world/gcp/gcs-stand-in.ts
var STORAGE_SCOPES = /* @__PURE__ */ new Set(["https://www.googleapis.com/auth/cloud-platform", "https://www.googleapis.com/auth/devstorage.read_only", "https://www.googleapis.com/auth/devstorage.read_write", "https://www.googleapis.com/auth/devstorage.full_control"]);
var BODY_LIMIT7 = 1024 * 1024;
var GcsError = class extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
  status;
};
var callerOf = (token) => token.kind === "service-account" ? token.email : token.principal;
function allowed(token, members) {
  if (token.kind === "service-account" && !token.scopes.some((s) => STORAGE_SCOPES.has(s))) return false;
  return membersOf(token).some((m) => members.includes(m));
}
async function startGcsStandIn(state, options = {}) {
  return startStandInServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://storage.local");
    const method = req.method ?? "GET";
    const bearer = bearerToken(req);
    let caller;
    try {
      const token = bearer ? state.tokens.get(bearer) : void 0;
      if (!token || token.expiresAt <= state.clock()) throw new GcsError(401, "Invalid Credentials");
      caller = callerOf(token);
      const read = /^\/storage\/v1\/b\/([^/]+)\/o(?:\/(.+))?$/.exec(url.pathname);
      const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
      const bucketName = decodeURIComponent((read ?? upload)?.[1] ?? "");
      const bucket = state.buckets.get(bucketName);
      if (!read && !upload) throw new GcsError(404, "Not Found");
      if (!bucket) throw new GcsError(404, "The specified bucket does not exist.");
      if (read && method === "GET") {
        if (!allowed(token, bucket.readers)) throw new GcsError(403, `${caller} does not have storage.objects.get access to the Google Cloud Storage object.`);
        if (read[2] === void 0) {
          const prefix = url.searchParams.get("prefix") ?? "";
          const items = [...bucket.objects].filter(([name2]) => name2.startsWith(prefix)).map(([name2, o]) => ({ kind: "storage#object", name: name2, bucket: bucket.name, size: String(o.body.length), contentType: o.contentType }));
          state.calls.push({ service: "storage", method, path: url.pathname, status: 200, ...bearer ? { bearer } : {}, caller });
          return sendJson(res, 200, { kind: "storage#objects", items });
        }
        const name = decodeURIComponent(read[2]);
        const object = bucket.objects.get(name);
        if (!object) throw new GcsError(404, `No such object: ${bucket.name}/${name}`);
        state.calls.push({ service: "storage", method, path: url.pathname, status: 200, ...bearer ? { bearer } : {}, caller });
        if (url.searchParams.get("alt") === "media") {
          res.writeHead(200, { "content-type": object.contentType, "content-length": object.body.length });
          return void res.end(object.body);
        }
        return sendJson(res, 200, { kind: "storage#object", name, bucket: bucket.name, size: String(object.body.length), contentType: object.contentType });
      }
      if (upload && method === "POST") {
        if (!allowed(token, bucket.writers)) throw new GcsError(403, `${caller} does not have storage.objects.create access to the Google Cloud Storage object.`);
        const name = url.searchParams.get("name");
        if (url.searchParams.get("uploadType") !== "media" || !name) throw new GcsError(400, "Upload requests must use uploadType=media and name.");
        let body;
        try {
          body = await readBody(req, BODY_LIMIT7);
        } catch (error) {
          if (error instanceof BodyTooLargeError) throw new GcsError(413, "Payload too large.");
          throw error;
        }
        const contentType = String(req.headers["content-type"] ?? "application/octet-stream");
        bucket.objects.set(name, { body, contentType });
        state.calls.push({ service: "storage", method, path: url.pathname, status: 200, ...bearer ? { bearer } : {}, caller });
        return sendJson(res, 200, { kind: "storage#object", name, bucket: bucket.name, size: String(body.length), contentType });
      }
      throw new GcsError(405, `${method} is not supported here`);
    } catch (error) {
      if (!(error instanceof GcsError)) throw error;
      state.calls.push({ service: "storage", method, path: url.pathname, status: error.status, error: error.message, ...bearer ? { bearer } : {}, ...caller ? { caller } : {} });
      sendJson(res, error.status, { error: { code: error.status, message: error.message, errors: [{ message: error.message, domain: "global", reason: error.status === 401 ? "authError" : "forbidden" }] } }, error.status === 401 ? { "www-authenticate": 'Bearer realm="https://accounts.google.com/"' } : {});
    }
  }, options);
}

// src/world/gcp/iam-credentials-stand-in.ts
var PATH2 = /^\/v1\/projects\/-\/serviceAccounts\/([^/:]+):generateAccessToken$/;
var MAX_LIFETIME_SECONDS = 3600;
var BODY_LIMIT8 = 64 * 1024;
var IamError = class extends Error {
  constructor(status, reason, message) {
    super(message);
    this.status = status;
    this.reason = reason;
  }
  status;
  reason;
};
async function startIamCredentialsStandIn(state, options = {}) {
  return startStandInServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://iamcredentials.local").pathname;
    const bearer = bearerToken(req);
    let caller;
    try {
      const match = PATH2.exec(path);
      if (req.method !== "POST" || !match) throw new IamError(404, "NOT_FOUND", `${req.method ?? ""} ${path} is not a Service Account Credentials method`);
      const token = bearer ? state.tokens.get(bearer) : void 0;
      if (!token || token.expiresAt <= state.clock()) throw new IamError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
      caller = token.kind === "service-account" ? token.email : token.principal;
      const email = decodeURIComponent(match[1]);
      const account = state.serviceAccounts.get(email);
      if (!account || !membersOf(token).some((m) => account.workloadIdentityUsers.includes(m))) throw new IamError(403, "PERMISSION_DENIED", "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).");
      let body;
      try {
        body = JSON.parse((await readBody(req, BODY_LIMIT8)).toString("utf8"));
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw new IamError(413, "INVALID_ARGUMENT", "Request body too large.");
        throw new IamError(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
      }
      const { scope, lifetime } = body ?? {};
      if (!Array.isArray(scope) || scope.length === 0 || !scope.every((s) => typeof s === "string")) throw new IamError(400, "INVALID_ARGUMENT", "Scope required.");
      const seconds = lifetime === void 0 ? MAX_LIFETIME_SECONDS : typeof lifetime === "string" && /^\d+(?:\.\d+)?s$/.test(lifetime) ? Number(lifetime.slice(0, -1)) : NaN;
      if (!(seconds > 0 && seconds <= MAX_LIFETIME_SECONDS)) throw new IamError(400, "INVALID_ARGUMENT", `The lifetime must be a duration of at most ${MAX_LIFETIME_SECONDS}s.`);
      const accessToken = newGoogleAccessToken();
      const expiresAt = state.clock() + seconds * 1e3;
      state.tokens.set(accessToken, { kind: "service-account", email, scopes: scope, lifetimeSeconds: seconds, expiresAt });
      state.calls.push({ service: "iamcredentials", method: "POST", path, status: 200, ...bearer ? { bearer } : {}, caller });
      sendJson(res, 200, { accessToken, expireTime: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z") });
    } catch (error) {
      if (!(error instanceof IamError)) throw error;
      state.calls.push({ service: "iamcredentials", method: req.method ?? "", path, status: error.status, error: error.reason, ...bearer ? { bearer } : {}, ...caller ? { caller } : {} });
      sendJson(res, error.status, { error: { code: error.status, message: error.message, status: error.reason } });
    }
  }, options);
}

// src/world/gcp/gcp-world.ts
var GCP_BUCKET = "acme-widgets-data";
async function startGcpWorld(options) {
  const state = createGcpState(options.clock);
  const pool = `projects/${GCP_PROJECT_NUMBER}/locations/global/workloadIdentityPools/github`;
  const attributes = ["repository", "repository_id", "repository_owner", "repository_owner_id"];
  const provider = (id, condition) => {
    const name = `${pool}/providers/${id}`;
    state.providers.set(name, { name, pool, issuer: options.issuer, jwks: options.jwks, allowedAudiences: [defaultProviderAudience(name)], attributes, condition });
    return name;
  };
  const github = provider("acme", { repository_owner_id: String(options.ids.ownerId) });
  const widgetsOnly = provider("acme-widgets", { repository_owner_id: String(options.ids.ownerId), repository_id: String(options.ids.repositoryId) });
  const repositoryMember = `principalSet://iam.googleapis.com/${pool}/attribute.repository/acme/widgets`;
  const agent = `airlock-agent@${GCP_PROJECT_ID}.iam.gserviceaccount.com`;
  const unbound = `deployer@${GCP_PROJECT_ID}.iam.gserviceaccount.com`;
  state.serviceAccounts.set(agent, { email: agent, workloadIdentityUsers: [repositoryMember] });
  state.serviceAccounts.set(unbound, { email: unbound, workloadIdentityUsers: [] });
  state.buckets.set(GCP_BUCKET, {
    name: GCP_BUCKET,
    objects: /* @__PURE__ */ new Map([["build.txt", { body: Buffer.from("build 41: all green (gcs)\n"), contentType: "text/plain" }]]),
    readers: [`serviceAccount:${agent}`, repositoryMember],
    writers: [`serviceAccount:${agent}`]
  });
  const listen = { tls: options.tls, ...options.host ? { host: options.host } : {} };
  const [sts, iamCredentials, storage] = await Promise.all([startGcpStsStandIn(state, listen), startIamCredentialsStandIn(state, listen), startGcsStandIn(state, listen)]);
  return {
    state,
    sts,
    iamCredentials,
    storage,
    providers: { github, widgetsOnly },
    serviceAccounts: { agent, unbound },
    repositoryMember,
    close: async () => {
      await Promise.all([sts.close(), iamCredentials.close(), storage.close()]);
    }
  };
}

// src/world/vault/seed-vault.ts
import { randomBytes as randomBytes10 } from "node:crypto";
function seedVault(vault, options) {
  vault.configure.policy("airlock-ci", {
    path: {
      "secret/data/ci/*": { capabilities: ["read"] },
      "database/creds/ci": { capabilities: ["read"] },
      "sys/leases/revoke": { capabilities: ["update"] },
      "auth/token/revoke-accessor": { capabilities: ["update"] }
    }
  });
  vault.configure.jwtRole("airlock-ci", {
    role_type: "jwt",
    bound_audiences: options.audience,
    bound_claims_type: "glob",
    bound_claims: { repository: options.repository, ref: options.ref ?? "refs/heads/main" },
    user_claim: "repository",
    token_policies: "airlock-ci",
    token_ttl: "15m",
    token_max_ttl: "1h"
  });
  const npm = `npm_${randomBytes10(18).toString("base64url")}`;
  const deployKey = ["-----BEGIN TEST KEY-----", randomBytes10(24).toString("base64"), randomBytes10(24).toString("base64"), "-----END TEST KEY-----"].join("\n");
  vault.configure.kv("ci/npm", { token: npm });
  vault.configure.kv("ci/deploy", { key: deployKey });
  vault.configure.databaseRole("ci", { ttl: "5m", maxTtl: "1h" });
  return {
    mount: "jwt",
    role: "airlock-ci",
    secretsInput: ["secret/data/ci/npm token | NPM_TOKEN", "secret/data/ci/deploy key | DEPLOY_KEY", "database/creds/ci username | DB_USER", "database/creds/ci password | DB_PASSWORD"].join("\n"),
    kvValues: [npm, deployKey]
  };
}

// src/world/vault/vault-server.ts
import { randomBytes as randomBytes12, randomUUID as randomUUID4 } from "node:crypto";
import { createServer as createServer4 } from "node:http";

// src/world/vault/vault-acl.ts
var CAPABILITIES = ["create", "read", "update", "patch", "delete", "list", "sudo", "deny"];
var DEFAULT_POLICY = {
  name: "default",
  rules: /* @__PURE__ */ new Map([
    ["auth/token/lookup-self", /* @__PURE__ */ new Set(["read"])],
    ["auth/token/renew-self", /* @__PURE__ */ new Set(["update"])],
    ["auth/token/revoke-self", /* @__PURE__ */ new Set(["update"])],
    ["sys/capabilities-self", /* @__PURE__ */ new Set(["update"])],
    ["sys/leases/lookup", /* @__PURE__ */ new Set(["update"])],
    ["sys/leases/renew", /* @__PURE__ */ new Set(["update"])],
    ["sys/renew", /* @__PURE__ */ new Set(["update"])]
  ])
};
function parsePolicyDocument(name, document) {
  let doc = document;
  if (typeof doc === "string") {
    try {
      doc = JSON.parse(doc);
    } catch {
      return 'failed to parse policy: only the JSON form is supported by this stand-in ({"path": {"<path>": {"capabilities": [...]}}})';
    }
  }
  const paths = doc?.path;
  if (typeof paths !== "object" || paths === null || Array.isArray(paths)) return 'failed to parse policy: expected an object under "path"';
  const rules = /* @__PURE__ */ new Map();
  for (const [path, rule] of Object.entries(paths)) {
    const capabilities = rule?.capabilities;
    if (!Array.isArray(capabilities)) return `failed to parse policy: path "${path}" has no capabilities list`;
    const set = /* @__PURE__ */ new Set();
    for (const capability of capabilities) {
      if (!CAPABILITIES.includes(capability)) return `failed to parse policy: invalid capability "${String(capability)}" on path "${path}"`;
      set.add(capability);
    }
    if (path.slice(0, -1).includes("*")) return `failed to parse policy: path "${path}": "*" is only allowed at the end`;
    rules.set(path, set);
  }
  return { name, rules };
}
function ruleMatches(rule, path) {
  const glob = rule.endsWith("*");
  const fixed = glob ? rule.slice(0, -1) : rule;
  const escape = (segment) => segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const body = fixed.split("/").map((segment) => segment === "+" ? "[^/]+" : escape(segment)).join("/");
  return new RegExp(`^${body}${glob ? "[\\s\\S]*" : ""}$`).test(path);
}
function firstWildcard(rule) {
  const plus = rule.split("/").findIndex((segment) => segment === "+");
  const plusAt = plus === -1 ? Infinity : rule.split("/").slice(0, plus).join("/").length + (plus > 0 ? 1 : 0);
  const starAt = rule.endsWith("*") ? rule.length - 1 : Infinity;
  return Math.min(plusAt, starAt);
}
function comparePriority(a, b) {
  const wa = firstWildcard(a);
  const wb = firstWildcard(b);
  if (wa !== wb) return wa > wb ? 1 : -1;
  const ga = a.endsWith("*");
  const gb = b.endsWith("*");
  if (ga !== gb) return ga ? -1 : 1;
  const pa = a.split("/").filter((s) => s === "+").length;
  const pb = b.split("/").filter((s) => s === "+").length;
  if (pa !== pb) return pa > pb ? -1 : 1;
  if (a.length !== b.length) return a.length > b.length ? 1 : -1;
  return a === b ? 0 : a > b ? 1 : -1;
}
function grantedCapabilities(policies, path) {
  const merged = /* @__PURE__ */ new Map();
  for (const policy of policies) {
    for (const [rule, capabilities] of policy.rules) {
      const set = merged.get(rule) ?? /* @__PURE__ */ new Set();
      for (const capability of capabilities) set.add(capability);
      merged.set(rule, set);
    }
  }
  let best;
  for (const rule of merged.keys()) if (ruleMatches(rule, path) && (best === void 0 || comparePriority(rule, best) > 0)) best = rule;
  const granted = best === void 0 ? /* @__PURE__ */ new Set() : merged.get(best);
  return granted.has("deny") ? /* @__PURE__ */ new Set() : granted;
}

// src/world/vault/vault-duration.ts
function parseVaultDuration(value) {
  if (value === void 0 || value === null || value === "") return 0;
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : void 0;
  if (typeof value !== "string") return void 0;
  if (/^\d+$/.test(value)) return Number(value);
  const unitSeconds = { s: 1, m: 60, h: 3600, d: 86400 };
  const parts = value.match(/^(?:\d+[smhd])+$/) ? value.match(/\d+[smhd]/g) : null;
  if (!parts) return void 0;
  return parts.reduce((total, part) => total + Number(part.slice(0, -1)) * unitSeconds[part.slice(-1)], 0);
}

// src/world/vault/vault-glob.ts
function vaultGlobMatch(pattern, value) {
  if (pattern === "*") return true;
  const parts = pattern.split("*");
  if (parts.length === 1) return pattern === value;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!value.startsWith(first) || value.length < first.length + last.length) return false;
  let cursor = first.length;
  const end = value.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const at = value.indexOf(middle, cursor);
    if (at === -1 || at + middle.length > end) return false;
    cursor = at + middle.length;
  }
  return value.endsWith(last);
}

// src/world/vault/jwt-role.ts
var commaList = (value) => {
  if (value === void 0 || value === null) return [];
  if (typeof value === "string") return value.split(",").map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
  return void 0;
};
function parseJwtRole(body) {
  const roleType = body.role_type ?? "oidc";
  if (roleType !== "jwt" && roleType !== "oidc") return `invalid 'role_type': ${String(roleType)}`;
  const boundAudiences = commaList(body.bound_audiences);
  if (!boundAudiences) return "invalid 'bound_audiences': expected a string or a list of strings";
  const boundSubject = body.bound_subject ?? "";
  if (typeof boundSubject !== "string") return "invalid 'bound_subject': expected a string";
  const boundClaimsType = body.bound_claims_type ?? "string";
  if (boundClaimsType !== "string" && boundClaimsType !== "glob") return `invalid 'bound_claims_type': ${String(boundClaimsType)}`;
  const boundClaims = {};
  const rawClaims = body.bound_claims ?? {};
  if (typeof rawClaims !== "object" || rawClaims === null || Array.isArray(rawClaims)) return "invalid 'bound_claims': expected a map";
  for (const [claim2, raw] of Object.entries(rawClaims)) {
    const values = Array.isArray(raw) ? raw : [raw];
    const parsed = [];
    for (const value of values) {
      if (typeof value === "string" && body.disable_bound_claims_parsing !== true) parsed.push(...value.split(",").map((s) => s.trim()));
      else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") parsed.push(value);
      else return `invalid 'bound_claims' value for "${claim2}": expected a string, number, bool or list of them`;
    }
    if (boundClaimsType === "glob" && parsed.some((v) => typeof v !== "string")) return `bound claim is not a string or list of strings for "${claim2}" with bound_claims_type glob`;
    boundClaims[claim2] = parsed;
  }
  const userClaim = body.user_claim;
  if (typeof userClaim !== "string" || userClaim === "") return "a user claim must be defined on the role";
  const tokenPolicies = commaList(body.token_policies ?? body.policies);
  if (!tokenPolicies) return "invalid 'token_policies': expected a string or a list of strings";
  const tokenTtl = parseVaultDuration(body.token_ttl ?? body.ttl);
  const tokenMaxTtl = parseVaultDuration(body.token_max_ttl ?? body.max_ttl);
  if (tokenTtl === void 0 || tokenMaxTtl === void 0) return "invalid 'token_ttl' or 'token_max_ttl': expected seconds or a duration such as 10m";
  if (tokenMaxTtl > 0 && tokenTtl > tokenMaxTtl) return "ttl should not be greater than max ttl";
  const tokenNumUses = body.token_num_uses ?? body.num_uses ?? 0;
  if (typeof tokenNumUses !== "number" || !Number.isInteger(tokenNumUses) || tokenNumUses < 0) return "invalid 'token_num_uses': expected a non-negative integer";
  if (roleType === "jwt" && boundAudiences.length === 0 && boundSubject === "" && Object.keys(boundClaims).length === 0) {
    return "must have at least one bound constraint when creating/updating a role";
  }
  return {
    roleType,
    boundAudiences,
    boundSubject,
    boundClaims,
    boundClaimsType,
    userClaim,
    tokenTtl,
    tokenMaxTtl,
    tokenNumUses,
    tokenPolicies,
    tokenNoDefaultPolicy: body.token_no_default_policy === true
  };
}
function roleToJson(role) {
  return {
    role_type: role.roleType,
    bound_audiences: role.boundAudiences,
    bound_subject: role.boundSubject,
    bound_claims: Object.keys(role.boundClaims).length ? role.boundClaims : null,
    bound_claims_type: role.boundClaimsType,
    user_claim: role.userClaim,
    token_ttl: role.tokenTtl,
    token_max_ttl: role.tokenMaxTtl,
    token_num_uses: role.tokenNumUses,
    token_policies: role.tokenPolicies,
    token_no_default_policy: role.tokenNoDefaultPolicy
  };
}
function claimValues(value) {
  const list = Array.isArray(value) ? value : [value];
  return list.every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean") ? list : void 0;
}
function checkRoleBindings(role, claims) {
  if (role.roleType !== "jwt") return "role with oidc role_type is not allowed";
  const audiences = claims.aud === void 0 ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (role.boundAudiences.length === 0) {
    if (audiences.length > 0) return "error validating token: audience claim found in JWT but no audiences bound to the role";
  } else if (!role.boundAudiences.some((bound) => audiences.includes(bound))) {
    return "error validating token: invalid audience (aud) claim: audience claim does not match any expected audience";
  }
  if (role.boundSubject !== "" && claims.sub !== role.boundSubject) return "error validating token: invalid subject (sub) claim";
  for (const [claim2, expected] of Object.entries(role.boundClaims)) {
    if (claims[claim2] === void 0 || claims[claim2] === null) return `error validating claims: claim "${claim2}" is missing`;
    const actual = claimValues(claims[claim2]);
    if (!actual) return `error validating claims: received claim is not a string, bool, int or list: ${claim2}`;
    const found = expected.some(
      (exp) => actual.some((act) => role.boundClaimsType === "glob" ? typeof act === "string" && vaultGlobMatch(exp, act) : act === exp)
    );
    if (!found) return `error validating claims: claim "${claim2}" does not match any associated bound claim values`;
  }
  const user = claims[role.userClaim];
  if (user === void 0) return `"${role.userClaim}" claim not found in token`;
  if (typeof user !== "string" && typeof user !== "number") return `"${role.userClaim}" claim could not be converted to string`;
  return void 0;
}

// src/world/vault/vault-state.ts
import { randomBytes as randomBytes11 } from "node:crypto";
var SYSTEM_MAX_TTL = 768 * 3600;
function normalizeNamespace(path) {
  return (path ?? "").split("/").filter(Boolean).join("/");
}
function newNamespace(path) {
  return { path, policies: /* @__PURE__ */ new Map([["default", DEFAULT_POLICY]]), jwtMounts: /* @__PURE__ */ new Map([["jwt", /* @__PURE__ */ new Map()]]), kv: /* @__PURE__ */ new Map(), databaseRoles: /* @__PURE__ */ new Map() };
}
function createVaultState(clock) {
  const state = { clock, namespaces: /* @__PURE__ */ new Map([["", newNamespace("")]]), tokens: /* @__PURE__ */ new Map(), leases: /* @__PURE__ */ new Map(), rootToken: "" };
  const root = issueToken(state, { namespace: "", policies: ["root"], ttl: 0, maxTtl: 0, numUses: 0, displayName: "root", meta: {}, path: "auth/token/root" });
  root.expiresAt = Infinity;
  state.rootToken = root.id;
  return state;
}
function ensureNamespace(state, path) {
  const normalized = normalizeNamespace(path);
  const segments = normalized.split("/").filter(Boolean);
  for (let i = 1; i <= segments.length; i++) {
    const prefix = segments.slice(0, i).join("/");
    if (!state.namespaces.has(prefix)) state.namespaces.set(prefix, newNamespace(prefix));
  }
  return state.namespaces.get(normalized);
}
var randomId = (bytes) => randomBytes11(bytes).toString("base64url");
function issueToken(state, options) {
  const now = state.clock();
  const cap = options.maxTtl > 0 ? Math.min(options.maxTtl, SYSTEM_MAX_TTL) : SYSTEM_MAX_TTL;
  let ttl = Math.min(options.ttl > 0 ? options.ttl : SYSTEM_MAX_TTL, cap);
  if (options.parent && options.parent.expiresAt !== Infinity) ttl = Math.min(ttl, Math.floor((options.parent.expiresAt - now) / 1e3));
  const token = {
    id: `hvs.${randomId(24)}`,
    accessor: randomId(18),
    namespace: options.namespace,
    policies: options.policies,
    displayName: options.displayName,
    meta: options.meta,
    createdAt: now,
    expiresAt: now + ttl * 1e3,
    creationTtl: ttl,
    explicitMaxTtl: options.maxTtl,
    numUses: options.numUses,
    parent: options.parent?.id,
    children: /* @__PURE__ */ new Set(),
    leases: /* @__PURE__ */ new Set(),
    path: options.path
  };
  state.tokens.set(token.id, token);
  options.parent?.children.add(token.id);
  return token;
}
function issueLease(state, token, path, ttl) {
  const now = state.clock();
  const expiresAt = Math.min(now + ttl * 1e3, token.expiresAt);
  const lease = { id: `${path}/${randomId(18)}`, namespace: token.namespace, tokenId: token.id, issuedAt: now, expiresAt, renewable: true };
  state.leases.set(lease.id, lease);
  token.leases.add(lease.id);
  return lease;
}
function revokeLease(state, leaseId) {
  const lease = state.leases.get(leaseId);
  if (!lease) return false;
  state.leases.delete(leaseId);
  state.tokens.get(lease.tokenId)?.leases.delete(leaseId);
  return true;
}
function revokeToken2(state, tokenId) {
  const token = state.tokens.get(tokenId);
  if (!token) return;
  for (const child of [...token.children]) revokeToken2(state, child);
  for (const leaseId of [...token.leases]) revokeLease(state, leaseId);
  state.tokens.delete(tokenId);
  if (token.parent) state.tokens.get(token.parent)?.children.delete(tokenId);
}
function sweepExpired(state) {
  const now = state.clock();
  for (const token of [...state.tokens.values()]) if (token.expiresAt <= now) revokeToken2(state, token.id);
  for (const lease of [...state.leases.values()]) if (lease.expiresAt <= now) revokeLease(state, lease.id);
}
function snapshotVault(state) {
  sweepExpired(state);
  const iso5 = (ms) => ms === Infinity ? "never" : new Date(ms).toISOString();
  const tokens = [...state.tokens.values()].filter((t) => t.id !== state.rootToken);
  const leases = [...state.leases.values()];
  return {
    liveTokens: tokens.length,
    liveLeases: leases.length,
    tokens: tokens.map((t) => ({
      accessor: t.accessor,
      namespace: t.namespace,
      policies: t.policies,
      expiresAt: iso5(t.expiresAt),
      numUses: t.numUses,
      ...t.parent ? { parentAccessor: state.tokens.get(t.parent)?.accessor } : {}
    })),
    leases: leases.map((l) => ({ leaseId: l.id, namespace: l.namespace, expiresAt: iso5(l.expiresAt), tokenAccessor: state.tokens.get(l.tokenId)?.accessor ?? "" }))
  };
}

// src/world/vault/vault-server.ts
var CLOCK_LEEWAY_SECONDS = 60;
var BODY_LIMIT9 = 64 * 1024;
var fail = (status, ...messages) => ({ status, body: { errors: messages } });
var PERMISSION_DENIED = fail(403, "permission denied");
var INVALID_TOKEN = fail(403, "permission denied", "invalid token");
var noRoute = (path) => fail(404, `no handler for route "${path}". route entry not found.`);
var envelope = (fields2) => ({
  request_id: randomUUID4(),
  lease_id: "",
  renewable: false,
  lease_duration: 0,
  data: null,
  wrap_info: null,
  warnings: null,
  auth: null,
  ...fields2
});
function authBlock(token, extra = {}) {
  return {
    client_token: token.id,
    accessor: token.accessor,
    policies: token.policies,
    token_policies: token.policies,
    metadata: token.meta,
    lease_duration: token.creationTtl,
    renewable: true,
    entity_id: "",
    token_type: "service",
    orphan: token.parent === void 0,
    num_uses: token.numUses,
    ...extra
  };
}
function joseReason(error) {
  if (error instanceof errors_exports.JWTExpired) return "token is expired (exp)";
  if (error instanceof errors_exports.JWTClaimValidationFailed) return `invalid ${error.claim} claim: ${error.reason}`;
  if (error instanceof errors_exports.JWKSNoMatchingKey || error instanceof errors_exports.JWSSignatureVerificationFailed) return "failed to verify id token signature";
  if (error instanceof errors_exports.JOSEAlgNotAllowed) return "unsupported signing algorithm";
  if (error instanceof errors_exports.JOSEError) return `token is malformed (${error.code})`;
  return "failed to fetch keys from the issuer";
}
async function startVaultServer(options) {
  const clock = options.clock ?? Date.now;
  const state = createVaultState(clock);
  const jwks = createRemoteJWKSet(new URL(`${options.oidcIssuer}/.well-known/jwks`));
  const faults = [];
  const issued = [];
  const writePolicy = (ns, name, document) => {
    if (name === "root" || name === "default") return `cannot update "${name}" policy`;
    const policy = parsePolicyDocument(name, document);
    if (typeof policy === "string") return policy;
    ns.policies.set(name, policy);
    return void 0;
  };
  const writeRole = (ns, mount, name, body) => {
    const role = parseJwtRole(body);
    if (typeof role === "string") return role;
    const roles = ns.jwtMounts.get(mount) ?? /* @__PURE__ */ new Map();
    roles.set(name, role);
    ns.jwtMounts.set(mount, roles);
    return void 0;
  };
  const writeKv = (ns, path, data) => {
    const versions = ns.kv.get(path) ?? [];
    const version = versions.length + 1;
    versions.push({ data: structuredClone(data), createdAt: clock(), version });
    ns.kv.set(path, versions);
    return version;
  };
  const writeDatabaseRole = (ns, name, body) => {
    const defaultTtl = parseVaultDuration(body.default_ttl);
    const maxTtl = parseVaultDuration(body.max_ttl);
    if (defaultTtl === void 0 || maxTtl === void 0) return "invalid default_ttl or max_ttl";
    ns.databaseRoles.set(name, { defaultTtl, maxTtl });
    return void 0;
  };
  const login = async (ns, mount, body) => {
    const roles = ns.jwtMounts.get(mount);
    if (!roles) return noRoute(`auth/${mount}/login`);
    const jwt = body.jwt;
    const roleName = body.role;
    if (typeof jwt !== "string" || jwt === "") return fail(400, "missing token");
    if (typeof roleName !== "string" || roleName === "") return fail(400, "missing role");
    const role = roles.get(roleName);
    if (!role) return fail(400, `role "${roleName}" could not be found`);
    let claims;
    try {
      ({ payload: claims } = await jwtVerify(jwt, jwks, {
        issuer: options.oidcIssuer,
        algorithms: ["RS256"],
        clockTolerance: CLOCK_LEEWAY_SECONDS,
        currentDate: new Date(clock())
      }));
    } catch (error) {
      return fail(400, `error validating token: ${joseReason(error)}`);
    }
    const refusal = checkRoleBindings(role, claims);
    if (refusal) return fail(400, refusal);
    const policies = [.../* @__PURE__ */ new Set([...role.tokenPolicies, ...role.tokenNoDefaultPolicy ? [] : ["default"]])].sort();
    const token = issueToken(state, {
      namespace: ns.path,
      policies,
      ttl: role.tokenTtl,
      maxTtl: role.tokenMaxTtl,
      numUses: role.tokenNumUses,
      displayName: `${mount}-${String(claims[role.userClaim])}`,
      meta: { role: roleName },
      path: `auth/${mount}/login`
    });
    return { status: 200, body: envelope({ auth: authBlock(token) }) };
  };
  const createChildToken = (ns, parent, body) => {
    const isRoot = parent.policies.includes("root");
    const requested = Array.isArray(body.policies) ? body.policies.filter((p) => typeof p === "string") : parent.policies.filter((p) => p !== "root");
    if (!isRoot && requested.some((p) => p !== "default" && !parent.policies.includes(p))) return fail(400, "child policies must be subset of parent");
    const ttl = parseVaultDuration(body.ttl);
    const maxTtl = parseVaultDuration(body.explicit_max_ttl);
    const numUses = body.num_uses ?? 0;
    if (ttl === void 0 || maxTtl === void 0 || typeof numUses !== "number" || numUses < 0) return fail(400, "invalid ttl, explicit_max_ttl or num_uses");
    const policies = [.../* @__PURE__ */ new Set([...requested, ...body.no_default_policy === true ? [] : ["default"]])].sort();
    const token = issueToken(state, {
      namespace: ns.path,
      policies,
      ttl,
      maxTtl,
      numUses,
      displayName: typeof body.display_name === "string" ? `token-${body.display_name}` : "token",
      meta: {},
      path: "auth/token/create",
      parent
    });
    return { status: 200, body: envelope({ auth: authBlock(token) }) };
  };
  const leaseInfo = (leaseId, ns) => {
    const lease = state.leases.get(leaseId);
    return lease && lease.namespace === ns.path ? lease : void 0;
  };
  const route = (ns, token, method, path, list, body) => {
    const policies = token.policies.map((name) => ns.policies.get(name)).filter((p) => p !== void 0);
    const root = token.policies.includes("root");
    const allowed2 = (aclPath, ...capabilities) => {
      if (root) return true;
      const granted = grantedCapabilities(policies, aclPath);
      return capabilities.some((c) => granted.has(c));
    };
    const isRead = method === "GET" && !list;
    const isWrite = method === "POST" || method === "PUT";
    let match;
    if (path === "auth/token/lookup-self" && (isRead || isWrite)) {
      if (!allowed2(path, "read")) return PERMISSION_DENIED;
      const now = clock();
      return {
        status: 200,
        body: envelope({
          data: {
            accessor: token.accessor,
            creation_time: Math.floor(token.createdAt / 1e3),
            creation_ttl: token.creationTtl,
            display_name: token.displayName,
            expire_time: token.expiresAt === Infinity ? null : new Date(token.expiresAt).toISOString(),
            explicit_max_ttl: token.explicitMaxTtl,
            id: token.id,
            meta: token.meta,
            namespace_path: ns.path ? `${ns.path}/` : "",
            num_uses: token.numUses,
            orphan: token.parent === void 0,
            path: token.path,
            policies: token.policies,
            ttl: token.expiresAt === Infinity ? 0 : Math.max(0, Math.floor((token.expiresAt - now) / 1e3)),
            type: "service"
          }
        })
      };
    }
    if (path === "auth/token/revoke-self" && isWrite) {
      if (!allowed2(path, "update")) return PERMISSION_DENIED;
      revokeToken2(state, token.id);
      return { status: 204 };
    }
    if (path === "auth/token/revoke-accessor" && isWrite) {
      if (!allowed2(path, "update")) return PERMISSION_DENIED;
      const target = [...state.tokens.values()].find((t) => t.accessor === body.accessor && t.namespace === ns.path);
      if (!target) return fail(400, "invalid accessor");
      revokeToken2(state, target.id);
      return { status: 204 };
    }
    if (path === "auth/token/create" && isWrite) {
      if (!allowed2(path, "create", "update")) return PERMISSION_DENIED;
      return createChildToken(ns, token, body);
    }
    if (match = path.match(/^auth\/([^/]+)\/role\/([^/]+)$/)) {
      const [, mount, name] = match;
      if (isWrite) {
        if (!allowed2(path, "create", "update")) return PERMISSION_DENIED;
        const error = writeRole(ns, mount, name, body);
        return error ? fail(400, error) : { status: 204 };
      }
      if (isRead) {
        if (!allowed2(path, "read")) return PERMISSION_DENIED;
        const role = ns.jwtMounts.get(mount)?.get(name);
        return role ? { status: 200, body: envelope({ data: roleToJson(role) }) } : fail(404);
      }
    }
    if ((match = path.match(/^sys\/(?:policies\/acl|policy)\/([^/]+)$/)) && isWrite) {
      if (!allowed2(path, "create", "update")) return PERMISSION_DENIED;
      const error = writePolicy(ns, match[1], body.policy);
      return error ? fail(400, error) : { status: 204 };
    }
    if ((match = path.match(/^sys\/namespaces\/(.+)$/)) && isWrite) {
      if (!allowed2(path, "create", "update")) return PERMISSION_DENIED;
      const created = ensureNamespace(state, [ns.path, match[1]].filter(Boolean).join("/"));
      return { status: 200, body: envelope({ data: { path: `${created.path}/` } }) };
    }
    if (match = path.match(/^secret\/data\/(.+)$/)) {
      const secretPath = match[1];
      const versions = ns.kv.get(secretPath);
      if (isRead) {
        if (!allowed2(path, "read")) return PERMISSION_DENIED;
        if (!versions) return fail(404);
        const current = versions[versions.length - 1];
        return {
          status: 200,
          body: envelope({
            data: {
              data: current.data,
              metadata: { created_time: new Date(current.createdAt).toISOString(), custom_metadata: null, deletion_time: "", destroyed: false, version: current.version }
            }
          })
        };
      }
      if (isWrite) {
        if (!allowed2(path, versions ? "update" : "create")) return PERMISSION_DENIED;
        const data = body.data;
        if (typeof data !== "object" || data === null || Array.isArray(data)) return fail(400, "no data provided");
        const version = writeKv(ns, secretPath, data);
        return { status: 200, body: envelope({ data: { created_time: new Date(clock()).toISOString(), deletion_time: "", destroyed: false, version } }) };
      }
    }
    if ((match = path.match(/^database\/roles\/([^/]+)$/)) && isWrite) {
      if (!allowed2(path, "create", "update")) return PERMISSION_DENIED;
      const error = writeDatabaseRole(ns, match[1], body);
      return error ? fail(400, error) : { status: 204 };
    }
    if ((match = path.match(/^database\/creds\/([^/]+)$/)) && isRead) {
      if (!allowed2(path, "read")) return PERMISSION_DENIED;
      const roleName = match[1];
      const role = ns.databaseRoles.get(roleName);
      if (!role) return fail(400, `unknown role: ${roleName}`);
      const cap = role.maxTtl > 0 ? role.maxTtl : SYSTEM_MAX_TTL;
      const lease = issueLease(state, token, path, Math.min(role.defaultTtl > 0 ? role.defaultTtl : SYSTEM_MAX_TTL, cap));
      const username = `v-${token.displayName}-${roleName}-${randomBytes12(6).toString("hex")}`.slice(0, 63);
      const password = `A1a-${randomBytes12(15).toString("base64url")}`;
      issued.push(username, password);
      return {
        status: 200,
        body: envelope({ lease_id: lease.id, renewable: lease.renewable, lease_duration: Math.round((lease.expiresAt - lease.issuedAt) / 1e3), data: { username, password } })
      };
    }
    if (path === "sys/leases/lookup" && isWrite) {
      if (!allowed2(path, "update")) return PERMISSION_DENIED;
      const lease = typeof body.lease_id === "string" ? leaseInfo(body.lease_id, ns) : void 0;
      if (!lease) return fail(400, "invalid lease");
      return {
        status: 200,
        body: envelope({
          data: {
            id: lease.id,
            issue_time: new Date(lease.issuedAt).toISOString(),
            expire_time: new Date(lease.expiresAt).toISOString(),
            last_renewal: null,
            renewable: lease.renewable,
            ttl: Math.max(0, Math.floor((lease.expiresAt - clock()) / 1e3))
          }
        })
      };
    }
    if ((match = path.match(/^sys\/leases\/revoke(?:\/(.+))?$/)) && isWrite) {
      if (!allowed2("sys/leases/revoke", "update") && !allowed2(path, "update")) return PERMISSION_DENIED;
      const leaseId = match[1] ?? body.lease_id;
      if (typeof leaseId !== "string" || leaseId === "") return fail(400, "missing lease_id");
      if (leaseInfo(leaseId, ns)) revokeLease(state, leaseId);
      return { status: 204 };
    }
    return noRoute(path);
  };
  const handle = async (req) => {
    const url2 = new URL(req.url ?? "/", "http://vault.invalid");
    const method = (req.method ?? "GET").toUpperCase();
    if (!url2.pathname.startsWith("/v1/")) return noRoute(url2.pathname);
    const path = url2.pathname.slice(4).replace(/\/+$/, "");
    const fault = faults.findIndex((f) => f.pathContains === void 0 || path.includes(f.pathContains));
    if (fault !== -1) {
      const [{ status, stall }] = faults.splice(fault, 1);
      if (stall) return new Promise(() => void 0);
      return fail(status, status === 503 ? "Vault is sealed" : `injected failure ${status}`);
    }
    if (method === "GET" && path === "sys/health") return { status: 200, body: { initialized: true, sealed: false, standby: false, version: "1.17.0+airlock-world" } };
    let body = {};
    if (method === "POST" || method === "PUT") {
      try {
        const parsed = parseJson(await readBody(req, BODY_LIMIT9));
        if (parsed !== void 0) {
          if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return fail(400, "failed to parse JSON input: expected an object");
          body = parsed;
        }
      } catch (error) {
        return error instanceof BodyTooLargeError ? fail(413, "request body too large") : fail(400, "failed to parse JSON input");
      }
    }
    const namespaceHeader = req.headers["x-vault-namespace"];
    const ns = state.namespaces.get(normalizeNamespace(Array.isArray(namespaceHeader) ? namespaceHeader[0] : namespaceHeader));
    if (!ns) return noRoute(path);
    const loginMatch = path.match(/^auth\/([^/]+)\/login$/);
    if (loginMatch && (method === "POST" || method === "PUT")) return login(ns, loginMatch[1], body);
    sweepExpired(state);
    const bearer = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const tokenId = req.headers["x-vault-token"] ?? bearer;
    if (!tokenId) return fail(403, "permission denied", "missing client token");
    const token = state.tokens.get(tokenId);
    const isRoot = tokenId === state.rootToken;
    if (!token || !isRoot && token.namespace !== ns.path) return INVALID_TOKEN;
    let lastUse = false;
    if (token.numUses > 0) {
      token.numUses -= 1;
      lastUse = token.numUses === 0;
    }
    try {
      const list = method === "LIST" || method === "GET" && url2.searchParams.get("list") === "true";
      return route(ns, token, method, path, list, body);
    } finally {
      if (lastUse) revokeToken2(state, token.id);
    }
  };
  const server = createServer4((req, res) => {
    handle(req).then((reply) => sendJson(res, reply.status, reply.body)).catch(() => sendJson(res, 500, { errors: ["internal error"] }));
  });
  await new Promise((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const orThrow = (error) => {
    if (error) throw new Error(`vault stand-in: ${error}`);
  };
  return {
    url,
    rootToken: state.rootToken,
    state,
    configure: {
      namespace: (path) => void ensureNamespace(state, path),
      policy: (name, document, namespace = "") => orThrow(writePolicy(ensureNamespace(state, namespace), name, document)),
      jwtRole: (name, role, opts = {}) => orThrow(writeRole(ensureNamespace(state, opts.namespace ?? ""), opts.mount ?? "jwt", name, role)),
      kv: (path, data, namespace = "") => void writeKv(ensureNamespace(state, namespace), path, data),
      databaseRole: (name, opts, namespace = "") => orThrow(writeDatabaseRole(ensureNamespace(state, namespace), name, { default_ttl: opts.ttl, max_ttl: opts.maxTtl }))
    },
    failNext(count, opts = {}) {
      for (let i = 0; i < count; i++) faults.push({ status: opts.status ?? 503, pathContains: opts.pathContains, stall: opts.stall === true });
    },
    snapshot: () => snapshotVault(state),
    issued,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    })
  };
}

// src/world/start-world.ts
async function startWorld(options = {}) {
  const state = seedWorld({ serverUrl: "", apiUrl: "", oidcIssuer: "pending", clock: options.clock });
  const widgets = state.repos.get(repoKey("acme", "widgets"));
  const oidc = await startOidcIssuer({
    defaults: defaultJobClaims({ repositoryId: widgets.id, ownerId: widgets.owner.id, actorId: state.users.get("alice").id }),
    clock: options.clock
  });
  const policyPath = ".github/airlock/agent.sts.yaml";
  const head = headOf(widgets);
  head.files.set(policyPath, head.files.get(policyPath).replace("issuer: pending", `issuer: ${oidc.issuer}`));
  const vault = await startVaultServer({ oidcIssuer: oidc.issuer, clock: options.clock });
  const vaultSeed = seedVault(vault, { audience: "vault", repository: "acme/widgets" });
  const sigstore = await startSigstore({ oidcIssuer: oidc.issuer, jwks: () => oidc.jwks() });
  const keyDir = await mkdtemp(join5(tmpdir(), "airlock-world-"));
  const tls = await createWorldTls({ dir: keyDir, ...options.httpsHost ? { host: options.httpsHost } : {} });
  const git = createGitSmartHttp({
    state,
    mirror: createGitMirror({ root: join5(keyDir, "git"), clock: state.clock }),
    // A push over git is the App's bot pushing with an installation token.
    onPush: async (push) => {
      if (world.webhookUrl) await world.deliver("push", buildPushPayload(state, { ...push, sender: state.appBot }));
    }
  });
  const aws = await startAwsWorld({ issuer: oidc.issuer, jwks: () => oidc.jwks(), tls: { keyPem: tls.keyPem, certPem: tls.certPem }, ...options.httpsHost ? { host: options.httpsHost } : {}, ids: { repositoryId: widgets.id, ownerId: widgets.owner.id }, clock: options.clock });
  const gcp = await startGcpWorld({ issuer: oidc.issuer, jwks: () => oidc.jwks(), tls: { keyPem: tls.keyPem, certPem: tls.certPem }, ...options.httpsHost ? { host: options.httpsHost } : {}, ids: { repositoryId: widgets.id, ownerId: widgets.owner.id }, clock: options.clock });
  const azure = await startAzureWorld({ issuer: oidc.issuer, jwks: () => oidc.jwks(), tls: { keyPem: tls.keyPem, certPem: tls.certPem }, ...options.httpsHost ? { host: options.httpsHost } : {}, clock: options.clock });
  const github = await startGithubServer(state, { port: options.port, tls: { keyPem: tls.keyPem, certPem: tls.certPem, ...options.httpsHost ? { host: options.httpsHost } : {} }, git });
  state.serverUrl = `http://127.0.0.1:${github.port}`;
  state.apiUrl = `http://127.0.0.1:${github.port}/api/v3`;
  const httpsServerUrl = `https://${options.httpsHost ?? "127.0.0.1"}:${github.https.port}`;
  const privateKeyPath = join5(keyDir, "app.private-key.pem");
  await writeFile3(privateKeyPath, state.app.privateKeyPem, { mode: 384 });
  state.redeliver = (delivery) => {
    if (world.webhookUrl) void redeliverWebhook(state, world.webhookUrl, delivery);
  };
  state.onPullOpened = async (pull) => {
    if (!world.webhookUrl) return;
    const repo = [...state.repos.values()].find((r) => r.id === pull.repoId);
    try {
      await deliverPull(world, repo, pull, "opened", pull.user);
    } catch (error) {
      state.violations.push({ method: "POST", path: `/repos/${repo.owner.login}/${repo.name}/pulls`, where: "webhook", message: `pull_request.opened was not delivered: ${String(error)}` });
    }
  };
  const world = {
    state,
    githubApiUrl: state.apiUrl,
    gheHost: `127.0.0.1:${github.port}`,
    https: { port: github.https.port, apiUrl: `${httpsServerUrl}/api/v3`, serverUrl: httpsServerUrl, caPem: tls.caPem, caFile: tls.caFile },
    oidc,
    vault,
    vaultSeed,
    sigstore,
    aws,
    gcp,
    azure,
    privateKeyPath,
    webhookUrl: options.webhookUrl,
    repo(fullName) {
      const repo = state.repos.get(fullName.toLowerCase());
      if (!repo) throw new Error(`world: no repository ${fullName}`);
      return repo;
    },
    user(login) {
      const user = state.users.get(login);
      if (!user) throw new Error(`world: no user ${login}`);
      return user;
    },
    async push({ repo: fullName, branch, files, pusher, message }) {
      const repo = world.repo(fullName);
      const user = world.user(pusher);
      const before = repo.refs.get(`heads/${branch}`) ?? NULL_SHA;
      const email = `${user.id}+${user.login}@users.noreply.github.test`;
      const commit = commitFiles(repo, branch, { files, message: message ?? "Update files", author: { name: user.login, email, login: user.login } });
      const payload = buildPushPayload(state, { repo, ref: `refs/heads/${branch}`, before, after: commit.sha, commits: [commit], forced: false, sender: user });
      return { sha: commit.sha, before, delivery: await world.deliver("push", payload) };
    },
    jobToken(fullName, permissions) {
      const repo = world.repo(fullName);
      const token = newInstallationToken();
      state.tokens.set(hashToken(token), { hash: hashToken(token), installationId: [...state.installations.keys()][0], permissions: { metadata: "read", ...permissions }, repositoryIds: [repo.id], expiresAt: state.clock() + 36e5, job: true });
      return token;
    },
    async deliver(event, payload, deliveryOptions) {
      if (!world.webhookUrl) throw new Error("world: no webhook URL set");
      const delivery = await deliverWebhook(state, world.webhookUrl, event, payload, deliveryOptions);
      await world.settle?.();
      return delivery;
    },
    payload: (event, payloadOptions) => buildPayload(state, event, payloadOptions),
    snapshot: () => snapshotWorld(state),
    async close() {
      await Promise.all([github.close(), oidc.close(), vault.close(), sigstore.close(), aws.close(), gcp.close(), azure.close()]);
      await rm(keyDir, { recursive: true, force: true });
    }
  };
  return world;
}

export {
  commitFiles,
  renderPull,
  addRepo,
  openPull,
  submitReview,
  startWorld
};
