import type { Logger } from 'pino';
import type { AuditInput } from '../../src/audit/audit-record.js';
import type { AppStore } from '../app-store.js';
import type { AppMetrics } from './app-metrics.js';

type AuditMetrics = Pick<AppMetrics, 'auditRecords' | 'decisions' | 'tokensMinted' | 'tokensRevoked'>;

// Field names that hold a credential wherever they appear. Audit records are written without
// credentials (src/audit/credential-guard.ts refuses GitHub tokens); the mirror drops these
// names too, so a record that ever gains one still never reaches the log with it.
const SECRET_FIELDS = /^(token|access_token|refresh_token|oidc_token|poll_token|password|secret|client_secret|private_key|authorization)$/i;

/** A copy of `value` with every SECRET_FIELDS member replaced by "[Redacted]". */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, SECRET_FIELDS.test(key) ? '[Redacted]' : withoutSecrets(item)]));
}

// A label value from a record field, or nothing when it is not a short identifier (bounded labels).
const label = (value: unknown): string | undefined => (typeof value === 'string' && /^[A-Za-z][\w.-]{0,63}$/.test(value) ? value : undefined);

/**
 * The policy and result of a record that is a decision. The gate and the secret approvals name
 * their policy (airlock.pr, airlock.secrets) and result (conclusion, decision); the broker's
 * refusals and mint intents name only a broker code, and a minted token is the broker's allow.
 */
export function decisionOf(input: AuditInput): { policy: string; result: string } | undefined {
  if (input.kind === 'token_minted') return { policy: 'airlock.sts', result: 'allow' };
  if (input.kind !== 'decision') return undefined;
  const data = input.data;
  const policy = label(data.policy) ?? label(data.concern) ?? (typeof data.code === 'string' ? 'airlock.sts' : 'other');
  const result = label(data.conclusion) ?? label(data.decision) ?? (data.error !== undefined ? 'error' : 'other');
  return { policy, result };
}

/**
 * The store with every audit record it commits mirrored as a log event (name `audit`, without
 * secrets) and counted. Records reach the log only once written: after the append, or after the
 * ledger's transaction that carries one (mint, revocation, an intent's move) reported a change.
 * The audit chain stays the record of truth; the log is for search and alerting.
 */
export function mirrorAudit(store: AppStore, options: { log: Logger; metrics: AuditMetrics }): AppStore {
  const { metrics } = options;
  const log = options.log.child({ name: 'audit' });
  const mirrored = (input: AuditInput) => {
    metrics.auditRecords.inc({ kind: input.kind });
    const decision = decisionOf(input);
    if (decision) metrics.decisions.inc(decision);
    if (input.kind === 'token_minted') metrics.tokensMinted.inc();
    if (input.kind === 'token_revoked') metrics.tokensRevoked.inc();
    // The copy without secrets is made only for a line the logger writes (not below its level).
    if (log.isLevelEnabled('info')) log.info({ audit: { kind: input.kind, actor: input.actor, subject: input.subject, data: withoutSecrets(input.data) } }, `audit ${input.kind}`);
  };
  const { ledger } = store;
  return {
    ...store,
    audit: async (input) => {
      await store.audit(input);
      mirrored(input);
    },
    auditOnce: async (key, input, also) => {
      const appended = await store.auditOnce(key, input, also);
      if (appended) mirrored(input);
      return appended;
    },
    ledger: {
      ...ledger,
      recordMint: async (intentId, entry, token, audit) => {
        const recorded = await ledger.recordMint(intentId, entry, token, audit);
        mirrored(audit);
        return recorded;
      },
      markRevoked: async (id, at, markOptions) => {
        const marked = await ledger.markRevoked(id, at, markOptions);
        if (marked && markOptions?.audit) mirrored(markOptions.audit);
        return marked;
      },
      settleIntent: async (id, change) => {
        const moved = await ledger.settleIntent(id, change);
        if (moved) mirrored(change.audit);
        return moved;
      },
    },
  };
}
