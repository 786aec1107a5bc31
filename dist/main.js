import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  DEFAULT_BODY_POLICY,
  RequestBodyScan,
  SANDBOX_HOME,
  StreamScrubber,
  UpstreamError,
  awsPlaceholderCredentials,
  carriesKnownValue,
  compileCredentials,
  connectPublicUpstream,
  findBwrap,
  githubTokenPlaceholder,
  preflightContainer,
  responseDecoder,
  runSandboxed,
  scrubString,
  shapedPlaceholder,
  startEgressProxy
} from "./chunks/chunk-UAF2ZNZS.js";
import "./chunks/chunk-PW7PX2R3.js";
import {
  isAgentControlPath,
  pathsNeedingApproval,
  recordedDecision,
  snapshotBase
} from "./chunks/chunk-PFYOJKV5.js";
import {
  hardenedGit,
  hardenedGitSequence
} from "./chunks/chunk-DACKHC6T.js";
import {
  screenRunEvent
} from "./chunks/chunk-IBNPYPAI.js";
import {
  RUN_EVENT_LIMITS
} from "./chunks/chunk-EPLYF327.js";
import {
  scanDiff
} from "./chunks/chunk-VTMLRQRL.js";
import {
  REQUEST_PATH_LIMITS,
  loadPolicyModules,
  policyDir
} from "./chunks/chunk-3KFUYEYQ.js";
import {
  verdictOf
} from "./chunks/chunk-5BDBOWHC.js";
import {
  RegoError,
  RegoProgram
} from "./chunks/chunk-2ZCGAJUC.js";
import {
  createCertificateAuthority
} from "./chunks/chunk-Y7NYHVI4.js";
import {
  gitBlobSha
} from "./chunks/chunk-M3RFPESX.js";
import "./chunks/chunk-JJEEWADX.js";
import {
  decodeJwt
} from "./chunks/chunk-VJTT6KNH.js";
import {
  BrokerError,
  GatewayError,
  PROMPT_FILE,
  RESERVED_SUFFIX,
  STATE_KEY,
  VAULT_STATE_KEY,
  agentPreset,
  azureAgentEnv,
  azureCredentialBinding,
  azurePlaceholderToken,
  brokerClient,
  core_exports,
  gcpAgentEnv,
  gcpCredentialBinding,
  gcpPlaceholderToken,
  getInput,
  jobSummary,
  leftoversOf,
  parseUpstreamOrigin,
  readActionSettings,
  readSecrets,
  revokeAll,
  runnerNetwork,
  setFailed,
  vaultLogin
} from "./chunks/chunk-7LVMZXCG.js";
import {
  DEFAULT_EGRESS_LIMITS,
  EgressPolicyError,
  SYSTEM_BUNDLE,
  SandboxError,
  awsCredentialBinding
} from "./chunks/chunk-AA3HKCER.js";
import {
  ID_TOKEN_RETRY,
  escapeHtml,
  fetchIdToken,
  shownPath
} from "./chunks/chunk-IZBXUKPQ.js";
import "./chunks/chunk-SDQEFD72.js";
import {
  normalizeHost
} from "./chunks/chunk-2FANN6CZ.js";
import "./chunks/chunk-SPRYJVQL.js";
import {
  withRetry
} from "./chunks/chunk-4DGAB22J.js";
import {
  DEFAULT_MAX_CHARS,
  ScanError,
  scanBuffer,
  scanText
} from "./chunks/chunk-AISXWLAK.js";
import {
  KnownValues,
  MIN_KNOWN_VALUE_LENGTH
} from "./chunks/chunk-FYVUDRBW.js";
import "./chunks/chunk-XTMBT247.js";
import "./chunks/chunk-M5SG437F.js";
import {
  fromJS
} from "./chunks/chunk-EUJLSU46.js";
import "./chunks/chunk-WLT2JI5U.js";

// src/action/run-main.ts
import { tmpdir as tmpdir4 } from "node:os";

// src/action/approval-client.ts
var RETRIES = 3;
var REQUEST_TIMEOUT_MS = 3e4;
var Aborted = class extends Error {
};
var sleep = (ms, signal) => new Promise((resolve, reject) => {
  if (signal?.aborted) return reject(new Aborted());
  const timer = setTimeout(() => {
    signal?.removeEventListener("abort", onAbort);
    resolve();
  }, Math.max(0, ms));
  const onAbort = () => {
    clearTimeout(timer);
    reject(new Aborted());
  };
  signal?.addEventListener("abort", onAbort, { once: true });
});
var errorText = (json, status) => {
  const error = json.error;
  return error && typeof error.code === "string" ? `${error.code}: ${String(error.message ?? "")}` : `the App answered HTTP ${status}`;
};
async function requestSecretApproval(options) {
  const doFetch = options.fetch ?? fetch;
  const base = options.brokerUrl.replace(/\/+$/, "");
  const deadline = Date.now() + options.timeoutMs;
  const { signal } = options;
  const exchange = async (method2, url, auth, body, abortable = true) => {
    const userSignal = abortable ? signal : void 0;
    const result = await withRetry(
      { attempts: RETRIES + 1, baseDelayMs: options.pollIntervalMs },
      async () => {
        if (userSignal?.aborted) throw new Aborted();
        let credential;
        try {
          credential = await auth();
        } catch (error) {
          return { retry: `cannot get a credential for the App: ${error.message}` };
        }
        try {
          const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
          const response = await doFetch(url, {
            method: method2,
            headers: { authorization: `Bearer ${credential}`, accept: "application/json", ...body === void 0 ? {} : { "content-type": "application/json" } },
            ...body === void 0 ? {} : { body: JSON.stringify(body) },
            signal: userSignal ? AbortSignal.any([userSignal, timeout]) : timeout
          });
          const text3 = await response.text();
          let json = {};
          try {
            json = text3 ? JSON.parse(text3) : {};
          } catch {
            const message = `the App answered HTTP ${response.status} with a body that is not JSON`;
            return response.status >= 500 ? { retry: message } : { done: { ok: false, message } };
          }
          if (response.status >= 500) return { retry: errorText(json, response.status) };
          return { done: { ok: true, status: response.status, json } };
        } catch (error) {
          if (userSignal?.aborted) throw new Aborted();
          return { retry: `cannot reach the App at ${base}: ${error.message}` };
        }
      },
      { signal: userSignal }
    );
    return result.ok ? result.value : { ok: false, message: `${result.last} (after ${RETRIES + 1} attempts)` };
  };
  let id;
  let pollToken = "";
  const item = () => `${base}/airlock/v1/approvals/${encodeURIComponent(id)}`;
  const release = async () => {
    if (!id) return;
    try {
      await exchange("DELETE", item(), async () => pollToken, void 0, false);
    } catch {
    }
  };
  const decided = (json) => {
    const status = json.status;
    const message = typeof json.message === "string" ? json.message : "";
    if (status === "approved") return { status: "approved", ...typeof json.decided_by === "string" ? { by: json.decided_by } : {} };
    if (status === "denied" || status === "expired" || status === "cancelled") return { status, message: message || `the App says ${status}` };
    if (status === "pending") return void 0;
    return { status: "error", message: `the App answered an unknown status ${JSON.stringify(status)}` };
  };
  try {
    const posted = await exchange("POST", `${base}/airlock/v1/approvals`, options.idToken, {
      identity: options.identity,
      secrets: options.secrets,
      destination: options.destination,
      timeout_seconds: Math.max(1, Math.ceil(options.timeoutMs / 1e3))
    });
    if (!posted.ok) return { status: "error", message: posted.message };
    if (posted.status === 403 && posted.json.error?.code === "secrets_denied") return { status: "denied", message: errorText(posted.json, 403) };
    if (posted.status !== 200 && posted.status !== 202) return { status: "error", message: errorText(posted.json, posted.status) };
    if (typeof posted.json.id !== "string") return { status: "error", message: "the App answered without an approval id" };
    id = posted.json.id;
    options.onPosted?.(id);
    const first = decided(posted.json);
    if (first) return first;
    if (typeof posted.json.poll_token !== "string") return { status: "error", message: "the App answered pending without a poll token" };
    pollToken = posted.json.poll_token;
    for (; ; ) {
      const left = deadline - Date.now();
      if (left <= 0) {
        await release();
        return { status: "expired", message: `nobody decided within ${Math.round(options.timeoutMs / 1e3)} s; the secrets are refused` };
      }
      await sleep(Math.min(options.pollIntervalMs, left), signal);
      if (Date.now() >= deadline) continue;
      const polled = await exchange("GET", item(), async () => pollToken);
      if (!polled.ok) {
        await release();
        return { status: "error", message: polled.message };
      }
      if (polled.status !== 200) {
        await release();
        return { status: "error", message: errorText(polled.json, polled.status) };
      }
      const result = decided(polled.json);
      if (result) return result;
    }
  } catch (error) {
    if (error instanceof Aborted || signal?.aborted) {
      await release();
      return { status: "cancelled", message: "the run stopped waiting for the approval" };
    }
    await release();
    return { status: "error", message: error.message };
  }
}

// src/action/credential-masking.ts
function credentialForms(value) {
  const forms = /* @__PURE__ */ new Set([value]);
  for (const line of value.split(/\r?\n/)) if (line.trim().length >= 4) forms.add(line.trim());
  const bytes = Buffer.from(value, "utf8");
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    const start = Math.ceil(offset * 4 / 3);
    const end = Math.floor((offset + bytes.length) * 4 / 3);
    const core = encoded.slice(start, end);
    if (core.length >= 8) {
      forms.add(core);
      forms.add(core.replace(/\+/g, "-").replace(/\//g, "_"));
    }
  }
  forms.add(bytes.toString("hex"));
  forms.add(bytes.toString("hex").toUpperCase());
  forms.add(encodeURIComponent(value));
  for (const form of [...forms]) if (form.length >= 8) forms.add([...form].reverse().join(""));
  return [...forms];
}
function redact(text3, forms) {
  let out = text3;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) if (form) out = out.split(form).join("***");
  return out;
}

// src/policy/modules-for-package.ts
var PACKAGE = /^\s*package\s+([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)/m;
var DATA_REF = /(?<![.\w])data((?:\.[A-Za-z_]\w*)+)/g;
var DYNAMIC_DATA = /(?<![.\w])data(?!\.[A-Za-z_])(?!\w)/;
var NOT_CODE = /"(?:[^"\\\n]|\\.)*"|`[^`]*`|#[^\n]*/g;
var related = (a, b) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
function modulesForPackage(pkg, modules) {
  const parsed = modules.map((m) => {
    const code = m.source.replace(NOT_CODE, " ");
    return { module: m, pkg: PACKAGE.exec(code)?.[1], code };
  });
  if (parsed.some((p) => p.pkg === void 0)) return [...modules];
  const wanted = /* @__PURE__ */ new Set([pkg]);
  const kept = /* @__PURE__ */ new Set();
  for (let grew = true; grew; ) {
    grew = false;
    parsed.forEach((p, i) => {
      if (kept.has(i) || ![...wanted].some((w) => related(p.pkg, w))) return;
      kept.add(i);
      grew = true;
      if (DYNAMIC_DATA.test(p.code)) parsed.forEach((_, j) => kept.add(j));
      for (const [, path] of p.code.matchAll(DATA_REF)) wanted.add(path.slice(1));
    });
  }
  return parsed.filter((_, i) => kept.has(i)).map((p) => p.module);
}

// src/action/github-hosts.ts
function origin(url, what) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${what} is not a URL: ${url}`);
  }
  const host = normalizeHost(parsed.hostname.replace(/^\[|\]$/g, ""));
  if (host.kind === "invalid") throw new Error(`${what} names no usable host: ${url}`);
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === "http:" ? 80 : 443;
  return { host: host.host, port, prefix: parsed.pathname.replace(/\/+$/, "") };
}
function githubHosts(env) {
  const api = origin(env.GITHUB_API_URL || "https://api.github.com", "GITHUB_API_URL");
  const server = origin(env.GITHUB_SERVER_URL || "https://github.com", "GITHUB_SERVER_URL");
  const uploads = api.host === "api.github.com" ? { host: "uploads.github.com", port: 443, prefix: "" } : { ...server, prefix: "/api/uploads" };
  return { api, server: { ...server, prefix: "" }, uploads };
}
var ruleHost = (o) => o.host.includes(":") ? `[${o.host}]` : o.host;
function githubHostRules(hosts) {
  const byHost = /* @__PURE__ */ new Map();
  for (const o of [hosts.api, hosts.server, hosts.uploads]) byHost.set(ruleHost(o), (byHost.get(ruleHost(o)) ?? /* @__PURE__ */ new Set()).add(o.port));
  return [...byHost].map(([host, ports]) => ({ host, ports: [...ports].sort((a, b) => a - b) }));
}
var under = (path, prefix) => prefix === "" ? path : path === prefix || path.startsWith(`${prefix}/`) ? path.slice(prefix.length) || "/" : void 0;
var same = (o, host, port) => o.host === host && o.port === port;
function repositoryOf(path, service) {
  const segments = path.split("/").filter(Boolean);
  if (service === "git") {
    const [owner, repo] = segments;
    return owner && repo ? `${owner}/${repo.replace(/\.git$/, "")}`.toLowerCase() : null;
  }
  return segments[0] === "repos" && segments[1] && segments[2] ? `${segments[1]}/${segments[2]}`.toLowerCase() : null;
}
function classifyGithubRequest(hosts, request) {
  const { host, port } = request;
  if (same(hosts.uploads, host, port)) {
    const path = under(request.path, hosts.uploads.prefix);
    if (path !== void 0) return { service: "uploads", path, repository: repositoryOf(path, "uploads") };
  }
  if (same(hosts.api, host, port)) {
    if (hosts.api.prefix === "/api/v3" && request.path === "/api/graphql") return { service: "api", path: "/graphql", repository: null };
    const path = under(request.path, hosts.api.prefix);
    if (path !== void 0) return { service: "api", path, repository: repositoryOf(path, "api") };
  }
  if (same(hosts.server, host, port)) return { service: "git", path: request.path, repository: repositoryOf(request.path, "git") };
  return null;
}

// src/action/egress-decision.ts
var DOCUMENTS = ["allow", "deny", "resolve"].map((rule) => ["airlock", "egress", rule]);
function egressDecision(modules, hosts, run) {
  let program;
  let problem;
  let ready = Promise.resolve();
  try {
    ({ program, ready } = RegoProgram.onDemand(modulesForPackage("airlock.egress", modules)));
  } catch (error) {
    problem = error instanceof Error ? error : new Error(String(error));
  }
  ready.catch(() => void 0);
  const evaluate = (input) => {
    try {
      if (!program) throw problem;
      const [allow, deny, resolve] = program.documents(DOCUMENTS, { input: fromJS(input), limits: REQUEST_PATH_LIMITS });
      return { ...verdictOf(allow, deny), resolve: resolve === true };
    } catch (error) {
      const code = error instanceof RegoError ? error.code : "internal_error";
      return { allow: false, deny: [`policy error (${code}): ${error instanceof Error ? error.message : String(error)}`], resolve: false };
    }
  };
  const counts = { allowed: 0, resolved: 0, denied: 0 };
  const decide = (request, found) => {
    const credential = found?.credential;
    const input = {
      request: { method: request.method, scheme: request.scheme, host: request.host, port: request.port, path: request.path },
      credential: found ? { id: found.credential.id, kind: found.credential.kind, placement: found.placement } : null,
      github: classifyGithubRequest(hosts, request),
      aws: request.aws ?? null,
      cloud: credential?.cloud ? { provider: credential.cloud.provider, service: credential.cloud.serviceOf(request.host, request.port), identity: credential.cloud.identity } : null,
      run: run()
    };
    const d = evaluate(input);
    let result;
    if (!d.allow) result = { decision: "deny", reasons: d.deny.length ? d.deny : ["the egress policy did not allow this request"] };
    else if (credential && d.resolve) result = { decision: "resolve", reasons: [] };
    else result = { decision: "allow", reasons: [] };
    counts[result.decision === "deny" ? "denied" : result.decision === "resolve" ? "resolved" : "allowed"]++;
    return result;
  };
  return { decide, counts, problem, ready };
}

// src/action/fenced-id-token.ts
function fencedIdToken(env, fetchImpl) {
  return async (audience) => {
    const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!url) throw new Error("Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable");
    if (!requestToken) throw new Error("Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable");
    const response = await fetchImpl(`${url}&audience=${encodeURIComponent(audience)}`, { headers: { authorization: `Bearer ${requestToken}`, accept: "application/json", "user-agent": "airlock-action" } });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => void 0);
      throw new Error(`GitHub's OIDC token endpoint answered HTTP ${response.status}`);
    }
    const value = (await response.json()).value;
    if (typeof value !== "string" || !value) throw new Error("GitHub's OIDC token endpoint answered without a token");
    return value;
  };
}

// src/action/github-token-lease.ts
function refreshDelayMs(token, now) {
  const left = Date.parse(token.expires_at) - now;
  const margin = Math.min(5 * 6e4, Math.max(1e4, left / 4));
  return Math.max(5e3, left - margin);
}
var RETRY_MS = 15e3;
var GithubTokenLease = class {
  constructor(first, deps) {
    this.deps = deps;
    this.#current = first;
  }
  deps;
  #current;
  #timer;
  #stopped = false;
  #refreshing;
  /** The real token to put in a request now. */
  current() {
    return this.#current.token;
  }
  start() {
    this.#schedule(refreshDelayMs(this.#current, this.deps.now()));
  }
  /** Stops refreshing; waits for a refresh in flight so no token is minted after the step moved on. */
  async stop() {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#refreshing;
  }
  /** Replaces the token now (the timer's job; public so a run can be tested without waiting). */
  refresh() {
    return this.#refreshing ??= this.#replace().finally(() => this.#refreshing = void 0);
  }
  #schedule(ms) {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), ms);
    this.#timer.unref();
  }
  async #replace() {
    if (this.#stopped) return;
    let next;
    try {
      next = await this.deps.mint();
    } catch (error) {
      const left = Date.parse(this.#current.expires_at) - this.deps.now();
      this.deps.onError(`could not re-mint the GitHub token (${error.message}); ${left > 0 ? `retrying, the current one expires in ${Math.round(left / 1e3)} s` : "the current one has expired"}`);
      if (left > 0) this.#schedule(Math.min(RETRY_MS, left));
      return;
    }
    this.deps.onMinted(next);
    const old = this.#current;
    this.#current = next;
    if (this.#stopped) return;
    this.#schedule(refreshDelayMs(next, this.deps.now()));
    try {
      await this.deps.revoke(old);
      this.deps.onRevoked(old);
    } catch (error) {
      this.deps.onError(`could not revoke the replaced GitHub token ${old.token_id.slice(0, 8)} (${error.message}); it is revoked again when the step ends`);
    }
  }
};

// src/action/secrets-approval.ts
function secretsPolicyInput(vault, oidcToken) {
  const claims = decodeJwt(oidcToken);
  const text3 = (name) => typeof claims[name] === "string" ? claims[name] : "";
  const environment = text3("environment");
  return {
    requests: vault.secrets.map((s) => ({ path: s.path, key: s.key, env: s.envName })),
    approval: environment ? { approved: true, by: `environment:${environment}`, sha: text3("sha") } : { approved: false },
    run: { sha: text3("sha"), actor: text3("actor") }
  };
}
async function checkSecretsPolicy(vault, oidcToken, env) {
  const modules = await loadPolicyModules(policyDir(env));
  const { evaluatePolicy } = await import("./chunks/evaluate-policy-7SVJCSII.js");
  const decision = evaluatePolicy({ modules, entrypoint: "airlock.secrets", input: secretsPolicyInput(vault, oidcToken), limits: REQUEST_PATH_LIMITS });
  if (!decision.allow) {
    throw new Error(`policy airlock.secrets refused to resolve secrets: ${decision.deny.join("; ")}. Run the job in a GitHub environment with required reviewers (\`environment:\`) to approve secret access.`);
  }
}

// src/action/agent-network.ts
import { mkdtemp, readFile, rm as rm2, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rootCertificates } from "node:tls";

// src/egress/routed-upstream.ts
import { connect } from "node:net";
function routedUpstream(routes, fallback) {
  const table = /* @__PURE__ */ new Map();
  for (const [name, route] of Object.entries(routes)) {
    const host = normalizeHost(name);
    if (host.kind !== "name")
      throw new EgressPolicyError("invalid-host", `route "${name}" must be a host name`);
    table.set(host.host, route);
  }
  return (host, port) => {
    const route = host.kind === "name" ? table.get(host.host) : void 0;
    if (!route) return fallback(host, port);
    return new Promise((resolve, reject) => {
      const socket = "socketPath" in route ? connect({ path: route.socketPath }) : connect({ host: "127.0.0.1", port: route.port });
      socket.once("connect", () => {
        socket.removeAllListeners("error");
        resolve(socket);
      });
      socket.once(
        "error",
        (e) => reject(new UpstreamError("connect-failed", `local route ${host.host}: ${e.message}`))
      );
    });
  };
}

// src/gateway/llm-providers.ts
var LLM_PROVIDERS = ["anthropic", "openai"];
var PROVIDER_DEFINITIONS = {
  anthropic: {
    defaultUpstream: "https://api.anthropic.com",
    keyConvention: "x-api-key",
    routes: [
      { method: "POST", path: "/v1/messages" },
      { method: "POST", path: "/v1/messages/count_tokens" },
      { method: "GET", path: "/v1/models" }
    ],
    baseUrlSuffix: "",
    baseUrlVariable: "ANTHROPIC_BASE_URL",
    keyVariable: "ANTHROPIC_API_KEY"
  },
  openai: {
    defaultUpstream: "https://api.openai.com",
    keyConvention: "authorization-bearer",
    routes: [
      { method: "POST", path: "/v1/chat/completions" },
      { method: "POST", path: "/v1/responses" },
      { method: "GET", path: "/v1/models" }
    ],
    baseUrlSuffix: "/v1",
    baseUrlVariable: "OPENAI_BASE_URL",
    keyVariable: "OPENAI_API_KEY"
  }
};

// src/gateway/gateway-environment.ts
function gatewayEnvironment(origin2, placeholderKeys) {
  const base = origin2.replace(/\/+$/, "");
  const env = {};
  for (const provider of LLM_PROVIDERS) {
    const key = placeholderKeys[provider];
    if (key === void 0) continue;
    const def = PROVIDER_DEFINITIONS[provider];
    env[def.baseUrlVariable] = `${base}/${provider}${def.baseUrlSuffix}`;
    env[def.keyVariable] = key;
  }
  return env;
}

// src/gateway/llm-gateway.ts
import { chmod, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { Agent, request as httpsRequest } from "node:https";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

// src/gateway/provider-credential.ts
import { timingSafeEqual } from "node:crypto";
var CREDENTIAL_HEADERS = ["x-api-key", "authorization"];
function bearer(value) {
  return value === void 0 ? void 0 : /^Bearer (\S+)$/i.exec(value)?.[1];
}
function presentedKey(headers, convention) {
  if (convention === "authorization-bearer") return bearer(headers.authorization);
  const v = headers["x-api-key"];
  return typeof v === "string" ? v : void 0;
}
function sameKey(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
function checkPresentedKey(headers, convention, placeholder, otherPlaceholders) {
  const key = presentedKey(headers, convention);
  if (key !== void 0 && sameKey(key, placeholder)) return { ok: true };
  const anywhere = [
    presentedKey(headers, "x-api-key"),
    presentedKey(headers, "authorization-bearer")
  ];
  if (anywhere.some((k) => k !== void 0 && otherPlaceholders.some((p) => sameKey(k, p))))
    return { ok: false, reason: "placeholder-wrong-provider" };
  return { ok: false, reason: key === void 0 ? "missing-key" : "wrong-key" };
}
function credentialHeader(convention, key) {
  return convention === "x-api-key" ? ["x-api-key", key] : ["authorization", `Bearer ${key}`];
}

// src/gateway/gateway-headers.ts
var DROP_UPSTREAM = /* @__PURE__ */ new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authorization",
  "proxy-authenticate",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "expect",
  "host",
  "content-length",
  "content-encoding",
  "accept-encoding",
  "cookie",
  ...CREDENTIAL_HEADERS
]);
var DROP_DOWNSTREAM = /* @__PURE__ */ new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "content-length",
  "content-encoding",
  "set-cookie"
]);
function connectionNamed(headers) {
  return new Set(
    String(headers.connection ?? "").split(",").map((s) => s.trim().toLowerCase())
  );
}
function upstreamRequestHeaders(incoming, convention, realKey, bodyLength) {
  const named = connectionNamed(incoming);
  const out = {};
  for (const [k, v] of Object.entries(incoming))
    if (v !== void 0 && !DROP_UPSTREAM.has(k) && !named.has(k)) out[k] = v;
  const [name, value] = credentialHeader(convention, realKey);
  out[name] = value;
  out["accept-encoding"] = "identity";
  if (bodyLength !== void 0) out["content-length"] = bodyLength;
  return out;
}
function agentResponseHeaders(upstream, scrub) {
  const named = connectionNamed(upstream);
  const out = {};
  for (const [k, v] of Object.entries(upstream)) {
    if (v === void 0 || DROP_DOWNSTREAM.has(k) || named.has(k)) continue;
    out[k] = Array.isArray(v) ? v.map(scrub) : scrub(v);
  }
  return out;
}

// src/gateway/gateway-refusal.ts
var REFUSAL_STATUS = {
  "unknown-route": 404,
  "method-not-allowed": 405,
  "missing-key": 401,
  "wrong-key": 401,
  "placeholder-wrong-provider": 401,
  "sensitive-value-in-request": 403,
  "content-encoding-unsupported": 415,
  "body-too-large": 413,
  "body-aborted": 400,
  "body-blocked": 403,
  "scan-failed": 500,
  "gateway-busy": 503,
  "upstream-failed": 502,
  "upstream-redirect": 502,
  "upstream-encoding-unsupported": 502,
  "upgrade-refused": 403,
  "revoked-by-containment": 403
};
var REFUSAL_MESSAGE = {
  "unknown-route": "no such provider route on the Airlock LLM gateway",
  "method-not-allowed": "this method is not allowed on this route",
  "missing-key": "the request carries no API key; use the placeholder key Airlock gave this run",
  "wrong-key": "the API key is not this run's placeholder key for this provider",
  "placeholder-wrong-provider": "the placeholder key belongs to another provider's route",
  "sensitive-value-in-request": "the URL or a header carries a credential Airlock protects",
  "content-encoding-unsupported": "compressed request bodies are not accepted",
  "body-too-large": "the request body is larger than the gateway accepts",
  "body-aborted": "the request body ended early",
  "body-blocked": "the request body carries a credential; the request was not sent",
  "scan-failed": "the request body could not be scanned; the request was not sent",
  "gateway-busy": "the gateway holds too many request bodies; retry later",
  "upstream-failed": "the provider could not be reached over verified TLS",
  "upstream-redirect": "the provider answered with a redirect, which the gateway never follows",
  "upstream-encoding-unsupported": "the provider answered in a content encoding the gateway cannot scrub",
  "upgrade-refused": "protocol upgrades are not allowed",
  "revoked-by-containment": "the Airlock App's containment revoked this run's credentials; the gateway no longer forwards with the real key"
};

// src/gateway/match-provider-route.ts
function matchProviderRoute(method2, target, configured) {
  const q = target.indexOf("?");
  const pathPart = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? "" : target.slice(q);
  const slash = pathPart.indexOf("/", 1);
  const prefix = slash < 0 ? pathPart.slice(1) : pathPart.slice(1, slash);
  const provider = [...configured].find((p) => p === prefix);
  if (!pathPart.startsWith("/") || provider === void 0 || slash < 0)
    return { ok: false, provider, path: "", reason: "unknown-route" };
  const rest = pathPart.slice(slash);
  const routes = PROVIDER_DEFINITIONS[provider].routes.filter((r) => r.path === rest);
  if (routes.length === 0) return { ok: false, provider, path: "", reason: "unknown-route" };
  if (!routes.some((r) => r.method === method2))
    return { ok: false, provider, path: rest, reason: "method-not-allowed" };
  return { ok: true, provider, path: rest, query };
}

// src/gateway/placeholder-key.ts
import { randomBytes } from "node:crypto";
var PLACEHOLDER_PREFIX = "airlock-placeholder-";
function mintPlaceholderKey(provider) {
  return `${PLACEHOLDER_PREFIX}${provider}-${randomBytes(16).toString("hex")}`;
}

// src/gateway/request-model.ts
var MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,99}$/;
function requestModel(body) {
  if (body.length === 0 || body[0] !== 123) return void 0;
  let parsed;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return void 0;
  }
  const model = parsed.model;
  return typeof model === "string" && MODEL_NAME.test(model) ? model : void 0;
}

// src/gateway/usage-tally.ts
var USAGE_FIELD = /"(input_tokens|output_tokens|prompt_tokens|completion_tokens)"\s*:\s*(\d{1,12})/g;
var OVERLAP = 64;
var UsageTally = class {
  inputTokens = 0;
  outputTokens = 0;
  #tail = "";
  push(chunk) {
    const text3 = this.#tail + chunk.toString("latin1");
    for (const match of text3.matchAll(USAGE_FIELD)) {
      const count = Number(match[2]);
      if (match[1] === "input_tokens" || match[1] === "prompt_tokens") this.inputTokens = Math.max(this.inputTokens, count);
      else this.outputTokens = Math.max(this.outputTokens, count);
    }
    this.#tail = text3.slice(-OVERLAP);
  }
};

// src/gateway/llm-gateway.ts
var DEFAULTS = {
  maxRequestBodyBytes: 32 * 1024 * 1024,
  maxBufferedBytes: 128 * 1024 * 1024,
  maxConnections: 256,
  headersTimeoutMs: 1e4,
  requestTimeoutMs: 12e4,
  upstreamIdleTimeoutMs: 6e5
};
function positive(name, value) {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new GatewayError("invalid-options", `${name} must be a positive integer`);
  return value;
}
function checkApiKey(provider, key) {
  if (key.length < MIN_KNOWN_VALUE_LENGTH)
    throw new GatewayError("invalid-options", `${provider}: apiKey is too short`);
  if (!/^[\x21-\x7e]+$/.test(key))
    throw new GatewayError("invalid-options", `${provider}: apiKey must be printable ASCII`);
}
function listen(server, where) {
  return new Promise((resolve, reject) => {
    const fail = (e) => reject(new GatewayError("listen-failed", `LLM gateway cannot listen: ${e.message}`));
    server.once("error", fail);
    const done = () => {
      server.off("error", fail);
      resolve();
    };
    if ("path" in where) server.listen(where.path, done);
    else server.listen(where.port, "127.0.0.1", done);
  });
}
async function startLlmGateway(options) {
  const now = options.now ?? Date.now;
  const cap = positive(
    "maxRequestBodyBytes",
    options.maxRequestBodyBytes ?? DEFAULTS.maxRequestBodyBytes
  );
  const budget = positive(
    "maxBufferedBytes",
    options.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes
  );
  const idleMs = positive(
    "upstreamIdleTimeoutMs",
    options.upstreamIdleTimeoutMs ?? DEFAULTS.upstreamIdleTimeoutMs
  );
  const headersTimeout = positive(
    "headersTimeoutMs",
    options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs
  );
  const requestTimeout = positive(
    "requestTimeoutMs",
    options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs
  );
  const maxConnections = positive(
    "maxConnections",
    options.maxConnections ?? DEFAULTS.maxConnections
  );
  const policy = { ...DEFAULT_BODY_POLICY, ...options.bodyPolicy };
  if (!["redact", "block"].includes(policy.knownValue))
    throw new GatewayError("invalid-options", "bodyPolicy.knownValue must be redact or block");
  const bound = /* @__PURE__ */ new Map();
  for (const provider of LLM_PROVIDERS) {
    const config = options.providers[provider];
    if (config === void 0) continue;
    checkApiKey(provider, config.apiKey);
    bound.set(provider, {
      provider,
      apiKey: config.apiKey,
      upstream: parseUpstreamOrigin(
        config.upstream ?? PROVIDER_DEFINITIONS[provider].defaultUpstream
      ),
      placeholder: mintPlaceholderKey(provider),
      agent: new Agent({
        keepAlive: true,
        rejectUnauthorized: true,
        minVersion: "TLSv1.2",
        ...options.ca !== void 0 ? { ca: options.ca } : {}
      })
    });
  }
  if (bound.size === 0) throw new GatewayError("invalid-options", "no provider configured");
  const configured = new Set(bound.keys());
  const realKeys = [...bound.values()].map((b) => ({
    value: b.apiKey,
    label: `${b.provider}-api-key`
  }));
  const realKeyValues = new KnownValues(realKeys);
  let buffered = 0;
  const handleRequest = async (req, res) => {
    const start = now();
    const method2 = req.method ?? "GET";
    const route = matchProviderRoute(method2, req.url ?? "", configured);
    let requestBytes = 0;
    let held = 0;
    let logged = false;
    const release = () => {
      buffered -= held;
      held = 0;
    };
    const log = (record) => {
      if (logged) return;
      logged = true;
      options.onLog({
        time: new Date(start).toISOString(),
        provider: route.provider,
        method: method2,
        path: route.path.slice(0, 200),
        requestBytes,
        responseBytes: 0,
        scrubbed: 0,
        durationMs: now() - start,
        ...record
      });
    };
    const refuse = (reason, rules) => {
      release();
      const status = REFUSAL_STATUS[reason];
      log({ decision: "deny", reason, status, upstream: void 0, ...rules ? { rules } : {} });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(status, {
        "content-type": "application/json",
        connection: "close",
        "x-airlock-gateway": reason
      });
      res.end(JSON.stringify({ error: { code: reason, message: REFUSAL_MESSAGE[reason] } }));
    };
    try {
      if (!route.ok) return refuse(route.reason);
      const b = bound.get(route.provider);
      const def = PROVIDER_DEFINITIONS[b.provider];
      const others = [...bound.values()].filter((o) => o !== b).map((o) => o.placeholder);
      const key = checkPresentedKey(req.headers, def.keyConvention, b.placeholder, others);
      if (!key.ok) return refuse(key.reason);
      if (options.resolution?.stopped) return refuse(options.resolution.stopped);
      let protectedValues;
      try {
        protectedValues = new KnownValues([...realKeys, ...options.sensitiveValues?.() ?? []]);
      } catch {
        return refuse("scan-failed");
      }
      if (carriesKnownValue(protectedValues, req.url ?? "", req.headers))
        return refuse("sensitive-value-in-request");
      const encoding = String(req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
      if (encoding !== "identity") return refuse("content-encoding-unsupported");
      const declared = req.headers["content-length"];
      if (declared !== void 0 && Number(declared) > cap) return refuse("body-too-large");
      const scan = new RequestBodyScan(protectedValues, policy);
      const parts2 = [];
      const outcome = await new Promise((resolve) => {
        const stop = (result) => {
          req.off("data", onData);
          req.pause();
          resolve(result);
        };
        const onData = (chunk) => {
          requestBytes += chunk.length;
          if (requestBytes > cap) return stop("body-too-large");
          if (buffered + chunk.length > budget) return stop("gateway-busy");
          buffered += chunk.length;
          held += chunk.length;
          parts2.push(chunk);
          try {
            scan.push(chunk);
          } catch {
            stop("scan-failed");
          }
        };
        req.on("data", onData);
        req.once("end", () => resolve("complete"));
        req.once("error", () => stop("body-aborted"));
        req.once("close", () => {
          if (!req.complete) stop("body-aborted");
        });
      });
      if (outcome !== "complete") return refuse(outcome);
      let decision;
      try {
        decision = scan.finish(Buffer.concat(parts2));
      } catch {
        return refuse("scan-failed");
      }
      if (decision.action === "block") return refuse("body-blocked", decision.rules);
      const body = decision.body;
      const action = decision.action;
      const rules = decision.action === "redact" ? { rules: decision.rules } : {};
      if (options.resolution?.stopped) return refuse(options.resolution.stopped);
      const model = requestModel(body);
      const usage = new UsageTally();
      const upstream = httpsRequest({
        host: b.upstream.host,
        port: b.upstream.port,
        method: method2,
        path: route.path + route.query,
        headers: upstreamRequestHeaders(
          req.headers,
          def.keyConvention,
          b.apiKey,
          body.length > 0 || declared !== void 0 ? body.length : void 0
        ),
        agent: b.agent,
        rejectUnauthorized: true,
        timeout: idleMs
      });
      upstream.on("timeout", () => upstream.destroy(new Error("upstream idle timeout")));
      upstream.on("error", () => {
        if (!res.headersSent) refuse("upstream-failed");
        else res.destroy();
      });
      res.once("close", () => {
        if (!res.writableFinished) upstream.destroy();
      });
      upstream.on("response", (up) => {
        const status = up.statusCode ?? 502;
        if (status >= 300 && status < 400) {
          up.resume();
          return refuse("upstream-redirect");
        }
        const decoder = responseDecoder(up.headers["content-encoding"]);
        if (decoder === null) {
          up.resume();
          return refuse("upstream-encoding-unsupported");
        }
        let scrubbed = 0;
        let responseBytes = 0;
        const headers = agentResponseHeaders(up.headers, (value) => {
          const r = scrubString(realKeyValues, value);
          scrubbed += r.replacements;
          return r.text;
        });
        const scrubber = new StreamScrubber(realKeyValues);
        const emit = (out) => {
          responseBytes += out.length;
          usage.push(out);
          return out;
        };
        const scrub = new Transform({
          transform(chunk, _enc, done) {
            done(null, emit(scrubber.push(chunk)));
          },
          flush(done) {
            done(null, emit(scrubber.end()));
          }
        });
        res.writeHead(status, headers);
        res.once(
          "close",
          () => log({
            decision: action,
            status,
            upstream: b.upstream.label,
            responseBytes,
            scrubbed: scrubbed + scrubber.replacements,
            ...rules,
            ...model ? { model } : {},
            inputTokens: usage.inputTokens,
            outputTokens: usage.outputTokens
          })
        );
        const flow = decoder ? pipeline(up, decoder, scrub, res) : pipeline(up, scrub, res);
        flow.catch(() => res.destroy());
      });
      upstream.end(body);
    } finally {
      release();
    }
  };
  const refuseSocket = (socket, method2, reason) => {
    const start = now();
    options.onLog({
      time: new Date(start).toISOString(),
      provider: void 0,
      method: method2,
      path: "",
      upstream: void 0,
      decision: "deny",
      reason,
      status: REFUSAL_STATUS[reason],
      requestBytes: 0,
      responseBytes: 0,
      scrubbed: 0,
      durationMs: now() - start
    });
    socket.end(
      `HTTP/1.1 ${REFUSAL_STATUS[reason]} Refused\r
connection: close\r
x-airlock-gateway: ${reason}\r
\r
`
    );
  };
  const servers = [];
  const sockets = /* @__PURE__ */ new Set();
  const makeServer = () => {
    const server = createServer({ headersTimeout, requestTimeout }, (req, res) => {
      handleRequest(req, res).catch(() => res.destroy());
    });
    server.maxConnections = maxConnections;
    server.on("connection", (s) => {
      sockets.add(s);
      s.once("close", () => sockets.delete(s));
    });
    server.on(
      "upgrade",
      (req, socket) => refuseSocket(socket, req.method ?? "", "upgrade-refused")
    );
    server.on(
      "connect",
      (_req, socket) => refuseSocket(socket, "CONNECT", "method-not-allowed")
    );
    server.on("clientError", (_err, socket) => socket.destroy());
    servers.push(server);
    return server;
  };
  const close = async () => {
    await Promise.all(
      servers.map(
        (s) => new Promise((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        })
      )
    );
    for (const s of sockets) s.destroy();
    for (const b of bound.values()) b.agent.destroy();
  };
  try {
    const tcp = makeServer();
    await listen(tcp, { port: options.port ?? 0 });
    if (options.socketPath !== void 0) {
      await rm(options.socketPath, { force: true });
      await listen(makeServer(), { path: options.socketPath });
      await chmod(options.socketPath, 384);
    }
    const origin2 = `http://127.0.0.1:${tcp.address().port}`;
    const baseUrls = {};
    const placeholderKeys = {};
    for (const b of bound.values()) {
      baseUrls[b.provider] = `${origin2}/${b.provider}${PROVIDER_DEFINITIONS[b.provider].baseUrlSuffix}`;
      placeholderKeys[b.provider] = b.placeholder;
    }
    return { origin: origin2, baseUrls, placeholderKeys, socketPath: options.socketPath, close };
  } catch (e) {
    await close();
    throw e;
  }
}

// src/action/agent-network.ts
var GATEWAY_HOST = `llm${RESERVED_SUFFIX}`;
var runCertificateAuthority = () => createCertificateAuthority({ commonName: "Airlock run CA (this job only)" });
function gatewayRule(providers) {
  const routes = providers.flatMap((p) => PROVIDER_DEFINITIONS[p].routes.map((r) => ({ method: r.method, path: `/${p}${r.path}` })));
  return { host: GATEWAY_HOST, ports: [80], methods: [...new Set(routes.map((r) => r.method))], paths: routes.map((r) => r.path) };
}
function gatewayBindings(placeholders) {
  return Object.entries(placeholders).map(([provider, placeholder]) => ({
    id: `llm:${provider}`,
    kind: "llm-key",
    placeholder,
    hosts: [{ host: GATEWAY_HOST, ports: [80] }],
    placements: PROVIDER_DEFINITIONS[provider].keyConvention === "x-api-key" ? [{ kind: "header", name: "x-api-key" }] : [{ kind: "authorization", schemes: ["bearer"] }],
    real: () => placeholder,
    resolvedDownstream: true
  }));
}
function mergeHostRules(rules) {
  const merged = /* @__PURE__ */ new Map();
  for (const rule of rules) {
    const seen = merged.get(rule.host);
    if (!seen) merged.set(rule.host, rule);
    else if (!seen.methods && !seen.paths && !rule.methods && !rule.paths) merged.set(rule.host, { host: rule.host, ports: [.../* @__PURE__ */ new Set([...seen.ports ?? [443], ...rule.ports ?? [443]])].sort((a, b) => a - b) });
  }
  return [...merged.values()];
}
var entries = (rules) => rules.flatMap((r) => (r.ports ?? [443]).map((p) => `${r.host}:${p}`));
async function trustBundle(caPem) {
  const system = await readFile(SYSTEM_BUNDLE, "utf8").catch(() => rootCertificates.join("\n"));
  return `${system.trimEnd()}
${caPem}`;
}
async function startAgentNetwork(settings, credentials) {
  const providers = Object.keys(settings.llm);
  const egressLogs = [];
  const gatewayLogs = [];
  const dir = await mkdtemp(join(tmpdir(), "airlock-network-"));
  let gateway;
  let proxy;
  let trust;
  let closing;
  const close = () => closing ??= (async () => {
    await proxy?.close();
    await gateway?.close();
    await rm2(dir, { recursive: true, force: true });
  })();
  const sandboxed = settings.sandbox !== "none";
  const backend = settings.sandbox === "container" ? "container" : "bwrap";
  const bound = credentials.bindings.flatMap((b) => b.hosts);
  const hosts = mergeHostRules([...settings.allowedHosts.rules, ...bound]);
  try {
    if (providers.length) {
      gateway = await startLlmGateway({
        providers: settings.llm,
        onLog: (r) => {
          gatewayLogs.push(r);
          credentials.onGatewayLog?.(r);
        },
        sensitiveValues: credentials.protectedValues,
        ...credentials.resolution ? { resolution: credentials.resolution } : {},
        socketPath: join(dir, "gateway.sock")
      });
    }
    const rules = [...hosts, ...gateway ? [gatewayRule(providers)] : []];
    if (sandboxed && rules.length) {
      const bindings = [...credentials.bindings, ...gatewayBindings(gateway?.placeholderKeys ?? {})];
      const authority = credentials.bindings.length ? credentials.authority ?? runCertificateAuthority() : void 0;
      if (authority) {
        trust = { caFile: join(dir, "airlock-run-ca.pem"), bundleFile: join(dir, "airlock-ca-bundle.pem") };
        await writeFile(trust.caFile, authority.certPem, { mode: 420 });
        await writeFile(trust.bundleFile, await trustBundle(authority.certPem), { mode: 420 });
      }
      proxy = await startEgressProxy({
        policy: { hosts: rules, ...DEFAULT_EGRESS_LIMITS },
        enforcement: settings.egressEnforcement,
        socketPath: join(dir, "egress.sock"),
        onLog: (r) => {
          egressLogs.push(r);
          credentials.onEgressLog?.(r);
        },
        credentials: compileCredentials(bindings, credentials.resolution ? { resolution: credentials.resolution } : {}),
        ...authority ? { authority } : {},
        protectedValues: credentials.protectedValues,
        ...credentials.decide ? { decide: credentials.decide } : {},
        ...credentials.approve ? { approve: credentials.approve } : {},
        // Some clients tunnel even http:// base URLs with CONNECT (the Node build of Claude Code's proxy agent): read as plain HTTP, checked per request.
        ...gateway?.socketPath ? { connectUpstream: routedUpstream({ [GATEWAY_HOST]: { socketPath: gateway.socketPath } }, connectPublicUpstream()), plainTunnelHosts: [GATEWAY_HOST] } : {}
      });
    }
  } catch (error) {
    await close();
    throw error;
  }
  const allowedHosts = [...entries(hosts), ...gateway ? [`${GATEWAY_HOST}:80`] : []];
  return {
    env: gateway ? gatewayEnvironment(`http://${GATEWAY_HOST}`, gateway.placeholderKeys) : {},
    ...proxy ? { egress: { socketPath: proxy.socketPath } } : {},
    ...trust ? { trust } : {},
    facts: () => {
      if (!sandboxed) return { sandbox: { backend: "none", network: "host" }, egress: { mode: "unrestricted" } };
      if (!proxy) return { sandbox: { backend, network: "none" }, egress: { mode: "none" } };
      const resolutions = {};
      for (const r of egressLogs) if (r.resolved && r.credential) resolutions[r.credential] = (resolutions[r.credential] ?? 0) + 1;
      for (const r of gatewayLogs) if (r.decision !== "deny" && r.provider) resolutions[`llm:${r.provider}`] = (resolutions[`llm:${r.provider}`] ?? 0) + 1;
      const requests = egressLogs.filter((r) => !(r.kind === "connect" && r.reason === "terminated"));
      return {
        sandbox: { backend, network: "proxy" },
        egress: {
          mode: "proxy",
          enforcement: settings.egressEnforcement,
          allowedHosts,
          requests: requests.length,
          blocked: requests.filter((r) => r.decision === "deny").length,
          ...settings.egressEnforcement === "audit" ? { wouldBlock: requests.filter((r) => r.reason?.startsWith("audit:")).length } : {},
          ...Object.keys(resolutions).length ? { resolutions } : {},
          ...credentials.policyCounts ? { policy: credentials.policyCounts() } : {}
        }
      };
    },
    summary: () => {
      if (!proxy && !gateway) return void 0;
      const requests = egressLogs.filter((r) => !(r.kind === "connect" && r.reason === "terminated"));
      const denied = requests.filter((r) => r.decision === "deny");
      const refused = [...new Set(denied.map((r) => `${r.host || "(unparseable)"}${r.port ? `:${r.port}` : ""} ${r.reason ?? r.status}`))];
      const resolved = requests.filter((r) => r.resolved).length;
      const audited = [...new Set(requests.filter((r) => r.reason?.startsWith("audit:")).map((r) => `${r.host}${r.port ? `:${r.port}` : ""} ${r.reason.slice("audit:".length)}`))];
      const egress = proxy ? `Egress: ${requests.length} request(s), ${denied.length} refused${refused.length ? ` (${refused.slice(0, 10).join(", ")}${refused.length > 10 ? ", \u2026" : ""})` : ""}${resolved ? `, ${resolved} with a credential resolved` : ""}${settings.egressEnforcement === "audit" ? `; audit mode, block would refuse ${audited.length ? audited.join(", ") : "nothing"}` : ""}` : `Egress: ${sandboxed ? "none" : "unrestricted (sandbox: none)"}`;
      const llm = gateway ? `; LLM gateway: ${gatewayLogs.length} request(s), ${gatewayLogs.filter((r) => r.decision === "deny").length} refused` : "";
      return `${egress}${llm}.`;
    },
    close
  };
}

// src/action/run-agent.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import { realpath } from "node:fs/promises";

// src/sandbox/bwrap-apparmor-profile.ts
import { execFile } from "node:child_process";
var BWRAP_PROFILE_PATH = "/etc/apparmor.d/airlock-bwrap";
function bwrapProfile(bwrapPath) {
  return ["# Written by Airlock: lets bubblewrap create the agent sandbox's user namespace.", "abi <abi/4.0>,", "include <tunables/global>", "", `profile airlock-bwrap ${bwrapPath} flags=(unconfined) {`, "  userns,", "}", ""].join("\n");
}
var runCommand = (file, args, input) => new Promise((resolve) => {
  const child = execFile(file, args, { encoding: "utf8", timeout: 3e4 }, (error, stdout, stderr) => {
    resolve({ code: error ? typeof error.code === "number" ? error.code : 1 : 0, output: `${stdout}${stderr}`.trim() });
  });
  child.stdin?.on("error", () => void 0);
  child.stdin?.end(input);
});
async function installBwrapProfile(bwrapPath, options) {
  const run = options.run ?? runCommand;
  const path = options.path ?? BWRAP_PROFILE_PATH;
  if (options.env.RUNNER_ENVIRONMENT !== "github-hosted") return { installed: false, reason: "this is not a GitHub-hosted runner, so Airlock does not change its AppArmor setup" };
  if ((await run("sudo", ["-n", "true"])).code !== 0) return { installed: false, reason: "sudo needs a password here" };
  const write = await run("sudo", ["-n", "tee", path], bwrapProfile(bwrapPath));
  if (write.code !== 0) return { installed: false, reason: `could not write ${path}: ${write.output.slice(0, 200)}` };
  const load = await run("sudo", ["-n", "apparmor_parser", "--replace", path]);
  if (load.code !== 0) return { installed: false, reason: `apparmor_parser could not load ${path}: ${load.output.slice(0, 200)}` };
  return { installed: true, path };
}

// src/action/run-agent.ts
var ALLOWED_ENV = ["PATH", "HOME", "LANG", "LC_ALL", "TERM", "TZ", "USER", "SHELL", "TMPDIR", "GITHUB_API_URL", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA", "GITHUB_REF", "GITHUB_RUN_ID", "CI"];
function agentEnvironment(runner, credentials) {
  const env = {};
  for (const name of ALLOWED_ENV) if (runner[name] !== void 0) env[name] = runner[name];
  return { ...env, ...credentials };
}
async function preflightSandbox(workspace, deps) {
  const run = deps.run ?? runSandboxed;
  const attempt = () => run({ command: "true", workspace, env: {}, backend: "bwrap", onOutput: () => void 0 });
  let failure;
  try {
    await attempt();
    return;
  } catch (error) {
    failure = error;
  }
  if (failure instanceof SandboxError && failure.code === "userns-restricted") {
    const bwrap = await realpath(await findBwrap("bwrap", deps.env.PATH));
    const outcome = await (deps.installProfile ?? installBwrapProfile)(bwrap, { env: deps.env });
    if (outcome.installed) {
      deps.log(`This runner restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1, the ubuntu-24.04 default): Airlock installed and loaded the AppArmor profile ${outcome.path}, which lets ${bwrap} alone create them, and checks the sandbox again.`);
      try {
        await attempt();
        return;
      } catch (error) {
        failure = error;
      }
    } else failure = new SandboxError("userns-restricted", `${failure.message} (Airlock did not change this itself: ${outcome.reason}.)`);
  }
  if (failure instanceof SandboxError) throw new Error(`${failure.code === "invalid-options" ? "cannot sandbox the agent" : "the agent's sandbox is unavailable"} (${failure.code}): ${failure.message}`, { cause: failure });
  throw failure;
}
async function preflightContainerSandbox(workspace, container, deps) {
  try {
    const facts = await preflightContainer(container, workspace);
    if (deps.needsEgress && !facts.relay) throw new SandboxError("image-unsuitable", `image ${container.image} has neither /usr/bin/perl nor node on its PATH, one of which relays the agent's traffic to Airlock's egress proxy inside the container; add perl-base or node to the image`);
    return { engine: facts.engine, image: facts.image };
  } catch (error) {
    if (error instanceof SandboxError) throw new Error(`${error.code === "invalid-options" ? "cannot sandbox the agent" : "the agent's container is unavailable"} (${error.code}): ${error.message}`, { cause: error });
    throw error;
  }
}
async function runAgent(options) {
  const fence = randomBytes2(16).toString("hex");
  const pending = { stdout: "", stderr: "" };
  let redactions = 0;
  const clean = (text3) => {
    const out = redact(text3, options.redactForms);
    if (out !== text3) redactions++;
    return out;
  };
  const onOutput = (stream, chunk) => {
    pending[stream] += chunk.toString("utf8");
    const cut = pending[stream].lastIndexOf("\n");
    if (cut < 0) return;
    options.write(clean(pending[stream].slice(0, cut + 1)).replaceAll(`::${fence}::`, ""));
    pending[stream] = pending[stream].slice(cut + 1);
  };
  options.write(`::stop-commands::${fence}
`);
  try {
    const run = await runSandboxed({ command: options.command, workspace: options.cwd, env: options.env, ...options.container ? { container: options.container } : {}, ...options.egress ? { egress: options.egress } : {}, ...options.trust ? { trust: options.trust } : {}, ...options.files?.length ? { files: options.files } : {}, ...options.readOnlyPaths?.length ? { readOnlyPaths: options.readOnlyPaths } : {}, signal: options.signal, onOutput, backend: options.backend });
    return { exitCode: run.exitCode, signal: run.signal, redactions, ...run.container ? { container: run.container } : {} };
  } finally {
    for (const rest of [pending.stdout, pending.stderr]) if (rest) options.write(clean(rest).replaceAll(`::${fence}::`, "") + "\n");
    options.write(`::${fence}::
`);
  }
}

// src/action/tree-listing.ts
function treeListing(cwd) {
  const listed = /* @__PURE__ */ new Map();
  return (commit) => {
    let listing = listed.get(commit);
    if (!listing) {
      listing = hardenedGit(cwd, ["ls-tree", "-r", "-z", "--full-tree", commit]).then((out) => out.toString("utf8"));
      listed.set(commit, listing);
    }
    return listing;
  };
}

// src/action/hand-back-changes.ts
import { writeFile as writeFile4 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join5 } from "node:path";

// src/action/file-state.ts
import { chmod as chmod2, mkdir, readFile as readFile2, readlink, rmdir, symlink, unlink, writeFile as writeFile2 } from "node:fs/promises";
import { join as join3 } from "node:path";

// src/action/workspace-path.ts
import { lstat } from "node:fs/promises";
import { join as join2 } from "node:path";
function isSafeRelativePath(path) {
  if (!path || path.includes("\0") || path.startsWith("/")) return false;
  return path.split("/").every((part) => part !== "" && part !== "." && part !== ".." && part.toLowerCase() !== ".git");
}
async function lstatBeneath(root, path) {
  const parts2 = path.split("/");
  let at = root;
  for (const [i, part] of parts2.entries()) {
    at = join2(at, part);
    let stat;
    try {
      stat = await lstat(at);
    } catch (error) {
      const code = error.code;
      if (code === "ENOENT" || code === "ENOTDIR") return void 0;
      throw error;
    }
    if (i === parts2.length - 1) return stat;
    if (!stat.isDirectory()) return void 0;
  }
  return void 0;
}

// src/action/file-state.ts
async function readFileState(root, path) {
  const stat = await lstatBeneath(root, path);
  if (stat?.isSymbolicLink()) return { kind: "symlink", executable: false, content: await readlink(join3(root, path), { encoding: "buffer" }) };
  if (stat?.isFile()) return { kind: "file", executable: (stat.mode & 73) !== 0, content: await readFile2(join3(root, path)) };
  return void 0;
}
function sameState(a, b) {
  if (!a || !b) return a === b;
  return a.kind === b.kind && a.executable === b.executable && a.content.equals(b.content);
}
function gitMode(state) {
  if (state.kind === "symlink") return "120000";
  return state.executable ? "100755" : "100644";
}
async function writeFileState(root, path, state) {
  const parts2 = path.split("/");
  for (let i = 1; i < parts2.length; i++) {
    const parent = parts2.slice(0, i).join("/");
    const stat = await lstatBeneath(root, parent);
    if (!stat) await mkdir(join3(root, parent), { mode: 493 });
    else if (!stat.isDirectory()) throw new Error(`cannot write ${path}: ${parent} is ${stat.isSymbolicLink() ? "a symbolic link" : "not a directory"}`);
  }
  await removeFileState(root, path);
  const target = join3(root, path);
  if (state.kind === "symlink") {
    await symlink(state.content, target);
    return;
  }
  const mode = state.executable ? 493 : 420;
  await writeFile2(target, state.content, { flag: "wx", mode });
  await chmod2(target, mode);
}
async function removeFileState(root, path) {
  const stat = await lstatBeneath(root, path);
  if (!stat) return;
  if (!stat.isDirectory()) return unlink(join3(root, path));
  try {
    await rmdir(join3(root, path));
  } catch (error) {
    throw new Error(`cannot replace ${path}: it is a directory that is not empty (${error.code})`, { cause: error });
  }
}

// src/action/agent-changes.ts
async function agentChanges(workspace) {
  await hardenedGit(workspace.scratch, ["init", "-q", "--bare", workspace.listingGitDir]);
  const listed = await hardenedGit(workspace.scratch, ["--git-dir", workspace.listingGitDir, "--work-tree", workspace.dir, "-c", "core.bare=false", "ls-files", "-z", "--others", "--exclude-standard"]);
  const added = listed.toString("utf8").split("\0").filter((p) => p && !p.endsWith("/") && isSafeRelativePath(p));
  const changes = [];
  for (const path of [.../* @__PURE__ */ new Set([...workspace.base.keys(), ...added])].sort()) {
    const before = workspace.base.get(path);
    const after = await readFileState(workspace.dir, path);
    if (!sameState(before, after)) changes.push({ path, ...before ? { before } : {}, ...after ? { after } : {} });
  }
  return changes;
}

// src/action/agent-patch.ts
import { rm as rm3, writeFile as writeFile3 } from "node:fs/promises";
import { dirname, join as join4 } from "node:path";

// src/scan/token-vault.ts
import { randomBytes as randomBytes3 } from "node:crypto";
import { inspect } from "node:util";
var ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
var RANDOM_CHARS = 20;
var TOKEN_REGEX = /AIRLOCK_[A-Z0-9]{1,40}(?:_[A-Z0-9]{1,40}){0,8}_[A-Za-z0-9]{20}(?![A-Za-z0-9])/g;
function randomPart() {
  let out = "";
  while (out.length < RANDOM_CHARS) {
    for (const b of randomBytes3(32)) if (b < 248 && out.length < RANDOM_CHARS) out += ALNUM[b % 62];
  }
  return out;
}
var TokenVault = class {
  #byToken = /* @__PURE__ */ new Map();
  #byValue = /* @__PURE__ */ new Map();
  /** The token for `value` (the same token every time for the same value). */
  tokenFor(value, type) {
    const existing = this.#byValue.get(value);
    if (existing !== void 0) return existing;
    if (!/^[A-Z0-9]+(?:_[A-Z0-9]+)*$/.test(type))
      throw new ScanError("bad-token-type", `bad token type "${type}"`);
    const token = `AIRLOCK_${type}_${randomPart()}`;
    this.#byToken.set(token, value);
    this.#byValue.set(value, token);
    return token;
  }
  valueOf(token) {
    return this.#byToken.get(token);
  }
  tokens() {
    return [...this.#byToken.keys()];
  }
  get size() {
    return this.#byToken.size;
  }
  toJSON() {
    return { tokens: this.#byToken.size };
  }
  [inspect.custom]() {
    return `TokenVault { ${this.#byToken.size} tokens }`;
  }
};

// src/scan/restore-patch.ts
var HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;
function stripPrefix(p) {
  const path = p.split("	")[0].trim();
  if (path === "/dev/null") return void 0;
  return path.replace(/^[ab]\//, "");
}
function tokensIn(line, vault) {
  return [...line.matchAll(TOKEN_REGEX)].map((m) => m[0]).filter((t) => vault.valueOf(t) !== void 0);
}
function restorePatch(patch, originals, vault) {
  const lines = patch.split("\n");
  const kept = [];
  let oldPath;
  let newPath;
  let originalLines;
  let oldLine = 0;
  let newLine = 0;
  let inHunk = false;
  let pairable = /* @__PURE__ */ new Map();
  const restoreWhereOriginalHas = (line, original) => {
    let out = line;
    for (const t of tokensIn(line, vault)) {
      const value = vault.valueOf(t);
      if (original !== void 0 && original.includes(value)) out = out.split(t).join(value);
    }
    return out;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith("diff --git ")) {
      inHunk = false;
      continue;
    }
    if (!inHunk && line.startsWith("--- ")) {
      oldPath = stripPrefix(line.slice(4));
      originalLines = oldPath !== void 0 ? originals(oldPath)?.split("\n") : void 0;
      continue;
    }
    if (!inHunk && line.startsWith("+++ ")) {
      newPath = stripPrefix(line.slice(4));
      continue;
    }
    const hunk = HUNK.exec(line);
    if (hunk) {
      inHunk = true;
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      pairable = /* @__PURE__ */ new Map();
      continue;
    }
    if (!inHunk) continue;
    const op = line[0];
    const body = line.slice(1);
    if (op === " ") {
      lines[i] = " " + restoreWhereOriginalHas(body, originalLines?.[oldLine - 1]);
      oldLine++;
      newLine++;
    } else if (op === "-") {
      const original = originalLines?.[oldLine - 1];
      const restored = restoreWhereOriginalHas(body, original);
      for (const t of tokensIn(body, vault))
        if (!restored.includes(t)) pairable.set(t, (pairable.get(t) ?? 0) + 1);
      lines[i] = "-" + restored;
      oldLine++;
    } else if (op === "+") {
      let out = body;
      for (const m of [...body.matchAll(TOKEN_REGEX)]) {
        const t = m[0];
        const value = vault.valueOf(t);
        if (value === void 0) continue;
        const n = pairable.get(t) ?? 0;
        if (n > 0) {
          pairable.set(t, n - 1);
          out = out.replace(t, value);
        } else kept.push({ file: newPath ?? oldPath ?? "", line: newLine, token: t });
      }
      lines[i] = "+" + out;
      newLine++;
    } else if (op !== "\\") inHunk = false;
  }
  return { patch: lines.join("\n"), kept };
}

// src/action/patch-text.ts
function splitLines(text3) {
  return text3 === "" ? [] : text3.split(/(?<=\n)/);
}
var ESCAPES = { 7: "a", 8: "b", 9: "t", 10: "n", 11: "v", 12: "f", 13: "r", 34: '"', 92: "\\" };
function quotePath(path) {
  const bytes = Buffer.from(path, "utf8");
  if (!bytes.some((b) => b < 32 || b === 34 || b === 92 || b >= 127)) return path;
  let out = '"';
  for (const b of bytes) {
    if (ESCAPES[b]) out += `\\${ESCAPES[b]}`;
    else if (b < 32 || b >= 127) out += `\\${b.toString(8).padStart(3, "0")}`;
    else out += String.fromCharCode(b);
  }
  return `${out}"`;
}
function patchHeader(path, before, after, blobs) {
  const [a, b] = [quotePath(`a/${path}`), quotePath(`b/${path}`)];
  const lines = [`diff --git ${a} ${b}`];
  if (!before && after) lines.push(`new file mode ${gitMode(after)}`);
  else if (before && !after) lines.push(`deleted file mode ${gitMode(before)}`);
  else if (before && after && gitMode(before) !== gitMode(after)) lines.push(`old mode ${gitMode(before)}`, `new mode ${gitMode(after)}`);
  if (blobs.before !== blobs.after) lines.push(`index ${blobs.before}..${blobs.after}${before && after && gitMode(before) === gitMode(after) ? ` ${gitMode(after)}` : ""}`);
  if (blobs.text) lines.push(`--- ${before ? a : "/dev/null"}`, `+++ ${after ? b : "/dev/null"}`);
  return `${lines.join("\n")}
`;
}
var HUNK2 = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/;
function rebuildFromHunks(path, baseLines, originalLines, body, restoredBody) {
  const out = [];
  let old = 0;
  const misaligned = () => new Error(`the agent's diff of ${path} does not line up with the file it was given`);
  const copyUpTo = (end) => {
    if (end < old || end > originalLines.length) throw misaligned();
    out.push(...originalLines.slice(old, end));
    old = end;
  };
  for (const [i, line] of body.entries()) {
    const hunk = HUNK2.exec(line);
    if (hunk) {
      const start = Number(hunk[1]);
      copyUpTo(hunk[2] === "0" ? start : start - 1);
      continue;
    }
    const terminator = body[i + 1]?.startsWith("\\") ? "" : "\n";
    if (line.startsWith(" ")) {
      if (baseLines[old] !== line.slice(1) + terminator) throw misaligned();
      out.push(originalLines[old++]);
    } else if (line.startsWith("-")) {
      if (baseLines[old] !== line.slice(1) + terminator) throw misaligned();
      old++;
    } else if (line.startsWith("+")) out.push(restoredBody[i].slice(1) + terminator);
  }
  copyUpTo(originalLines.length);
  return out.join("");
}

// src/action/agent-patch.ts
var latin1 = (b) => b?.toString("latin1") ?? "";
var ZERO = "0".repeat(40);
var tokenType = (token) => token.slice("AIRLOCK_".length, -21);
function detokenise(text3, vault, keep = () => false) {
  return text3.replace(TOKEN_REGEX, (token) => {
    const value = vault.valueOf(token);
    return value === void 0 || keep(value) ? token : value;
  });
}
async function diffBody(scratch, before, after) {
  const [a, b] = [join4(scratch, "diff-a"), join4(scratch, "diff-b")];
  try {
    if (before) await writeFile3(a, before, { mode: 384 });
    if (after) await writeFile3(b, after, { mode: 384 });
    const out = latin1(
      await hardenedGit(scratch, ["diff", "--no-index", "--binary", "--no-ext-diff", "--no-textconv", "--no-color", "--full-index", "--", before ? a : "/dev/null", after ? b : "/dev/null"], {
        okExitCodes: [1],
        env: { GIT_CEILING_DIRECTORIES: dirname(scratch) }
      })
    );
    const start = out.search(/^(@@ |GIT binary patch$|Binary files )/m);
    return start < 0 ? "" : out.slice(start);
  } finally {
    await rm3(a, { force: true });
    await rm3(b, { force: true });
  }
}
async function textSection(path, before, after, body, vault) {
  const baseLines = splitLines(latin1(before?.content));
  const originalLines = baseLines.map((line) => detokenise(line, vault));
  const aligned = baseLines.map((line) => detokenise(line.replace(/\n$/, ""), vault, (value) => value.includes("\n"))).join("\n");
  const provisional = patchHeader(path, before, after, { before: ZERO, after: ZERO, text: true });
  const headerLines = provisional.split("\n").length - 1;
  const restored = restorePatch(provisional + body, () => aligned, vault);
  const restoredBody = restored.patch.split("\n").slice(headerLines);
  const bodyLines = body.split("\n");
  const realBefore = before && { ...before, content: Buffer.from(originalLines.join(""), "latin1") };
  const realAfter = after && { ...after, content: Buffer.from(rebuildFromHunks(path, baseLines, originalLines, bodyLines, restoredBody), "latin1") };
  const header = patchHeader(path, realBefore, realAfter, { before: realBefore ? gitBlobSha(realBefore.content) : ZERO, after: realAfter ? gitBlobSha(realAfter.content) : ZERO, text: body !== "" });
  return {
    text: header + restoredBody.join("\n"),
    file: { path, ...realAfter ? { after: realAfter } : {}, binary: false },
    kept: restored.kept.map((k) => ({ ...k, file: path })),
    added: bodyLines.filter((l) => l.startsWith("+")).join("\n")
  };
}
async function binarySection(path, before, after, scratch, vault) {
  const realBefore = before && { ...before, content: Buffer.from(detokenise(latin1(before.content), vault), "latin1") };
  const original = latin1(realBefore?.content);
  const kept = [];
  const agentText = latin1(after?.content);
  const restored = agentText.replace(TOKEN_REGEX, (token, offset) => {
    const value = vault.valueOf(token);
    if (value === void 0 || original.includes(value)) return value ?? token;
    kept.push({ file: path, line: agentText.slice(0, offset).split("\n").length, token });
    return token;
  });
  const realAfter = after && { ...after, content: Buffer.from(restored, "latin1") };
  const body = await diffBody(scratch, realBefore?.content, realAfter?.content);
  const header = patchHeader(path, realBefore, realAfter, { before: realBefore ? gitBlobSha(realBefore.content) : ZERO, after: realAfter ? gitBlobSha(realAfter.content) : ZERO, text: false });
  return { text: header + body, file: { path, ...realAfter ? { after: realAfter } : {}, binary: true }, kept, added: agentText };
}
async function section(path, before, after, scratch, vault) {
  const body = await diffBody(scratch, before?.content, after?.content);
  if (body.startsWith("@@ ") || body === "") return textSection(path, before, after, body, vault);
  return binarySection(path, before, after, scratch, vault);
}
async function agentPatch(changes, workspace) {
  const sections = [];
  for (const { path, before, after } of changes) {
    if (before && after && gitMode(before) !== gitMode(after) && (before.kind === "symlink" || after.kind === "symlink")) {
      const removed = await section(path, before, void 0, workspace.scratch, workspace.vault);
      const added = await section(path, void 0, after, workspace.scratch, workspace.vault);
      sections.push({ ...added, text: removed.text + added.text, kept: [...removed.kept, ...added.kept] });
    } else sections.push(await section(path, before, after, workspace.scratch, workspace.vault));
  }
  const revealed = [];
  for (const token of workspace.vault.tokens()) {
    const value = workspace.vault.valueOf(token);
    for (const s of sections) if (s.added.includes(value)) revealed.push({ file: s.file.path, tokenType: tokenType(token) });
  }
  return { text: sections.map((s) => s.text).join(""), files: sections.map((s) => s.file), kept: sections.flatMap((s) => s.kept), revealed };
}

// src/action/hand-back-changes.ts
function findingsOf(patch, knownValues) {
  const findings = scanDiff(patch.text, { knownValues });
  for (const file of patch.files) if (file.binary && file.after) findings.push(...scanBuffer(file.after.content, { file: file.path, knownValues }).findings);
  return findings;
}
async function summarise(core, patch) {
  const approval = new Set(pathsNeedingApproval(patch.files.map((f) => f.path)));
  const items = patch.files.map((f) => `<code>${escapeHtml(f.path)}</code> ${f.after ? "" : "(deleted)"}${approval.has(f.path) ? " \u26A0\uFE0F needs human approval (workflow or agent control file)" : ""}`);
  core.summary.addHeading("Airlock: the agent's changes", 3).addRaw(`${patch.files.length} file(s) changed.`, true);
  if (items.length) core.summary.addList(items);
  if (patch.kept.length) core.summary.addRaw(`${patch.kept.length} token(s) the agent copied where the original had no such value stay tokens: ${patch.kept.map((k) => `<code>${escapeHtml(k.file)}:${k.line}</code>`).join(", ")}`, true);
  await core.summary.write();
}
async function handBackChanges(workspace, workingDirectory, deps) {
  const { core } = deps;
  const patch = await agentPatch(await agentChanges(workspace), workspace);
  const findings = findingsOf(patch, deps.knownValues);
  deps.onScanned?.({ findings, revealed: patch.revealed.length });
  for (const f of findings) core.warning(`The agent's changes add ${f.description} (${f.rule_id}) at ${shownPath(f.file ?? "?")}:${f.line}${f.kind === "known-value" ? "" : `: ${f.redacted_preview}`}`, { title: "Airlock: secret in the agent's change", ...f.file ? { file: shownPath(f.file), startLine: f.line } : {} });
  if (patch.kept.length) core.warning(`The agent copied ${patch.kept.length} token(s) where the original file had no such value; they stay tokens (no real value is written there): ${patch.kept.map((k) => `${shownPath(k.file)}:${k.line}`).join(", ")}`);
  const credentials = findings.filter((f) => f.kind === "known-value");
  if (credentials.length) throw new Error(`the agent's changes carry a credential this step holds (${credentials.map((f) => `${shownPath(f.file ?? "?")}:${f.line}`).join(", ")}): they were not applied`);
  if (patch.revealed.length) throw new Error(`the agent's changes carry a repository secret it was only shown as a token (${patch.revealed.map((r) => `${shownPath(r.file)}: ${r.tokenType}`).join(", ")}): they were not applied`);
  for (const file of patch.files) if (!file.after) await removeFileState(workingDirectory, file.path);
  for (const file of patch.files) if (file.after) await writeFileState(workingDirectory, file.path, file.after);
  const patchPath = join5(deps.env.RUNNER_TEMP ?? tmpdir2(), `airlock-agent-${deps.env.GITHUB_RUN_ID ?? "local"}-${deps.env.GITHUB_RUN_ATTEMPT ?? "1"}.patch`);
  await writeFile4(patchPath, Buffer.from(patch.text, "latin1"), { mode: 384 });
  core.setOutput("patch-path", patchPath);
  core.info(`Applied the agent's changes to ${patch.files.length} file(s) in ${workingDirectory}; patch at ${patchPath}.`);
  await summarise(core, patch);
  return patch;
}

// src/action/open-pull-request.ts
import { mkdtemp as mkdtemp2, rm as rm4, writeFile as writeFile5 } from "node:fs/promises";
import { tmpdir as tmpdir3 } from "node:os";
import { join as join6 } from "node:path";
var PULL_REQUEST_PERMISSIONS = { contents: "write", pull_requests: "write" };
var treeMode = (f) => f.kind === "symlink" ? "120000" : f.executable ? "100755" : "100644";
async function commitChange(cwd, patch, message, author, scratch) {
  const env = { GIT_INDEX_FILE: join6(scratch, "index") };
  await hardenedGit(cwd, ["read-tree", "HEAD"], { env });
  const lines = [];
  for (const file of patch.files) {
    if (!file.after) lines.push(`0 ${"0".repeat(40)}	${file.path}`);
    else {
      const sha = (await hardenedGit(cwd, ["hash-object", "-w", "--no-filters", "--stdin"], { input: file.after.content })).toString("latin1").trim();
      lines.push(`${treeMode(file.after)} ${sha}	${file.path}`);
    }
  }
  await hardenedGit(cwd, ["update-index", "--index-info"], { env, input: Buffer.from(lines.join("\n") + "\n", "latin1") });
  const tree = (await hardenedGit(cwd, ["write-tree"], { env })).toString("latin1").trim();
  const identity = { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email };
  return (await hardenedGit(cwd, ["commit-tree", tree, "-p", "HEAD", "-F", "-"], { env: identity, input: Buffer.from(message) })).toString("latin1").trim();
}
function pullRequestBody(options) {
  const lines = [
    `Proposed by the agent \`${options.identity}\`, run by Airlock in [this workflow run](${options.runUrl}).`,
    "",
    `- Files changed: ${options.files}`,
    ...options.changesetDigest ? [`- Changeset: \`sha256:${options.changesetDigest}\`, the subject of the run's signed attestation`] : [],
    ...options.attestationUrl ? [`- Attestation: ${options.attestationUrl}`] : [],
    "",
    "The Airlock gate verifies that attestation and waits for a human approval bound to the head commit before this can merge."
  ];
  if (options.extra?.trim()) lines.push("", "---", "", options.extra.trim());
  return lines.join("\n");
}
function baseBranch(settings, env) {
  const base = settings.base || env.GITHUB_BASE_REF || env.GITHUB_REF_NAME || (env.GITHUB_REF?.startsWith("refs/heads/") ? env.GITHUB_REF.slice("refs/heads/".length) : "");
  if (!base) throw new Error('"pull-request: true" cannot tell which branch to open the pull request against (no GITHUB_BASE_REF or branch ref); set "pull-request-base"');
  return base;
}
async function openPullRequest(settings, deps, facts) {
  const { core, env } = deps;
  if (facts.patch.files.length === 0) {
    core.info("The agent changed nothing: no pull request.");
    return void 0;
  }
  const repository = env.GITHUB_REPOSITORY ?? "";
  const [, name] = repository.split("/");
  if (!name) throw new Error("GITHUB_REPOSITORY is not set: cannot open a pull request");
  const server = (env.GITHUB_SERVER_URL ?? "https://github.com").replace(/\/+$/, "");
  if (!server.startsWith("https://")) throw new Error(`the change is pushed over HTTPS only, and GITHUB_SERVER_URL is ${server}`);
  const api = (env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/+$/, "");
  const branch = settings.branch || `airlock/${facts.identity}/${env.GITHUB_RUN_ID ?? "local"}-${env.GITHUB_RUN_ATTEMPT ?? "1"}`;
  const base = baseBranch(settings, env);
  const scratch = await mkdtemp2(join6(tmpdir3(), "airlock-pr-"));
  try {
    const commit = await commitChange(facts.cwd, facts.patch, `${settings.title}

Proposed by the agent ${facts.identity} through Airlock.
`, { name: `Airlock agent ${facts.identity}`, email: "airlock-agent@users.noreply.github.com" }, scratch);
    let token;
    try {
      token = await deps.broker.exchange(deps.idToken, { identity: facts.identity, permissions: { ...PULL_REQUEST_PERMISSIONS }, repositories: [name] });
    } catch (error) {
      throw new Error(`could not get a token to open the pull request (${error.message}); the trust policy "${facts.identity}" must allow contents: write and pull_requests: write`, { cause: error });
    }
    deps.hold(token);
    try {
      const caFile = join6(scratch, "ca.pem");
      await writeFile5(caFile, deps.network.trustStore().join("\n"));
      await hardenedGit(facts.cwd, ["-c", "protocol.https.allow=always", "push", "--quiet", `${server}/${repository}.git`, `${commit}:refs/heads/${branch}`], {
        env: {
          GIT_CONFIG_COUNT: "1",
          GIT_CONFIG_KEY_0: "http.extraHeader",
          GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token.token}`).toString("base64")}`,
          GIT_SSL_CAINFO: caFile,
          // git reads the runner's proxy variables itself (https://git-scm.com/docs/git-config#Documentation/git-config.txt-httpproxy).
          ...deps.network.proxyEnv
        }
      });
      const runUrl = `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID ?? ""}`;
      const body = pullRequestBody({ identity: facts.identity, files: facts.patch.files.length, runUrl, ...facts.changesetDigest ? { changesetDigest: facts.changesetDigest } : {}, ...facts.attestationUrl ? { attestationUrl: facts.attestationUrl } : {}, ...settings.body ? { extra: settings.body } : {} });
      const response = await deps.network.fetch(`${api}/repos/${repository}/pulls`, {
        method: "POST",
        headers: { authorization: `Bearer ${token.token}`, accept: "application/vnd.github+json", "content-type": "application/json", "x-github-api-version": "2022-11-28" },
        body: JSON.stringify({ title: settings.title, head: branch, base, body, maintainer_can_modify: false })
      });
      const json = await response.json().catch(() => ({}));
      if (response.status !== 201 || typeof json.number !== "number") throw new Error(`GitHub refused the pull request from ${branch} into ${base}: ${response.status} ${json.message ?? ""}`.trim());
      return { number: json.number, url: json.html_url ?? `${server}/${repository}/pull/${json.number}`, branch };
    } finally {
      await deps.revoke(token);
    }
  } finally {
    await rm4(scratch, { recursive: true, force: true });
  }
}

// src/action/agent-tool-paths.ts
import { access, constants, open, realpath as realpath2 } from "node:fs/promises";
import { delimiter, dirname as dirname2, isAbsolute, join as join7, sep } from "node:path";
var VISIBLE = ["/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/"];
var visible = (path) => VISIBLE.some((p) => path.startsWith(p));
var SHELL_WORDS = /* @__PURE__ */ new Set(["if", "then", "for", "while", "until", "case", "do", "time", "exec", "set", "cd", "export", "echo", "printf", "test", "[", "true", "false", ":", ".", "source", "eval", "env", "command", "builtin"]);
var executable = (path) => access(path, constants.X_OK).then(
  () => true,
  () => false
);
function firstCommand(run) {
  for (const word of run.trim().split(/\s+/)) {
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) continue;
    return /^[A-Za-z0-9._+/-]+$/.test(word) && !SHELL_WORDS.has(word) ? word : void 0;
  }
  return void 0;
}
async function lookup(name, pathEnv) {
  if (name.includes("/")) return isAbsolute(name) && await executable(name) ? name : void 0;
  for (const dir of (pathEnv ?? "").split(delimiter).filter((d) => isAbsolute(d))) {
    const candidate = join7(dir, name);
    if (await executable(candidate)) return candidate;
  }
  return void 0;
}
function installRoot(file) {
  const marker = `${sep}node_modules${sep}`;
  const at = file.indexOf(marker);
  return at >= 0 ? file.slice(0, at + marker.length - 1) : dirname2(file);
}
async function interpreterOf(file) {
  const handle = await open(file, "r").catch(() => void 0);
  if (!handle) return void 0;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(256), 0, 256, 0);
    const line = buffer.subarray(0, bytesRead).toString("latin1").split("\n")[0] ?? "";
    if (!line.startsWith("#!")) return void 0;
    const [program, ...rest] = line.slice(2).trim().split(/\s+/);
    if (program === "/usr/bin/env" || program === "/bin/env") return rest.find((w) => !w.startsWith("-"));
    return program;
  } finally {
    await handle.close();
  }
}
var prefixOf = (binary) => dirname2(binary).endsWith(`${sep}bin`) ? dirname2(dirname2(binary)) : dirname2(binary);
async function commandToolPaths(run, pathEnv) {
  const name = firstCommand(run);
  const found = name ? await lookup(name, pathEnv) : void 0;
  if (!found) return [];
  const real = await realpath2(found);
  const paths = [];
  if (!visible(found)) paths.push(dirname2(found));
  if (!visible(real)) paths.push(installRoot(real));
  const interpreter = await interpreterOf(real);
  const interpreterPath = interpreter ? await lookup(interpreter, pathEnv) : void 0;
  if (interpreterPath) {
    const realInterpreter = await realpath2(interpreterPath);
    if (!visible(realInterpreter)) paths.push(prefixOf(realInterpreter));
    if (!visible(interpreterPath)) paths.push(dirname2(interpreterPath));
  }
  return minimalCover(paths);
}
function minimalCover(paths) {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const kept = [];
  for (const p of sorted) if (!kept.some((k) => p === k || p.startsWith(`${k}${sep}`))) kept.push(p);
  return kept.sort();
}

// src/action/run-main.ts
import { mkdtemp as mkdtemp4, rm as rm6, writeFile as writeFile6 } from "node:fs/promises";
import { join as join9 } from "node:path";

// src/action/redacted-workspace.ts
import { cp, lstat as lstat2, mkdir as mkdir2, mkdtemp as mkdtemp3, realpath as realpath3, rm as rm5 } from "node:fs/promises";
import { join as join8 } from "node:path";

// src/scan/tokenizer.ts
function tokenizeText(text3, vault, options = {}) {
  const { findings } = scanText(text3, options);
  let out = "";
  let at = 0;
  for (const f of findings) {
    if (f.start < at) continue;
    out += text3.slice(at, f.start) + vault.tokenFor(text3.slice(f.start, f.end), f.token_type);
    at = f.end;
  }
  out += text3.slice(at);
  return { text: out, findings };
}
function tokenizeBuffer(bytes, vault, options = {}) {
  const r = tokenizeText(bytes.toString("latin1"), vault, options);
  return { bytes: Buffer.from(r.text, "latin1"), findings: r.findings };
}

// src/action/git-credential-config.ts
var URL_WITH_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/i;
function stripUserinfo(url) {
  return url.replace(URL_WITH_USERINFO, "$1");
}
function parseConfigList(text3) {
  return text3.split("\0").filter(Boolean).map((record) => {
    const newline = record.indexOf("\n");
    return newline < 0 ? { name: record, value: "" } : { name: record.slice(0, newline), value: record.slice(newline + 1) };
  });
}
function parts(name) {
  const first = name.indexOf(".");
  const last = name.lastIndexOf(".");
  return { section: name.slice(0, first).toLowerCase(), subsection: first === last ? "" : name.slice(first + 1, last), key: name.slice(last + 1).toLowerCase() };
}
function credentialConfigEdits(entries2) {
  const unset = /* @__PURE__ */ new Set();
  const rewrite = /* @__PURE__ */ new Map();
  for (const entry of entries2) {
    const { section: section2, subsection, key } = parts(entry.name);
    const removed = section2 === "http" && key === "extraheader" || section2 === "credential" || section2 === "include" || section2 === "includeif" || section2 === "core" && key === "askpass" || URL_WITH_USERINFO.test(subsection) || section2 === "url" && URL_WITH_USERINFO.test(entry.value);
    if (removed) unset.add(entry.name);
    else if (URL_WITH_USERINFO.test(entry.value)) rewrite.set(entry.name, []);
  }
  for (const entry of entries2) rewrite.get(entry.name)?.push({ name: entry.name, value: stripUserinfo(entry.value) });
  return { unset: [...unset], rewrite: [...rewrite.values()].flat() };
}

// src/action/redacted-workspace.ts
var text = (b) => b.toString("utf8");
var GIT_IDENTITY = ["-c", "user.name=Airlock", "-c", "user.email=airlock@localhost", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"];
var COMMIT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
var verifyCommit = (rev) => ["--verify", "--quiet", `${rev}^{commit}`];
async function checkoutTopLevel(workingDirectory) {
  let lines;
  try {
    lines = text(await hardenedGit(workingDirectory, ["rev-parse", "--show-toplevel", ...verifyCommit("HEAD")], { okExitCodes: [1] })).replace(/\n$/, "").split("\n");
  } catch {
    return void 0;
  }
  const head = lines.length > 1 && COMMIT_ID.test(lines.at(-1)) ? lines.pop() : void 0;
  const top = lines.join("\n");
  const [real, realTop] = await Promise.all([realpath3(workingDirectory), realpath3(top)]);
  if (real !== realTop) throw new Error(`the working directory ${workingDirectory} is inside the git checkout ${top} but not its top level: the agent's redacted copy is made of a whole checkout; set working-directory to ${top}`);
  return { top: real, head };
}
async function baseRevision(checkout, head, baseRef) {
  if (baseRef && /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(baseRef) && !baseRef.includes("..")) {
    const commit = text(await hardenedGit(checkout, ["rev-parse", ...verifyCommit(`refs/remotes/origin/${baseRef}`)], { okExitCodes: [1] })).trim();
    if (commit) return { name: `origin/${baseRef}`, commit };
  }
  return head ? { name: "HEAD", commit: head } : void 0;
}
async function baseControlFiles(checkout, commit, listTree) {
  const files = /* @__PURE__ */ new Map();
  for (const record of (await listTree(commit)).split("\0")) {
    const tab = record.indexOf("	");
    const path = record.slice(tab + 1);
    if (tab < 0 || !isAgentControlPath(path) || !isSafeRelativePath(path)) continue;
    const [mode, type, sha] = record.slice(0, tab).split(" ");
    if (type !== "blob") continue;
    const content = await hardenedGit(checkout, ["cat-file", "blob", sha]);
    files.set(path, { kind: mode === "120000" ? "symlink" : "file", executable: mode === "100755", content });
  }
  return files;
}
async function copyHistory(checkout, dir) {
  const gitDir = join8(checkout, ".git");
  if (!(await lstat2(gitDir)).isDirectory()) throw new Error(`"workspace-history: true" needs ${gitDir} to be a directory (worktrees and submodule checkouts are not supported)`);
  const hooks = join8(gitDir, "hooks");
  await cp(gitDir, join8(dir, ".git"), { recursive: true, verbatimSymlinks: true, filter: (source) => source !== hooks && !source.startsWith(`${hooks}/`) });
  await mkdir2(join8(dir, ".git", "hooks"));
  for (const file of ["config", "config.worktree"]) {
    const path = join8(dir, ".git", file);
    if (!(await lstat2(path).catch(() => void 0))?.isFile()) continue;
    const edits = credentialConfigEdits(parseConfigList(text(await hardenedGit(dir, ["config", "--file", path, "--list", "-z"]))));
    for (const name of /* @__PURE__ */ new Set([...edits.unset, ...edits.rewrite.map((e) => e.name)])) await hardenedGit(dir, ["config", "--file", path, "--unset-all", name], { okExitCodes: [5] });
    for (const entry of edits.rewrite) await hardenedGit(dir, ["config", "--file", path, "--add", entry.name, entry.value]);
  }
}
async function freshRepository(dir) {
  await hardenedGitSequence(dir, [
    [...GIT_IDENTITY, "init", "-q"],
    // -f: the copy holds exactly the files to record, force-added ones included.
    [...GIT_IDENTITY, "add", "-A", "-f"],
    [...GIT_IDENTITY, "commit", "-q", "--allow-empty", "--no-verify", "-m", "Airlock: redacted workspace"]
  ]);
}
function tokenise(path, state, vault, report) {
  if (state.kind !== "file") return state;
  if (state.content.length > DEFAULT_MAX_CHARS) {
    report.unscanned.push(path);
    return state;
  }
  const { bytes, findings } = tokenizeBuffer(state.content, vault, { file: path });
  if (!findings.length) return state;
  report.tokenisedFiles.push(path);
  return { ...state, content: bytes };
}
async function prepareRedactedWorkspace(options) {
  const found = await checkoutTopLevel(options.workingDirectory);
  if (!found) return void 0;
  const checkout = found.top;
  const root = await mkdtemp3(join8(options.tempDir, "airlock-workspace-"));
  const workspace = {
    dir: join8(root, "workspace"),
    scratch: join8(root, "scratch"),
    listingGitDir: join8(root, "scratch", "listing.git"),
    base: /* @__PURE__ */ new Map(),
    vault: new TokenVault(),
    remove: () => rm5(root, { recursive: true, force: true })
  };
  const baseFiles = workspace.base;
  try {
    await mkdir2(workspace.dir, { mode: 448 });
    await mkdir2(workspace.scratch, { mode: 448 });
    options.onDirectory?.(workspace.dir);
    const base = await baseRevision(checkout, found.head, options.baseRef);
    const listTree = options.listTree ?? (async (commit) => text(await hardenedGit(checkout, ["ls-tree", "-r", "-z", "--full-tree", commit])));
    const [files, controlFiles] = await Promise.all([hardenedGit(checkout, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]), base ? baseControlFiles(checkout, base.commit, listTree) : /* @__PURE__ */ new Map()]);
    const listed = text(files).split("\0");
    const report = { files: 0, tokenisedFiles: [], unscanned: [], controlFilesReplaced: [], history: options.history, ...base ? { baseRevision: base.name } : {} };
    for (const path of [...new Set(listed)].filter(Boolean).sort()) {
      if (!isSafeRelativePath(path)) continue;
      const state = await readFileState(checkout, path);
      if (isAgentControlPath(path)) {
        if (state && !sameState(state, controlFiles.get(path))) report.controlFilesReplaced.push(path);
      } else if (state) baseFiles.set(path, tokenise(path, state, workspace.vault, report));
    }
    for (const [path, state] of controlFiles) baseFiles.set(path, tokenise(path, state, workspace.vault, report));
    for (const [path, state] of baseFiles) await writeFileState(workspace.dir, path, state);
    report.files = baseFiles.size;
    report.tokenisedFiles.sort();
    if (options.history) await copyHistory(checkout, workspace.dir);
    else await freshRepository(workspace.dir);
    return { workspace, report };
  } catch (error) {
    await workspace.remove();
    throw new Error(`could not prepare the agent's redacted workspace: ${error.message}`, { cause: error });
  }
}

// src/action/aws/assume-role-with-web-identity.ts
var AwsStsError = class extends Error {
  constructor(code, message, awsCode) {
    super(message);
    this.code = code;
    this.awsCode = awsCode;
  }
  code;
  awsCode;
  name = "AwsStsError";
};
var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
var decodeXml = (text3) => text3.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e) => e.startsWith("#x") ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith("#") ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e]);
var element = (xml, name) => {
  const found = [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))];
  return found.length === 1 ? decodeXml(found[0][1]) : void 0;
};
async function assumeRoleWithWebIdentity(options) {
  const form = new URLSearchParams({ Action: "AssumeRoleWithWebIdentity", Version: "2011-06-15", RoleArn: options.roleArn, RoleSessionName: options.sessionName, WebIdentityToken: options.webIdentityToken, DurationSeconds: String(options.durationSeconds) });
  if (options.policy !== void 0) form.set("Policy", options.policy);
  let response;
  let text3;
  try {
    response = await options.fetch(`${options.endpoint}/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", accept: "text/xml" },
      body: form.toString(),
      redirect: "error",
      signal: AbortSignal.timeout(options.timeoutMs ?? 3e4)
    });
    text3 = await response.text();
  } catch (error) {
    throw new AwsStsError("sts-unreachable", `AWS STS at ${options.endpoint} could not be reached: ${error.message}`);
  }
  if (!response.ok) {
    const code = element(text3, "Code");
    const message = element(text3, "Message");
    throw new AwsStsError("sts-refused", `AWS STS refused AssumeRoleWithWebIdentity for ${options.roleArn} (HTTP ${response.status}${code ? `, ${code}` : ""})${message ? `: ${message}` : ""}; check the role's trust policy (its OIDC provider, aud sts.amazonaws.com, and sub for this repository) and aws-session-duration`, code);
  }
  const credentials = { accessKeyId: element(text3, "AccessKeyId"), secretAccessKey: element(text3, "SecretAccessKey"), sessionToken: element(text3, "SessionToken") };
  const expiration = element(text3, "Expiration");
  const assumedRoleArn = element(text3, "Arn");
  const assumedRoleId = element(text3, "AssumedRoleId");
  if (!credentials.accessKeyId || !credentials.secretAccessKey || !credentials.sessionToken || !expiration || Number.isNaN(Date.parse(expiration)) || !assumedRoleArn || !assumedRoleId) {
    throw new AwsStsError("sts-bad-response", `AWS STS at ${options.endpoint} answered AssumeRoleWithWebIdentity without the credentials, expiration and assumed role it documents`);
  }
  return { credentials, expiration: new Date(expiration).toISOString(), assumedRoleArn, assumedRoleId };
}

// src/action/cloud-token-error.ts
var CloudTokenError = class extends Error {
  constructor(cloud, code, message, providerCode) {
    super(message);
    this.cloud = cloud;
    this.code = code;
    this.providerCode = providerCode;
  }
  cloud;
  code;
  providerCode;
  name = "CloudTokenError";
};

// src/action/cloud-token-request.ts
async function postForJson(options) {
  let response;
  let text3;
  try {
    response = await options.fetch(options.url, { method: "POST", headers: { accept: "application/json", ...options.headers }, body: options.body, redirect: "error", signal: AbortSignal.timeout(options.timeoutMs ?? 3e4) });
    text3 = await response.text();
  } catch (error) {
    throw new CloudTokenError(options.cloud, "unreachable", `${new URL(options.url).origin} could not be reached: ${error.message}`);
  }
  let json;
  try {
    const parsed = JSON.parse(text3);
    json = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? parsed : void 0;
  } catch {
    json = void 0;
  }
  return { status: response.status, ok: response.ok, json };
}

// src/action/azure/entra-access-token.ts
async function entraAccessToken(options) {
  const form = new URLSearchParams({
    client_id: options.clientId,
    scope: `${options.resource}/.default`,
    grant_type: "client_credentials",
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: options.oidcToken
  });
  const url = `${options.authorityHost}/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`;
  const answer = await postForJson({ cloud: "azure", url, headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString(), fetch: options.fetch });
  if (!answer.ok) {
    const codes = Array.isArray(answer.json?.error_codes) ? answer.json.error_codes.map(String) : [];
    const error = typeof answer.json?.error === "string" ? answer.json.error : void 0;
    const description = typeof answer.json?.error_description === "string" ? answer.json.error_description.split(/\r?\n/)[0] : void 0;
    throw new CloudTokenError("azure", "refused", `Microsoft Entra refused a token for ${options.clientId} (HTTP ${answer.status}${error ? `, ${error}` : ""})${description ? `: ${description}` : ""}; check the app's federated credential (issuer, subject for this workflow, audience ${"api://AzureADTokenExchange"}) and azure-resource`, codes[0] ? `AADSTS${codes[0]}` : error);
  }
  const accessToken = answer.json?.access_token;
  const seconds = Number(answer.json?.expires_in);
  if (typeof accessToken !== "string" || accessToken === "" || !(seconds > 0)) throw new CloudTokenError("azure", "bad-response", `Microsoft Entra at ${options.authorityHost} answered without the access_token and expires_in the client credentials grant documents`);
  return { accessToken, expiresAt: new Date(options.now() + seconds * 1e3).toISOString(), lifetimeSeconds: seconds };
}

// src/action/gcp/gcp-access-token.ts
var text2 = (value) => typeof value === "string" && value !== "" ? value : void 0;
async function gcpAccessToken(options) {
  const form = new URLSearchParams({
    grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
    audience: `//iam.googleapis.com/${options.workloadIdentityProvider}`,
    scope: "https://www.googleapis.com/auth/cloud-platform",
    requested_token_type: "urn:ietf:params:oauth:token-type:access_token",
    subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
    subject_token: options.oidcToken
  });
  const sts = await postForJson({ cloud: "gcp", url: `${options.stsEndpoint}/v1/token`, headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString(), fetch: options.fetch });
  if (!sts.ok) {
    const code = text2(sts.json?.error);
    const description = text2(sts.json?.error_description);
    throw new CloudTokenError("gcp", "refused", `Google STS refused to exchange the job's OIDC token at ${options.workloadIdentityProvider} (HTTP ${sts.status}${code ? `, ${code}` : ""})${description ? `: ${description}` : ""}; check the provider's issuer, allowed audiences and attribute condition`, code);
  }
  const federated = text2(sts.json?.access_token);
  const federatedSeconds = sts.json?.expires_in;
  if (!federated || typeof federatedSeconds !== "number" || !(federatedSeconds > 0)) throw new CloudTokenError("gcp", "bad-response", `Google STS at ${options.stsEndpoint} answered without the access_token and expires_in its reference documents`);
  if (!options.serviceAccount) {
    const pool = options.workloadIdentityProvider.replace(/\/providers\/[^/]+$/, "");
    return { accessToken: federated, expiresAt: new Date(options.now() + federatedSeconds * 1e3).toISOString(), identity: `principal://iam.googleapis.com/${pool}/subject/${options.subject}`, lifetimeSeconds: federatedSeconds };
  }
  const account = options.serviceAccount;
  const iam = await postForJson({
    cloud: "gcp",
    url: `${options.iamCredentialsEndpoint}/v1/projects/-/serviceAccounts/${encodeURIComponent(account)}:generateAccessToken`,
    headers: { "content-type": "application/json", authorization: `Bearer ${federated}` },
    body: JSON.stringify({ scope: options.scopes, lifetime: `${options.lifetimeSeconds}s` }),
    fetch: options.fetch
  });
  if (!iam.ok) {
    const error = iam.json?.error ?? {};
    const status = text2(error.status);
    const message = text2(error.message);
    throw new CloudTokenError("gcp", "refused", `IAM Credentials refused to mint an access token for ${account} (HTTP ${iam.status}${status ? `, ${status}` : ""})${message ? `: ${message}` : ""}; grant the provider's principal set roles/iam.workloadIdentityUser on the service account`, status);
  }
  const accessToken = text2(iam.json?.accessToken);
  const expireTime = text2(iam.json?.expireTime);
  if (!accessToken || !expireTime || Number.isNaN(Date.parse(expireTime))) throw new CloudTokenError("gcp", "bad-response", `IAM Credentials at ${options.iamCredentialsEndpoint} answered generateAccessToken without the accessToken and expireTime its reference documents`);
  return { accessToken, expiresAt: new Date(expireTime).toISOString(), identity: account, lifetimeSeconds: options.lifetimeSeconds };
}

// src/egress/resolution-switch.ts
var ResolutionSwitch = class {
  #stopped;
  /** The reason resolution stopped, or undefined while credentials are still resolved. */
  get stopped() {
    return this.#stopped;
  }
  /** Stops every resolution from now on; true the first time (so the caller warns once). */
  stop(reason) {
    if (this.#stopped) return false;
    this.#stopped = reason;
    return true;
  }
};

// src/telemetry/path-class.ts
var GIT = /(\/info\/refs$|\/git-upload-pack$|\/git-receive-pack$|\.git(\/|$))/;
var DOWNLOAD = /(\/download(s)?(\/|$)|\/(tarball|zipball|archive)\/|\/artifacts\/\d+\/zip$)/;
var UPLOAD = /(\/upload(s)?(\/|$))/;
var API = /^\/(api|v\d+(beta\d*)?|repos|orgs|users|user|graphql|installation|app|search|rate_limit)(\/|$)/;
function pathClass(input) {
  if (input.kind === "connect" || input.kind === "upgrade") return "other";
  const path = input.path.toLowerCase();
  if (path === "" || path === "/") return "root";
  if (GIT.test(path)) return "git";
  if (input.host.startsWith("uploads.") || UPLOAD.test(path)) return "upload";
  if (DOWNLOAD.test(path) || input.host.startsWith("objects.") || input.host.startsWith("codeload.")) return "download";
  if (input.host.startsWith("api.") || API.test(path)) return "api";
  return "other";
}

// src/telemetry/egress-run-event.ts
var MISUSE = /* @__PURE__ */ new Set(["placeholder-wrong-host", "placeholder-in-url", "placeholder-misplaced", "placeholders-mixed", "placeholder-over-plain-http", "placeholder-in-body", "aws-foreign-credential", "aws-session-token-mismatch"]);
var UNKNOWN_CREDENTIAL = "unidentified";
var method = (name) => /^[A-Z]{1,16}$/.test(name) ? name : "OTHER";
function dlpRules(reason) {
  if (reason.startsWith("dlp-blocked:")) return reason.slice("dlp-blocked:".length).split(",").filter(Boolean);
  if (reason.startsWith("body-blocked:")) return [reason.slice("body-blocked:".length)];
  if (reason === "sensitive-value-in-request") return ["known-value"];
  return void 0;
}
function egressRunEvents(record) {
  if (record.kind === "connect" && record.reason === "terminated") return [];
  const at = record.time;
  const events = [
    {
      kind: "egress",
      at,
      decision: record.decision,
      host: record.host,
      method: method(record.method),
      pathClass: pathClass(record),
      bytesOut: record.requestBytes,
      bytesIn: record.responseBytes,
      ...record.reason ? { reason: record.reason } : {}
    }
  ];
  const reason = record.reason ?? "";
  if (record.decision === "deny" && MISUSE.has(reason)) events.push({ kind: "placeholder_misuse", at, host: record.host, credential: record.credential ?? UNKNOWN_CREDENTIAL });
  const rules = record.decision === "deny" ? dlpRules(reason) : void 0;
  if (rules) events.push({ kind: "dlp_block", at, host: record.host, rules });
  if (record.decision === "allow" && record.resolved && record.credential) events.push({ kind: "resolution", at, credential: record.credential, host: record.host });
  return events;
}

// src/telemetry/gateway-run-event.ts
function gatewayRunEvents(record, gatewayHost) {
  const at = record.time;
  const provider = record.provider ?? "none";
  const events = [
    { kind: "gateway_call", at, provider, model: record.model ?? "unknown", inputTokens: record.inputTokens ?? 0, outputTokens: record.outputTokens ?? 0, decision: record.decision }
  ];
  if (record.reason === "body-blocked") events.push({ kind: "dlp_block", at, host: gatewayHost, rules: record.rules ?? [] });
  if (record.reason === "sensitive-value-in-request") events.push({ kind: "dlp_block", at, host: gatewayHost, rules: ["known-value"] });
  if (record.reason === "placeholder-wrong-provider") events.push({ kind: "placeholder_misuse", at, host: gatewayHost, credential: "llm-key" });
  return events;
}

// src/telemetry/containment-answer.ts
function readContainmentAnswer(json) {
  if (typeof json !== "object" || json === null) return void 0;
  const answer = json;
  const containment = answer.containment;
  if (typeof answer.accepted !== "number" || typeof answer.duplicate !== "boolean" || typeof containment !== "object" || containment === null) return void 0;
  const strings = (value) => Array.isArray(value) && value.every((v) => typeof v === "string") ? value : void 0;
  const actions = strings(containment.actions);
  const reasons = strings(containment.reasons);
  if (typeof containment.revoked !== "boolean" || typeof containment.suspended !== "boolean" || !actions || !reasons) return void 0;
  return { accepted: answer.accepted, duplicate: answer.duplicate, containment: { revoked: containment.revoked, suspended: containment.suspended, actions, reasons } };
}

// src/telemetry/run-event-sink.ts
var EVENTS_PATH = "/airlock/v1/events";
var DEFAULT_RETRY = { attempts: 3, baseDelayMs: 500, deadlineMs: 15e3, jitter: true };
var RETRIABLE = /* @__PURE__ */ new Set([408, 425, 429]);
function startRunEventSink(options) {
  const capacity = options.capacity ?? 2e3;
  const batchSize = Math.min(options.batchSize ?? 100, RUN_EVENT_LIMITS.eventsPerBatch);
  const retry = options.retry ?? DEFAULT_RETRY;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 1e4;
  const url = `${options.appUrl.replace(/\/+$/, "")}${EVENTS_PATH}`;
  const queue = [];
  const stop = new AbortController();
  let seq = 0;
  let droppedSinceBatch = 0;
  let dropped = 0;
  let sent = 0;
  let batches = 0;
  let failedBatches = 0;
  let closed = false;
  let warned = false;
  let flushAll = false;
  let inFlight;
  const containment = { revoked: false, suspended: false, actions: /* @__PURE__ */ new Set(), reasons: /* @__PURE__ */ new Set() };
  const lose = (count) => {
    droppedSinceBatch += count;
    dropped += count;
  };
  const warnOnce = (message) => {
    if (warned) return;
    warned = true;
    options.warn(`Airlock telemetry: ${message}; the agent runs on, and the job summary counts what was not delivered.`);
  };
  const post = async (body) => {
    const result = await withRetry(
      retry,
      async ({ remainingMs }) => {
        const token = await options.idToken();
        try {
          const response = await options.fetch(url, {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "user-agent": "airlock-action" },
            body,
            signal: AbortSignal.any([AbortSignal.timeout(Math.max(1, Math.min(attemptTimeoutMs, remainingMs))), stop.signal])
          });
          const text3 = await response.text();
          if (response.status === 200) {
            let json;
            try {
              json = JSON.parse(text3);
            } catch {
              json = void 0;
            }
            return { done: readContainmentAnswer(json) };
          }
          if (response.status >= 500 || RETRIABLE.has(response.status)) return { retry: `HTTP ${response.status}` };
          return { fail: `the App refused the batch: HTTP ${response.status}${errorCode(text3)}` };
        } catch (error) {
          if (stop.signal.aborted) return { fail: "the final flush ran out of time" };
          return { retry: error.name === "TimeoutError" ? "timed out" : error.message };
        }
      },
      { signal: stop.signal }
    );
    return result.ok ? { ok: true, answer: result.value } : { ok: false, why: `${result.last} after ${result.attempts} attempt(s)` };
  };
  const sendBatch = async (events) => {
    if (seq >= RUN_EVENT_LIMITS.batchesPerRun) {
      lose(events.length);
      warnOnce(`the run reached the App's limit of ${RUN_EVENT_LIMITS.batchesPerRun} batches`);
      return;
    }
    const batch = { identity: options.identity, seq: ++seq, dropped: droppedSinceBatch, events };
    const reported = droppedSinceBatch;
    droppedSinceBatch = 0;
    let outcome;
    try {
      outcome = await post(JSON.stringify(batch));
    } catch (error) {
      outcome = { ok: false, why: stop.signal.aborted ? "the final flush ran out of time" : error.message };
    }
    if (!outcome.ok) {
      failedBatches++;
      droppedSinceBatch += reported;
      lose(events.length);
      warnOnce(`could not send run events to the App at ${options.appUrl} (${outcome.why})`);
      return;
    }
    sent += events.length;
    batches++;
    const answer = outcome.answer;
    if (!answer) {
      warnOnce(`the App's answer to a batch was not a containment answer`);
      return;
    }
    const c = answer.containment;
    containment.revoked ||= c.revoked;
    containment.suspended ||= c.suspended;
    for (const a of c.actions) containment.actions.add(a);
    for (const r of c.reasons) containment.reasons.add(r);
    if (c.revoked || c.suspended || c.actions.length) options.onContainment(c);
  };
  const pump = async () => {
    for (; ; ) {
      if (stop.signal.aborted) break;
      const whole = queue.length >= batchSize;
      if (!whole && !(flushAll && (queue.length > 0 || droppedSinceBatch > 0))) break;
      if (!whole) flushAll = false;
      await sendBatch(queue.splice(0, batchSize));
    }
    flushAll = false;
  };
  const kick = (all) => {
    if (all) flushAll = true;
    inFlight ??= pump().finally(() => {
      inFlight = void 0;
    });
  };
  const timer = setInterval(() => kick(true), options.intervalMs ?? 2e3);
  timer.unref();
  return {
    push(event) {
      if (closed) return lose(1);
      if (queue.length >= capacity) {
        queue.shift();
        lose(1);
      }
      queue.push(event);
      if (queue.length >= batchSize) kick(false);
    },
    async close(deadlineMs) {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      const deadline = setTimeout(() => stop.abort(new Error("the final flush ran out of time")), deadlineMs);
      try {
        await inFlight;
        kick(true);
        await inFlight;
      } finally {
        clearTimeout(deadline);
        if (queue.length) {
          lose(queue.length);
          queue.length = 0;
          warnOnce(`the final flush did not deliver every run event within ${deadlineMs} ms`);
        }
      }
    },
    report: () => ({ sent, batches, dropped, failedBatches, revoked: containment.revoked, suspended: containment.suspended, actions: [...containment.actions], reasons: [...containment.reasons] })
  };
}
function errorCode(text3) {
  try {
    const code = JSON.parse(text3).error?.code;
    return typeof code === "string" && /^[a-z0-9_]{1,64}$/.test(code) ? ` (${code})` : "";
  } catch {
    return "";
  }
}

// src/telemetry/value-matcher.ts
function valueMatcher(values) {
  const known = new KnownValues(values.flatMap((v) => [v, { value: v.value.toLowerCase(), label: v.label }]));
  return (text3) => {
    let found = false;
    known.find(text3, 0, text3.length, () => found = true);
    return found;
  };
}

// src/telemetry/run-telemetry.ts
function startRunTelemetry(options) {
  let said = { revoked: false, suspended: false, failed: false };
  const sink = startRunEventSink({
    ...options,
    onContainment: (c) => {
      const why = c.reasons.length ? ` (${c.reasons.join("; ")})` : "";
      if (c.revoked && options.resolution.stop("revoked-by-containment") && !said.revoked) {
        said = { ...said, revoked: true };
        options.warn(`The Airlock App's containment revoked this run's credentials${why}: from now on the egress proxy and the LLM gateway resolve no placeholder (revoked-by-containment).`);
      }
      if (c.suspended && !said.suspended) {
        said = { ...said, suspended: true };
        options.warn(`The Airlock App suspended the identity ${options.identity}${why}: it gets no new credentials until a human resumes it (/airlock resume ${options.identity}).`);
      }
    }
  });
  let cached;
  const carries = (text3) => {
    const values = options.sensitive();
    if (cached?.size !== values.length) cached = { size: values.length, carries: valueMatcher(values) };
    if (cached.carries(text3)) return true;
    const scanned = scanText(text3);
    return scanned.findings.length > 0 || scanned.truncated !== void 0;
  };
  const record = (make) => {
    try {
      for (const event of make()) sink.push(screenRunEvent(event, carries));
    } catch (error) {
      if (said.failed) return;
      said = { ...said, failed: true };
      options.warn(`Airlock telemetry: an event could not be recorded (${error.message}); the agent runs on.`);
    }
  };
  return {
    record: (event) => record(() => [event]),
    egress: (r) => record(() => egressRunEvents(r)),
    gateway: (r) => record(() => gatewayRunEvents(r, options.gatewayHost)),
    async close(deadlineMs) {
      await sink.close(deadlineMs);
      return sink.report();
    }
  };
}

// src/telemetry/approval-run-event.ts
var STATUS = {
  approved: "approved",
  denied: "denied",
  error: "denied",
  expired: "expired",
  cancelled: "expired"
};
function approvalRunEvent(at, approvalId, outcome) {
  return { kind: "approval", at, approvalId, status: outcome === "pending" ? "pending" : STATUS[outcome.status] };
}

// src/telemetry/sandbox-exit-run-event.ts
function sandboxExitRunEvent(at, backend, run) {
  return { kind: "sandbox_exit", at, backend, exitCode: run.exitCode, signal: run.signal };
}

// src/telemetry/patch-scan-run-event.ts
var REVEALED_TOKEN_RULE = "revealed-workspace-token";
function patchScanRunEvent(at, scan) {
  const rules = [.../* @__PURE__ */ new Set([...scan.findings.map((f) => f.rule_id), ...scan.revealed ? [REVEALED_TOKEN_RULE] : []])].sort();
  return { kind: "patch_scan", at, findings: scan.findings.length + scan.revealed, rules };
}

// src/action/run-main.ts
function hold(core, held, value) {
  held.values.push(value);
  for (const form of credentialForms(value)) {
    core.setSecret(form);
    held.forms.push(form);
  }
}
function saveState(core, held) {
  core.saveState(STATE_KEY, JSON.stringify(held.records));
  if (held.vault) core.saveState(VAULT_STATE_KEY, JSON.stringify(leftoversOf(held.vault)));
}
var scopeOf = (minted) => `${Object.entries(minted.permissions).map(([k, v]) => `${k}:${v}`).join(", ")} on ${minted.repositories.join(", ")}`;
var GITHUB_PLACEMENTS = [{ kind: "authorization", schemes: ["bearer", "token"] }, { kind: "basic" }];
var brokerIdToken = (settings, core) => fetchIdToken((a) => core.getIDToken(a), settings.audience, ID_TOKEN_RETRY);
async function acquireGithub(settings, deps, held, firstIdToken) {
  const { core, broker } = deps;
  if (!broker) return;
  const request = { identity: settings.identity, permissions: settings.permissions, repositories: settings.repositories };
  let prefetched = firstIdToken;
  const oidcToken = async () => {
    const pending = prefetched;
    prefetched = void 0;
    const token = await (pending ?? brokerIdToken(settings, core));
    held.claims ??= decodeJwt(token);
    return token;
  };
  const track = (minted2) => {
    hold(core, held, minted2.token);
    held.githubTokens.set(minted2.token_id, minted2);
    held.records.push({ kind: "github", id: minted2.token_id, scope: scopeOf(minted2), mintedAt: deps.clock().toISOString(), expiresAt: minted2.expires_at, ...recordedDecision(minted2) });
    saveState(core, held);
  };
  const minted = await broker.exchange(oidcToken, request);
  track(minted);
  held.lease = new GithubTokenLease(minted, {
    // Each replacement is a new exchange with a new OIDC token (the broker accepts each jti once),
    // asked while the agent's output is fenced: without core's ::add-mask::, which would be printed (fenced-id-token.ts).
    mint: () => broker.exchange(() => fetchIdToken(fencedIdToken(deps.env, deps.network.fetch), settings.audience, ID_TOKEN_RETRY), request),
    revoke: (token) => revokeGithubToken(deps, token),
    onMinted: (next) => {
      track(next);
      core.info(`Re-minted the GitHub token before it expired: ${next.token_id.slice(0, 8)} replaces the previous one; the agent's placeholder is unchanged.`);
    },
    onRevoked: (old) => markGithubRevoked(deps, held, old),
    onError: (message) => core.warning(message),
    now: () => deps.clock().getTime()
  });
  const placeholder = githubTokenPlaceholder();
  const lease = held.lease;
  held.bindings.push({ id: "github-token", kind: "github-token", placeholder, hosts: githubHostRules(githubHosts(deps.env)), placements: GITHUB_PLACEMENTS, real: () => lease.current() });
  held.agentEnv[settings.tokenEnv] = placeholder;
  core.info(`Minted GitHub token ${minted.token_id.slice(0, 8)} (${scopeOf(minted)}); the agent holds a placeholder in ${settings.tokenEnv}, resolved only toward GitHub; revoked when the agent ends.`);
}
async function acquireVault(settings, deps, held) {
  const { core } = deps;
  const vault = settings.vault;
  if (!vault) return;
  const jwt = await fetchIdToken((a) => core.getIDToken(a), vault.audience, ID_TOKEN_RETRY);
  held.claims ??= decodeJwt(jwt);
  if (!deps.broker) await checkSecretsPolicy(vault, jwt, deps.env);
  const session = await vaultLogin({ url: vault.url, mount: vault.mount, role: vault.role, jwt, namespace: vault.namespace, fetch: deps.network.fetch });
  held.vault = session;
  hold(core, held, session.token);
  held.records.push({ kind: "vault-token", id: session.accessor, scope: `policies ${session.policies.join(", ")}`, mintedAt: deps.clock().toISOString(), expiresAt: session.expiresAt });
  saveState(core, held);
  const result = await readSecrets(session, vault.secrets);
  for (const value of result.sensitiveValues) hold(core, held, value);
  for (const lease of session.leases) {
    held.records.push({ kind: "vault-lease", id: lease.leaseId, scope: lease.path, mintedAt: lease.obtainedAt, expiresAt: new Date(Date.parse(lease.obtainedAt) + lease.leaseDurationSeconds * 1e3).toISOString() });
  }
  saveState(core, held);
  for (const secret of result.secrets) {
    const request = vault.secrets.find((r) => r.envName === secret.envName);
    if (secret.value.length < MIN_KNOWN_VALUE_LENGTH) throw new Error(`secret ${secret.path}#${secret.key} (line ${request.line}) is shorter than ${MIN_KNOWN_VALUE_LENGTH} characters: too short to be recognised in traffic, so Airlock cannot protect it`);
    const binding = request.binding;
    const placeholder = shapedPlaceholder(secret.value);
    const value = secret.value;
    held.bindings.push({
      id: `vault:${secret.envName}`,
      kind: "vault-secret",
      placeholder,
      // Unbound: a placeholder resolved nowhere (the agent can pass it around, never use it).
      hosts: binding?.hosts ?? [],
      placements: binding ? binding.header !== void 0 ? [{ kind: "header", name: binding.header }] : [...binding.auth.some((a) => a !== "basic") ? [{ kind: "authorization", schemes: binding.auth.filter((a) => a !== "basic") }] : [], ...binding.auth.includes("basic") ? [{ kind: "basic" }] : []] : [],
      real: () => value,
      ...binding?.approval ? { approval: "required" } : deps.broker ? { approval: "policy" } : {}
    });
    held.agentEnv[secret.envName] = placeholder;
  }
  const bound = vault.secrets.filter((r) => r.binding).map((r) => `${r.envName} \u2192 ${r.binding.entries.join(" ")}`);
  core.info(`Read ${result.secrets.length} secret(s) from Vault; the agent holds placeholders in ${Object.keys(result.env).join(", ")}${bound.length ? `, resolved only toward their hosts (${bound.join("; ")})` : ", resolved nowhere (no host bound in the secrets input)"}; revoked when the agent ends.`);
}
var AWS_AUDIENCE = "sts.amazonaws.com";
function awsSessionName(env) {
  const name = `airlock-${env.GITHUB_RUN_ID ?? "run"}-${env.GITHUB_RUN_ATTEMPT ?? "1"}`.replace(/[^\w+=,.@-]/g, "-");
  return name.slice(0, 64);
}
async function acquireAws(settings, deps, held) {
  const { core } = deps;
  const aws = settings.aws;
  if (!aws) return;
  const token = await fetchIdToken((a) => core.getIDToken(a), AWS_AUDIENCE, ID_TOKEN_RETRY);
  held.claims ??= decodeJwt(token);
  const assumed = await assumeRoleWithWebIdentity({ endpoint: aws.stsEndpoint, roleArn: aws.roleArn, sessionName: awsSessionName(deps.env), webIdentityToken: token, durationSeconds: aws.sessionSeconds, ...aws.sessionPolicy ? { policy: aws.sessionPolicy } : {}, fetch: deps.network.fetch });
  for (const value of [assumed.credentials.secretAccessKey, assumed.credentials.sessionToken, assumed.credentials.accessKeyId]) hold(core, held, value);
  held.records.push({
    kind: "aws-sts",
    id: assumed.assumedRoleId,
    scope: `role ${aws.roleArn}, ${aws.sessionSeconds} s session${aws.sessionPolicy ? " narrowed by aws-session-policy" : ""}; STS sessions cannot be revoked`,
    mintedAt: deps.clock().toISOString(),
    expiresAt: assumed.expiration,
    role: aws.roleArn,
    durationSeconds: aws.sessionSeconds,
    revocable: false
  });
  saveState(core, held);
  const placeholder = awsPlaceholderCredentials();
  held.bindings.push(awsCredentialBinding({ placeholder, real: () => assumed.credentials, roleArn: aws.roleArn, endpoints: aws.endpoints }));
  Object.assign(held.agentEnv, {
    AWS_ACCESS_KEY_ID: placeholder.accessKeyId,
    AWS_SECRET_ACCESS_KEY: placeholder.secretAccessKey,
    AWS_SESSION_TOKEN: placeholder.sessionToken,
    AWS_REGION: aws.region,
    AWS_DEFAULT_REGION: aws.region,
    // Credentials come from the environment; nothing should go looking for instance metadata.
    AWS_EC2_METADATA_DISABLED: "true",
    // Service-specific endpoints (AWS CLI >= 1.29 / 2.13, SDKs): https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
    ...Object.fromEntries([...aws.endpointUrls].map(([service, url]) => [`AWS_ENDPOINT_URL_${service.toUpperCase().replace(/-/g, "_")}`, url]))
  });
  core.info(
    `Assumed ${aws.roleArn} for ${aws.sessionSeconds} s (session ${assumed.assumedRoleId}, expires ${assumed.expiration}); the agent holds placeholder AWS credentials, which the egress proxy checks in each request's signature and signs again with the session, read-only unless the egress policy grants more. STS sessions cannot be revoked: Airlock stops signing with it when the agent ends.`
  );
}
async function acquireGcp(settings, deps, held) {
  const { core } = deps;
  const gcp = settings.gcp;
  if (!gcp) return;
  const token = await fetchIdToken((a) => core.getIDToken(a), gcp.audience, ID_TOKEN_RETRY);
  const claims = decodeJwt(token);
  held.claims ??= claims;
  const minted = await gcpAccessToken({
    stsEndpoint: gcp.stsEndpoint,
    iamCredentialsEndpoint: gcp.iamCredentialsEndpoint,
    workloadIdentityProvider: gcp.workloadIdentityProvider,
    ...gcp.serviceAccount ? { serviceAccount: gcp.serviceAccount } : {},
    oidcToken: token,
    subject: String(claims.sub ?? ""),
    scopes: gcp.scopes,
    lifetimeSeconds: gcp.lifetimeSeconds,
    fetch: deps.network.fetch,
    now: () => deps.clock().getTime()
  });
  hold(core, held, minted.accessToken);
  held.records.push({
    kind: "gcp-access-token",
    id: `${gcp.workloadIdentityProvider}#${deps.env.GITHUB_RUN_ID ?? "run"}-${deps.env.GITHUB_RUN_ATTEMPT ?? "1"}`,
    scope: `${gcp.serviceAccount ? `service account ${gcp.serviceAccount}` : `workload identity ${minted.identity}`}, ${minted.lifetimeSeconds} s token; Google access tokens cannot be revoked`,
    mintedAt: deps.clock().toISOString(),
    expiresAt: minted.expiresAt,
    role: minted.identity,
    durationSeconds: minted.lifetimeSeconds,
    revocable: false
  });
  saveState(core, held);
  const placeholder = gcpPlaceholderToken();
  held.bindings.push(gcpCredentialBinding({ placeholder, real: () => minted.accessToken, identity: minted.identity, endpoints: gcp.endpoints }));
  Object.assign(held.agentEnv, gcpAgentEnv(placeholder, gcp.projectId));
  core.info(`Got a Google Cloud access token as ${minted.identity} (expires ${minted.expiresAt}); the agent holds a placeholder in GOOGLE_OAUTH_ACCESS_TOKEN, resolved only toward *.googleapis.com${gcp.endpoints.size ? ` and ${[...gcp.endpoints.keys()].join(", ")}` : ""}, read-only unless the egress policy grants more. It cannot be revoked: Airlock stops resolving it when the agent ends.`);
}
async function acquireAzure(settings, deps, held) {
  const { core } = deps;
  const azure = settings.azure;
  if (!azure) return;
  const token = await fetchIdToken((a) => core.getIDToken(a), azure.audience, ID_TOKEN_RETRY);
  held.claims ??= decodeJwt(token);
  const minted = await entraAccessToken({ authorityHost: azure.authorityHost, tenantId: azure.tenantId, clientId: azure.clientId, resource: azure.resource, oidcToken: token, fetch: deps.network.fetch, now: () => deps.clock().getTime() });
  hold(core, held, minted.accessToken);
  held.records.push({
    kind: "azure-access-token",
    id: `${azure.clientId}#${deps.env.GITHUB_RUN_ID ?? "run"}-${deps.env.GITHUB_RUN_ATTEMPT ?? "1"}`,
    scope: `application ${azure.clientId} in tenant ${azure.tenantId}, for ${azure.resource}, ${minted.lifetimeSeconds} s token; Entra access tokens cannot be revoked`,
    mintedAt: deps.clock().toISOString(),
    expiresAt: minted.expiresAt,
    role: azure.clientId,
    durationSeconds: minted.lifetimeSeconds,
    revocable: false
  });
  saveState(core, held);
  const placeholder = azurePlaceholderToken({ tenantId: azure.tenantId, clientId: azure.clientId, resource: azure.resource, expiresAt: minted.expiresAt });
  held.bindings.push(azureCredentialBinding({ placeholder, real: () => minted.accessToken, clientId: azure.clientId, resource: azure.resource }));
  Object.assign(held.agentEnv, azureAgentEnv(placeholder, azure));
  core.info(`Got an Azure access token for ${azure.resource} as ${azure.clientId} (expires ${minted.expiresAt}); the agent holds a placeholder in AZURE_ACCESS_TOKEN, resolved only toward the resource's hosts, read-only unless the egress policy grants more. It cannot be revoked: Airlock stops resolving it when the agent ends.`);
}
function stopResolvingUnrevocable(deps, held) {
  const now = deps.clock().toISOString();
  for (const record of held.records.filter((r) => r.revocable === false && !r.resolvingStoppedAt)) {
    record.resolvingStoppedAt = now;
    deps.core.info(`Stopped resolving ${record.kind === "aws-sts" ? "the AWS session" : `the ${record.kind}`} ${record.id}: it cannot be revoked and stays valid until ${record.expiresAt}, but nothing the agent holds can use it.`);
  }
  saveState(deps.core, held);
}
function approvals(settings, deps, run, telemetry) {
  if (!deps.broker || !settings.brokerUrl || !settings.vault) return void 0;
  const brokerUrl = settings.brokerUrl;
  const asked = /* @__PURE__ */ new Map();
  return (credential, request) => {
    let answer = asked.get(credential.id);
    if (!answer) {
      const secret = settings.vault.secrets.find((r) => `vault:${r.envName}` === credential.id);
      if (!secret) return Promise.resolve({ approved: false, reason: `${credential.id} is not a secret the App can approve` });
      let approvalId;
      deps.core.info(`Asking the Airlock App to approve ${secret.envName} (${secret.path}#${secret.key}) for ${request.method} ${request.host}${request.path}; the request waits up to ${settings.approvalTimeoutMinutes} minute(s).`);
      answer = requestSecretApproval({
        brokerUrl,
        // Asked while the agent's output is fenced (fenced-id-token.ts).
        idToken: () => fetchIdToken(fencedIdToken(deps.env, deps.network.fetch), settings.audience, ID_TOKEN_RETRY),
        identity: settings.identity,
        secrets: [{ path: secret.path, key: secret.key, env: secret.envName, approval: secret.binding?.approval ? "required" : "policy" }],
        destination: { method: request.method, host: request.host, path: request.path },
        timeoutMs: settings.approvalTimeoutMinutes * 6e4,
        pollIntervalMs: 3e3,
        signal: run,
        fetch: deps.network.fetch,
        onPosted: (id) => {
          approvalId = id;
          telemetry?.record(approvalRunEvent(deps.clock().toISOString(), id, "pending"));
        }
      }).then((result) => {
        if (approvalId) telemetry?.record(approvalRunEvent(deps.clock().toISOString(), approvalId, result));
        if (result.status === "approved") {
          deps.core.info(`${secret.envName} approved${result.by ? ` by ${result.by}` : " by policy"}.`);
          return { approved: true };
        }
        deps.core.warning(`${secret.envName} was not approved (${result.status}): ${result.message}`);
        return { approved: false, reason: `${result.status}: ${result.message}` };
      });
      asked.set(credential.id, answer);
    }
    return answer;
  };
}
var TELEMETRY_FINAL_FLUSH_MS = 5e3;
function runTelemetry(settings, deps, held, resolution, warnings) {
  if (!settings.telemetry || !deps.broker || !settings.brokerUrl) return void 0;
  deps.core.info(`Run telemetry: the run's events (metadata only) go to the Airlock App at ${settings.brokerUrl} while the agent runs; its containment is obeyed (telemetry: false turns this off).`);
  const idToken = fencedIdToken(deps.env, deps.network.fetch);
  return startRunTelemetry({
    appUrl: settings.brokerUrl,
    identity: settings.identity,
    idToken: () => fetchIdToken(idToken, settings.audience, ID_TOKEN_RETRY),
    fetch: deps.network.fetch,
    resolution,
    // The run's real values and the placeholders standing for them: no event may carry either.
    sensitive: () => [...held.values, ...held.bindings.map((b) => b.placeholder)].map((value) => ({ value, label: "airlock-credential" })),
    gatewayHost: GATEWAY_HOST,
    // Said at once as plain text (a workflow command would not be read under the agent's fence),
    // and as a warning annotation once the agent's output is closed (runMain's finally).
    warn: (message) => {
      deps.core.info(message);
      warnings.push(message);
    }
  });
}
function needsEgress(settings) {
  return settings.allowedHosts.rules.length > 0 || !!settings.brokerUrl || !!settings.vault?.secrets.some((s) => s.binding) || Object.keys(settings.llm).length > 0 || !!settings.aws || !!settings.gcp || !!settings.azure;
}
function egressRunFacts(settings, deps, held) {
  const claim = (name, fallback) => typeof held.claims?.[name] === "string" ? held.claims[name] : fallback ?? "";
  const repository = claim("repository", deps.env.GITHUB_REPOSITORY).toLowerCase();
  const owner = repository.split("/")[0] ?? "";
  const minted = [...held.githubTokens.values()].at(-1);
  return {
    repository,
    repositories: minted ? minted.repositories.map((r) => `${owner}/${r}`.toLowerCase()) : [repository],
    identity: settings.identity,
    event_name: claim("event_name", deps.env.GITHUB_EVENT_NAME),
    sha: claim("sha", deps.env.GITHUB_SHA)
  };
}
async function runMain(settings, deps) {
  const { core } = deps;
  const held = { records: [], agentEnv: {}, forms: [], values: [], bindings: [], githubTokens: /* @__PURE__ */ new Map() };
  for (const llm of Object.values(settings.llm)) hold(core, held, llm.apiKey);
  const startedOn = deps.clock().toISOString();
  const timeout = AbortSignal.timeout(settings.timeoutMinutes * 6e4);
  const runSignal = AbortSignal.any([deps.cancelled, timeout]);
  let base;
  let agent;
  let network;
  let workspace;
  let handed;
  let scratch;
  let command = settings.run;
  let egressLine;
  let opened;
  let telemetry;
  let telemetryReport;
  const telemetryWarnings = [];
  try {
    const firstIdToken = deps.broker ? brokerIdToken(settings, core) : void 0;
    let sandboxCheck;
    const checkSandbox = (dir) => {
      if (!sandboxCheck) sandboxCheck = preflight(settings, deps, dir);
      return sandboxCheck;
    };
    const listTree = settings.attestation.mode !== "false" ? treeListing(settings.workingDirectory) : void 0;
    const basing = baseForAttestation(settings, core, listTree);
    const copying = redactedWorkspace(settings, deps, (dir) => void checkSandbox(dir).catch(() => void 0), listTree);
    for (const pending of [firstIdToken, basing, copying]) pending?.catch(() => void 0);
    let egress;
    try {
      const egressModules = settings.sandbox !== "none" ? await loadPolicyModules(policyDir(deps.env)) : void 0;
      egress = egressModules ? egressDecision(egressModules, githubHosts(deps.env), () => egressRunFacts(settings, deps, held)) : void 0;
      if (egress?.problem) throw new Error(`the egress policy in ${policyDir(deps.env)} does not compile: ${egress.problem.message}`);
      base = await basing;
      workspace = await copying;
      await egress?.ready.catch((error) => {
        throw new Error(`the egress policy in ${policyDir(deps.env)} calls builtins that could not be loaded: ${error.message}`);
      });
      const brokerOnFetch = deps.broker !== void 0 && deps.network.brokerFetch === deps.network.fetch;
      if (brokerOnFetch || settings.vault || settings.aws || settings.gcp || settings.azure) void deps.network.fetch("data:,").then((r) => r.arrayBuffer()).catch(() => void 0);
      await checkSandbox(workspace?.dir ?? settings.workingDirectory);
    } catch (error) {
      workspace ??= await copying.catch(() => void 0);
      throw error;
    }
    const agentDirectory = workspace?.dir ?? settings.workingDirectory;
    let authority;
    if (settings.sandbox !== "none" && (deps.broker || settings.vault || settings.aws || settings.gcp || settings.azure)) {
      setImmediate(() => {
        try {
          authority = runCertificateAuthority();
        } catch {
        }
      });
    }
    core.startGroup("Airlock: exchange the OIDC token for scoped credentials");
    await acquireVault(settings, deps, held);
    await acquireGithub(settings, deps, held, firstIdToken);
    await acquireAws(settings, deps, held);
    await acquireGcp(settings, deps, held);
    await acquireAzure(settings, deps, held);
    held.lease?.start();
    core.endGroup();
    core.startGroup("Airlock: run the agent");
    const resolution = new ResolutionSwitch();
    telemetry = runTelemetry(settings, deps, held, resolution, telemetryWarnings);
    const approve = approvals(settings, deps, runSignal, telemetry);
    network = await startAgentNetwork(settings, {
      resolution,
      ...telemetry ? { onEgressLog: telemetry.egress, onGatewayLog: telemetry.gateway } : {},
      bindings: held.bindings,
      protectedValues: () => held.values.map((value) => ({ value, label: "airlock-credential" })),
      ...egress ? { decide: egress.decide, policyCounts: () => ({ ...egress.counts }) } : {},
      ...approve ? { approve } : {},
      ...authority ? { authority } : {}
    });
    const setup = await agentSetup(settings, deps, network.env);
    scratch = setup.scratch;
    command = setup.command;
    const agentStartedOn = deps.clock().toISOString();
    const run = await runAgent({
      command: setup.command,
      cwd: agentDirectory,
      env: agentEnvironment(deps.env, { ...held.agentEnv, ...network.env, ...setup.env }),
      files: setup.files,
      readOnlyPaths: setup.readOnlyPaths,
      redactForms: held.forms,
      write: deps.write,
      signal: runSignal,
      backend: settings.sandbox,
      ...settings.container ? { container: settings.container } : {},
      ...network.egress ? { egress: network.egress } : {},
      ...network.trust ? { trust: network.trust } : {}
    });
    const finishedOn = deps.clock().toISOString();
    telemetry?.record(sandboxExitRunEvent(finishedOn, settings.sandbox, run));
    await held.lease?.stop();
    await network.close();
    const facts = network.facts();
    if (run.container) facts.sandbox = { ...facts.sandbox, image: run.container.image, engine: run.container.engine };
    agent = { ...run, startedOn: agentStartedOn, finishedOn, network: facts };
    const summary = network.summary();
    if (summary) {
      egressLine = redact(summary, held.forms);
      core.info(egressLine);
    }
    core.endGroup();
    core.setOutput("agent-exit-code", String(agent.exitCode));
    if (timeout.aborted && !deps.cancelled.aborted) core.setFailed(`the agent ran longer than timeout-minutes (${settings.timeoutMinutes}) and was stopped`);
    else if (agent.exitCode !== 0) core.setFailed(`the agent command exited with ${agent.exitCode}${agent.signal ? ` (${agent.signal})` : ""}`);
    if (workspace && !deps.cancelled.aborted) handed = await handBack(settings, deps, workspace, held, telemetry);
  } finally {
    await held.lease?.stop();
    await network?.close();
    telemetryReport = await telemetry?.close(TELEMETRY_FINAL_FLUSH_MS);
    for (const message of telemetryWarnings) core.warning(message);
    stopResolvingUnrevocable(deps, held);
    if (scratch) await rm6(scratch, { recursive: true, force: true });
    await revokeGithub(settings, deps, held);
    await revokeVault(settings, deps, held);
    const attested = base && agent && !deps.cancelled.aborted ? await attest({ ...settings, run: command }, deps, { base, records: held.records, exitCode: agent.exitCode, outputRedactions: agent.redactions, ...workspace ? { tokenisedValues: workspace.vault.size } : {}, startedOn, agentStartedOn: agent.startedOn, agentFinishedOn: agent.finishedOn, ...agent.network }) : void 0;
    if (settings.pullRequest && handed && agent?.exitCode === 0 && !runSignal.aborted) opened = await pullRequest(settings, deps, held, handed, attested);
    else if (settings.pullRequest) core.info("No pull request: the agent did not finish cleanly, or its change could not be handed back.");
    await workspace?.remove();
    saveState(core, held);
    await core.summary.addRaw(
      jobSummary({
        identity: settings.identity,
        agent: settings.agent,
        ...agent ? { exitCode: agent.exitCode, sandbox: agent.network.sandbox, egress: agent.network.egress } : {},
        timedOut: timeout.aborted && !deps.cancelled.aborted,
        ...egressLine ? { egressLine } : {},
        ...attested ? { attestation: attested } : {},
        ...opened ? { pullRequest: opened } : {},
        ...telemetryReport ? { telemetry: telemetryReport } : {},
        records: held.records
      })
    ).write();
  }
}
async function agentSetup(settings, deps, networkEnv) {
  const provider = settings.agent === "claude-code" ? "anthropic" : settings.agent === "codex" ? "openai" : void 0;
  const baseUrl = provider ? networkEnv[PROVIDER_DEFINITIONS[provider].baseUrlVariable] ?? "" : "";
  const preset = agentPreset(settings.agent, { baseUrl, home: SANDBOX_HOME, ...settings.model ? { model: settings.model } : {} });
  const command = settings.run.trim() ? settings.run : preset.defaultRun;
  const scratch = await mkdtemp4(join9(tmpdir4(), "airlock-agent-files-"));
  const files = [];
  const place = async (target, content) => {
    const source = join9(scratch, `${files.length}`);
    await writeFile6(source, content, { mode: 420 });
    files.push({ source, target });
  };
  for (const f of preset.files) await place(f.target, f.content);
  if (settings.prompt !== void 0) await place(PROMPT_FILE, settings.prompt);
  const readOnlyPaths = minimalCover([...settings.toolPaths, ...settings.sandbox === "container" ? [] : await commandToolPaths(command, deps.env.PATH)]);
  if (settings.agent !== "generic") deps.core.info(`Agent preset ${settings.agent}: ${Object.keys(preset.env).join(", ")} set, ${preset.files.map((f) => f.target).join(", ")} pinned over the repository's settings, its own sandbox off (it cannot nest in Airlock's).`);
  if (readOnlyPaths.length) deps.core.info(`The sandbox shows these read-only for the agent's command and tools: ${readOnlyPaths.join(", ")}.`);
  return { command, env: { ...preset.env, ...settings.prompt !== void 0 ? { AIRLOCK_PROMPT_FILE: PROMPT_FILE } : {} }, files, readOnlyPaths, scratch };
}
async function baseForAttestation(settings, core, listTree) {
  if (settings.attestation.mode === "false") return void 0;
  const base = await snapshotBase(settings.workingDirectory, listTree);
  if (!base && settings.attestation.mode === "true") throw new Error(`"attest: true" needs a git checkout, and ${settings.workingDirectory} is not one; run actions/checkout first or set attest: false`);
  if (!base) core.info(`${settings.workingDirectory} is not a git checkout: no attestation will be signed (the Airlock gate requires one for agent pull requests).`);
  return base;
}
async function preflight(settings, deps, agentDirectory) {
  const { core } = deps;
  if (settings.sandbox === "bwrap") await preflightSandbox(agentDirectory, { env: deps.env, log: (m) => core.info(m) });
  else if (settings.sandbox === "container") {
    const { engine, image } = await preflightContainerSandbox(agentDirectory, settings.container, { needsEgress: needsEgress(settings) });
    core.info(`The agent runs in ${image.reference} (image ${image.id}${image.pinned ? ", pinned by digest" : ""}) under ${engine.name} ${engine.version}: no network but Airlock's proxy, no capabilities, read-only root, uid 1000.`);
  } else core.warning("sandbox: none \u2014 the agent runs unsandboxed, with no credential: it can read the runner's files and reach any host (allowed-hosts is not enforced).");
}
async function redactedWorkspace(settings, deps, onDirectory, listTree) {
  const { core } = deps;
  const prepared = await prepareRedactedWorkspace({ workingDirectory: settings.workingDirectory, tempDir: deps.env.RUNNER_TEMP ?? tmpdir4(), history: settings.workspaceHistory, baseRef: deps.env.GITHUB_BASE_REF || void 0, onDirectory, ...listTree ? { listTree } : {} });
  if (!prepared) {
    core.info(`${settings.workingDirectory} is not a git checkout: the agent runs in it directly, unredacted (no copy with secrets replaced by tokens, no patch to review).`);
    return void 0;
  }
  const { report } = prepared;
  core.info(
    `The agent works on a redacted copy of the checkout: ${report.files} file(s), ${prepared.workspace.vault.size} secret value(s) replaced by tokens in ${report.tokenisedFiles.length} file(s)${report.tokenisedFiles.length ? ` (${report.tokenisedFiles.map(shownPath).join(", ")})` : ""}, ${report.history ? "history kept (credentials stripped)" : "no history"}${report.baseRevision ? `; agent control files as ${report.baseRevision} has them` : ""}.`
  );
  if (report.controlFilesReplaced.length) core.warning(`Agent control files changed in the working tree were not given to the agent (it sees ${report.baseRevision ?? "no"} version instead): ${report.controlFilesReplaced.map(shownPath).join(", ")}`);
  if (report.unscanned.length) core.warning(`Files too large to scan were copied to the agent as they are: ${report.unscanned.map(shownPath).join(", ")}`);
  return prepared.workspace;
}
async function handBack(settings, deps, workspace, held, telemetry) {
  deps.core.startGroup("Airlock: hand back the agent's changes");
  try {
    return await handBackChanges(workspace, settings.workingDirectory, {
      core: deps.core,
      env: deps.env,
      knownValues: held.values.map((value) => ({ value, label: "airlock-credential" })),
      onScanned: (scan) => telemetry?.record(patchScanRunEvent(deps.clock().toISOString(), scan))
    });
  } catch (error) {
    deps.core.setFailed(`could not hand back the agent's changes: ${error.message}`);
    return void 0;
  } finally {
    deps.core.endGroup();
  }
}
async function pullRequest(settings, deps, held, patch, attested) {
  const { core } = deps;
  core.startGroup("Airlock: open the pull request");
  try {
    const opened = await openPullRequest(settings.pullRequest, {
      core,
      broker: deps.broker,
      env: deps.env,
      network: deps.network,
      idToken: () => fetchIdToken((a) => core.getIDToken(a), settings.audience, ID_TOKEN_RETRY),
      hold: (token) => {
        hold(core, held, token.token);
        held.githubTokens.set(token.token_id, token);
        held.records.push({ kind: "github", id: token.token_id, scope: `${scopeOf(token)} (pull request)`, mintedAt: deps.clock().toISOString(), expiresAt: token.expires_at, ...recordedDecision(token) });
        saveState(core, held);
      },
      revoke: async (token) => {
        try {
          await revokeGithubToken(deps, token);
          markGithubRevoked(deps, held, token);
        } catch (error) {
          revocationFailed(settings, core, `could not revoke the pull request's token ${token.token_id.slice(0, 8)}: ${error.message}; the post step will retry`);
        }
      }
    }, { cwd: settings.workingDirectory, patch, identity: settings.identity, ...attested ? { changesetDigest: attested.changesetDigest, ...attested.url ? { attestationUrl: attested.url } : {} } : {} });
    if (opened) {
      core.setOutput("pull-request-number", String(opened.number));
      core.setOutput("pull-request-url", opened.url);
      core.info(`Opened pull request #${opened.number} from ${opened.branch}: ${opened.url} (authored by the App's bot; the Airlock gate treats it as an agent's).`);
    }
    return opened;
  } catch (error) {
    core.setFailed(`could not open the pull request: ${error.message}`);
    return void 0;
  } finally {
    core.endGroup();
  }
}
async function attest(settings, deps, facts) {
  deps.core.startGroup("Airlock: sign the attestation");
  try {
    const { attestRun } = await import("./chunks/attest-run-3JDAATKU.js");
    return await attestRun(settings, { ...deps, fetch: deps.network.fetch }, facts);
  } catch (error) {
    deps.core.setFailed(`could not attest the agent run: ${error.message}`);
    return void 0;
  } finally {
    deps.core.endGroup();
  }
}
function revocationFailed(settings, core, message) {
  if (settings.revokeFailure === "warn") core.warning(message);
  else core.setFailed(message);
}
async function confirmRevoked(deps, token) {
  const api = deps.env.GITHUB_API_URL ?? "https://api.github.com";
  const response = await deps.network.fetch(`${api}/installation/repositories?per_page=1`, { headers: { authorization: `token ${token}`, accept: "application/vnd.github+json" } });
  return response.status === 401;
}
async function revokeGithubToken(deps, minted) {
  await deps.broker.revoke(minted.token);
  if (!await confirmRevoked(deps, minted.token)) throw new Error("GitHub still accepts the token after revocation");
}
function markGithubRevoked(deps, held, minted) {
  const record = held.records.find((r) => r.kind === "github" && r.id === minted.token_id);
  if (record) record.revokedAt = deps.clock().toISOString();
  held.githubTokens.delete(minted.token_id);
  saveState(deps.core, held);
  deps.core.info(`Revoked GitHub token ${minted.token_id.slice(0, 8)}; GitHub confirms it no longer works.`);
}
async function revokeGithub(settings, deps, held) {
  if (!deps.broker) return;
  for (const minted of [...held.githubTokens.values()]) {
    try {
      await revokeGithubToken(deps, minted);
      markGithubRevoked(deps, held, minted);
    } catch (error) {
      revocationFailed(settings, deps.core, `could not revoke GitHub token ${minted.token_id.slice(0, 8)}: ${error.message}; the post step will retry`);
    }
  }
}
async function revokeVault(settings, deps, held) {
  if (!held.vault) return;
  const report = await revokeAll(held.vault);
  const now = deps.clock().toISOString();
  for (const item of report.items) {
    const record = held.records.find((r) => r.id === item.id && (item.kind === "token" ? r.kind === "vault-token" : r.kind === "vault-lease"));
    if (record && item.outcome !== "failed") record.revokedAt = now;
  }
  if (report.ok) deps.core.info(`Revoked the Vault token and ${held.vault.leases.length} lease(s); Vault confirms the token no longer works.`);
  else revocationFailed(settings, deps.core, `could not revoke every Vault credential: ${report.items.filter((i) => i.outcome === "failed").map((i) => `${i.kind} ${i.id}: ${i.message}`).join("; ")}; the post step will retry`);
}

// src/main.ts
var cancelled = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => cancelled.abort());
try {
  const settings = readActionSettings((name) => getInput(name), process.env);
  const network = runnerNetwork(process.env, settings.caCertificates);
  const broker = settings.brokerUrl ? brokerClient(settings.brokerUrl, { attempts: 4, baseDelayMs: 250, deadlineMs: 3e4 }, network.brokerFetch) : void 0;
  await runMain(settings, { core: core_exports, broker, env: process.env, clock: () => /* @__PURE__ */ new Date(), network, write: (t) => process.stdout.write(t), cancelled: cancelled.signal });
} catch (error) {
  setFailed(`Airlock: ${error.message}${error instanceof BrokerError ? ` (${error.code})` : ""}`);
}
