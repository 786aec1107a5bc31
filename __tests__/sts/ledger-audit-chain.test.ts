import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { appendAudit } from '../../src/audit/append-audit.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../../src/store/database.js';
import { pgTokenLedger } from '../../src/store/pg-token-ledger.js';
import { testBackends } from '../support/test-databases.js';

// The broker's record of a mint (issue 16 item 2): the token row, its intent moved to minted and
// the token_minted audit record go in one statement when the audit chain's head is where this
// process left it, and in one transaction when it is not (another replica appended). Either way
// all three or none, and the chain stays whole.

const opened: Database[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});

/** A database handle that counts the statements sent through it. */
function counting(db: Database): Database & { statements: number } {
  const handle = {
    statements: 0,
    backend: db.backend,
    query: <T>(sql: string, params?: Parameters<Database['query']>[1]) => {
      handle.statements++;
      return db.query<T>(sql, params);
    },
    transaction: <T>(fn: Parameters<Database['transaction']>[0]) => {
      handle.statements += 2;
      return db.transaction<T>((tx) => fn({ query: (sql, params) => (handle.statements++, tx.query(sql, params)) }) as Promise<T>);
    },
    close: async () => undefined,
  };
  return handle;
}

const intentOf = (i: number) => ({ jti: `jti-${i}-${randomBytes(4).toString('hex')}`, runId: '7', repositoryId: 1, repository: 'acme/widgets', installationId: 1, identity: 'agent', permissions: { contents: 'read' }, repositories: ['widgets'], deadline: Date.now() + 10_000 });
const entryOf = () => ({ repositoryId: 1, runId: '7', identity: 'agent', permissions: { contents: 'read' }, repositories: ['widgets'], expiresAt: Date.now() + 3_600_000, revokeBy: Date.now() + 900_000 });

describe.each(testBackends)('minted tokens and the audit chain on $name', (backend) => {
  it('take one statement per mint once the head is known, and stay whole when two replicas append in turn and at once', async () => {
    const target: OpenDatabaseOptions = await backend.target();
    const db = await openDatabase(target);
    opened.push(db);
    // Replica B: on PostgreSQL a pool of its own, on PGlite a second handle (its own guess of the head).
    const b = backend.name === 'postgres' ? await openDatabase(target) : { backend: db.backend, query: db.query.bind(db), transaction: db.transaction.bind(db), close: async () => undefined };
    if (b !== db && backend.name === 'postgres') opened.push(b);
    const a = counting(db);
    const key = randomBytes(32);
    const ledgers = [pgTokenLedger(a, { encryptionKey: key, clock: Date.now }), pgTokenLedger(b, { encryptionKey: key, clock: Date.now })];
    const handles = [a, b];
    const mint = async (replica: number, i: number) => {
      const ledger = ledgers[replica]!;
      const { intent } = await ledger.beginMint(intentOf(i), Date.now());
      if (!intent) throw new Error('no intent begun');
      await ledger.recordMint(intent.id, entryOf(), `ghs_${randomBytes(18).toString('hex')}`, { kind: 'token_minted', actor: 'github:alice', subject: 'acme/widgets', data: { token_id: intent.id, i } });
      return intent.id;
    };

    const ids = [await mint(0, 0)];
    // The head is this replica's own: the next mint is the intent and one statement.
    const before = a.statements;
    ids.push(await mint(0, 1));
    expect(a.statements - before).toBe(2);
    // Replicas in turn: each finds the head moved by the other, and records the slow way.
    for (let i = 2; i < 8; i++) {
      ids.push(await mint(i % 2, i));
      await appendAudit(handles[(i + 1) % 2]!, { kind: 'decision', actor: 'app:airlock', subject: 'acme/widgets', data: { i } });
    }
    // And at once.
    ids.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => mint(i % 2, 100 + i)))));

    const records: AuditRecord[] = [];
    await readAuditLog(db, (r) => {
      records.push(r);
    });
    expect(verifyAuditChain(records)).toMatchObject({ ok: true });
    const minted = records.filter((r) => r.kind === 'token_minted').map((r) => r.data.token_id);
    expect(minted.sort()).toEqual([...ids].sort());
    const { rows: tokens } = await db.query<{ id: string }>('SELECT id FROM minted_tokens');
    expect(tokens.map((t) => t.id).sort()).toEqual([...ids].sort());
    const { rows: intents } = await db.query<{ state: string }>('SELECT state FROM mint_intents');
    expect(intents.map((r) => r.state)).toEqual(ids.map(() => 'minted'));
  });
});
