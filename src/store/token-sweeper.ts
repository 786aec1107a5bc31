import { pino, type Logger } from 'pino';
import { BROKER_DEADLINE_MS, MINT_ANSWER_GRACE_MS } from '../../app/sts/broker-deadline.js';
import { intentDecision } from '../../app/sts/intent-audit.js';
import { UNCERTAIN_MINT_ADVICE } from '../../app/sts/mint-error.js';
import type { LedgerEntry, MintIntent, TokenLedger } from '../../app/sts/token-ledger.js';
import type { PurgeReport } from './pg-token-ledger.js';

/**
 * A mint intent still pending this long after it was written has no request behind it any more:
 * a live request has its mint's answer, or gives up on it, by its deadline plus the mint's grace
 * (20 s), and settles the intent then; 10 s more, and the App must have died, or lost its
 * database, between writing the intent and settling it.
 */
export const PENDING_STALE_MS = BROKER_DEADLINE_MS + MINT_ANSWER_GRACE_MS + 10_000;

/**
 * GitHub's installation tokens expire an hour after they are created
 * (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-an-installation-access-token-for-a-github-app),
 * so an uncertain intent this old (plus 5 minutes for clock skew) can have left nothing live.
 */
export const UNCERTAIN_LAPSE_MS = 65 * 60_000;

/** A sweep stops starting new work after this (the App sweeps every 30 s); what is left waits for the next. */
export const SWEEP_DEADLINE_MS = 20_000;

/** How long a claimed token stays out of other sweeps' reach: longer than a sweep may run. */
const SWEEP_LEASE_MS = 60_000;
const BATCH = 50;

export interface SweepOptions {
  ledger: TokenLedger & { purgeExpired?: (now: number) => Promise<PurgeReport> };
  /** Revokes at GitHub; true when GitHub confirmed. */
  revoke: (token: string, entry: LedgerEntry) => Promise<boolean>;
  clock: () => number;
  /** Default SWEEP_DEADLINE_MS. */
  deadlineMs?: number;
  /** Where an intent found uncertain is reported, at error level; default: a JSON line on stderr. */
  alert?: Pick<Logger, 'error'>;
}

export interface SweepReport {
  at: number;
  /** Revoked by this sweep. */
  revoked: string[];
  /** Revoked by someone else meanwhile (another replica's sweep, the Action's post step). */
  alreadyRevoked: string[];
  /** Still live; the next sweep retries them. */
  failed: { id: string; reason: string }[];
  /** Left for the next sweep because this one reached its deadline. */
  deferred: number;
  /** Mint intents this sweep found pending past PENDING_STALE_MS, now uncertain (audited and alerted). */
  uncertain: string[];
  /** Uncertain intents past GitHub's token lifetime, now lapsed (audited). */
  lapsed: string[];
  purged?: PurgeReport;
}

let stderrAlert: Pick<Logger, 'error'> | undefined;
const defaultAlert = () =>
  (stderrAlert ??= pino(
    { base: { component: 'token-sweeper' } },
    pino.destination({ dest: 2, sync: true }),
  ));

/**
 * Revokes every live token past its `revoke_by` (the trust policy's `max_lifetime`, shorter than
 * GitHub's hour), then settles mint intents left open. Single-flight across replicas: due tokens
 * are claimed with `FOR UPDATE SKIP LOCKED` and a lease, and every state change is an
 * `UPDATE … WHERE <still in the old state> RETURNING`, so overlapping sweeps revoke and audit each
 * token, and each intent, once. Scheduling is the caller's; time comes from `clock`.
 */
export async function sweepExpiredTokens(options: SweepOptions): Promise<SweepReport> {
  const { ledger, revoke, clock } = options;
  const at = clock();
  const stopAt = at + (options.deadlineMs ?? SWEEP_DEADLINE_MS);
  const report: SweepReport = {
    at,
    revoked: [],
    alreadyRevoked: [],
    failed: [],
    deferred: 0,
    uncertain: [],
    lapsed: [],
  };
  sweeping: for (;;) {
    const due = await ledger.claimDue(at, at + SWEEP_LEASE_MS, BATCH);
    for (const [index, entry] of due.entries()) {
      if (clock() >= stopAt) {
        const left = due.slice(index);
        report.deferred += left.length;
        for (const rest of left) await ledger.releaseClaim(rest.id);
        break sweeping;
      }
      await revokeDue(ledger, revoke, clock, entry, report);
    }
    if (due.length < BATCH) break;
  }
  // Failed ones stay claimed until here, so this sweep does not pick them up again; the next does.
  for (const { id } of report.failed) await ledger.releaseClaim(id);
  await settleIntents(options, at, report);
  if (ledger.purgeExpired) report.purged = await ledger.purgeExpired(at);
  return report;
}

async function revokeDue(
  ledger: TokenLedger,
  revoke: SweepOptions['revoke'],
  clock: () => number,
  entry: LedgerEntry,
  report: SweepReport,
): Promise<void> {
  const token = await ledger.reveal(entry.id);
  if (token === undefined) {
    report.alreadyRevoked.push(entry.id);
    return;
  }
  let confirmed: boolean;
  try {
    confirmed = await revoke(token, entry);
  } catch (error) {
    // The reason is logged by the caller: make sure it cannot carry the token along.
    report.failed.push({
      id: entry.id,
      reason: String(error instanceof Error ? error.message : error)
        .split(token)
        .join('[token]'),
    });
    return;
  }
  if (confirmed) {
    // `revoke` may have marked (and audited) it already; this mark is then a no-op.
    await ledger.markRevoked(entry.id, clock());
    report.revoked.push(entry.id);
  } else if ((await ledger.findById(entry.id))?.revokedAt !== undefined) {
    report.alreadyRevoked.push(entry.id);
  } else {
    report.failed.push({ id: entry.id, reason: 'GitHub did not confirm the revocation' });
  }
}

/**
 * Pending intents past PENDING_STALE_MS become uncertain, with an audit record and an alert: the
 * App cannot find out whether GitHub minted, only say so (UNCERTAIN_MINT_ADVICE). Uncertain
 * intents past GitHub's hour lapse.
 */
async function settleIntents(
  options: SweepOptions,
  at: number,
  report: SweepReport,
): Promise<void> {
  const { ledger, clock } = options;
  const alert = options.alert ?? defaultAlert();
  const stale: MintIntent[] = await ledger.openIntents(['pending'], at - PENDING_STALE_MS, BATCH);
  for (const intent of stale) {
    const reason = `no outcome recorded within ${PENDING_STALE_MS / 1000} s of the intent: the App stopped or lost its database while the mint may have been in flight`;
    const moved = await ledger.settleIntent(intent.id, {
      from: ['pending'],
      to: 'uncertain',
      reason,
      at: clock(),
      audit: intentDecision(intent, 'uncertain', 'mint_uncertain', reason, 'airlock:sweep'),
    });
    if (!moved) continue;
    report.uncertain.push(intent.id);
    alert.error(
      {
        alert: 'mint_uncertain',
        intent_id: intent.id,
        repository: intent.repository,
        run_id: intent.runId,
        installation_id: intent.installationId,
        identity: intent.identity,
        permissions: intent.permissions,
        created_at: new Date(intent.createdAt).toISOString(),
        advice: UNCERTAIN_MINT_ADVICE,
      },
      `GitHub may have minted an installation token the broker does not hold (intent ${intent.id})`,
    );
  }
  const old = await ledger.openIntents(['uncertain'], at - UNCERTAIN_LAPSE_MS, BATCH);
  for (const intent of old) {
    const reason =
      "GitHub's one-hour token lifetime has passed: any token this mint produced has expired";
    if (
      await ledger.settleIntent(intent.id, {
        from: ['uncertain'],
        to: 'lapsed',
        reason,
        at: clock(),
        audit: intentDecision(intent, 'lapsed', 'mint_lapsed', reason, 'airlock:sweep'),
      })
    )
      report.lapsed.push(intent.id);
  }
}
