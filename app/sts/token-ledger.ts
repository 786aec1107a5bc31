import { createHash } from 'node:crypto';
import type { AuditInput } from '../../src/audit/audit-record.js';

/** What the broker remembers about a minted token; the token itself only encrypted. */
export interface LedgerEntry {
  id: string;
  tokenHash: string;
  repositoryId: number;
  runId: string;
  identity: string;
  permissions: Record<string, string>;
  repositories: string[];
  expiresAt: number;
  /** When the broker must revoke it at the latest: the policy's max_lifetime. */
  revokeBy: number;
  revokedAt?: number;
}

/**
 * A mint the broker is about to ask GitHub for, written before the request is sent, so no token
 * GitHub mints can go unaccounted: it ends in the ledger, or its intent says it might exist.
 *
 *   pending   -> minted      GitHub answered 201 and the token is in the ledger (audit: token_minted)
 *   pending   -> failed      never sent (deadline, client gone) or refused by GitHub (4xx): nothing
 *                            was minted (audit: decision deny)
 *   pending   -> uncertain   sent, but the answer that would say whether GitHub minted never came
 *                            (reset, timeout, 5xx); or still pending when swept (the App died or
 *                            lost its database mid-mint) (audit: decision mint_uncertain; error log)
 *   pending or uncertain -> minted   a late answer recorded after all
 *   pending, uncertain or minted -> abandoned   a token turned up that nobody can be handed (its
 *                            recording failed, the client left, the deadline passed): revoked at
 *                            once (audit: token_revoked)
 *   uncertain -> lapsed      GitHub's one-hour token lifetime has passed since: whatever it may
 *                            have minted has expired (audit: decision mint_lapsed)
 */
export type IntentState = 'pending' | 'minted' | 'failed' | 'uncertain' | 'abandoned' | 'lapsed';

export interface MintIntent {
  /** Also the token's id once minted. */
  id: string;
  /** The OIDC token's jti that asked for it. */
  jti: string;
  runId: string;
  repositoryId: number;
  /** `owner/name`, for people reading the audit log. */
  repository: string;
  installationId: number;
  identity: string;
  permissions: Record<string, string>;
  repositories: string[];
  state: IntentState;
  createdAt: number;
  /** The request's deadline: nothing is sent to GitHub after it. */
  deadline: number;
  settledAt?: number;
  reason?: string;
}

export type NewMintIntent = Omit<MintIntent, 'id' | 'state' | 'createdAt' | 'settledAt' | 'reason'>;

/** What `beginMint` did: wrote the intent, or found the identity suspended and wrote nothing. */
export type BegunMint = { intent: MintIntent; suspension?: undefined } | { intent?: undefined; suspension: { suspendedAt: number; reason: string } };

export interface IntentChange {
  /** The states it may leave; any other state leaves the intent as it is. */
  from: readonly IntentState[];
  to: IntentState;
  reason: string;
  at: number;
  /** Appended in the same transaction as the change, and only if the change happened. */
  audit: AuditInput;
}

export type NewLedgerEntry = Omit<LedgerEntry, 'id' | 'tokenHash'> & { claims?: Record<string, string> };

export interface TokenLedger {
  /** `claims`: a summary of the OIDC claims (workflow, actor, ref...) kept for the audit trail. */
  record(entry: NewLedgerEntry, token: string): Promise<LedgerEntry>;
  findByToken(token: string): Promise<LedgerEntry | undefined>;
  findById(id: string): Promise<LedgerEntry | undefined>;
  /** The clear token, for revocation; undefined once revoked or expired. */
  reveal(id: string): Promise<string | undefined>;
  /**
   * Marks a token revoked; true only for the call that did (`UPDATE … WHERE revoked_at IS NULL`),
   * which alone appends `audit`, in the same transaction. `abandon` (a reason) also moves its
   * intent from minted to abandoned.
   */
  markRevoked(id: string, at: number, options?: { audit?: AuditInput; abandon?: string }): Promise<boolean>;
  /** Brings `revoke_by` forward to `at`, so the next sweep revokes the token. */
  markDue(id: string, at: number): Promise<void>;
  live(now: number): Promise<LedgerEntry[]>;
  /**
   * Live tokens past `revoke_by`, claimed until `leaseUntil` (`FOR UPDATE SKIP LOCKED`): a sweep
   * running meanwhile, here or on another replica, gets other rows or none.
   */
  claimDue(now: number, leaseUntil: number, limit: number): Promise<LedgerEntry[]>;
  /** Gives a claim back (its revocation failed), so the next sweep retries at once. */
  releaseClaim(id: string): Promise<void>;
  /** Records a `jti`; false if it was seen before (replay). */
  claimJti(jti: string, expiresAt: number): Promise<boolean>;
  /** Forgets a `jti` whose exchange failed before anything was sent to GitHub, so a retry with the same OIDC token can succeed. */
  releaseJti(jti: string): Promise<void>;
  /**
   * Writes a `pending` intent (its id is the token id to be), unless (repository, identity) has an
   * open suspension (containment, the kill switch): then nothing is written and the suspension is
   * returned. One statement, so no intent is ever begun for an identity suspended before it.
   */
  beginMint(intent: NewMintIntent, at: number): Promise<BegunMint>;
  /**
   * The token GitHub minted for an intent: its ledger row (id = the intent's), the intent moved
   * to minted (from pending or uncertain) and `audit`, in one transaction.
   */
  recordMint(intentId: string, entry: NewLedgerEntry, token: string, audit: AuditInput): Promise<LedgerEntry>;
  /** Moves an intent as `change` says; true if it was in one of `change.from`. */
  settleIntent(id: string, change: IntentChange): Promise<boolean>;
  /** Intents in `states` created before `before`, oldest first. */
  openIntents(states: readonly IntentState[], before: number, limit: number): Promise<MintIntent[]>;
  findIntent(id: string): Promise<MintIntent | undefined>;
}

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');
