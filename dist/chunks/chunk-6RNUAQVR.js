import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  canonicalJson
} from "./chunk-EZT4DIDZ.js";
import {
  RegoPolicy
} from "./chunk-HKOWZUST.js";
import {
  verdictOf
} from "./chunk-5BDBOWHC.js";
import {
  RegoError
} from "./chunk-2ZCGAJUC.js";
import {
  RObject,
  fromJS,
  toJS,
  toJSON
} from "./chunk-EUJLSU46.js";

// src/policy/evaluate-policy.ts
import { hash } from "node:crypto";
var sha256 = (text) => hash("sha256", text, "hex");
var policyDigest = (modules) => sha256(modules.map((m) => m.source).sort().join("\0"));
var inputDigest = (input) => sha256(canonicalJson(input ?? null, { bigint: true }));
var entrypointPath = (entrypoint) => {
  const parts = entrypoint.replace(/^data[./]/, "").split(/[./]/).filter(Boolean);
  if (parts.length === 0) throw new RegoError("rego_compile_error", `entrypoint ${JSON.stringify(entrypoint)} names no package; expected e.g. "airlock.sts"`);
  return parts;
};
var failure = (e, digests2, start) => {
  const code = e instanceof RegoError ? e.code : "internal_error";
  const message = e instanceof Error ? e.message : String(e);
  return {
    allow: false,
    deny: [`policy error (${code}): ${message}`],
    ...digests2,
    duration_ms: performance.now() - start,
    error: { code, message }
  };
};
var EmbeddedPolicyBackend = class {
  constructor(opts) {
    this.opts = opts;
    this.policyDigest = policyDigest(opts.modules);
    this.data = opts.data === void 0 ? new RObject() : fromJS(opts.data);
    let policy;
    try {
      policy = RegoPolicy.compile(opts.modules);
    } catch (e) {
      this.compileError = e;
    }
    this.policy = policy;
  }
  opts;
  name = "embedded";
  policy;
  compileError;
  data;
  entrypoints = /* @__PURE__ */ new Map();
  lastPaths;
  policyDigest;
  /** Why the modules did not compile (every decision then denies), or undefined when they did. */
  get problem() {
    if (this.policy) return void 0;
    return this.compileError instanceof Error ? this.compileError : new Error(String(this.compileError));
  }
  /** Synchronous core of `evaluate` (the evaluator is pure and in-process). */
  decide(request) {
    const start = performance.now();
    const digests2 = { policy_digest: this.policyDigest, input_digest: "" };
    try {
      digests2.input_digest = inputDigest(request.input);
      const input = fromJS(request.input);
      if (!this.policy) throw this.compileError;
      let allow;
      let deny;
      let documents;
      if (request.query) {
        const rows = this.policy.query(`__decision__ = (${request.query})`, { input, data: this.data, limits: this.opts.limits, strict: this.opts.strict });
        if (rows.length > 1) throw new RegoError("eval_conflict_error", "decision query produced more than one result");
        const doc = rows[0]?.get("__decision__");
        if (doc !== void 0 && !(doc instanceof RObject)) throw new RegoError("eval_type_error", `decision query must yield an object with allow/deny, got ${toJSON(doc)}`);
        allow = doc?.get("allow");
        deny = doc?.get("deny");
      } else {
        const also = request.also ?? [];
        const paths = this.pathsFor(request.entrypoint, also);
        const values = this.policy.documents(paths, { input, data: this.data, limits: this.opts.limits, strict: this.opts.strict });
        [allow, deny] = values;
        if (also.length) documents = Object.fromEntries(also.flatMap((rule, i) => values[i + 2] === void 0 ? [] : [[rule, toJS(values[i + 2])]]));
      }
      const verdict = verdictOf(allow, deny);
      return { allow: verdict.allow, deny: verdict.deny, policy_digest: digests2.policy_digest, input_digest: digests2.input_digest, duration_ms: performance.now() - start, ...documents ? { documents } : {} };
    } catch (e) {
      return failure(e, digests2, start);
    }
  }
  /**
   * The document paths a decision reads: the previous decision's when it named the same package
   * and rules (compared by value: the list may be edited in place), else by a key built from them.
   */
  pathsFor(entrypoint, also) {
    const last = this.lastPaths;
    if (last && last.entrypoint === entrypoint && last.also.length === also.length && last.also.every((rule, i) => rule === also[i])) return last.paths;
    const key = also.length ? `${entrypoint}\0${also.join("\0")}` : entrypoint;
    let paths = this.entrypoints.get(key);
    if (!paths) {
      const pkg = entrypointPath(entrypoint);
      paths = [[...pkg, "allow"], [...pkg, "deny"], ...also.map((rule) => [...pkg, rule])];
      this.entrypoints.set(key, paths);
    }
    this.lastPaths = { entrypoint, also: [...also], paths };
    return paths;
  }
  async evaluate(request) {
    return this.decide(request);
  }
};
var backends = /* @__PURE__ */ new Map();
var digests = /* @__PURE__ */ new WeakMap();
function listDigest(modules) {
  const known = digests.get(modules);
  if (known && known.sources.length === modules.length && modules.every((m, i) => m.source === known.sources[i])) return known.digest;
  const digest = policyDigest(modules);
  digests.set(modules, { sources: modules.map((m) => m.source), digest });
  return digest;
}
var LIMIT_FIELDS = ["maxSteps", "maxDepth", "timeoutMs", "maxCollection"];
var sameLimits = (a, b) => a === void 0 || b === void 0 ? a === b : LIMIT_FIELDS.every((f) => a[f] === b[f]);
var previous;
var evaluatePolicy = (req) => {
  const digest = listDigest(req.modules);
  const strict = req.strict === true;
  let backend;
  if (req.data === void 0 && previous !== void 0 && previous.digest === digest && previous.strict === strict && sameLimits(previous.limits, req.limits)) backend = previous.backend;
  else {
    const key = `${digest}:${req.data === void 0 ? "" : toJSON(fromJS(req.data))}:${JSON.stringify(req.limits ?? {})}:${strict}`;
    backend = backends.get(key);
    if (!backend) {
      backend = new EmbeddedPolicyBackend({ modules: req.modules, data: req.data, limits: req.limits, strict: req.strict });
      if (backends.size >= 64) backends.delete(backends.keys().next().value);
      backends.set(key, backend);
    }
    if (req.data === void 0) previous = { digest, limits: req.limits === void 0 ? void 0 : { ...req.limits }, strict, backend };
  }
  return backend.decide({ entrypoint: req.entrypoint ?? "", input: req.input, query: req.query, ...req.also ? { also: req.also } : {} });
};

export {
  policyDigest,
  inputDigest,
  EmbeddedPolicyBackend,
  evaluatePolicy
};
