import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  verifyAuditChain
} from "./chunk-6NOTVFOX.js";
import {
  readAuditLog
} from "./chunk-QITJAKBK.js";
import {
  summarize
} from "./chunk-PCGUCC26.js";
import {
  openDatabase
} from "./chunk-5XH3EV2N.js";
import "./chunk-EZT4DIDZ.js";
import {
  addRepo,
  startWorld
} from "./chunk-EMO2XLNF.js";
import "./chunk-W3YAAO3Z.js";
import "./chunk-UFYLBWKB.js";
import "./chunk-K3MR4WOR.js";
import "./chunk-Y7NYHVI4.js";
import "./chunk-M3RFPESX.js";
import "./chunk-JJEEWADX.js";
import "./chunk-VJTT6KNH.js";
import {
  CliError,
  numberOption,
  runCommand
} from "./chunk-IW66ZKD5.js";
import "./chunk-5AA5OQFX.js";
import "./chunk-WLT2JI5U.js";

// src/bench/soak-bench.ts
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
var AGENTS = ["agent-smith[bot]", "renovate[bot]"];
var REPOS = ["soak-1", "soak-2"];
var TARGET_BACKLOG_P99_S = 10;
var TARGET_RSS_GROWTH_MB = 50;
var DEFAULT_RATES = [0.5, 0.75, 0.9, 1, 1.25];
var sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
var round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
var mb = (bytes) => round(bytes / 1024 / 1024, 1);
function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
var rssOf = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
async function spawnApp(env, cwd) {
  const child = spawn(process.execPath, [process.argv[1], "app"], { cwd, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise((resolve) => child.on("close", (code) => resolve(code)));
  let stderr = "";
  await new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      stderr += chunk.toString();
      if (/listening on port \d+/.test(stderr)) resolve();
    });
    void exited.then((code) => reject(new Error(`airlock app exited (${code}) before listening: ${stderr.trim()}`)));
  });
  return { child, exited };
}
var SOAK_BENCH = {
  name: "bench soak",
  help: {
    usage: ["airlock bench soak [--seconds S] [--rates R1,R2,...] [--database-url URL]"],
    about: `Sustained agent pushes to protected branches against the App (a child process) and the local world over loopback, in stages of rising push rates, with the App's writes paced at GitHub's documented limits. Reports throughput, answer and handling latency p50/p99, backlog age, RSS growth, lost and doubled pushes, and the highest rate answered with backlog age p99 <= ${TARGET_BACKLOG_P99_S} s. One JSON document on stdout.`,
    options: [
      ["--seconds S", "seconds of load, split evenly over the stages (default 240)"],
      ["--rates R", `agent pushes per second of each stage (default ${DEFAULT_RATES.join(",")})`],
      ["--database-url URL", "PostgreSQL instead of embedded PGlite (or AIRLOCK_BENCH_DATABASE_URL)"]
    ],
    exit: { 0: "measured (lost and doubled are reported, not judged)", 2: "usage error" }
  },
  options: { seconds: { type: "string" }, rates: { type: "string" }, "database-url": { type: "string" } }
};
var soakBench = (argv, io) => runCommand(SOAK_BENCH, argv, io, ({ values }) => soak(values, io));
function parseRates(raw) {
  if (raw === void 0) return DEFAULT_RATES;
  const rates = raw.split(",").map((r) => Number(r.trim()));
  if (rates.length === 0 || rates.some((r) => !Number.isFinite(r) || r <= 0 || r > 50)) throw new CliError("usage", `--rates ${raw} is not valid; expected pushes per second from 0 to 50, comma-separated, e.g. 0.5,1,2`);
  return rates;
}
async function soak(values, io) {
  const seconds = numberOption("--seconds", values.seconds, 240, { integer: false, min: 5 });
  const rates = parseRates(values.rates);
  const databaseUrl = values["database-url"] ?? io.env.AIRLOCK_BENCH_DATABASE_URL;
  const world = await startWorld();
  const dir = await mkdtemp(join(tmpdir(), "airlock-soak-"));
  const config = `agents:
${AGENTS.map((a) => `  - ${a}
`).join("")}mode: issue
`;
  const repos = REPOS.map((name) => addRepo(world.state, world.user("acme"), name, { "README.md": `# ${name}
`, ".github/airlock.yml": config }));
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const env = {
    APP_ID: String(world.state.app.id),
    PRIVATE_KEY_PATH: world.privateKeyPath,
    WEBHOOK_SECRET: world.state.app.webhookSecret,
    GHE_HOST: world.gheHost,
    GHE_PROTOCOL: "http",
    AIRLOCK_OIDC_ISSUER: world.oidc.issuer,
    AIRLOCK_AUDIENCE: "airlock",
    PORT: String(port),
    HOST: "127.0.0.1",
    AIRLOCK_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    LOG_LEVEL: "error",
    ...databaseUrl ? { DATABASE_URL: databaseUrl } : { AIRLOCK_DATA_DIR: join(dir, "data") }
  };
  const app = await spawnApp(env, dir);
  world.webhookUrl = `${appUrl}/api/github/webhooks`;
  const pushes = [];
  const samples = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      try {
        const body = await (await fetch(`${appUrl}/readyz`)).json();
        samples.push({ at: Date.now(), depth: body.backlog?.depth ?? 0, oldestAgeMs: body.backlog?.oldestAgeMs ?? 0, rssBytes: rssOf(app.child.pid) });
      } catch {
      }
      await sleep(500);
    }
  })();
  const watcher = (async () => {
    while (sampling) {
      const seen = new Set(world.state.checkRuns.map((r) => r.headSha));
      const now = Date.now();
      for (const p of pushes) {
        if (p.handledAt === void 0 && seen.has(p.sha)) p.handledAt = now;
        if (p.listedAt === void 0 && world.state.issues.some((i) => i.repoId === p.repo.id && i.body.includes(`\`${p.sha.slice(0, 12)}\``))) p.listedAt = now;
      }
      await sleep(200);
    }
  })();
  const push = async (i) => {
    const repo = repos[i % repos.length];
    const agent = AGENTS[Math.floor(i / repos.length) % AGENTS.length];
    const sentAt = Date.now();
    const delivered = await world.push({ repo: `acme/${repo.name}`, branch: "main", pusher: agent, files: { [`agent/${i}.txt`]: `${i}
` }, message: `agent push ${i}` });
    pushes.push({ repo, agent, sha: delivered.sha, sentAt, answerMs: Date.now() - sentAt, status: delivered.delivery.status });
  };
  const drain = async (limitMs) => {
    const deadline = Date.now() + limitMs;
    while (Date.now() < deadline) {
      const last = samples.at(-1);
      if (last && last.at > Date.now() - 1500 && last.depth === 0 && pushes.every((p) => p.handledAt !== void 0 && p.listedAt !== void 0)) return true;
      await sleep(500);
    }
    return false;
  };
  try {
    let n = 0;
    await push(n++);
    await drain(6e4);
    const idleRss = rssOf(app.child.pid);
    const stageSeconds = seconds / rates.length;
    const stages = [];
    for (const rate of rates) {
      const from = pushes.length;
      const start = Date.now();
      const sends = [];
      for (let k = 0; Date.now() - start < stageSeconds * 1e3; k++) {
        sends.push(push(n++));
        await sleep(Math.max(0, start + (k + 1) * 1e3 / rate - Date.now()));
      }
      await Promise.all(sends);
      const end = Date.now();
      const drained = await drain(12e4);
      const stagePushes = pushes.slice(from);
      const stageSamples = samples.filter((s) => s.at >= start && s.at <= Date.now());
      const ages = summarize(stageSamples.map((s) => s.oldestAgeMs / 1e3));
      const handled = stagePushes.filter((p) => p.handledAt !== void 0);
      stages.push({
        rate_per_s: rate,
        pushes: stagePushes.length,
        load_seconds: round((end - start) / 1e3, 1),
        throughput_per_s: round(handled.length / ((Math.max(...handled.map((p) => p.handledAt), end) - start) / 1e3)),
        answer_ms: summarize(stagePushes.map((p) => p.answerMs)),
        handled_s: summarize(handled.map((p) => (p.handledAt - p.sentAt) / 1e3)),
        listed_in_incident_s: summarize(stagePushes.filter((p) => p.listedAt !== void 0).map((p) => (p.listedAt - p.sentAt) / 1e3)),
        backlog_age_s: { p50: ages.p50, p99: ages.p99, max: round(Math.max(0, ...stageSamples.map((s) => s.oldestAgeMs / 1e3))) },
        backlog_depth_max: Math.max(0, ...stageSamples.map((s) => s.depth)),
        drained,
        rss_mb_after: mb(rssOf(app.child.pid)),
        // A ramp: the stages past what GitHub's write pacing allows are meant to miss; not a target each.
        backlog_p99_within_limit: ages.p99 <= TARGET_BACKLOG_P99_S
      });
    }
    sampling = false;
    await Promise.all([sampler, watcher]);
    const endRss = rssOf(app.child.pid);
    app.child.kill("SIGTERM");
    const exitCode = await app.exited;
    const db = await openDatabase(databaseUrl ? { databaseUrl, migrate: false } : { dataDir: join(dir, "data"), migrate: false });
    const records = [];
    let chainOk = false;
    try {
      const head = await readAuditLog(db, (r) => void records.push(r));
      chainOk = verifyAuditChain(records, { head }).ok;
    } finally {
      await db.close();
    }
    const counts = pushes.map((p) => {
      const mention = `\`${p.sha.slice(0, 12)}\``;
      return [
        world.state.checkRuns.filter((r) => r.headSha === p.sha && r.name === "Airlock").length,
        world.state.issues.filter((i) => i.repoId === p.repo.id).reduce((k, i) => k + i.body.split(mention).length - 1, 0),
        records.filter((r) => r.kind === "block" && r.actor === `github:${p.agent}` && r.data.sha === p.sha).length
      ];
    });
    const lost = counts.filter((c) => c.some((k) => k === 0)).length;
    const doubled = counts.filter((c) => c.some((k) => k > 1)).length;
    const growth = stages[0] ? round(mb(endRss) - stages[0].rss_mb_after, 1) : null;
    const issueWrites = world.state.requests.filter((r) => /\/repos\/acme\/soak-\d\/issues(\/\d+)?$/.test(r.path) && (r.method === "POST" || r.method === "PATCH")).length;
    const met = stages.filter((s) => s.backlog_p99_within_limit);
    io.stdout(
      JSON.stringify({
        bench: "soak",
        backend: databaseUrl ? "postgres" : "pglite",
        pacing: "GitHub documented limits per installation: writes 1 s apart; content creation <= 80/min and <= 500/h",
        load_seconds: seconds,
        agents: AGENTS,
        repositories: REPOS.map((r) => `acme/${r}`),
        pushes: pushes.length,
        stages,
        max_rate_with_backlog_p99_within_target: met.length ? Math.max(...met.map((s) => s.rate_per_s)) : null,
        target_backlog_age_p99_s: TARGET_BACKLOG_P99_S,
        batching: { incident_issues: world.state.issues.filter((i) => repos.some((r) => r.id === i.repoId)).length, incident_issue_writes: issueWrites, pushes_listed: counts.filter((c) => c[1] >= 1).length },
        lost,
        doubled,
        audit_chain_ok: chainOk,
        // PGlite gives memory back after its start-up peak, so growth is measured from the end of the first stage.
        rss_mb: { after_warmup: mb(idleRss), after_first_stage: stages[0]?.rss_mb_after ?? null, end: mb(endRss), growth_since_first_stage: growth },
        app_exit_code: exitCode,
        world_violations: world.state.violations.length,
        // Issue 14's targets: nothing lost or doubled, the audit chain intact, no unbounded growth.
        meets_targets: { lost_0: lost === 0, doubled_0: doubled === 0, audit_chain_ok: chainOk, rss_growth_within_50mb: growth !== null && growth <= TARGET_RSS_GROWTH_MB }
      }) + "\n"
    );
    return 0;
  } finally {
    sampling = false;
    if (app.child.exitCode === null) app.child.kill("SIGKILL");
    await world.close();
    await rm(dir, { recursive: true, force: true });
  }
}
export {
  soakBench
};
