import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type Database } from '../../src/store/database.js';
import { pollTokenHash, secretApprovalStore, type NewSecretApproval, type SecretApprovalStore } from '../../src/store/secret-approval-store.js';
import { testBackends } from '../support/test-databases.js';

const SHA = 'c'.repeat(40);
const approval = (over: Partial<NewSecretApproval> = {}): NewSecretApproval => ({
  status: 'pending',
  installationId: 31337,
  repositoryId: 100004,
  repository: 'acme/widgets',
  identity: 'agent',
  run: { sha: SHA, actor: 'alice', repository: 'acme/widgets', repositoryId: '100004', runId: '7', workflowRef: 'acme/widgets/.github/workflows/agent.yml@refs/heads/main', eventName: 'push', ref: 'refs/heads/main' },
  secrets: [{ path: 'kv/data/ci/npm', key: 'token', env: 'NPM_TOKEN', approval: 'required' }],
  destination: { method: 'PUT', host: 'registry.npmjs.org', path: '/pkg' },
  expiresAt: Date.now() + 60_000,
  message: 'waiting',
  ...over,
});

describe.each(testBackends)('secret approval store on $name', (backend) => {
  let db: Database;
  let store: SecretApprovalStore;
  let now = Date.now();
  beforeAll(async () => {
    db = await openDatabase(await backend.target());
    store = secretApprovalStore(db, { clock: () => now });
  });
  afterAll(async () => db?.close());

  it('keeps only the hash of the poll token and finds an approval only with it', async () => {
    const created = await store.create(approval(), 'poll-secret');
    const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM secret_approvals WHERE id = $1', [created.id]);
    expect(JSON.stringify(rows)).not.toContain('poll-secret');
    expect(rows[0]?.poll_token_hash).toBe(pollTokenHash('poll-secret'));
    expect((await store.findByPollToken(created.id, 'poll-secret'))?.id).toBe(created.id);
    expect(await store.findByPollToken(created.id, 'poll-secreT')).toBeUndefined();
    expect(await store.findById('not-a-uuid')).toBeUndefined();
  });

  it('decides a pending approval once, whoever comes second', async () => {
    const { id } = await store.create(approval(), 'p2');
    const [first, second] = await Promise.all([store.decide(id, { status: 'approved', by: 'bob', message: 'approved by bob' }), store.decide(id, { status: 'denied', by: 'carol', message: 'no' })]);
    const winners = [first, second].filter((d) => d !== undefined);
    expect(winners).toHaveLength(1);
    expect((await store.findById(id))?.status).toBe(winners[0]!.status);
    expect(await store.addRefused(id, { login: 'x', via: 'button', reason: 'late', at: new Date().toISOString() })).toBeUndefined();
  });

  it('keeps the last 20 refused attempts, and expires only what is due', async () => {
    const { id } = await store.create(approval(), 'p3');
    for (let i = 0; i < 25; i++) await store.addRefused(id, { login: `u${i}`, via: 'comment', reason: 'read access', at: new Date().toISOString() });
    const refused = (await store.findById(id))!.refused;
    expect(refused.map((r) => r.login)).toEqual(Array.from({ length: 20 }, (_, i) => `u${i + 5}`));
    const later = await store.create(approval({ expiresAt: now + 3_600_000 }), 'p4');
    now += 120_000;
    const expired = await store.expireDue('too late');
    expect(expired.map((a) => a.id)).toContain(id);
    expect(expired.map((a) => a.id)).not.toContain(later.id);
    expect((await store.findById(id))).toMatchObject({ status: 'expired', message: 'too late', decidedAt: now });
  });
});
