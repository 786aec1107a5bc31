import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { auditCommand } from '../../src/cli/audit-command.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { identityCommand } from '../../src/cli/identity-command.js';
import { openDatabase } from '../../src/store/database.js';

// `airlock identity suspend|resume` as a user runs it against the App's PGlite data directory
// (the App stopped: PGlite is one process's). Suspending with the App running, tokens revoked at
// GitHub, is __tests__/containment/containment-world.test.ts.

describe('airlock identity suspend|resume (the CLI, on a PGlite data directory)', () => {
  it('suspends and resumes, audited on a chain that verifies; refuses bad input in one line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airlock-identity-'));
    try {
      await (await openDatabase({ dataDir: dir })).close();
      const out: string[] = [];
      const err: string[] = [];
      const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), env: { AIRLOCK_DATA_DIR: dir, GHE_HOST: '127.0.0.1:9', GHE_PROTOCOL: 'http' }, cwd: dir };
      expect(await identityCommand(['suspend', '--help'], io)).toBe(0);
      expect(out.join('')).toContain('usage: airlock identity suspend <owner/repo> <identity> --reason <text>');
      out.length = 0;
      expect(await identityCommand(['suspend', 'acme/widgets', '../x', '--reason', 'stop'], io)).toBe(2);
      expect(await identityCommand(['suspend', 'acme/widgets', 'agent'], io)).toBe(2);
      expect(err).toEqual([
        'airlock identity suspend: identity must be a trust policy name (lower-case letters, digits, - and _), e.g. agent (got "../x"); see airlock identity suspend --help\n',
        'airlock identity suspend: suspend needs --reason <text>, e.g. --reason "agent exfiltrating"; see airlock identity suspend --help\n',
      ]);
      expect(await identityCommand(['suspend', 'acme/widgets', 'agent', '--repository-id', '100004', '--reason', 'agent exfiltrating', '--json'], io)).toBe(0);
      expect(JSON.parse(out.pop()!)).toEqual({ repository: 'acme/widgets', repository_id: 100004, identity: 'agent', suspended: true, newly_suspended: true, revoked: 0, left_to_sweep: 0 });
      // Known by its suspension now: no id needed.
      expect(await identityCommand(['suspend', 'acme/widgets', 'agent', '--reason', 'again'], io)).toBe(0);
      expect(out.pop()).toBe('identity agent was already suspended in acme/widgets; 0 live token(s) revoked\n');
      expect(await identityCommand(['resume', 'acme/widgets', 'agent'], io)).toBe(0);
      expect(out.pop()).toBe('identity agent resumed in acme/widgets\n');
      expect(await auditCommand(['verify', '--json'], io)).toBe(0);
      expect(JSON.parse(out.pop()!)).toMatchObject({ ok: true, count: 4 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
