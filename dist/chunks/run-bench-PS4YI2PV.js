import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  distDir
} from "./chunk-FUZPK2V2.js";
import {
  CliError,
  answerHelpOrVersion,
  renderHelp,
  reportCliError
} from "./chunk-IW66ZKD5.js";
import "./chunk-WLT2JI5U.js";

// src/bench/run-bench.ts
import { dirname } from "node:path";

// src/bench/bench-postgres.ts
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
var run = promisify(execFile);
async function benchPostgres(root, env) {
  const given = env.AIRLOCK_BENCH_DATABASE_URL || env.DATABASE_URL;
  if (given)
    return {
      url: given,
      source: "the server AIRLOCK_BENCH_DATABASE_URL or DATABASE_URL names",
      stop: async () => void 0
    };
  const script = join(root, "scripts", "test-postgres.sh");
  if (!existsSync(script))
    return {
      unavailable: `no DATABASE_URL, and ${script} (which starts a throwaway server) is not there`
    };
  let started;
  try {
    started = await run("bash", [script], { encoding: "utf8", timeout: 6e4 });
  } catch (error) {
    const stderr = error.stderr?.trim().split("\n").at(-1);
    return {
      unavailable: `no DATABASE_URL, and a throwaway PostgreSQL did not start: ${stderr || error.message}`
    };
  }
  const url = /AIRLOCK_TEST_DATABASE_URL=(\S+)/.exec(started.stdout)?.[1];
  const stopCommand = /stop with: (.+)/.exec(started.stderr)?.[1];
  if (!url || !stopCommand)
    return {
      unavailable: `scripts/test-postgres.sh printed no database URL or stop command: ${started.stderr.trim().split("\n").at(-1)}`
    };
  return {
    url,
    source: "a throwaway local server (scripts/test-postgres.sh: fsync off, as CI runs it)",
    stop: async () => void await run("bash", ["-c", `${stopCommand} -m fast`], { timeout: 6e4 }).catch(
      () => void 0
    )
  };
}

// src/bench/collect-targets.ts
var VERDICT_KEYS = /* @__PURE__ */ new Set(["meets_target", "meets_targets", "targets_met"]);
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
  scan: async () => (await import("./scan-bench-7GJ4O6K4.js")).scanBench,
  policy: async () => (await import("./policy-bench-C6E45LHU.js")).policyBench,
  sandbox: async () => (await import("./sandbox-bench-2WUF45LW.js")).sandboxBench,
  sts: async () => (await import("./sts-bench-HO4FN4TU.js")).stsBench,
  "action-start": async () => (await import("./action-start-bench-EEMPXU77.js")).actionStartBench,
  attest: async () => (await import("./attest-bench-A5YP2GS4.js")).attestBench,
  webhooks: async () => (await import("./webhooks-bench-TTWFKCWR.js")).webhooksBench,
  soak: async () => (await import("./soak-bench-WCN3AF7C.js")).soakBench
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
var POSTGRES_ENV = {
  sts: (url) => ({ DATABASE_URL: url }),
  webhooks: (url) => ({ AIRLOCK_BENCH_DATABASE_URL: url })
};
async function runAll(io) {
  const results = {};
  const targets = [];
  let failed = false;
  const postgres = await benchPostgres(dirname(distDir()), io.env);
  if ("unavailable" in postgres) io.stderr(`bench: the PostgreSQL targets cannot be met: ${postgres.unavailable}
`);
  try {
    for (const n of Object.keys(benches)) {
      const env = "url" in postgres && POSTGRES_ENV[n] ? { ...io.env, ...POSTGRES_ENV[n](postgres.url) } : io.env;
      if (!await runOne(n, { ...io, env }, results, targets)) failed = true;
    }
  } finally {
    if ("stop" in postgres) await postgres.stop();
  }
  io.stdout(JSON.stringify({ bench: "all", postgres: "url" in postgres ? postgres.source : postgres, targets, all_targets_met: !failed && targets.every((t) => t.met), results }) + "\n");
  return failed ? 1 : 0;
}
async function runOne(n, io, results, targets) {
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
  targets.push(...collectTargets(n, documents));
  return code === 0;
}
export {
  benchCommand
};
