import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  hardenedGit
} from "./chunk-DACKHC6T.js";
import {
  COMMIT_MARKER,
  parseAddedLines,
  scanAddedLines
} from "./chunk-VTMLRQRL.js";
import {
  AIRLOCK_VERSION,
  CliError,
  FORMAT_OPTIONS,
  numberOption,
  reportFormat,
  runCommand
} from "./chunk-IW66ZKD5.js";
import {
  MAX_FILE_BYTES,
  scanBatch,
  scanFileAt,
  scanFileBytes
} from "./chunk-G2FI5GTP.js";
import {
  AllowList,
  defaultRules,
  utf16Column
} from "./chunk-AISXWLAK.js";

// src/cli/scan-command.ts
import { createReadStream, fstatSync, readdirSync } from "node:fs";
import { readlink, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, isAbsolute, join, relative as relative2, resolve } from "node:path";

// src/scan/finding-fingerprint.ts
import { scrypt } from "node:crypto";
var FINGERPRINT_KEY = "airlockFinding/v2";
function findingFingerprint(ruleId, file, match) {
  const salt = `${FINGERPRINT_KEY}\0${ruleId}\0${(file ?? "").replace(/\\/g, "/")}`;
  return new Promise(
    (resolve2, reject) => scrypt(match, salt, 16, { N: 1024, r: 8, p: 1 }, (error, key) => error ? reject(error) : resolve2(key.toString("hex")))
  );
}

// src/scan/sarif-report.ts
var toName = (id) => id.replace(/(^|-)([a-z0-9])/g, (_m, _s, c) => c.toUpperCase());
function pathUri(path) {
  return path.replace(/\\/g, "/").split("/").map((seg) => encodeURIComponent(seg)).join("/");
}
function toSarif(findings, rules, version) {
  const used = [...new Set(findings.map((f) => f.rule_id))].sort();
  const byId = new Map(rules.map((r) => [r.id, r]));
  const sarifRules = used.map((id) => ({
    id,
    name: toName(id),
    shortDescription: {
      text: byId.get(id)?.description ?? findings.find((f) => f.rule_id === id).description
    },
    defaultConfiguration: { level: "error" }
  }));
  const index = new Map(used.map((id, i) => [id, i]));
  const results = findings.map((f) => ({
    ruleId: f.rule_id,
    ruleIndex: index.get(f.rule_id),
    level: f.confidence === "low" ? "warning" : "error",
    message: { text: `${f.description}: ${f.redacted_preview}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathUri(f.file ?? "stdin") },
          region: { startLine: f.line, startColumn: f.column }
        }
      }
    ],
    // Stable across runs and line moves without revealing the value (finding-fingerprint.ts);
    // what `airlock scan --baseline` reads back.
    ...f.fingerprint !== void 0 ? { partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint } } : {},
    ...f.commit !== void 0 ? { properties: { commit: f.commit } } : {}
  }));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "airlock-scan",
            informationUri: "https://github.com/airlock-dev/airlock",
            version,
            rules: sarifRules
          }
        },
        columnKind: "utf16CodeUnits",
        results
      }
    ]
  };
}

// src/scan/scan-report.ts
function buildScanReport(findings, filesScanned, bytesScanned, skipped, baselined) {
  return {
    version: 1,
    tool: "airlock-scan",
    findings,
    summary: {
      files_scanned: filesScanned,
      bytes_scanned: bytesScanned,
      findings: findings.length,
      skipped,
      ...baselined !== void 0 ? { baselined } : {}
    }
  };
}

// src/cli/git-unignored-paths.ts
import { relative, sep } from "node:path";
async function gitUnignoredPaths(dir, shown) {
  let listing;
  try {
    listing = await hardenedGit(dir, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
  } catch (error) {
    throw new CliError("input", `--respect-gitignore: git cannot list "${shown}" (${error.message.split("\n")[0]}); is it inside a git repository? Scan without --respect-gitignore outside one`);
  }
  const files = /* @__PURE__ */ new Set();
  const whole = /* @__PURE__ */ new Set();
  const ancestors = /* @__PURE__ */ new Set();
  for (const entry of listing.toString("utf8").split("\0")) {
    if (entry === "") continue;
    const path = entry.replace(/\/+$/, "").split("/").join(sep);
    (entry.endsWith("/") ? whole : files).add(path);
    for (let i = path.lastIndexOf(sep); i > 0; i = path.lastIndexOf(sep, i - 1)) ancestors.add(path.slice(0, i));
  }
  const inWhole = (rel) => {
    for (let p = rel; p !== ""; p = p.includes(sep) ? p.slice(0, p.lastIndexOf(sep)) : "") if (whole.has(p)) return true;
    return false;
  };
  return (absolutePath, isDirectory) => {
    const rel = relative(dir, absolutePath);
    if (rel === "") return true;
    if (inWhole(rel)) return true;
    return isDirectory ? ancestors.has(rel) || files.has(rel) || whole.has(rel) : files.has(rel);
  };
}

// src/cli/map-in-order.ts
async function mapInOrder(items, limit, work, take) {
  const running = [];
  let next = 0;
  for (let index = 0; index < items.length; index++) {
    while (next < items.length && running.length < limit) {
      const item = items[next++];
      running.push((async () => work(item))().then((value) => ({ ok: true, value }), (error) => ({ ok: false, error })));
    }
    const settled = await running.shift();
    if (!settled.ok) {
      await Promise.all(running);
      throw settled.error;
    }
    take(settled.value, index);
  }
}

// src/cli/scan-baseline.ts
import { readFile } from "node:fs/promises";
var FINGERPRINT = /^[0-9a-f]{32}$/;
function baselineFingerprints(text, name) {
  const unusable = (why) => new CliError("input", `--baseline ${name} ${why}; expected the SARIF or JSON written by airlock scan --format sarif|json`);
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    throw unusable("is not JSON");
  }
  const sarif = doc;
  const report = doc;
  let values;
  if (sarif?.version === "2.1.0" && Array.isArray(sarif.runs)) values = sarif.runs.flatMap((run) => Array.isArray(run?.results) ? run.results : []).map((r) => r?.partialFingerprints?.[FINGERPRINT_KEY]);
  else if (report?.tool === "airlock-scan" && Array.isArray(report.findings)) values = report.findings.map((f) => f?.fingerprint);
  else throw unusable("is neither SARIF 2.1.0 nor an airlock scan JSON report");
  const bad = values.findIndex((v) => typeof v !== "string" || !FINGERPRINT.test(v));
  if (bad >= 0) throw unusable(`has a finding (#${bad + 1}) without an ${FINGERPRINT_KEY} fingerprint (written by another tool or an older airlock? write it again with this one)`);
  return new Set(values);
}
async function readBaseline(path, name) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CliError("input", `--baseline ${name} cannot be read (${error.code ?? error.message}); give the file airlock scan --format sarif|json wrote`);
  }
  return baselineFingerprints(text, name);
}

// src/cli/scan-pool.ts
import { Worker } from "node:worker_threads";
var BATCH_JOBS = 32;
var BATCH_BYTES = 1024 * 1024;
var BATCHES_PER_WORKER = 2;
var WORKER_MIN_BYTES = 32 * 1024 * 1024;
var PROBE_JOBS = 8;
function workersWanted(max, growth, answeredJobs, answeredBytes) {
  if (answeredJobs === 0) return 0;
  const left = Math.max(0, growth.jobs - answeredJobs);
  const estimate = answeredBytes / answeredJobs * left;
  return Math.min(max, Math.floor(estimate / (growth.minBytesPerWorker ?? WORKER_MIN_BYTES)));
}
var ScanPool = class {
  #workers = [];
  #threads = [];
  #waiting = /* @__PURE__ */ new Map();
  #pending = [];
  #pumping = false;
  #nextId = 0;
  #failure;
  #closing = false;
  #script;
  #allowList;
  #size;
  /** Set while workers are started on demand (local runner and growth given). */
  #growth;
  #answeredJobs = 0;
  #answeredBytes = 0;
  /**
   * Up to `size` worker threads running `script`, and the pool's own thread when `local` is
   * given: all started now, or with `growth` (and `local`) as the work left warrants.
   */
  constructor(script, size, allowList, local, growth) {
    this.#script = script;
    this.#allowList = allowList;
    this.#size = size;
    this.#growth = local !== void 0 ? growth : void 0;
    if (this.#growth === void 0) for (let i = 0; i < size; i++) this.#startWorker();
    if (local !== void 0) {
      const owner = {
        // setImmediate: after the answers and messages already waiting, never inside #pump.
        post: (batch) => setImmediate(() => {
          if (this.#failure === void 0) this.#answer(owner, { answers: local(batch.jobs) });
        }),
        batches: 0
      };
      this.#workers.push(owner);
    }
  }
  #startWorker() {
    const worker = new Worker(this.#script, { workerData: { allowList: this.#allowList } });
    const owner = { post: (batch) => worker.postMessage(batch), batches: 0 };
    worker.on("message", (answer) => this.#answer(owner, answer));
    worker.on("error", (error) => this.#fail(`a scan worker failed: ${error.message}`));
    worker.on("exit", (code) => {
      if (!this.#closing) this.#fail(`a scan worker exited (code ${code}) before the scan ended`);
    });
    this.#workers.unshift(owner);
    this.#threads.push(worker);
  }
  /** Whether more workers may still be started on demand. */
  get #growing() {
    return this.#growth !== void 0 && this.#threads.length < this.#size;
  }
  /** Reads and scans the file at `abs` on a worker. */
  scanFile(abs, shown) {
    return this.#send({ id: this.#nextId++, abs, shown });
  }
  /** Scans bytes read already (copied to the worker). */
  scanBytes(bytes, shown, label) {
    return this.#send({ id: this.#nextId++, bytes, shown, label });
  }
  #send(job) {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve2, reject) => {
      this.#waiting.set(job.id, { resolve: resolve2, reject, owner: void 0 });
      this.#pending.push(job);
      if (!this.#pumping) {
        this.#pumping = true;
        queueMicrotask(() => {
          this.#pumping = false;
          this.#pump();
        });
      }
    });
  }
  /** Hands pending jobs to workers with room, spread evenly over them. */
  #pump() {
    for (; ; ) {
      if (this.#pending.length === 0 || this.#failure) return;
      const owner = this.#workers.reduce((a, b) => b.batches < a.batches ? b : a);
      if (owner.batches >= BATCHES_PER_WORKER) return;
      const share = Math.ceil(this.#pending.length / this.#workers.length);
      const jobs = [];
      let bytes = 0;
      const most = Math.min(this.#growing ? PROBE_JOBS : BATCH_JOBS, share);
      while (this.#pending.length > 0 && jobs.length < most && bytes < BATCH_BYTES) {
        const job = this.#pending.shift();
        if ("bytes" in job) bytes += job.bytes.byteLength;
        this.#waiting.get(job.id).owner = owner;
        jobs.push(job);
      }
      owner.batches++;
      owner.post({ jobs });
    }
  }
  /** Stops every worker. */
  async close() {
    this.#closing = true;
    await Promise.all(this.#threads.map((w) => w.terminate()));
  }
  #answer(owner, batch) {
    owner.batches--;
    for (const answer of batch.answers) {
      this.#answeredJobs++;
      if ("result" in answer && "bytes" in answer.result) this.#answeredBytes += answer.result.bytes;
      const waiting = this.#waiting.get(answer.id);
      if (waiting === void 0) continue;
      this.#waiting.delete(answer.id);
      if ("error" in answer) waiting.reject(new CliError("input", `a scan worker failed: ${answer.error}`));
      else waiting.resolve(answer.result);
    }
    if (this.#growing && this.#failure === void 0 && !this.#closing) {
      const wanted = workersWanted(this.#size, this.#growth, this.#answeredJobs, this.#answeredBytes);
      while (this.#threads.length < wanted) this.#startWorker();
    }
    this.#pump();
  }
  /**
   * Fails every job not yet answered, and every later one: which worker held a job no longer
   * matters once the scan has failed. A CliError: the scan ends with one line and exit 2, never
   * exit 1, which says findings.
   */
  #fail(message) {
    this.#failure ??= new CliError("input", message);
    this.#pending.length = 0;
    for (const [id, waiting] of this.#waiting) {
      this.#waiting.delete(id);
      waiting.reject(this.#failure);
    }
  }
};

// src/cli/scan-progress.ts
function scanProgress(options) {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 250;
  let last = now();
  let drawn = false;
  return {
    update(done, total) {
      if (!options.enabled || now() - last < interval) return;
      last = now();
      drawn = true;
      options.write(`\r\x1B[2Kairlock scan: ${done}/${total} files`);
    },
    end() {
      if (drawn) options.write("\r\x1B[2K");
      drawn = false;
    }
  };
}

// src/cli/scan-command.ts
var SCAN = {
  name: "scan",
  help: {
    usage: [
      "airlock scan <path|->... [--format text|json|sarif] [--json] [--baseline <file>] [--respect-gitignore]",
      "    [--allow-path <glob>]... [--no-inline-allow] [--threads N] [-v]",
      "airlock scan [<repo>] --git-history | --diff <base>..<head> [options]"
    ],
    about: `Scans files, directories (recursively, .git skipped), stdin (-) or git history for secrets.
Secrets are never printed, only a redacted preview.

A path named on the command line is read whatever it is: a symbolic link is followed to what it
points at, and /dev/stdin, a FIFO or another non-regular file is read to its end. Symbolic links
met inside a directory are not followed: stderr says how many were skipped (-v names each) and
the JSON report lists them (reason "symlink"). A named path that cannot be read is an error.

--baseline takes a report this command wrote (SARIF or JSON): findings whose fingerprint
(rule, file and the matched value, not the line) it lists are left out, and only those.
--respect-gitignore skips what git ignores (git ls-files --exclude-standard in the path's
repository; tracked files are never ignored); outside a git repository it is an error.`,
    options: [
      ["-f, --format F", "text (default), json (schema: src/scan/scan-report-schema.ts) or sarif (2.1.0, with partialFingerprints)"],
      ["--json", "short for --format json"],
      ["--baseline <file>", "leave out the findings listed in an earlier --format sarif|json report"],
      ["--respect-gitignore", "skip files git ignores"],
      ["--git-history", "scan the lines added by every commit of the repository at <repo> (default .)"],
      ["--diff A..B", "scan the lines added between two commits of the repository at <repo>"],
      ["--allow-path <glob>", "skip files matching the glob (repeatable), e.g. --allow-path '**/testdata/**'"],
      ["--no-inline-allow", "ignore airlock:allow comments (for changes by untrusted authors)"],
      ["--threads N", "read and scan files on N threads: this one and N - 1 workers (default: one per CPU; 1: the main thread only)"],
      ["-v, --verbose", "name each skipped symbolic link and unreadable file on stderr"]
    ],
    exit: { 0: "no findings (or only baselined ones)", 1: "findings", 2: "usage error, a named path, baseline or repository that cannot be read, or a scan worker that failed" }
  },
  options: {
    "git-history": { type: "boolean" },
    diff: { type: "string" },
    "allow-path": { type: "string", multiple: true },
    "no-inline-allow": { type: "boolean" },
    baseline: { type: "string" },
    "respect-gitignore": { type: "boolean" },
    verbose: { type: "boolean", short: "v" },
    threads: { type: "string" },
    ...FORMAT_OPTIONS
  },
  positionals: true
};
var REVISION = /^[A-Za-z0-9._/@^~{}-]{1,200}$/;
function scanArgs(values, positionals) {
  const format = reportFormat(values, ["json", "sarif"]);
  let diff;
  if (values.diff !== void 0) {
    const d = values.diff;
    const m = /^(.+?)\.\.(.+)$/.exec(d);
    if (!m || m[1].includes("..") || !REVISION.test(m[1]) || !REVISION.test(m[2]) || m[1].startsWith("-") || m[2].startsWith("-")) throw new CliError("usage", `bad --diff value "${d}"; expected two revisions like --diff main..HEAD`);
    diff = { base: m[1], head: m[2] };
  }
  const gitHistory = values["git-history"] === true;
  if (gitHistory && diff) throw new CliError("usage", "use either --git-history or --diff, not both");
  const git = gitHistory || diff !== void 0;
  const paths = positionals.length === 0 && git ? ["."] : positionals;
  if (paths.length === 0) throw new CliError("usage", "no path given; name the files or directories to scan, e.g. airlock scan . (or - for stdin)");
  if (git && paths.length > 1) throw new CliError("usage", "git scans take one repository path");
  if (git && paths[0] === "-") throw new CliError("usage", "git scans read a repository, not stdin; name the repository directory");
  if (git && values["respect-gitignore"]) throw new CliError("usage", "--respect-gitignore applies to file scans; git scans read commits, where nothing is ignored");
  if (paths.filter((p) => p === "-").length > 1) throw new CliError("usage", "stdin (-) can be read once; name it once");
  return {
    paths,
    allowPaths: values["allow-path"] ?? [],
    inlineAllow: !values["no-inline-allow"],
    format,
    gitHistory,
    diff,
    baseline: values.baseline,
    respectGitignore: values["respect-gitignore"] === true,
    verbose: values.verbose === true,
    threads: numberOption("--threads", values.threads, availableParallelism(), { integer: true, min: 1 })
  };
}
async function readCapped(stream, cap) {
  const chunks = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > cap) {
      stream.destroy?.();
      return "too-large";
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
var notScanned = (file, reason) => ({ files: 0, bytes: 0, skipped: [{ file, reason }], found: [] });
var errorCode = (error) => error.code ?? error.message;
async function cannotRead(named, abs, error, cwd) {
  const code = errorCode(error);
  let why;
  if (code === "ENOENT") {
    const link = await readlink(abs).catch(() => void 0);
    why = link === void 0 ? `no such file or directory; check the path (relative to ${cwd})` : `it is a symbolic link to ${link}, which does not exist`;
  } else if (code === "EACCES" || code === "EPERM") why = "permission denied";
  else if (code === "ENOTDIR") why = "a part of the path is not a directory";
  else why = code;
  return new CliError("input", `cannot read "${named}": ${why}`);
}
async function scanTarget(t, scanner, cwd) {
  if (t.kind === "stream") {
    let bytes;
    try {
      bytes = await readCapped(t.open(), MAX_FILE_BYTES);
    } catch (error) {
      throw new CliError("input", `cannot read "${t.label}": ${errorCode(error)}`);
    }
    return bytes === "too-large" ? notScanned(t.label, "too-large") : scanner.bytes(bytes, t.shown, t.label);
  }
  const r = await scanner.file(t.abs, t.shown);
  if (!("readError" in r)) return r;
  if (t.named) throw await cannotRead(t.shown, t.abs, { code: r.readError }, cwd);
  return notScanned(t.shown, "unreadable");
}
async function scanTargets(targets, allowList, out, io, threads) {
  const workers = Math.min(threads, targets.length);
  const script = workers > 1 ? io.scanWorker : void 0;
  const scratch = { buffer: Buffer.alloc(0) };
  const pool = script !== void 0 ? new ScanPool(script, workers - 1, allowList, (jobs) => scanBatch(jobs, out.allowList, scratch), { jobs: targets.length }) : void 0;
  const scanner = pool ? { file: (abs, shown) => pool.scanFile(abs, shown), bytes: (bytes, shown, label) => pool.scanBytes(bytes, shown, label) } : { file: (abs, shown) => scanFileAt(abs, shown, out.allowList, scratch), bytes: (bytes, shown, label) => scanFileBytes(bytes, shown, label, out.allowList) };
  const progress = scanProgress({ enabled: io.stderrIsTTY === true, write: io.stderr });
  const take = (r, i) => {
    out.files += r.files;
    out.bytes += r.bytes;
    out.skipped.push(...r.skipped);
    out.found.push(...r.found);
    progress.update(i + 1, targets.length);
  };
  try {
    if (pool) await mapInOrder(targets, 256 * workers, (t) => scanTarget(t, scanner, io.cwd), take);
    else for (let i = 0; i < targets.length; i++) take(await scanTarget(targets[i], scanner, io.cwd), i);
  } finally {
    progress.end();
    await pool?.close();
  }
}
function walk(abs, shown, keep, targets, skipped) {
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  } catch {
    skipped.push({ file: shown, reason: "unreadable" });
    return;
  }
  for (const e of entries) {
    if (e.name === ".git") continue;
    const childAbs = join(abs, e.name);
    const childShown = shown === "." ? e.name : join(shown, e.name);
    if (keep && !keep(childAbs, e.isDirectory())) continue;
    if (e.isSymbolicLink()) skipped.push({ file: childShown, reason: "symlink" });
    else if (e.isDirectory()) walk(childAbs, childShown, keep, targets, skipped);
    else if (e.isFile()) targets.push({ kind: "file", abs: childAbs, shown: childShown, named: false });
  }
}
async function addNamed(p, args, io, targets, skipped) {
  if (p === "-") {
    const stdin = io.stdin;
    if (!stdin) throw new CliError("input", 'cannot read "-": no stdin here');
    targets.push({ kind: "stream", shown: void 0, label: "-", open: () => stdin });
    return;
  }
  const abs = resolve(io.cwd, p);
  const rel = relative2(io.cwd, abs);
  const shown = rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? abs : rel;
  let st;
  try {
    st = await stat(abs);
  } catch (error) {
    throw await cannotRead(p, abs, error, io.cwd);
  }
  if (st.isDirectory()) {
    const keep = args.respectGitignore ? await gitUnignoredPaths(abs, p) : void 0;
    walk(abs, shown, keep, targets, skipped);
    return;
  }
  if (args.respectGitignore && st.isFile()) {
    const keep = await gitUnignoredPaths(dirname(abs), p);
    if (!keep(abs, false)) {
      io.stderr(`airlock scan: skipped "${p}": git ignores it (--respect-gitignore)
`);
      return;
    }
  }
  if (st.isFile()) targets.push({ kind: "file", abs, shown, named: true });
  else if (isOurStdin(st, io.stdin)) targets.push({ kind: "stream", shown, label: p, open: () => io.stdin });
  else targets.push({ kind: "stream", shown, label: p, open: () => createReadStream(abs) });
}
function isOurStdin(st, stdin) {
  const fd = stdin?.fd;
  if (typeof fd !== "number") return false;
  try {
    const ours = fstatSync(fd);
    return ours.dev === st.dev && ours.ino === st.ino;
  } catch {
    return false;
  }
}
async function scanGit(repo, args, out) {
  const common = ["--no-color", "--no-ext-diff", "--no-textconv", "--unified=0", "--no-renames"];
  const argv = args.diff ? ["diff", ...common, `${args.diff.base}..${args.diff.head}`, "--"] : ["log", "-p", "--all", ...common, `--format=${COMMIT_MARKER.replace("\0", "%x00")}%H`];
  const diff = (await hardenedGit(repo, argv)).toString("latin1");
  for (const added of parseAddedLines(diff)) {
    out.files++;
    out.bytes += added.lines.reduce((n, l) => n + l.text.length + 1, 0);
    const joined = added.lines.map((l) => l.text).join("\n");
    const textOf = new Map(added.lines.map((l) => [l.line, l.text]));
    for (const f of scanAddedLines(added, { allowList: out.allowList })) {
      const line = textOf.get(f.line) ?? "";
      out.found.push({ finding: { ...f, column: utf16Column(Buffer.from(line, "latin1"), f.column - 1) }, match: joined.slice(f.start, f.end) });
    }
  }
}
function render(format, findings, c, baselined) {
  if (format === "json") return JSON.stringify(buildScanReport(findings, c.files, c.bytes, c.skipped, baselined), null, 2) + "\n";
  if (format === "sarif") return JSON.stringify(toSarif(findings, defaultRules, AIRLOCK_VERSION), null, 2) + "\n";
  const lines = findings.map((f) => `${f.file ?? "-"}:${f.line}:${f.column}: ${f.rule_id}: ${f.redacted_preview}${f.commit ? ` (commit ${f.commit.slice(0, 12)})` : ""}`);
  lines.push(`${findings.length} finding(s) in ${c.files} file(s)${c.skipped.length ? `, ${c.skipped.length} skipped` : ""}${baselined ? `, ${baselined} in the baseline` : ""}`);
  return lines.join("\n") + "\n";
}
function reportSkips(io, skipped, verbose) {
  const links = skipped.filter((s) => s.reason === "symlink");
  const unreadable = skipped.filter((s) => s.reason === "unreadable");
  if (verbose) {
    for (const s of links) io.stderr(`airlock scan: skipped ${s.file}: a symbolic link inside a directory is not followed; name it to scan what it points to
`);
    for (const s of unreadable) io.stderr(`airlock scan: skipped ${s.file}: cannot be read
`);
    return;
  }
  if (links.length) io.stderr(`airlock scan: skipped ${links.length} symbolic link(s) inside directories (not followed; name a link to scan what it points to; -v lists them)
`);
  if (unreadable.length) io.stderr(`airlock scan: skipped ${unreadable.length} unreadable file(s) or directories (-v lists them)
`);
}
async function scan(args, io) {
  const baseline = args.baseline === void 0 ? void 0 : await readBaseline(resolve(io.cwd, args.baseline), args.baseline);
  const allowList = { paths: args.allowPaths, inlineComments: args.inlineAllow };
  const out = {
    allowList: new AllowList(allowList),
    found: [],
    files: 0,
    bytes: 0,
    skipped: []
  };
  if (args.gitHistory || args.diff) {
    const p = args.paths[0];
    const abs = resolve(io.cwd, p);
    try {
      await stat(abs);
    } catch (error) {
      throw await cannotRead(p, abs, error, io.cwd);
    }
    try {
      await scanGit(abs, args, out);
    } catch (error) {
      throw new CliError("input", `git failed in "${p}": ${error.message.split("\n")[0]}; is it a git repository and do the revisions exist?`);
    }
  } else {
    const targets = [];
    for (const p of args.paths) await addNamed(p, args, io, targets, out.skipped);
    await scanTargets(targets, allowList, out, io, args.threads);
  }
  const needed = args.format !== "text" || baseline !== void 0;
  const findings = needed ? await Promise.all(out.found.map(async ({ finding, match }) => ({ ...finding, fingerprint: await findingFingerprint(finding.rule_id, finding.file, Buffer.from(match, "latin1")) }))) : out.found.map((f) => f.finding);
  const kept = baseline ? findings.filter((f) => !baseline.has(f.fingerprint)) : findings;
  reportSkips(io, out.skipped, args.verbose);
  io.stdout(render(args.format, kept, out, baseline ? findings.length - kept.length : void 0));
  return kept.length > 0 ? 1 : 0;
}
var scanCommand = (argv, io) => runCommand(SCAN, argv, io, ({ values, positionals }) => scan(scanArgs(values, positionals), io));

export {
  scanCommand
};
