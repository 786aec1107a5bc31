import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendAudit } from '../../src/audit/append-audit.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { auditCommand } from '../../src/cli/audit-command.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { openDatabase, type OpenDatabaseOptions } from '../../src/store/database.js';
import { testBackends } from '../support/test-databases.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe.each(testBackends)('airlock audit on $name', (backend) => {
  let dir: string;
  let target: OpenDatabaseOptions;
  let env: NodeJS.ProcessEnv;
  const run = async (argv: string[], extraEnv: NodeJS.ProcessEnv = env): Promise<Run> => {
    const out: Run = { code: -1, stdout: '', stderr: '' };
    const io: CliIo = {
      stdout: (t) => void (out.stdout += t),
      stderr: (t) => void (out.stderr += t),
      env: extraEnv,
      cwd: dir,
    };
    out.code = await auditCommand(argv, io);
    return out;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'airlock-audit-cli-'));
    // PGlite in a relative AIRLOCK_DATA_DIR, resolved against the command's cwd.
    target = backend.name === 'pglite' ? { dataDir: join(dir, 'data') } : await backend.target();
    env =
      backend.name === 'pglite'
        ? { AIRLOCK_DATA_DIR: 'data' }
        : { DATABASE_URL: target.databaseUrl };
    const db = await openDatabase(target);
    try {
      for (let i = 0; i < 6; i++)
        await appendAudit(db, {
          kind: i % 2 ? 'approval' : 'decision',
          actor: `github:user${i}`,
          subject: 'octo/widgets#7',
          data: { i, sha: `${i}`.repeat(40) },
        });
    } finally {
      await db.close();
    }
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  let exported: string[];
  let head: string;

  it('verifies an intact database and prints the head to anchor', async () => {
    const result = await run(['verify']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const match = /^audit log intact: 6 records; head (6:[0-9a-f]{64})\n$/.exec(result.stdout);
    expect(match).not.toBeNull();
    head = match![1]!;
  });

  it('exports one canonical JSON record per line', async () => {
    const result = await run(['export', '--jsonl']);
    expect(result.code).toBe(0);
    exported = result.stdout.trimEnd().split('\n');
    const records = exported.map((line) => JSON.parse(line) as AuditRecord);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(`6:${records[5]!.hash}`).toBe(head);
    expect(exported[0]!.startsWith('{"actor":"github:user0","data":{"i":0,')).toBe(true);
  });

  it('verifies the export offline, also against the anchored head', async () => {
    const file = join(dir, 'export.jsonl');
    await writeFile(file, `${exported.join('\n')}\n`);
    expect(await run(['verify', '--file', 'export.jsonl', '--anchor', head], {})).toMatchObject({
      code: 0,
    });
    const json = await run(['verify', '--json', '--file', file], {});
    expect(JSON.parse(json.stdout)).toEqual({
      ok: true,
      count: 6,
      head: { seq: 6, hash: head.slice(2) },
    });
  });

  it('exits 1 and names the first broken seq for a tampered export', async () => {
    const edited = [...exported];
    edited[2] = edited[2]!.replace('"github:user2"', '"github:mallory"');
    await writeFile(join(dir, 'edited.jsonl'), edited.join('\n'));
    const text = await run(['verify', '--file', 'edited.jsonl'], {});
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^audit log BROKEN at seq 3 \(hash_mismatch\)/);

    const swapped = [exported[0], exported[3], exported[2], exported[1], exported[4], exported[5]];
    await writeFile(join(dir, 'swapped.jsonl'), swapped.join('\n'));
    const json = await run(['verify', '--json', '--file', 'swapped.jsonl'], {});
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, seq: 2, code: 'seq_mismatch' });

    await writeFile(join(dir, 'truncated.jsonl'), exported.slice(0, 5).join('\n'));
    expect(await run(['verify', '--file', 'truncated.jsonl', '--anchor', head], {})).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('seq 6 (anchor_mismatch)'),
    });

    await writeFile(join(dir, 'garbage.jsonl'), [exported[0], '{not json', exported[2]].join('\n'));
    expect(await run(['verify', '--file', 'garbage.jsonl'], {})).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('seq 2 (malformed)'),
    });
  });

  it('exits 1 when a row was edited in the database behind the trigger', async () => {
    const db = await openDatabase(target);
    try {
      await db.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await db.query(`UPDATE audit_log SET data = jsonb_set(data, '{i}', '40') WHERE seq = 4`);
      await db.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    } finally {
      await db.close();
    }
    const result = await run(['verify', '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, seq: 4, code: 'hash_mismatch' });
  });

  it('refuses bad usage with exit 2', async () => {
    expect(await run(['export'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--jsonl'),
    });
    expect(await run(['frobnicate'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown subcommand'),
    });
    expect(await run(['verify', '--anchor', '6:xyz'])).toMatchObject({ code: 2 });
    expect(await run(['verify', '--file'])).toMatchObject({ code: 2 });
    expect(await run(['verify', '--file', 'missing.jsonl'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('missing.jsonl'),
    });
  });
});

describe('airlock audit without a database', () => {
  it('says where it looked instead of creating an empty one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airlock-audit-empty-'));
    try {
      let stderr = '';
      const code = await auditCommand(['verify'], {
        stdout: () => undefined,
        stderr: (t) => void (stderr += t),
        env: {},
        cwd: dir,
      });
      expect(code).toBe(2);
      expect(stderr).toContain(join(dir, '.airlock-data'));
      await expect(readFile(join(dir, '.airlock-data', 'encryption.key'))).rejects.toMatchObject({
        code: 'ENOENT',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
