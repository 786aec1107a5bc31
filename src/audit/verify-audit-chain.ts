import {
  AUDIT_KINDS,
  GENESIS_HASH,
  auditRecordHash,
  type AuditHead,
  type AuditRecord,
} from './audit-record.js';

/** How a chain breaks. */
export type AuditBreakCode =
  /** Not a record: a field missing, extra, or of the wrong type. */
  | 'malformed'
  /** The record does not hash to its `hash`: a field was edited. */
  | 'hash_mismatch'
  /** Not the next sequence number: records deleted, inserted or reordered. */
  | 'seq_mismatch'
  /** `prev_hash` is not the previous record's hash: the previous record was replaced or removed. */
  | 'prev_hash_mismatch'
  /** The log does not end at the chain-head row: records removed from, or added to, the end. */
  | 'head_mismatch'
  /** The log does not hold a head anchored earlier outside the database. */
  | 'anchor_mismatch';

export type AuditVerification =
  | { ok: true; count: number; head: AuditHead }
  | { ok: false; count: number; seq: number; code: AuditBreakCode; message: string };

export interface VerifyAuditOptions {
  /** A head recorded earlier (say, printed by `airlock audit verify` and kept elsewhere) that the log must still contain. */
  anchor?: AuditHead;
}

export interface AuditChainVerifier {
  /** Checks the next record; false once the chain is broken (later records are not looked at). */
  push(record: unknown): boolean;
  /** The verdict; `head` is where the chain must end (the database's chain-head row). */
  result(head?: AuditHead): AuditVerification;
}

const HASH = /^[0-9a-f]{64}$/;
const FIELDS = ['actor', 'data', 'hash', 'kind', 'prev_hash', 'seq', 'subject', 'time'].join();

function malformation(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'not a JSON object';
  const r = value as Record<string, unknown>;
  // Fields the hash does not cover must not ride along unnoticed.
  if (Object.keys(r).sort().join() !== FIELDS) return `fields must be exactly ${FIELDS}`;
  if (!Number.isSafeInteger(r.seq) || (r.seq as number) < 1) return 'seq is not a positive integer';
  if (typeof r.prev_hash !== 'string' || !HASH.test(r.prev_hash))
    return 'prev_hash is not a sha256 hex digest';
  if (typeof r.hash !== 'string' || !HASH.test(r.hash)) return 'hash is not a sha256 hex digest';
  if (typeof r.time !== 'string') return 'time is not a string';
  if (!(AUDIT_KINDS as readonly unknown[]).includes(r.kind))
    return `kind ${JSON.stringify(r.kind)} is unknown`;
  if (typeof r.actor !== 'string' || typeof r.subject !== 'string')
    return 'actor and subject must be strings';
  if (typeof r.data !== 'object' || r.data === null || Array.isArray(r.data))
    return 'data is not a JSON object';
  return undefined;
}

/** Incremental verification, so a long log streams through without being held in memory. */
export function createAuditChainVerifier(options: VerifyAuditOptions = {}): AuditChainVerifier {
  const { anchor } = options;
  let expected = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  let broken: Extract<AuditVerification, { ok: false }> | undefined;
  const fail = (seq: number, code: AuditBreakCode, message: string): false => {
    broken = { ok: false, count, seq, code, message };
    return false;
  };

  return {
    push(value) {
      if (broken) return false;
      const why = malformation(value);
      if (why)
        return fail(
          expected,
          'malformed',
          `record ${count + 1} in order (expected seq ${expected}) is malformed: ${why}`,
        );
      const record = value as AuditRecord;
      let recomputed: string;
      try {
        recomputed = auditRecordHash(record);
      } catch (error) {
        return fail(
          expected,
          'malformed',
          `record seq ${expected} cannot be hashed: ${(error as Error).message}`,
        );
      }
      // Breaks are named by position: every record before this one checked out, so this is seq `expected`.
      if (recomputed !== record.hash)
        return fail(
          expected,
          'hash_mismatch',
          `record seq ${expected} (claiming seq ${record.seq}) does not match its hash: it was edited after it was written`,
        );
      if (record.seq !== expected) {
        return fail(
          expected,
          'seq_mismatch',
          `expected seq ${expected} but found seq ${record.seq}: records were ${record.seq > expected ? 'deleted or reordered' : 'inserted, duplicated or reordered'}`,
        );
      }
      if (record.prev_hash !== prevHash) {
        return fail(
          record.seq,
          'prev_hash_mismatch',
          `record seq ${record.seq} does not follow the record before it (prev_hash differs): the record before was replaced, or this one was inserted`,
        );
      }
      if (anchor && record.seq === anchor.seq && record.hash !== anchor.hash) {
        return fail(
          record.seq,
          'anchor_mismatch',
          `record seq ${record.seq} is not the one anchored earlier (hash ${anchor.hash}): the log was rewritten`,
        );
      }
      count++;
      expected++;
      prevHash = record.hash;
      return true;
    },
    result(head) {
      if (broken) return broken;
      const last = expected - 1;
      const end = (seq: number, code: AuditBreakCode, message: string): AuditVerification => ({
        ok: false,
        count,
        seq,
        code,
        message,
      });
      if (anchor && anchor.seq > last)
        return end(
          last + 1,
          'anchor_mismatch',
          `the log ends at seq ${last}, before the anchored seq ${anchor.seq}: records were removed from the end`,
        );
      if (head && (head.seq !== last || head.hash !== prevHash)) {
        const detail =
          head.seq > last
            ? `the chain head says seq ${head.seq}: records after seq ${last} were removed`
            : head.seq < last
              ? `the chain head says seq ${head.seq}: records after it were added without appendAudit`
              : 'the chain head has another hash: the last record was replaced';
        return end(
          head.seq === last ? last : Math.min(head.seq, last) + 1,
          'head_mismatch',
          `the log ends at seq ${last}, but ${detail}`,
        );
      }
      return { ok: true, count, head: { seq: last, hash: prevHash } };
    },
  };
}

/** Pure: detects any edit, deletion, insertion or reordering, and names the first seq that breaks. */
export function verifyAuditChain(
  records: Iterable<unknown>,
  options: VerifyAuditOptions & { head?: AuditHead } = {},
): AuditVerification {
  const verifier = createAuditChainVerifier(options);
  for (const record of records) if (!verifier.push(record)) break;
  return verifier.result(options.head);
}
