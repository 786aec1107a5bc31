import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  readAuditLog
} from "./chunk-QITJAKBK.js";
import {
  distDir
} from "./chunk-FUZPK2V2.js";
import {
  summarize
} from "./chunk-PCGUCC26.js";
import {
  esm_default
} from "./chunk-DND65OVS.js";
import {
  ProbotOctokit,
  airlockApp,
  appOctokit,
  cachedAppJwt,
  createAppMetrics,
  createNodeMiddleware,
  createProbot,
  openAppStore,
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
import {
  commitFiles,
  renderPull,
  startWorld
} from "./chunk-EMO2XLNF.js";
import "./chunk-W3YAAO3Z.js";
import "./chunk-UFYLBWKB.js";
import "./chunk-K3MR4WOR.js";
import "./chunk-IBNPYPAI.js";
import "./chunk-EPLYF327.js";
import "./chunk-VTMLRQRL.js";
import {
  loadPolicyModules,
  policyDir
} from "./chunk-3KFUYEYQ.js";
import "./chunk-5BDBOWHC.js";
import "./chunk-2ZCGAJUC.js";
import "./chunk-Y7NYHVI4.js";
import "./chunk-M3RFPESX.js";
import "./chunk-JJEEWADX.js";
import "./chunk-VJTT6KNH.js";
import {
  nodeHttpFetch
} from "./chunk-SDQEFD72.js";
import "./chunk-2FANN6CZ.js";
import "./chunk-SPRYJVQL.js";
import "./chunk-4DGAB22J.js";
import {
  CliError,
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

// src/bench/webhooks-bench.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp as mkdtemp2, rm as rm2 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join2 } from "node:path";
var import_pino = __toESM(require_pino(), 1);

// src/bench/app-memory.ts
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
var READY_LINE = /listening on port (\d+)/;
async function residentMb(pid, field) {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch((error) => {
    throw new Error(`cannot read /proc/${pid}/status (${error.code ?? "unreadable"}): the App memory measurement needs Linux; pass --no-memory to skip it`);
  });
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status)?.[1];
  if (kb === void 0) throw new Error(`/proc/${pid}/status has no ${field} line: the App memory measurement needs Linux; pass --no-memory to skip it`);
  return Math.round(Number(kb) / 1024 * 10) / 10;
}
async function resetPeak(pid) {
  await writeFile(`/proc/${pid}/clear_refs`, "5").catch((error) => {
    throw new Error(`cannot reset the App's peak memory through /proc/${pid}/clear_refs (${error.code ?? "unwritable"}): it needs Linux 4.0+; pass --no-memory to skip it`);
  });
}
async function untilReady(url, what, timeoutMs, done) {
  const deadline = Date.now() + timeoutMs;
  for (; ; ) {
    const response = await fetch(`${url}/readyz`).catch(() => void 0);
    if (response && done(response.status, await response.json().catch(() => ({})))) return;
    if (Date.now() > deadline) throw new Error(`the App at ${url} did not ${what} within ${timeoutMs} ms`);
    await sleep(50);
  }
}
async function measureAppMemory(options) {
  const { world, settleMs = 2e3, timeoutMs = 3e5 } = options;
  const dir = await mkdtemp(join(tmpdir(), "airlock-bench-memory-"));
  const env = {
    PATH: process.env.PATH ?? "",
    APP_ID: String(world.state.app.id),
    PRIVATE_KEY_PATH: world.privateKeyPath,
    WEBHOOK_SECRET: world.state.app.webhookSecret,
    GHE_HOST: world.gheHost,
    GHE_PROTOCOL: "http",
    AIRLOCK_OIDC_ISSUER: world.oidc.issuer,
    AIRLOCK_AUDIENCE: "airlock",
    AIRLOCK_DATA_DIR: join(dir, "data"),
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    // On PostgreSQL the App wants the key every replica shares (app/app-settings.ts); a fresh one per run.
    ...options.databaseUrl ? { DATABASE_URL: options.databaseUrl, AIRLOCK_ENCRYPTION_KEY: randomBytes(32).toString("base64") } : {}
  };
  const child = spawn(process.execPath, [options.cli, "app"], { cwd: dir, env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  const exited = new Promise((resolve) => child.on("close", resolve));
  try {
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`airlock app did not start within ${timeoutMs} ms; stderr: ${stderr.slice(-2e3)}`)), timeoutMs);
      child.stderr.on("data", (chunk) => {
        stderr += chunk.toString("utf8");
        const match = READY_LINE.exec(stderr);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.on("close", (code) => {
        clearTimeout(timer);
        reject(new Error(`airlock app exited (${code}) before it was listening; stderr: ${stderr.slice(-2e3)}`));
      });
    });
    const url = `http://127.0.0.1:${port}`;
    await untilReady(url, "become ready", timeoutMs, (status) => status === 200);
    await sleep(settleMs);
    const pid = child.pid;
    const idle = await residentMb(pid, "VmRSS");
    const startupPeak = await residentMb(pid, "VmHWM");
    await resetPeak(pid);
    world.webhookUrl = `${url}/api/github/webhooks`;
    const drained = () => untilReady(url, "drain its queue", timeoutMs, (_, body) => body.backlog?.depth === 0);
    await options.load(drained);
    await drained();
    return { idle, startup_peak: startupPeak, peak: await residentMb(pid, "VmHWM"), after: await residentMb(pid, "VmRSS") };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
}

// src/bench/bare-probot-app.ts
import { createServer } from "node:http";
async function serveProbotApp(appFn, options) {
  const Octokit = options.Octokit ? options.Octokit : options.throttle ? ProbotOctokit : ProbotOctokit.defaults((octokitOptions = {}) => ({ ...octokitOptions, throttle: { ...octokitOptions.throttle, enabled: false } }));
  const probot = createProbot({
    overrides: { Octokit, appId: options.appId, privateKey: options.privateKey, secret: options.webhookSecret, baseUrl: options.githubApiUrl, log: options.log }
  });
  const middleware = await createNodeMiddleware(appFn, { probot, webhooksPath: "/api/github/webhooks" });
  const server = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    })
  };
}
var bareApp = (app) => {
  app.on(["pull_request.opened", "pull_request.synchronize"], async (context) => {
    await context.octokit.request("POST /repos/{owner}/{repo}/check-runs", {
      ...context.repo(),
      name: "Airlock",
      head_sha: context.payload.pull_request.head.sha,
      status: "completed",
      conclusion: "failure",
      output: { title: "Airlock", summary: "Created by the bare Probot baseline." }
    });
  });
};

// src/bench/webhooks-bench.ts
var AGENT = "agent-smith[bot]";
var REPO = "acme/widgets";
var TARGET_RATIO = 0.5;
var TARGET_P99_MS = 100;
var TARGET_CONCURRENCY = 50;
var TARGET_SYNC_CALLS = 4;
var TARGET_IDLE_RSS_MB = 200;
var MEMORY_DELIVERIES = 100;
var INSTALLATION_REQUESTS_PER_HOUR = 5e3;
var SYNC_SAMPLE = 20;
async function deliver(world, label, count, concurrency, drained) {
  const repo = world.repo(REPO);
  const agent = world.user(AGENT);
  const author = { name: agent.login, email: `${agent.id}+${agent.login}@users.noreply.github.test`, login: agent.login };
  let number = Math.max(0, ...world.state.pulls.filter((p) => p.repoId === repo.id).map((p) => p.number), ...world.state.issues.filter((i) => i.repoId === repo.id).map((i) => i.number)) + 1;
  const pulls = [];
  const run = { seconds: 0, latencies: [], statuses: {}, deliveryIds: [], headShas: /* @__PURE__ */ new Set(), githubCalls: 0, githubNotModified: 0, perDelivery: [], cpuMs: 0 };
  const requests = world.state.requests;
  const counted = { from: requests.length };
  const countCalls = () => {
    for (; counted.from < requests.length; counted.from++) {
      const request = requests[counted.from];
      if (request.path.startsWith("/_world/")) continue;
      run.githubCalls++;
      if (request.status === 304) run.githubNotModified++;
    }
  };
  let sent = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async (_, sender) => {
        let pull;
        for (let round = 0; sent < count; round++) {
          sent++;
          const branch = `agent/bench-${label}-${sender}`;
          const before = repo.refs.get(`heads/${branch}`);
          const commit = commitFiles(repo, branch, { files: { [`src/bench-${sender}.js`]: `export const round = ${round};
` }, message: `Round ${round}`, author });
          if (!pull) {
            pull = { number: number++, id: world.state.nextId(), repoId: repo.id, title: `Agent change ${sender}`, body: "", user: agent, state: "open", headRef: branch, baseRef: repo.defaultBranch, reviews: [], createdAt: (/* @__PURE__ */ new Date()).toISOString() };
            world.state.pulls.push(pull);
            pulls.push(pull);
          }
          const action = before ? "synchronize" : "opened";
          const payload = world.payload("pull_request", { action, repo, sender: agent });
          payload.number = pull.number;
          payload.pull_request = { ...payload.pull_request, ...renderPull({ state: world.state }, repo, pull) };
          if (before) Object.assign(payload, { before, after: commit.sha });
          run.headShas.add(commit.sha);
          countCalls();
          const [calls, notModified] = [run.githubCalls, run.githubNotModified];
          const t0 = performance.now();
          const delivery = await world.deliver("pull_request", payload);
          run.latencies.push(performance.now() - t0);
          countCalls();
          run.perDelivery.push({ action, calls: run.githubCalls - calls, notModified: run.githubNotModified - notModified });
          run.deliveryIds.push(delivery.id);
          run.statuses[delivery.status] = (run.statuses[delivery.status] ?? 0) + 1;
        }
      })
    );
    await drained?.();
    countCalls();
  } finally {
    run.seconds = (performance.now() - start) / 1e3;
    const used = process.cpuUsage(cpu);
    run.cpuMs = (used.user + used.system) / 1e3;
    for (const pull of pulls) pull.state = "closed";
  }
  return run;
}
function report(world, run) {
  const n = run.latencies.length;
  const round = (x) => Math.round(x * 100) / 100;
  return {
    deliveries: n,
    deliveries_per_s: round(n / run.seconds),
    latency_ms: summarize(run.latencies),
    http_status: run.statuses,
    check_runs_created: world.state.checkRuns.filter((c) => c.name === "Airlock" && c.status === "completed" && run.headShas.has(c.headSha)).length,
    github_api_calls_per_delivery: round(run.githubCalls / n),
    github_rate_limited_calls_per_delivery: round((run.githubCalls - run.githubNotModified) / n),
    // One process holds the world, the app and the load generator: this is their CPU together.
    process_cpu_ms_per_delivery: round(run.cpuMs / n)
  };
}
async function withFreshSchema(url, use) {
  const schema = `airlock_bench_${randomBytes2(6).toString("hex")}`;
  const admin = async (sql) => {
    const client = new esm_default.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  try {
    const scoped = new URL(url);
    scoped.searchParams.set("options", `-c search_path=${schema}`);
    return await use({ databaseUrl: scoped.toString() });
  } finally {
    await admin(`DROP SCHEMA ${schema} CASCADE`);
  }
}
async function startUnthrottledAirlock(world, identity, database, log) {
  const settings = { ...identity, oidcIssuer: world.oidc.issuer, audience: "airlock", port: 0, host: "127.0.0.1", database, policyDir: policyDir(), sweepIntervalMs: 36e5 };
  const policies = await loadPolicyModules(settings.policyDir);
  const store = await openAppStore({ database, encryptionKey: randomBytes2(32), clock: Date.now });
  const githubFetch = nodeHttpFetch();
  const Octokit = appOctokit({ pacer: () => void 0, metrics: createAppMetrics(), createJwt: cachedAppJwt({ appId: identity.appId, privateKey: identity.privateKey }), fetch: githubFetch });
  const served = await serveProbotApp(airlockApp({ settings, store, policies, githubFetch }), { ...identity, log, throttle: false, Octokit });
  return {
    ...served,
    store,
    async close() {
      await served.close();
      await store.close();
    }
  };
}
async function syncCalls(world, label) {
  const run = await deliver(world, label, SYNC_SAMPLE + 1, 1);
  const syncs = run.perDelivery.filter((d) => d.action === "synchronize");
  const mean = (xs) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length) * 100) / 100;
  const calls = mean(syncs.map((d) => d.calls));
  const rateLimited = mean(syncs.map((d) => d.calls - d.notModified));
  return {
    deliveries: syncs.length,
    github_api_calls: calls,
    not_modified_304: mean(syncs.map((d) => d.notModified)),
    rate_limited_calls: rateLimited,
    installation_requests_per_hour: INSTALLATION_REQUESTS_PER_HOUR,
    synchronize_deliveries_per_hour_within_rate_limit: rateLimited > 0 ? Math.floor(INSTALLATION_REQUESTS_PER_HOUR / rateLimited) : null
  };
}
async function countDecisions(store, run) {
  const ids = new Set(run.deliveryIds);
  let decisions = 0;
  await readAuditLog(store.db, (r) => {
    if (r.kind === "decision" && ids.has(String(r.data.delivery))) decisions++;
  });
  return decisions;
}
var WEBHOOKS_BENCH = {
  name: "bench webhooks",
  help: {
    usage: ["airlock bench webhooks [--n N] [--concurrency C] [--warmup W] [--shipped-n S] [--database-url URL] [--no-memory]"],
    about: "Signed pull_request deliveries per second through the App's PR gate against the local world, on PGlite and, with --database-url or AIRLOCK_BENCH_DATABASE_URL, on PostgreSQL, beside a bare Probot app; then the App's resident memory as its own process (`node dist/cli.js app`, or AIRLOCK_CLI) idle, at start-up's peak, at the peak under up to 100 of the same deliveries (it is throttled as shipped) and after them. One JSON document on stdout.",
    options: [
      ["--n N", "measured deliveries (default 1000)"],
      ["--concurrency C", `deliveries in flight (default ${TARGET_CONCURRENCY})`],
      ["--warmup W", "warm-up deliveries (default 2 x concurrency)"],
      ["--shipped-n S", "deliveries through the throttled, shipped App (default 8)"],
      ["--database-url URL", "PostgreSQL for the second run"],
      ["--no-memory", "skip the App process' memory measurement (it needs Linux /proc and a built CLI)"]
    ],
    exit: { 0: "measured", 2: "usage error" }
  },
  options: { n: { type: "string" }, concurrency: { type: "string" }, warmup: { type: "string" }, "shipped-n": { type: "string" }, "database-url": { type: "string" }, "no-memory": { type: "boolean" } }
};
var webhooksBench = (argv, io) => runCommand(WEBHOOKS_BENCH, argv, io, ({ values }) => measureWebhooks(values, io));
async function measureWebhooks(values, io) {
  const n = numberOption("--n", values.n, 1e3, { integer: true, min: 1 });
  const concurrency = numberOption("--concurrency", values.concurrency, TARGET_CONCURRENCY, { integer: true, min: 1 });
  const warmup = numberOption("--warmup", values.warmup, 2 * concurrency, { integer: true, min: 0 });
  const shippedN = numberOption("--shipped-n", values["shipped-n"], 8, { integer: true, min: 0 });
  const databaseUrl = values["database-url"] ?? io.env.AIRLOCK_BENCH_DATABASE_URL;
  const cli = values["no-memory"] ? void 0 : io.env.AIRLOCK_CLI ?? join2(distDir(), "cli.js");
  if (cli && !existsSync(cli)) throw new CliError("usage", `the App's CLI ${cli} does not exist: build it (npm run build), point AIRLOCK_CLI at a build, or pass --no-memory`);
  const log = (0, import_pino.pino)({ level: "silent" });
  const world = await startWorld();
  const identity = { appId: world.state.app.id, privateKey: world.state.app.privateKeyPem, webhookSecret: world.state.app.webhookSecret, githubApiUrl: world.githubApiUrl };
  const measure = async (label, url, count, senders, warm) => {
    world.webhookUrl = `${url}/api/github/webhooks`;
    if (warm > 0) await deliver(world, `${label}-warm`, warm, Math.min(senders, warm));
    const run = await deliver(world, label, count, senders);
    return { run, result: report(world, run) };
  };
  const withApp = async (app, use) => {
    try {
      return await use(app);
    } finally {
      await app.close();
    }
  };
  try {
    const bare = await withApp(await serveProbotApp(bareApp, { ...identity, log, throttle: false }), async (app) => (await measure("bare", app.url, n, concurrency, warmup)).result);
    const runAirlock = async (backend, database) => withApp(await startUnthrottledAirlock(world, identity, database, log), async (app) => {
      const { run, result } = await measure(backend, app.url, n, concurrency, warmup);
      const synchronize = await syncCalls(world, `${backend}-sync`);
      return { backend, ...result, audit_decisions_recorded: await countDecisions(app.store, run), throughput_vs_bare: Math.round(result.deliveries_per_s / bare.deliveries_per_s * 100) / 100, synchronize };
    });
    const appMemory = async (backend, database) => {
      if (!cli) return {};
      let run;
      const count = Math.min(n, MEMORY_DELIVERIES);
      const rss = await measureAppMemory({ cli, world, databaseUrl: database.databaseUrl, timeoutMs: 12e4 + 2e3 * count, load: async (drained) => run = await deliver(world, `${backend}-memory`, count, Math.min(concurrency, count), drained) });
      const handled = { http_status: run.statuses, check_runs_created: report(world, run).check_runs_created };
      return { app_process_rss_mb: rss, app_process_deliveries: handled, ...backend === "pglite" ? { meets_targets: { idle_rss_200mb_pglite: rss.idle <= TARGET_IDLE_RSS_MB } } : {} };
    };
    const dataDir = await mkdtemp2(join2(tmpdir2(), "airlock-bench-webhooks-"));
    const pglite = await runAirlock("pglite", { dataDir }).finally(() => rm2(dataDir, { recursive: true, force: true }));
    const results = [{ ...pglite, ...await appMemory("pglite", {}) }];
    if (databaseUrl) {
      const postgresRun = await withFreshSchema(databaseUrl, (database) => runAirlock("postgres", database));
      results.push({ ...postgresRun, ...await withFreshSchema(databaseUrl, (database) => appMemory("postgres", database)) });
    }
    let shipped;
    if (shippedN > 0) {
      const senders = Math.min(concurrency, shippedN);
      const shippedBare = await withApp(await serveProbotApp(bareApp, { ...identity, log, throttle: true }), async (app2) => (await measure("shipped-bare", app2.url, shippedN, senders, 1)).result);
      const shippedDir = await mkdtemp2(join2(tmpdir2(), "airlock-bench-webhooks-"));
      const app = await startApp({
        settings: { ...identity, oidcIssuer: world.oidc.issuer, audience: "airlock", port: 0, host: "127.0.0.1", database: { dataDir: shippedDir }, policyDir: policyDir(), sweepIntervalMs: 36e5 },
        encryptionKey: randomBytes2(32),
        log
      }).catch(async (error) => {
        await rm2(shippedDir, { recursive: true, force: true });
        throw error;
      });
      const shippedAirlock = await withApp(app, async () => {
        const { run, result } = await measure("shipped-pglite", app.url, shippedN, senders, 1);
        return { backend: "pglite", ...result, audit_decisions_recorded: await countDecisions(app.store, run) };
      }).finally(() => rm2(shippedDir, { recursive: true, force: true }));
      shipped = { throttle: "Probot default: plugin-throttling, writes 1 s apart per installation", concurrency: senders, bare: shippedBare, airlock: shippedAirlock };
    }
    const postgres = results.find((r) => r.backend === "postgres");
    const p99 = postgres?.latency_ms.p99;
    io.stdout(
      JSON.stringify({
        bench: "webhooks",
        events: `pull_request.opened, then pull_request.synchronize per new commit, on ${REPO} pull requests by ${AGENT}; one pull request per concurrent sender`,
        throttle: "off for bare and results (both apps alike); see shipped",
        deliveries: n,
        warmup_deliveries: warmup,
        concurrency,
        targets: { throughput_vs_bare_min: TARGET_RATIO, postgres_p99_ms_max: TARGET_P99_MS, at_concurrency: TARGET_CONCURRENCY, synchronize_github_calls_max: TARGET_SYNC_CALLS, ...cli ? { app_idle_rss_mb_max_pglite: TARGET_IDLE_RSS_MB } : {} },
        bare,
        results,
        targets_met: {
          throughput_vs_bare: Object.fromEntries(results.map((r) => [r.backend, r.throughput_vs_bare >= TARGET_RATIO])),
          // Not met unless measured on PostgreSQL at the target's concurrency.
          postgres_p99: p99 !== void 0 && concurrency >= TARGET_CONCURRENCY && p99 <= TARGET_P99_MS,
          synchronize_github_calls: Object.fromEntries(results.map((r) => [r.backend, r.synchronize.github_api_calls <= TARGET_SYNC_CALLS]))
        },
        // Little's law: with `concurrency` deliveries always in flight, mean latency = concurrency /
        // throughput, so no app's p99 can be under this floor unless it answers faster than the bare
        // Probot app does here. The p99 target at 50 in flight asks for >= 500 deliveries/s.
        latency_floor: { bare_mean_latency_ms: Math.round(concurrency / bare.deliveries_per_s * 1e3), bare_p99_ms: bare.latency_ms.p99, ...postgres ? { postgres_p99_vs_bare_p99: Math.round(postgres.latency_ms.p99 / bare.latency_ms.p99 * 100) / 100 } : {} },
        ...postgres ? {} : { note: "no PostgreSQL run: pass --database-url or set AIRLOCK_BENCH_DATABASE_URL" },
        ...shipped ? { shipped } : {},
        world_violations: world.state.violations.length
      }) + "\n"
    );
    return 0;
  } finally {
    await world.close();
  }
}
export {
  webhooksBench
};
