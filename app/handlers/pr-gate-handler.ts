import type { Context, Probot } from 'probot';
import type { AppStore } from '../app-store.js';
import type { AirlockConfig } from '../config/airlock-config.js';
import { configReader } from '../config/read-config.js';
import { ConditionalCache } from '../gate/conditional-cache.js';
import { CachedConfig, configInvalidation, type PushFacts } from '../gate/cached-config.js';
import { existingGateCheck, writeGateCheckOnce, type GateCheckRecords, type GateCheckTarget } from '../gate/gate-check-run.js';
import type { Decision } from '../../src/policy/policy-backend.js';
import { applyButtonApproval, applyCommentEvent, judgeApproval, recordedClaims, reviewClaims, type ApprovalChange, type JudgedApproval } from '../gate/approvals.js';
import { findGateCheck, writeGateCheck, type CommitRef, type ExistingGateCheck } from '../gate/gate-check.js';
import { parseGateCommand } from '../gate/gate-command.js';
import { approverTeamMembers, listChangedFiles, listOpenPulls, listPullsHeadedBy, lookupCollaborators, pullFacts, type PullFacts } from '../gate/gate-facts.js';
import { gateReviews } from '../gate/gate-reviews.js';
import { markReviewSeen } from '../../src/store/gate-review-marks.js';
import { buildGateInput, changedPaths, type ChangedFile, type PrPolicyInput, type SecretFindings } from '../gate/gate-input.js';
import { pullChangeset, type AttestationCheck } from '../gate/attestation-status.js';
import { attestedRunInput } from '../gate/attested-run.js';
import { signWithKey, type KeySigner } from '../../src/attest/key-signing.js';
import { verdictStatement } from '../../src/attest/verdict-statement.js';
import { prPolicy } from '../gate/gate-policy.js';
import { escapeMarkdown, renderGateReport } from '../gate/gate-report.js';
import { DONE_MARKED, runOncePerDelivery } from '../once-per-delivery.js';
import { gateCheckIdChange } from '../../src/store/gate-check-runs.js';
import { EMPTY_GATE_STATE, type GateState } from '../gate/gate-state.js';

/** The pull request the gate judges, as the handler read it from GitHub. */
export interface GatedPull {
  owner: string;
  repo: string;
  number: number;
  author: string;
  headSha: string;
  baseRef: string;
  repositoryId: number;
  defaultBranch: string;
  /** https://github.com/<owner>/<repo>, as the verdict names the resource. */
  htmlUrl: string;
}

export interface PrGateDeps {
  store: AppStore;
  appSlug: () => Promise<string>;
  /** The agent-run attestation of the pull request's changeset; without it, `unknown` (the policy denies it). */
  attestationStatus?: (pull: GatedPull, context: Context, files: ChangedFile[]) => Promise<AttestationCheck>;
  /** Signs each decision as a verification summary; without it, verdicts are not signed. */
  verdictSigner?: KeySigner;
  /** Secret scan of the pull request's files (the gate's one read of them); without it, `unknown` (the policy denies it). */
  secretFindings?: (pull: GatedPull, context: Context, files: ChangedFile[]) => Promise<SecretFindings>;
  /** The `airlock.pr` decision; by default the shipped policies (or AIRLOCK_POLICY_DIR). */
  policy?: (input: PrPolicyInput) => Promise<Decision>;
  config?: (context: Context, owner: string, repo: string) => Promise<AirlockConfig>;
  /** GitHub answers kept with their ETags (config layers, reviews); by default one per gate. */
  conditional?: ConditionalCache;
  /** For the configuration's time to live and the check-run claims; Date.now by default. */
  clock?: () => number;
}

/** What the event asks of the gate, independent of the webhook's shape. */
type Trigger =
  | { kind: 'pull'; action: string; number: number; payloadSha: string; before?: string }
  | { kind: 'review'; number: number; payloadSha: string }
  | { kind: 'comment'; action: 'created' | 'edited' | 'deleted'; number: number; commentId: number; author: string; body: string }
  | { kind: 'button'; sha: string; identifier: string }
  | { kind: 'rerun'; sha: string };

/**
 * The pull request gate (issue 5 item 5): one `Airlock` check run per head commit of every
 * pull request an agent opened or pushed to (or every pull request with
 * `gate_all_pull_requests`), deciding with the `airlock.pr` policy and counting only human
 * approvals bound to the head commit. Each delivery runs once (`X-GitHub-Delivery`).
 */
export function registerPrGate(app: Probot, deps: PrGateDeps): void {
  const gate = new PrGate(deps);
  // A push to a default branch that may change a configuration the gate keeps makes it read it
  // again (app/gate/cached-config.ts). Not once per delivery: the push handler claims the
  // delivery, and forgetting twice is harmless.
  app.on('push', (context) => {
    gate.configPushed(context.payload as unknown as PushFacts);
    return Promise.resolve();
  });
  app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.edited'], (context) => {
    const p = context.payload;
    return gate.handle(context, p.sender?.login ?? '', { kind: 'pull', action: p.action, number: p.pull_request.number, payloadSha: p.pull_request.head.sha, ...('before' in p ? { before: p.before } : {}) });
  });
  app.on(['pull_request_review.submitted', 'pull_request_review.dismissed'], (context) => {
    const p = context.payload;
    return gate.handle(context, p.sender?.login ?? '', { kind: 'review', number: p.pull_request.number, payloadSha: p.pull_request.head.sha });
  });
  app.on(['issue_comment.created', 'issue_comment.edited', 'issue_comment.deleted'], (context) => {
    const p = context.payload;
    // Comments on plain issues are none of the gate's business.
    if (!p.issue.pull_request) return Promise.resolve();
    return gate.handle(context, p.sender.login, { kind: 'comment', action: p.action, number: p.issue.number, commentId: p.comment.id, author: p.comment.user?.login ?? '', body: p.comment.body ?? '' });
  });
  app.on(['check_run.requested_action', 'check_run.rerequested'], async (context) => {
    const p = context.payload;
    // Only this App's own `Airlock` runs; another App's run of the same name is not ours to act on.
    if (p.check_run.name !== 'Airlock' || p.check_run.app?.slug !== (await deps.appSlug())) return;
    const trigger: Trigger = p.action === 'requested_action' ? { kind: 'button', sha: p.check_run.head_sha, identifier: p.requested_action?.identifier ?? '' } : { kind: 'rerun', sha: p.check_run.head_sha };
    return gate.handle(context, p.sender.login, trigger);
  });
}

const lower = (s: string) => s.toLowerCase();

class PrGate {
  private readonly policy: (input: PrPolicyInput) => Promise<Decision>;
  private readonly config: (context: Context, owner: string, repo: string) => Promise<AirlockConfig>;
  private readonly conditional: ConditionalCache;
  private readonly cachedConfig: CachedConfig | undefined;
  private readonly records: GateCheckRecords;

  /** Per head commit: the tail of the evaluations queued for it in this process. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: PrGateDeps) {
    this.policy = deps.policy ?? prPolicy();
    this.conditional = deps.conditional ?? new ConditionalCache();
    const clock = deps.clock ?? Date.now;
    this.cachedConfig = deps.config ? undefined : new CachedConfig({ read: configReader({ conditional: this.conditional }), clock });
    this.config = deps.config ?? this.cachedConfig!.read;
    this.records = { db: deps.store.db, clock };
  }

  configPushed(push: PushFacts): void {
    this.cachedConfig?.invalidate(configInvalidation(push));
  }

  handle(context: Context, sender: string, trigger: Trigger): Promise<void> {
    return runOncePerDelivery(this.deps.store, context, () => this.decide(context, sender, trigger));
  }

  private async decide(context: Context, sender: string, trigger: Trigger): Promise<void | typeof DONE_MARKED> {
    const slug = await this.deps.appSlug();
    // This App's own comments, reviews and check-run events would only echo what it did. Its
    // pull request events are NOT ignored: tokens the broker mints act as this App's bot, so an
    // agent using one opens and pushes pull requests as `<slug>[bot]`.
    if (lower(sender) === lower(`${slug}[bot]`) && trigger.kind !== 'pull') return;
    const { owner, repo } = context.repo();
    // First, before anything can return: a later `synchronize` of the pull request must read its
    // reviews (app/gate/gate-reviews.ts). A failure here fails the delivery, which the queue retries.
    if (trigger.kind === 'review') await markReviewSeen(this.records.db, { repositoryId: Number((context.payload as { repository: { id: number } }).repository.id), pullNumber: trigger.number, at: this.records.clock() });
    let sha = 'payloadSha' in trigger ? trigger.payloadSha : 'sha' in trigger ? trigger.sha : undefined;
    try {
      const found = await this.findPull(context, owner, repo, trigger);
      if (!found) return;
      const { pull, duplicates } = found;
      sha = pull.headSha;
      return await this.oneAtATime(`${owner}/${repo}@${pull.headSha}`, () => this.evaluate(context, { slug, sender, trigger, pull, duplicates }));
    } catch (error) {
      await this.reportError(context, { owner, repo, sha, slug, sender, error });
    }
  }

  /**
   * Evaluations of one head commit run one after another: each reads the commit's check run
   * (its state: approvals, override), changes it and writes it back, and two at once would create
   * two runs or lose an approval. This orders events within one process only; replicas of the
   * App can still interleave (a shared lock, e.g. a PostgreSQL advisory lock, would close that).
   */
  private async oneAtATime<T>(key: string, run: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const current = previous.then(run, run);
    const tail = current.catch(() => undefined);
    this.queues.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    }
  }

  /**
   * The open pull request the event is about, read fresh from GitHub (payloads can be stale), and
   * the other open pull requests its head commit heads (one approved commit must not pass two).
   * Both come from one small answer, the pull requests of the head commit, when it holds the pull
   * request itself with that head. When it does not (a payload behind the head, a head already on
   * the default branch, GitHub not yet done associating a fresh push), the pull request is read on
   * its own and the other heads from every open pull request, as the gate did before: a partial
   * answer never means "no other pull request".
   */
  private async findPull(context: Context, owner: string, repo: string, trigger: Trigger): Promise<{ pull: GatedPull; duplicates: number[] } | undefined> {
    const { octokit } = context;
    const repoRef = { owner, repo };
    let number: number;
    let listed: { sha: string; pulls: PullFacts[] } | undefined;
    if (trigger.kind === 'button' || trigger.kind === 'rerun') {
      listed = { sha: trigger.sha, pulls: await listPullsHeadedBy(octokit, repoRef, trigger.sha) };
      let numbers = listed.pulls.map((p) => p.number);
      if (numbers.length === 0) numbers = (await listOpenPulls(octokit, repoRef)).filter((p) => p.headSha === trigger.sha).map((p) => p.number);
      if (numbers.length === 0) {
        context.log.info({ sha: trigger.sha }, 'check run of a commit that heads no open pull request');
        if (trigger.kind === 'button') await this.deps.store.audit({ kind: 'approval', actor: `github:${context.payload.sender?.login ?? ''}`, subject: `${owner}/${repo}@${trigger.sha}`, data: { via: 'button', accepted: false, reason: 'the commit is not the head of an open pull request', delivery: context.id } });
        return undefined;
      }
      number = Math.min(...numbers);
    } else {
      number = trigger.number;
      if (trigger.kind !== 'comment') listed = { sha: trigger.payloadSha, pulls: await listPullsHeadedBy(octokit, repoRef, trigger.payloadSha) };
    }
    const facts = listed?.pulls.find((p) => p.number === number) ?? pullFacts((await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner, repo, pull_number: number })).data);
    if (facts.state !== 'open') return undefined;
    const heads = listed?.sha === facts.headSha ? listed.pulls : await listPullsHeadedBy(octokit, repoRef, facts.headSha);
    const others = heads.some((p) => p.number === number) ? heads : await listOpenPulls(octokit, repoRef);
    const duplicates = others.filter((p) => p.headSha === facts.headSha && p.number !== number).map((p) => p.number).sort((a, b) => a - b);
    return { pull: { owner, repo, number, author: facts.author, headSha: facts.headSha, baseRef: facts.baseRef, repositoryId: facts.repositoryId, defaultBranch: facts.defaultBranch, htmlUrl: facts.htmlUrl }, duplicates };
  }

  private async evaluate(context: Context, e: { slug: string; sender: string; trigger: Trigger; pull: GatedPull; duplicates: number[] }): Promise<void | typeof DONE_MARKED> {
    const { store } = this.deps;
    const { pull, trigger, sender, duplicates } = e;
    const ref: CommitRef = { owner: pull.owner, repo: pull.repo, sha: pull.headSha };
    const subject = `${pull.owner}/${pull.repo}#${pull.number}`;
    const config = await this.config(context, pull.owner, pull.repo);
    const ownBot = `${e.slug}[bot]`;
    const agents = [...new Set([...config.agents, ownBot])];
    const isAgent = (login: string) => agents.some((a) => lower(a) === lower(login));

    const target: GateCheckTarget = { ref, repositoryId: pull.repositoryId, slug: e.slug, deliveryId: context.id };
    const synchronize = trigger.kind === 'pull' && trigger.action === 'synchronize';
    const pushedByAgent = synchronize && isAgent(sender);
    // A `synchronize` names a head just pushed: unless the App recorded a run for it, it has none.
    // When the pull request is gated whatever that run says (the agent is its author or pusher, or
    // the repository gates all), the run is claimed in the same statement (gate-check-run.ts).
    const claim = isAgent(pull.author) || pushedByAgent || config.gateAllPullRequests;
    const found = await existingGateCheck(context.octokit, this.records, target, synchronize ? { pullNumber: pull.number, claim } : undefined);
    const { existing } = found;
    let state: GateState = existing?.state ?? EMPTY_GATE_STATE;
    // Agent involvement sticks to the pull request: carried from the previous head's check. Read
    // only when it can matter: an agent author or pusher names the agent below anyway.
    if (!state.agent && !isAgent(pull.author) && !pushedByAgent && trigger.kind === 'pull' && trigger.before) state = { ...state, agent: (await findGateCheck(context.octokit, { ...ref, sha: trigger.before }, e.slug))?.state.agent ?? null };
    let gatedBecause: string | undefined;
    if (isAgent(pull.author)) {
      state = { ...state, agent: pull.author };
      gatedBecause = lower(pull.author) === lower(ownBot) ? `opened with a token minted by Airlock (${ownBot})` : `opened by the agent ${pull.author}`;
    } else if (pushedByAgent) {
      state = { ...state, agent: sender };
      gatedBecause = `pushed to by the agent ${sender}`;
    } else if (state.agent) gatedBecause = `changed by the agent ${state.agent}`;
    else if (config.gateAllPullRequests) gatedBecause = 'opened in a repository that gates every pull request (gate_all_pull_requests)';
    if (!gatedBecause) {
      context.log.debug({ pull: subject }, 'pull request not gated: no agent involved');
      return;
    }

    // Apply what this event says about approvals and overrides to the head commit's state.
    let attempt: { via: 'comment' | 'button'; change: ApprovalChange } | undefined;
    if (trigger.kind === 'comment') {
      const command = trigger.action === 'deleted' ? undefined : parseGateCommand(trigger.body);
      if (command?.kind === 'override') {
        if (trigger.action !== 'edited' || lower(sender) === lower(trigger.author)) state = await this.override(context, { subject, sender: trigger.author, reason: command.reason, ref, state });
      } else {
        const change = applyCommentEvent(state, { action: trigger.action, commentId: trigger.commentId, author: trigger.author, sender, body: trigger.body, headSha: pull.headSha });
        state = change.state;
        if (change.outcome) attempt = { via: 'comment', change };
        if (command?.kind === 'invalid') context.log.info({ pull: subject, sender, message: command.message }, 'invalid /airlock command');
      }
    } else if (trigger.kind === 'button' && trigger.identifier === 'approve') {
      const change = applyButtonApproval(state, { login: sender, sha: trigger.sha, headSha: pull.headSha });
      state = change.state;
      attempt = { via: 'button', change };
    }

    const repoRef = { owner: pull.owner, repo: pull.repo };
    const installationId = (context.payload as { installation?: { id?: number } }).installation?.id;
    const [files, reviews] = await Promise.all([
      listChangedFiles(context.octokit, repoRef, pull.number),
      gateReviews(context.octokit, this.records.db, pull, { freshUnrecordedHead: synchronize && !found.lookedUp, conditional: { cache: this.conditional, installationId }, ...(found.reviewSeen === undefined ? {} : { reviewSeen: found.reviewSeen }) }),
    ]);
    const claims = [...reviewClaims(reviews), ...recordedClaims(state.approvals, pull.headSha)];
    const people = await lookupCollaborators(context.octokit, repoRef, claims.map((c) => c.login));
    const teamMembers = config.approvers.teams.length ? await approverTeamMembers(context.octokit, pull.owner, config.approvers.teams, claims.map((c) => c.login)) : [];
    const permissions = new Map([...people].map(([login, p]) => [login, p.permission]));
    const judged: JudgedApproval[] = claims.map((claim) =>
      judgeApproval(
        // The account type GitHub reports wins over what the event or review said.
        { ...claim, userType: people.get(lower(claim.login))?.userType === 'Bot' ? 'Bot' : claim.userType },
        { headSha: pull.headSha, author: pull.author, agents, solo: config.solo, approverUsers: config.approvers.users, approverTeamMembers: teamMembers, approverTeamsConfigured: config.approvers.teams.length > 0, permissions },
      ),
    );
    const { paths, complete } = changedPaths(files);
    const attestation: AttestationCheck = this.deps.attestationStatus ? await this.deps.attestationStatus(pull, context, files) : { status: 'unknown', reason: 'no attestation verifier is configured' };
    const input = buildGateInput({
      number: pull.number,
      author: pull.author,
      headSha: pull.headSha,
      baseRef: pull.baseRef,
      isAgent: state.agent !== null,
      changedFiles: paths,
      changedFilesComplete: complete,
      solo: config.solo,
      approvals: judged.flatMap((j) => (j.policy ? [j.policy] : [])),
      requiredApprovals: config.approvers.required,
      approvalPaths: config.approvalPaths,
      // Where the verified run's agent ran (backend, and a container's image by digest): a policy can require a pinned image.
      // With it, the rest of the verified predicate (egress and DLP counts, credentials and their revocation, resolutions, broker decisions).
      attestation: { status: attestation.status, ...(attestation.verified ? attestedRunInput(attestation.verified.statement.predicate) : {}) },
      secretFindings: this.deps.secretFindings ? await this.deps.secretFindings(pull, context, files) : { status: 'unknown' },
    });
    const decision = await this.policy(input);
    const report = renderGateReport({
      number: pull.number,
      headSha: pull.headSha,
      gatedBecause,
      agentPr: state.agent !== null,
      ...(attestation.status === 'missing' ? { changeset: pullChangeset(files) ?? [] } : {}),
      decision,
      judged,
      requiredApprovals: config.approvers.required,
      duplicates,
      override: state.override,
      agents,
      approverUsers: config.approvers.users,
      approverTeams: config.approvers.teams,
      solo: config.solo,
      attestation,
      verdictKeyId: this.deps.verdictSigner?.keyId,
    });
    const verdict = this.deps.verdictSigner
      ? await signWithKey(
          verdictStatement({
            verifierId: `${e.slug}[bot]`,
            repositoryUrl: pull.htmlUrl,
            headSha: pull.headSha,
            changesetDigest: attestation.changesetDigest,
            passed: report.conclusion === 'success',
            policyDigest: decision.policy_digest,
            inputDigest: decision.input_digest,
            agentRunDigest: attestation.verified?.payloadDigest,
            attestation: attestation.status,
            pullRequest: pull.number,
            approvals: judged.filter((j) => j.counts).map((j) => ({ login: j.claim.login, via: j.claim.via })),
            deny: decision.deny,
            ...(state.override ? { override: state.override } : {}),
            time: new Date().toISOString(),
          }),
          this.deps.verdictSigner,
        )
      : undefined;
    const text = verdict ? ['```json', JSON.stringify(verdict), '```'].join('\n') : undefined;
    // The id of a run created here is recorded with the decision and the done mark, last (below).
    const written = await writeGateCheckOnce(context.octokit, this.records, target, found, { ...report, state, ...(text ? { text } : {}) }, { recordIdLater: true });
    const checkRunId = written.id;
    // The approvers the configuration names are asked to review when the pull request opens and the gate waits for them.
    if (trigger.kind === 'pull' && ['opened', 'reopened', 'ready_for_review'].includes(trigger.action) && report.conclusion === 'failure') await this.requestApprovers(context, pull, config.approvers, agents);

    if (attempt?.change.outcome) {
      const counted = attempt.change.outcome.accepted ? judged.find((j) => j.claim.via === attempt.via && lower(j.claim.login) === lower(sender)) : undefined;
      const { outcome } = attempt.change;
      const accepted = outcome.accepted && counted?.counts === true;
      // Recorded, yet not counting: the reasons are the approver's (permission, agent, author, ...).
      const reason = accepted || !outcome.accepted ? outcome.reason : (counted?.reasons.join('; ') ?? outcome.reason);
      await store.audit({ kind: 'approval', actor: `github:${sender}`, subject, data: { via: attempt.via, sha: pull.headSha, accepted, reason, delivery: context.id } });
    }
    if (trigger.kind === 'review') {
      for (const j of judged.filter((x) => x.claim.via === 'review' && lower(x.claim.login) === lower(sender))) {
        await store.audit({ kind: 'approval', actor: `github:${sender}`, subject, data: { via: 'review', sha: j.claim.sha, accepted: j.counts, reason: j.counts ? 'approving review of the head commit' : j.reasons.join('; '), delivery: context.id } });
      }
    }
    // The decision's record, the delivery's done mark and the created run's id: one write, last,
    // after every other. A failure before it leaves a claim without an id, which the retried
    // delivery takes for a crash after the create and looks the run up on GitHub; the record is
    // written with the mark, so the retry (run because no mark) never writes it twice.
    const appended = await store.auditOnce(context.id, {
      kind: 'decision',
      actor: `app:${e.slug}`,
      subject,
      data: { policy: 'airlock.pr', sha: pull.headSha, conclusion: report.conclusion, allow: decision.allow, deny: decision.deny, low_risk_lane: decision.allow && decision.documents?.low_risk_lane === true, duplicates, override: state.override, gated_because: gatedBecause, policy_digest: decision.policy_digest, input_digest: decision.input_digest, check_run_id: checkRunId, delivery: context.id, attestation: { status: attestation.status, changeset_digest: attestation.changesetDigest ?? null, signer: attestation.verified?.signer.subject ?? null, reason: attestation.reason ?? null }, verdict: verdict ?? null },
    }, written.unrecorded && gateCheckIdChange(written.unrecorded, checkRunId));
    context.log.info({ pull: subject, sha: pull.headSha, conclusion: report.conclusion, ...(appended ? {} : { already_recorded: true }) }, 'pull request gate decided');
    return DONE_MARKED;
  }

  /**
   * Asks the configured approvers (users other than the author and agents; teams) to review.
   * Best effort: a failure to ask leaves the gate as it decided.
   * https://docs.github.com/en/rest/pulls/review-requests#request-reviewers-for-a-pull-request
   */
  private async requestApprovers(context: Context, pull: { owner: string; repo: string; number: number; author: string }, approvers: { users: string[]; teams: string[] }, agents: string[]): Promise<void> {
    const reviewers = approvers.users.filter((u) => lower(u) !== lower(pull.author) && !agents.some((a) => lower(a) === lower(u)));
    if (!reviewers.length && !approvers.teams.length) return;
    try {
      await context.octokit.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', { owner: pull.owner, repo: pull.repo, pull_number: pull.number, reviewers, team_reviewers: approvers.teams.map((t) => t.split('/').pop()!) });
    } catch (error) {
      context.log.warn({ pull: `${pull.owner}/${pull.repo}#${pull.number}`, err: { message: (error as Error).message } }, 'could not ask the approvers to review');
    }
  }

  /** `/airlock override <reason>`: break-glass for repository admins only, always audited. */
  private async override(context: Context, o: { subject: string; sender: string; reason: string; ref: CommitRef; state: GateState }): Promise<GateState> {
    const permission = (await lookupCollaborators(context.octokit, { owner: o.ref.owner, repo: o.ref.repo }, [o.sender])).get(lower(o.sender))?.permission ?? 'none';
    const accepted = permission === 'admin';
    await this.deps.store.audit({ kind: 'override', actor: `github:${o.sender}`, subject: o.subject, data: { sha: o.ref.sha, reason: o.reason, accepted, permission, delivery: context.id } });
    if (!accepted) {
      // Refused without a reply: a comment would give anyone a way to make the App post.
      context.log.warn({ pull: o.subject, sender: o.sender, permission }, 'override refused: only repository admins can override the gate');
      return o.state;
    }
    context.log.warn({ pull: o.subject, sender: o.sender, sha: o.ref.sha }, 'gate overridden by an admin');
    return { ...o.state, override: { login: o.sender, reason: o.reason } };
  }

  /**
   * A failure becomes a failing check on the commit (never a lost event, never a pass: GitHub
   * counts `neutral` as passing a required check). The state of the previous run is kept so a
   * transient error does not forget approvals.
   */
  private async reportError(context: Context, e: { owner: string; repo: string; sha: string | undefined; slug: string; sender: string; error: unknown }): Promise<void> {
    const message = e.error instanceof Error ? e.error.message : String(e.error);
    context.log.error({ delivery: context.id, sha: e.sha, err: { message } }, 'pull request gate failed');
    await this.deps.store.audit({ kind: 'decision', actor: `app:${e.slug}`, subject: `${e.owner}/${e.repo}@${e.sha ?? 'unknown'}`, data: { policy: 'airlock.pr', conclusion: 'failure', error: message, delivery: context.id } });
    if (!e.sha) throw e.error;
    const ref = { owner: e.owner, repo: e.repo, sha: e.sha };
    let existing: ExistingGateCheck | undefined;
    let lookedUp = false;
    try {
      existing = await findGateCheck(context.octokit, ref, e.slug);
      lookedUp = true;
    } catch {
      existing = undefined;
    }
    const summary = [
      `Airlock could not evaluate commit \`${e.sha}\`, so the gate stays closed.`,
      '',
      `**Error:** ${escapeMarkdown(message)}`,
      '',
      '**How to fix:** if the error names the Airlock configuration, correct that file on the default branch; otherwise press **Re-run** on this check. If it persists, the App log has delivery ' + `\`${context.id}\`.`,
    ].join('\n');
    const content = { conclusion: 'failure' as const, title: 'Airlock could not evaluate this commit', summary, state: existing?.state ?? EMPTY_GATE_STATE };
    // Claimed like any other run, so a redelivered `synchronize` does not create a second one.
    const repositoryId = Number((context.payload as { repository?: { id?: number | bigint } }).repository?.id);
    if (Number.isSafeInteger(repositoryId)) await writeGateCheckOnce(context.octokit, this.records, { ref, repositoryId, slug: e.slug, deliveryId: context.id }, { existing, lookedUp }, content);
    else await writeGateCheck(context.octokit, ref, existing, content);
  }
}
