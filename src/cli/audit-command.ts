import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { AuditHead } from '../audit/audit-record.js';
import { canonicalJson } from '../audit/canonical-json.js';
import { readAuditLog } from '../audit/read-audit-log.js';
import { createAuditChainVerifier, type AuditVerification } from '../audit/verify-audit-chain.js';
import { openDatabase, pgliteDir, type Database } from '../store/database.js';
import { databaseTarget } from '../store/database-target.js';
import { StoreError } from '../store/store-error.js';
import type { CliCommand, CliIo } from './cli-io.js';

const USAGE = `usage: airlock audit verify [--json] [--file <export.jsonl>] [--anchor <seq>:<hash>]
       airlock audit export --jsonl

The database is DATABASE_URL (PostgreSQL) or the PGlite data in AIRLOCK_DATA_DIR (default .airlock-data).
verify exits 1 and names the first broken seq when the chain is broken. --anchor checks that the log
still holds a head printed by an earlier verify and kept outside the database.
`;

class UsageError extends Error {}

interface Flags {
  json: boolean;
  jsonl: boolean;
  file?: string;
  anchor?: AuditHead;
}

function parseFlags(args: string[]): Flags {
  const flags: Flags = { json: false, jsonl: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') flags.json = true;
    else if (arg === '--jsonl') flags.jsonl = true;
    else if (arg === '--file' || arg === '--anchor') {
      const value = args[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      if (arg === '--file') flags.file = value;
      else {
        const match = /^(\d+):([0-9a-f]{64})$/.exec(value);
        if (!match)
          throw new UsageError(
            '--anchor must be <seq>:<sha256 hex>, as printed by `airlock audit verify`',
          );
        flags.anchor = { seq: Number(match[1]), hash: match[2] as string };
      }
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return flags;
}

async function openFromEnv(io: CliIo): Promise<Database> {
  const target = databaseTarget(io.env, io.cwd);
  // Opening would create an empty database, whose empty log verifies: say so instead.
  if (!target.databaseUrl && !existsSync(pgliteDir(target.dataDir))) {
    throw new UsageError(
      `no Airlock database in ${target.dataDir}; set AIRLOCK_DATA_DIR or DATABASE_URL`,
    );
  }
  return openDatabase(target);
}

async function verifyFile(path: string, flags: Flags): Promise<AuditVerification> {
  const verifier = createAuditChainVerifier(flags.anchor ? { anchor: flags.anchor } : {});
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      record = line;
    }
    if (!verifier.push(record)) break;
  }
  return verifier.result();
}

async function verifyDatabase(io: CliIo, flags: Flags): Promise<AuditVerification> {
  const db = await openFromEnv(io);
  try {
    const verifier = createAuditChainVerifier(flags.anchor ? { anchor: flags.anchor } : {});
    const head = await readAuditLog(db, (record) => void verifier.push(record));
    return verifier.result(head);
  } finally {
    await db.close();
  }
}

async function verify(io: CliIo, flags: Flags): Promise<number> {
  const result = flags.file
    ? await verifyFile(resolve(io.cwd, flags.file), flags)
    : await verifyDatabase(io, flags);
  if (flags.json) io.stdout(`${JSON.stringify(result)}\n`);
  else if (result.ok)
    io.stdout(
      `audit log intact: ${result.count} records; head ${result.head.seq}:${result.head.hash}\n`,
    );
  else io.stdout(`audit log BROKEN at seq ${result.seq} (${result.code}): ${result.message}\n`);
  return result.ok ? 0 : 1;
}

async function exportJsonl(io: CliIo, flags: Flags): Promise<number> {
  if (!flags.jsonl) throw new UsageError('export needs --jsonl (the only format)');
  const db = await openFromEnv(io);
  try {
    await readAuditLog(db, (record) => io.stdout(`${canonicalJson(record)}\n`));
  } finally {
    await db.close();
  }
  return 0;
}

/** `airlock audit verify|export`: checks or exports the hash-chained audit log. */
export const auditCommand: CliCommand = async (argv, io) => {
  const [sub, ...rest] = argv;
  try {
    const flags = parseFlags(rest);
    if (sub === 'verify') return await verify(io, flags);
    if (sub === 'export') return await exportJsonl(io, flags);
    if (sub === '--help' || sub === '-h') {
      io.stdout(USAGE);
      return 0;
    }
    throw new UsageError(sub === undefined ? 'missing subcommand' : `unknown subcommand ${sub}`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`airlock audit: ${error.message}\n${USAGE}`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      io.stderr(`airlock audit: ${(error as Error).message}\n`);
      return 2;
    }
    if (error instanceof StoreError) {
      io.stderr(`airlock audit: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
};
