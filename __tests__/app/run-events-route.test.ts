import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { startApp, type RunningApp } from '../../app/start-app.js';
import type { ContainFn, StoredBatch, TelemetryRun } from '../../app/telemetry/telemetry-deps.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { base62Crc32 } from '../../src/scan/validate-secret.js';
import type { ContainmentAnswer, RunEvent, RunEventBatch } from '../../src/telemetry/run-event.js';
import { startWorld, type World } from '../../src/world/start-world.js';
import { worldAppSettings } from '../support/world-app-settings.js';

// Issue 19 item 1: POST /airlock/v1/events through a real App on the local world, OIDC tokens
// from the world's issuer, PGlite in memory. The batch is the contract of src/telemetry/run-event.ts.

let world: World;
let app: RunningApp;
const calls: { run: TelemetryRun; batch: RunEventBatch; stored: StoredBatch }[] = [];
// Containment as the containment engineer's hook sees it: revoke on any refused egress.
let failContainmentOnce = false;
const contain: ContainFn = (run, batch, stored) => {
  calls.push({ run, batch, stored });
  if (failContainmentOnce) {
    failContainmentOnce = false;
    return Promise.reject(new Error('containment backend down'));
  }
  const refused = batch.events.some((e) => e.kind === 'egress' && e.decision === 'deny');
  return Promise.resolve(refused ? { revoked: true, suspended: false, actions: ['revoke'], reasons: ['a refused host'] } : { revoked: false, suspended: false, actions: [], reasons: [] });
};

beforeAll(async () => {
  world = await startWorld();
  app = await startApp({
    settings: worldAppSettings(world),
    encryptionKey: randomBytes(32),
    log: pino({ level: 'silent' }),
    contain,
  });
});
afterAll(async () => {
  await app.close();
  await world.close();
});

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const AT = '2026-12-06T10:00:00.000Z';
const egress = (over: Partial<Extract<RunEvent, { kind: 'egress' }>> = {}): RunEvent => ({ kind: 'egress', at: AT, decision: 'allow', host: 'api.github.com', method: 'GET', pathClass: 'api', bytesOut: 120, bytesIn: 4096, ...over });
const batch = (seq: number, events: unknown[] = [egress()], over: Record<string, unknown> = {}) => ({ identity: 'agent', seq, dropped: 0, events, ...over });
const token = (claims: Record<string, string> = {}) => world.oidc.mint({ run_id: '8100001', ...claims });

interface Answer {
  status: number;
  json: Partial<ContainmentAnswer> & { error?: { code: string; message: string } };
}
async function post(jwt: string | undefined, body: unknown): Promise<Answer> {
  const res = await fetch(`${app.url}/airlock/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(jwt ? { authorization: `Bearer ${jwt}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Answer['json'] };
}

const count = async (table: 'run_events' | 'run_event_batches', runId: string) =>
  (await app.store.db.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM ${table} WHERE run_id = $1`, [runId])).rows[0]!.n;
async function audit(): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  await readAuditLog(app.store.db, (r) => void records.push(r));
  return records;
}

describe('POST /airlock/v1/events', () => {
  it('stores an accepted batch once however often it is retried (fresh tokens, in turn and at once), audits it once with counts only', async () => {
    const events = [egress(), egress({ decision: 'deny', host: 'evil.example', method: 'POST', pathClass: 'upload', bytesIn: 0, reason: 'host not allowed' }), { kind: 'gateway_call', at: AT, provider: 'anthropic', model: 'claude-sonnet-4', inputTokens: 1200, outputTokens: 300, decision: 'allow' }];
    const first = await post(await token({ run_id: '8100002' }), batch(1, events));
    expect(first).toEqual({ status: 200, json: { accepted: 3, duplicate: false, containment: { revoked: true, suspended: false, actions: ['revoke'], reasons: ['a refused host'] } } });
    const again = await post(await token({ run_id: '8100002' }), batch(1, events));
    expect(again).toEqual({ status: 200, json: { accepted: 0, duplicate: true, containment: { revoked: true, suspended: false, actions: ['revoke'], reasons: ['a refused host'] } } });
    const racing = await Promise.all([1, 2, 3].map(async () => post(await token({ run_id: '8100002' }), batch(2, [egress()]))));
    expect(racing.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(racing.filter((a) => a.json.duplicate === false)).toHaveLength(1);
    expect({ batches: await count('run_event_batches', '8100002'), events: await count('run_events', '8100002') }).toEqual({ batches: 2, events: 4 });

    const records = (await audit()).filter((r) => r.kind === 'run_events' && r.data.run_id === '8100002');
    expect(records.map((r) => [r.data.seq, r.data.decision])).toEqual([[1, 'accepted'], [2, 'accepted']]);
    expect(records[0]).toMatchObject({ actor: 'github:alice', subject: 'acme/widgets', data: { identity: 'agent', run_attempt: 1, events: 3, dropped: 0, counts: { egress: 2, gateway_call: 1 }, sha: 'a'.repeat(40) } });
    // Counts only: no host, model or reason of any event reaches the audit log.
    for (const secretish of ['evil.example', 'claude-sonnet-4', 'host not allowed']) expect(JSON.stringify(records)).not.toContain(secretish);
  });

  it('takes the run from the verified token, never the body, and hands containment the stored batch', async () => {
    calls.length = 0;
    const answer = await post(await token({ run_id: '8100003', run_attempt: '2' }), batch(1, [egress()], { dropped: 4 }));
    expect(answer.json).toMatchObject({ accepted: 1, duplicate: false, containment: { revoked: false, actions: [] } });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.run).toEqual({ installationId: expect.any(Number), repositoryId: world.repo('acme/widgets').id, repository: 'acme/widgets', runId: '8100003', runAttempt: 2, sha: 'a'.repeat(40), workflowRef: 'acme/widgets/.github/workflows/agent.yml@refs/heads/main', identity: 'agent', actor: 'alice' });
    expect(calls[0]!.stored).toEqual({ duplicate: false, accepted: 1, counts: { egress: 1 } });
    expect(calls[0]!.batch).toEqual(batch(1, [egress()], { dropped: 4 }));
    const rows = await app.store.db.query<{ run_attempt: number; repository_id: number; kind: string; data: unknown }>(`SELECT run_attempt, repository_id, kind, data FROM run_events WHERE run_id = '8100003'`);
    expect(rows.rows).toEqual([{ run_attempt: 2, repository_id: world.repo('acme/widgets').id, kind: 'egress', data: { decision: 'allow', host: 'api.github.com', method: 'GET', pathClass: 'api', bytesOut: 120, bytesIn: 4096 } }]);
    // The body cannot name another run: a run field is an unknown field.
    expect((await post(await token({ run_id: '8100003' }), batch(2, [], { run_id: '1' }))).json.error?.code).toBe('batch_invalid');
  });

  it('answers 503 containment_failed when containment fails on a stored batch; the retry is a duplicate that containment decides', async () => {
    calls.length = 0;
    failContainmentOnce = true;
    const events = [egress({ decision: 'deny', host: 'evil.example' })];
    expect(await post(await token({ run_id: '8100008' }), batch(1, events))).toMatchObject({ status: 503, json: { error: { code: 'containment_failed' } } });
    expect(await post(await token({ run_id: '8100008' }), batch(1, events))).toEqual({ status: 200, json: { accepted: 0, duplicate: true, containment: { revoked: true, suspended: false, actions: ['revoke'], reasons: ['a refused host'] } } });
    expect(calls.map((c) => c.stored)).toEqual([{ duplicate: false, accepted: 1, counts: { egress: 1 } }, { duplicate: true, accepted: 0, counts: { egress: 1 } }]);
    expect(await count('run_events', '8100008')).toBe(1);
  });

  it('spends each token once (the jti store the broker uses): a retry needs a fresh token', async () => {
    const jwt = await token({ run_id: '8100004' });
    expect((await post(jwt, batch(1))).status).toBe(200);
    expect(await post(jwt, batch(1))).toMatchObject({ status: 401, json: { error: { code: 'oidc_replayed' } } });
  });

  it('refuses another batch under a stored seq with 409 seq_conflict, changing nothing', async () => {
    expect((await post(await token({ run_id: '8100005' }), batch(1, [egress()]))).status).toBe(200);
    const answer = await post(await token({ run_id: '8100005' }), batch(1, [egress({ host: 'other.example' })]));
    expect(answer).toMatchObject({ status: 409, json: { error: { code: 'seq_conflict' } } });
    expect((await app.store.db.query<{ host: string }>(`SELECT data->>'host' AS host FROM run_events WHERE run_id = '8100005'`)).rows).toEqual([{ host: 'api.github.com' }]);
  });

  it('refuses missing, forged, foreign and untrusted tokens with their codes; stores nothing, audits none of the unverified', async () => {
    const runId = '8100006';
    const claims = JSON.parse(Buffer.from((await token({ run_id: runId })).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    const kid = (JSON.parse(Buffer.from((await token()).split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    const before = (await audit()).length;
    const unverified: [string | undefined, number, string][] = [
      [undefined, 401, 'oidc_token_missing'],
      [forged, 401, 'oidc_bad_signature'],
      [await world.oidc.mint({ run_id: runId }, 'not-airlock'), 401, 'oidc_wrong_audience'],
      ['not.a.jwt', 401, 'oidc_token_malformed'],
    ];
    for (const [jwt, status, code] of unverified) {
      const answer = await post(jwt, batch(1));
      expect({ code, status: answer.status, got: answer.json.error?.code }).toEqual({ code, status, got: code });
    }
    expect((await audit()).length).toBe(before);
    const verified: [string, unknown, number, string][] = [
      [await token({ run_id: runId, repository_id: '999999' }), batch(1), 403, 'repository_mismatch'],
      [await token({ run_id: runId, event_name: 'pull_request_target' }), batch(1), 403, 'event_not_allowed'],
      [await token({ run_id: runId }), batch(1, [egress()], { identity: 'no-such-identity' }), 403, 'policy_not_found'],
    ];
    for (const [jwt, body, status, code] of verified) {
      const answer = await post(jwt, body);
      expect({ code, status: answer.status, got: answer.json.error?.code }).toEqual({ code, status, got: code });
    }
    // A verified refusal is audited (the code, never the batch).
    expect((await audit()).slice(before).map((r) => [r.kind, r.data.decision, r.data.code])).toEqual(verified.map(([, , , code]) => ['run_events', 'refused', code]));
    expect({ batches: await count('run_event_batches', runId), events: await count('run_events', runId) }).toEqual({ batches: 0, events: 0 });
  });

  it('refuses oversized, malformed, unknown-field and credential-carrying batches with their codes, storing nothing', async () => {
    const runId = '8100007';
    // A well-formed GitHub token (checksum included), made here so no credential sits in the repository.
    const body30 = Array.from(randomBytes(30), (b) => BASE62[b % 62]).join('');
    const ghToken = `ghp_${body30}${base62Crc32(body30)}`;
    const cases: [string, unknown, number, string, string?][] = [
      ['oversized', JSON.stringify(batch(1, [egress({ reason: 'x'.repeat(3 * 1024 * 1024) })])), 413, 'body_too_large'],
      ['not JSON', '{"identity":', 400, 'request_invalid'],
      ['an array', [batch(1)], 400, 'request_invalid'],
      ['unknown batch field', batch(1, [egress()], { note: 'hi' }), 422, 'batch_invalid', 'batch.note'],
      ['unknown event field', batch(1, [{ ...egress(), path: '/repos/x' }]), 422, 'batch_invalid', 'batch.events[0].path'],
      ['unknown kind', batch(1, [{ kind: 'shell', at: AT }]), 422, 'batch_invalid', 'batch.events[0].kind'],
      ['host with a path', batch(1, [egress({ host: 'evil.example/x' })]), 422, 'batch_invalid', 'batch.events[0].host'],
      ['host not canonical', batch(1, [egress({ host: 'Evil.Example.' })]), 422, 'batch_invalid', 'batch.events[0].host'],
      ['negative bytes', batch(1, [egress({ bytesOut: -1 })]), 422, 'batch_invalid', 'batch.events[0].bytesOut'],
      ['string too long', batch(1, [egress({ reason: 'r'.repeat(257) })]), 422, 'batch_invalid', 'batch.events[0].reason'],
      ['too many events', batch(1, Array.from({ length: 201 }, () => egress())), 422, 'batch_invalid', 'batch.events'],
      ['too many rules', batch(1, [{ kind: 'dlp_block', at: AT, host: 'a.example', rules: Array.from({ length: 21 }, (_, i) => `r${i}`) }]), 422, 'batch_invalid', 'batch.events[0].rules'],
      ['seq past the run bound', batch(2001), 422, 'batch_invalid', 'batch.seq'],
      ['missing field', batch(1, [{ kind: 'resolution', at: AT, credential: 'NPM_TOKEN' }]), 422, 'batch_invalid', 'batch.events[0].host'],
      ['a GitHub token in a reason', batch(1, [egress({ reason: `leak ${ghToken}` })]), 422, 'credential_in_batch', 'batch.events[0].reason'],
      ['a base64-encoded GitHub token as a model name', batch(1, [{ kind: 'gateway_call', at: AT, provider: 'openai', model: Buffer.from(`token=${ghToken}`).toString('base64'), inputTokens: 1, outputTokens: 1, decision: 'allow' }]), 422, 'credential_in_batch', 'batch.events[0].model'],
    ];
    const before = (await audit()).length;
    for (const [name, body, status, code, field] of cases) {
      const answer = await post(await token({ run_id: runId }), body);
      expect({ name, status: answer.status, code: answer.json.error?.code }).toEqual({ name, status, code });
      if (field) expect({ name, message: answer.json.error?.message }).toEqual({ name, message: expect.stringContaining(field) });
    }
    expect(JSON.stringify(await audit())).not.toContain(ghToken);
    // Audited: every refusal on a verified token; the oversized and the non-JSON body are refused before the token is read.
    expect((await audit()).length - before).toBe(cases.length - 2);
    expect({ batches: await count('run_event_batches', runId), events: await count('run_events', runId) }).toEqual({ batches: 0, events: 0 });
  });

  it("accepts the Action's redaction marker in place of a value, and a refused request whose target did not parse", async () => {
    const events = [
      egress({ decision: 'deny', host: '', method: 'CONNECT', pathClass: 'other', reason: 'bad-target' }),
      egress({ decision: 'deny', host: '[airlock:redacted]' }),
      { kind: 'gateway_call', at: AT, provider: 'openai', model: '[airlock:redacted]', inputTokens: 1, outputTokens: 0, decision: 'deny' },
    ];
    expect((await post(await token({ run_id: '8100009' }), batch(1, events))).json).toMatchObject({ accepted: 3, duplicate: false });
    // Only a refused request may lack its host.
    expect((await post(await token({ run_id: '8100009' }), batch(2, [egress({ host: '' })]))).json.error?.code).toBe('batch_invalid');
  });

  it('answers only POST on its path', async () => {
    const res = await fetch(`${app.url}/airlock/v1/events`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as Answer['json']).error?.code).toBe('route_not_found');
  });
});
