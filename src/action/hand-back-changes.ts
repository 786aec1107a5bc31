import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Core from '@actions/core';
import { pathsNeedingApproval } from '../attest/approval-paths.js';
import type { Finding } from '../scan/finding.js';
import type { KnownValue } from '../scan/known-values.js';
import { scanDiff } from '../scan/scan-diff.js';
import { scanBuffer } from '../scan/scan-text.js';
import { agentChanges } from './agent-changes.js';
import { agentPatch, type AgentPatch } from './agent-patch.js';
import { removeFileState, writeFileState } from './file-state.js';
import type { RedactedWorkspace } from './redacted-workspace.js';
import { escapeHtml, shownPath } from './shown-text.js';

export interface HandBackDeps {
  core: typeof Core;
  env: NodeJS.ProcessEnv;
  /** Every credential the step holds: none may appear in what the agent adds. */
  knownValues: readonly KnownValue[];
  /** Told what the patch scan found (before the hand-back refuses on it), for run telemetry's `patch_scan` event. */
  onScanned?: (scan: { findings: readonly Finding[]; revealed: number }) => void;
}


function findingsOf(patch: AgentPatch, knownValues: readonly KnownValue[]): Finding[] {
  const findings = scanDiff(patch.text, { knownValues });
  for (const file of patch.files) if (file.binary && file.after) findings.push(...scanBuffer(file.after.content, { file: file.path, knownValues }).findings);
  return findings;
}

async function summarise(core: typeof Core, patch: AgentPatch): Promise<void> {
  const approval = new Set(pathsNeedingApproval(patch.files.map((f) => f.path)));
  const items = patch.files.map((f) => `<code>${escapeHtml(f.path)}</code> ${f.after ? '' : '(deleted)'}${approval.has(f.path) ? ' ⚠️ needs human approval (workflow or agent control file)' : ''}`);
  core.summary.addHeading("Airlock: the agent's changes", 3).addRaw(`${patch.files.length} file(s) changed.`, true);
  if (items.length) core.summary.addList(items);
  if (patch.kept.length) core.summary.addRaw(`${patch.kept.length} token(s) the agent copied where the original had no such value stay tokens: ${patch.kept.map((k) => `<code>${escapeHtml(k.file)}:${k.line}</code>`).join(', ')}`, true);
  await core.summary.write();
}

/**
 * Takes the agent's work out of its redacted copy (BRIEF.md, agent job step 6): its changes against
 * the files it was given, tokens restored only where the originals had their values, the result
 * scanned. A credential the step holds, or a repository secret the agent was only shown as a token,
 * in what the agent adds refuses the hand-back: nothing is applied or written. Otherwise the changes
 * are written to the real working directory file by file (no `git apply`, no hooks), and the patch
 * to RUNNER_TEMP (output `patch-path`).
 */
export async function handBackChanges(workspace: RedactedWorkspace, workingDirectory: string, deps: HandBackDeps): Promise<AgentPatch> {
  const { core } = deps;
  const patch = await agentPatch(await agentChanges(workspace), workspace);
  const findings = findingsOf(patch, deps.knownValues);
  deps.onScanned?.({ findings, revealed: patch.revealed.length });
  // Annotations carry the file and line, so GitHub shows them on the file (paths are the checkout's).
  for (const f of findings) core.warning(`The agent's changes add ${f.description} (${f.rule_id}) at ${shownPath(f.file ?? '?')}:${f.line}${f.kind === 'known-value' ? '' : `: ${f.redacted_preview}`}`, { title: 'Airlock: secret in the agent\'s change', ...(f.file ? { file: shownPath(f.file), startLine: f.line } : {}) });
  if (patch.kept.length) core.warning(`The agent copied ${patch.kept.length} token(s) where the original file had no such value; they stay tokens (no real value is written there): ${patch.kept.map((k) => `${shownPath(k.file)}:${k.line}`).join(', ')}`);
  const credentials = findings.filter((f) => f.kind === 'known-value');
  if (credentials.length) throw new Error(`the agent's changes carry a credential this step holds (${credentials.map((f) => `${shownPath(f.file ?? '?')}:${f.line}`).join(', ')}): they were not applied`);
  if (patch.revealed.length) throw new Error(`the agent's changes carry a repository secret it was only shown as a token (${patch.revealed.map((r) => `${shownPath(r.file)}: ${r.tokenType}`).join(', ')}): they were not applied`);

  // Deletions first: a file may give way to a directory of the same name.
  for (const file of patch.files) if (!file.after) await removeFileState(workingDirectory, file.path);
  for (const file of patch.files) if (file.after) await writeFileState(workingDirectory, file.path, file.after);
  const patchPath = join(deps.env.RUNNER_TEMP ?? tmpdir(), `airlock-agent-${deps.env.GITHUB_RUN_ID ?? 'local'}-${deps.env.GITHUB_RUN_ATTEMPT ?? '1'}.patch`);
  // The patch holds the repository's own content, real values included: readable by this user only.
  await writeFile(patchPath, Buffer.from(patch.text, 'latin1'), { mode: 0o600 });
  core.setOutput('patch-path', patchPath);
  core.info(`Applied the agent's changes to ${patch.files.length} file(s) in ${workingDirectory}; patch at ${patchPath}.`);
  await summarise(core, patch);
  return patch;
}
