import { afterEach, describe, expect, it } from '@jest/globals';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { describePostgres, testBackends } from '../support/test-databases.js';
import { identitySuspensions } from '../../app/containment/identity-suspensions.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function exchange(url: string, token: string, permissions: Record<string, string> = { contents: 'read' }) {
  const res = await fetch(`${url}/airlock/v1/token`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ identity: 'agent', permissions }) });
  return (await res.json()) as { token?: string; token_id?: string; error?: { code: string } };
}

const liveNarrowed = (s: Stack) => (s.world.snapshot().tokens as { narrowed_live: number }).narrowed_live;

describe.each(testBackends)('the broker on $name', (backend) => {
  it('keeps only sealed tokens, sweeps them at max_lifetime (injected clock), and audits every step', async () => {
    let now = Date.now();
    stack = await startStack({ clock: () => now, database: await backend.target() });
    const minted = await exchange(stack.app.url, await stack.world.oidc.mint());
    expect(minted.token).toMatch(/^ghs_/);
    const dump = await stack.app.store.db.query<{ row: string }>('SELECT row_to_json(t)::text AS row FROM minted_tokens t');
    expect(dump.rows).toHaveLength(1);
    expect(dump.rows[0]!.row).not.toContain(minted.token!);
    expect(dump.rows[0]!.row).not.toContain(Buffer.from(minted.token!).toString('base64'));

    await stack.app.sweep();
    expect(liveNarrowed(stack)).toBe(1); // within the policy's 15 minutes
    now += 16 * 60_000; // past max_lifetime (15m), still within GitHub's hour
    await stack.app.sweep();
    expect(liveNarrowed(stack)).toBe(0);
    const after = await fetch(`${stack.world.githubApiUrl}/repos/acme/widgets/contents/README.md`, { headers: { authorization: `token ${minted.token}` } });
    expect(after.status).toBe(401);

    const records: AuditRecord[] = [];
    const head = await readAuditLog(stack.app.store.db, (r) => void records.push(r));
    expect(records.map((r) => r.kind)).toEqual(['token_minted', 'token_revoked']);
    expect(records[1]!.data.reason).toBe('max_lifetime reached');
    expect(verifyAuditChain(records, { head })).toEqual({ ok: true, count: 2, head: expect.anything() });
    expect(JSON.stringify(records)).not.toContain(minted.token!);
  });

  it('refuses a replayed OIDC token and records the refusal of a verified caller', async () => {
    stack = await startStack({ database: await backend.target() });
    const oidc = await stack.world.oidc.mint({ event_name: 'workflow_run' });
    expect((await exchange(stack.app.url, oidc)).error?.code).toBe('event_not_allowed');
    expect((await exchange(stack.app.url, oidc)).error?.code).toBe('oidc_replayed');
    const records: AuditRecord[] = [];
    await readAuditLog(stack.app.store.db, (r) => void records.push(r));
    expect(records.map((r) => [r.kind, r.data.code])).toEqual([['decision', 'event_not_allowed']]);
  });

  it('refuses a suspended identity with no mint intent and no mint asked of GitHub, audited; resumed, it gets its token', async () => {
    stack = await startStack({ database: await backend.target() });
    const suspensions = identitySuspensions(stack.app.store.db, { clock: Date.now });
    const target = { repositoryId: stack.world.repo('acme/widgets').id, identity: 'agent', by: 'cli:ops', at: Date.now() };
    const audit = (action: string) => ({ kind: 'containment' as const, actor: 'cli:ops', subject: 'acme/widgets', data: { action, identity: 'agent' } });
    expect(await suspensions.suspend({ ...target, repository: 'acme/widgets', reason: 'refused hosts', audit: audit('suspend') })).toBe(true);

    expect((await exchange(stack.app.url, await stack.world.oidc.mint())).error?.code).toBe('identity_suspended');
    expect((await stack.app.store.db.query('SELECT id FROM mint_intents')).rows).toEqual([]);
    expect(liveNarrowed(stack)).toBe(0);
    const records: AuditRecord[] = [];
    await readAuditLog(stack.app.store.db, (r) => void records.push(r));
    expect(records.map((r) => [r.kind, r.data.code ?? r.data.action])).toEqual([['containment', 'suspend'], ['decision', 'identity_suspended']]);

    expect(await suspensions.resume({ ...target, audit: audit('resume') })).toBe(true);
    expect((await exchange(stack.app.url, await stack.world.oidc.mint())).token).toMatch(/^ghs_/);
    expect(liveNarrowed(stack)).toBe(1);
    expect((await stack.app.store.db.query<{ state: string }>('SELECT state FROM mint_intents')).rows).toEqual([{ state: 'minted' }]);
  });
});

describePostgres('several App replicas on one $name database', (backend) => {
  it('share replay protection, the ledger and the key: B refuses A\'s jti and revokes A\'s token by id', async () => {
    stack = await startStack({ database: await backend.target() });
    const replica = await stack.addReplica();
    const oidc = await stack.world.oidc.mint();
    const minted = await exchange(stack.app.url, oidc);
    expect(minted.token).toMatch(/^ghs_/);
    expect((await exchange(replica.url, oidc)).error?.code).toBe('oidc_replayed');
    const res = await fetch(`${replica.url}/airlock/v1/tokens/${minted.token_id}`, { method: 'DELETE', headers: { authorization: `Bearer ${await stack.world.oidc.mint()}` } });
    expect(res.status).toBe(204);
    expect(liveNarrowed(stack)).toBe(0);
  });
});
