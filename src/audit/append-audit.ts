import type { Database } from '../store/database.js';
import { AuditError } from './audit-error.js';
import { AUDIT_KINDS, auditRecordHash, type AuditInput, type AuditRecord } from './audit-record.js';
import { assertNoGithubToken } from './credential-guard.js';
import { CanonicalJsonError } from '../json/canonical-json-error.js';
import { canonicalJson } from '../json/canonical-json.js';

const MAX_LABEL_LENGTH = 1024;
const MAX_DATA_BYTES = 256 * 1024;

// PostgreSQL text and jsonb cannot hold U+0000; refusing here gives a clear error instead.
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || hasNul(item));
}

function checked(input: AuditInput): { canonicalData: string } {
  if (!(AUDIT_KINDS as readonly string[]).includes(input.kind))
    throw new AuditError(
      'record_invalid',
      `audit kind must be one of ${AUDIT_KINDS.join(', ')}, not ${JSON.stringify(input.kind)}`,
    );
  for (const field of ['actor', 'subject'] as const) {
    const value: unknown = input[field];
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LABEL_LENGTH) {
      throw new AuditError(
        'record_invalid',
        `audit ${field} must be a string of 1 to ${MAX_LABEL_LENGTH} characters`,
      );
    }
  }
  if (typeof input.data !== 'object' || input.data === null || Array.isArray(input.data))
    throw new AuditError('record_invalid', 'audit data must be a JSON object');
  assertNoGithubToken(input.actor, 'actor');
  assertNoGithubToken(input.subject, 'subject');
  assertNoGithubToken(input.data, 'data');
  if (hasNul(input))
    throw new AuditError('record_invalid', 'audit records cannot contain the NUL character');
  let canonicalData: string;
  try {
    canonicalData = canonicalJson(input.data);
  } catch (error) {
    if (error instanceof CanonicalJsonError) throw new AuditError('record_invalid', error.message);
    throw error;
  }
  if (Buffer.byteLength(canonicalData) > MAX_DATA_BYTES)
    throw new AuditError(
      'record_invalid',
      `audit data is larger than ${MAX_DATA_BYTES} bytes; record a digest of large payloads`,
    );
  return { canonicalData };
}

/**
 * Appends one record to the hash chain. The chain-head row is locked (`FOR UPDATE`) for the
 * whole transaction, so appends from every replica queue there: seq stays gapless and the
 * chain never forks.
 */
export async function appendAudit(
  db: Database,
  input: AuditInput,
  options: { clock?: () => number } = {},
): Promise<AuditRecord> {
  const { canonicalData } = checked(input);
  const { kind, actor, subject } = input;
  // Stored as written to the hash, so the record read back hashes the same.
  const data = JSON.parse(canonicalData) as Record<string, unknown>;
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
    );
    const head = rows[0];
    if (!head)
      throw new AuditError(
        'record_invalid',
        'the audit chain head is missing; the database was not migrated',
      );
    const time = new Date((options.clock ?? Date.now)()).toISOString();
    const unsigned = { seq: head.seq + 1, prev_hash: head.hash, time, kind, actor, subject, data };
    const hash = auditRecordHash(unsigned);
    await tx.query(
      'INSERT INTO audit_log (seq, prev_hash, hash, time, kind, actor, subject, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)',
      [unsigned.seq, unsigned.prev_hash, hash, time, kind, actor, subject, canonicalData],
    );
    await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [unsigned.seq, hash]);
    return { ...unsigned, hash };
  });
}
