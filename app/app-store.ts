import { appendAudit } from '../src/audit/append-audit.js';
import type { AuditInput } from '../src/audit/audit-record.js';
import { appendAuditOnce, isDeliveryDone, markDeliveryDone, type JoinedWrite } from '../src/audit/delivery-done.js';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../src/store/database.js';
import { pgTokenLedger, type PgTokenLedger } from '../src/store/pg-token-ledger.js';
import { secretApprovalStore, type SecretApprovalStore } from '../src/store/secret-approval-store.js';

/** The App's durable state: the token ledger, replay and delivery-done records, secret approvals, the audit chain. */
export interface AppStore {
  db: Database;
  ledger: PgTokenLedger;
  approvals: SecretApprovalStore;
  audit(input: AuditInput): Promise<void>;
  /** True once the work named `key` (a delivery's handler) completed, on any replica. */
  deliveryDone(key: string): Promise<boolean>;
  /** Records that the work named `key` completed; written only after it succeeded. */
  markDeliveryDone(key: string): Promise<void>;
  /**
   * Appends an audit record once per `key`, however often the handler that writes it is run, and
   * marks `key` done with it (and writes `also`), in one statement as a rule: all or nothing. True
   * when this call appended it; false when `key` was done already.
   */
  auditOnce(key: string, input: AuditInput, also?: JoinedWrite): Promise<boolean>;
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
    deliveryDone: (key) => isDeliveryDone(db, key),
    markDeliveryDone: async (key) => {
      await markDeliveryDone(db, key, options.clock());
    },
    auditOnce: (key, input, also) => appendAuditOnce(db, key, input, { clock: options.clock, ...(also ? { also } : {}) }),
    close: () => db.close(),
  };
}
