import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  CliError,
  answerHelpOrVersion,
  renderHelp,
  reportCliError
} from "./chunk-IW66ZKD5.js";
import "./chunk-WLT2JI5U.js";

// src/bench/collect-targets.ts
var VERDICT_KEYS = /* @__PURE__ */ new Set(["meets_target", "meets_targets", "targets_met", "within_target"]);
function collectTargets(bench, documents) {
  const found = [];
  const walk = (value, path, verdict) => {
    if (typeof value === "boolean") {
      if (verdict) found.push({ bench, target: path, met: value });
      return;
    }
    if (value === null || typeof value !== "object") return;
    for (const [key, child] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
      walk(child, path ? `${path}.${key}` : String(key), verdict || VERDICT_KEYS.has(String(key)));
    }
  };
  documents.forEach((doc, i) => walk(doc, documents.length > 1 ? String(i) : "", false));
  return found;
}

// src/bench/run-bench.ts
var benches = {
  scan: async () => (await import("./scan-bench-GFBW67IX.js")).scanBench,
  policy: async () => (await import("./policy-bench-DKL4EU24.js")).policyBench,
  sandbox: async () => (await import("./sandbox-bench-B2YPMSYB.js")).sandboxBench,
  sts: async () => (await import("./sts-bench-YZKAPLXF.js")).stsBench,
  "action-start": async () => (await import("./action-start-bench-GWL2MYKH.js")).actionStartBench,
  attest: async () => (await import("./attest-bench-NR3MACNJ.js")).attestBench,
  webhooks: async () => (await import("./webhooks-bench-2CGCMSVU.js")).webhooksBench,
  soak: async () => (await import("./soak-bench-D6ZYKJPA.js")).soakBench
};
var HELP = renderHelp({
  usage: ["airlock bench [<name> [options]]"],
  about: `Runs one benchmark (its JSON document on stdout), or with no name all of them in turn, then
prints one JSON document: every benchmark's results, and each target with whether it was met.
Benchmarks: ${Object.keys(benches).join(", ")}. airlock bench <name> --help shows a benchmark's options.`,
  exit: { 0: "measured", 1: "a benchmark failed", 2: "usage error" }
});
var benchCommand = async (argv, io) => {
  const [name, ...rest] = argv;
  if (name?.startsWith("-")) {
    const answered = answerHelpOrVersion(io, HELP, [name]);
    if (answered !== void 0) return answered;
    return reportCliError(io, "bench", new CliError("usage", `options belong to one benchmark; name it first, e.g. airlock bench scan ${name}`));
  }
  if (name !== void 0 && !Object.hasOwn(benches, name)) return reportCliError(io, "bench", new CliError("usage", `unknown benchmark "${name}"; expected one of ${Object.keys(benches).join(", ")}`));
  if (name !== void 0) return (await benches[name]())(rest, io);
  return runAll(io);
};
async function runAll(io) {
  const results = {};
  const targets = [];
  let failed = false;
  for (const n of Object.keys(benches)) {
    let out = "";
    io.stderr(`bench ${n}...
`);
    let code;
    let documents = [];
    try {
      code = await (await benches[n]())([], { ...io, stdout: (text) => void (out += text) });
      documents = out.split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line));
    } catch (error) {
      io.stderr(`bench ${n} failed: ${error.message}
`);
      code = 1;
    }
    results[n] = code === 0 ? documents.length === 1 ? documents[0] : documents : { failed: true, exit_code: code };
    if (code !== 0) failed = true;
    targets.push(...collectTargets(n, documents));
  }
  io.stdout(JSON.stringify({ bench: "all", targets, all_targets_met: !failed && targets.every((t) => t.met), results }) + "\n");
  return failed ? 1 : 0;
}
export {
  benchCommand
};
