import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runEventStore } from '../../app/telemetry/run-event-store.js';
import type { TelemetryRun } from '../../app/telemetry/telemetry-deps.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { openDatabase } from '../../src/store/database.js';
import type { RunEvent, RunEventBatch } from '../../src/telemetry/run-event.js';

// `airlock runs show` (issue 19 item 1) reads the App's database as `airlock audit` does: PGlite
// in AIRLOCK_DATA_DIR, here written by the App's own store (as POST /airlock/v1/events writes it).

let dir: string;
// Each CLI call opens PGlite from its data directory (seconds each, more when the machine is busy).
const PGLITE_OPENS_MS = 180_000;
const run = (attempt: number): TelemetryRun => ({ installationId: 1, repositoryId: 4242, repository: 'acme/widgets', runId: '7000001', runAttempt: attempt, sha: 'b'.repeat(40), workflowRef: 'acme/widgets/.github/workflows/agent.yml@refs/heads/main', identity: 'agent', actor: 'alice' });
const t = (s: number) => `2026-12-06T10:00:${String(s).padStart(2, '0')}.000Z`;
const FIRST: RunEvent[] = [
  { kind: 'egress', at: t(1), decision: 'allow', host: 'api.github.com', method: 'GET', pathClass: 'api', bytesOut: 200, bytesIn: 5000 },
  { kind: 'egress', at: t(3), decision: 'deny', host: 'evil.example', method: 'POST', pathClass: 'upload', bytesOut: 0, bytesIn: 0, reason: 'host not on the allow-list' },
  { kind: 'gateway_call', at: t(2), provider: 'anthropic', model: 'claude-sonnet-4', inputTokens: 1200, outputTokens: 300, decision: 'allow' },
];
const SECOND: RunEvent[] = [
  { kind: 'egress', at: t(4), decision: 'deny', host: 'evil.example', method: 'GET', pathClass: 'root', bytesOut: 0, bytesIn: 0 },
  { kind: 'placeholder_misuse', at: t(5), host: 'paste.example', credential: 'NPM_TOKEN' },
  { kind: 'dlp_block', at: t(6), host: 'paste.example', rules: ['github-pat'] },
  { kind: 'sandbox_exit', at: t(7), backend: 'bwrap', exitCode: 0, signal: null },
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airlock-runs-'));
  const db = await openDatabase({ dataDir: dir });
  const store = runEventStore(db, { clock: Date.now });
  const audit = { kind: 'run_events' as const, actor: 'github:alice', subject: 'acme/widgets', data: {} };
  const batch = (seq: number, events: RunEvent[], dropped = 0): RunEventBatch => ({ identity: 'agent', seq, dropped, events });
  await store.append(run(1), batch(1, [{ kind: 'egress', at: t(0), decision: 'allow', host: 'old.example', method: 'GET', pathClass: 'api', bytesOut: 1, bytesIn: 1 }]), audit);
  await store.append(run(2), batch(1, FIRST), audit);
  await store.append(run(2), batch(2, SECOND, 3), audit);
  await db.close();
}, PGLITE_OPENS_MS);
afterAll(() => rm(dir, { recursive: true, force: true }));

async function airlock(argv: string[], env: NodeJS.ProcessEnv = { AIRLOCK_DATA_DIR: dir }): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (s) => void (out += s), stderr: (s) => void (err += s), env, cwd: dir };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe('airlock runs show', () => {
  it("prints the latest attempt's timeline in time order, with totals per kind and the refused hosts", async () => {
    const { code, out, err } = await airlock(['runs', 'show', 'acme/widgets', '7000001']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const lines = out.split('\n');
    expect(lines[0]).toBe(`Run 7000001 attempt 2 of acme/widgets (identity agent, commit ${'b'.repeat(12)}, workflow acme/widgets/.github/workflows/agent.yml@refs/heads/main)`);
    expect(lines[1]).toBe('2 batch(es), 7 event(s), 3 dropped by the Action before sending');
    const timeline = lines.filter((l) => l.startsWith('2026-'));
    expect(timeline).toEqual([
      `${t(1)}  egress              allowed GET api.github.com (api), 200 B out, 4.9 KiB in`,
      `${t(2)}  gateway_call        anthropic claude-sonnet-4: 1200 tokens in, 300 out (allow)`,
      `${t(3)}  egress              REFUSED POST evil.example (upload), 0 B out, 0 B in: host not on the allow-list`,
      `${t(4)}  egress              REFUSED GET evil.example (root), 0 B out, 0 B in`,
      `${t(5)}  placeholder_misuse  placeholder of NPM_TOKEN sent to paste.example, where it is not bound`,
      `${t(6)}  dlp_block           body to paste.example blocked by DLP (github-pat)`,
      `${t(7)}  sandbox_exit        sandbox bwrap exited with code 0`,
    ]);
    expect(out).toContain('Totals: egress 3, placeholder_misuse 1, dlp_block 1, gateway_call 1, sandbox_exit 1\n');
    expect(out).toContain('Refused hosts: evil.example (2)\n');
    expect(out).toContain('Placeholder misuse: NPM_TOKEN to paste.example (1)\n');
    expect(out).toContain('DLP blocks: paste.example (1)\n');
    expect(out).not.toContain('old.example');
  }, PGLITE_OPENS_MS);

  it('shows a named attempt, and JSON with --json', async () => {
    const { code, out } = await airlock(['runs', 'show', 'acme/widgets', '7000001', '--attempt', '1', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(json).toMatchObject({ repository: 'acme/widgets', repositoryId: 4242, runId: '7000001', runAttempt: 1, batches: 1, dropped: 0, counts: { egress: 1, dlp_block: 0 }, refusedHosts: [], events: [{ kind: 'egress', host: 'old.example', seq: 1, at: t(0) }] });
    const latest = JSON.parse((await airlock(['runs', 'show', 'acme/widgets', '7000001', '--format', 'json'])).out) as { events: unknown[]; refusedHosts: unknown[] };
    expect(latest.events).toHaveLength(7);
    expect(latest.refusedHosts).toEqual([{ host: 'evil.example', count: 2 }]);
  }, PGLITE_OPENS_MS);

  it('says so, exit 2, for a run without telemetry, a bad argument or no database; --help works', async () => {
    expect(await airlock(['runs', 'show', 'acme/widgets', '7000009'])).toEqual({ code: 2, out: '', err: expect.stringMatching(/^airlock runs show: no telemetry for run 7000009 of acme\/widgets; .*\n$/) });
    expect((await airlock(['runs', 'show', 'acme/widgets', '7000001', '--attempt', '3'])).err).toContain('no telemetry for run 7000001 attempt 3 of acme/widgets');
    expect((await airlock(['runs', 'show', 'acme', '7000001'])).err).toContain('repository "acme" must be owner/name');
    expect((await airlock(['runs', 'show', 'acme/widgets', 'abc'])).err).toContain('run id "abc" must be the numeric workflow run id');
    expect((await airlock(['runs', 'show', 'acme/widgets', '7000001', '--attempt', '0'])).code).toBe(2);
    expect((await airlock(['runs', 'show', 'acme/widgets'])).err).toContain('expected <owner/repo> <run_id>');
    expect((await airlock(['runs', 'show', 'acme/widgets', '7000001'], { AIRLOCK_DATA_DIR: join(dir, 'none') })).err).toContain('no Airlock database in');
    const help = await airlock(['runs', 'show', '--help']);
    expect(help).toMatchObject({ code: 0, err: '' });
    expect(help.out).toContain('usage: airlock runs show <owner/repo> <run_id> [--attempt N] [--format text|json] [--json]');
    expect((await airlock(['runs', '--help'])).out).toContain("show  one run's timeline");
    expect((await airlock(['--help'])).out).toMatch(/^ {2}runs {2,}show <owner\/repo> <run_id>/m);
  }, PGLITE_OPENS_MS);
});
