import { gitMode, type FileState } from './file-state.js';

/** Lines with their terminators: `"a\nb"` → `["a\n", "b"]`; joining them gives the text back. */
export function splitLines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

const ESCAPES: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 34: '"', 92: '\\' };

/** A path as git prints it in a patch (`core.quotePath`): C-quoted, octal bytes, when it has anything but printable ASCII. https://git-scm.com/docs/git-config#Documentation/git-config.txt-corequotePath */
export function quotePath(path: string): string {
  const bytes = Buffer.from(path, 'utf8');
  if (!bytes.some((b) => b < 0x20 || b === 0x22 || b === 0x5c || b >= 0x7f)) return path;
  let out = '"';
  for (const b of bytes) {
    if (ESCAPES[b]) out += `\\${ESCAPES[b]}`;
    else if (b < 0x20 || b >= 0x7f) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out}"`;
}

/**
 * The extended header git writes before one file's diff, so `git apply` takes the patch: creation,
 * deletion and mode lines, the blob ids, and `---`/`+++` for a text body.
 * https://git-scm.com/docs/diff-format#generate_patch_text_with_p
 */
export function patchHeader(path: string, before: FileState | undefined, after: FileState | undefined, blobs: { before: string; after: string; text: boolean }): string {
  const [a, b] = [quotePath(`a/${path}`), quotePath(`b/${path}`)];
  const lines = [`diff --git ${a} ${b}`];
  if (!before && after) lines.push(`new file mode ${gitMode(after)}`);
  else if (before && !after) lines.push(`deleted file mode ${gitMode(before)}`);
  else if (before && after && gitMode(before) !== gitMode(after)) lines.push(`old mode ${gitMode(before)}`, `new mode ${gitMode(after)}`);
  if (blobs.before !== blobs.after) lines.push(`index ${blobs.before}..${blobs.after}${before && after && gitMode(before) === gitMode(after) ? ` ${gitMode(after)}` : ''}`);
  if (blobs.text) lines.push(`--- ${before ? a : '/dev/null'}`, `+++ ${after ? b : '/dev/null'}`);
  return `${lines.join('\n')}\n`;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/;

/**
 * The new file from a unified diff body made against `baseLines` (what the agent was given): lines
 * outside the hunks and context lines come from `originalLines` (the same lines, untokenised, exact
 * bytes); added lines come from `restoredBody` (the body after restorePatch, line for line the same
 * as `body`). Throws when the body does not line up with `baseLines`.
 */
export function rebuildFromHunks(path: string, baseLines: readonly string[], originalLines: readonly string[], body: readonly string[], restoredBody: readonly string[]): string {
  const out: string[] = [];
  let old = 0;
  const misaligned = () => new Error(`the agent's diff of ${path} does not line up with the file it was given`);
  const copyUpTo = (end: number) => {
    if (end < old || end > originalLines.length) throw misaligned();
    out.push(...originalLines.slice(old, end));
    old = end;
  };
  for (const [i, line] of body.entries()) {
    const hunk = HUNK.exec(line);
    if (hunk) {
      const start = Number(hunk[1]);
      // An empty old range names the line after which the hunk goes.
      copyUpTo(hunk[2] === '0' ? start : start - 1);
      continue;
    }
    const terminator = body[i + 1]?.startsWith('\\') ? '' : '\n';
    if (line.startsWith(' ')) {
      if (baseLines[old] !== line.slice(1) + terminator) throw misaligned();
      out.push(originalLines[old++]!);
    } else if (line.startsWith('-')) {
      if (baseLines[old] !== line.slice(1) + terminator) throw misaligned();
      old++;
    } else if (line.startsWith('+')) out.push(restoredBody[i]!.slice(1) + terminator);
  }
  copyUpTo(originalLines.length);
  return out.join('');
}
