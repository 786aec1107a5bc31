import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  distDir
} from "./chunk-FUZPK2V2.js";
import {
  summarize
} from "./chunk-PCGUCC26.js";
import {
  startApp
} from "./chunk-QXLCVNYF.js";
import "./chunk-FR7TGVEL.js";
import "./chunk-ZNPOJ5N2.js";
import "./chunk-TZMHQ5MG.js";
import {
  require_pino
} from "./chunk-33TRP3YU.js";
import "./chunk-6Q4CAUVC.js";
import "./chunk-ZBJLR5X5.js";
import "./chunk-CAVPNZVC.js";
import "./chunk-5XH3EV2N.js";
import "./chunk-7RV2RXUN.js";
import "./chunk-P4LCOEUF.js";
import "./chunk-6RNUAQVR.js";
import "./chunk-EZT4DIDZ.js";
import "./chunk-HKOWZUST.js";
import "./chunk-MFBMGNTB.js";
import "./chunk-5NANKWQZ.js";
import "./chunk-QY2KPWDF.js";
import "./chunk-UFYLBWKB.js";
import "./chunk-K3MR4WOR.js";
import "./chunk-IBNPYPAI.js";
import "./chunk-EPLYF327.js";
import "./chunk-VTMLRQRL.js";
import {
  policyDir
} from "./chunk-3KFUYEYQ.js";
import "./chunk-5BDBOWHC.js";
import "./chunk-2ZCGAJUC.js";
import "./chunk-M3RFPESX.js";
import "./chunk-JJEEWADX.js";
import "./chunk-VJTT6KNH.js";
import "./chunk-SDQEFD72.js";
import "./chunk-2FANN6CZ.js";
import "./chunk-SPRYJVQL.js";
import "./chunk-4DGAB22J.js";
import {
  numberOption,
  runCommand
} from "./chunk-IW66ZKD5.js";
import "./chunk-AISXWLAK.js";
import "./chunk-FYVUDRBW.js";
import "./chunk-XTMBT247.js";
import "./chunk-Z5LGGBV5.js";
import "./chunk-BLNHIPTQ.js";
import "./chunk-4K734NMA.js";
import "./chunk-M3D7NQYH.js";
import "./chunk-5AA5OQFX.js";
import "./chunk-M5SG437F.js";
import "./chunk-EUJLSU46.js";
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
var LOAD_GENERATOR = String.raw`
const [appUrl,issuer,n,concurrency,warm]=process.argv.slice(1).map((a,i)=>i<2?a:Number(a));
const mint=async()=>(await (await fetch(issuer+'/world/token',{method:'POST',body:'{}'})).json()).value;
const mintAll=async(count)=>{const out=[];for(let i=0;i<count;i+=50)out.push(...await Promise.all(Array.from({length:Math.min(50,count-i)},mint)));return out;};
const exchange=async(tokens,width)=>{const latencies=[];let failures=0,next=0;const start=performance.now();
  await Promise.all(Array.from({length:width},async()=>{while(next<tokens.length){const token=tokens[next++];const t0=performance.now();
    const res=await fetch(appUrl+'/airlock/v1/token',{method:'POST',headers:{authorization:'Bearer '+token,'content-type':'application/json'},body:'{"identity":"agent","permissions":{"contents":"read"}}'});
    await res.arrayBuffer();latencies.push(performance.now()-t0);if(res.status!==200)failures++;}}));
  return {seconds:(performance.now()-start)/1000,latencies,failures};};
(async()=>{
  await exchange(await mintAll(warm),4);
  const tokens=await mintAll(n);
  console.log('ready');
  await new Promise((resolve)=>process.stdin.once('data',resolve));
  const cpu=process.cpuUsage();
  const run=await exchange(tokens,concurrency);
  const used=process.cpuUsage(cpu);
  console.log(JSON.stringify({...run,cpu_ms:(used.user+used.system)/1000}));
  process.stdin.destroy();
})().catch((e)=>{console.error(e.message);process.exit(1);});
`;
async function childCpuMs(pid) {
  if (pid === void 0) return void 0;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return void 0;
  }
}
async function measure(appUrl, issuer, worldPid, n, concurrency) {
  const child = spawn(process.execPath, ["-e", LOAD_GENERATOR, appUrl, issuer, String(n), String(concurrency), "20"], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr.on("data", (chunk) => err += chunk.toString());
  child.stdin.on("error", () => void 0);
  const exited = new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  let before;
  let after;
  child.stdout.on("data", (chunk) => {
    out += chunk.toString();
    const lines = out.split("\n");
    if (!before && lines.length > 1) {
      before = childCpuMs(worldPid).then((world) => {
        const app = process.cpuUsage();
        child.stdin.write("go\n");
        return { app, world };
      });
    } else if (before && !after && lines.length > 2) {
      const app = process.cpuUsage();
      after = childCpuMs(worldPid).then((world) => ({ app, world }));
    }
  });
  const code = await exited;
  const [ready, line] = out.split("\n");
  if (code !== 0 || ready !== "ready" || !before || !after) throw new Error(`the sts load generator exited ${code}; stdout: ${JSON.stringify(out.slice(0, 300))}, stderr: ${JSON.stringify(err.slice(0, 300))}`);
  const run = JSON.parse(line);
  const [start, end] = await Promise.all([before, after]);
  const appCpuMs = (end.app.user - start.app.user + end.app.system - start.app.system) / 1e3;
  return { run, appCpuMs, worldCpuMs: start.world === void 0 || end.world === void 0 ? void 0 : end.world - start.world };
}
var STS_BENCH = {
  name: "bench sts",
  help: {
    usage: ["airlock bench sts [--n N] [--concurrency C]"],
    about: "Token exchanges per second and their latency through the local world (dist/cli.js beside it), on embedded PGlite and, with DATABASE_URL, on PostgreSQL, with the CPU per exchange of the App, the world and the load generator (each its own process). One JSON document on stdout.",
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
        const { run, appCpuMs: appCpu, worldCpuMs: worldCpu } = await measure(app.url, info.oidc_issuer, child.pid, n, concurrency);
        const perExchange = (ms) => Math.round(ms / n * 100) / 100;
        const appCpuMs = appCpu / n;
        results.push({
          backend: name,
          exchanges: n,
          concurrency,
          failures: run.failures,
          exchanges_per_s: Math.round(n / run.seconds),
          latency_ms: summarize(run.latencies),
          app_cpu_ms_per_exchange: perExchange(appCpu),
          world_cpu_ms_per_exchange: worldCpu === void 0 ? null : perExchange(worldCpu),
          load_generator_cpu_ms_per_exchange: perExchange(run.cpu_ms),
          app_bound_exchanges_per_s: Math.round(1e3 / appCpuMs)
        });
      } finally {
        await app.close();
      }
    }
  } finally {
    child.kill("SIGTERM");
  }
  const postgres = results.find((r) => r.backend === "postgres");
  const met = postgres !== void 0 && postgres.failures === 0;
  io.stdout(JSON.stringify({ bench: "sts", target_exchanges_per_s: 200, results, targets_met: { postgres_exchanges_per_s: met && postgres.exchanges_per_s >= 200 }, app_bound_on_postgres_reaches_200: met && postgres.app_bound_exchanges_per_s >= 200 }) + "\n");
  return 0;
}
export {
  stsBench
};
