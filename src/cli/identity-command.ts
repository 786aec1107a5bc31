import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { githubEndpoints } from '../../app/app-settings.js';
import { identitySuspensions } from '../../app/containment/identity-suspensions.js';
import { resumeIdentity, suspendIdentity, type KillTarget } from '../../app/containment/kill-switch.js';
import { githubRevoker } from '../../app/containment/revoke-at-github.js';
import { appendAudit } from '../audit/append-audit.js';
import { openDatabase, pgliteDir, type Database } from '../store/database.js';
import { databaseTarget } from '../store/database-target.js';
import { ENCRYPTION_KEY_FILE, loadEncryptionKey } from '../store/encryption-key.js';
import { pgTokenLedger } from '../store/pg-token-ledger.js';
import { StoreError } from '../store/store-error.js';
import type { CliCommand, CliIo } from './cli-io.js';
import { CliError, FORMAT_OPTIONS, reportFormat, runCommand, runCommandGroup, type CommandGroup } from './parse-command-args.js';

const DATABASE_NOTE = `The database is DATABASE_URL (PostgreSQL) or the PGlite data in AIRLOCK_DATA_DIR (default
.airlock-data; PGlite is locked by a running App, so stop it first or use PostgreSQL).`;

const REPOSITORY_ID_OPTION = ['--repository-id <id>', "the repository's numeric id (GET /repos/{owner}/{repo} .id), when the broker never minted for it"] as const;

const SUSPEND = {
  name: 'identity suspend',
  help: {
    usage: ['airlock identity suspend <owner/repo> <identity> --reason <text> [--repository-id <id>] [--format text|json] [--json]'],
    about: `The kill switch: suspends an agent identity (a trust policy name) in one repository, so the
broker refuses it (identity_suspended), and revokes its live broker tokens at GitHub (GHE_HOST
selects GitHub Enterprise or the local world). Tokens it cannot revoke here (GitHub unreachable,
no AIRLOCK_ENCRYPTION_KEY or key file) are made due, and the App's sweep revokes them. Audited.
A person resumes the identity with airlock identity resume or /airlock resume <identity>.
${DATABASE_NOTE}`,
    options: [['--reason <text>', 'why (required; kept in the suspension and the audit log)'], REPOSITORY_ID_OPTION, ['-f, --format F', 'text (default) or json'], ['--json', 'short for --format json']],
    exit: { 0: 'suspended (or suspended already); its live tokens revoked or made due', 2: 'usage error, no database, or an unknown repository' },
  },
  options: { reason: { type: 'string' }, 'repository-id': { type: 'string' }, ...FORMAT_OPTIONS },
  positionals: true,
} as const;

const RESUME = {
  name: 'identity resume',
  help: {
    usage: ['airlock identity resume <owner/repo> <identity> [--repository-id <id>] [--format text|json] [--json]'],
    about: `Resumes a suspended agent identity in one repository: the broker grants it tokens again. Audited.
${DATABASE_NOTE}`,
    options: [REPOSITORY_ID_OPTION, ['-f, --format F', 'text (default) or json'], ['--json', 'short for --format json']],
    exit: { 0: 'resumed, or it was not suspended (said so)', 2: 'usage error, no database, or an unknown repository' },
  },
  options: { 'repository-id': { type: 'string' }, ...FORMAT_OPTIONS },
  positionals: true,
} as const;

const REPOSITORY = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
// A trust policy name (src/sts/trust-policy.ts trustPolicyPath).
const IDENTITY = /^[a-z0-9][a-z0-9_-]{0,63}$/;

function parseTarget(positionals: string[]): { repository: string; identity: string } {
  if (positionals.length !== 2) throw new CliError('usage', `expected <owner/repo> <identity>, got ${positionals.length} argument(s)`);
  const [repository, identity] = positionals as [string, string];
  if (!REPOSITORY.test(repository)) throw new CliError('usage', `repository must be owner/name, e.g. acme/widgets (got ${JSON.stringify(repository)})`);
  if (!IDENTITY.test(identity)) throw new CliError('usage', `identity must be a trust policy name (lower-case letters, digits, - and _), e.g. agent (got ${JSON.stringify(identity)})`);
  return { repository, identity };
}

async function openFromEnv(io: CliIo): Promise<{ db: Database; dataDir: string }> {
  const target = databaseTarget(io.env, io.cwd);
  // Opening would create an empty database that suspends nobody the App knows: say so instead.
  if (!target.databaseUrl && !existsSync(pgliteDir(target.dataDir))) {
    throw new CliError('input', `no Airlock database in ${target.dataDir}; set AIRLOCK_DATA_DIR or DATABASE_URL`);
  }
  try {
    return { db: await openDatabase(target), dataDir: target.dataDir };
  } catch (error) {
    if (error instanceof StoreError) throw new CliError('input', error.message);
    throw error;
  }
}

/** The App's key when this machine has it (env, or the data dir's key file); never a new one. */
async function sealingKey(io: CliIo, dataDir: string): Promise<Buffer | undefined> {
  if (!io.env.AIRLOCK_ENCRYPTION_KEY && !existsSync(join(dataDir, ENCRYPTION_KEY_FILE))) return undefined;
  return (await loadEncryptionKey({ env: io.env, dataDir })).key;
}

async function resolveTarget(db: Database, values: { 'repository-id'?: string | undefined }, target: { repository: string; identity: string }): Promise<KillTarget> {
  let repositoryId: number | undefined;
  if (values['repository-id'] !== undefined) {
    if (!/^[1-9]\d{0,15}$/.test(values['repository-id'])) throw new CliError('usage', `--repository-id must be a repository's numeric id (got ${JSON.stringify(values['repository-id'])})`);
    repositoryId = Number(values['repository-id']);
  } else {
    repositoryId = await identitySuspensions(db, { clock: Date.now }).repositoryIdOf(target.repository);
  }
  if (repositoryId === undefined) throw new CliError('input', `the broker never minted a token for ${target.repository}, so its repository id is unknown; pass --repository-id <id> (GET /repos/${target.repository} .id)`);
  return { ...target, repositoryId, by: `cli:${userInfo().username}` };
}

const suspendCommand: CliCommand = (argv, io) =>
  runCommand(SUSPEND, argv, io, async ({ values, positionals }) => {
    const json = reportFormat(values, ['json'] as const) === 'json';
    const named = parseTarget(positionals);
    const reason = values.reason?.trim();
    if (!reason) throw new CliError('usage', 'suspend needs --reason <text>, e.g. --reason "agent exfiltrating"');
    const { db, dataDir } = await openFromEnv(io);
    try {
      const target = await resolveTarget(db, values, named);
      const clock = Date.now;
      // Without the App's key the tokens cannot be unsealed here: a key of our own unseals none, so each is made due for the App's sweep.
      const key = (await sealingKey(io, dataDir)) ?? randomBytes(32);
      const report = await suspendIdentity(
        {
          suspensions: identitySuspensions(db, { clock }),
          revoker: { ledger: pgTokenLedger(db, { encryptionKey: key, clock }), github: githubRevoker(githubEndpoints(io.env).apiUrl), clock, log: pino({ level: 'silent' }) },
          audit: async (input) => void (await appendAudit(db, input, { clock })),
          clock,
        },
        target,
        reason,
      );
      if (json) io.stdout(`${JSON.stringify({ repository: target.repository, repository_id: target.repositoryId, identity: target.identity, suspended: true, newly_suspended: report.suspended, revoked: report.revoke.revoked, left_to_sweep: report.revoke.leftToSweep })}\n`);
      else
        io.stdout(
          `identity ${target.identity} ${report.suspended ? 'suspended' : 'was already suspended'} in ${target.repository}; ${report.revoke.revoked} live token(s) revoked${report.revoke.leftToSweep ? `, ${report.revoke.leftToSweep} made due for the App's sweep` : ''}\n`,
        );
      return 0;
    } finally {
      await db.close();
    }
  });

const resumeCommand: CliCommand = (argv, io) =>
  runCommand(RESUME, argv, io, async ({ values, positionals }) => {
    const json = reportFormat(values, ['json'] as const) === 'json';
    const named = parseTarget(positionals);
    const { db } = await openFromEnv(io);
    try {
      const target = await resolveTarget(db, values, named);
      const clock = Date.now;
      const resumed = await resumeIdentity({ suspensions: identitySuspensions(db, { clock }), audit: async (input) => void (await appendAudit(db, input, { clock })), clock }, target);
      if (json) io.stdout(`${JSON.stringify({ repository: target.repository, repository_id: target.repositoryId, identity: target.identity, resumed })}\n`);
      else io.stdout(resumed ? `identity ${target.identity} resumed in ${target.repository}\n` : `identity ${target.identity} is not suspended in ${target.repository}; nothing changed\n`);
      return 0;
    } finally {
      await db.close();
    }
  });

const IDENTITY_GROUP: CommandGroup = {
  name: 'identity',
  about: 'Agent identities (trust policy names) in a repository:',
  subcommands: {
    suspend: { summary: 'the kill switch: suspend it and revoke its live tokens', run: suspendCommand },
    resume: { summary: 'let the broker grant it again', run: resumeCommand },
  },
  exit: { 0: 'success', 2: 'usage error, no database, or an unknown repository' },
};

/** `airlock identity suspend|resume`: the kill switch and its undoing (docs/containment.md). */
export const identityCommand: CliCommand = (argv, io) => runCommandGroup(IDENTITY_GROUP, argv, io);
