import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  signKeyless
} from "./chunk-7QD6OFWW.js";
import {
  agentRunStatement
} from "./chunk-MFBMGNTB.js";
import "./chunk-5NANKWQZ.js";
import {
  pathsNeedingApproval,
  policyDecisionsOf,
  workTreeChanges
} from "./chunk-PFYOJKV5.js";
import "./chunk-DACKHC6T.js";
import {
  changesetDigest
} from "./chunk-M3RFPESX.js";
import "./chunk-JJEEWADX.js";
import {
  decodeJwt
} from "./chunk-VJTT6KNH.js";
import {
  ID_TOKEN_RETRY,
  escapeHtml,
  fetchIdToken,
  shownPath
} from "./chunk-IZBXUKPQ.js";
import {
  withRetry
} from "./chunk-4DGAB22J.js";
import "./chunk-5AA5OQFX.js";
import "./chunk-WLT2JI5U.js";

// src/action/attest-run.ts
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
var PUBLIC_GOOD = { fulcioUrl: "https://fulcio.sigstore.dev", rekorUrl: "https://rekor.sigstore.dev" };
var GITHUB_PRIVATE = { fulcioUrl: "https://fulcio.githubapp.com", tsaUrl: "https://timestamp.githubapp.com" };
var sha256 = (text) => createHash("sha256").update(text).digest("hex");
var claim = (claims, name) => claims[name] === void 0 ? "" : String(claims[name]);
function services(settings, visibility) {
  const a = settings.attestation;
  if (a.fulcioUrl || a.rekorUrl || a.tsaUrl) return { fulcioUrl: a.fulcioUrl ?? PUBLIC_GOOD.fulcioUrl, rekorUrl: a.rekorUrl, tsaUrl: a.tsaUrl };
  return visibility === "public" ? PUBLIC_GOOD : GITHUB_PRIVATE;
}
async function attestRun(settings, deps, facts) {
  const { core, env } = deps;
  const changes = await workTreeChanges(settings.workingDirectory, facts.base);
  const digest = changesetDigest(changes);
  const token = await fetchIdToken((a) => core.getIDToken(a), "sigstore", ID_TOKEN_RETRY);
  const claims = decodeJwt(token);
  const run = {
    serverUrl: env.GITHUB_SERVER_URL ?? "https://github.com",
    repository: claim(claims, "repository"),
    repositoryId: claim(claims, "repository_id"),
    workflowRef: claim(claims, "workflow_ref"),
    runId: claim(claims, "run_id"),
    runAttempt: claim(claims, "run_attempt"),
    ref: claim(claims, "ref"),
    sha: claim(claims, "sha"),
    eventName: claim(claims, "event_name"),
    ...claims.runner_environment ? { runnerEnvironment: claim(claims, "runner_environment") } : {}
  };
  const predicate = {
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
      ...r.revokedAt ? { revokedAt: r.revokedAt } : {},
      ...r.role ? { role: r.role } : {},
      ...r.durationSeconds ? { durationSeconds: r.durationSeconds } : {},
      ...r.revocable === false ? { revocable: false } : {},
      ...r.resolvingStoppedAt ? { resolvingStoppedAt: r.resolvingStoppedAt } : {}
    })),
    sandbox: facts.sandbox,
    egress: facts.egress,
    redaction: { outputRedactions: facts.outputRedactions, ...facts.tokenisedValues === void 0 ? {} : { tokenisedValues: facts.tokenisedValues } },
    policyDecisions: policyDecisionsOf(facts.records),
    timestamps: { startedOn: facts.startedOn, agentStartedOn: facts.agentStartedOn, agentFinishedOn: facts.agentFinishedOn, finishedOn: deps.clock().toISOString() }
  };
  const where = services(settings, claim(claims, "repository_visibility"));
  const bundle = await signKeyless(agentRunStatement(digest, predicate), { ...where, identityToken: async () => token });
  const path = join(env.RUNNER_TEMP ?? settings.workingDirectory, `airlock-attestation-${run.runId}-${run.runAttempt}.sigstore.json`);
  await writeFile(path, JSON.stringify(bundle), { mode: 420 });
  core.setOutput("attestation-path", path);
  core.setOutput("changeset-digest", `sha256:${digest}`);
  core.info(`Signed the run's attestation (changeset sha256:${digest.slice(0, 16)}\u2026, ${changes.length} file(s)) via ${where.fulcioUrl}${where.rekorUrl ? ` and ${where.rekorUrl}` : ""}${where.tsaUrl ? ` and ${where.tsaUrl}` : ""}.`);
  if (predicate.changes.needsApproval.length) {
    for (const file of predicate.changes.needsApproval) core.warning(`The agent changed ${shownPath(file)}, a workflow or agent control file: the Airlock gate asks a human to approve it whatever the policy says.`, { title: "Airlock: needs human approval", file: shownPath(file) });
    const paths = predicate.changes.needsApproval.map((p) => `<code>${escapeHtml(p)}</code>`);
    await core.summary.addHeading("Airlock: changes that need human approval", 3).addRaw("Workflow and agent control files: the Airlock gate asks a human to approve them whatever the policy says.", true).addList(paths).write();
  }
  const id = await upload(settings, deps, run.repository, bundle);
  const url = id === void 0 ? void 0 : `${run.serverUrl}/${run.repository}/attestations/${id}`;
  if (url) core.setOutput("attestation-url", url);
  return { changesetDigest: digest, path, ...url ? { url } : {} };
}
var UPLOAD_RETRY = { attempts: 4, baseDelayMs: 500, deadlineMs: 3e4 };
var UPLOAD_ATTEMPT_TIMEOUT_MS = 1e4;
async function upload(settings, deps, repository, bundle) {
  const token = settings.attestation.githubToken;
  if (!token) {
    deps.core.warning("No github-token: the attestation was not uploaded, so the Airlock gate cannot find it. Pass github-token with attestations: write.");
    return void 0;
  }
  const api = deps.env.GITHUB_API_URL ?? "https://api.github.com";
  const result = await withRetry(UPLOAD_RETRY, async ({ remainingMs }) => {
    try {
      const response = await deps.fetch(`${api}/repos/${repository}/attestations`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, accept: "application/vnd.github+json", "content-type": "application/json", "x-github-api-version": "2022-11-28" },
        body: JSON.stringify({ bundle }),
        signal: AbortSignal.timeout(Math.min(remainingMs, UPLOAD_ATTEMPT_TIMEOUT_MS))
      });
      if (response.ok) {
        const id = (await response.json().catch(() => ({}))).id;
        deps.core.info(`Uploaded the attestation to ${repository} (id ${id ?? "?"}).`);
        return { done: typeof id === "number" ? id : void 0 };
      }
      await response.body?.cancel().catch(() => void 0);
      const failure2 = `GitHub answered ${response.status}`;
      if (response.status >= 500) return { retry: failure2 };
      return { fail: failure2 + (response.status === 401 || response.status === 403 || response.status === 404 ? '; give the job "permissions: attestations: write" (and id-token: write) and pass its token as github-token' : "") };
    } catch (error) {
      const cause = error.cause;
      return { retry: error.name === "TimeoutError" ? "no answer in time" : `network error (${(cause ?? error).message})` };
    }
  });
  if (result.ok) return result.value;
  const { attempts, last: failure } = result;
  const message = `could not upload the attestation to ${repository} after ${attempts} attempt(s): ${failure}. The Airlock gate finds attestations there, so it will refuse this run's pull request.`;
  if (settings.attestation.mode === "true") throw new Error(`${message} (attest: true)`);
  deps.core.warning(`${message[0].toUpperCase()}${message.slice(1)} Set attest: true to fail the step instead.`);
  return void 0;
}
export {
  attestRun
};
