import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { AuditHead } from '../audit/audit-record.js';
import { canonicalJson } from '../json/canonical-json.js';
import { readAuditLog } from '../audit/read-audit-log.js';
import { createAuditChainVerifier, type AuditVerification } from '../audit/verify-audit-chain.js';
import { openDatabase, pgliteDir, type Database } from '../store/database.js';
import { databaseTarget } from '../store/database-target.js';
import { StoreError } from '../store/store-error.js';
import type { CliCommand, CliIo } from './cli-io.js';
import { CliError, FORMAT_OPTIONS, reportFormat, runCommand, runCommandGroup, type CommandGroup } from './parse-command-args.js';

const DATABASE_NOTE = 'The database is DATABASE_URL (PostgreSQL) or the PGlite data in AIRLOCK_DATA_DIR (default .airlock-data).';

const VERIFY = {
  name: 'audit verify',
  help: {
    usage: ['airlock audit verify [--file <export.jsonl>] [--anchor <seq>:<hash>] [--format text|json] [--json]'],
    about: `Checks the hash chain of the audit log: any edit, deletion, insertion or reordering breaks it,
and the first broken seq is named. --anchor checks that the log still holds a head printed by an
earlier verify and kept outside the database. ${DATABASE_NOTE}`,
    options: [
      ['--file <export.jsonl>', 'verify an export (airlock audit export --jsonl) instead of the database'],
      ['--anchor <seq>:<hash>', 'a head printed by an earlier verify, which the log must still hold'],
      ['-f, --format F', 'text (default) or json'],
      ['--json', 'short for --format json'],
    ],
    exit: { 0: 'the chain is intact', 1: 'the chain is broken (the first broken seq is named)', 2: 'usage error, no database, or a file that cannot be read' },
  },
  options: { file: { type: 'string' }, anchor: { type: 'string' }, ...FORMAT_OPTIONS },
} as const;

const EXPORT = {
  name: 'audit export',
  help: {
    usage: ['airlock audit export --jsonl'],
    about: `Writes every audit record, in order, as canonical JSON Lines on stdout (what audit verify
--file checks). ${DATABASE_NOTE}`,
    options: [['--jsonl', 'JSON Lines, the only format (required, so a later format cannot change what scripts get)']],
    exit: { 0: 'exported', 2: 'usage error, or no database' },
  },
  options: { jsonl: { type: 'boolean' } },
} as const;

function parseAnchor(value: string | undefined): AuditHead | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value);
  if (!match) throw new CliError('usage', '--anchor must be <seq>:<sha256 hex>, as printed by `airlock audit verify`');
  return { seq: Number(match[1]), hash: match[2] as string };
}

/** Store and file errors (no database, an unreadable export): one line, exit 2. */
export async function withInputErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StoreError || (error as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError('input', (error as Error).message);
    throw error;
  }
}

export async function openFromEnv(io: CliIo): Promise<Database> {
  const target = databaseTarget(io.env, io.cwd);
  // Opening would create an empty database, whose empty log verifies: say so instead.
  if (!target.databaseUrl && !existsSync(pgliteDir(target.dataDir))) {
    throw new CliError('input', `no Airlock database in ${target.dataDir}; set AIRLOCK_DATA_DIR or DATABASE_URL`);
  }
  return openDatabase(target);
}

async function verifyFile(path: string, anchor: AuditHead | undefined): Promise<AuditVerification> {
  const verifier = createAuditChainVerifier(anchor ? { anchor } : {});
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

async function verifyDatabase(io: CliIo, anchor: AuditHead | undefined): Promise<AuditVerification> {
  const db = await openFromEnv(io);
  try {
    const verifier = createAuditChainVerifier(anchor ? { anchor } : {});
    const head = await readAuditLog(db, (record) => void verifier.push(record));
    return verifier.result(head);
  } finally {
    await db.close();
  }
}

const verifyCommand: CliCommand = (argv, io) =>
  runCommand(VERIFY, argv, io, async ({ values }) => {
    const json = reportFormat(values, ['json'] as const) === 'json';
    const anchor = parseAnchor(values.anchor);
    const result = await withInputErrors(() => (values.file ? verifyFile(resolve(io.cwd, values.file), anchor) : verifyDatabase(io, anchor)));
    if (json) io.stdout(`${JSON.stringify(result)}\n`);
    else if (result.ok) io.stdout(`audit log intact: ${result.count} records; head ${result.head.seq}:${result.head.hash}\n`);
    else io.stdout(`audit log BROKEN at seq ${result.seq} (${result.code}): ${result.message}\n`);
    return result.ok ? 0 : 1;
  });

const exportCommand: CliCommand = (argv, io) =>
  runCommand(EXPORT, argv, io, async ({ values }) => {
    if (!values.jsonl) throw new CliError('usage', 'export needs --jsonl (the only format)');
    await withInputErrors(async () => {
      const db = await openFromEnv(io);
      try {
        await readAuditLog(db, (record) => io.stdout(`${canonicalJson(record)}\n`));
      } finally {
        await db.close();
      }
    });
    return 0;
  });

const AUDIT: CommandGroup = {
  name: 'audit',
  about: 'The hash-chained audit log:',
  subcommands: {
    verify: { summary: 'check the chain (and an anchor kept outside the database)', run: verifyCommand },
    export: { summary: 'write the log as canonical JSON Lines', run: exportCommand },
  },
  exit: { 0: 'success', 1: 'verify: the chain is broken', 2: 'usage error, or no database' },
};

/** `airlock audit verify|export`: checks or exports the hash-chained audit log. */
export const auditCommand: CliCommand = (argv, io) => runCommandGroup(AUDIT, argv, io);
