import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  createAuditChainVerifier
} from "./chunk-6NOTVFOX.js";
import {
  readAuditLog
} from "./chunk-QITJAKBK.js";
import {
  databaseTarget
} from "./chunk-CAVPNZVC.js";
import {
  StoreError,
  openDatabase,
  pgliteDir
} from "./chunk-5XH3EV2N.js";
import {
  canonicalJson
} from "./chunk-EZT4DIDZ.js";
import {
  CliError,
  FORMAT_OPTIONS,
  reportFormat,
  runCommand,
  runCommandGroup
} from "./chunk-IW66ZKD5.js";

// src/cli/audit-command.ts
import { createReadStream, existsSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
var DATABASE_NOTE = "The database is DATABASE_URL (PostgreSQL) or the PGlite data in AIRLOCK_DATA_DIR (default .airlock-data).";
var VERIFY = {
  name: "audit verify",
  help: {
    usage: ["airlock audit verify [--file <export.jsonl>] [--anchor <seq>:<hash>] [--format text|json] [--json]"],
    about: `Checks the hash chain of the audit log: any edit, deletion, insertion or reordering breaks it,
and the first broken seq is named. --anchor checks that the log still holds a head printed by an
earlier verify and kept outside the database. ${DATABASE_NOTE}`,
    options: [
      ["--file <export.jsonl>", "verify an export (airlock audit export --jsonl) instead of the database"],
      ["--anchor <seq>:<hash>", "a head printed by an earlier verify, which the log must still hold"],
      ["-f, --format F", "text (default) or json"],
      ["--json", "short for --format json"]
    ],
    exit: { 0: "the chain is intact", 1: "the chain is broken (the first broken seq is named)", 2: "usage error, no database, or a file that cannot be read" }
  },
  options: { file: { type: "string" }, anchor: { type: "string" }, ...FORMAT_OPTIONS }
};
var EXPORT = {
  name: "audit export",
  help: {
    usage: ["airlock audit export --jsonl"],
    about: `Writes every audit record, in order, as canonical JSON Lines on stdout (what audit verify
--file checks). ${DATABASE_NOTE}`,
    options: [["--jsonl", "JSON Lines, the only format (required, so a later format cannot change what scripts get)"]],
    exit: { 0: "exported", 2: "usage error, or no database" }
  },
  options: { jsonl: { type: "boolean" } }
};
function parseAnchor(value) {
  if (value === void 0) return void 0;
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value);
  if (!match) throw new CliError("usage", "--anchor must be <seq>:<sha256 hex>, as printed by `airlock audit verify`");
  return { seq: Number(match[1]), hash: match[2] };
}
async function withInputErrors(run) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StoreError || error.code === "ENOENT") throw new CliError("input", error.message);
    throw error;
  }
}
async function openFromEnv(io) {
  const target = databaseTarget(io.env, io.cwd);
  if (!target.databaseUrl && !existsSync(pgliteDir(target.dataDir))) {
    throw new CliError("input", `no Airlock database in ${target.dataDir}; set AIRLOCK_DATA_DIR or DATABASE_URL`);
  }
  return openDatabase(target);
}
async function verifyFile(path, anchor) {
  const verifier = createAuditChainVerifier(anchor ? { anchor } : {});
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === "") continue;
    let record;
    try {
      record = JSON.parse(line);
    } catch {
      record = line;
    }
    if (!verifier.push(record)) break;
  }
  return verifier.result();
}
async function verifyDatabase(io, anchor) {
  const db = await openFromEnv(io);
  try {
    const verifier = createAuditChainVerifier(anchor ? { anchor } : {});
    const head = await readAuditLog(db, (record) => void verifier.push(record));
    return verifier.result(head);
  } finally {
    await db.close();
  }
}
var verifyCommand = (argv, io) => runCommand(VERIFY, argv, io, async ({ values }) => {
  const json = reportFormat(values, ["json"]) === "json";
  const anchor = parseAnchor(values.anchor);
  const result = await withInputErrors(() => values.file ? verifyFile(resolve(io.cwd, values.file), anchor) : verifyDatabase(io, anchor));
  if (json) io.stdout(`${JSON.stringify(result)}
`);
  else if (result.ok) io.stdout(`audit log intact: ${result.count} records; head ${result.head.seq}:${result.head.hash}
`);
  else io.stdout(`audit log BROKEN at seq ${result.seq} (${result.code}): ${result.message}
`);
  return result.ok ? 0 : 1;
});
var exportCommand = (argv, io) => runCommand(EXPORT, argv, io, async ({ values }) => {
  if (!values.jsonl) throw new CliError("usage", "export needs --jsonl (the only format)");
  await withInputErrors(async () => {
    const db = await openFromEnv(io);
    try {
      await readAuditLog(db, (record) => io.stdout(`${canonicalJson(record)}
`));
    } finally {
      await db.close();
    }
  });
  return 0;
});
var AUDIT = {
  name: "audit",
  about: "The hash-chained audit log:",
  subcommands: {
    verify: { summary: "check the chain (and an anchor kept outside the database)", run: verifyCommand },
    export: { summary: "write the log as canonical JSON Lines", run: exportCommand }
  },
  exit: { 0: "success", 1: "verify: the chain is broken", 2: "usage error, or no database" }
};
var auditCommand = (argv, io) => runCommandGroup(AUDIT, argv, io);

export {
  withInputErrors,
  openFromEnv,
  auditCommand
};
