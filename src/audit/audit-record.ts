import { createHash } from 'node:crypto';
import { canonicalJson } from '../json/canonical-json.js';

export const AUDIT_KINDS = [
  'decision',
  'token_minted',
  'token_revoked',
  'approval',
  'block',
  'override',
  'config_change',
  'webhook',
  'run_events',
  // Automated containment and the identity kill switch (app/containment/, issue 19 item 2).
  'containment',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** The `prev_hash` of record 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a caller appends; the log adds seq, time and the hashes. */
export interface AuditInput {
  kind: AuditKind;
  /** Who acted: `github:<login>`, `app:<slug>`, `airlock`. */
  actor: string;
  /** What it acted on: `owner/repo`, `owner/repo#12`, a token id. */
  subject: string;
  data: Record<string, unknown>;
}

export interface AuditRecord extends AuditInput {
  seq: number;
  prev_hash: string;
  /** ISO 8601 UTC with milliseconds. */
  time: string;
  hash: string;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

/** sha256 (hex) over the canonical JSON of every field but the hash itself. */
export function auditRecordHash(record: Omit<AuditRecord, 'hash'>): string {
  const { seq, prev_hash, time, kind, actor, subject, data } = record;
  return createHash('sha256')
    .update(canonicalJson({ seq, prev_hash, time, kind, actor, subject, data }), 'utf8')
    .digest('hex');
}
