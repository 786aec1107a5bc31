import { rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gitBlobSha } from '../attest/changeset-digest.js';
import { restorePatch, type KeptToken } from '../scan/restore-patch.js';
import { TOKEN_REGEX, type TokenVault } from '../scan/token-vault.js';
import type { AgentChange } from './agent-changes.js';
import { gitMode, type FileState } from './file-state.js';
import { hardenedGit } from '../git/hardened-git.js';
import { patchHeader, rebuildFromHunks, splitLines } from './patch-text.js';

/** A path's state to give the real working directory; `after` undefined: delete it. */
export interface PatchedFile {
  path: string;
  after?: FileState;
  /** Whether git shows it as binary: its added lines are not in the patch text, so it is scanned whole. */
  binary: boolean;
}

export interface AgentPatch {
  /** The agent's changes as a git patch (binary-safe), tokens restored where the originals had their values; latin1, so bytes round-trip. */
  text: string;
  files: PatchedFile[];
  /** Tokens the agent put where the original had no such value: they stay tokens. */
  kept: KeptToken[];
  /** Files where the agent's own new lines hold a value it was only ever shown as a token. */
  revealed: { file: string; tokenType: string }[];
}

const latin1 = (b: Buffer | undefined) => b?.toString('latin1') ?? '';
const ZERO = '0'.repeat(40);
const tokenType = (token: string) => token.slice('AIRLOCK_'.length, -21);

function detokenise(text: string, vault: TokenVault, keep: (value: string) => boolean = () => false): string {
  return text.replace(TOKEN_REGEX, (token) => {
    const value = vault.valueOf(token);
    return value === undefined || keep(value) ? token : value;
  });
}

/**
 * Git's own diff of two contents this process wrote (never the agent's files or repository): binary
 * patches included, no textconv, no external diff, no repository or configuration to read.
 * https://git-scm.com/docs/git-diff#Documentation/git-diff.txt---no-index
 */
async function diffBody(scratch: string, before: Buffer | undefined, after: Buffer | undefined): Promise<string> {
  const [a, b] = [join(scratch, 'diff-a'), join(scratch, 'diff-b')];
  try {
    if (before) await writeFile(a, before, { mode: 0o600 });
    if (after) await writeFile(b, after, { mode: 0o600 });
    const out = latin1(
      await hardenedGit(scratch, ['diff', '--no-index', '--binary', '--no-ext-diff', '--no-textconv', '--no-color', '--full-index', '--', before ? a : '/dev/null', after ? b : '/dev/null'], {
        okExitCodes: [1],
        env: { GIT_CEILING_DIRECTORIES: dirname(scratch) },
      }),
    );
    const start = out.search(/^(@@ |GIT binary patch$|Binary files )/m);
    return start < 0 ? '' : out.slice(start);
  } finally {
    await rm(a, { force: true });
    await rm(b, { force: true });
  }
}

interface Section {
  text: string;
  file: PatchedFile;
  kept: KeptToken[];
  /** The agent's added text as it wrote it (tokenised). */
  added: string;
}

async function textSection(path: string, before: FileState | undefined, after: FileState | undefined, body: string, vault: TokenVault): Promise<Section> {
  const baseLines = splitLines(latin1(before?.content));
  const originalLines = baseLines.map((line) => detokenise(line, vault));
  // One entry per line the agent was given, so restorePatch's line numbers meet the right original; a
  // multi-line value cannot sit on one line and stays a token there.
  const aligned = baseLines.map((line) => detokenise(line.replace(/\n$/, ''), vault, (value) => value.includes('\n'))).join('\n');
  const provisional = patchHeader(path, before, after, { before: ZERO, after: ZERO, text: true });
  const headerLines = provisional.split('\n').length - 1;
  const restored = restorePatch(provisional + body, () => aligned, vault);
  const restoredBody = restored.patch.split('\n').slice(headerLines);
  const bodyLines = body.split('\n');
  const realBefore = before && { ...before, content: Buffer.from(originalLines.join(''), 'latin1') };
  const realAfter = after && { ...after, content: Buffer.from(rebuildFromHunks(path, baseLines, originalLines, bodyLines, restoredBody), 'latin1') };
  const header = patchHeader(path, realBefore, realAfter, { before: realBefore ? gitBlobSha(realBefore.content) : ZERO, after: realAfter ? gitBlobSha(realAfter.content) : ZERO, text: body !== '' });
  return {
    text: header + restoredBody.join('\n'),
    file: { path, ...(realAfter ? { after: realAfter } : {}), binary: false },
    kept: restored.kept.map((k) => ({ ...k, file: path })),
    added: bodyLines.filter((l) => l.startsWith('+')).join('\n'),
  };
}

/** Binary content has no lines to pair: a token becomes its value again only when the original file held that value. */
async function binarySection(path: string, before: FileState | undefined, after: FileState | undefined, scratch: string, vault: TokenVault): Promise<Section> {
  const realBefore = before && { ...before, content: Buffer.from(detokenise(latin1(before.content), vault), 'latin1') };
  const original = latin1(realBefore?.content);
  const kept: KeptToken[] = [];
  const agentText = latin1(after?.content);
  const restored = agentText.replace(TOKEN_REGEX, (token, offset: number) => {
    const value = vault.valueOf(token);
    if (value === undefined || original.includes(value)) return value ?? token;
    kept.push({ file: path, line: agentText.slice(0, offset).split('\n').length, token });
    return token;
  });
  const realAfter = after && { ...after, content: Buffer.from(restored, 'latin1') };
  const body = await diffBody(scratch, realBefore?.content, realAfter?.content);
  const header = patchHeader(path, realBefore, realAfter, { before: realBefore ? gitBlobSha(realBefore.content) : ZERO, after: realAfter ? gitBlobSha(realAfter.content) : ZERO, text: false });
  return { text: header + body, file: { path, ...(realAfter ? { after: realAfter } : {}), binary: true }, kept, added: agentText };
}

async function section(path: string, before: FileState | undefined, after: FileState | undefined, scratch: string, vault: TokenVault): Promise<Section> {
  const body = await diffBody(scratch, before?.content, after?.content);
  if (body.startsWith('@@ ') || body === '') return textSection(path, before, after, body, vault);
  return binarySection(path, before, after, scratch, vault);
}

/**
 * Turns the agent's changes (made on tokenised files) into changes to the real files and a git patch
 * of them. Lines the agent left alone keep their original bytes; in lines it wrote, a token becomes
 * its value again only where restorePatch finds the original had it (the line it replaced); a token
 * copied anywhere else stays a token and is listed in `kept`.
 */
export async function agentPatch(changes: readonly AgentChange[], workspace: { scratch: string; vault: TokenVault }): Promise<AgentPatch> {
  const sections: Section[] = [];
  for (const { path, before, after } of changes) {
    // A file that became a link (or back) is a deletion and an addition, as git shows it.
    if (before && after && gitMode(before) !== gitMode(after) && (before.kind === 'symlink' || after.kind === 'symlink')) {
      const removed = await section(path, before, undefined, workspace.scratch, workspace.vault);
      const added = await section(path, undefined, after, workspace.scratch, workspace.vault);
      sections.push({ ...added, text: removed.text + added.text, kept: [...removed.kept, ...added.kept] });
    } else sections.push(await section(path, before, after, workspace.scratch, workspace.vault));
  }
  const revealed: AgentPatch['revealed'] = [];
  for (const token of workspace.vault.tokens()) {
    const value = workspace.vault.valueOf(token)!;
    for (const s of sections) if (s.added.includes(value)) revealed.push({ file: s.file.path, tokenType: tokenType(token) });
  }
  return { text: sections.map((s) => s.text).join(''), files: sections.map((s) => s.file), kept: sections.flatMap((s) => s.kept), revealed };
}
