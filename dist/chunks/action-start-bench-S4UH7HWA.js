import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  summarize
} from "./chunk-PCGUCC26.js";
import {
  startStack
} from "./chunk-AJASB7UI.js";
import {
  distDir
} from "./chunk-FUZPK2V2.js";
import "./chunk-KSC2IENG.js";
import "./chunk-ZPAR53CC.js";
import "./chunk-TZMHQ5MG.js";
import "./chunk-JLBUUONZ.js";
import "./chunk-Q3AE4C5B.js";
import "./chunk-CAVPNZVC.js";
import "./chunk-GZAF2HUO.js";
import "./chunk-7RV2RXUN.js";
import "./chunk-FR7TGVEL.js";
import "./chunk-6Q4CAUVC.js";
import "./chunk-P4LCOEUF.js";
import "./chunk-MFBMGNTB.js";
import "./chunk-5NANKWQZ.js";
import "./chunk-QY2KPWDF.js";
import "./chunk-MJIJP4E3.js";
import "./chunk-MZUF3GC2.js";
import "./chunk-UFYLBWKB.js";
import "./chunk-K3MR4WOR.js";
import "./chunk-IBNPYPAI.js";
import "./chunk-EPLYF327.js";
import "./chunk-4PIISSJN.js";
import "./chunk-3KFUYEYQ.js";
import "./chunk-Y7NYHVI4.js";
import "./chunk-M3RFPESX.js";
import "./chunk-JJEEWADX.js";
import "./chunk-2FANN6CZ.js";
import "./chunk-4DGAB22J.js";
import {
  numberOption,
  runCommand
} from "./chunk-IW66ZKD5.js";
import "./chunk-GQAWHVAO.js";
import "./chunk-FYVUDRBW.js";
import "./chunk-XTMBT247.js";
import "./chunk-546KVZGO.js";
import "./chunk-AMCDVPVA.js";
import "./chunk-6HD22RCT.js";
import "./chunk-MT6W6OMW.js";
import "./chunk-MTKISNN6.js";
import "./chunk-ZGJPIATM.js";
import "./chunk-SPRYJVQL.js";
import "./chunk-4X2DLEFX.js";
import "./chunk-CVMGJIUD.js";
import "./chunk-4K734NMA.js";
import "./chunk-SBJAVVPF.js";
import "./chunk-5AA5OQFX.js";
import "./chunk-4TJ73B54.js";
import "./chunk-CYCRHJBL.js";
import "./chunk-WLT2JI5U.js";

// src/bench/action-start-bench.ts
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
        child.on("close", () => resolve(elapsed));
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
    usage: ["airlock bench action-start [--runs N] [--cpu-prof DIR]"],
    about: "Times the Action's main step (dist/main.js, beside the CLI) from start to the agent, against the local world; target <= 300 ms. One JSON document on stdout.",
    options: [
      ["--runs N", "measured runs (default 20, after 2 warm-up runs)"],
      ["--cpu-prof DIR", "also write a V8 CPU profile of each measured main step (attest: false) into DIR, to see where its start goes"]
    ],
    exit: { 0: "measured", 2: "usage error" }
  },
  options: { runs: { type: "string" }, "cpu-prof": { type: "string" } }
};
var actionStartBench = (argv, io) => runCommand(ACTION_START, argv, io, ({ values }) => actionStart(numberOption("--runs", values.runs, 20, { integer: true, min: 1 }), io, values["cpu-prof"]));
async function timeToExit(args, env) {
  const start = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: "ignore" });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", () => resolve(performance.now() - start));
  });
}
async function actionStart(runs, io, profileDir) {
  const mainPath = join(distDir(), "main.js");
  const stack = await startStack();
  const dir = await mkdtemp(join(tmpdir(), "airlock-bench-"));
  try {
    for (const args of [["init", "-q"], ["-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "--allow-empty", "-m", "base"]]) execFileSync("git", args, { cwd: dir });
    const samples = { bare: [], load: [], noAttest: [], attest: [] };
    let n = 0;
    const credentials = async (attest, profile) => {
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
      return timeToCredentials(mainPath, env, profile);
    };
    for (let i = 0; i < runs + 2; i++) {
      const bare = await timeToExit(["-e", "0"], { PATH: process.env.PATH });
      const load = await timeToExit([mainPath], { PATH: process.env.PATH });
      const noAttest = await credentials("false", i < 2 ? void 0 : profileDir);
      const attest = await credentials("true");
      if (i < 2) continue;
      samples.bare.push(bare);
      samples.load.push(load);
      samples.noAttest.push(noAttest);
      samples.attest.push(attest);
    }
    const stats = summarize(samples.noAttest);
    io.stdout(
      JSON.stringify({
        bench: "action-start",
        unit: "ms",
        ...stats,
        with_attestation: summarize(samples.attest),
        baseline: { bare_node: summarize(samples.bare), load_main_only: summarize(samples.load) },
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
