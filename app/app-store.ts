import { appendAudit } from '../src/audit/append-audit.js';
import type { AuditInput } from '../src/audit/audit-record.js';
import { claimDelivery, releaseDelivery } from '../src/audit/claim-delivery.js';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../src/store/database.js';
import { pgTokenLedger, type PgTokenLedger } from '../src/store/pg-token-ledger.js';
import { secretApprovalStore, type SecretApprovalStore } from '../src/store/secret-approval-store.js';

/** The App's durable state: the token ledger, replay and delivery records, secret approvals, the audit chain. */
export interface AppStore {
  db: Database;
  ledger: PgTokenLedger;
  approvals: SecretApprovalStore;
  audit(input: AuditInput): Promise<void>;
  /** True the first time a webhook delivery id is seen, across every replica. */
  claimDelivery(deliveryId: string): Promise<boolean>;
  /** Gives a claim back after the handler failed, so a redelivery is processed. */
  releaseDelivery(deliveryId: string): Promise<void>;
  close(): Promise<void>;
}

export async function openAppStore(options: { database: OpenDatabaseOptions; encryptionKey: Buffer; clock: () => number }): Promise<AppStore> {
  const db = await openDatabase(options.database);
  return {
    db,
    ledger: pgTokenLedger(db, { encryptionKey: options.encryptionKey, clock: options.clock }),
    approvals: secretApprovalStore(db, { clock: options.clock }),
    audit: async (input) => {
      await appendAudit(db, input, { clock: options.clock });
    },
    claimDelivery: (id) => claimDelivery(db, id),
    releaseDelivery: (id) => releaseDelivery(db, id),
    close: () => db.close(),
  };
}
