import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  startStack
} from "./chunk-UFCFYCDV.js";
import {
  distDir
} from "./chunk-FUZPK2V2.js";
import {
  summarize
} from "./chunk-PCGUCC26.js";
import "./chunk-QXLCVNYF.js";
import "./chunk-FR7TGVEL.js";
import "./chunk-ZNPOJ5N2.js";
import "./chunk-TZMHQ5MG.js";
import "./chunk-33TRP3YU.js";
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
import "./chunk-EMO2XLNF.js";
import "./chunk-W3YAAO3Z.js";
import "./chunk-UFYLBWKB.js";
import "./chunk-K3MR4WOR.js";
import "./chunk-IBNPYPAI.js";
import "./chunk-EPLYF327.js";
import "./chunk-VTMLRQRL.js";
import "./chunk-3KFUYEYQ.js";
import "./chunk-5BDBOWHC.js";
import "./chunk-2ZCGAJUC.js";
import "./chunk-Y7NYHVI4.js";
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
import "./chunk-WLT2JI5U.js";

// src/bench/action-start-bench.ts
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
async function cpuMsOf(pid) {
  const stat = pid === void 0 ? void 0 : await readFile(`/proc/${pid}/stat`, "utf8").catch(() => void 0);
  const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields ? (Number(fields[11]) + Number(fields[12])) * 10 : void 0;
}
async function timeToCredentials(mainPath, env, profileDir) {
  const start = performance.now();
  const args = profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir, mainPath] : [mainPath];
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "ignore"] });
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout.on("data", (chunk) => {
      seen += chunk.toString();
      if (seen.includes("CREDENTIALS_READY")) {
        const elapsed = performance.now() - start;
        child.stdout.removeAllListeners("data");
        child.stdout.resume();
        const cpu = cpuMsOf(child.pid);
        child.on("close", () => void cpu.then((cpuMs) => resolve({ ms: elapsed, ...cpuMs === void 0 ? {} : { cpuMs } })));
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (!seen.includes("CREDENTIALS_READY")) reject(new Error(`main exited ${code} before the agent started: ${seen.trim().split("\n").slice(-3).join(" | ")}`));
    });
  });
}
var ACTION_START = {
  name: "bench action-start",
  help: {
    usage: ["airlock bench action-start [--runs N] [--cpu-prof DIR] [--versus MAIN_JS]"],
    about: "Times the Action's main step (dist/main.js, beside the CLI) from start to the agent, against the local world, with the CPU time main used to get there; target <= 300 ms. One JSON document on stdout.",
    options: [
      ["--runs N", "measured runs (default 20, after 2 warm-up runs)"],
      ["--cpu-prof DIR", "also write a V8 CPU profile of each measured main step (attest: false) into DIR, to see where its start goes"],
      ["--versus MAIN_JS", "also time another build's main.js (a snapshot of the base commit, say), interleaved with this one's so load on the machine hits both alike; reported under `versus`"]
    ],
    exit: { 0: "measured", 2: "usage error" }
  },
  options: { runs: { type: "string" }, "cpu-prof": { type: "string" }, versus: { type: "string" } }
};
var actionStartBench = (argv, io) => runCommand(ACTION_START, argv, io, ({ values }) => actionStart(numberOption("--runs", values.runs, 20, { integer: true, min: 1 }), io, values["cpu-prof"], values.versus));
async function timeToExit(args, env) {
  const start = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: "ignore" });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", () => resolve(performance.now() - start));
  });
}
var noSamples = () => ({ load: [], noAttest: [], attest: [], noAttestCpu: [], attestCpu: [] });
var cpuStats = (s) => s.noAttestCpu.length ? { cpu_ms: summarize(s.noAttestCpu), with_attestation_cpu_ms: summarize(s.attestCpu) } : {};
async function actionStart(runs, io, profileDir, versusPath) {
  const mainPath = join(distDir(), "main.js");
  const stack = await startStack();
  const dir = await mkdtemp(join(tmpdir(), "airlock-bench-"));
  try {
    for (const args of [["init", "-q"], ["-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "--allow-empty", "-m", "base"]]) execFileSync("git", args, { cwd: dir });
    const bare = [];
    const builds = [{ main: mainPath, samples: noSamples() }, ...versusPath ? [{ main: versusPath, samples: noSamples() }] : []];
    let n = 0;
    const credentials = async (main, attest, profile) => {
      n++;
      const files = Object.fromEntries(["output", "state", "env", "summary"].map((f) => [f, join(dir, ".git", `${f}-${n}`)]));
      for (const f of Object.values(files)) await writeFile(f, "");
      const env = {
        PATH: process.env.PATH,
        ...stack.jobEnv({ run_id: String(8e6 + n) }),
        GITHUB_OUTPUT: files.output,
        GITHUB_STATE: files.state,
        GITHUB_ENV: files.env,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_WORKSPACE: dir,
        "INPUT_BROKER-URL": stack.app.url,
        INPUT_PERMISSIONS: "contents: read",
        INPUT_ATTEST: attest,
        INPUT_RUN: "echo CREDENTIALS_READY"
      };
      return timeToCredentials(main, env, profile);
    };
    for (let i = 0; i < runs + 2; i++) {
      const measured = i >= 2;
      const floor = await timeToExit(["-e", "0"], { PATH: process.env.PATH });
      if (measured) bare.push(floor);
      for (const { main, samples: samples2 } of builds) {
        const load = await timeToExit([main], { PATH: process.env.PATH });
        const noAttest = await credentials(main, "false", measured && main === mainPath ? profileDir : void 0);
        const attest = await credentials(main, "true");
        if (!measured) continue;
        samples2.load.push(load);
        samples2.noAttest.push(noAttest.ms);
        samples2.attest.push(attest.ms);
        if (noAttest.cpuMs !== void 0) samples2.noAttestCpu.push(noAttest.cpuMs);
        if (attest.cpuMs !== void 0) samples2.attestCpu.push(attest.cpuMs);
      }
    }
    const samples = builds[0].samples;
    const versus = builds[1];
    const stats = summarize(samples.noAttest);
    io.stdout(
      JSON.stringify({
        bench: "action-start",
        unit: "ms",
        ...stats,
        with_attestation: summarize(samples.attest),
        ...cpuStats(samples),
        baseline: { bare_node: summarize(bare), load_main_only: summarize(samples.load) },
        ...versus ? { versus: { main: versus.main, ...summarize(versus.samples.noAttest), with_attestation: summarize(versus.samples.attest), ...cpuStats(versus.samples), load_main_only: summarize(versus.samples.load) } } : {},
        target_ms: 300,
        meets_target: stats.p50 <= 300
      }) + "\n"
    );
    return 0;
  } finally {
    await stack.close();
  }
}
export {
  actionStartBench
};
