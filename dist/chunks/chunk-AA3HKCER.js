import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  normalizeHost
} from "./chunk-2FANN6CZ.js";
import {
  GlobError,
  globToRegExp
} from "./chunk-XTMBT247.js";

// src/egress/egress-policy.ts
var DEFAULT_EGRESS_LIMITS = {
  maxRequestBodyBytes: 10 * 1024 * 1024,
  requestsPerMinute: 600,
  burst: 60,
  maxConnections: 256,
  maxBufferedBytes: 64 * 1024 * 1024
};
var EgressPolicyError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
  code;
  name = "EgressPolicyError";
};
function pathRule(glob) {
  if (!glob.startsWith("/"))
    throw new EgressPolicyError("invalid-path", `path rule "${glob}" must start with /`);
  try {
    return globToRegExp(glob);
  } catch (error) {
    if (error instanceof GlobError) throw new EgressPolicyError("invalid-path", `path rule: ${error.message}`);
    throw error;
  }
}
function compileEgressPolicy(policy) {
  for (const [name, value] of Object.entries({
    maxRequestBodyBytes: policy.maxRequestBodyBytes,
    requestsPerMinute: policy.requestsPerMinute,
    burst: policy.burst,
    maxConnections: policy.maxConnections,
    maxBufferedBytes: policy.maxBufferedBytes
  })) {
    if (!Number.isInteger(value) || value < 0)
      throw new EgressPolicyError("invalid-limit", `${name} must be a non-negative integer`);
  }
  const rules = policy.hosts.map((rule) => {
    const wildcard = rule.host.startsWith("*.");
    const normalized = normalizeHost(wildcard ? rule.host.slice(2) : rule.host);
    if (normalized.kind === "invalid")
      throw new EgressPolicyError(
        "invalid-host",
        `allow-list entry "${rule.host}": ${normalized.reason}`
      );
    if (wildcard && normalized.kind !== "name")
      throw new EgressPolicyError(
        "invalid-host",
        `allow-list entry "${rule.host}": wildcards apply to names only`
      );
    const ports = rule.ports ?? [443];
    for (const p of ports)
      if (!Number.isInteger(p) || p < 1 || p > 65535)
        throw new EgressPolicyError(
          "invalid-port",
          `allow-list entry "${rule.host}": bad port ${p}`
        );
    for (const m of rule.methods ?? [])
      if (!/^[A-Z]+$/.test(m) || m === "CONNECT")
        throw new EgressPolicyError(
          "invalid-method",
          `allow-list entry "${rule.host}": bad method "${m}"`
        );
    return {
      rule,
      kind: normalized.kind,
      ...wildcard ? { suffix: `.${normalized.host}` } : { exact: normalized.host },
      ports: new Set(ports),
      ...rule.methods ? { methods: new Set(rule.methods) } : {},
      ...rule.paths ? { paths: rule.paths.map(pathRule) } : {}
    };
  });
  return { policy, rules };
}
function findRule(host, policy) {
  return policy.rules.find(
    (r) => r.kind === host.kind && (r.exact === host.host || r.suffix !== void 0 && host.host.endsWith(r.suffix))
  );
}
function hostMatches(host, port, policy) {
  const rule = findRule(host, policy);
  return rule !== void 0 && rule.ports.has(port);
}
var deny = (reason) => ({ allow: false, status: 403, reason });
function decideHost(target, policy) {
  const rule = findRule(target.host, policy);
  if (!rule)
    return deny(target.host.kind === "name" ? "host-not-allowed" : "ip-literal-not-allowed");
  if (!rule.ports.has(target.port)) return deny("port-not-allowed");
  return rule;
}
function decideHttpRequest(method, target, hostHeader, policy) {
  if (hostHeader === "unparseable" || hostHeader && (hostHeader.host.host !== target.host.host || hostHeader.port !== target.port))
    return deny("host-header-mismatch");
  const found = decideHost(target, policy);
  if ("allow" in found) return found;
  if (found.methods && !found.methods.has(method)) return deny("method-not-allowed");
  if (found.paths && !found.paths.some((re) => re.test(target.path)))
    return deny("path-not-allowed");
  return { allow: true, rule: found.rule };
}
function decideConnect(target, policy, inspected = false) {
  const found = decideHost(target, policy);
  if ("allow" in found) return found;
  if (found.rule.connect === false) return deny("connect-not-allowed");
  if (!inspected && (found.methods || found.paths)) return deny("connect-bypasses-rules");
  return { allow: true, rule: found.rule };
}

// src/sandbox/container-options.ts
var CONTAINER_ENGINE_CHOICES = ["auto", "docker", "podman"];
var CONTAINER_ENTRYPOINT_CHOICES = ["airlock", "image"];

// src/sandbox/sandbox-error.ts
var SandboxError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
  code;
  name = "SandboxError";
};

// src/sandbox/container-engine.ts
import { execFile } from "node:child_process";
import { access, constants } from "node:fs/promises";
import { delimiter, isAbsolute, join } from "node:path";
var ENGINE_VARIABLES = [
  "PATH",
  "HOME",
  "LANG",
  "TMPDIR",
  "XDG_RUNTIME_DIR",
  "XDG_CONFIG_HOME",
  "XDG_DATA_HOME",
  "DOCKER_HOST",
  "DOCKER_CONTEXT",
  "DOCKER_CONFIG",
  "DOCKER_CERT_PATH",
  "DOCKER_TLS_VERIFY",
  "CONTAINER_HOST",
  "CONTAINER_CONNECTION",
  "CONTAINERS_CONF",
  "CONTAINERS_STORAGE_CONF",
  "CONTAINERS_REGISTRIES_CONF"
];
function engineEnvironment(env) {
  const out = {};
  for (const name of ENGINE_VARIABLES) if (env[name] !== void 0) out[name] = env[name];
  out.PATH ??= "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  return out;
}
function engineCommand(engine, args, options = {}) {
  return new Promise((resolve) => {
    execFile(
      engine.path,
      args,
      { env: engine.env, timeout: options.timeoutMs ?? 6e4, killSignal: "SIGKILL", maxBuffer: 16 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        const e = error;
        if (e && typeof e.code === "string") resolve({ code: null, stdout, stderr, spawnError: e.code });
        else resolve({ code: e ? typeof e.code === "number" ? e.code : null : 0, stdout, stderr });
      }
    );
  });
}
async function onPath(name, pathEnv) {
  const dirs = (pathEnv ?? "/usr/local/bin:/usr/bin:/bin").split(delimiter).filter((d) => isAbsolute(d));
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return void 0;
}
var firstLine = (text) => text.trim().split("\n").at(-1)?.slice(0, 300) || "no output";
async function identify(path, env, uid) {
  const engine = { path, env };
  const banner = await engineCommand(engine, ["--version"], { timeoutMs: 15e3 });
  if (banner.code !== 0) return { problem: `${path} --version failed: ${banner.spawnError ?? firstLine(banner.stderr)}` };
  const podman = /^podman version (\S+)/im.exec(banner.stdout);
  if (podman) return { name: "podman", path, version: podman[1], env, rootless: uid !== 0 && env.CONTAINER_HOST === void 0 };
  if (!/^Docker version /im.test(banner.stdout)) return { problem: `${path} is neither Docker nor Podman (it says ${JSON.stringify(firstLine(banner.stdout))})` };
  const server = await engineCommand(engine, ["version", "--format", "{{.Server.Version}}"], { timeoutMs: 15e3 });
  if (server.code !== 0 || !server.stdout.trim()) return { problem: `the Docker daemon does not answer ${path}: ${firstLine(server.stderr)}` };
  return { name: "docker", path, version: server.stdout.trim(), env, rootless: false };
}
async function findContainerEngine(input) {
  const env = engineEnvironment(input.env);
  const names = input.choice === "auto" ? ["docker", "podman"] : [input.choice];
  const problems = [];
  let found = 0;
  for (const name of names) {
    const path = await onPath(name, input.env.PATH);
    if (!path) continue;
    found++;
    const engine = await identify(path, env, input.uid);
    if ("problem" in engine) problems.push(engine.problem);
    else return engine;
  }
  const wanted = input.choice === "auto" ? "docker or podman" : input.choice;
  if (found === 0)
    throw new SandboxError("engine-missing", `sandbox: container needs a container engine, and ${wanted} is not on PATH; install one (Debian/Ubuntu: apt-get install podman runc) or use sandbox: bwrap`);
  throw new SandboxError("engine-unavailable", `sandbox: container needs a container engine that can run containers, and ${wanted} cannot: ${problems.join("; ")}`);
}

// src/sandbox/container-image.ts
var REFERENCE = /^(?<name>[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>sha256:[0-9a-f]{64}))?$/;
function parseImageReference(reference) {
  const m = REFERENCE.exec(reference);
  if (!m || reference.length > 512)
    throw new SandboxError("invalid-options", `image ${JSON.stringify(reference)} is not an image reference; expected name[:tag] or name@sha256:<64 hex digits>, e.g. ghcr.io/acme/agent@sha256:\u2026`);
  const { name, tag, digest } = m.groups;
  return { name, ...tag ? { tag } : {}, ...digest ? { digest } : {} };
}
async function inspectImage(engine, reference) {
  const parsed = parseImageReference(reference);
  const r = await engineCommand(engine, ["image", "inspect", reference], { timeoutMs: 6e4 });
  let image;
  try {
    image = r.code === 0 ? JSON.parse(r.stdout)[0] : void 0;
  } catch {
    image = void 0;
  }
  if (!image?.Id) {
    const why = r.stderr.trim().split("\n").at(-1)?.slice(0, 300) ?? "";
    throw new SandboxError(
      "image-missing",
      `image ${reference} is not in ${engine.name}'s local store${why ? ` (${why})` : ""}: Airlock never pulls images; build or pull it in an earlier step (for example "${engine.name} pull ${reference}" or "${engine.name} build -t ${reference} .")`
    );
  }
  const id = image.Id.startsWith("sha256:") ? image.Id : `sha256:${image.Id}`;
  if (!/^sha256:[0-9a-f]{64}$/.test(id)) throw new SandboxError("image-missing", `${engine.name} reports image ${reference} with an ID that is not a sha256 digest (${JSON.stringify(image.Id)})`);
  const repoDigests = (image.RepoDigests ?? []).filter((d) => /@sha256:[0-9a-f]{64}$/.test(d));
  if (parsed.digest && !repoDigests.some((d) => d.endsWith(`@${parsed.digest}`)))
    throw new SandboxError("image-missing", `image ${reference} pins ${parsed.digest}, and the image ${engine.name} has under that name does not carry it (its digests: ${repoDigests.join(", ") || "none"})`);
  return { reference, id, repoDigests, pinned: parsed.digest !== void 0, env: image.Config?.Env ?? [] };
}

// src/egress/runner-trust-store.ts
import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
var SYSTEM_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
var readPemFile = (path) => {
  if (!path) return [];
  try {
    return [readFileSync(path, "utf8")];
  } catch {
    return [];
  }
};
function runnerTrustStore(env = process.env) {
  return [...rootCertificates, ...readPemFile(SYSTEM_BUNDLE), ...readPemFile(env.NODE_EXTRA_CA_CERTS)];
}

// src/action/aws/aws-binding.ts
var AWS_CREDENTIAL_ID = "aws";
var endpointKey = (url) => `${url.hostname.toLowerCase()}:${url.port || (url.protocol === "https:" ? "443" : "80")}`;
function awsCredentialBinding(options) {
  const ports = /* @__PURE__ */ new Map();
  for (const key of options.endpoints.keys()) {
    const colon = key.lastIndexOf(":");
    ports.set(key.slice(0, colon), [...ports.get(key.slice(0, colon)) ?? [], Number(key.slice(colon + 1))]);
  }
  const custom = [...ports].map(([host, list]) => ({ host, ports: list }));
  return {
    id: AWS_CREDENTIAL_ID,
    kind: "cloud",
    placeholder: options.placeholder.accessKeyId,
    hosts: [{ host: "*.amazonaws.com", ports: [443] }, ...custom],
    placements: [{ kind: "aws-sigv4" }],
    real: () => options.real().secretAccessKey,
    aws: { placeholder: options.placeholder, real: options.real, endpoints: options.endpoints, roleArn: options.roleArn }
  };
}

export {
  DEFAULT_EGRESS_LIMITS,
  EgressPolicyError,
  compileEgressPolicy,
  hostMatches,
  decideHttpRequest,
  decideConnect,
  CONTAINER_ENGINE_CHOICES,
  CONTAINER_ENTRYPOINT_CHOICES,
  SandboxError,
  engineCommand,
  findContainerEngine,
  parseImageReference,
  inspectImage,
  SYSTEM_BUNDLE,
  runnerTrustStore,
  endpointKey,
  awsCredentialBinding
};
