import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  verifyChain
} from "./chunk-HCBZHJRB.js";
import {
  startStack
} from "./chunk-UFCFYCDV.js";
import {
  distDir
} from "./chunk-FUZPK2V2.js";
import "./chunk-QXLCVNYF.js";
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
import {
  trustFromRoots
} from "./chunk-P4LCOEUF.js";
import "./chunk-6RNUAQVR.js";
import "./chunk-EZT4DIDZ.js";
import "./chunk-HKOWZUST.js";
import "./chunk-MFBMGNTB.js";
import "./chunk-5NANKWQZ.js";
import "./chunk-QY2KPWDF.js";
import {
  openPull,
  submitReview
} from "./chunk-EMO2XLNF.js";
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

// src/demo/run-demo.ts
var import_pino = __toESM(require_pino(), 1);
import { join as join2 } from "node:path";

// src/world/runner-harness.ts
import { execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

// src/world/file-commands.ts
function parseFileCommand(text) {
  const out = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    if (heredoc && !line.includes("=")) {
      const [, name, delimiter] = heredoc;
      const value = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]);
      if (i >= lines.length) throw new Error(`file command: heredoc for ${name} has no closing ${delimiter}`);
      out[name] = value.join("\n");
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`file command: malformed line ${JSON.stringify(line.slice(0, 40))}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

// src/world/runner-harness.ts
function parseProperties(text) {
  const out = {};
  for (const pair of text.split(",")) {
    const at = pair.indexOf("=");
    if (at > 0) out[pair.slice(0, at)] = pair.slice(at + 1).replace(/%2C/g, ",").replace(/%3A/g, ":").replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
  }
  return out;
}
var CommandProcessor = class {
  masks = /* @__PURE__ */ new Set();
  annotations = [];
  stopToken;
  lines = [];
  constructor(masks) {
    for (const m of masks) this.masks.add(m);
  }
  line(raw) {
    if (this.stopToken !== void 0) {
      if (raw === `::${this.stopToken}::`) this.stopToken = void 0;
      else this.lines.push(raw);
      return;
    }
    const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(raw);
    if (!command) {
      this.lines.push(raw);
      return;
    }
    const [, name, rawProperties, value = ""] = command;
    const unescaped = value.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
    switch (name) {
      case "add-mask":
        if (unescaped) this.masks.add(unescaped);
        return;
      case "stop-commands":
        this.stopToken = unescaped;
        return;
      case "error":
      case "warning":
      case "notice":
        this.annotations.push({ level: name, message: unescaped, ...rawProperties ? { properties: parseProperties(rawProperties) } : {} });
        this.lines.push(`${name.toUpperCase()}: ${unescaped}`);
        return;
      case "group":
        this.lines.push(`\u25B8 ${unescaped}`);
        return;
      case "endgroup":
      case "debug":
        return;
      default:
        this.lines.push(raw);
    }
  }
  /** Applies every mask, longest first, as the runner does before showing or storing a log line. */
  maskedLog() {
    const masks = [...this.masks].filter((m) => m.length > 0).sort((a, b) => b.length - a.length);
    return this.lines.map((l) => masks.reduce((acc, m) => acc.split(m).join("***"), l)).join("\n");
  }
};
async function runStep(script, env, processor, raw, cancel) {
  const child = spawn(process.execPath, [script], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let cancelled = false;
  let pending = "";
  const onData = (chunk) => {
    const text = chunk.toString("utf8");
    raw.push(text);
    pending += text;
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    for (const line of parts) {
      processor.line(line);
      if (cancel && !cancelled && cancel.when.test(line)) {
        cancelled = true;
        child.kill("SIGINT");
        setTimeout(() => {
          try {
            process.kill(-child.pid, "SIGKILL");
          } catch {
          }
        }, cancel.graceMs).unref();
      }
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const [exitCode, signal] = await new Promise((resolve) => child.on("close", (code, sig) => resolve([code, sig])));
  if (pending) processor.line(pending);
  return { exitCode: cancelled && exitCode === 0 ? 1 : exitCode, signal };
}
async function listFiles(dir, prefix, out) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await listFiles(path, `${prefix}${entry.name}/`, out);
    else if (entry.isFile()) out[`${prefix}${entry.name}`] = await readFile(path, "utf8");
  }
}
async function commitWorkspace(workspace) {
  const git = (...args) => promisify(execFile)("git", ["-c", "user.name=runner", "-c", "user.email=runner@example.test", "-c", "init.defaultBranch=main", ...args], {
    cwd: workspace,
    env: { PATH: process.env.PATH, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" }
  });
  await git("init", "-q");
  await git("add", "-A");
  await git("commit", "-q", "--allow-empty", "-m", "checkout");
}
async function cloneWorkspace(workspace, clone) {
  const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${clone.token}`).toString("base64")}`;
  await promisify(execFile)("git", ["-c", `http.extraHeader=${header}`, "clone", "-q", clone.url, "."], {
    cwd: workspace,
    env: { PATH: process.env.PATH, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", ...clone.caFile ? { GIT_SSL_CAINFO: clone.caFile } : {} }
  });
}
async function runAction(options) {
  const root = await mkdtemp(join(tmpdir(), "airlock-runner-"));
  const runnerTemp = join(root, "temp");
  const workspace = join(root, "workspace");
  await mkdir(runnerTemp);
  await mkdir(workspace);
  if (options.clone) await cloneWorkspace(workspace, options.clone);
  for (const [path, content] of Object.entries(options.workspaceFiles ?? {})) {
    await mkdir(join(workspace, path, ".."), { recursive: true });
    await writeFile(join(workspace, path), content);
  }
  if (options.checkout) await commitWorkspace(workspace);
  const files = { output: join(root, "output"), env: join(root, "env"), state: join(root, "state"), summary: join(root, "summary"), path: join(root, "path") };
  for (const f of Object.values(files)) await writeFile(f, "");
  const inputs = Object.fromEntries(Object.entries(options.inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, "_").toUpperCase()}`, v]));
  const base = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: "C.UTF-8",
    CI: "true",
    GITHUB_ACTIONS: "true",
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: "Linux",
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_PATH: files.path,
    ...options.env,
    ...inputs
  };
  const raw = [];
  const mainProcessor = new CommandProcessor([]);
  const main = await runStep(options.mainPath, base, mainProcessor, raw, options.cancelWhen ? { when: options.cancelWhen, graceMs: options.cancelGraceMs ?? 7500 } : void 0);
  const state = parseFileCommand(await readFile(files.state, "utf8"));
  const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
  const postProcessor = new CommandProcessor(mainProcessor.masks);
  const post = await runStep(options.postPath, { ...base, ...stateEnv }, postProcessor, raw);
  const result = {
    main: { ...main, log: mainProcessor.maskedLog(), annotations: mainProcessor.annotations },
    post: { ...post, log: postProcessor.maskedLog(), annotations: postProcessor.annotations },
    outputs: parseFileCommand(await readFile(files.output, "utf8")),
    env: parseFileCommand(await readFile(files.env, "utf8")),
    state,
    summary: await readFile(files.summary, "utf8"),
    rawOutput: raw.join(""),
    masks: [...postProcessor.masks],
    files: {}
  };
  await listFiles(runnerTemp, "RUNNER_TEMP/", result.files);
  await listFiles(workspace, "workspace/", result.files);
  await rm(root, { recursive: true, force: true });
  return result;
}

// src/demo/demo-agent.ts
var demoChange = { "src/index.js": "export const answer = 43;\n", "NOTES.md": "The answer is 43 now.\n" };
var demoAgentScript = `
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const api = process.env.GITHUB_API_URL;
const call = (method, path, body) => {
  const args = ['-sS', '--max-time', '20', '-X', method, '-H', 'authorization: token ' + process.env.GH_TOKEN, '-H', 'accept: application/vnd.github+json', '-o', '/tmp/answer', '-w', '%{http_code}'];
  if (body) args.push('-H', 'content-type: application/json', '--data-binary', body);
  const status = Number(execFileSync('curl', [...args, api + path]).toString());
  return { status, text: status ? execFileSync('cat', ['/tmp/answer']).toString() : '' };
};
const read = call('GET', '/repos/acme/widgets/contents/README.md');
console.log('AGENT_READ_STATUS=' + read.status);
const ref = JSON.parse(call('GET', '/repos/acme/widgets/git/ref/heads/main').text);
const write = call('PATCH', '/repos/acme/widgets/git/refs/heads/main', JSON.stringify({ sha: ref.object.sha, force: true }));
console.log('AGENT_WRITE_STATUS=' + write.status);
for (const [path, content] of Object.entries(${JSON.stringify(demoChange)})) writeFileSync(path, content);
`;

// src/demo/run-demo.ts
async function runDemo(distDir2, log) {
  const { world, app, jobEnv, close } = await startStack({ log: (0, import_pino.pino)({ level: "warn" }, import_pino.pino.destination(2)) });
  try {
    log("world and App started; running the agent step through the runner harness");
    const widgets = world.repo("acme/widgets");
    const main = widgets.commits.get(widgets.refs.get("heads/main"));
    const run = await runAction({
      mainPath: join2(distDir2, "main.js"),
      postPath: join2(distDir2, "post.js"),
      inputs: {
        "broker-url": app.url,
        identity: "agent",
        permissions: "contents: read",
        run: "node agent.mjs",
        // The agent runs in the bubblewrap sandbox; GitHub, where its token is bound, is the one host it may reach.
        "fulcio-url": world.sigstore.url,
        "rekor-url": world.sigstore.url,
        "github-token": world.jobToken("acme/widgets", { attestations: "write" })
      },
      env: jobEnv(),
      workspaceFiles: { ...Object.fromEntries(main.files), "agent.mjs": demoAgentScript },
      checkout: true
    });
    for (const line of run.main.log.split("\n")) log(`  main | ${line}`);
    for (const line of run.post.log.split("\n")) log(`  post | ${line}`);
    const afterAction = world.snapshot();
    const agentBundle = Object.entries(run.files).find(([name]) => name.includes("airlock-attestation-"))?.[1];
    log("the agent proposes its change as a pull request; the gate checks the attestation and waits for a human");
    const { pull, sha } = await openPull(world, { repo: "acme/widgets", head: "agent/answer", author: "agent-smith[bot]", files: demoChange, title: "agent: answer 43" });
    const gate = () => {
      const r = world.state.checkRuns.filter((c) => c.headSha === sha && c.name === "Airlock").at(-1);
      const summary = r?.output?.summary ?? "";
      const verdict = /```json\n([\s\S]*?)\n```/.exec(r?.output?.text ?? "")?.[1];
      const result = verdict ? JSON.parse(Buffer.from(JSON.parse(verdict).dsseEnvelope.payload, "base64").toString()).predicate.verificationResult : "unsigned";
      return { conclusion: r?.conclusion ?? null, attestation: summary.includes("\u2705 **Verified**") ? "verified" : "not verified", verdict: result, text: r?.output?.text ?? "" };
    };
    const before = gate();
    log(`  gate on ${sha.slice(0, 12)}: ${before.conclusion} (attestation ${before.attestation}, signed verdict ${before.verdict})`);
    log("bob (write access, not the author) approves the head commit");
    await submitReview(world, pull, { user: "bob" });
    const after = gate();
    log(`  gate on ${sha.slice(0, 12)}: ${after.conclusion} (attestation ${after.attestation}, signed verdict ${after.verdict})`);
    log("a release pipeline verifies the chain: agent-run attestation -> App verdict -> commit");
    const keys = await (await fetch(`${app.url}/airlock/v1/keys`)).json();
    const verdictBundle = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(after.text)?.[1] ?? "null");
    const chain = agentBundle ? verifyChain([JSON.parse(agentBundle), verdictBundle], {
      trust: trustFromRoots([world.sigstore.trustedRoot]),
      identity: { serverUrl: "https://github.com", issuer: world.oidc.issuer, repository: "acme/widgets", workflows: { refs: ["acme/widgets/.github/workflows/agent.yml@refs/heads/main"] } },
      appKeyPem: keys.keys[0].public_key_pem,
      commit: sha
    }) : void 0;
    for (const l of chain?.links ?? []) log(`  ${l.ok ? "ok  " : "FAIL"} ${l.link}: ${l.message}`);
    log("an agent pushes straight to main; the App answers");
    const push = await world.push({ repo: "acme/widgets", branch: "main", files: { "src/index.js": "export const answer = 44;\n" }, pusher: "agent-smith[bot]", message: "agent: tweak answer" });
    const final = world.snapshot();
    for (const v of final.violations) log(`OpenAPI violation: ${v.method} ${v.path} ${v.where}: ${v.message}`);
    const checkRuns = final.check_runs.filter((r) => r.head_sha === push.sha);
    const tokens = afterAction.tokens;
    const strip = ({ conclusion, attestation, verdict }) => ({ conclusion, attestation, verdict });
    return {
      tokens_minted: tokens.narrowed_minted,
      tokens_live_after: tokens.narrowed_live,
      agent_read_allowed: run.main.log.includes("AGENT_READ_STATUS=200"),
      agent_write_denied: run.main.log.includes("AGENT_WRITE_STATUS=403"),
      attestation_signed: Boolean(agentBundle) && run.outputs["attestation-path"] !== void 0,
      gate_before_approval: strip(before),
      gate_after_approval: strip(after),
      chain_verified: chain?.ok === true,
      // The App stores each delivery and answers 202 at once; the world settles once its queue is idle, so the check run is there.
      agent_push_answered: push.delivery.status === 202 && checkRuns.length > 0,
      check_runs: checkRuns.map((r) => ({ name: r.name, conclusion: r.conclusion })),
      incidents: final.issues.length,
      openapi_violations: final.violations.length
    };
  } finally {
    await close();
  }
}

// src/cli/demo-command.ts
var DEMO = {
  name: "demo",
  help: {
    usage: ["airlock demo"],
    about: `Runs the whole flow on this machine against the local world (the App, the Action through the
runner harness, the gate, the verified chain): progress on stderr, one JSON summary line on stdout.
Needs the bundled Action beside it (npm run build).`,
    exit: { 0: "every check of the summary held", 1: "a check of the summary failed (the JSON says which)", 2: "usage error" }
  },
  options: {}
};
var demoCommand = (argv, io) => runCommand(DEMO, argv, io, async () => {
  const summary = await runDemo(distDir(), (line) => io.stderr(`${line}
`));
  io.stdout(JSON.stringify(summary) + "\n");
  const ok = summary.tokens_live_after === 0 && summary.agent_write_denied && summary.chain_verified && summary.agent_push_answered && summary.openapi_violations === 0;
  return ok ? 0 : 1;
});
export {
  demoCommand
};
