import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditInput, AuditRecord } from '../../src/audit/audit-record.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { pgTokenLedger, type PgTokenLedger } from '../../src/store/pg-token-ledger.js';
import { testBackends } from '../support/test-databases.js';
import { identitySuspensions } from '../../app/containment/identity-suspensions.js';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const MINUTE = 60_000;
const fakeToken = (): string => `ghs_${randomBytes(18).toString('hex').slice(0, 36)}`;

describe.each(testBackends)('mint intents and single-flight revocation on $name', (backend) => {
  let db: Database;
  let ledger: PgTokenLedger;
  let now = T0;
  beforeAll(async () => {
    db = await openDatabase(await backend.target());
    ledger = pgTokenLedger(db, { encryptionKey: randomBytes(32), clock: () => now });
  });
  afterAll(async () => db?.close());

  const intent = () =>
    ledger.beginMint(
      {
        jti: randomUUID(),
        runId: '9',
        repositoryId: 4242,
        repository: 'acme/widgets',
        installationId: 7,
        identity: 'agent',
        permissions: { contents: 'read' },
        repositories: ['widgets'],
        deadline: now + 10_000,
      },
      now,
    ).then((begun) => begun.intent!);
  const entry = (revokeBy = now + 15 * MINUTE) => ({
    repositoryId: 4242,
    runId: '9',
    identity: 'agent',
    permissions: { contents: 'read' },
    repositories: ['widgets'],
    expiresAt: now + 60 * MINUTE,
    revokeBy,
  });
  const note = (id: string, what: string): AuditInput => ({
    kind: 'decision',
    actor: 'test',
    subject: 'acme/widgets',
    data: { intent_id: id, what },
  });
  const audited = async (id: string) => {
    const records: AuditRecord[] = [];
    const head = await readAuditLog(db, (r) => void records.push(r));
    expect(verifyAuditChain(records, { head })).toMatchObject({ ok: true });
    return records.filter((r) => r.data.intent_id === id || r.data.token_id === id);
  };

  it('records a mint with its intent and its audit record together; the token id is the intent id', async () => {
    now = T0;
    const pending = await intent();
    expect((await ledger.findIntent(pending.id))?.state).toBe('pending');
    const token = fakeToken();
    const recorded = await ledger.recordMint(pending.id, entry(), token, {
      kind: 'token_minted',
      actor: 'github:octocat',
      subject: 'acme/widgets',
      data: { token_id: pending.id },
    });
    expect(recorded.id).toBe(pending.id);
    expect(await ledger.reveal(pending.id)).toBe(token);
    expect((await ledger.findIntent(pending.id))?.state).toBe('minted');
    expect((await audited(pending.id)).map((r) => r.kind)).toEqual(['token_minted']);
  });

  it('begins no intent for a suspended identity, in the statement that reads the suspension; a resumed one, another identity or repository is no bar', async () => {
    now = T0;
    const suspensions = identitySuspensions(db, { clock: () => now });
    const begin = (repositoryId: number, identity: string) =>
      ledger.beginMint({ jti: randomUUID(), runId: '9', repositoryId, repository: 'acme/gadgets', installationId: 7, identity, permissions: { contents: 'read' }, repositories: ['gadgets'], deadline: now + 10_000 }, now);
    const intentsOf = async (repositoryId: number) => (await db.query<{ identity: string }>('SELECT identity FROM mint_intents WHERE repository_id = $1 ORDER BY created_at, identity', [repositoryId])).rows.map((r) => r.identity);
    const audit = (action: string): AuditInput => ({ kind: 'containment', actor: 'cli:ops', subject: 'acme/gadgets', data: { action, identity: 'agent' } });
    expect(await suspensions.suspend({ repositoryId: 5151, repository: 'acme/gadgets', identity: 'agent', reason: 'refused hosts', by: 'airlock', at: T0 - MINUTE, audit: audit('suspend') })).toBe(true);

    const refused = await begin(5151, 'agent');
    expect(refused).toEqual({ suspension: { suspendedAt: T0 - MINUTE, reason: 'refused hosts' } });
    expect(await intentsOf(5151)).toEqual([]);
    // The suspension is of (repository, identity): the same name elsewhere, or another name here, begins.
    expect((await begin(5152, 'agent')).intent).toMatchObject({ repositoryId: 5152, identity: 'agent', state: 'pending' });
    expect((await begin(5151, 'builder')).intent).toMatchObject({ repositoryId: 5151, identity: 'builder', state: 'pending' });
    expect(await intentsOf(5151)).toEqual(['builder']);

    expect(await suspensions.resume({ repositoryId: 5151, identity: 'agent', by: 'cli:ops', at: T0, audit: audit('resume') })).toBe(true);
    const begun = await begin(5151, 'agent');
    expect(begun.suspension).toBeUndefined();
    expect(await ledger.findIntent(begun.intent!.id)).toEqual(begun.intent);
    expect(await intentsOf(5151)).toEqual(['agent', 'builder']);
  });

  it('records nothing when the audit record cannot be written: token row, intent and record go together', async () => {
    now = T0;
    const pending = await intent();
    const token = fakeToken();
    // The audit log refuses a record carrying a token, so the transaction rolls back whole.
    await expect(
      ledger.recordMint(pending.id, entry(), token, {
        kind: 'token_minted',
        actor: 'github:octocat',
        subject: 'acme/widgets',
        data: { token_id: pending.id, leaked: token },
      }),
    ).rejects.toThrow();
    expect(await ledger.findById(pending.id)).toBeUndefined();
    expect((await ledger.findIntent(pending.id))?.state).toBe('pending');
    expect(await audited(pending.id)).toEqual([]);
  });

  it('settles an intent once however many settle it at once, each with its audit record or none', async () => {
    now = T0;
    const pending = await intent();
    const change = (to: 'failed' | 'uncertain', what: string) =>
      ledger.settleIntent(pending.id, {
        from: ['pending'],
        to,
        reason: what,
        at: now,
        audit: note(pending.id, what),
      });
    const results = await Promise.all([
      change('uncertain', 'a'),
      change('failed', 'b'),
      change('uncertain', 'c'),
      change('failed', 'd'),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const records = await audited(pending.id);
    expect(records).toHaveLength(1);
    const winner = ['a', 'b', 'c', 'd'][results.indexOf(true)];
    expect(records[0]!.data.what).toBe(winner);
    expect((await ledger.findIntent(pending.id))?.reason).toBe(winner);
    // A late answer may still record the token of an uncertain intent; a failed one stays failed.
    expect(await change('uncertain', 'e')).toBe(false);
  });

  it('revokes (and audits) a token once however many revokers race, and abandons its intent', async () => {
    now = T0;
    const pending = await intent();
    await ledger.recordMint(pending.id, entry(), fakeToken(), {
      kind: 'token_minted',
      actor: 'airlock',
      subject: 'acme/widgets',
      data: { token_id: pending.id },
    });
    const revoke = () =>
      ledger.markRevoked(pending.id, now, {
        audit: {
          kind: 'token_revoked',
          actor: 'airlock',
          subject: pending.id,
          data: { token_id: pending.id },
        },
        abandon: 'the client left',
      });
    const results = await Promise.all([revoke(), revoke(), revoke(), revoke(), revoke()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await audited(pending.id)).map((r) => r.kind)).toEqual([
      'token_minted',
      'token_revoked',
    ]);
    expect(await ledger.findIntent(pending.id)).toMatchObject({
      state: 'abandoned',
      reason: 'the client left',
    });
    expect(await ledger.reveal(pending.id)).toBeUndefined();
  });

  it('hands each due token to one sweep at a time (FOR UPDATE SKIP LOCKED and a lease)', async () => {
    now = T0;
    const due = await Promise.all(
      Array.from({ length: 6 }, () => ledger.record(entry(T0 + MINUTE), fakeToken())),
    );
    const ids = new Set(due.map((e) => e.id));
    now = T0 + 2 * MINUTE;
    const lease = now + MINUTE;
    const [a, b] = await Promise.all([
      ledger.claimDue(now, lease, 3),
      ledger.claimDue(now, lease, 3),
    ]);
    const claimed = [...a!, ...b!].map((e) => e.id).filter((id) => ids.has(id));
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(new Set(claimed)).toEqual(ids);
    expect((await ledger.claimDue(now, lease, 10)).filter((e) => ids.has(e.id))).toEqual([]);
    await ledger.releaseClaim(due[0]!.id);
    expect((await ledger.claimDue(now, lease, 10)).map((e) => e.id)).toEqual([due[0]!.id]);
    // A claim whose sweep died runs out with its lease.
    now = lease + 1;
    expect(
      (await ledger.claimDue(now, now + MINUTE, 10)).filter((e) => ids.has(e.id)),
    ).toHaveLength(6);
  });

  it('gives a jti back', async () => {
    const jti = randomUUID();
    expect(await ledger.claimJti(jti, T0 + 5 * MINUTE)).toBe(true);
    expect(await ledger.claimJti(jti, T0 + 5 * MINUTE)).toBe(false);
    await ledger.releaseJti(jti);
    expect(await ledger.claimJti(jti, T0 + 5 * MINUTE)).toBe(true);
  });
});
