import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  scanCommand
} from "./chunk-CXRU245Q.js";
import {
  StreamScanner
} from "./chunk-PW7PX2R3.js";
import "./chunk-DACKHC6T.js";
import "./chunk-VTMLRQRL.js";
import {
  numberOption,
  runCommand
} from "./chunk-IW66ZKD5.js";
import "./chunk-G2FI5GTP.js";
import {
  base62Crc32,
  defaultRules,
  scanBuffer,
  scanText
} from "./chunk-AISXWLAK.js";
import "./chunk-FYVUDRBW.js";
import "./chunk-XTMBT247.js";
import "./chunk-WLT2JI5U.js";

// src/bench/scan-bench.ts
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

// src/scan/adversarial-inputs.ts
function adversarialInputs(scale = 1) {
  const n = (count) => Math.max(1, Math.round(count * scale));
  const runLength = n(4096);
  const keywords = [...new Set(defaultRules.flatMap((r) => r.keywords))];
  const fillers = [
    "a",
    "A",
    "0",
    "aA0_-",
    "ab",
    " ",
    "=",
    ".",
    "a:",
    "@",
    "/",
    "+",
    '"',
    "'",
    "aA0+/",
    "\\n",
    "-"
  ];
  const inputs = [];
  for (const filler of fillers) {
    const run = filler.repeat(Math.ceil(runLength / filler.length));
    inputs.push({
      name: `keywords + runs of ${JSON.stringify(filler)}`,
      text: keywords.map((k) => k + run + k.toUpperCase() + run).join("")
    });
  }
  inputs.push({ name: "repeated keywords", text: keywords.join("").repeat(n(200)) });
  inputs.push({
    name: "repeated PEM headers",
    text: "-----BEGIN RSA PRIVATE KEY-----\n".repeat(n(3e4))
  });
  inputs.push({
    name: "unterminated PEM body",
    text: `-----BEGIN PRIVATE KEY-----
${"QUJDRA==".repeat(n(12e4))}`
  });
  inputs.push({ name: "long base64 run", text: "QWxhZGRpbjpvcGVuIHNlc2FtZQ".repeat(n(4e4)) });
  inputs.push({ name: "long hex run", text: "70617373776f72643d".repeat(n(6e4)) });
  inputs.push({ name: "percent escapes", text: "%41%42".repeat(n(16e4)) });
  inputs.push({ name: "assignments without values", text: 'password = "'.repeat(n(8e4)) });
  inputs.push({ name: "URL userinfo without host", text: `https://${"a:".repeat(n(4e5))}` });
  inputs.push({ name: "JWT-like dots", text: `eyJhbGci${".eyJhbGci".repeat(n(1e5))}` });
  inputs.push({ name: "gzip magic", text: "\x8B\b".repeat(n(1e5)) });
  inputs.push({
    name: "plausible gzip headers",
    text: "\x8B\b\0\0\0\0\0\0".repeat(n(3e4))
  });
  inputs.push({
    name: "base64 gzip headers",
    text: "H4sIAAAAAAAAA0tMTEpOSU1LS89IBAA ".repeat(n(3e4))
  });
  return inputs;
}

// src/scan/labelled-corpus.ts
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
var ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
var HEX = "0123456789abcdef";
var UPPER_NUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
var B64 = ALNUM + "+/";
var URLSAFE = ALNUM + "_-";
var WORDS = [
  "user",
  "order",
  "invoice",
  "cart",
  "item",
  "config",
  "session",
  "report",
  "event",
  "queue",
  "cache",
  "client",
  "handler",
  "parser",
  "result",
  "value",
  "count",
  "index",
  "buffer",
  "stream",
  "record",
  "entry",
  "payload",
  "message",
  "request",
  "response",
  "options",
  "metrics",
  "schema",
  "status"
];
var Gen = class {
  constructor(rnd) {
    this.rnd = rnd;
  }
  rnd;
  int(n) {
    return Math.floor(this.rnd() * n);
  }
  pick(xs) {
    return xs[this.int(xs.length)];
  }
  str(chars, n) {
    let s = "";
    for (let i = 0; i < n; i++) s += chars[this.int(chars.length)];
    return s;
  }
  word() {
    return this.pick(WORDS);
  }
  ident() {
    const a = this.word();
    const b = this.word();
    return a + b[0].toUpperCase() + b.slice(1);
  }
};
var crcToken = (prefix) => (g) => {
  const body = g.str(ALNUM, 30);
  return prefix + body + base62Crc32(body);
};
var SECRETS = [
  (g) => ({ name: "GITHUB_TOKEN", value: crcToken("ghp_")(g), type: "github-pat" }),
  (g) => ({ name: "GH_APP_TOKEN", value: crcToken("ghs_")(g), type: "github-installation-token" }),
  (g) => ({
    name: "GITHUB_PAT",
    value: `github_pat_${g.str(ALNUM, 22)}_${g.str(ALNUM, 59)}`,
    type: "github-fine-grained-pat"
  }),
  (g) => ({ name: "NPM_TOKEN", value: crcToken("npm_")(g), type: "npm-access-token" }),
  (g) => ({
    name: "AWS_ACCESS_KEY_ID",
    value: `AKIA${g.str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`,
    type: "aws-access-key-id"
  }),
  (g) => ({ name: "aws_secret_access_key", value: g.str(B64, 40), type: "aws-secret-access-key" }),
  (g) => ({
    name: "SLACK_BOT_TOKEN",
    value: `xoxb-${g.str("0123456789", 12)}-${g.str("0123456789", 12)}-${g.str(ALNUM, 24)}`,
    type: "slack-bot-token"
  }),
  (g) => ({
    name: "SLACK_WEBHOOK",
    value: `https://hooks.slack.com/services/T${g.str(UPPER_NUM, 10)}/B${g.str(UPPER_NUM, 10)}/${g.str(ALNUM, 24)}`,
    type: "slack-webhook-url"
  }),
  (g) => ({
    name: "STRIPE_SECRET_KEY",
    value: `sk_live_${g.str(ALNUM, 32)}`,
    type: "stripe-live-secret-key"
  }),
  (g) => ({ name: "GOOGLE_API_KEY", value: `AIza${g.str(URLSAFE, 35)}`, type: "google-api-key" }),
  (g) => ({
    name: "OPENAI_API_KEY",
    value: `sk-proj-${g.str(URLSAFE, 40)}T3BlbkFJ${g.str(URLSAFE, 40)}`,
    type: "openai-project-key"
  }),
  (g) => ({
    name: "ANTHROPIC_API_KEY",
    value: `sk-ant-api03-${g.str(URLSAFE, 93)}AA`,
    type: "anthropic-api-key"
  }),
  (g) => ({
    name: "HF_TOKEN",
    value: `hf_${g.str("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 34)}`,
    type: "huggingface-token"
  }),
  (g) => ({ name: "GITLAB_TOKEN", value: `glpat-${g.str(URLSAFE, 20)}`, type: "gitlab-pat" }),
  (g) => ({
    name: "SENDGRID_API_KEY",
    value: `SG.${g.str(URLSAFE, 22)}.${g.str(URLSAFE, 43)}`,
    type: "sendgrid-api-key"
  }),
  (g) => ({
    name: "SHOPIFY_TOKEN",
    value: `shpat_${g.str(HEX, 32)}`,
    type: "shopify-access-token"
  }),
  (g) => ({ name: "DO_TOKEN", value: `dop_v1_${g.str(HEX, 64)}`, type: "digitalocean-pat" }),
  (g) => ({ name: "TWILIO_AUTH_TOKEN", value: g.str(HEX, 32), type: "twilio-auth-token" }),
  (g) => ({
    name: "DATABASE_URL",
    value: `postgres://app:${g.str(ALNUM, 16)}@db.internal:5432/app`,
    type: "postgres-connection-string"
  }),
  (g) => ({
    name: "MONGO_URL",
    value: `mongodb+srv://svc:${g.str(ALNUM, 14)}@cluster0.mongodb.net/prod`,
    type: "mongodb-connection-string"
  }),
  (g) => ({
    name: "REDIS_URL",
    value: `redis://default:${g.str(ALNUM, 20)}@cache:6379`,
    type: "redis-connection-string"
  }),
  (g) => ({
    name: "db_password",
    value: `${g.str(ALNUM, 10)}!${g.str("0123456789", 2)}`,
    type: "generic-password"
  }),
  (g) => ({ name: "api_key", value: g.str(ALNUM, 28), type: "generic-api-key" }),
  (g) => ({
    name: "AZURE_STORAGE",
    value: `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${g.str(B64, 86)}==`,
    type: "azure-storage-account-key"
  }),
  (g) => {
    const b64url = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const jwt = `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url({ sub: g.ident(), iat: 17e8 + g.int(1e7) })}.${g.str(URLSAFE, 43)}`;
    return { name: "SESSION_JWT", value: jwt, type: "jwt" };
  }
];
var LOOK_ALIKES = [
  (g) => ({
    line: (v) => `    "integrity": "${v}",`,
    value: `sha512-${Buffer.from(g.str(ALNUM, 64)).toString("base64")}`,
    type: "integrity"
  }),
  (g) => ({
    line: (v) => `  resolved "https://registry.yarnpkg.com/pkg/-/pkg-1.2.3.tgz#${v}"`,
    value: g.str(HEX, 40),
    type: "sha1"
  }),
  (g) => ({ line: (v) => `commit ${v}`, value: g.str(HEX, 40), type: "git-sha" }),
  (g) => ({ line: (v) => `const checksum = "${v}";`, value: g.str(HEX, 64), type: "sha256" }),
  (g) => ({ line: (v) => `token_sha256 = "${v}"`, value: g.str(HEX, 64), type: "sha256" }),
  (g) => ({
    line: (v) => `requestId: "${v}",`,
    value: `${g.str(HEX, 8)}-${g.str(HEX, 4)}-4${g.str(HEX, 3)}-a${g.str(HEX, 3)}-${g.str(HEX, 12)}`,
    type: "uuid"
  }),
  (g) => ({
    line: (v) => `access_key: "${v}"`,
    value: `${g.str(HEX, 8)}-${g.str(HEX, 4)}-4${g.str(HEX, 3)}-a${g.str(HEX, 3)}-${g.str(HEX, 12)}`,
    type: "uuid"
  }),
  () => ({
    line: (v) => `AWS_ACCESS_KEY_ID=${v}`,
    value: "AKIAIOSFODNN7EXAMPLE",
    type: "example-key"
  }),
  () => ({
    line: (v) => `aws_secret_access_key = ${v}`,
    value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    type: "example-key"
  }),
  () => ({ line: (v) => `password = "${v}"`, value: "<your-password>", type: "placeholder" }),
  () => ({ line: (v) => `api_key: ${v}`, value: "${API_KEY}", type: "placeholder" }),
  () => ({ line: (v) => `token = "${v}"`, value: "xxxxxxxxxxxxxxxxxxxx", type: "placeholder" }),
  () => ({ line: (v) => `secret: ${v}`, value: "changeme", type: "placeholder" }),
  () => ({
    line: (v) => `GITHUB_TOKEN=${v}`,
    value: "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    type: "placeholder"
  }),
  (g) => ({
    line: (v) => `GITHUB_TOKEN=${v}`,
    value: `ghp_${g.str(ALNUM, 36)}`,
    type: "bad-checksum"
  }),
  () => ({
    line: (v) => `DATABASE_URL=${v}`,
    value: "postgres://postgres:postgres@localhost:5432/dev",
    type: "placeholder"
  }),
  () => ({
    line: (v) => `client_secret = "${v}"`,
    value: "YOUR_CLIENT_SECRET",
    type: "placeholder"
  }),
  (g) => ({
    line: (v) => `const password = ${v};`,
    value: `process.env.${g.word().toUpperCase()}_PASSWORD`,
    type: "env-reference"
  }),
  (g) => ({ line: (v) => `  tokenizer: ${v},`, value: g.ident(), type: "identifier" }),
  () => ({ line: (v) => ` * const apiToken = "${v}";`, value: "abc123xyz456", type: "doc-value" }),
  (g) => ({ line: (v) => `  "token": "${v}",`, value: `${g.word()}token123`, type: "doc-value" }),
  (g) => ({
    line: (v) => `type ${g.ident()}Token = ${v};`,
    value: `${g.ident()}Token$1`,
    type: "expression"
  }),
  (g) => ({ line: (v) => `  PWD: '${v}',`, value: `/Users/${g.word()}`, type: "path" }),
  () => ({ line: (v) => `// https://user:${v}@registry.npmjs.org/`, value: "***", type: "mask" }),
  () => ({
    line: (v) => `Authorization: Bearer ${v}`,
    value: "${ACCESS_TOKEN}",
    type: "placeholder"
  })
];
var FILLER = [
  (g) => `const ${g.ident()} = await ${g.word()}Service.get${g.word()}(${g.word()}Id, { limit: ${g.int(500)} });`,
  (g) => `  if (${g.ident()}.length > ${g.int(100)}) { throw new Error('${g.word()} ${g.word()} too large'); }`,
  (g) => `export function ${g.ident()}(${g.word()}: string, ${g.word()}: number): boolean {`,
  (g) => `    return ${g.word()}.map((x) => x.${g.word()} * ${g.int(10)}).filter(Boolean);`,
  (g) => `def ${g.word()}_${g.word()}(self, ${g.word()}, ${g.word()}=None):`,
  (g) => `        self.${g.word()} = ${g.word()}.get("${g.word()}", ${g.int(60)})`,
  (g) => `func (s *${g.word()}Store) Get${g.word()}(ctx context.Context, id int64) (*${g.word()}, error) {`,
  (g) => `	if err != nil { return nil, fmt.Errorf("${g.word()}: %w", err) }`,
  (g) => `${g.word()}_${g.word()}: ${g.int(1e3)}`,
  (g) => `  - name: ${g.word()}-${g.word()}
    image: ghcr.io/acme/${g.word()}:${g.int(9)}.${g.int(20)}.${g.int(9)}`,
  (g) => `// ${g.word()} the ${g.word()} before the ${g.word()} is flushed to the ${g.word()} (see #${g.int(9e3)})`,
  (g) => `    "${g.word()}": { "version": "${g.int(9)}.${g.int(30)}.${g.int(20)}", "dev": ${g.rnd() < 0.5} },`,
  (g) => `SELECT ${g.word()}_id, ${g.word()} FROM ${g.word()}s WHERE ${g.word()} > $1 ORDER BY ${g.word()} LIMIT ${g.int(100)};`,
  (g) => `<div class="${g.word()}-${g.word()}">{{ ${g.word()}.${g.word()} }}</div>`,
  () => "",
  () => "}"
];
var EXT = ["ts", "py", "go", "yaml", "json", "env", "js"];
function plant(ext, name, value) {
  const forms = {
    ts: [`const ${name} = "`, '";'],
    js: [`  ${name}: '`, "',"],
    py: [`${name} = '`, "'"],
    go: [`	${name} := "`, '"'],
    yaml: [`${name}: `, ""],
    json: [`  "${name}": "`, '",'],
    env: [`${name}=`, ""]
  };
  const [pre, post] = forms[ext];
  return { line: pre + value + post, at: pre.length };
}
function generateLabelledCorpus(options) {
  const g = new Gen(seededRandom(options.seed));
  const fileChars = options.fileChars ?? 64 * 1024;
  const files = [];
  let total = 0;
  while (total < options.targetChars) {
    const ext = g.pick(EXT);
    const lines = [];
    const secrets = [];
    const lookAlikes = [];
    let len = 0;
    while (len < fileChars) {
      let line;
      const r = g.rnd();
      if (r < 1 / (options.secretEvery ?? 200)) {
        const s = g.pick(SECRETS)(g);
        const p = plant(ext, s.name, s.value);
        line = p.line;
        secrets.push({ start: len + p.at, end: len + p.at + s.value.length, type: s.type });
      } else if (r < 1 / (options.secretEvery ?? 200) + 1 / (options.lookAlikeEvery ?? 100)) {
        const l = g.pick(LOOK_ALIKES)(g);
        line = l.line(l.value);
        const at = line.indexOf(l.value);
        lookAlikes.push({ start: len + at, end: len + at + l.value.length, type: l.type });
      } else line = g.pick(FILLER)(g);
      lines.push(line);
      len += line.length + 1;
    }
    const text = lines.join("\n") + "\n";
    files.push({
      path: `corpus/${files.length}/${g.word()}_${g.word()}.${ext}`,
      text,
      secrets,
      lookAlikes
    });
    total += text.length;
  }
  return files;
}

// src/bench/scan-bench.ts
var SOURCE_EXT = /\.(?:js|mjs|cjs|ts|json|md|yml|yaml|txt|pem|key|crt|env)$/;
var SCAN_BENCH = {
  name: "bench scan",
  help: {
    usage: ["airlock bench scan [--mb N] [--secretlint-mb N] [--node-modules-mb N]"],
    about: "Scanner throughput and accuracy on a labelled synthetic corpus and node_modules, beside secretlint on a slice of it. One JSON document on stdout.",
    options: [
      ["--mb N", "MB of synthetic corpus (default 200)"],
      ["--secretlint-mb N", "MB given to secretlint (default min(mb, 20))"],
      ["--node-modules-mb N", "MB read from node_modules (default min(mb / 4, 50))"]
    ],
    exit: { 0: "measured", 2: "usage error" }
  },
  options: { mb: { type: "string" }, "secretlint-mb": { type: "string" }, "node-modules-mb": { type: "string" } }
};
async function nodeModulesFiles(root, capBytes) {
  const out = [];
  let total = 0;
  const walk = async (dir) => {
    if (total >= capBytes) return;
    let entries;
    try {
      entries = (await readdir(dir)).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      if (total >= capBytes) return;
      if (e.startsWith(".")) continue;
      const p = join(dir, e);
      const st = await stat(p).catch(() => void 0);
      if (!st) continue;
      if (st.isDirectory()) await walk(p);
      else if (st.isFile() && SOURCE_EXT.test(e) && st.size < 2e6) {
        const bytes = await readFile(p);
        out.push({ path: p, bytes, secrets: [], lookAlikes: [], fromNodeModules: true });
        total += bytes.length;
      }
    }
  };
  await walk(root);
  return out;
}
var overlaps = (f, l) => f.start < l.end && l.start < f.end;
async function runSecretlint(files) {
  const core = "@secretlint/core";
  const preset = "@secretlint/secretlint-rule-preset-recommend";
  const { lintSource } = await import(core);
  const { creator } = await import(preset);
  const config = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: creator }] };
  const messages = /* @__PURE__ */ new Map();
  const t = performance.now();
  const c = process.cpuUsage();
  for (const f of files) {
    const r = await lintSource({
      source: {
        filePath: `/${f.path}`,
        content: f.bytes.toString("utf8"),
        ext: f.path.slice(f.path.lastIndexOf(".")),
        contentType: "text"
      },
      options: { config, maskSecrets: true }
    });
    messages.set(
      f,
      r.messages.map((m) => ({ start: m.range[0], end: m.range[1] }))
    );
  }
  const cu = process.cpuUsage(c);
  return {
    seconds: (performance.now() - t) / 1e3,
    cpuSeconds: (cu.user + cu.system) / 1e6,
    messages
  };
}
var round = (n, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
async function timed(run) {
  const t = performance.now();
  const c = process.cpuUsage();
  await run();
  const cu = process.cpuUsage(c);
  return { wall: (performance.now() - t) / 1e3, cpu: (cu.user + cu.system) / 1e6 };
}
async function streamVersusBatch(body) {
  const batch = [];
  const stream = [];
  for (let i = 0; i < 3; i++) {
    batch.push(await timed(() => scanBuffer(body, { maxChars: body.length })));
    stream.push(
      await timed(() => {
        const s = new StreamScanner();
        for (let at = 0; at < body.length; at += 65536) s.push(body.subarray(at, at + 65536));
        s.end();
      })
    );
  }
  const best = (runs) => runs.reduce((a, b) => b.cpu < a.cpu ? b : a);
  return { batch: best(batch), stream: best(stream) };
}
async function cliRun(io, dir, threads) {
  const quiet = { stdout: () => void 0, stderr: () => void 0, env: {}, cwd: dir, ...io.scanWorker ? { scanWorker: io.scanWorker } : {} };
  return timed(async () => {
    const code = await scanCommand([".", "--threads", String(threads)], quiet);
    if (code === 2) throw new Error(`airlock scan failed in ${dir}`);
  });
}
var CPU_REPORTER = `process.on('exit', () => { const c = process.cpuUsage(); process.stderr.write('\\nairlock-bench-cpu ' + (c.user + c.system) + '\\n'); });
const cli = process.argv.splice(2, 1)[0];
await import(cli);
`;
async function freshCliRun(reporter, cli, dir, threads) {
  const t = performance.now();
  const { code, stderr } = await new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [reporter, cli.href, "scan", ".", "--threads", String(threads)], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (d) => err += d);
    child.on("error", reject);
    child.on("close", (exit) => resolveRun({ code: exit, stderr: err }));
  });
  const wall = (performance.now() - t) / 1e3;
  const m = /airlock-bench-cpu (\d+)\n$/.exec(stderr);
  if (code !== 0 && code !== 1 || !m || /\n\s+at /.test(stderr)) throw new Error(`airlock scan in ${dir} failed (exit ${code}): ${stderr.slice(0, 300)}`);
  return { wall, cpu: Number(m[1]) / 1e6 };
}
var rates = (mb, t) => ({ mb_per_s: round(mb / t.wall, 1), mb_per_cpu_s: round(mb / t.cpu, 1), cores_used: round(t.cpu / t.wall, 2), seconds: round(t.wall, 3) });
var scanBench = (argv, io) => runCommand(SCAN_BENCH, argv, io, ({ values }) => measureScan(values, io));
async function measureScan(values, io) {
  const mb = numberOption("--mb", values.mb, 200, { integer: false, min: 0.1 });
  const secretlintMb = numberOption("--secretlint-mb", values["secretlint-mb"], Math.min(mb, 20), { integer: false, min: 0.1 });
  const nodeModulesMb = numberOption("--node-modules-mb", values["node-modules-mb"], Math.min(mb / 4, 50), { integer: false, min: 0.1 });
  const nm = await nodeModulesFiles(resolve(io.cwd, "node_modules"), nodeModulesMb * 1e6);
  const nmBytes = nm.reduce((n, f) => n + f.bytes.length, 0);
  const synthetic = generateLabelledCorpus({
    seed: 2026,
    targetChars: Math.max(0, mb * 1e6 - nmBytes)
  }).map((f) => ({
    path: f.path,
    bytes: Buffer.from(f.text, "latin1"),
    secrets: f.secrets,
    lookAlikes: f.lookAlikes,
    fromNodeModules: false
  }));
  const files = [...synthetic, ...nm];
  const totalBytes = files.reduce((n, f) => n + f.bytes.length, 0);
  const findings = /* @__PURE__ */ new Map();
  const runOurs = (decode) => {
    const t = performance.now();
    const c = process.cpuUsage();
    for (const f of files) findings.set(f, scanBuffer(f.bytes, { file: f.path, decode }).findings);
    const cu = process.cpuUsage(c);
    return { wall: (performance.now() - t) / 1e3, cpu: (cu.user + cu.system) / 1e6 };
  };
  const firstPass = runOurs(true);
  const oursNoDecode = runOurs(false);
  const oursRun = runOurs(true);
  const ours = oursRun.wall;
  let planted = 0;
  let found = 0;
  let lookAlikeFp = 0;
  let unlabelled = 0;
  const missed = {};
  const nmFindings = {};
  let fixtureKeys = 0;
  const fixtureByRule = {};
  for (const f of files) {
    const fs = findings.get(f);
    if (f.fromNodeModules) {
      for (const x of fs) {
        if (x.kind !== "generic") {
          fixtureKeys++;
          fixtureByRule[x.rule_id] = (fixtureByRule[x.rule_id] ?? 0) + 1;
        } else nmFindings[x.rule_id] = (nmFindings[x.rule_id] ?? 0) + 1;
      }
      continue;
    }
    for (const s of f.secrets) {
      planted++;
      if (fs.some((x) => overlaps(x, s))) found++;
      else missed[s.type] = (missed[s.type] ?? 0) + 1;
    }
    lookAlikeFp += f.lookAlikes.filter((l) => fs.some((x) => overlaps(x, l))).length;
    unlabelled += fs.filter(
      (x) => !f.secrets.some((s) => overlaps(x, s)) && !f.lookAlikes.some((l) => overlaps(x, l))
    ).length;
  }
  const step = Math.max(1, Math.round(totalBytes / (secretlintMb * 1e6)));
  const subset = files.filter((_f, i) => i % step === 0);
  const subsetBytes = subset.reduce((n, f) => n + f.bytes.length, 0);
  const sl1 = await runSecretlint(subset);
  const sl2 = await runSecretlint(subset);
  const sl = sl2.cpuSeconds < sl1.cpuSeconds ? sl2 : sl1;
  let slPlanted = 0;
  let slFound = 0;
  for (const f of subset) {
    for (const s of f.secrets) {
      slPlanted++;
      if (sl.messages.get(f).some((m) => m.start < s.end && s.start < m.end)) slFound++;
    }
  }
  const runSubset = () => {
    const t = performance.now();
    const c = process.cpuUsage();
    for (const f of subset) scanBuffer(f.bytes, { file: f.path });
    const cu = process.cpuUsage(c);
    return { wall: (performance.now() - t) / 1e3, cpu: (cu.user + cu.system) / 1e6 };
  };
  const sub1 = runSubset();
  const sub2 = runSubset();
  const oursSubset = Math.min(sub1.wall, sub2.wall);
  const oursSubsetCpu = Math.min(sub1.cpu, sub2.cpu);
  const adv = adversarialInputs();
  const advBytes = adv.reduce((n, a) => n + a.text.length, 0);
  const tAdv = performance.now();
  for (const a of adv) scanText(a.text);
  const advSeconds = (performance.now() - tAdv) / 1e3;
  const bodyParts = [];
  for (let n = 0, i = 0; i < synthetic.length && n < 32e6; n += synthetic[i].bytes.length, i++) bodyParts.push(synthetic[i].bytes);
  const body = Buffer.concat(bodyParts);
  const sv = await streamVersusBatch(body);
  const tree = await mkdtemp(join(tmpdir(), "airlock-scan-bench-"));
  const threads = availableParallelism();
  let cli;
  try {
    for (const [i, f] of files.entries()) {
      const p = join(tree, f.fromNodeModules ? "source" : "generated", f.fromNodeModules ? `${i}-${f.path.split("/").pop()}` : f.path);
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, f.bytes);
    }
    const generatedMb = (totalBytes - nmBytes) / 1e6;
    await cliRun(io, join(tree, "generated"), threads);
    const oneThread = await cliRun(io, join(tree, "generated"), 1);
    const allThreads = await cliRun(io, join(tree, "generated"), threads);
    const source = nmBytes > 0 ? await cliRun(io, join(tree, "source"), threads) : void 0;
    const cliJs = io.scanWorker ? new URL("./cli.js", io.scanWorker) : void 0;
    let fresh;
    if (cliJs) {
      await mkdir(join(tree, "empty"));
      const reporter = join(tree, "cpu-reporter.mjs");
      await writeFile(reporter, CPU_REPORTER);
      const start = await freshCliRun(reporter, cliJs, join(tree, "empty"), threads);
      const all = await freshCliRun(reporter, cliJs, join(tree, "generated"), threads);
      const one = await freshCliRun(reporter, cliJs, join(tree, "generated"), 1);
      const afterStart = (t) => ({ wall: t.wall - start.wall, cpu: t.cpu - start.cpu });
      fresh = {
        start_cpu_s: round(start.cpu, 3),
        all_threads: rates(generatedMb, all),
        all_threads_after_start: rates(generatedMb, afterStart(all)),
        one_thread: rates(generatedMb, one),
        one_thread_after_start: rates(generatedMb, afterStart(one))
      };
    }
    cli = {
      worker_threads_available: io.scanWorker !== void 0,
      threads,
      generated_text: { mb: round(generatedMb), one_thread: rates(generatedMb, oneThread), all_threads: rates(generatedMb, allThreads), fresh_process: fresh ?? null },
      source_tree: source ? { mb: round(nmBytes / 1e6), all_threads: rates(nmBytes / 1e6, source) } : null,
      note: "airlock scan in this process (walking, reading, reporting included); one_thread runs on this thread alone, already warm; all_threads runs on this warm thread and threads - 1 fresh workers (their start and warm-up counted). fresh_process: airlock scan as its own new process, nothing warm (every thread start and warm-up counted); after_start subtracts a run on an empty directory (Node and the bundle loading). cores_used is CPU seconds (all threads) per wall second"
    };
  } finally {
    await rm(tree, { recursive: true, force: true });
  }
  const cliMbps = cli.generated_text.all_threads.mb_per_s;
  const cliPerCore = cli.generated_text.all_threads.mb_per_cpu_s;
  const streamRatio = sv.stream.cpu / sv.batch.cpu;
  const oursMbps = totalBytes / 1e6 / ours;
  const slMbps = subsetBytes / 1e6 / sl.seconds;
  const recall = planted === 0 ? 1 : found / planted;
  const result = {
    benchmark: "scan",
    machine: {
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model ?? "unknown",
      loadavg_1m: round(loadavg()[0] ?? 0)
    },
    corpus: {
      total_mb: round(totalBytes / 1e6),
      synthetic_mb: round((totalBytes - nmBytes) / 1e6),
      node_modules_mb: round(nmBytes / 1e6),
      files: files.length,
      planted_secrets: planted,
      planted_look_alikes: synthetic.reduce((n, f) => n + f.lookAlikes.length, 0)
    },
    ours: {
      mb_per_s: round(oursMbps, 1),
      seconds: round(ours, 3),
      mb_per_cpu_s: round(totalBytes / 1e6 / oursRun.cpu, 1),
      mb_per_s_without_decoding: round(totalBytes / 1e6 / oursNoDecode.wall, 1),
      mb_per_cpu_s_without_decoding: round(totalBytes / 1e6 / oursNoDecode.cpu, 1),
      mb_per_s_on_secretlint_subset: round(subsetBytes / 1e6 / oursSubset, 1),
      first_pass_mb_per_cpu_s: round(totalBytes / 1e6 / firstPass.cpu, 1),
      first_pass_extra_cpu_s: round(firstPass.cpu - oursRun.cpu, 3),
      threads: 1
    },
    secretlint: {
      preset: "@secretlint/secretlint-rule-preset-recommend",
      mb_scanned: round(subsetBytes / 1e6),
      mb_per_s: round(slMbps, 1),
      mb_per_cpu_s: round(subsetBytes / 1e6 / sl.cpuSeconds, 1),
      extrapolated: subsetBytes < totalBytes,
      note: subsetBytes < totalBytes ? `ran on an evenly spread ${round(subsetBytes / 1e6)} MB subset of the corpus; rate is per MB of that subset` : "ran on the whole corpus",
      recall_on_subset: slPlanted === 0 ? null : round(slFound / slPlanted, 4)
    },
    streaming: {
      body_mb: round(body.length / 1e6),
      chunk_bytes: 65536,
      batch: rates(body.length / 1e6, sv.batch),
      stream: rates(body.length / 1e6, sv.stream),
      stream_cpu_vs_batch: round(streamRatio, 2)
    },
    cli,
    ratio_vs_secretlint: round(oursMbps / slMbps, 2),
    ratio_vs_secretlint_cli_wall: round(cliMbps / slMbps, 2),
    ratio_vs_secretlint_same_subset: round(subsetBytes / 1e6 / oursSubset / slMbps, 2),
    ratio_vs_secretlint_cpu_time_same_subset: round(sl.cpuSeconds / oursSubsetCpu, 2),
    timing_note: "ours.mb_per_s is wall-clock on one thread, cli the airlock scan command on every core; mb_per_cpu_s divides by this process CPU time, steadier on a shared machine (see machine.loadavg_1m)",
    recall: round(recall, 4),
    missed_by_type: missed,
    look_alike_false_positives: lookAlikeFp,
    unlabelled_findings_in_synthetic: unlabelled,
    node_modules: {
      test_fixture_keys: fixtureKeys,
      test_fixture_keys_by_rule: fixtureByRule,
      generic_findings_by_rule: nmFindings
    },
    adversarial: {
      mb: round(advBytes / 1e6),
      inputs: adv.length,
      seconds_per_mb: round(advSeconds / (advBytes / 1e6), 4)
    },
    // Judged on the steadiest measures: CPU time, and the same files for both scanners.
    meets_targets: {
      mb_per_s_150: oursMbps >= 150,
      mb_per_cpu_s_150: totalBytes / 1e6 / oursRun.cpu >= 150,
      ratio_4x: sl.cpuSeconds / oursSubsetCpu >= 4,
      stream_cpu_within_1_2x_batch: streamRatio <= 1.2,
      cli_mb_per_cpu_s_150: cliPerCore >= 150,
      cli_uses_every_core: cli.worker_threads_available && cli.generated_text.all_threads.cores_used >= 0.8 * threads,
      recall_99: recall >= 0.99,
      zero_look_alike_findings: lookAlikeFp === 0
    }
  };
  io.stdout(JSON.stringify(result) + "\n");
  return 0;
}
export {
  scanBench
};
