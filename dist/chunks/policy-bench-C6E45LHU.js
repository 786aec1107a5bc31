import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  loadPolicyFiles
} from "./chunk-RAKWQDT3.js";
import {
  evaluatePolicy,
  inputDigest
} from "./chunk-6RNUAQVR.js";
import "./chunk-EZT4DIDZ.js";
import {
  RegoPolicy
} from "./chunk-HKOWZUST.js";
import {
  REQUEST_PATH_LIMITS,
  policyDir
} from "./chunk-3KFUYEYQ.js";
import {
  verdictOf
} from "./chunk-5BDBOWHC.js";
import "./chunk-2ZCGAJUC.js";
import "./chunk-VJTT6KNH.js";
import "./chunk-SPRYJVQL.js";
import {
  numberOption,
  runCommand
} from "./chunk-IW66ZKD5.js";
import "./chunk-Z5LGGBV5.js";
import "./chunk-BLNHIPTQ.js";
import "./chunk-4K734NMA.js";
import "./chunk-M3D7NQYH.js";
import "./chunk-5AA5OQFX.js";
import "./chunk-M5SG437F.js";
import {
  RObject,
  fromJS,
  toJS
} from "./chunk-EUJLSU46.js";
import "./chunk-WLT2JI5U.js";

// src/bench/policy-bench.ts
import { loadavg } from "node:os";

// src/bench/rego-value-semantics.ts
var isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var isNumber = (v) => typeof v === "number" || typeof v === "bigint";
function typeName(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (isNumber(v)) return "number";
  return typeof v;
}
var RANK = { null: 0, boolean: 1, number: 2, string: 3, array: 4, object: 5 };
function compare(a, b) {
  const ta = typeName(a);
  const tb = typeName(b);
  if (ta !== tb) return RANK[ta] - RANK[tb];
  if (ta === "number") return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0;
  if (ta === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (ta === "boolean") return Number(a) - Number(b);
  if (ta === "array") {
    const x = a;
    const y = b;
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = compare(x[i], y[i]);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  if (ta === "object") {
    const x = Object.keys(a).sort();
    const y = Object.keys(b).sort();
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = compare(x[i], y[i]) || compare(a[x[i]], b[y[i]]);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  return 0;
}
var equal = (a, b) => a === b || (typeof a === "object" && typeof b === "object" ? compare(a, b) === 0 : isNumber(a) && isNumber(b) && Number(a) === Number(b));
function isIn(x, coll) {
  if (x === void 0) return false;
  if (Array.isArray(coll)) return coll.some((v) => equal(v, x));
  if (coll instanceof Set) return coll.has(x);
  if (isObject(coll)) return Object.values(coll).some((v) => equal(v, x));
  return false;
}
function entries(coll) {
  if (Array.isArray(coll)) return coll.map((v, i) => [i, v]);
  if (isObject(coll)) return Object.entries(coll);
  return [];
}
var values = (coll) => Array.isArray(coll) ? coll : isObject(coll) ? Object.values(coll) : [];
var field = (x, k) => isObject(x) && typeof k === "string" && Object.hasOwn(x, k) ? x[k] : void 0;
function objectGet(obj, path, fallback) {
  if (!isObject(obj)) return void 0;
  let at = obj;
  for (const k of typeof path === "string" ? [path] : path) {
    if (!isObject(at) || !Object.hasOwn(at, k)) return fallback;
    at = at[k];
  }
  return at;
}
var count = (x) => typeof x === "string" ? [...x].length : Array.isArray(x) ? x.length : isObject(x) ? Object.keys(x).length : void 0;
function concat(sep, xs) {
  const list = Array.isArray(xs) ? xs : xs instanceof Set ? [...xs].sort() : void 0;
  if (list === void 0 || !list.every((x) => typeof x === "string")) return void 0;
  return list.join(sep);
}
function goFloat(n) {
  if (Number.isSafeInteger(n)) return String(n);
  const [mant, expText] = n.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return String(n);
}
function regoString(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(regoString).join(", ")}]`;
  if (isObject(v))
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}: ${regoString(v[k])}`).join(", ")}}`;
  return fmtV(v);
}
function fmtV(v) {
  if (typeof v === "string") return v;
  if (typeof v === "number") return goFloat(v);
  if (typeof v === "bigint" || typeof v === "boolean") return String(v);
  if (v === null) return "null";
  return regoString(v);
}
var fmtD = (v) => typeof v === "bigint" || typeof v === "number" && Number.isInteger(v) ? String(v) : typeof v === "number" ? `%!d(float64=${goFloat(v)})` : `%!d(${fmtV(v)})`;
var fmtQ = (v) => typeof v === "string" ? JSON.stringify(v).replace(/\\u00([0-9a-f]{2})/g, "\\x$1") : `%!q(${fmtV(v)})`;
var decision = (allow, deny) => ({ allow: allow && deny.size === 0, deny: [...deny].sort() });

// src/bench/egress-policy-equivalent.ts
var REQUIRED = [
  [["request"], "object"],
  [["request", "method"], "string"],
  [["request", "host"], "string"],
  [["request", "path"], "string"],
  [["credential", "id"], "string"],
  [["credential", "kind"], "string"],
  [["github", "service"], "string"],
  [["github", "path"], "string"],
  [["aws", "service"], "string"],
  [["aws", "region"], "string"],
  [["aws", "presigned"], "boolean"],
  [["aws", "role"], "string"],
  [["run"], "object"],
  [["run", "repositories"], "array"]
];
var NULLABLE = [
  [["credential"], "object"],
  [["github"], "object"],
  [["github", "repository"], "string"],
  [["aws"], "object"],
  [["aws", "operation"], "string"],
  [["aws", "bucket"], "string"],
  [["aws", "key"], "string"]
];
var ARTICLES = { object: "an object", array: "an array", string: "a string", boolean: "a boolean" };
var KINDS = ["github-token", "vault-secret", "llm-key", "cloud", "gcp-token", "azure-token"];
var CLOUD_TOKEN_KINDS = /* @__PURE__ */ new Set(["gcp-token", "azure-token"]);
var CLOUD_PROVIDERS = { "gcp-token": "gcp", "azure-token": "azure" };
var GITHUB_SERVICES = ["api", "git", "uploads"];
var AWS_READS = /* @__PURE__ */ new Set(["Query", "Scan", "BatchGetItem", "SelectObjectContent", "Select"]);
var AWS_CREDENTIAL_OPERATIONS = {
  sts: /* @__PURE__ */ new Set(["AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "AssumeRoot", "GetSessionToken", "GetFederationToken", "GetWebIdentityToken"]),
  iam: /* @__PURE__ */ new Set(["CreateAccessKey", "CreateLoginProfile", "UpdateLoginProfile", "CreateServiceSpecificCredential", "ResetServiceSpecificCredential", "UploadSSHPublicKey"]),
  sso: /* @__PURE__ */ new Set(["GetRoleCredentials"]),
  "cognito-identity": /* @__PURE__ */ new Set(["GetCredentialsForIdentity", "GetOpenIdToken", "GetOpenIdTokenForDeveloperIdentity"]),
  ecr: /* @__PURE__ */ new Set(["GetAuthorizationToken"]),
  codeartifact: /* @__PURE__ */ new Set(["GetAuthorizationToken"]),
  redshift: /* @__PURE__ */ new Set(["GetClusterCredentials", "GetClusterCredentialsWithIAM"]),
  rds: /* @__PURE__ */ new Set(["GenerateDbAuthToken"]),
  secretsmanager: /* @__PURE__ */ new Set(["GetSecretValue", "BatchGetSecretValue"]),
  ssm: /* @__PURE__ */ new Set(["GetParameter", "GetParameters", "GetParametersByPath", "GetParameterHistory"]),
  kms: /* @__PURE__ */ new Set(["Decrypt", "GenerateDataKey", "GenerateDataKeyPair", "GenerateDataKeyWithoutPlaintext"])
};
var GCP_CREDENTIAL_SERVICES = /* @__PURE__ */ new Set(["sts", "iamcredentials", "oauth2", "secretmanager"]);
var CREATES = "creates a repository: a new repository is a place outside the run's repositories to copy code and data to; create repositories yourself, outside the agent run";
function decideEgress(input) {
  const hasType = (path2, want) => typeName(objectGet(input, path2, null)) === want;
  const parentPresent = (path2) => path2.length === 1 || isObject(objectGet(input, path2.slice(0, -1), null));
  const nullAt = (path2) => path2.reduce((at, k) => field(at, k), input) === null;
  const request = field(input, "request");
  const host = field(request, "host");
  const path = field(request, "path");
  const rawMethod = field(request, "method");
  const method = typeof rawMethod === "string" ? rawMethod.toUpperCase() : void 0;
  const credential = field(input, "credential");
  const credentialId = field(credential, "id");
  const kind = field(credential, "kind");
  const github = field(input, "github");
  const service = field(github, "service");
  const repository = field(github, "repository");
  const githubPath = field(github, "path");
  const runRepos = field(field(input, "run"), "repositories");
  const aws = field(input, "aws");
  const cloud = objectGet(input, "cloud", null);
  const target = method !== void 0 && host !== void 0 && path !== void 0 ? `${method} ${fmtV(host)}${fmtV(path)}` : void 0;
  const runRepositories = concat(", ", runRepos);
  const segments = typeof githubPath === "string" ? githubPath.toLowerCase().split("/").filter((s) => s !== "") : [];
  const deny = /* @__PURE__ */ new Set();
  const add = (parts, text) => {
    if (parts.every((p) => p !== void 0)) deny.add(text());
  };
  for (const [p, want] of REQUIRED)
    if (!hasType(p, want) && parentPresent(p)) deny.add(`input.${p.join(".")} must be ${ARTICLES[want]}; the Action builds this document from the request the proxy intercepted and the run's settings, so the caller has a bug`);
  const nullableOk = (p, want) => hasType(p, want) || nullAt(p) || !parentPresent(p);
  for (const [p, want] of NULLABLE)
    if (!nullableOk(p, want)) deny.add(`input.${p.join(".")} must be ${ARTICLES[want]} or null; the Action builds this document from the request the proxy intercepted and the run's settings, so the caller has a bug`);
  const wellFormed = REQUIRED.every(([p, w]) => hasType(p, w) || !parentPresent(p)) && NULLABLE.every(([p, w]) => nullableOk(p, w));
  if (typeof kind === "string" && !KINDS.includes(kind))
    add([credentialId], () => `credential ${fmtV(credentialId)} has kind ${kind}, which this policy does not know (it knows ${[...KINDS].sort().join(", ")}); the Action has a bug, or the new kind needs a rule in this policy`);
  const githubOk = github === null || typeof service === "string" && GITHUB_SERVICES.includes(service);
  if (typeof service === "string" && !GITHUB_SERVICES.includes(service))
    deny.add(`input.github.service must be one of ${[...GITHUB_SERVICES].sort().join(", ")} (got ${service}); the Action builds this document from the request the proxy intercepted, so the caller has a bug`);
  let pathRepository = null;
  if ((service === "api" || service === "uploads") && segments.length >= 3 && segments[0] === "repos") pathRepository = `${segments[1]}/${segments[2]}`;
  if (service === "git" && segments.length >= 2) pathRepository = `${segments[0]}/${segments[1].endsWith(".git") ? segments[1].slice(0, -4) : segments[1]}`;
  const notGit = service !== void 0 && service !== "git";
  const byRepositoryId = notGit && segments.length >= 2 && segments[0] === "repositories";
  const withinRun = isIn(repository, runRepos) || repository === null && notGit && !byRepositoryId;
  const routes = [];
  const repositoryRoute = (name) => segments.length === 4 && segments[0] === "repos" && segments[3] === name;
  if (method === "POST" && segments.length === 2 && segments[0] === "user" && segments[1] === "repos") routes.push(CREATES);
  if (method === "POST" && segments.length === 3 && segments[0] === "orgs" && segments[2] === "repos") routes.push(CREATES);
  if (method === "POST" && repositoryRoute("forks")) routes.push("forks the repository: a fork copies it to an account outside the run; fork it yourself if you need to");
  if (method === "POST" && repositoryRoute("generate")) routes.push("creates a repository from a template: a new repository is a place outside the run's repositories to copy code and data to; create repositories yourself, outside the agent run");
  if (method === "POST" && repositoryRoute("transfer")) routes.push("transfers the repository to another owner; transfer it yourself if you mean to");
  if (segments.length >= 4 && segments[0] === "repos" && segments[3] === "hooks") routes.push("manages webhooks: a webhook sends repository events and contents to any URL it names; manage webhooks yourself, outside the agent run");
  if (segments.length >= 3 && segments[0] === "orgs" && segments[2] === "hooks") routes.push("manages webhooks: a webhook sends organization events and contents to any URL it names; manage webhooks yourself, outside the agent run");
  if (method === "DELETE" && segments.length === 3 && segments[0] === "repos") routes.push("deletes the repository; an agent run never deletes repositories: delete it yourself if you mean to");
  if (method === "PATCH" && segments.length === 3 && segments[0] === "repos") routes.push("changes the repository's settings (visibility among them: it can make a private repository public); change settings yourself, outside the agent run");
  const refusals = /* @__PURE__ */ new Set();
  const refuse = (parts, text) => {
    if (parts.every((p) => p !== void 0)) refusals.add(text());
  };
  if (github === null) refuse([target, credentialId, host], () => `${target} carries the GitHub token (credential ${fmtV(credentialId)}), but ${fmtV(host)} is not one of the run's GitHub hosts; the token is resolved only toward those (the proxy's host binding should have refused this first, so the caller has a bug)`);
  const gist = segments[0] === "gists" || segments[0] === "gist" || typeof host === "string" && host.toLowerCase().startsWith("gist.");
  if (gist) refuse([target, runRepositories], () => `${target}: gists live outside every repository (a classic exfiltration channel), so the run's GitHub token is never resolved for them; keep the content in a file or a pull request in ${runRepositories}`);
  if (typeof repository === "string" && !isIn(repository, runRepos))
    refuse([target, runRepositories], () => `${target}: repository ${repository} is not one the run's GitHub token is narrowed to (${runRepositories}); work in those, or add the repository to the trust policy and to the repositories the run asks for`);
  if (byRepositoryId) refuse([target, runRepositories], () => `${target} addresses a repository by its numeric id, which this policy cannot match against the run's repositories (${runRepositories}); use /repos/{owner}/{repo}/... instead`);
  if (service === "git" && repository === null)
    refuse([target, runRepositories, host], () => `${target} is a git request that names no repository; the GitHub token is resolved for git only toward the run's repositories (${runRepositories}): use a remote like https://${fmtV(host)}/{owner}/{repo}.git`);
  if (typeof githubPath === "string" && GITHUB_SERVICES.includes(service) && repository !== void 0 && pathRepository !== repository)
    refuse([target], () => `${target}: input.github.repository is ${fmtV(repository)} but the path names ${fmtV(pathRepository)}; the Action parses both from the same path, so the caller has a bug`);
  if (notGit) for (const reason of routes) refuse([target], () => `${target} ${reason}`);
  const githubTokenOk = isObject(github) && withinRun && pathRepository === repository && refusals.size === 0;
  if (kind === "github-token") for (const m of refusals) deny.add(m);
  const awsFactsOk = aws === null && kind !== "cloud" || isObject(aws) && kind === "cloud";
  if (kind === "cloud" && aws === null) add([credentialId], () => `credential ${fmtV(credentialId)} is an AWS session but input.aws is null; the Action builds this document from the signed request, so the caller has a bug`);
  if (isObject(aws) && kind !== "cloud") deny.add("input.aws is set but the request carries no AWS session; the Action builds this document from the signed request, so the caller has a bug");
  const op = field(aws, "operation");
  const awsService = field(aws, "service");
  const region = field(aws, "region");
  const bucket = field(aws, "bucket");
  const key = field(aws, "key");
  const resource = typeof bucket === "string" ? typeof key === "string" ? ` (${bucket}/${key})` : ` (bucket ${bucket})` : "";
  const awsTarget = method !== void 0 && awsService !== void 0 && region !== void 0 ? `${method} ${fmtV(awsService)} ${typeof op === "string" ? op : "(no operation named)"} in ${fmtV(region)}${resource}` : void 0;
  const awsRead = typeof op === "string" && ["Get", "List", "Describe", "Head"].some((p) => op.startsWith(p)) || AWS_READS.has(op) || op === null && (method === "GET" || method === "HEAD");
  const credentialOperation = typeof awsService === "string" && op !== void 0 && (AWS_CREDENTIAL_OPERATIONS[awsService]?.has(op) ?? false);
  const presigned = field(aws, "presigned");
  const awsRefusals = /* @__PURE__ */ new Set();
  const refuseAws = (parts, text) => {
    if (parts.every((p) => p !== void 0)) awsRefusals.add(text());
  };
  if (credentialOperation) refuseAws([awsTarget], () => `${awsTarget} hands credentials or secrets back in the clear, which the agent would then hold; Airlock never resolves the AWS session for it (give the agent what it needs another way, for example as a placeholder bound to its host)`);
  if (presigned === true)
    refuseAws([awsTarget, awsService], () => `${awsTarget} is a presigned URL: signed again with the real session, it would be a credential usable by anyone who holds it; the shipped policy refuses them (grant one with aws_presigned_grants contains {"service": "${fmtV(awsService)}", "operations": [...]} in a policy module of package airlock.egress)`);
  if (presigned === false && !awsRead && typeof op === "string")
    refuseAws([awsTarget, awsService], () => `${awsTarget} writes or acts; the shipped egress policy lets the agent's AWS session only read (Get*, List*, Describe*, Head*); grant it with aws_grants contains {"service": "${fmtV(awsService)}", "operations": ["${op}"]} in a policy module of package airlock.egress (AIRLOCK_POLICY_DIR)`);
  if (presigned === false && !awsRead && op === null) refuseAws([awsTarget], () => `${awsTarget} names no operation Airlock can read and is not a GET or HEAD, so it may write; the shipped egress policy lets the agent's AWS session only read`);
  if (kind === "cloud") for (const m of awsRefusals) deny.add(m);
  const cloudKind = CLOUD_TOKEN_KINDS.has(kind);
  const provider = field(cloud, "provider");
  const cloudService = field(cloud, "service");
  const cloudFactsOk = cloud === null && !cloudKind || isObject(cloud) && cloudKind && typeof provider === "string" && typeof cloudService === "string" && typeof field(cloud, "identity") === "string" && CLOUD_PROVIDERS[kind] === provider;
  if (!cloudFactsOk && isObject(credential) && cloudKind) {
    const p = CLOUD_PROVIDERS[kind];
    add([credentialId], () => `credential ${fmtV(credentialId)} is a ${p} access token but input.cloud is not {provider: ${p}, service, identity}; the Action builds this document from the request and the run's settings, so the caller has a bug`);
  }
  if (cloud !== null && !cloudKind) deny.add("input.cloud is set but the request carries no Google Cloud or Azure token; the Action builds this document from the request and the run's settings, so the caller has a bug");
  const cloudTarget = method !== void 0 && provider !== void 0 && cloudService !== void 0 && host !== void 0 && path !== void 0 ? `${method} ${fmtV(provider)} ${fmtV(cloudService)} ${fmtV(host)}${fmtV(path)}` : void 0;
  const credentialService = provider === "gcp" && GCP_CREDENTIAL_SERVICES.has(cloudService) || provider === "gcp" && cloudService === "iam" && typeof path === "string" && path.toLowerCase().includes("/keys") || provider === "azure" && typeof host === "string" && ["vault.azure.net", "vault.azure.cn", "vault.usgovcloudapi.net"].some((s) => host.toLowerCase().endsWith(s));
  const cloudRefusals = /* @__PURE__ */ new Set();
  if (credentialService && cloudTarget !== void 0) cloudRefusals.add(`${cloudTarget}: this service hands credentials or secrets back in the clear, which the agent would then hold; Airlock never resolves the run's ${fmtV(provider)} token for it`);
  if (!(method === "GET" || method === "HEAD") && cloudTarget !== void 0 && method !== void 0)
    cloudRefusals.add(`${cloudTarget} may write; the shipped egress policy lets the agent's ${fmtV(provider)} token only read (GET, HEAD); grant it with cloud_grants contains {"provider": "${fmtV(provider)}", "service": "${fmtV(cloudService)}", "methods": ["${method}"]} in a policy module of package airlock.egress (AIRLOCK_POLICY_DIR)`);
  if (cloudKind) for (const m of cloudRefusals) deny.add(m);
  const credentialOk = credential === null || kind === "vault-secret" || kind === "llm-key" || kind === "github-token" && githubTokenOk || kind === "cloud" && awsRefusals.size === 0 || cloudKind && cloudRefusals.size === 0;
  return decision(wellFormed && githubOk && awsFactsOk && cloudFactsOk && credentialOk, deny);
}

// src/bench/pr-policy-equivalent.ts
var REQUIRED2 = [
  [["pull_request"], "object"],
  [["pull_request", "number"], "number"],
  [["pull_request", "author"], "string"],
  [["pull_request", "head_sha"], "string"],
  [["pull_request", "base_ref"], "string"],
  [["is_agent"], "boolean"],
  [["changed_files"], "array"],
  [["approvals"], "array"],
  [["required_approvals"], "number"],
  [["approval_paths"], "array"],
  [["attestation"], "object"],
  [["attestation", "status"], "string"],
  [["secret_findings"], "object"],
  [["secret_findings", "status"], "string"]
];
var ARTICLES2 = { object: "an object", array: "an array", string: "a string", number: "a number", boolean: "a boolean" };
var CATEGORY_ORDER = ["workflows", "policy files", "agent and developer-tool control files", "infrastructure-as-code", "paths listed in approval_paths"];
var IAC_SUFFIXES = [".tf", ".tfvars", ".tf.json", ".tfvars.json", ".hcl"];
var IAC_DIRS = /* @__PURE__ */ new Set(["terraform", "k8s", "kubernetes", "helm", "charts"]);
var CONTROL_DIRS = [".claude/", ".cursor/", ".devcontainer/", ".githooks/", ".husky/"];
var CONTROL_PATHS = /* @__PURE__ */ new Set([".mcp.json", ".vscode/tasks.json", ".vscode/settings.json", ".vscode/launch.json", ".github/copilot-instructions.md", "lefthook.yml", ".pre-commit-config.yaml"]);
var CONTROL_NAMES = /* @__PURE__ */ new Set(["agents.md", "claude.md", "claude.local.md", ".cursorrules"]);
var APPROVER_PERMISSIONS = /* @__PURE__ */ new Set(["write", "maintain", "admin"]);
var ATTESTATION_MESSAGES = {
  missing: "no attestation of the agent run was found for head commit %v; agent changes must come from a run of the Airlock action, which signs one",
  invalid: "the attestation for head commit %v does not verify (signature, subject digest or signing workflow); do not merge: rerun the agent job and investigate who produced this commit",
  unknown: "attestation verification for head commit %v did not complete; the gate stays closed until it does (re-run the check)"
};
var basename = (path) => path.slice(path.lastIndexOf("/") + 1);
var workflowFile = (p) => p.startsWith(".github/workflows/") || p.startsWith(".github/actions/") || ["action.yml", "action.yaml"].includes(basename(p));
var containerFile = (n) => ["dockerfile", "containerfile", "compose.yml", "compose.yaml"].includes(n) || n.startsWith("dockerfile.") || n.endsWith(".dockerfile") || /^docker-compose[^/]*\.ya?ml$/.test(n);
var iacFile = (p) => IAC_SUFFIXES.some((s) => p.endsWith(s)) || p.split("/").some((d) => IAC_DIRS.has(d)) || containerFile(basename(p));
var policyFile = (p) => p.startsWith("policies/") || p.startsWith(".github/airlock/") || p === ".github/airlock.yml" || p === ".github/airlock.yaml" || p.endsWith(".rego") || basename(p) === "codeowners";
var controlFile = (p) => CONTROL_DIRS.some((d) => p.startsWith(d)) || CONTROL_PATHS.has(p) || CONTROL_NAMES.has(basename(p));
var globs = /* @__PURE__ */ new Map();
function globMatcher(glob) {
  if (globs.has(glob)) return globs.get(glob);
  const quote = (c) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
  let i = 0;
  const parse = (inAlt) => {
    let s = "";
    while (i < glob.length) {
      const c = glob[i];
      if (inAlt && (c === "," || c === "}")) return s;
      if (c === "\\") {
        if (i + 1 >= glob.length) throw new Error("unexpected end of input");
        s += quote(glob[i + 1]);
        i += 2;
      } else if (c === "*") {
        s += glob[i + 1] === "*" ? "[\\s\\S]*" : "[^/]*";
        i += glob[i + 1] === "*" ? 2 : 1;
      } else if (c === "?") {
        s += "[^/]";
        i++;
      } else if (c === "[") {
        const end = glob.indexOf("]", i + 2);
        if (end < 0) throw new Error("unexpected end of input");
        let body = glob.slice(i + 1, end);
        const neg = body.startsWith("!");
        if (neg) body = body.slice(1);
        s += `[${neg ? "^" : ""}${body.replace(/\\/g, "\\\\").replace(/\[/g, "\\[")}]`;
        i = end + 1;
      } else if (c === "{") {
        i++;
        const alts = [];
        for (; ; ) {
          alts.push(parse(true));
          if (i >= glob.length) throw new Error("unexpected end of input");
          if (glob[i++] === "}") break;
        }
        s += `(?:${alts.join("|")})`;
      } else {
        s += quote(c);
        i++;
      }
    }
    return s;
  };
  let re;
  try {
    re = new RegExp(`^${parse(false)}$`, "u");
  } catch {
    re = void 0;
  }
  globs.set(glob, re);
  return re;
}
function decidePr(input) {
  const hasType = (path, want) => typeName(objectGet(input, path, null)) === want;
  const pr = field(input, "pull_request");
  const headSha = field(pr, "head_sha");
  const author = field(pr, "author");
  const isAgent = field(input, "is_agent");
  const agentPr = isAgent !== false;
  const changed = values(field(input, "changed_files"));
  const approvalPaths = values(field(input, "approval_paths"));
  const approvals = entries(field(input, "approvals"));
  const attestation = field(input, "attestation");
  const attestationStatus = field(attestation, "status");
  const findings = field(input, "secret_findings");
  const findingsStatus = field(findings, "status");
  const sensitive = /* @__PURE__ */ new Map();
  const mark = (file, category) => void (sensitive.get(file) ?? sensitive.set(file, /* @__PURE__ */ new Set()).get(file)).add(category);
  for (const file of changed) {
    if (typeof file !== "string") continue;
    const lower2 = file.toLowerCase();
    if (workflowFile(lower2)) mark(file, "workflows");
    if (iacFile(lower2)) mark(file, "infrastructure-as-code");
    if (policyFile(lower2)) mark(file, "policy files");
    if (controlFile(lower2)) mark(file, "agent and developer-tool control files");
    if (approvalPaths.some((p) => typeof p === "string" && globMatcher(p)?.test(file) === true)) mark(file, "paths listed in approval_paths");
  }
  const keys = isObject(input) ? Object.keys(input) : [];
  const complete = field(input, "changed_files_complete");
  const filesIncomplete = complete === false || keys.includes("changed_files_complete") && typeof complete !== "boolean";
  const approvalRequired = agentPr || sensitive.size > 0 || filesIncomplete;
  const required = field(input, "required_approvals");
  const needed = required === void 0 ? void 0 : approvalRequired ? compare(required, 1) > 0 ? required : 1 : required;
  const solo = (a) => {
    const login = field(a, "login");
    return field(input, "solo") === true && field(a, "is_agent") === false && field(a, "is_bot") === false && !(typeof login === "string" && login.toLowerCase().endsWith("[bot]")) && isAgent === false;
  };
  const rejected = /* @__PURE__ */ new Map();
  for (const [i, a] of approvals) {
    const reasons = /* @__PURE__ */ new Set();
    const sha = field(a, "sha");
    const login = field(a, "login");
    const permission = field(a, "permission");
    const lowerLogin = typeof login === "string" ? login.toLowerCase() : void 0;
    if (sha !== void 0 && headSha !== void 0 && compare(sha, headSha) !== 0) reasons.add(`it is for commit ${fmtV(sha)}, not the head commit ${fmtV(headSha)} (approve again after the last push)`);
    if (!APPROVER_PERMISSIONS.has(permission) && login !== void 0 && permission !== void 0) reasons.add(`${fmtV(login)} has ${fmtV(permission)} access; approvals need write, maintain or admin`);
    if (field(a, "is_bot") !== false || lowerLogin?.endsWith("[bot]")) reasons.add("bots cannot approve");
    if ((field(a, "is_author") !== false || lowerLogin !== void 0 && typeof author === "string" && lowerLogin === author.toLowerCase()) && !solo(a)) reasons.add("the author cannot approve their own pull request");
    if (field(a, "is_agent") !== false) reasons.add("agents cannot approve");
    if (typeof login !== "string") reasons.add("it names no login");
    if (!isObject(a)) reasons.add("it is not an object");
    if (reasons.size > 0) rejected.set(i, reasons);
  }
  const validApprovers = new Set(approvals.flatMap(([i, a]) => rejected.has(i) || typeof field(a, "login") !== "string" ? [] : [field(a, "login").toLowerCase()]));
  const have = validApprovers.size;
  const approved = needed !== void 0 && compare(have, needed) >= 0;
  const deny = /* @__PURE__ */ new Set();
  const add = (parts, text) => {
    if (parts.every((p) => p !== void 0)) deny.add(text());
  };
  for (const [path, want] of REQUIRED2) {
    if (hasType(path, want)) continue;
    if (path.length === 1 || isObject(objectGet(input, path.slice(0, -1), null)))
      deny.add(`input.${path.join(".")} must be ${ARTICLES2[want]}; the App builds this document from the pull request, its reviews, the scan and the attestation check, so the caller has a bug`);
  }
  const number = field(pr, "number");
  if (approvalRequired && !approved && agentPr)
    add([number, author, needed, headSha], () => `pull request #${fmtV(number)} was opened by an agent (${fmtV(author)}): it needs ${fmtV(needed)} approval(s) on head commit ${fmtV(headSha)} from people with write access who are not the author, an agent or a bot; it has ${fmtD(have)}`);
  if (approvalRequired && !approved) {
    const primary = (file) => CATEGORY_ORDER.find((c) => sensitive.get(file).has(c));
    const byCategory = /* @__PURE__ */ new Map();
    for (const file of sensitive.keys()) (byCategory.get(primary(file)) ?? byCategory.set(primary(file), []).get(primary(file))).push(file);
    for (const [category, files] of byCategory)
      add([needed, headSha], () => `changes to ${category} need human approval (${fmtV(needed)} on head commit ${fmtV(headSha)}, from someone with write access who is not the author, an agent or a bot; it has ${fmtD(have)}): ${files.sort().join(", ")}`);
  }
  if (filesIncomplete && !approved)
    add([needed, headSha], () => `the list of changed files is incomplete (GitHub lists at most 3000), so workflow, infrastructure and policy changes cannot be ruled out: it needs ${fmtV(needed)} approval(s) on head commit ${fmtV(headSha)}; it has ${fmtD(have)}`);
  if (!approvalRequired && !approved) add([number, needed, headSha], () => `pull request #${fmtV(number)} needs ${fmtV(needed)} approval(s) on head commit ${fmtV(headSha)}; it has ${fmtD(have)}`);
  if (!approved) {
    const list = field(input, "approvals");
    for (const [i, reasons] of rejected) {
      const login = field(Array.isArray(list) ? list[i] : field(list, i), "login");
      for (const reason of reasons) deny.add(`approval by ${typeof login === "string" ? login : "(no login)"} does not count: ${reason}`);
    }
  }
  for (const file of changed) if (typeof file !== "string") deny.add(`changed_files must hold repository paths as strings, got ${fmtV(file)}; the caller has a bug`);
  for (const pattern of approvalPaths)
    if (typeof pattern !== "string" || globMatcher(pattern) === void 0) deny.add(`approval_paths entry ${fmtV(pattern)} is not a valid glob pattern; fix it in the Airlock configuration (e.g. "deploy/**")`);
  const attestationOk = attestationStatus === "verified" || !agentPr && (attestationStatus === "missing" || attestationStatus === "unknown");
  if (!attestationOk && typeof attestationStatus === "string" && Object.hasOwn(ATTESTATION_MESSAGES, attestationStatus))
    add([headSha], () => ATTESTATION_MESSAGES[attestationStatus].replace("%v", fmtV(headSha)));
  if (typeof attestationStatus === "string" && !["verified", "missing", "invalid", "unknown"].includes(attestationStatus))
    deny.add(`attestation status ${fmtQ(attestationStatus)} is not one of verified, missing, invalid, unknown`);
  if (findingsStatus === "found") {
    const n = objectGet(findings, "count", "some");
    deny.add(`the secret scan found ${fmtV(n)} secret(s) in this pull request; remove them from the branch (rewrite its history) and rotate every exposed credential`);
  }
  if (findingsStatus === "unknown") deny.add("the secret scan of this pull request did not complete; the gate stays closed until a scan of the head commit succeeds (re-run the check)");
  if (typeof findingsStatus === "string" && !["clean", "found", "unknown"].includes(findingsStatus))
    deny.add(`secret scan status ${fmtQ(findingsStatus)} is not one of clean, found, unknown`);
  const wellFormed = REQUIRED2.every(([p, w]) => hasType(p, w));
  return decision(wellFormed && approved && attestationOk && findingsStatus === "clean", deny);
}

// src/bench/push-policy-equivalent.ts
var REQUIRED3 = [
  [["branch"], "string"],
  [["protected"], "boolean"],
  [["actor"], "object"],
  [["actor", "login"], "string"],
  [["actor", "type"], "string"],
  [["is_agent"], "boolean"],
  [["forced"], "boolean"]
];
var ARTICLES3 = { object: "an object", string: "a string", boolean: "a boolean" };
function decidePush(input) {
  const hasType = (path, want) => typeName(objectGet(input, path, null)) === want;
  const agent = field(input, "is_agent") !== false;
  const isProtected = field(input, "protected") !== false;
  const agentOnProtected = agent && isProtected;
  const branch = field(input, "branch");
  const login = field(field(input, "actor"), "login");
  const actor = typeof login === "string" ? login : "(unknown actor)";
  const refType = field(input, "ref_type");
  const deny = /* @__PURE__ */ new Set();
  for (const [path, want] of REQUIRED3) {
    if (hasType(path, want)) continue;
    const article = ARTICLES3[want];
    if (article !== void 0 && (path.length === 1 || isObject(objectGet(input, path.slice(0, -1), null))))
      deny.add(`input.${path.join(".")} must be ${article}; the App builds this document from the push event, so the caller has a bug`);
  }
  if (agentOnProtected && typeof branch === "string")
    deny.add(`agent ${actor} ${field(input, "forced") === true ? "force-pushed to" : "pushed to"} protected branch ${branch}: agents change protected branches only through a pull request that passes the Airlock gate; revert the push, open a pull request instead, and check why the ruleset let it through`);
  if (agent && refType === "tag" && typeof branch === "string")
    deny.add(`agent ${actor} pushed tag ${branch}: publishing needs a human; agents do not create or move tags (release and package workflows publish from them); delete the tag if no person meant it and let a person tag the release`);
  if (agent && refType === "release" && typeof branch === "string")
    deny.add(`agent ${actor} created release ${branch}: publishing needs a human; agents do not create or publish releases; a person decides whether it stays`);
  if (isObject(input) && Object.hasOwn(input, "ref_type") && !["branch", "tag", "release"].includes(refType))
    deny.add(`input.ref_type must be "branch", "tag" or "release", got ${fmtV(refType)}; the App builds this document from the push or release event, so the caller has a bug`);
  const wellFormed = REQUIRED3.every(([p, w]) => hasType(p, w));
  return decision(wellFormed && !agentOnProtected, deny);
}

// src/bench/secrets-policy-equivalent.ts
var REQUIRED4 = [
  [["requests"], "array"],
  [["approval"], "object"],
  [["approval", "approved"], "boolean"],
  [["run"], "object"],
  [["run", "sha"], "string"],
  [["run", "actor"], "string"]
];
var ARTICLES4 = { object: "an object", array: "an array", string: "a string", boolean: "a boolean" };
var RESERVED_NAMES = /* @__PURE__ */ new Set(["PATH", "HOME", "SHELL", "IFS", "ENV", "BASH_ENV", "PROMPT_COMMAND", "CI", "NODE_OPTIONS", "NODE_PATH", "PYTHONPATH", "PYTHONSTARTUP", "PERL5OPT", "PERL5LIB", "RUBYOPT", "RUBYLIB", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "GIT_SSH_COMMAND", "GIT_ASKPASS", "SSH_ASKPASS"]);
var RESERVED_PREFIXES = ["GITHUB_", "ACTIONS_", "RUNNER_", "AIRLOCK_", "INPUT_", "STATE_", "LD_", "DYLD_", "GIT_CONFIG_"];
var lower = (v) => typeof v === "string" ? v.toLowerCase() : void 0;
var upper = (v) => typeof v === "string" ? v.toUpperCase() : void 0;
var envOk = (name) => {
  if (typeof name !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return false;
  const u = name.toUpperCase();
  return !RESERVED_NAMES.has(u) && !RESERVED_PREFIXES.some((p) => u.startsWith(p));
};
var validLocation = (r) => {
  const path = field(r, "path");
  const key = field(r, "key");
  return typeof path === "string" && path !== "" && !path.startsWith("/") && !path.split("/").includes("..") && typeof key === "string" && key !== "";
};
function decideSecrets(input) {
  const hasType = (path, want) => typeName(objectGet(input, path, null)) === want;
  const requests = field(input, "requests");
  const approval = field(input, "approval");
  const run = field(input, "run");
  const approved = field(approval, "approved") === true;
  const by = field(approval, "by");
  const sha = field(approval, "sha");
  const runSha = field(run, "sha");
  const runActor = field(run, "actor");
  const deny = /* @__PURE__ */ new Set();
  for (const [path, want] of REQUIRED4) {
    if (hasType(path, want)) continue;
    if (path.length === 1 || isObject(objectGet(input, path.slice(0, -1), null)))
      deny.add(`input.${path.join(".")} must be ${ARTICLES4[want]}; the Action builds this document from its settings and the approval record, so the caller has a bug`);
  }
  const list = values(requests);
  const requested = list.some((r) => field(r, "approval_requested") === true);
  const paths = list.every((r) => field(r, "path") !== void 0 && field(r, "key") !== void 0) ? concat(", ", [...new Set(list.map((r) => `${fmtV(field(r, "path"))}#${fmtV(field(r, "key"))}`))].sort()) : void 0;
  const shaShown = objectGet(run, "sha", "(unknown)");
  if (!approved && paths !== void 0 && shaShown !== void 0)
    deny.add(`resolving secrets (${paths}) needs a human approval of commit ${fmtV(shaShown)}${requested ? " (the workflow marked them as needing approval)" : ""}; someone with write access approves it on the "Airlock secret approval" check run of that commit (Airlock never hands secrets to an unapproved agent run)`);
  if (approved && typeof by !== "string") deny.add("the approval names no approver (approval.by); record who approved");
  if (approved && sha !== void 0 && runSha !== void 0 && sha !== runSha) deny.add(`the approval is for commit ${fmtV(sha)} but the run is at ${fmtV(runSha)}; approve the commit the run checks out`);
  if (approved && typeof sha !== "string" && runSha !== void 0) deny.add(`the approval is bound to no commit (approval.sha); approve commit ${fmtV(runSha)}`);
  if (approved && lower(by) !== void 0 && lower(by) === lower(runActor)) deny.add(`${fmtV(by)} approved their own run; someone other than the run's actor must approve`);
  if (approved && lower(by)?.endsWith("[bot]")) deny.add(`${fmtV(by)} is a bot; only a human can approve secret resolution`);
  if (Array.isArray(requests) && requests.length === 0) deny.add("no secrets were requested; name at least one {path, key, env}");
  for (const r of list) {
    if (!isObject(r)) {
      deny.add(`each secret request must be an object {path, key, env}, got ${fmtV(r)}`);
      continue;
    }
    if (!validLocation(r)) deny.add(`secret request ${fmtV(r)}: path must be a relative secret path without ".." segments and key must be non-empty (e.g. {"path": "kv/data/ci/deploy", "key": "token", "env": "DEPLOY_TOKEN"})`);
    if (Object.hasOwn(r, "approval_requested") && typeof r.approval_requested !== "boolean") deny.add(`secret request ${fmtV(r)}: approval_requested must be true or false`);
    if (!envOk(r.env)) deny.add(`secret request ${fmtV(r)}: env must be a plain variable name (letters, digits, _) that does not steer the runner, a shell or a runtime (not PATH, LD_*, NODE_OPTIONS, GITHUB_*, ...); pick a name such as DEPLOY_TOKEN`);
  }
  const pairs = entries(requests);
  for (const [i, a] of pairs)
    for (const [j, b] of pairs)
      if (i < j && upper(field(a, "env")) !== void 0 && upper(field(a, "env")) === upper(field(b, "env")))
        deny.add(`two secret requests write env ${fmtV(field(a, "env"))}; give each secret its own variable`);
  const wellFormed = REQUIRED4.every(([p, w]) => hasType(p, w));
  const approvalValid = approved && typeof by === "string" && sha !== void 0 && sha === runSha && lower(by) !== lower(runActor) && !by.toLowerCase().endsWith("[bot]");
  const allow = wellFormed && approvalValid && list.length > 0 && list.every((r) => validLocation(r) && envOk(field(r, "env")));
  return decision(allow, deny);
}

// src/bench/sts-policy-equivalent.ts
var LEVELS = { read: 1, write: 2, admin: 3 };
var REPOSITORY_PERMISSIONS = /* @__PURE__ */ new Set(["actions", "administration", "attestations", "checks", "contents", "deployments", "discussions", "environments", "issues", "metadata", "packages", "pages", "pull_requests", "repository_hooks", "repository_projects", "secret_scanning_alerts", "secrets", "security_events", "statuses", "vulnerability_alerts", "workflows"]);
var SORTED_PERMISSIONS = [...REPOSITORY_PERMISSIONS].sort().join(", ");
var UNTRUSTED = /* @__PURE__ */ new Set(["pull_request_target", "issue_comment", "workflow_run"]);
var REQUIRED5 = [
  [["identity"], "string"],
  [["claims"], "object"],
  [["claims", "iss"], "string"],
  [["claims", "event_name"], "string"],
  [["claims", "ref"], "string"],
  [["claims", "ref_protected"], "string"],
  [["claims", "repository_id"], "string"],
  [["repository"], "object"],
  [["repository", "id"], "number"],
  [["repository", "owner"], "string"],
  [["repository", "name"], "string"],
  [["request"], "object"],
  [["request", "permissions"], "object"],
  [["request", "repositories"], "array"],
  [["trust_policy"], "object"],
  [["trust_policy", "permissions"], "object"],
  [["trust_policy", "event_names"], "array"],
  [["trust_policy", "max_lifetime_seconds"], "number"],
  [["ceiling"], "object"],
  [["ceiling", "max_permissions"], "object"],
  [["ceiling", "repository_writes"], "boolean"],
  [["ceiling", "allowed_issuers"], "array"],
  [["installation"], "object"],
  [["installation", "permissions"], "object"]
];
var ARTICLES5 = { object: "an object", array: "an array", string: "a string", number: "a number", boolean: "a boolean" };
var OPTIONAL_LISTS = ["repositories", "refs", "job_workflow_refs"];
var isLevel = (v) => v === "read" || v === "write";
var within = (requested, granted) => typeof requested === "string" && typeof granted === "string" && Object.hasOwn(LEVELS, requested) && Object.hasOwn(LEVELS, granted) && LEVELS[requested] <= LEVELS[granted];
var truthy = (v) => v !== void 0 && v !== false;
function decideSts(input) {
  const get = (...path) => path.reduce((at, k) => field(at, k), input);
  const claims = get("claims");
  const request = get("request");
  const trust = get("trust_policy");
  const ceiling = get("ceiling");
  const identity = get("identity");
  const permissions = field(request, "permissions");
  const trustPermissions = field(trust, "permissions");
  const maxPermissions = field(ceiling, "max_permissions");
  const installationPermissions = get("installation", "permissions");
  const writes = field(ceiling, "repository_writes");
  const hasType = (path, want) => typeName(objectGet(input, path, null)) === want;
  const wellFormed = REQUIRED5.every(([p, w]) => hasType(p, w));
  const trustRepos = field(trust, "repositories");
  const repoName = get("repository", "name");
  const allowedRepos = Array.isArray(trustRepos) ? trustRepos : repoName === void 0 ? void 0 : [repoName];
  const ceilingCap = (name) => writes === true ? field(maxPermissions, name) : writes === false && truthy(field(maxPermissions, name)) ? "read" : void 0;
  const organization = (name) => name === "members" || typeof name === "string" && name.startsWith("organization_");
  const lifetime = field(trust, "max_lifetime_seconds");
  const lifetimeInRange = lifetime !== void 0 && compare(lifetime, 60) >= 0 && compare(lifetime, 3600) < 0;
  const trustKeys = isObject(trust) ? Object.keys(trust) : void 0;
  const iss = field(claims, "iss");
  const issuers = field(ceiling, "allowed_issuers");
  const repositoryId = get("repository", "id");
  const eventName = field(claims, "event_name");
  const eventNames = field(trust, "event_names");
  const ref = field(claims, "ref");
  const refs = field(trust, "refs");
  const workflowRefs = field(trust, "job_workflow_refs");
  const refProtected = field(claims, "ref_protected");
  const repositories = field(request, "repositories");
  const deny = /* @__PURE__ */ new Set();
  const add = (parts, text) => {
    if (parts.every((p) => p !== void 0)) deny.add(text());
  };
  for (const f of OPTIONAL_LISTS) {
    const value = objectGet(trust, f, []);
    if (value !== void 0 && !Array.isArray(value)) deny.add(`input.trust_policy.${f} must be a list when present (got a ${typeName(value)}); fix the trust policy field`);
  }
  for (const [path, want] of REQUIRED5) {
    if (hasType(path, want)) continue;
    if (path.length === 1 || isObject(objectGet(input, path.slice(0, -1), null)))
      deny.add(`input.${path.join(".")} must be ${ARTICLES5[want]}; the broker builds this document from the verified token, the trust policy, the ceiling and the installation, so the caller has a bug`);
  }
  if (isObject(permissions) && count(permissions) === 0) deny.add('the request names no permissions; ask for at least one, e.g. {"contents": "read"}');
  for (const [name, level] of entries(permissions)) {
    if (!isLevel(level)) deny.add(`permission ${fmtV(name)}: ${fmtV(level)} is not a level a token can ask for; request "read" or "write"`);
    if (organization(name)) deny.add(`permission ${fmtV(name)} is an organization permission; a repository trust policy never grants it (invariant 4): remove it from the request and from the trust policy`);
    if (!organization(name) && !REPOSITORY_PERMISSIONS.has(name)) deny.add(`permission ${fmtV(name)} is not a repository permission a token can carry; request one of ${SORTED_PERMISSIONS}`);
    if (!REPOSITORY_PERMISSIONS.has(name) || !isLevel(level)) continue;
    const n = name;
    const l = level;
    if (!within(l, field(trustPermissions, n))) {
      const has = objectGet(trustPermissions, n, "nothing");
      add([identity, has], () => `permission ${n}: ${l} is beyond trust policy ${fmtV(identity)} (it allows ${fmtV(has)}); request less, or widen .github/airlock/${fmtV(identity)}.sts.yaml on the default branch`);
    }
    if (!within(l, ceilingCap(n))) {
      const has = objectGet(maxPermissions, n, "nothing");
      const note = writes === false ? " and repository_writes is false, so read at most" : "";
      add([has], () => `permission ${n}: ${l} is beyond the org ceiling (it allows ${fmtV(has)}${note}); request less, or ask an org owner to raise .github/airlock/ceiling.yaml in the org's .github repository`);
    }
    if (!within(l, field(installationPermissions, n))) {
      const has = objectGet(installationPermissions, n, "nothing");
      add([has], () => `permission ${n}: ${l} is beyond what the Airlock App installation holds (${fmtV(has)}); request less, or have an org owner grant the App that permission`);
    }
  }
  if (typeof iss === "string" && Array.isArray(issuers) && !isIn(iss, issuers)) {
    const list = concat(", ", issuers);
    add([list], () => `OIDC issuer ${iss} is not allowed by the org ceiling (allowed: ${list}); use a token from an allowed issuer or add it to allowed_issuers`);
  }
  const claimedId = field(claims, "repository_id");
  if (typeof claimedId === "string" && isNumber(repositoryId) && claimedId !== fmtD(repositoryId)) {
    const owner = get("repository", "owner");
    add([owner, repoName], () => `the OIDC token is for repository id ${claimedId}, not ${fmtV(owner)}/${fmtV(repoName)} (id ${fmtD(repositoryId)}); a renamed or re-created repository needs a new trust policy`);
  }
  if (UNTRUSTED.has(eventName) && Array.isArray(eventNames) && !isIn(eventName, eventNames))
    add([identity], () => `event ${fmtV(eventName)} is an untrusted trigger: its workflow runs with this repository's identity on input an outsider controls; run the agent from push, workflow_dispatch or schedule, or list ${fmtV(eventName)} in event_name of trust policy ${fmtV(identity)} if you accept that risk`);
  if (typeof eventName === "string" && !UNTRUSTED.has(eventName) && Array.isArray(eventNames) && !isIn(eventName, eventNames)) {
    const list = concat(", ", eventNames);
    add([identity, list], () => `event ${eventName} is not in event_name of trust policy ${fmtV(identity)} (it allows ${list}); run from an allowed trigger or add the event there`);
  }
  if (typeof refProtected === "string" && refProtected !== "true")
    add([ref], () => `ref ${fmtV(ref)} is not protected (ref_protected is ${fmtQ(refProtected)}): tokens are minted only for jobs on protected branches or tags; protect the ref with a ruleset or run from a protected one`);
  if (Array.isArray(refs) && !isIn(ref, refs)) {
    const list = concat(", ", refs);
    add([ref, identity, list], () => `ref ${fmtV(ref)} is not in ref of trust policy ${fmtV(identity)} (it allows ${list})`);
  }
  if (Array.isArray(workflowRefs) && !isIn(field(claims, "job_workflow_ref"), workflowRefs)) {
    const claim = objectGet(claims, "job_workflow_ref", "(no job_workflow_ref claim)");
    const list = concat(", ", workflowRefs);
    add([claim, identity, list], () => `workflow ${fmtV(claim)} is not in job_workflow_ref of trust policy ${fmtV(identity)} (it allows ${list})`);
  }
  if (Array.isArray(repositories) && repositories.length === 0) deny.add('the request names no repositories; name at least one (without the owner), e.g. ["app"]');
  for (const repo of values(repositories)) {
    if (isIn(repo, allowedRepos)) continue;
    const list = concat(", ", allowedRepos);
    add([identity, list], () => `repository ${fmtV(repo)} is not allowed by trust policy ${fmtV(identity)} (it allows ${list}); request only those, or list it under repositories in the trust policy`);
  }
  if (isNumber(lifetime) && !lifetimeInRange)
    add([identity], () => `trust policy ${fmtV(identity)} sets max_lifetime_seconds to ${fmtV(lifetime)}; it must be between 60 and 3599 (GitHub tokens live an hour and the broker revokes earlier)`);
  const permissionOk = (name, level) => REPOSITORY_PERMISSIONS.has(name) && isLevel(level) && within(level, field(trustPermissions, name)) && within(level, ceilingCap(name)) && within(level, field(installationPermissions, name));
  const refOk = !(trustKeys !== void 0 && trustKeys.includes("refs")) || isIn(ref, refs);
  const workflowOk = !(trustKeys !== void 0 && trustKeys.includes("job_workflow_refs")) || isIn(field(claims, "job_workflow_ref"), workflowRefs);
  const allow = wellFormed && (count(permissions) ?? 0) > 0 && entries(permissions).every(([n, l]) => permissionOk(n, l)) && isIn(iss, issuers) && claimedId === (isNumber(repositoryId) ? fmtD(repositoryId) : void 0) && isIn(eventName, eventNames) && refProtected === "true" && (count(repositories) ?? 0) > 0 && values(repositories).every((r) => isIn(r, allowedRepos)) && lifetimeInRange && refOk && workflowOk;
  return decision(allow, deny);
}

// src/bench/policy-equivalents.ts
var POLICY_EQUIVALENTS = {
  sts: decideSts,
  pr: decidePr,
  push: decidePush,
  secrets: decideSecrets,
  egress: decideEgress
};

// src/bench/shipped-policy-inputs.ts
var SHIPPED_POLICIES = ["sts", "pr", "push", "secrets", "egress"];
async function shippedPolicyInputs(env = process.env) {
  const files = await loadPolicyFiles([policyDir(env)]);
  const withTests = RegoPolicy.compile(files.modules);
  const inputs = {};
  for (const pkg of SHIPPED_POLICIES) {
    inputs[pkg] = [];
    for (const set of ["inputs", "malformed"]) {
      const [doc] = withTests.documents([["airlock", `${pkg}_test`, set]], { data: files.data });
      if (doc === void 0) throw new Error(`data.airlock.${pkg}_test.${set} is undefined; every shipped policy's test file lists the inputs its tests use there`);
      for (const [name, input] of Object.entries(toJS(doc))) inputs[pkg].push({ name: `${set}.${name}`, input: JSON.parse(JSON.stringify(input)) });
    }
  }
  return { modules: files.modules.filter((m) => !m.file.endsWith("_test.rego")), inputs };
}

// src/bench/policy-bench.ts
var ALSO = { pr: ["low_risk_lane"], egress: ["resolve"] };
var TARGETS = { sts: 2e4, pr: 2e4 };
var ROUNDS = 5;
function perCpuSecond(n, fn) {
  for (let i = 0; i < Math.min(n, 500); i++) fn(i);
  const per = Math.max(1, Math.floor(n / ROUNDS));
  const rates = [];
  for (let r = 0; r < ROUNDS; r++) {
    const c = process.cpuUsage();
    for (let i = r * per; i < (r + 1) * per; i++) fn(i);
    const cu = process.cpuUsage(c);
    rates.push(per / Math.max(1e-6, (cu.user + cu.system) / 1e6));
  }
  return rates.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
}
var us = (perSecond) => +(1e6 / perSecond).toFixed(2);
var POLICY_BENCH = {
  name: "bench policy",
  help: {
    usage: ["airlock bench policy [--decisions N]"],
    about: "Decisions per CPU-second of the shipped policies (policies/*.rego) on their own test inputs, beside hand-written TypeScript equivalents, with the cost of a decision by phase. One JSON document on stdout.",
    options: [["--decisions N", "decisions measured per policy and phase (default 10000)"]],
    exit: { 0: "measured", 1: "a TypeScript equivalent disagrees with its policy", 2: "usage error" }
  },
  options: { decisions: { type: "string" } }
};
var policyBench = (argv, io) => runCommand(POLICY_BENCH, argv, io, ({ values: values2 }) => measurePolicies(numberOption("--decisions", values2.decisions, 1e4, { integer: true, min: ROUNDS }), io));
async function measurePolicies(n, io) {
  const { modules, inputs } = await shippedPolicyInputs(io.env);
  const compiled = RegoPolicy.compile(modules);
  const data = new RObject();
  const policies = {};
  const meets = {};
  for (const pkg of SHIPPED_POLICIES) {
    const cases = inputs[pkg].map((c) => c.input);
    const also = ALSO[pkg] ?? [];
    const entrypoint = `airlock.${pkg}`;
    const at = (i) => cases[i % cases.length];
    const decide = (input) => evaluatePolicy({ modules, entrypoint, input, limits: REQUEST_PATH_LIMITS, ...also.length ? { also } : {} });
    const equivalent = POLICY_EQUIVALENTS[pkg];
    if (equivalent) {
      for (const c of inputs[pkg]) {
        const rego = decide(c.input);
        const ts = equivalent(c.input);
        if (rego.allow !== ts.allow || JSON.stringify(rego.deny) !== JSON.stringify(ts.deny)) {
          io.stderr(`airlock bench policy: ${entrypoint} and its TypeScript equivalent disagree on ${c.name}: ${JSON.stringify({ rego: { allow: rego.allow, deny: rego.deny }, ts })}
`);
          return 1;
        }
      }
    }
    const paths = [["airlock", pkg, "allow"], ["airlock", pkg, "deny"], ...also.map((rule) => ["airlock", pkg, rule])];
    const converted = cases.map((x) => fromJS(x));
    const documents = converted.map((input) => compiled.documents(paths, { input, data, limits: REQUEST_PATH_LIMITS }));
    const full = perCpuSecond(n, (i) => decide(at(i)));
    const evaluation = perCpuSecond(n, (i) => compiled.documents(paths, { input: converted[i % cases.length], data, limits: REQUEST_PATH_LIMITS }));
    const digest = perCpuSecond(n, (i) => inputDigest(at(i)));
    const conversion = perCpuSecond(n, (i) => fromJS(at(i)));
    const shaping = perCpuSecond(n, (i) => {
      const [allow, deny, ...rest] = documents[i % cases.length];
      return [verdictOf(allow, deny), rest.map((v) => v === void 0 ? v : toJS(v))];
    });
    const typescript = equivalent ? perCpuSecond(10 * n, (i) => equivalent(at(i))) : void 0;
    const decisionUs = us(full);
    const phases = { evaluation: us(evaluation), input_digest: us(digest), input_conversion: us(conversion), result_shaping: us(shaping) };
    const bookkeeping = Math.max(0, decisionUs - phases.evaluation);
    const target = TARGETS[pkg];
    policies[pkg] = {
      inputs: cases.length,
      decisions_per_cpu_s: Math.round(full),
      us_per_decision: decisionUs,
      us_per_decision_by_phase: { ...phases, other: +Math.max(0, bookkeeping - phases.input_digest - phases.input_conversion - phases.result_shaping).toFixed(2) },
      bookkeeping_share: +(bookkeeping / decisionUs).toFixed(3),
      evaluation_decisions_per_cpu_s: Math.round(evaluation),
      typescript_equivalent: typescript === void 0 ? null : { file: `src/bench/${pkg}-policy-equivalent.ts`, decisions_per_cpu_s: Math.round(typescript) },
      slowdown_vs_typescript: typescript === void 0 ? null : +(typescript / full).toFixed(1),
      ...target !== void 0 ? { target_decisions_per_cpu_s: target } : {}
    };
    if (target !== void 0) meets[`${pkg}_decisions_per_cpu_s_${target / 1e3}k`] = full >= target;
  }
  const result = {
    bench: "policy",
    decisions_per_phase: n,
    policies,
    meets_targets: meets,
    note: "decisions: evaluatePolicy as the App calls it (request-path limits), rotating through the Rego tests' own inputs (inputs and malformed of airlock.<policy>_test); each phase timed alone on the same inputs; other = the decision less its timed phases (compiled-policy lookup, the decision record); CPU-second rates are medians of 5 rounds",
    // CPU time is inflated when other processes share the cores; this says how busy the machine was.
    load_average_1m: +loadavg()[0].toFixed(2)
  };
  io.stdout(`${JSON.stringify(result)}
`);
  return 0;
}
export {
  policyBench
};
