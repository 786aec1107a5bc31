import type { Database, SqlParam } from '../store/database.js';
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

/** The chain head this process last wrote, per database: what the next append guesses it is. */
const heads = new WeakMap<object, { seq: number; hash: string }>();
/** Appends outside a transaction, per database, one after another in this process (see appendAudit). */
const queues = new WeakMap<object, Promise<unknown>>();

/**
 * A change written in the same statement as an audit record (appendAuditWith): data-modifying
 * WITH queries that must each read `head` (the moved chain head, one row when the record goes
 * in, none otherwise), so they happen exactly when the record does.
 */
export interface JoinedChange {
  /**
   * `name AS (...)` items, comma separated; parameters numbered from `first`. `guard`: a condition
   * (same parameters) the head move also requires, so the record and the items go in only when it
   * holds; otherwise nothing is written and `otherwise` decides.
   */
  ctes: (first: number) => { sql: string; params: SqlParam[]; guard?: string };
  /** The same change and record the slow way, in one transaction that appends with `chain` (src/store/audited-transition.ts); true when it appended the record. */
  otherwise: () => Promise<boolean>;
}

/**
 * Appends one record to the hash chain. The chain-head row decides the order: every append
 * updates it, so appends from every replica queue there; seq stays gapless and the chain never
 * forks. The common case is one statement: the record is hashed on the head this process last
 * wrote, and a data-modifying WITH moves the head only if it is still that one and inserts the
 * record only if it moved (https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-MODIFYING).
 * When the guess is wrong (another replica appended, a transaction that appended rolled back,
 * the first append of the process), nothing is written and the head is read under its row lock
 * (`FOR UPDATE`) as before. Outside a transaction, this process sends its appends one at a time,
 * so they do not race each other's guesses; inside one (`chain` names the database the
 * transaction runs on), the head's row lock orders them.
 */
export async function appendAudit(
  db: Database,
  input: AuditInput,
  options: { clock?: () => number; chain?: Database } = {},
): Promise<AuditRecord> {
  return (await append(db, input, options))!;
}

/**
 * Appends one record and writes `joined` in the same statement, or (when the guessed head is
 * wrong, or `joined`'s guard does not hold) runs `joined.otherwise`, which writes both in a
 * transaction. One round trip in the common case instead of five (BEGIN, the change, the head
 * under lock, the record, COMMIT). True when the record went in.
 */
export async function appendAuditWith(db: Database, input: AuditInput, options: { clock?: () => number }, joined: JoinedChange): Promise<boolean> {
  // True unless the one statement wrote nothing and the slow way did not append either.
  let appended = true;
  await append(db, input, options, { ...joined, otherwise: async () => (appended = await joined.otherwise()) });
  return appended;
}

async function append(
  db: Database,
  input: AuditInput,
  options: { clock?: () => number; chain?: Database },
  joined?: JoinedChange,
): Promise<AuditRecord | undefined> {
  const { canonicalData } = checked(input);
  const { kind, actor, subject } = input;
  // Stored as written to the hash, so the record read back hashes the same.
  const data = JSON.parse(canonicalData) as Record<string, unknown>;
  const chain = options.chain ?? db;
  const record = (head: { seq: number; hash: string }): AuditRecord => {
    const time = new Date((options.clock ?? Date.now)()).toISOString();
    const unsigned = { seq: head.seq + 1, prev_hash: head.hash, time, kind, actor, subject, data };
    return { ...unsigned, hash: auditRecordHash(unsigned) };
  };
  const values = (r: AuditRecord): SqlParam[] => [r.seq, r.prev_hash, r.hash, r.time, kind, actor, subject, canonicalData];
  const guessed = async (): Promise<AuditRecord | undefined> => {
    const head = heads.get(chain);
    if (!head) return undefined;
    const r = record(head);
    const extra = joined?.ctes(10);
    const { rows } = await db.query(
      `WITH head AS (UPDATE audit_head SET seq = $1, hash = $3 WHERE id = 1 AND seq = $9 AND hash = $2${extra?.guard ? ` AND (${extra.guard})` : ''} RETURNING seq)${extra ? `, ${extra.sql}` : ''} INSERT INTO audit_log (seq, prev_hash, hash, time, kind, actor, subject, data) SELECT $1, $2, $3, $4, $5, $6, $7, $8::jsonb FROM head RETURNING seq`,
      [...values(r), head.seq, ...(extra?.params ?? [])],
    );
    return rows.length === 1 ? r : undefined;
  };
  const locked = () =>
    db.transaction(async (tx) => {
      const { rows } = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
      const head = rows[0];
      if (!head) throw new AuditError('record_invalid', 'the audit chain head is missing; the database was not migrated');
      const r = record(head);
      await tx.query('INSERT INTO audit_log (seq, prev_hash, hash, time, kind, actor, subject, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)', values(r));
      await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [r.seq, r.hash]);
      return r;
    });
  const run = async (): Promise<AuditRecord | undefined> => {
    const guess = await guessed();
    if (guess) {
      heads.set(chain, { seq: guess.seq, hash: guess.hash });
      return guess;
    }
    // The slow way appends with `chain` (audited-transition.ts), which keeps its head.
    if (joined) return void (await joined.otherwise());
    const r = await locked();
    heads.set(chain, { seq: r.seq, hash: r.hash });
    return r;
  };
  if (options.chain) return run();
  const previous = queues.get(chain) ?? Promise.resolve();
  const current = previous.then(run, run);
  const tail = current.catch(() => undefined);
  queues.set(chain, tail);
  try {
    return await current;
  } finally {
    if (queues.get(chain) === tail) queues.delete(chain);
  }
}
