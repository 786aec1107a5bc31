import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  ENCRYPTION_KEY_FILE,
  REVOKE_TIMEOUT_MS,
  githubEndpoints,
  identitySuspensions,
  loadEncryptionKey,
  pgTokenLedger,
  require_pino,
  revokeIdentityTokens
} from "./chunk-33TRP3YU.js";
import "./chunk-6Q4CAUVC.js";
import {
  appendAudit
} from "./chunk-ZBJLR5X5.js";
import {
  databaseTarget
} from "./chunk-CAVPNZVC.js";
import {
  StoreError,
  openDatabase,
  pgliteDir
} from "./chunk-5XH3EV2N.js";
import "./chunk-7RV2RXUN.js";
import "./chunk-6RNUAQVR.js";
import "./chunk-EZT4DIDZ.js";
import "./chunk-HKOWZUST.js";
import "./chunk-5NANKWQZ.js";
import "./chunk-3KFUYEYQ.js";
import "./chunk-5BDBOWHC.js";
import "./chunk-2ZCGAJUC.js";
import "./chunk-VJTT6KNH.js";
import "./chunk-SPRYJVQL.js";
import {
  CliError,
  FORMAT_OPTIONS,
  reportFormat,
  runCommand,
  runCommandGroup
} from "./chunk-IW66ZKD5.js";
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

// src/cli/identity-command.ts
var import_pino = __toESM(require_pino(), 1);
import { existsSync } from "node:fs";
import { join } from "node:path";
import { userInfo } from "node:os";
import { randomBytes } from "node:crypto";

// app/containment/kill-switch.ts
async function suspendIdentity(deps, target, reason) {
  const data = { identity: target.identity, repository_id: target.repositoryId, via: "kill-switch", reason };
  const suspended = await deps.suspensions.suspend({ ...target, reason, at: deps.clock(), audit: { kind: "containment", actor: target.by, subject: target.repository, data: { action: "suspend", ...data } } });
  const revoke = await revokeIdentityTokens(deps.revoker, target, `kill switch: ${reason}`);
  await deps.audit({ kind: "containment", actor: target.by, subject: target.repository, data: { action: "kill-switch", ...data, newly_suspended: suspended, revoked: revoke.revoked, left_to_sweep: revoke.leftToSweep } });
  return { suspended, revoke };
}
async function resumeIdentity(deps, target) {
  const data = { action: "resume", identity: target.identity, repository_id: target.repositoryId, via: "cli" };
  const resumed = await deps.suspensions.resume({ ...target, at: deps.clock(), audit: { kind: "containment", actor: target.by, subject: target.repository, data: { ...data, resumed: true } } });
  if (!resumed) await deps.audit({ kind: "containment", actor: target.by, subject: target.repository, data: { ...data, resumed: false, reason: "not suspended" } });
  return resumed;
}

// app/containment/revoke-at-github.ts
function githubRevoker(apiUrl, fetchImpl = fetch) {
  return {
    async revokeToken(token) {
      const response = await fetchImpl(`${apiUrl}/installation/token`, {
        method: "DELETE",
        headers: { authorization: `token ${token}`, accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" },
        signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS)
      });
      await response.body?.cancel().catch(() => void 0);
      return response.status === 204 || response.status === 401;
    }
  };
}

// src/cli/identity-command.ts
var DATABASE_NOTE = `The database is DATABASE_URL (PostgreSQL) or the PGlite data in AIRLOCK_DATA_DIR (default
.airlock-data; PGlite is locked by a running App, so stop it first or use PostgreSQL).`;
var REPOSITORY_ID_OPTION = ["--repository-id <id>", "the repository's numeric id (GET /repos/{owner}/{repo} .id), when the broker never minted for it"];
var SUSPEND = {
  name: "identity suspend",
  help: {
    usage: ["airlock identity suspend <owner/repo> <identity> --reason <text> [--repository-id <id>] [--format text|json] [--json]"],
    about: `The kill switch: suspends an agent identity (a trust policy name) in one repository, so the
broker refuses it (identity_suspended), and revokes its live broker tokens at GitHub (GHE_HOST
selects GitHub Enterprise or the local world). Tokens it cannot revoke here (GitHub unreachable,
no AIRLOCK_ENCRYPTION_KEY or key file) are made due, and the App's sweep revokes them. Audited.
A person resumes the identity with airlock identity resume or /airlock resume <identity>.
${DATABASE_NOTE}`,
    options: [["--reason <text>", "why (required; kept in the suspension and the audit log)"], REPOSITORY_ID_OPTION, ["-f, --format F", "text (default) or json"], ["--json", "short for --format json"]],
    exit: { 0: "suspended (or suspended already); its live tokens revoked or made due", 2: "usage error, no database, or an unknown repository" }
  },
  options: { reason: { type: "string" }, "repository-id": { type: "string" }, ...FORMAT_OPTIONS },
  positionals: true
};
var RESUME = {
  name: "identity resume",
  help: {
    usage: ["airlock identity resume <owner/repo> <identity> [--repository-id <id>] [--format text|json] [--json]"],
    about: `Resumes a suspended agent identity in one repository: the broker grants it tokens again. Audited.
${DATABASE_NOTE}`,
    options: [REPOSITORY_ID_OPTION, ["-f, --format F", "text (default) or json"], ["--json", "short for --format json"]],
    exit: { 0: "resumed, or it was not suspended (said so)", 2: "usage error, no database, or an unknown repository" }
  },
  options: { "repository-id": { type: "string" }, ...FORMAT_OPTIONS },
  positionals: true
};
var REPOSITORY = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
var IDENTITY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
function parseTarget(positionals) {
  if (positionals.length !== 2) throw new CliError("usage", `expected <owner/repo> <identity>, got ${positionals.length} argument(s)`);
  const [repository, identity] = positionals;
  if (!REPOSITORY.test(repository)) throw new CliError("usage", `repository must be owner/name, e.g. acme/widgets (got ${JSON.stringify(repository)})`);
  if (!IDENTITY.test(identity)) throw new CliError("usage", `identity must be a trust policy name (lower-case letters, digits, - and _), e.g. agent (got ${JSON.stringify(identity)})`);
  return { repository, identity };
}
async function openFromEnv(io) {
  const target = databaseTarget(io.env, io.cwd);
  if (!target.databaseUrl && !existsSync(pgliteDir(target.dataDir))) {
    throw new CliError("input", `no Airlock database in ${target.dataDir}; set AIRLOCK_DATA_DIR or DATABASE_URL`);
  }
  try {
    return { db: await openDatabase(target), dataDir: target.dataDir };
  } catch (error) {
    if (error instanceof StoreError) throw new CliError("input", error.message);
    throw error;
  }
}
async function sealingKey(io, dataDir) {
  if (!io.env.AIRLOCK_ENCRYPTION_KEY && !existsSync(join(dataDir, ENCRYPTION_KEY_FILE))) return void 0;
  return (await loadEncryptionKey({ env: io.env, dataDir })).key;
}
async function resolveTarget(db, values, target) {
  let repositoryId;
  if (values["repository-id"] !== void 0) {
    if (!/^[1-9]\d{0,15}$/.test(values["repository-id"])) throw new CliError("usage", `--repository-id must be a repository's numeric id (got ${JSON.stringify(values["repository-id"])})`);
    repositoryId = Number(values["repository-id"]);
  } else {
    repositoryId = await identitySuspensions(db, { clock: Date.now }).repositoryIdOf(target.repository);
  }
  if (repositoryId === void 0) throw new CliError("input", `the broker never minted a token for ${target.repository}, so its repository id is unknown; pass --repository-id <id> (GET /repos/${target.repository} .id)`);
  return { ...target, repositoryId, by: `cli:${userInfo().username}` };
}
var suspendCommand = (argv, io) => runCommand(SUSPEND, argv, io, async ({ values, positionals }) => {
  const json = reportFormat(values, ["json"]) === "json";
  const named = parseTarget(positionals);
  const reason = values.reason?.trim();
  if (!reason) throw new CliError("usage", 'suspend needs --reason <text>, e.g. --reason "agent exfiltrating"');
  const { db, dataDir } = await openFromEnv(io);
  try {
    const target = await resolveTarget(db, values, named);
    const clock = Date.now;
    const key = await sealingKey(io, dataDir) ?? randomBytes(32);
    const report = await suspendIdentity(
      {
        suspensions: identitySuspensions(db, { clock }),
        revoker: { ledger: pgTokenLedger(db, { encryptionKey: key, clock }), github: githubRevoker(githubEndpoints(io.env).apiUrl), clock, log: (0, import_pino.pino)({ level: "silent" }) },
        audit: async (input) => void await appendAudit(db, input, { clock }),
        clock
      },
      target,
      reason
    );
    if (json) io.stdout(`${JSON.stringify({ repository: target.repository, repository_id: target.repositoryId, identity: target.identity, suspended: true, newly_suspended: report.suspended, revoked: report.revoke.revoked, left_to_sweep: report.revoke.leftToSweep })}
`);
    else
      io.stdout(
        `identity ${target.identity} ${report.suspended ? "suspended" : "was already suspended"} in ${target.repository}; ${report.revoke.revoked} live token(s) revoked${report.revoke.leftToSweep ? `, ${report.revoke.leftToSweep} made due for the App's sweep` : ""}
`
      );
    return 0;
  } finally {
    await db.close();
  }
});
var resumeCommand = (argv, io) => runCommand(RESUME, argv, io, async ({ values, positionals }) => {
  const json = reportFormat(values, ["json"]) === "json";
  const named = parseTarget(positionals);
  const { db } = await openFromEnv(io);
  try {
    const target = await resolveTarget(db, values, named);
    const clock = Date.now;
    const resumed = await resumeIdentity({ suspensions: identitySuspensions(db, { clock }), audit: async (input) => void await appendAudit(db, input, { clock }), clock }, target);
    if (json) io.stdout(`${JSON.stringify({ repository: target.repository, repository_id: target.repositoryId, identity: target.identity, resumed })}
`);
    else io.stdout(resumed ? `identity ${target.identity} resumed in ${target.repository}
` : `identity ${target.identity} is not suspended in ${target.repository}; nothing changed
`);
    return 0;
  } finally {
    await db.close();
  }
});
var IDENTITY_GROUP = {
  name: "identity",
  about: "Agent identities (trust policy names) in a repository:",
  subcommands: {
    suspend: { summary: "the kill switch: suspend it and revoke its live tokens", run: suspendCommand },
    resume: { summary: "let the broker grant it again", run: resumeCommand }
  },
  exit: { 0: "success", 2: "usage error, no database, or an unknown repository" }
};
var identityCommand = (argv, io) => runCommandGroup(IDENTITY_GROUP, argv, io);
export {
  identityCommand
};
