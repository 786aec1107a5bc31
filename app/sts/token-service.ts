import type { Logger } from 'pino';
import { decideGrant, type GrantRequest } from '../../src/sts/decide-grant.js';
import { checkCeiling } from '../../src/sts/org-ceiling.js';
import { StsError } from '../../src/sts/sts-error.js';
import type { VerifiedClaims } from '../../src/sts/verify-oidc-token.js';
import type { AuditInput } from '../../src/audit/audit-record.js';
import { evaluatePolicy } from '../../src/policy/evaluate-policy.js';
import type { PolicyDecider } from '../../src/policy/backends/policy-decider.js';
import { decisionDigest } from '../../src/policy/decision-digest.js';
import { REQUEST_PATH_LIMITS } from '../../src/policy/policy-modules.js';
import type { ModuleSource } from '../../src/policy/rego/rego-policy.js';
import { abortReason, BROKER_DEADLINE_MS, checkAlive, MINT_ANSWER_GRACE_MS } from './broker-deadline.js';
import { intentDecision, tokenRevoked } from './intent-audit.js';
import { MintError, UNCERTAIN_MINT_ADVICE } from './mint-error.js';
import { loadRunTrust, verifiedClaims, type RunTrustDeps } from './run-trust.js';
import type { BegunMint, LedgerEntry, MintIntent, TokenLedger } from './token-ledger.js';
import type { IdentitySuspensions } from '../containment/identity-suspensions.js';

export interface TokenServiceDeps extends RunTrustDeps {
  ledger: TokenLedger;
  /** The `airlock.sts` policy (with the rest of the policy set), evaluated after the trust policy. */
  policies: ModuleSource[];
  /** Where `airlock.sts` is evaluated (AIRLOCK_POLICY_BACKEND); the embedded evaluator over `policies` when absent. */
  decide?: PolicyDecider;
  /** Appends to the hash-chained audit log; never given a credential. */
  audit: (input: AuditInput) => Promise<void>;
  log: Logger;
  /** Suspended identities (containment, the kill switch): refused before anything is minted. */
  suspensions?: Pick<IdentitySuspensions, 'find'>;
}

export interface TokenResponse {
  token: string;
  token_id: string;
  expires_at: string;
  permissions: Record<string, string>;
  repositories: string[];
  /** The `airlock.sts` decision that allowed it, by digest (src/policy/decision-digest.ts): the Action records it in the attestation's `policyDecisions`. */
  policy_decision: { policy: 'airlock.sts'; allow: true; decision_digest: string };
}

/** One HTTP request's end (app/sts/broker-deadline.ts): its signal and its deadline (epoch ms). */
export interface BrokerRequest {
  signal: AbortSignal;
  deadline: number;
  /** When it arrived (performance.now()): GitHub reads sent since then may serve it (app/sts/in-flight-reads.ts). */
  since?: number;
}

/** How far an exchange got, which decides how its failure is audited and whether its jti goes back. */
interface Progress {
  /** The outcome was audited with the mint intent's change of state (or will be, by the sweep). */
  audited: boolean;
  /** The mint request left for GitHub. */
  sent: boolean;
  /** ...and GitHub may have minted (it did not refuse): the OIDC token is spent for good. */
  mayHaveMinted: boolean;
}

/**
 * POST /airlock/v1/token: OIDC token + trust policy from the default branch -> a narrowed token.
 * Every decision on a verified token is audited; unverified requests are only logged, so
 * anonymous traffic cannot fill the audit log. Before GitHub is asked for a token, a mint intent
 * is written (app/sts/token-ledger.ts), so every mint ends recorded or visibly uncertain.
 */
export async function exchangeToken(deps: TokenServiceDeps, oidcToken: string | undefined, body: unknown, request?: BrokerRequest): Promise<TokenResponse> {
  const claims = await verifiedClaims(deps, oidcToken, request?.signal);
  const progress: Progress = { audited: false, sent: false, mayHaveMinted: false };
  // Failed before the mint was sent, for a passing reason: the same OIDC token may try again (the
  // Action sends a fresh one anyway). Never once the mint may have reached GitHub: that jti may
  // have a token.
  // At most once per exchange: a retry may have claimed the jti again since, and that claim stays.
  let released = false;
  const releaseJti = async () => {
    if (released) return;
    released = true;
    await deps.ledger.releaseJti(claims.jti).catch((releaseError: Error) => deps.log.warn({ err: { message: releaseError.message } }, 'could not release the OIDC jti of a failed exchange'));
  };
  // At the deadline an unsent mint is never sent (the gateway checks the signal first), so the
  // jti can go back then, while the client still has time to retry with it.
  const onAbort = () => void (progress.sent ? undefined : releaseJti());
  request?.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await grantToken(deps, claims, body, request ?? { signal: new AbortController().signal, deadline: deps.clock() + BROKER_DEADLINE_MS }, progress);
  } catch (error) {
    // An error caused by the request ending (an aborted read) is reported as that end.
    const failure = !(error instanceof StsError) && request?.signal.aborted ? abortReason(request.signal) : error;
    const code = failure instanceof StsError ? failure.code : 'internal_error';
    const status = failure instanceof StsError ? failure.status : 500;
    if (status >= 500 && !progress.mayHaveMinted) await releaseJti();
    if (!progress.audited) {
      await deps
        .audit({ kind: 'decision', actor: `github:${String(claims.all.actor ?? 'unknown')}`, subject: claims.repository, data: { decision: 'deny', code, run_id: String(claims.all.run_id ?? ''), workflow_ref: String(claims.all.workflow_ref ?? ''), event_name: claims.eventName, ref: claims.ref } })
        .catch((auditError: Error) => deps.log.error({ code, err: { message: auditError.message } }, 'could not audit a refused token request'));
    }
    throw failure;
  } finally {
    request?.signal.removeEventListener('abort', onAbort);
  }
}

async function grantToken(deps: TokenServiceDeps, claims: VerifiedClaims, body: unknown, request: BrokerRequest, progress: Progress): Promise<TokenResponse> {
  const { signal } = request;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new StsError('request_invalid', 'body must be JSON: {"identity": "<trust policy name>", "permissions": {...}}');
  const grantRequest = body as { identity?: unknown } & GrantRequest;
  const { installation, repo, policy, ceiling } = await loadRunTrust(deps, claims, grantRequest.identity, { signal, since: request.since });
  const grant = decideGrant(claims, policy, repo, grantRequest);
  checkCeiling(grant, policy, ceiling);
  for (const [name, level] of Object.entries(grant.permissions)) {
    const held = installation.permissions[name];
    if (!held || (level === 'write' && held === 'read')) throw new StsError('permission_not_allowed', `the App installation does not hold ${name}: ${level}`);
  }
  // Policy as code on top of the built-in checks: `data.airlock.sts` must allow. Any policy
  // error (parse, conflict, limits) is a denial.
  const decide: PolicyDecider = deps.decide ?? (async (request) => evaluatePolicy({ modules: deps.policies, limits: REQUEST_PATH_LIMITS, ...request }));
  const decision = await decide({
    entrypoint: 'airlock.sts',
    input: {
      identity: policy.name,
      claims: claims.all,
      repository: { id: repo.id, owner: repo.owner, name: repo.name, default_branch: repo.defaultBranch },
      request: { permissions: grant.permissions, repositories: grant.repositories },
      trust_policy: { permissions: policy.permissions, event_names: policy.eventNames, max_lifetime_seconds: policy.maxLifetimeSeconds, repositories: policy.repositories ?? [repo.name], ...(policy.refs ? { refs: policy.refs } : {}), ...(policy.jobWorkflowRefs ? { job_workflow_refs: policy.jobWorkflowRefs } : {}) },
      ceiling: { max_permissions: ceiling.maxPermissions, repository_writes: ceiling.repositoryWrites, allowed_issuers: ceiling.allowedIssuers },
      installation: { permissions: installation.permissions },
    },
  });
  if (!decision.allow) {
    throw new StsError(decision.error ? 'policy_error' : 'policy_denied', `policy airlock.sts denied the request: ${decision.deny.join('; ')} (policy ${decision.policy_digest.slice(0, 12)}, input ${decision.input_digest.slice(0, 12)})`);
  }
  const claim = (name: string) => (typeof claims.all[name] === 'string' ? (claims.all[name] as string) : '');
  checkAlive(signal);
  // Written before GitHub is asked: from here on, whatever happens to the mint is on record. The
  // run is trusted; a suspended identity still gets nothing (THREATS.md F 37: a suspended identity
  // exchanging a fresh OIDC token): the ledger writes no intent for it, in the same statement that
  // reads its suspension. A store that cannot say denies.
  let begun: BegunMint;
  try {
    begun = await deps.ledger.beginMint(
      { jti: claims.jti, runId: claim('run_id'), repositoryId: repo.id, repository: `${repo.owner}/${repo.name}`, installationId: installation.id, identity: policy.name, permissions: grant.permissions, repositories: grant.repositories, deadline: request.deadline },
      deps.clock(),
    );
  } catch (error) {
    checkAlive(signal);
    // The database failed before GitHub was asked (a pool that cannot connect to a stalled server
    // gives up after connectionTimeoutMillis): a passing failure, answered 503 so the Action retries.
    deps.log.warn({ err: { message: (error as Error).message } }, 'could not write the mint intent');
    throw new StsError('store_unavailable', 'the broker could not record the request, so it asked GitHub for nothing; retry with a fresh OIDC token');
  }
  if (begun.suspension) throw suspendedError(`${repo.owner}/${repo.name}`, policy.name, begun.suspension);
  const { intent } = begun;
  let minted: { token: string; expiresAt: string };
  try {
    minted = await deps.github.mintToken(installation.id, grant.permissions, grant.repositories, {
      signal,
      answerWithinMs: Math.max(0, request.deadline - deps.clock()) + MINT_ANSWER_GRACE_MS,
      onSent: () => {
        progress.sent = true;
        progress.mayHaveMinted = true;
      },
    });
  } catch (error) {
    throw await mintFailed(deps, intent, error, signal, progress);
  }
  const now = deps.clock();
  // One digest names the decision in the audit record and in the answer the Action attests.
  const digest = decisionDigest('airlock.sts', decision);
  let entry: LedgerEntry;
  try {
    entry = await deps.ledger.recordMint(
      intent.id,
      {
        repositoryId: repo.id,
        runId: claim('run_id'),
        identity: policy.name,
        permissions: grant.permissions,
        repositories: grant.repositories,
        expiresAt: Date.parse(minted.expiresAt),
        // A token for a request that is already over is due at once (the route revokes it too).
        revokeBy: signal.aborted ? now : now + grant.lifetimeSeconds * 1000,
        claims: { workflow: claim('workflow'), workflowRef: claim('workflow_ref'), actor: claim('actor'), ref: claims.ref, eventName: claims.eventName, sha: claim('sha') },
      },
      minted.token,
      { kind: 'token_minted', actor: `github:${claim('actor') || 'unknown'}`, subject: `${repo.owner}/${repo.name}`, data: { token_id: intent.id, identity: policy.name, permissions: grant.permissions, repositories: grant.repositories, run_id: claim('run_id'), workflow_ref: claim('workflow_ref'), event_name: claims.eventName, ref: claims.ref, revoke_by: new Date(now + grant.lifetimeSeconds * 1000).toISOString(), policy_decision: { policy: 'airlock.sts', decision_digest: digest, policy_digest: decision.policy_digest, input_digest: decision.input_digest } } },
    );
  } catch (error) {
    throw await recordingFailed(deps, intent, minted.token, error, progress);
  }
  progress.audited = true;
  await handOutUnlessSuspended(deps, entry, minted.token, `${repo.owner}/${repo.name}`);
  deps.log.info({ token_id: entry.id, repository: claims.repository, run_id: claims.all.run_id, identity: policy.name, permissions: grant.permissions }, 'minted installation token');
  return { token: minted.token, token_id: entry.id, expires_at: new Date(entry.revokeBy).toISOString(), permissions: grant.permissions, repositories: grant.repositories, policy_decision: { policy: 'airlock.sts', allow: true, decision_digest: digest } };
}

/**
 * Containment may suspend the identity while its token is being minted, after the check above and
 * after its own revocation pass (THREATS.md F 37): asked again once the token is recorded, and a
 * token minted for a suspended identity is revoked (made due if GitHub does not confirm), never
 * handed out.
 */
async function handOutUnlessSuspended(deps: TokenServiceDeps, entry: LedgerEntry, token: string, repository: string): Promise<void> {
  try {
    await refuseSuspended(deps, entry.repositoryId, repository, entry.identity);
  } catch (refusal) {
    await revokeEntry(deps, entry, token, 'the identity was suspended while the token was minted').catch(async () => {
      await deps.ledger.markDue(entry.id, deps.clock()).catch(() => undefined);
    });
    throw refusal;
  }
}

/** `identity_suspended` while (repository, identity) is suspended; `store_unavailable` when that cannot be read. */
export async function refuseSuspended(deps: Pick<TokenServiceDeps, 'suspensions' | 'log'>, repositoryId: number, repository: string, identity: string): Promise<void> {
  if (!deps.suspensions) return;
  let suspension;
  try {
    suspension = await deps.suspensions.find(repositoryId, identity);
  } catch (error) {
    deps.log.warn({ err: { message: (error as Error).message } }, 'could not read identity suspensions');
    throw new StsError('store_unavailable', 'the broker could not check whether this identity is suspended, so it granted nothing; retry');
  }
  if (suspension) throw suspendedError(repository, identity, suspension);
}

function suspendedError(repository: string, identity: string, suspension: { suspendedAt: number; reason: string }): StsError {
  return new StsError('identity_suspended', `identity ${identity} is suspended in ${repository} since ${new Date(suspension.suspendedAt).toISOString()} (${suspension.reason}); a person with write access resumes it with a comment \`/airlock resume ${identity}\` on any issue of the repository, or \`airlock identity resume ${repository} ${identity}\``);
}

/** The mint gave no token: settle the intent (failed, or uncertain and alerted) and say why. */
async function mintFailed(deps: TokenServiceDeps, intent: MintIntent, error: unknown, signal: AbortSignal, progress: Progress): Promise<StsError> {
  const failure = error instanceof MintError ? error : new MintError('uncertain', undefined, `the mint failed unexpectedly (${(error as Error).message})`);
  // Whatever happens below, the intent is on record: if settling it fails too, it stays pending
  // and the sweep makes it uncertain, with its audit record.
  progress.audited = true;
  // Refused or never sent: GitHub minted nothing for this jti.
  progress.mayHaveMinted = failure.outcome === 'uncertain';
  if (failure.outcome === 'uncertain') {
    const settled = await deps.ledger
      .settleIntent(intent.id, { from: ['pending'], to: 'uncertain', reason: failure.message, at: deps.clock(), audit: intentDecision(intent, 'uncertain', 'mint_uncertain', failure.message, 'airlock') })
      .catch((settleError: Error) => deps.log.error({ intent_id: intent.id, err: { message: settleError.message } }, 'could not record an uncertain mint; it stays pending until the sweep'));
    // The App cannot look for this token at GitHub; it can only say so (UNCERTAIN_MINT_ADVICE).
    deps.log.error({ alert: 'mint_uncertain', intent_id: intent.id, repository: intent.repository, run_id: intent.runId, installation_id: intent.installationId, identity: intent.identity, permissions: intent.permissions, recorded: settled === true, reason: failure.message, advice: UNCERTAIN_MINT_ADVICE }, 'GitHub may have minted an installation token the broker does not hold');
    return new StsError('mint_uncertain', 'GitHub did not answer whether it minted the token; nothing was handed out; retry with a fresh OIDC token');
  }
  const sts =
    failure.outcome === 'not_sent'
      ? signal.aborted
        ? abortReason(signal)
        : new StsError('github_unavailable', `${failure.message}; retry later`)
      : failure.status === 422
        ? new StsError('permission_not_allowed', `GitHub refused to mint the token (422): the installation does not grant these permissions or repositories`)
        : new StsError('github_unavailable', `GitHub refused to mint the token (status ${failure.status}); retry later`);
  await deps.ledger
    .settleIntent(intent.id, { from: ['pending'], to: 'failed', reason: failure.message, at: deps.clock(), audit: intentDecision(intent, 'failed', sts.code, failure.message, 'airlock') })
    .catch((settleError: Error) => deps.log.error({ intent_id: intent.id, err: { message: settleError.message } }, 'could not record a failed mint; it stays pending until the sweep'));
  return sts;
}

/** GitHub minted, but the ledger could not take the token: revoke it at once, before answering. */
async function recordingFailed(deps: TokenServiceDeps, intent: MintIntent, token: string, error: unknown, progress: Progress): Promise<StsError> {
  progress.audited = true;
  const revoked = await deps.github.revokeToken(token).catch(() => false);
  const reason = `recording the minted token failed (${(error as Error).message})`;
  const settled = revoked
    ? await deps.ledger
        .settleIntent(intent.id, { from: ['pending', 'uncertain'], to: 'abandoned', reason, at: deps.clock(), audit: tokenRevoked({ id: intent.id, repositoryId: intent.repositoryId, runId: intent.runId }, reason, 'abandoned') })
        .catch(() => false)
    : false;
  if (revoked) deps.log.error({ intent_id: intent.id, recorded: settled }, `${reason}; the token was revoked at once${settled ? '' : ', and the intent stays pending until the sweep marks it uncertain'}`);
  else deps.log.error({ alert: 'mint_unrecorded', intent_id: intent.id, repository: intent.repository, run_id: intent.runId }, `${reason}, and revoking it failed too: it stays live until GitHub expires it (an hour); the intent stays pending until the sweep marks it uncertain`);
  return new StsError('store_unavailable', 'the broker could not record the token GitHub minted, so it did not hand it out; retry with a fresh OIDC token');
}

/**
 * Revokes at GitHub, then marks the token revoked; only the revoker whose mark changed the row
 * audits it, so racing revokers (sweeps, the post step, an agent push) leave one record.
 * `abandoned`: the token was minted for a request that ended before it could be handed out.
 */
export async function revokeEntry(deps: Pick<TokenServiceDeps, 'ledger' | 'clock'> & { github: Pick<TokenServiceDeps['github'], 'revokeToken'>; log: Pick<Logger, 'info'> }, entry: LedgerEntry, token: string, reason: string, options: { abandoned?: boolean } = {}): Promise<void> {
  if (!(await deps.github.revokeToken(token))) throw new StsError('github_unavailable', 'GitHub did not confirm the revocation; retry');
  const marked = await deps.ledger.markRevoked(entry.id, deps.clock(), { audit: tokenRevoked(entry, reason, options.abandoned ? 'abandoned' : undefined), ...(options.abandoned ? { abandon: reason } : {}) });
  if (marked) deps.log.info({ token_id: entry.id, reason }, 'revoked installation token');
}

/**
 * A token minted for a request that ended (deadline, client gone) before it was handed out:
 * revoked now; if GitHub cannot confirm, made due so the next sweep retries.
 */
export async function abandonToken(deps: TokenServiceDeps, answer: TokenResponse, reason: string): Promise<void> {
  try {
    const entry = await deps.ledger.findById(answer.token_id);
    if (!entry) throw new Error('not in the ledger');
    await revokeEntry(deps, entry, answer.token, reason, { abandoned: true });
  } catch (error) {
    await deps.ledger.markDue(answer.token_id, deps.clock()).catch(() => undefined);
    deps.log.error({ alert: 'abandoned_token_live', token_id: answer.token_id, err: { message: (error as Error).message } }, `could not revoke a token nobody was handed (${reason}); the next sweep retries`);
  }
}

/** DELETE /airlock/v1/token with the token itself. */
export async function revokeByToken(deps: TokenServiceDeps, token: string | undefined): Promise<void> {
  if (!token) throw new StsError('request_invalid', 'send the token to revoke as `Authorization: token <token>`');
  const entry = await deps.ledger.findByToken(token);
  if (!entry) throw new StsError('token_not_found', 'this token was not minted by this broker');
  if (entry.revokedAt === undefined) await revokeEntry(deps, entry, token, 'agent step ended');
}

/**
 * DELETE /airlock/v1/tokens/{id} with a fresh OIDC token of the same run: the post step's
 * backstop, which never needs the credential on disk.
 */
export async function revokeById(deps: TokenServiceDeps, oidcToken: string | undefined, id: string, signal?: AbortSignal): Promise<void> {
  const claims = await verifiedClaims(deps, oidcToken, signal);
  const entry = await deps.ledger.findById(id);
  if (!entry) throw new StsError('token_not_found', `no token ${id}`);
  if (entry.repositoryId !== claims.repositoryId || entry.runId !== String(claims.all.run_id ?? '')) {
    throw new StsError('token_not_owned', 'this token was minted for another repository or workflow run');
  }
  if (entry.revokedAt !== undefined) return;
  const token = await deps.ledger.reveal(id);
  if (token === undefined) return;
  await revokeEntry(deps, entry, token, 'post step backstop');
}
