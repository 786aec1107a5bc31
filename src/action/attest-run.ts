import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as Core from '@actions/core';
import { decodeJwt } from 'jose';
import { agentRunStatement, type AgentRunPredicate } from '../attest/agent-run-statement.js';
import { pathsNeedingApproval } from '../attest/approval-paths.js';
import { changesetDigest } from '../attest/changeset-digest.js';
import { signKeyless } from '../attest/sign-keyless.js';
import { workTreeChanges, type BaseSnapshot } from '../attest/work-tree-changes.js';
import type { ActionSettings } from './action-settings.js';
import { policyDecisionsOf } from './broker-decision.js';
import type { CredentialRecord } from './credential-record.js';
import { fetchIdToken, ID_TOKEN_RETRY } from './fetch-id-token.js';
import { escapeHtml, shownPath } from './shown-text.js';
import { withRetry } from '../http/with-retry.js';

/** Sigstore services by repository visibility, as actions/attest chooses them. */
const PUBLIC_GOOD = { fulcioUrl: 'https://fulcio.sigstore.dev', rekorUrl: 'https://rekor.sigstore.dev' };
const GITHUB_PRIVATE = { fulcioUrl: 'https://fulcio.githubapp.com', tsaUrl: 'https://timestamp.githubapp.com' };

export interface RunFacts {
  base: BaseSnapshot;
  records: CredentialRecord[];
  exitCode: number;
  outputRedactions: number;
  /** Secret values the agent's redacted copy held as tokens; absent when it ran in place. */
  tokenisedValues?: number;
  startedOn: string;
  agentStartedOn: string;
  agentFinishedOn: string;
  /** How the agent was isolated and what its network was: stated as they were, never assumed. */
  sandbox: AgentRunPredicate['sandbox'];
  egress: AgentRunPredicate['egress'];
}

export interface AttestDeps {
  core: typeof Core;
  env: NodeJS.ProcessEnv;
  fetch: typeof fetch;
  clock: () => Date;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const claim = (claims: Record<string, unknown>, name: string) => (claims[name] === undefined ? '' : String(claims[name]));

function services(settings: ActionSettings, visibility: string): { fulcioUrl: string; rekorUrl?: string; tsaUrl?: string } {
  const a = settings.attestation;
  if (a.fulcioUrl || a.rekorUrl || a.tsaUrl) return { fulcioUrl: a.fulcioUrl ?? PUBLIC_GOOD.fulcioUrl, rekorUrl: a.rekorUrl, tsaUrl: a.tsaUrl };
  // Private repositories must not publish run details to the public Rekor log.
  return visibility === 'public' ? PUBLIC_GOOD : GITHUB_PRIVATE;
}

/**
 * Signs what the agent did: the changeset against the checkout, the credentials and their
 * revocation, the run that did it. The bundle goes to a file (output `attestation-path`) and, with
 * a `github-token`, to the repository's attestations, where the App's gate finds it by digest.
 * https://docs.github.com/en/rest/repos/attestations#create-an-attestation
 */
/** What the job summary and the pull request say about the attestation. */
export interface AttestedRun {
  changesetDigest: string;
  path: string;
  /** Where GitHub shows it, once uploaded. */
  url?: string;
}

export async function attestRun(settings: ActionSettings, deps: AttestDeps, facts: RunFacts): Promise<AttestedRun> {
  const { core, env } = deps;
  const changes = await workTreeChanges(settings.workingDirectory, facts.base);
  const digest = changesetDigest(changes);
  // One token: its claims are the run's identity, and Fulcio certifies exactly that identity.
  const token = await fetchIdToken((a) => core.getIDToken(a), 'sigstore', ID_TOKEN_RETRY);
  const claims = decodeJwt(token);
  const run: AgentRunPredicate['run'] = {
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    repository: claim(claims, 'repository'),
    repositoryId: claim(claims, 'repository_id'),
    workflowRef: claim(claims, 'workflow_ref'),
    runId: claim(claims, 'run_id'),
    runAttempt: claim(claims, 'run_attempt'),
    ref: claim(claims, 'ref'),
    sha: claim(claims, 'sha'),
    eventName: claim(claims, 'event_name'),
    ...(claims.runner_environment ? { runnerEnvironment: claim(claims, 'runner_environment') } : {}),
  };
  const predicate: AgentRunPredicate = {
    agent: { identity: settings.identity, commandDigest: { sha256: sha256(settings.run) }, exitCode: facts.exitCode },
    run,
    inputsDigest: { sha256: sha256(JSON.stringify({ identity: settings.identity, permissions: settings.permissions ?? null, repositories: settings.repositories ?? null, run: settings.run, secrets: settings.vault?.secrets ?? [], agent: settings.agent, prompt: settings.prompt ?? null, model: settings.model ?? null })) },
    base: { commit: facts.base.commit },
    changes: { files: changes.length, needsApproval: pathsNeedingApproval(changes.map((c) => c.path)) },
    credentials: facts.records.map((r) => ({
      kind: r.kind,
      id: r.id,
      scope: r.scope,
      mintedAt: r.mintedAt,
      expiresAt: r.expiresAt,
      ...(r.revokedAt ? { revokedAt: r.revokedAt } : {}),
      ...(r.role ? { role: r.role } : {}),
      ...(r.durationSeconds ? { durationSeconds: r.durationSeconds } : {}),
      ...(r.revocable === false ? { revocable: false as const } : {}),
      ...(r.resolvingStoppedAt ? { resolvingStoppedAt: r.resolvingStoppedAt } : {}),
    })),
    sandbox: facts.sandbox,
    egress: facts.egress,
    redaction: { outputRedactions: facts.outputRedactions, ...(facts.tokenisedValues === undefined ? {} : { tokenisedValues: facts.tokenisedValues }) },
    policyDecisions: policyDecisionsOf(facts.records),
    timestamps: { startedOn: facts.startedOn, agentStartedOn: facts.agentStartedOn, agentFinishedOn: facts.agentFinishedOn, finishedOn: deps.clock().toISOString() },
  };
  const where = services(settings, claim(claims, 'repository_visibility'));
  const bundle = await signKeyless(agentRunStatement(digest, predicate), { ...where, identityToken: async () => token });

  const path = join(env.RUNNER_TEMP ?? settings.workingDirectory, `airlock-attestation-${run.runId}-${run.runAttempt}.sigstore.json`);
  await writeFile(path, JSON.stringify(bundle), { mode: 0o644 });
  core.setOutput('attestation-path', path);
  core.setOutput('changeset-digest', `sha256:${digest}`);
  core.info(`Signed the run's attestation (changeset sha256:${digest.slice(0, 16)}…, ${changes.length} file(s)) via ${where.fulcioUrl}${where.rekorUrl ? ` and ${where.rekorUrl}` : ''}${where.tsaUrl ? ` and ${where.tsaUrl}` : ''}.`);
  if (predicate.changes.needsApproval.length) {
    for (const file of predicate.changes.needsApproval) core.warning(`The agent changed ${shownPath(file)}, a workflow or agent control file: the Airlock gate asks a human to approve it whatever the policy says.`, { title: 'Airlock: needs human approval', file: shownPath(file) });
    const paths = predicate.changes.needsApproval.map((p) => `<code>${escapeHtml(p)}</code>`);
    await core.summary.addHeading('Airlock: changes that need human approval', 3).addRaw('Workflow and agent control files: the Airlock gate asks a human to approve them whatever the policy says.', true).addList(paths).write();
  }
  const id = await upload(settings, deps, run.repository, bundle);
  // The page GitHub shows an attestation on, as actions/attest's `attestation-url` output names it
  // (https://github.com/actions/attest#outputs).
  const url = id === undefined ? undefined : `${run.serverUrl}/${run.repository}/attestations/${id}`;
  if (url) core.setOutput('attestation-url', url);
  return { changesetDigest: digest, path, ...(url ? { url } : {}) };
}

/**
 * The upload's retry budget (src/http/with-retry.ts, as the Action's other clients): network
 * errors and 5xx are retried with exponential backoff under an overall deadline; a 4xx is a
 * configuration problem (permissions, token) that retrying cannot fix. actions/attest retries this
 * same request too (@octokit/plugin-retry, five retries:
 * https://github.com/actions/toolkit/blob/main/packages/attest/src/store.ts).
 */
const UPLOAD_RETRY = { attempts: 4, baseDelayMs: 500, deadlineMs: 30_000 };
const UPLOAD_ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * Publishes the bundle where the App's gate looks for it. Under `attest: true` an attestation that
 * did not reach GitHub fails the step (the gate would refuse the pull request anyway, later and less
 * clearly); under `auto` it is a warning.
 */
async function upload(settings: ActionSettings, deps: AttestDeps, repository: string, bundle: unknown): Promise<number | undefined> {
  const token = settings.attestation.githubToken;
  if (!token) {
    deps.core.warning('No github-token: the attestation was not uploaded, so the Airlock gate cannot find it. Pass github-token with attestations: write.');
    return undefined;
  }
  const api = deps.env.GITHUB_API_URL ?? 'https://api.github.com';
  const result = await withRetry<number | undefined>(UPLOAD_RETRY, async ({ remainingMs }) => {
    try {
      const response = await deps.fetch(`${api}/repos/${repository}/attestations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'content-type': 'application/json', 'x-github-api-version': '2022-11-28' },
        body: JSON.stringify({ bundle }),
        signal: AbortSignal.timeout(Math.min(remainingMs, UPLOAD_ATTEMPT_TIMEOUT_MS)),
      });
      if (response.ok) {
        const id = ((await response.json().catch(() => ({}))) as { id?: number }).id;
        deps.core.info(`Uploaded the attestation to ${repository} (id ${id ?? '?'}).`);
        return { done: typeof id === 'number' ? id : undefined };
      }
      await response.body?.cancel().catch(() => undefined);
      const failure = `GitHub answered ${response.status}`;
      if (response.status >= 500) return { retry: failure };
      return { fail: failure + (response.status === 401 || response.status === 403 || response.status === 404 ? '; give the job "permissions: attestations: write" (and id-token: write) and pass its token as github-token' : '') };
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      return { retry: (error as Error).name === 'TimeoutError' ? 'no answer in time' : `network error (${(cause ?? (error as Error)).message})` };
    }
  });
  if (result.ok) return result.value;
  const { attempts, last: failure } = result;
  const message = `could not upload the attestation to ${repository} after ${attempts} attempt(s): ${failure}. The Airlock gate finds attestations there, so it will refuse this run's pull request.`;
  if (settings.attestation.mode === 'true') throw new Error(`${message} (attest: true)`);
  deps.core.warning(`${message[0]!.toUpperCase()}${message.slice(1)} Set attest: true to fail the step instead.`);
  return undefined;
}
