import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runEventStore, type RunEventStore } from '../../app/telemetry/run-event-store.js';
import type { TelemetryRun } from '../../app/telemetry/telemetry-deps.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import type { RunEvent, RunEventBatch } from '../../src/telemetry/run-event.js';
import { testBackends } from '../support/test-databases.js';

// The run telemetry store (migration 5) on PGlite, and on PostgreSQL when one is configured.

const run: TelemetryRun = { installationId: 1, repositoryId: 77, repository: 'acme/widgets', runId: '9100001', runAttempt: 1, sha: 'c'.repeat(40), workflowRef: 'acme/widgets/.github/workflows/agent.yml@refs/heads/main', identity: 'agent', actor: 'alice' };
const AT = (s: number) => `2026-12-06T10:00:0${s}.000Z`;
const deny = (host: string, s: number): RunEvent => ({ kind: 'egress', at: AT(s), decision: 'deny', host, method: 'GET', pathClass: 'root', bytesOut: 0, bytesIn: 0 });
const batch = (seq: number, events: RunEvent[]): RunEventBatch => ({ identity: 'agent', seq, dropped: 1, events });
const audit = (seq: number) => ({ kind: 'run_events' as const, actor: 'github:alice', subject: 'acme/widgets', data: { seq } });

describe.each(testBackends)('run event store on $name', (backend) => {
  let db: Database;
  let store: RunEventStore;
  beforeAll(async () => {
    db = await openDatabase(await backend.target());
    store = runEventStore(db, { clock: Date.now });
  });
  afterAll(() => db.close());

  it('stores a batch and its audit record once per seq, refuses another batch under a stored seq, and summarises the run', async () => {
    const first = batch(1, [deny('evil.example', 2), deny('evil.example', 1), { kind: 'dlp_block', at: AT(3), host: 'paste.example', rules: ['github-pat'] }]);
    expect(await store.append(run, first, audit(1))).toEqual({ duplicate: false, accepted: 3, counts: { egress: 2, dlp_block: 1 } });
    expect(await store.append(run, first, audit(1))).toEqual({ duplicate: true, accepted: 0, counts: { egress: 2, dlp_block: 1 } });
    await expect(store.append(run, batch(1, [deny('other.example', 1)]), audit(1))).rejects.toMatchObject({ code: 'seq_conflict', message: expect.stringContaining('batch 1 of run 9100001 attempt 1 is already stored') });
    // An empty batch is a batch too (its dropped count counts).
    expect(await store.append(run, batch(2, []), audit(2))).toEqual({ duplicate: false, accepted: 0, counts: {} });
    expect(await store.append({ ...run, runAttempt: 2 }, batch(1, [{ kind: 'placeholder_misuse', at: AT(4), host: 'paste.example', credential: 'NPM_TOKEN' }]), audit(1))).toMatchObject({ duplicate: false });

    const records: AuditRecord[] = [];
    await readAuditLog(db, (r) => void records.push(r));
    expect(records.filter((r) => r.kind === 'run_events').map((r) => r.data.seq)).toEqual([1, 2, 1]);

    expect(await store.findRun({ repository: 'acme/widgets', runId: '9100001' })).toEqual({ repositoryId: 77, repository: 'acme/widgets', runId: '9100001', runAttempt: 2 });
    const attempt1 = (await store.findRun({ repositoryId: 77, runId: '9100001', runAttempt: 1 }))!;
    expect(await store.findRun({ repositoryId: 78, runId: '9100001' })).toBeUndefined();
    expect(await store.summary(attempt1)).toEqual({
      ...attempt1,
      identities: ['agent'],
      sha: 'c'.repeat(40),
      workflowRef: run.workflowRef,
      batches: 2,
      dropped: 2,
      counts: { egress: 2, placeholder_misuse: 0, dlp_block: 1, gateway_call: 0, resolution: 0, approval: 0, sandbox_exit: 0, patch_scan: 0 },
      refusedHosts: [{ host: 'evil.example', count: 2 }],
      misuse: [],
      dlpHosts: [{ host: 'paste.example', count: 1 }],
    });
    expect((await store.events(attempt1)).map((e) => [e.at, e.kind, e.seq])).toEqual([
      [AT(1), 'egress', 1],
      [AT(2), 'egress', 1],
      [AT(3), 'dlp_block', 1],
    ]);
  });

  it('stores a batch sent several times at once exactly once, with one audit record', async () => {
    const racing = { ...run, runId: '9100002' };
    const audited = async () => {
      const records: AuditRecord[] = [];
      await readAuditLog(db, (r) => void records.push(r));
      return records.filter((r) => r.kind === 'run_events').length;
    };
    const before = await audited();
    const results = await Promise.all([1, 2, 3, 4].map(() => store.append(racing, batch(1, [deny('evil.example', 1)]), audit(1))));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const rows = await db.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM run_events WHERE run_id = '9100002'`);
    expect(rows.rows[0]!.n).toBe(1);
    expect(await audited()).toBe(before + 1);
  });
});
