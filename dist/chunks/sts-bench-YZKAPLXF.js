import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  summarize
} from "./chunk-PCGUCC26.js";
import {
  distDir
} from "./chunk-FUZPK2V2.js";
import {
  startApp
} from "./chunk-HY5SHUFD.js";
import "./chunk-TZMHQ5MG.js";
import {
  require_pino
} from "./chunk-P4DSAJCN.js";
import "./chunk-QBBENPXB.js";
import "./chunk-XQR2MF6T.js";
import "./chunk-GICGJLXL.js";
import "./chunk-UZP7YI5H.js";
import "./chunk-CAVPNZVC.js";
import "./chunk-LMARXLSP.js";
import "./chunk-7RV2RXUN.js";
import "./chunk-UXXAPR3C.js";
import "./chunk-UFYLBWKB.js";
import "./chunk-K3MR4WOR.js";
import "./chunk-IBNPYPAI.js";
import "./chunk-EPLYF327.js";
import "./chunk-PQVB355W.js";
import {
  policyDir
} from "./chunk-47WIMGKT.js";
import "./chunk-EFVBMR6X.js";
import "./chunk-4K734NMA.js";
import "./chunk-PAXC3LI5.js";
import "./chunk-SPRYJVQL.js";
import "./chunk-2FANN6CZ.js";
import {
  numberOption,
  runCommand
} from "./chunk-IW66ZKD5.js";
import "./chunk-C3TMJJTJ.js";
import "./chunk-FYVUDRBW.js";
import "./chunk-XTMBT247.js";
import "./chunk-U23X5HMN.js";
import "./chunk-5NANKWQZ.js";
import "./chunk-M3RFPESX.js";
import "./chunk-JJEEWADX.js";
import "./chunk-ZGJPIATM.js";
import "./chunk-5AA5OQFX.js";
import "./chunk-4DGAB22J.js";
import "./chunk-QY2KPWDF.js";
import {
  __toESM
} from "./chunk-WLT2JI5U.js";

// src/bench/sts-bench.ts
var import_pino = __toESM(require_pino(), 1);
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
async function spawnWorld(cli) {
  const child = spawn(process.execPath, [cli, "world", "--json"], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0]);
    });
    child.on("exit", (code) => reject(new Error(`airlock world exited ${code}`)));
  });
  return { info: JSON.parse(line), child };
}
async function measure(appUrl, tokens, concurrency) {
  const latencies = [];
  let failures = 0;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tokens.length) {
        const token = tokens[next++];
        const t0 = performance.now();
        const res = await fetch(`${appUrl}/airlock/v1/token`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: '{"identity":"agent","permissions":{"contents":"read"}}' });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status !== 200) failures++;
      }
    })
  );
  return { seconds: (performance.now() - start) / 1e3, latencies, failures };
}
var STS_BENCH = {
  name: "bench sts",
  help: {
    usage: ["airlock bench sts [--n N] [--concurrency C]"],
    about: "Token exchanges per second and their latency through the local world (dist/cli.js beside it), on embedded PGlite and, with DATABASE_URL, on PostgreSQL. One JSON document on stdout.",
    options: [
      ["--n N", "exchanges per backend (default 600)"],
      ["--concurrency C", "exchanges in flight (default 16)"]
    ],
    exit: { 0: "measured", 2: "usage error" }
  },
  options: { n: { type: "string" }, concurrency: { type: "string" } }
};
var stsBench = (argv, io) => runCommand(
  STS_BENCH,
  argv,
  io,
  ({ values }) => measureSts(numberOption("--n", values.n, 600, { integer: true, min: 1 }), numberOption("--concurrency", values.concurrency, 16, { integer: true, min: 1 }), io)
);
async function measureSts(n, concurrency, io) {
  const cli = join(distDir(), "cli.js");
  const { info, child } = await spawnWorld(cli);
  const results = [];
  try {
    const backends = [["pglite", {}]];
    if (io.env.DATABASE_URL) backends.push(["postgres", { databaseUrl: io.env.DATABASE_URL }]);
    for (const [name, database] of backends) {
      const app = await startApp({
        settings: { appId: info.app_id, privateKey: await readFile(info.private_key_path, "utf8"), webhookSecret: info.webhook_secret, githubApiUrl: info.github_api_url, oidcIssuer: info.oidc_issuer, audience: "airlock", port: 0, host: "127.0.0.1", database, policyDir: policyDir(), sweepIntervalMs: 36e5 },
        encryptionKey: randomBytes(32),
        log: (0, import_pino.pino)({ level: "silent" })
      });
      try {
        const mint = async () => (await (await fetch(`${info.oidc_issuer}/world/token`, { method: "POST", body: "{}" })).json()).value;
        const warm = await Promise.all(Array.from({ length: 20 }, mint));
        await measure(app.url, warm, 4);
        const tokens = [];
        for (let i = 0; i < n; i += 50) tokens.push(...await Promise.all(Array.from({ length: Math.min(50, n - i) }, mint)));
        const cpu = process.cpuUsage();
        const run = await measure(app.url, tokens, concurrency);
        const used = process.cpuUsage(cpu);
        const appCpuMs = (used.user + used.system) / 1e3 / n;
        results.push({ backend: name, exchanges: n, concurrency, failures: run.failures, exchanges_per_s: Math.round(n / run.seconds), latency_ms: summarize(run.latencies), app_cpu_ms_per_exchange: Math.round(appCpuMs * 100) / 100, app_bound_exchanges_per_s: Math.round(1e3 / appCpuMs) });
      } finally {
        await app.close();
      }
    }
  } finally {
    child.kill("SIGTERM");
  }
  const postgres = results.find((r) => r.backend === "postgres");
  io.stdout(JSON.stringify({ bench: "sts", target_exchanges_per_s: 200, results, targets_met: { postgres_exchanges_per_s: postgres !== void 0 && postgres.failures === 0 && postgres.exchanges_per_s >= 200 } }) + "\n");
  return 0;
}
export {
  stsBench
};
